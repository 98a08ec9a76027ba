"""PyTorch CPU eager, with as many threads as NumPy's BLAS (set by the runner)."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import torch
import torch.nn.functional as F

from engines.base import Adapter, Step
from engines.problems import ChainProblem, HVPProblem, MLPProblem, MoonsProblem, copies


def leaves(arrays: list[np.ndarray]) -> list[torch.Tensor]:
    return [torch.from_numpy(a).requires_grad_(True) for a in arrays]


def sgd(params: list[torch.Tensor], lr: float) -> list[torch.Tensor]:
    grads = [p.grad for p in params]
    with torch.no_grad():
        for p in params:
            p -= lr * p.grad
            p.grad = None
    return grads


class TorchAdapter(Adapter):
    name = "torch"

    def version(self) -> str:
        return torch.__version__

    def numpy(self, value: Any) -> np.ndarray:
        if isinstance(value, torch.Tensor):
            value = value.detach().numpy()
        return np.asarray(value, dtype=np.float64)

    def mlp(self, problem: MLPProblem) -> Step:
        params = leaves(copies(problem.params))
        x, y, lr = torch.from_numpy(problem.x), torch.from_numpy(problem.y), problem.lr

        def step() -> Any:
            w1, b1, w2, b2, w3, b3 = params
            h = torch.relu(x @ w1 + b1)
            h = torch.relu(h @ w2 + b2)
            loss = F.cross_entropy(h @ w3 + b3, y)
            loss.backward()
            return loss, sgd(params, lr)

        return step

    def chain(self, problem: ChainProblem) -> Step:
        a, add = torch.from_numpy(problem.a), problem.ADD
        table = {
            "sin": torch.sin,
            "mul": lambda v: v * a,
            "add": lambda v: v + add,
            "tanh": torch.tanh,
            "exp": torch.exp,
        }
        ops = [table[op] for op in problem.ops()]

        def step() -> Any:
            x = torch.tensor(problem.x, requires_grad=True)
            v = x
            for f in ops:
                v = f(v)
            total = v.sum()
            total.backward()
            return total, x.grad

        return step

    def moons(self, problem: MoonsProblem) -> Step:
        params = leaves(copies(problem.params))
        x, y = torch.from_numpy(problem.x), torch.from_numpy(problem.y)
        alpha, lr = problem.alpha, problem.lr

        def step() -> Any:
            w1, b1, w2, b2, w3, b3 = params
            h = torch.relu(x @ w1 + b1)
            h = torch.relu(h @ w2 + b2)
            score = (h @ w3 + b3).reshape(-1)
            data_loss = torch.relu(1.0 - y * score).mean()
            reg = alpha * sum((p * p).sum() for p in params)
            loss = data_loss + reg
            loss.backward()
            return loss, sgd(params, lr)

        return step

    def hvp(self, problem: HVPProblem) -> Step:
        """Double backward: grad with create_graph, then the vjp of the gradient with v."""
        x0, v = torch.from_numpy(problem.x), torch.from_numpy(problem.v)

        def step() -> Any:
            x = x0.detach().requires_grad_(True)
            f = (torch.tanh(x) ** 2).sum()
            (g,) = torch.autograd.grad(f, x, create_graph=True)
            (hv,) = torch.autograd.grad(g, x, v)
            return hv

        return step


class TorchFuncAdapter(Adapter):
    """W5 only: torch.func's forward-over-reverse, jvp(grad(f))."""

    name = "torch.func"
    skip: ClassVar[dict[str, str]] = {
        "mlp": "W5-only variant",
        "chain": "W5-only variant",
        "moons": "W5-only variant",
    }

    def version(self) -> str:
        return torch.__version__

    def numpy(self, value: Any) -> np.ndarray:
        return np.asarray(value.detach().numpy(), dtype=np.float64)

    def hvp(self, problem: HVPProblem) -> Step:
        from torch.func import grad, jvp

        x, v = torch.from_numpy(problem.x), torch.from_numpy(problem.v)

        def f(z: torch.Tensor) -> torch.Tensor:
            return (torch.tanh(z) ** 2).sum()

        return lambda: jvp(grad(f), (x,), (v,))[1]
