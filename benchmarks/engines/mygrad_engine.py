"""MyGrad: NumPy-backed Tensors with ``backward()``; no higher-order derivatives (no W5)."""

from __future__ import annotations

from typing import Any, ClassVar

import mygrad as mg
import numpy as np
from mygrad.nnet.activations import relu
from mygrad.nnet.losses import softmax_crossentropy

from engines.base import Adapter, Step
from engines.problems import ChainProblem, MLPProblem, MoonsProblem, copies


def _sgd(params: list[mg.Tensor], lr: float) -> list[np.ndarray]:
    grads = [p.grad for p in params]
    for p in params:
        p.data -= lr * p.grad  # the update idiom of MyGrad's own examples
    return grads


class MygradAdapter(Adapter):
    name = "mygrad"
    skip: ClassVar[dict[str, str]] = {"hvp": "MyGrad has no higher-order derivatives"}

    def version(self) -> str:
        return mg.__version__

    def numpy(self, value: Any) -> np.ndarray:
        if isinstance(value, mg.Tensor):
            value = value.data
        return np.asarray(value, dtype=np.float64)

    def mlp(self, problem: MLPProblem) -> Step:
        params = [mg.tensor(p) for p in copies(problem.params)]
        x, y, lr = problem.x, problem.y, problem.lr

        def step() -> Any:
            w1, b1, w2, b2, w3, b3 = params
            h = relu(mg.matmul(x, w1) + b1)
            h = relu(mg.matmul(h, w2) + b2)
            loss = softmax_crossentropy(mg.matmul(h, w3) + b3, y)
            loss.backward()
            return loss, _sgd(params, lr)

        return step

    def chain(self, problem: ChainProblem) -> Step:
        a, add = problem.a, problem.ADD
        table = {
            "sin": mg.sin,
            "mul": lambda v: v * a,
            "add": lambda v: v + add,
            "tanh": mg.tanh,
            "exp": mg.exp,
        }
        ops = [table[op] for op in problem.ops()]

        def step() -> Any:
            x = mg.tensor(problem.x)
            v = x
            for f in ops:
                v = f(v)
            total = mg.sum(v)
            total.backward()
            return total, x.grad

        return step

    def moons(self, problem: MoonsProblem) -> Step:
        params = [mg.tensor(p) for p in copies(problem.params)]
        x, y, alpha, lr = problem.x, problem.y, problem.alpha, problem.lr

        def step() -> Any:
            w1, b1, w2, b2, w3, b3 = params
            h = relu(mg.matmul(x, w1) + b1)
            h = relu(mg.matmul(h, w2) + b2)
            score = mg.reshape(mg.matmul(h, w3) + b3, (-1,))
            reg = alpha * sum(mg.sum(p * p) for p in params)
            loss = mg.mean(relu(1.0 - y * score)) + reg
            loss.backward()
            return loss, _sgd(params, lr)

        return step
