"""micrograd (Karpathy): scalar ``Value`` nodes. Only W4, its own demo, is run: it has no
sin/tanh/exp for W3, no higher-order derivatives for W5, and W1 would take hours."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any, ClassVar

import numpy as np
from micrograd.engine import Value
from micrograd.nn import MLP

from engines.base import Adapter, Step
from engines.problems import MoonsProblem


def _load(model: MLP, params: tuple[np.ndarray, ...]) -> None:
    """Copy (W, b) per layer into micrograd's neurons (neuron j: column j of W, b[j])."""
    for layer, (w, b) in zip(
        model.layers, zip(params[::2], params[1::2], strict=True), strict=True
    ):
        for j, neuron in enumerate(layer.neurons):
            for i, wi in enumerate(neuron.w):
                wi.data = float(w[i, j])
            neuron.b.data = float(b[j])


def _grads(model: MLP, params: tuple[np.ndarray, ...]) -> list[np.ndarray]:
    grads = []
    for layer, w, b in zip(model.layers, params[::2], params[1::2], strict=True):
        gw, gb = np.zeros_like(w), np.zeros_like(b)
        for j, neuron in enumerate(layer.neurons):
            gw[:, j] = [wi.grad for wi in neuron.w]
            gb[j] = neuron.b.grad
        grads += [gw, gb]
    return grads


class MicrogradAdapter(Adapter):
    name = "micrograd"
    skip: ClassVar[dict[str, str]] = {
        "mlp": "hours per step (scalar nodes)",
        "chain": "micrograd has no sin/tanh/exp",
        "hvp": "micrograd has no higher-order derivatives",
    }

    def version(self) -> str:
        return version("micrograd")

    def moons(self, problem: MoonsProblem) -> Step:
        """The demo's training step, as in micrograd's demo notebook (whole batch)."""
        model = MLP(2, [16, 16, 1])
        _load(model, problem.params)
        xs = problem.x.tolist()
        ys = problem.y.tolist()
        alpha, lr = problem.alpha, problem.lr

        def step() -> Any:
            inputs = [list(map(Value, row)) for row in xs]
            scores = list(map(model, inputs))
            losses = [(1 + -yi * si).relu() for yi, si in zip(ys, scores, strict=True)]
            data_loss = sum(losses) * (1.0 / len(losses))
            reg_loss = alpha * sum(p * p for p in model.parameters())
            total = data_loss + reg_loss
            model.zero_grad()
            total.backward()
            grads = _grads(model, problem.params)
            for p in model.parameters():
                p.data -= lr * p.grad
            return total.data, grads

        return step
