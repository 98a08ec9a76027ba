"""JAX on CPU, op by op (no ``jit``) and with the whole step under ``jax.jit``.

float64 needs ``jax_enable_x64``, switched on when this module is imported (float32
arrays stay float32). Every step blocks until its results are ready.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from engines.base import Adapter, Step
from engines.problems import ChainProblem, HVPProblem, MLPProblem, MoonsProblem

jax.config.update("jax_enable_x64", True)
jax.config.update("jax_platforms", "cpu")


def _mlp_loss(params: list[Any], x: Any, y: Any) -> Any:
    w1, b1, w2, b2, w3, b3 = params
    h = jax.nn.relu(x @ w1 + b1)
    h = jax.nn.relu(h @ w2 + b2)
    z = h @ w3 + b3
    picked = jnp.take_along_axis(z, y[:, None], axis=1)[:, 0]
    return jnp.mean(jax.nn.logsumexp(z, axis=1) - picked)


def _moons_loss(params: list[Any], x: Any, y: Any, alpha: float) -> Any:
    w1, b1, w2, b2, w3, b3 = params
    h = jax.nn.relu(x @ w1 + b1)
    h = jax.nn.relu(h @ w2 + b2)
    score = (h @ w3 + b3).reshape(-1)
    reg = alpha * sum(jnp.sum(p * p) for p in params)
    return jnp.mean(jax.nn.relu(1.0 - y * score)) + reg


def _sgd_step(loss: Callable[..., Any], lr: float) -> Callable[..., Any]:
    def update(params: list[Any], *args: Any) -> Any:
        value, grads = jax.value_and_grad(loss)(params, *args)
        return [p - lr * g for p, g in zip(params, grads, strict=True)], value, grads

    return update


def _training(update: Callable[..., Any], params: list[Any], *args: Any) -> Step:
    state = {"params": params}

    def step() -> Any:
        new, value, grads = update(state["params"], *args)
        jax.block_until_ready((new, value, grads))
        state["params"] = new
        return value, grads

    return step


class JaxAdapter(Adapter):
    """``jit=False``: every jnp call dispatched on its own; ``jit=True``: one compiled step."""

    def __init__(self, jit: bool) -> None:
        self.jit = jit
        self.name = "jax.jit" if jit else "jax"

    def version(self) -> str:
        return jax.__version__

    def numpy(self, value: Any) -> np.ndarray:
        return np.asarray(value, dtype=np.float64)

    def _maybe_jit(self, f: Callable[..., Any], **kwargs: Any) -> Callable[..., Any]:
        return jax.jit(f, **kwargs) if self.jit else f

    def mlp(self, problem: MLPProblem) -> Step:
        params = [jnp.asarray(p) for p in problem.params]
        update = self._maybe_jit(_sgd_step(_mlp_loss, problem.lr))
        return _training(update, params, jnp.asarray(problem.x), jnp.asarray(problem.y))

    def chain(self, problem: ChainProblem) -> Step:
        a, add = jnp.asarray(problem.a), problem.ADD
        table = {
            "sin": jnp.sin,
            "mul": lambda v: v * a,
            "add": lambda v: v + add,
            "tanh": jnp.tanh,
            "exp": jnp.exp,
        }
        ops = [table[op] for op in problem.ops()]

        def f(x: Any) -> Any:
            for op in ops:
                x = op(x)
            return jnp.sum(x)

        value_and_grad = self._maybe_jit(jax.value_and_grad(f))
        x = jnp.asarray(problem.x)
        return lambda: jax.block_until_ready(value_and_grad(x))

    def moons(self, problem: MoonsProblem) -> Step:
        params = [jnp.asarray(p) for p in problem.params]
        loss = lambda p, x, y: _moons_loss(p, x, y, problem.alpha)  # noqa: E731
        update = self._maybe_jit(_sgd_step(loss, problem.lr))
        return _training(update, params, jnp.asarray(problem.x), jnp.asarray(problem.y))

    def hvp(self, problem: HVPProblem) -> Step:
        def f(z: Any) -> Any:
            return jnp.sum(jnp.tanh(z) ** 2)

        def hvp(x: Any, v: Any) -> Any:
            return jax.jvp(jax.grad(f), (x,), (v,))[1]

        hvp = self._maybe_jit(hvp)
        x, v = jnp.asarray(problem.x), jnp.asarray(problem.v)
        return lambda: jax.block_until_ready(hvp(x, v))
