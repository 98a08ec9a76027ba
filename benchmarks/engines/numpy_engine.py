"""Hand-written NumPy forward and backward: the reference values and the practical limit.

Written as a careful person would by hand: the chain rule worked out per layer, ReLU and
the bias adds done in place, the softmax turned into its own gradient in place; nothing
exotic (no preallocated buffers across steps, no BLAS calls by hand).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from engines.base import Adapter, Step
from engines.problems import ChainProblem, HVPProblem, MLPProblem, MoonsProblem, copies


class NumpyAdapter(Adapter):
    name = "numpy"

    def version(self) -> str:
        return np.__version__

    def mlp(self, problem: MLPProblem) -> Step:
        params = copies(problem.params)
        w1, b1, w2, b2, w3, b3 = params
        x, y, lr = problem.x, problem.y, problem.lr
        n = x.shape[0]
        rows = np.arange(n)

        def step() -> Any:
            h1 = x @ w1
            h1 += b1
            np.maximum(h1, 0, out=h1)
            h2 = h1 @ w2
            h2 += b2
            np.maximum(h2, 0, out=h2)
            z = h2 @ w3
            z += b3
            top = z.max(axis=1, keepdims=True)
            e = np.exp(z - top)
            total = e.sum(axis=1, keepdims=True)
            loss = (np.log(total[:, 0]) + top[:, 0] - z[rows, y]).mean()
            e /= total  # softmax, then its gradient (softmax - onehot) / n, in place
            e[rows, y] -= 1
            e *= 1.0 / n
            dw3, db3 = h2.T @ e, e.sum(axis=0)
            dh2 = e @ w3.T
            dh2 *= h2 > 0
            dw2, db2 = h1.T @ dh2, dh2.sum(axis=0)
            dh1 = dh2 @ w2.T
            dh1 *= h1 > 0
            dw1, db1 = x.T @ dh1, dh1.sum(axis=0)
            grads = [dw1, db1, dw2, db2, dw3, db3]
            for p, g in zip(params, grads, strict=True):
                p -= lr * g
            return loss, grads

        return step

    def chain(self, problem: ChainProblem) -> Step:
        x, a, add = problem.x, problem.a, problem.ADD
        forward: dict[str, Callable[[Any], Any]] = {
            "sin": np.sin,
            "mul": lambda v: v * a,
            "add": lambda v: v + add,
            "tanh": np.tanh,
            "exp": np.exp,
        }
        backward: dict[str, Callable[[Any, Any, Any], Any]] = {
            "sin": lambda g, inp, out: g * np.cos(inp),
            "mul": lambda g, inp, out: g * a,
            "add": lambda g, inp, out: g,
            "tanh": lambda g, inp, out: g * (1.0 - out * out),
            "exp": lambda g, inp, out: g * out,
        }
        fwd = [forward[op] for op in problem.ops()]
        bwd = [backward[op] for op in problem.ops()]
        back = list(reversed(range(len(fwd))))

        def step() -> Any:
            values = [x]
            for f in fwd:
                values.append(f(values[-1]))
            g = np.ones_like(x)
            for i in back:
                g = bwd[i](g, values[i], values[i + 1])
            return values[-1].sum(), g

        return step

    def moons(self, problem: MoonsProblem) -> Step:
        params = copies(problem.params)
        w1, b1, w2, b2, w3, b3 = params
        x, y, alpha, lr = problem.x, problem.y, problem.alpha, problem.lr
        n = x.shape[0]

        def step() -> Any:
            h1 = x @ w1 + b1
            np.maximum(h1, 0, out=h1)
            h2 = h1 @ w2 + b2
            np.maximum(h2, 0, out=h2)
            score = (h2 @ w3 + b3)[:, 0]
            margin = 1.0 - y * score
            reg = alpha * sum(float((p * p).sum()) for p in params)
            loss = np.maximum(margin, 0).mean() + reg
            ds = (-(y * (margin > 0)) / n)[:, None]
            dw3, db3 = h2.T @ ds, ds.sum(axis=0)
            dh2 = ds @ w3.T
            dh2 *= h2 > 0
            dw2, db2 = h1.T @ dh2, dh2.sum(axis=0)
            dh1 = dh2 @ w2.T
            dh1 *= h1 > 0
            dw1, db1 = x.T @ dh1, dh1.sum(axis=0)
            grads = [dw1, db1, dw2, db2, dw3, db3]
            for p, g in zip(params, grads, strict=True):
                g += 2.0 * alpha * p
                p -= lr * g
            return loss, grads

        return step

    def hvp(self, problem: HVPProblem) -> Step:
        x, v = problem.x, problem.v

        def step() -> Any:
            # f = Σ t², t = tanh x: f' = 2 t (1 - t²), f'' = 2 (1 - t²)(1 - 3 t²)
            t2 = np.tanh(x) ** 2
            return 2.0 * (1.0 - t2) * (1.0 - 3.0 * t2) * v

        return step
