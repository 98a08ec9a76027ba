"""HIPS autograd: NumPy code traced through ``autograd.numpy``, gradients by ``value_and_grad``."""

from __future__ import annotations

from typing import Any

import autograd.numpy as anp
import numpy as np
from autograd.scipy.special import logsumexp

import autograd
from engines.base import Adapter, Step
from engines.problems import ChainProblem, HVPProblem, MLPProblem, MoonsProblem, copies


def _relu(v: Any) -> Any:
    return anp.where(v > 0, v, 0.0 * v)  # relu'(0) = 0, in the input's dtype


def _training(loss: Any, params: list[np.ndarray], lr: float, *args: Any) -> Step:
    value_and_grad = autograd.value_and_grad(loss)

    def step() -> Any:
        value, grads = value_and_grad(params, *args)
        for p, g in zip(params, grads, strict=True):
            p -= lr * g
        return value, grads

    return step


class AutogradAdapter(Adapter):
    name = "autograd"

    def version(self) -> str:
        from importlib.metadata import version

        return version("autograd")

    def mlp(self, problem: MLPProblem) -> Step:
        rows = np.arange(problem.x.shape[0])

        def loss(params: list[Any], x: Any, y: Any) -> Any:
            w1, b1, w2, b2, w3, b3 = params
            h = _relu(anp.dot(x, w1) + b1)
            h = _relu(anp.dot(h, w2) + b2)
            z = anp.dot(h, w3) + b3
            return anp.mean(logsumexp(z, axis=1) - z[rows, y])

        return _training(loss, copies(problem.params), problem.lr, problem.x, problem.y)

    def chain(self, problem: ChainProblem) -> Step:
        a, add = problem.a, problem.ADD
        table = {
            "sin": anp.sin,
            "mul": lambda v: v * a,
            "add": lambda v: v + add,
            "tanh": anp.tanh,
            "exp": anp.exp,
        }
        ops = [table[op] for op in problem.ops()]

        def f(x: Any) -> Any:
            for op in ops:
                x = op(x)
            return anp.sum(x)

        value_and_grad = autograd.value_and_grad(f)
        return lambda: value_and_grad(problem.x)

    def moons(self, problem: MoonsProblem) -> Step:
        alpha = problem.alpha

        def loss(params: list[Any], x: Any, y: Any) -> Any:
            w1, b1, w2, b2, w3, b3 = params
            h = _relu(anp.dot(x, w1) + b1)
            h = _relu(anp.dot(h, w2) + b2)
            score = anp.reshape(anp.dot(h, w3) + b3, -1)
            reg = alpha * sum(anp.sum(p * p) for p in params)
            return anp.mean(_relu(1.0 - y * score)) + reg

        return _training(loss, copies(problem.params), problem.lr, problem.x, problem.y)

    def hvp(self, problem: HVPProblem) -> Step:
        def f(z: Any) -> Any:
            return anp.sum(anp.tanh(z) ** 2)

        hvp = autograd.hessian_vector_product(f)
        return lambda: hvp(problem.x, problem.v)
