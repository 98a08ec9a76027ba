"""The five workloads of issue 3 as plain NumPy data, identical for every engine.

Each problem is a frozen record of arrays made from a fixed seed; an adapter turns it into
a step function in its own engine. The hand-written NumPy adapter computes the reference
values every other engine is validated against.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class MLPProblem:
    """W1/W2: MLP 784-512-512-10, ReLU, mean softmax cross-entropy, one SGD step."""

    x: np.ndarray  # (256, 784)
    y: np.ndarray  # (256,) int64 class indices
    params: tuple[np.ndarray, ...]  # W1, b1, W2, b2, W3, b3
    lr: float

    @property
    def dtype(self) -> np.dtype:
        return self.x.dtype


@dataclass(frozen=True)
class ChainProblem:
    """W3: a chain of elementwise ops on a (16,) float64 array, then sum; d/dx of it.

    The ops cycle through ``PATTERN``: sin, mul by a constant (16,) array, add 0.3, tanh,
    exp, so values stay in about [-1.2, 2.7] however long the chain.
    """

    x: np.ndarray  # (16,)
    a: np.ndarray  # (16,) constant multiplier, no gradient
    n_ops: int

    PATTERN = ("sin", "mul", "add", "tanh", "exp")
    ADD = 0.3

    def ops(self) -> list[str]:
        return [self.PATTERN[i % len(self.PATTERN)] for i in range(self.n_ops)]


@dataclass(frozen=True)
class MoonsProblem:
    """W4: micrograd's demo: MLP 2-16-16-1 (ReLU) on 100 moons points, SVM max-margin loss
    mean(relu(1 - y·score)) + alpha·Σ p², one SGD step with learning rate ``lr``."""

    x: np.ndarray  # (100, 2) float64
    y: np.ndarray  # (100,) float64, -1 or +1
    params: tuple[np.ndarray, ...]  # W1 (2,16), b1 (16,), W2 (16,16), b2, W3 (16,1), b3 (1,)
    alpha: float
    lr: float


@dataclass(frozen=True)
class HVPProblem:
    """W5: Hessian of f(x) = Σ tanh(x)² at ``x`` times ``v`` (x of size 1000, float64)."""

    x: np.ndarray
    v: np.ndarray


def mlp_problem(dtype: np.dtype | type, seed: int = 0) -> MLPProblem:
    rng = np.random.default_rng(seed)
    sizes = (784, 512, 512, 10)
    params: list[np.ndarray] = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        params.append(rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in))
        params.append(0.01 * rng.standard_normal(fan_out))
    x = rng.standard_normal((256, 784))
    y = rng.integers(0, 10, 256).astype(np.int64)
    return MLPProblem(
        x=x.astype(dtype), y=y, params=tuple(p.astype(dtype) for p in params), lr=0.01
    )


def chain_problem(n_ops: int = 200, seed: int = 0) -> ChainProblem:
    rng = np.random.default_rng(seed)
    return ChainProblem(x=rng.uniform(-1.0, 1.0, 16), a=rng.uniform(0.5, 1.5, 16), n_ops=n_ops)


def moons_problem(seed: int = 0) -> MoonsProblem:
    from sklearn.datasets import make_moons

    x, y = make_moons(100, noise=0.1, random_state=0)
    rng = np.random.default_rng(seed)
    sizes = (2, 16, 16, 1)
    params: list[np.ndarray] = []
    for fan_in, fan_out in itertools.pairwise(sizes):
        params.append(rng.uniform(-1.0, 1.0, (fan_in, fan_out)))  # micrograd's init
        params.append(np.zeros(fan_out))
    return MoonsProblem(
        x=x.astype(np.float64),
        y=(2.0 * y - 1.0).astype(np.float64),
        params=tuple(params),
        alpha=1e-4,
        lr=1.0,
    )


def hvp_problem(n: int = 1000, seed: int = 0) -> HVPProblem:
    rng = np.random.default_rng(seed)
    return HVPProblem(x=rng.standard_normal(n), v=rng.standard_normal(n))


def copies(arrays: tuple[np.ndarray, ...]) -> list[np.ndarray]:
    """Fresh copies, so an engine updating its parameters in place never touches the problem."""
    return [a.copy() for a in arrays]
