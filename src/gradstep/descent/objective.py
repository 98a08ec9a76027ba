"""The function being descended: a formula or a Python function of Tensors, over a batch.

An :class:`Objective` evaluates ``f`` and its gradient with gradstep's own engine, in
float64, at many points at once: points are held as an array of shape ``(n, B)`` (one row
per variable, one column per run), each variable is passed to ``f`` as a Tensor of shape
``(B,)``, and one backward pass gives every run its own gradient (the runs do not interact,
so the gradient of the sum is the gradient of each). A single run (``B = 1``) passes 0-d
Tensors, so a Python function written for one number works too.

>>> obj = make_objective("x^2 + y^2")
>>> obj.variables
('x', 'y')
>>> import numpy as np
>>> f, g = obj.value_and_grad(np.array([[6.0], [9.0]]))
>>> f.tolist(), g.ravel().tolist()
([117.0], [12.0, 18.0])
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

import gradstep as gs
from gradstep.errors import InputError
from gradstep.i18n import message

Function = str | Callable[..., Any]


@functools.cache
def _ones(shape: tuple[int, ...]) -> np.ndarray:
    ones = np.ones(shape)
    ones.flags.writeable = False
    return ones


def _error(key: str, lang: str = "en", **fields: Any) -> InputError:
    return InputError(message(f"descent.error.{key}", lang, **fields))


@dataclass(frozen=True)
class Objective:
    """``f`` with its variable names and a readable name (the formula, or the function's)."""

    function: Callable[..., Any]
    variables: tuple[str, ...]
    expression: str
    #: ``f`` takes one vector (``f(v)``, v of shape ``(n,)``) rather than one Tensor per
    #: variable: it cannot see a batch, so many runs are evaluated one column at a time.
    vector: bool = False

    def _by_column(self, method: Callable[[np.ndarray], Any], points: np.ndarray) -> Any:
        parts = [method(points[:, j : j + 1]) for j in range(points.shape[1])]
        if isinstance(parts[0], tuple):
            return tuple(np.concatenate(p, axis=-1) for p in zip(*parts, strict=True))
        return np.concatenate(parts, axis=0)

    def _leaves(self, points: np.ndarray, requires_grad: bool) -> list[gs.Tensor]:
        if points.shape[1] == 1:
            return [
                gs.tensor(points[i, 0], requires_grad=requires_grad) for i in range(len(points))
            ]
        return [gs.tensor(row, requires_grad=requires_grad) for row in points]

    def _output(self, out: Any, batch: int) -> gs.Tensor:
        if isinstance(out, numbers.Real):  # a constant function
            return gs.tensor(np.full(batch, float(out)))
        if not isinstance(out, gs.Tensor):
            raise _error("output_type", kind=type(out).__name__)
        if out.data.size != batch or (batch > 1 and out.shape != (batch,)):
            raise _error("output_shape", shape=out.shape, batch=batch)
        return out

    def values(self, points: np.ndarray) -> np.ndarray:
        """f at each column of ``points`` (shape ``(n, B)``), as an array of shape ``(B,)``."""
        if self.vector and points.shape[1] > 1:
            return self._by_column(self.values, points)
        with gs.no_grad(), np.errstate(all="ignore"):
            out = self._output(self.function(*self._leaves(points, False)), points.shape[1])
        return np.asarray(out.data, dtype=np.float64).reshape(points.shape[1])

    def value_and_grad(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """f (shape ``(B,)``) and ∇f (shape ``(n, B)``) at each column of ``points``."""
        if self.vector and points.shape[1] > 1:
            return self._by_column(self.value_and_grad, points)
        batch = points.shape[1]
        leaves = self._leaves(points, True)
        with np.errstate(all="ignore"):
            out = self._output(self.function(*leaves), batch)
            found = self._gradients(out, leaves)
        grads = np.empty_like(points)
        for i, g in enumerate(found):
            grads[i] = 0.0 if g is None else np.asarray(g.data).reshape(batch)
        return np.asarray(out.data, dtype=np.float64).reshape(batch), grads

    def evaluator(self, points: np.ndarray) -> Callable[[np.ndarray], Any]:
        """:meth:`value_and_grad` for many calls on batches like ``points`` (``(n, B)``):
        a compiled formula is recorded by the engine once and replayed at every call
        (:mod:`gradstep.descent.replay`, same numbers bit for bit); anything else calls
        the engine every time."""
        if points.shape[1] < 2 or not getattr(self.function, "replayable", False):
            return self.value_and_grad
        from gradstep.descent.replay import NotReplayable, Replay

        try:
            return Replay.record(self.function, points)
        except NotReplayable:
            return self.value_and_grad

    @staticmethod
    def _gradients(out: gs.Tensor, leaves: list[gs.Tensor], **kw: Any) -> list[Any]:
        if not out.requires_grad:
            return [None] * len(leaves)
        return gs.gradients([out], leaves, [_ones(out.shape)], **kw)

    def hessian(self, points: np.ndarray) -> np.ndarray:
        """The Hessian at each column of ``points``, shape ``(B, n, n)``, by differentiating
        the engine's gradient again (double backward)."""
        if self.vector and points.shape[1] > 1:
            return self._by_column(self.hessian, points)
        n, batch = points.shape
        leaves = self._leaves(points, True)
        hess = np.zeros((batch, n, n))
        with np.errstate(all="ignore"):
            out = self._output(self.function(*leaves), batch)
            first = self._gradients(out, leaves, create_graph=True)
            for i, g in enumerate(first):
                if g is None or not g.requires_grad:
                    continue
                second = gs.gradients([g], leaves, [np.ones(g.shape)], retain_graph=True)
                for j, h in enumerate(second):
                    if h is not None:
                        hess[:, i, j] = np.asarray(h.data).reshape(batch)
        return 0.5 * (hess + hess.transpose(0, 2, 1))


def _compiled(fn: Any, names: tuple[str, ...]) -> Callable[..., Any]:
    """The bridge's function, compiled once into closures when possible (much faster)."""
    from gradstep.descent.compiled import NotCompilable, compile_expression

    if tuple(fn.variables) != names:
        return fn
    try:
        return compile_expression(fn.expression, names)
    except NotCompilable:
        return fn


def _signature_variables(function: Callable[..., Any]) -> tuple[str, ...]:
    name = getattr(function, "__name__", type(function).__name__)
    try:
        params = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        raise _error("signature", name=name) from None
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    names = tuple(p.name for p in params if p.kind in kinds and p.default is p.empty)
    if not names or any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params):
        raise _error("signature", name=name)
    return names


def make_objective(f: Function | Objective, variables: Sequence[str] | None = None) -> Objective:
    """Turn a formula (text or SymPy) or a Python function of Tensors into an Objective.

    Formulas go through the safe parser and the bridge to the engine; their variables are
    taken in natural alphabetical order. A Python function's variables are its parameter
    names (or ``variables`` when given).
    """
    if isinstance(f, Objective):
        return f
    if isinstance(f, str) or type(f).__module__.startswith("sympy"):
        from gradstep.calculus import to_tensor_function

        fn = to_tensor_function(f)
        names = tuple(variables) if variables is not None else tuple(fn.variables)
        text = f if isinstance(f, str) else str(f)
        if not names:
            raise _error("no_variables", expression=text)
        return Objective(_compiled(fn, names), names, " ".join(text.split()))
    if not callable(f):
        raise _error("function", kind=type(f).__name__)
    names = tuple(variables) if variables is not None else _signature_variables(f)
    label = getattr(f, "__name__", "f")
    label = "f" if label == "<lambda>" else label
    return Objective(f, names, f"{label}({', '.join(names)})")


def objective_for(f: Function | Objective, x0: Any, variables: Sequence[str] | None) -> Objective:
    """:func:`make_objective`, knowing the start point: a Python function of ONE parameter
    started from several numbers (``f(v)`` with ``x0 = [6, 9]``) gets them as one vector
    Tensor ``v`` (its variables are named ``v[0]``, ``v[1]``, …)."""
    if (
        variables is None
        and callable(f)
        and not isinstance(f, Objective | str)
        and not type(f).__module__.startswith("sympy")
        and not isinstance(x0, Mapping | str)
        and isinstance(x0, Sequence | np.ndarray)
        and np.size(x0) > 1
    ):
        names = _signature_variables(f)
        if len(names) == 1:
            return _vector_objective(f, names[0], int(np.size(x0)))
    return make_objective(f, variables)


def _vector_objective(f: Callable[..., Any], name: str, n: int) -> Objective:
    def function(*parts: gs.Tensor) -> Any:
        return f(gs.stack(list(parts)))

    label = getattr(f, "__name__", "f")
    label = "f" if label == "<lambda>" else label
    names = tuple(f"{name}[{i}]" for i in range(n))
    return Objective(function, names, f"{label}({name})", vector=True)


def _number(name: str, value: Any, lang: str = "en") -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise _error("not_number", lang, name=name, value=value)
    number = float(value)
    if not math.isfinite(number):
        raise _error("not_finite", lang, name=name, value=number)
    return number


def _from_mapping(obj: Objective, x0: Mapping[str, Any], lang: str = "en") -> list[float]:
    names = ", ".join(obj.variables)
    unknown = [k for k in x0 if k not in obj.variables]
    if unknown:
        verb = "is" if len(unknown) == 1 else "are"
        raise _error(
            "unknown",
            lang,
            names=", ".join(map(str, unknown)),
            verb=verb,
            expression=obj.expression,
            variables=names,
        )
    missing = [v for v in obj.variables if v not in x0]
    if missing:
        raise _error("missing", lang, names=", ".join(missing), variables=names)
    return [_number(v, x0[v], lang) for v in obj.variables]


def start_point(obj: Objective, x0: Any, lang: str = "en") -> np.ndarray:
    """The start point as a float64 vector in the order of ``obj.variables``.

    ``x0`` is a number (one variable), a mapping ``{name: value}`` or a sequence in the
    order of the variables; a missing or unknown variable, or a point where f has no value
    (ln x at x = -1), is a clear :class:`InputError`.
    """
    names = ", ".join(obj.variables)
    if isinstance(x0, Mapping):
        values = _from_mapping(obj, x0, lang)
    elif isinstance(x0, numbers.Real) or (isinstance(x0, np.ndarray) and x0.ndim == 0):
        if len(obj.variables) != 1:
            raise _error("scalar", lang, expression=obj.expression, variables=names)
        values = [_number(obj.variables[0], x0.item() if isinstance(x0, np.ndarray) else x0, lang)]
    elif isinstance(x0, Sequence | np.ndarray) and not isinstance(x0, str):
        items = list(np.asarray(x0, dtype=object).ravel()) if isinstance(x0, np.ndarray) else x0
        if len(items) != len(obj.variables):
            raise _error(
                "length",
                lang,
                got=len(items),
                expression=obj.expression,
                count=len(obj.variables),
                variables=names,
            )
        values = [_number(v, x, lang) for v, x in zip(obj.variables, items, strict=True)]
    else:
        raise _error("not_number", lang, name=names, value=x0)
    start = np.array(values, dtype=np.float64)
    if not np.isfinite(obj.values(start[:, None])[0]):
        point = ", ".join(f"{n} = {v:g}" for n, v in zip(obj.variables, start, strict=True))
        raise _error("outside_domain", lang, point=point, expression=obj.expression)
    return start
