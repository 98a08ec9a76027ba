"""``Tensor``: an array that remembers how it was made, so gradients can flow back.

A Tensor holds ``data`` (a backend array). When it is the result of an op on tensors
that require gradients, it also holds the op (a :class:`~gradstep.autograd.primitive.
Primitive`), its parents and what the op's derivative rule needs (``_ctx``). Leaves are
tensors made by the user; ``backward()`` accumulates gradients into their ``.grad``.

>>> import gradstep as gs
>>> x = gs.tensor(5.0, requires_grad=True)
>>> y = x**2
>>> y.backward()
>>> x.grad.item()
10.0
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from gradstep import backend as B
from gradstep.autograd.mode import MODE
from gradstep.errors import DTypeError, GradientError, InPlaceError, ShapeError

float32 = np.dtype(np.float32)
float64 = np.dtype(np.float64)

# A global clock of in-place edits: a node records the clock when it is made; a parent
# whose last in-place edit is later than that was changed after the graph saved it.
# Every recorded node also takes a tick, so sorting by tick is a topological order.
_CLOCK = itertools.count(1)
_tick = _CLOCK.__next__
LAST_INPLACE = [0]  # the tick of the latest in-place edit anywhere (a cheap first check)


def _edited() -> int:
    tick = _tick()
    LAST_INPLACE[0] = tick
    return tick


class Tensor:
    """An n-dimensional array with reverse-mode automatic differentiation."""

    __slots__ = (
        "__weakref__",
        "_base",
        "_ctx",
        "_g",
        "_op",
        "_parents",
        "_retain",
        "_stamp",
        "_version",
        "data",
        "grad",
        "name",
        "requires_grad",
    )
    __array_priority__ = 1000  # NumPy defers to our reflected operators
    __array_ufunc__ = None

    def __init__(
        self,
        data: Any,
        requires_grad: bool = False,
        dtype: Any = None,
        name: str | None = None,
    ) -> None:
        if isinstance(data, Tensor):
            data = data.data
        try:
            array = B.xp.array(data, dtype=_dtype(dtype))
        except ValueError as err:
            if "inhomogeneous" in str(err) or "sequence" in str(err):
                raise ShapeError(
                    f"tensor: the nested lists are ragged (rows of different lengths), so they "
                    f"do not make a rectangular array: {_short(data)}; give every row the "
                    "same length"
                ) from None
            raise DTypeError(f"tensor: cannot make a tensor from {_short(data)}: {err}") from None
        except TypeError as err:
            raise DTypeError(f"tensor: cannot make a tensor from {_short(data)}: {err}") from None
        if array.dtype.kind not in "biufc":
            what = "Python objects" if array.dtype.kind == "O" else f"{array.dtype} values"
            raise DTypeError(
                f"tensor: cannot make a tensor of {what} from {_short(data)} "
                "(tensors hold numbers: booleans, integers or floats)"
            )
        if requires_grad and array.dtype.kind not in "fc":
            raise DTypeError(
                f"tensor: requires_grad=True needs a floating dtype, got {array.dtype} "
                "(pass dtype=gs.float64 or use floats such as 2.0)"
            )
        self.data = array
        self.requires_grad = bool(requires_grad)
        self.grad: Tensor | None = None
        self.name = name
        self._op = None
        self._parents: tuple[Tensor, ...] | None = ()
        self._ctx: Any = None
        self._stamp = 0
        self._version = 0
        self._retain = False
        self._g = None
        self._base: Tensor | None = None

    # ----------------------------------------------------------------- basics
    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def dtype(self) -> np.dtype:
        return self.data.dtype

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> int:
        return int(self.data.size)

    @property
    def T(self) -> Tensor:
        return transpose(self)

    @property
    def is_leaf(self) -> bool:
        """True for tensors made by the user (not the result of a recorded op)."""
        return self._op is None

    @property
    def op_name(self) -> str | None:
        """The name of the op that made this tensor, or None for a leaf."""
        return None if self._op is None else self._op.name

    def numpy(self) -> np.ndarray:
        """The values as a NumPy array (read-only when the tensor takes part in a graph)."""
        array = B.to_numpy(self.data)
        if self.requires_grad and array is self.data:
            array = array.view()
            array.flags.writeable = False
        return array

    def item(self) -> float | int | bool:
        """The single value of a one-element tensor as a Python number."""
        if self.data.size != 1:
            raise ValueError(
                f"item: the tensor has {self.data.size} elements, shape {self.shape}; "
                "item() needs exactly one (index it or reduce it with .sum() first)"
            )
        return self.data.item()

    def tolist(self) -> Any:
        return B.to_numpy(self.data).tolist()

    def detach(self) -> Tensor:
        """The same values, cut off from the graph (shares memory, and so its edits: an
        in-place change through either one is seen by graphs that saved the other)."""
        t = _leaf(self.data)
        t._base = self if self._base is None else self._base
        return t

    def _edit_version(self) -> int:
        """The tick of the latest in-place edit of this memory (through any detached alias)."""
        base = self._base
        if base is None or base._version <= self._version:
            return self._version
        return base._version

    def _mark_edited(self) -> None:
        self._version = _edited()
        if self._base is not None:
            self._base._version = self._version

    def requires_grad_(self, flag: bool = True) -> Tensor:
        """Turn gradient tracking on a leaf on or off, in place; returns the tensor."""
        if not self.is_leaf:
            raise GradientError(
                f"requires_grad_: only leaves can change it; this tensor was made by "
                f"{self.op_name!r} (call .detach() first)"
            )
        if flag and self.dtype.kind not in "fc":
            raise DTypeError(f"requires_grad_: needs a floating dtype, got {self.dtype}")
        self.requires_grad = flag
        return self

    def retain_grad(self) -> Tensor:
        """Keep ``.grad`` on this non-leaf tensor after ``backward()``."""
        self._retain = True
        return self

    def astype(self, dtype: Any) -> Tensor:
        return cast(self, dtype)

    def backward(
        self,
        grad: Any = None,
        retain_graph: bool = False,
        create_graph: bool = False,
    ) -> None:
        """Accumulate d(self)/d(leaf) into every leaf's ``.grad``.

        ``grad`` is the seed (the gradient of some scalar with respect to ``self``); it may be
        left out only when ``self`` has one element. ``retain_graph`` keeps the graph for a
        second backward; ``create_graph`` records the backward pass itself, for higher
        derivatives (it implies ``retain_graph``).
        """
        from gradstep.autograd.engine import backward

        backward(self, grad, retain_graph=retain_graph, create_graph=create_graph)

    def __repr__(self) -> str:
        body = np.array2string(B.to_numpy(self.data), separator=", ", prefix="tensor(", precision=6)
        extras = []
        if self.data.dtype != float64 or self.ndim == 0:
            extras.append(f"dtype={self.dtype}")
        if self._op is not None:
            extras.append(f"op={self._op.name}")
        elif self.requires_grad:
            extras.append("requires_grad=True")
        if self.name:
            extras.append(f"name={self.name!r}")
        return f"tensor({body}{', ' if extras else ''}{', '.join(extras)})"

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self.shape[0]

    def __iter__(self) -> Any:
        return (self[i] for i in range(len(self)))

    def __bool__(self) -> bool:
        if self.data.size != 1:
            raise ValueError(
                f"the truth value of a tensor with {self.data.size} elements is ambiguous "
                "(use .any() or .all() on .numpy())"
            )
        return bool(self.data)

    def __format__(self, spec: str) -> str:
        if spec and self.data.size == 1:  # f"{loss:.4f}" on a one-element tensor
            return format(self.data.item(), spec)
        return format(str(self), spec)

    def __round__(self, ndigits: int | None = None) -> Any:
        return round(self.item(), ndigits) if ndigits is not None else round(self.item())

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        array = B.to_numpy(self.data)
        return array.astype(dtype) if dtype is not None else array

    __hash__ = object.__hash__

    # -------------------------------------------------------------- operators
    def __add__(self, other: Any) -> Tensor:
        return add(self, other)

    def __radd__(self, other: Any) -> Tensor:
        return add(other, self)

    def __sub__(self, other: Any) -> Tensor:
        return sub(self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return sub(other, self)

    def __mul__(self, other: Any) -> Tensor:
        return mul(self, other)

    def __rmul__(self, other: Any) -> Tensor:
        return mul(other, self)

    def __truediv__(self, other: Any) -> Tensor:
        return div(self, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        return div(other, self)

    def __pow__(self, other: Any) -> Tensor:
        return power(self, other)

    def __rpow__(self, other: Any) -> Tensor:
        return power(other, self)

    def __matmul__(self, other: Any) -> Tensor:
        return matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return matmul(other, self)

    def __neg__(self) -> Tensor:
        return neg(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return absolute(self)

    def __getitem__(self, index: Any) -> Tensor:
        return getitem(self, index)

    # Comparisons give plain boolean tensors: they have no gradient.
    def __lt__(self, other: Any) -> Tensor:
        return _leaf(self.data < _raw(other))

    def __le__(self, other: Any) -> Tensor:
        return _leaf(self.data <= _raw(other))

    def __gt__(self, other: Any) -> Tensor:
        return _leaf(self.data > _raw(other))

    def __ge__(self, other: Any) -> Tensor:
        return _leaf(self.data >= _raw(other))

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        if not _comparable(other):
            return NotImplemented
        return _leaf(self.data == _raw(other))

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        if not _comparable(other):
            return NotImplemented
        return _leaf(self.data != _raw(other))

    # ------------------------------------------------------- in-place updates
    def _inplace(self, name: str, other: Any, array_op: Any, fallback: Any) -> Tensor:
        other_grad = isinstance(other, Tensor) and other.requires_grad
        if MODE.enabled and (self.requires_grad or other_grad):
            if self.requires_grad and self.is_leaf:
                raise InPlaceError(
                    f"{name}: in-place update of a leaf that requires grad would lose its "
                    "gradient; do it inside `with gs.no_grad():` (the optimizer idiom)"
                )
            return fallback(self, other)  # out of place: the name is rebound
        if not isinstance(self.data, B.xp.ndarray):  # a 0-d result may be a NumPy scalar
            self.data = B.xp.asarray(self.data)
        try:
            array_op(self.data, _raw(other), out=self.data, casting="same_kind")
        except TypeError:  # NumPy's UFuncTypeError: a float into an integer tensor
            raise DTypeError(
                f"{name}: cannot update a {self.dtype} tensor {self.shape} in place with "
                f"{_describe(other)}: the result would not fit its dtype (use x = x {name[0]} "
                "y, which makes a new tensor, or make x a float tensor)"
            ) from None
        except ValueError as err:
            raise ShapeError(
                f"{name}: cannot update a tensor of shape {self.shape} in place with "
                f"{_describe(other)}: {err}"
            ) from None
        self._mark_edited()
        return self

    def __iadd__(self, other: Any) -> Tensor:
        return self._inplace("+=", other, B.xp.add, add)

    def __isub__(self, other: Any) -> Tensor:
        return self._inplace("-=", other, B.xp.subtract, sub)

    def __imul__(self, other: Any) -> Tensor:
        return self._inplace("*=", other, B.xp.multiply, mul)

    def __itruediv__(self, other: Any) -> Tensor:
        return self._inplace("/=", other, B.xp.true_divide, div)

    def __setitem__(self, index: Any, value: Any) -> None:
        if MODE.enabled and (self.requires_grad or getattr(value, "requires_grad", False)):
            raise InPlaceError(
                "setitem: assigning into a tensor that takes part in a graph would make its "
                "gradient wrong; build a new tensor (gs.where, gs.concatenate) or assign "
                "inside `with gs.no_grad():`"
            )
        self.data[_raw_index(index)] = _raw(value)
        self._mark_edited()

    def zero_(self) -> Tensor:
        """Set every element to 0 in place (allowed inside ``no_grad`` or without a graph)."""
        self.__setitem__(Ellipsis, 0)
        return self

    # --------------------------------------------------- methods as functions
    def sum(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        return sum(self, axis=axis, keepdims=keepdims)

    def mean(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        return mean(self, axis=axis, keepdims=keepdims)

    def max(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        return max(self, axis=axis, keepdims=keepdims)

    def min(self, axis: Any = None, keepdims: bool = False) -> Tensor:
        return min(self, axis=axis, keepdims=keepdims)

    def var(self, axis: Any = None, keepdims: bool = False, ddof: int = 0) -> Tensor:
        return var(self, axis=axis, keepdims=keepdims, ddof=ddof)

    def reshape(self, *shape: Any) -> Tensor:
        if len(shape) == 1 and isinstance(shape[0], tuple | list):
            shape = tuple(shape[0])
        return reshape(self, shape)

    def transpose(self, *axes: Any) -> Tensor:
        if len(axes) == 1 and isinstance(axes[0], tuple | list):
            axes = tuple(axes[0])
        return transpose(self, axes or None)

    def permute(self, *axes: int) -> Tensor:
        return self.transpose(*axes)

    def squeeze(self, axis: Any = None) -> Tensor:
        return squeeze(self, axis)

    def unsqueeze(self, axis: int) -> Tensor:
        return unsqueeze(self, axis)

    def broadcast_to(self, shape: tuple[int, ...]) -> Tensor:
        return broadcast_to(self, shape)

    def exp(self) -> Tensor:
        return exp(self)

    def log(self) -> Tensor:
        return log(self)

    def sqrt(self) -> Tensor:
        return sqrt(self)

    def abs(self) -> Tensor:
        return absolute(self)

    def tanh(self) -> Tensor:
        return tanh(self)

    def sin(self) -> Tensor:
        return sin(self)

    def cos(self) -> Tensor:
        return cos(self)

    def softmax(self, axis: int = -1) -> Tensor:
        return softmax(self, axis)

    def sigmoid(self) -> Tensor:
        return sigmoid(self)

    def relu(self) -> Tensor:
        return relu(self)

    def clip(self, lo: Any = None, hi: Any = None) -> Tensor:
        return clip(self, lo, hi)


def _dtype(dtype: Any) -> Any:
    if dtype is None:
        return None
    try:
        return np.dtype(dtype)
    except TypeError as err:
        raise DTypeError(
            f"unknown dtype {dtype!r}: use gs.float32, gs.float64, a NumPy dtype or a name "
            "such as 'float32'"
        ) from err


def _short(data: Any) -> str:
    text = repr(data)
    return text if len(text) <= 80 else text[:77] + "..."


def _leaf(data: Any) -> Tensor:
    """Wrap an array as a leaf without copying (internal)."""
    t = Tensor.__new__(Tensor)
    t.data = data
    t.requires_grad = False
    t.grad = None
    t.name = None
    t._op = None
    t._parents = ()
    t._ctx = None
    t._stamp = 0
    t._version = 0
    t._retain = False
    t._g = None
    t._base = None
    return t


_COMPARABLE = (Tensor, int, float, complex, np.ndarray, np.generic, list, tuple)


def _comparable(value: Any) -> bool:
    """Whether ``==`` with ``value`` compares elements (numbers, arrays, tensors, lists)."""
    return isinstance(value, _COMPARABLE)


def _describe(value: Any) -> str:
    if isinstance(value, Tensor):
        return f"a {value.dtype} tensor {value.shape}"
    shape = getattr(value, "shape", None)
    if shape is not None:
        return f"a {value.dtype} array {shape}"
    return f"{type(value).__name__} {value!r}"


def _raw(value: Any) -> Any:
    return value.data if isinstance(value, Tensor) else value


def _raw_index(index: Any) -> Any:
    if isinstance(index, Tensor):
        return index.data
    if isinstance(index, tuple):
        return tuple(i.data if isinstance(i, Tensor) else i for i in index)
    return index


def _make(data: Any, op: Any, parents: tuple[Tensor, ...], ctx: Any = None) -> Tensor:
    """The result of ``op``: recorded in the graph when grad mode is on and a parent needs it."""
    t = Tensor.__new__(Tensor)
    t.data = data
    t.grad = None
    t.name = None
    t._version = 0
    t._retain = False
    t._g = None
    t._base = None
    if MODE.enabled:
        for p in parents:
            if p.requires_grad:
                t.requires_grad = True
                t._op = op
                t._parents = parents
                t._ctx = ctx
                t._stamp = _tick()
                return t
    t.requires_grad = False
    t._op = None
    t._parents = ()
    t._ctx = None
    t._stamp = 0
    return t


# The functions the operators call; bound once the op modules are loaded (they import
# Tensor from here, so they must come after the class).
from gradstep.autograd.ops import (  # noqa: E402
    absolute,
    add,
    broadcast_to,
    cast,
    clip,
    cos,
    div,
    exp,
    getitem,
    log,
    matmul,
    max,
    mean,
    min,
    mul,
    neg,
    power,
    relu,
    reshape,
    sigmoid,
    sin,
    softmax,
    sqrt,
    squeeze,
    sub,
    sum,
    tanh,
    transpose,
    unsqueeze,
    var,
)
