"""``explain``: the chain rule along a real graph, in words and numbers (English, Vietnamese).

For each node from the output back to the inputs: what it computed, its local derivative
with respect to each input, and the accumulated gradient written as the lessons write
it — ∂L/∂w = ∂L/∂ŷ · ∂ŷ/∂z · ∂z/∂w — and whether a kink convention was used on the way.

>>> import gradstep as gs
>>> w = gs.tensor(0.5, requires_grad=True, name="w")
>>> z = (w * 2.0); z.name = "z"
>>> L = z**2; L.name = "L"
>>> print(next(line for line in gs.explain(L).lines if line.startswith("∂L/∂w")))
∂L/∂w = ∂L/∂z · ∂z/∂w = 2 · 2 = 4
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gradstep import backend as B
from gradstep.autograd.engine import run_backward, toposort
from gradstep.autograd.primitive import ARRAY_OPS
from gradstep.autograd.tensor import Tensor
from gradstep.errors import GradientError
from gradstep.i18n import check_lang, message


def _fmt(value: Any) -> str:
    array = np.asarray(B.to_numpy(value))
    if array.size == 1:
        return f"{float(array.reshape(())):.6g}"
    return f"[{', '.join(f'{v:.4g}' for v in array.ravel()[:4])}{', …' if array.size > 4 else ''}]"


@dataclass(frozen=True)
class NodeStep:
    """One node of the explained graph."""

    name: str
    op: str | None
    inputs: list[str]
    value: str
    local: dict[str, str]
    gradient: str
    terms: list[str]
    kink: str | None


@dataclass(frozen=True)
class Explanation:
    """The chain rule along a graph; ``str()`` gives the lines, ``to_dict()`` the data."""

    root: str
    lang: str
    steps: list[NodeStep]
    lines: list[str] = field(default_factory=list)
    kinks: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "root": self.root,
            "lang": self.lang,
            "kinks": self.kinks,
            "steps": [step.__dict__ for step in self.steps],
        }


def _names(order: list[Tensor]) -> dict[int, str]:
    names: dict[int, str] = {}
    counter = 0
    for node in reversed(order):  # inputs first, so automatic names read in order
        if node.name:
            names[id(node)] = node.name
        else:
            counter += 1
            names[id(node)] = f"v{counter}"
    return names


def _local(node: Tensor) -> list[Any]:
    """∂node/∂parent for each parent (numbers when both have one element)."""
    seed = B.xp.ones_like(node.data)
    parents = node._parents or ()
    needs = tuple(p.requires_grad for p in parents)
    grads = node._op.vjp(ARRAY_OPS, node._ctx, seed, node.data, *(p.data for p in parents), needs)
    total: dict[int, Any] = {}  # a parent used twice (x * x) gets both terms: 2x, not x
    for g, p in zip(grads, parents, strict=True):
        if g is not None:
            total[id(p)] = total[id(p)] + g if id(p) in total else g
    return [total.get(id(p)) if node.data.size == 1 and p.data.size == 1 else None for p in parents]


def _kink(node: Tensor, lang: str) -> str | None:
    op = node._op
    if op.kink_hit is None or not op.kink_hit(node._ctx, *(p.data for p in node._parents)):
        return None
    return message(f"autograd.kink.{op.name}", lang)


def explain(output: Tensor, lang: str = "en") -> Explanation:
    """Explain how the gradient of ``output`` reaches every input (graph kept intact)."""
    check_lang(lang)
    if not output.requires_grad:
        raise ValueError(
            "explain: this tensor has no graph (no input requires grad); make the inputs "
            "with requires_grad=True"
        )
    try:
        order = toposort([output])
    except GradientError:
        raise GradientError(
            "explain: the graph of this tensor was freed by an earlier backward(); call "
            "gs.explain(y) before y.backward() (it runs its own backward pass and keeps the "
            "graph), or call y.backward(retain_graph=True) first"
        ) from None
    names = _names(order)
    cotangents: dict[int, Any] = {}
    seed = B.xp.ones_like(output.data)
    run_backward([output], [seed], inputs=[], retain_graph=True, trace=cotangents)
    consumers: dict[int, list[Tensor]] = {}
    for node in order:
        for p in node._parents or ():
            if p.requires_grad and all(c is not node for c in consumers.get(id(p), [])):
                consumers.setdefault(id(p), []).append(node)
    locals_ = {id(n): _local(n) for n in order if n._op is not None}
    root = names[id(output)]
    lines = [
        message("autograd.explain.title", lang),
        message("autograd.explain.seed", lang, root=root),
    ]
    steps, kinks = [], []
    for node in order:
        name = names[id(node)]
        parents = node._parents or ()
        args = [names.get(id(p)) or p.name or _fmt(p.data) for p in parents]
        if node.op_name == "pow":
            args.append(_fmt(node._ctx))
        value = _fmt(node.data)
        local: dict[str, str] = {}
        kink = None
        if node._op is not None:
            lines.append(
                message(
                    "autograd.explain.node",
                    lang,
                    name=name,
                    op=node._op.name,
                    args=", ".join(args),
                    value=value,
                )
            )
            for p, d in zip(parents, locals_[id(node)], strict=True):
                if p.requires_grad and d is not None:
                    local[names[id(p)]] = _fmt(d)
            kink = _kink(node, lang)
            if kink:
                kinks.append(kink)
                lines.append("  " + message("autograd.explain.kink", lang, convention=kink))
        else:
            lines.append(message("autograd.explain.leaf", lang, name=name, value=value))
        terms, numbers = [], []
        for c in consumers.get(id(node), []):
            cname = names[id(c)]
            terms.append(
                message("autograd.explain.term", lang, root=root, consumer=cname, name=name)
            )
            d = dict(
                zip((id(p) for p in c._parents or ()), locals_.get(id(c), []), strict=False)
            ).get(id(node))
            numbers.append(f"{_fmt(cotangents[id(c)])} · {_fmt(d)}" if d is not None else "")
        gradient = _fmt(cotangents.get(id(node), 0.0))
        if node is not output and terms:
            shown = " + ".join(terms)
            if all(numbers):
                shown += " = " + " + ".join(numbers)
            lines.append(
                message(
                    "autograd.explain.gradient",
                    lang,
                    root=root,
                    name=name,
                    terms=shown,
                    value=gradient,
                )
            )
        steps.append(NodeStep(name, node.op_name, args, value, local, gradient, terms, kink))
    if not kinks:
        lines.append(message("autograd.explain.no_kinks", lang))
    return Explanation(root, lang, steps, lines, kinks)
