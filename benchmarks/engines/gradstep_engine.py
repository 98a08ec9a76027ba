"""gradstep, used the way its documentation shows: Tensors, ``backward()``, ``no_grad`` SGD."""

from __future__ import annotations

from typing import Any

import numpy as np

import gradstep as gs
from engines.base import Adapter, Step
from engines.problems import ChainProblem, HVPProblem, MLPProblem, MoonsProblem, copies


def sgd(params: list[gs.Tensor], lr: float) -> list[gs.Tensor]:
    """The PyTorch idiom: update in place under no_grad, clear .grad; returns the grads."""
    grads = [p.grad for p in params]
    with gs.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad = None
    return grads


class GradstepAdapter(Adapter):
    name = "gradstep"

    def version(self) -> str:
        return getattr(gs, "__version__", "?")

    def numpy(self, value: Any) -> np.ndarray:
        if isinstance(value, gs.Tensor):
            value = value.numpy()
        return np.asarray(value, dtype=np.float64)

    def mlp(self, problem: MLPProblem) -> Step:
        params = [gs.tensor(p, requires_grad=True) for p in copies(problem.params)]
        x, y, lr = gs.tensor(problem.x), problem.y, problem.lr

        def step() -> Any:
            w1, b1, w2, b2, w3, b3 = params
            h = gs.relu(x @ w1 + b1)
            h = gs.relu(h @ w2 + b2)
            loss = gs.cross_entropy(h @ w3 + b3, y)
            loss.backward()
            return loss, sgd(params, lr)

        return step

    def chain(self, problem: ChainProblem) -> Step:
        a, add = gs.tensor(problem.a), problem.ADD
        table = {
            "sin": gs.sin,
            "mul": lambda v: v * a,
            "add": lambda v: v + add,
            "tanh": gs.tanh,
            "exp": gs.exp,
        }
        ops = [table[op] for op in problem.ops()]

        def step() -> Any:
            x = gs.tensor(problem.x, requires_grad=True)
            v = x
            for f in ops:
                v = f(v)
            total = v.sum()
            total.backward()
            return total, x.grad

        return step

    def moons(self, problem: MoonsProblem) -> Step:
        params = [gs.tensor(p, requires_grad=True) for p in copies(problem.params)]
        x, y = gs.tensor(problem.x), gs.tensor(problem.y)
        alpha, lr = problem.alpha, problem.lr

        def step() -> Any:
            w1, b1, w2, b2, w3, b3 = params
            h = gs.relu(x @ w1 + b1)
            h = gs.relu(h @ w2 + b2)
            score = (h @ w3 + b3).reshape(-1)
            data_loss = gs.relu(1.0 - y * score).mean()
            reg = alpha * sum((p * p).sum() for p in params)
            loss = data_loss + reg
            loss.backward()
            return loss, sgd(params, lr)

        return step

    def hvp(self, problem: HVPProblem) -> Step:
        x, v = gs.tensor(problem.x), gs.tensor(problem.v)

        def f(z: gs.Tensor) -> gs.Tensor:
            return (gs.tanh(z) ** 2).sum()

        return lambda: gs.hvp(f, x, v)
