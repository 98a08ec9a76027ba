"""Elementwise primitives: arithmetic, exp/log, trig, activations, maximum/minimum, where, clip.

Each primitive is one record: forward on arrays, its vector-Jacobian product, its formula.
Where a derivative does not exist (a kink) the convention is stated in ``kink`` and
checked by ``kink_hit``, so :func:`~gradstep.autograd.explain.explain` can say when it
was used.
"""

from __future__ import annotations

from typing import Any

from gradstep import backend as B
from gradstep.autograd.ops._apply import apply1, apply2, data
from gradstep.autograd.primitive import primitive
from gradstep.autograd.tensor import Tensor


def _mask(condition: Any, like: Any) -> Any:
    """A 0/1 array in the data's dtype (masks never change a float32 graph to float64)."""
    return condition.astype(data(like).dtype)


def _tie_share(first: Any, second: Any, like: Any) -> Any:
    """1 where ``first`` wins, 0 where it loses, ½ on a tie (ties share the gradient)."""
    a, b = data(first), data(second)
    return _mask(a > b, like) + 0.5 * _mask(a == b, like)


def _any(values: Any) -> bool:
    return bool(B.xp.any(values))


# --------------------------------------------------------------------- arithmetic
ADD = primitive(
    "add",
    lambda ctx, a, b: a + b,
    lambda ops, ctx, g, out, a, b, needs: (g, g),
    r"\partial(a+b) = (1, 1)",
    saves=False,
)
SUB = primitive(
    "sub",
    lambda ctx, a, b: a - b,
    lambda ops, ctx, g, out, a, b, needs: (g, -g if needs[1] else None),
    r"\partial(a-b) = (1, -1)",
    saves=False,
)
MUL = primitive(
    "mul",
    lambda ctx, a, b: a * b,
    lambda ops, ctx, g, out, a, b, needs: (
        g * b if needs[0] else None,
        g * a if needs[1] else None,
    ),
    r"\partial(ab) = (b, a)",
)
DIV = primitive(
    "div",
    lambda ctx, a, b: a / b,
    lambda ops, ctx, g, out, a, b, needs: (
        g / b if needs[0] else None,
        -g * a / (b * b) if needs[1] else None,
    ),
    r"\partial(a/b) = (1/b, -a/b^2)",
)
NEG = primitive(
    "neg",
    lambda ctx, x: -x,
    lambda ops, ctx, g, out, x, needs: (-g,),
    r"\frac{d}{dx}(-x) = -1",
    saves=False,
)


def _pow_vjp(ops: Any, n: Any, g: Any, out: Any, x: Any, needs: Any) -> Any:
    if n == 2:  # the common square: 2x, without a power of 1
        return (g * (x * 2.0),)
    if n == 0:  # x⁰ = 1 is constant: 0, not 0·x⁻¹ (nan at x = 0)
        return (g * 0.0,)
    return (g * (n * x ** (n - 1)),)


POW = primitive(
    "pow",
    lambda ctx, x: x**ctx,
    _pow_vjp,
    r"\frac{d}{dx}x^n = n x^{n-1}",
)


def _power_vjp(ops: Any, ctx: Any, g: Any, out: Any, a: Any, b: Any, needs: Any) -> Any:
    ga = None
    if needs[0]:
        constant = data(b) == 0  # a⁰ = 1 whatever a is: 0, not 0·0⁻¹ = nan at a = 0
        base = a
        if _any(constant):  # there b = 0, so any finite a^(b-1) gives 0: take a = 1
            base = ops.where(constant, 1.0, a) if ops.tensors else B.xp.where(constant, 1.0, a)
        ga = g * b * base ** (b - 1)
    gb = None
    if needs[1]:
        positive = data(a) > 0  # d/db a^b = a^b ln a, taken as 0 where a <= 0
        gb = g * out * ops.log(ops.where(positive, a, 1.0)) * _mask(positive, a)
    return ga, gb


POWER = primitive(
    "power",
    lambda ctx, a, b: a**b,
    _power_vjp,
    r"\partial(a^b) = (b a^{b-1},\ a^b \ln a)",
    kink="d/db a^b = a^b ln a is taken as 0 where a <= 0",
    kink_hit=lambda ctx, a, b: _any(a <= 0),
)

# --------------------------------------------------------------- exp, log, roots
EXP = primitive(
    "exp",
    lambda ctx, x: B.xp.exp(x),
    lambda ops, ctx, g, out, x, needs: (g * out,),
    r"\frac{d}{dx}e^x = e^x",
)
LOG = primitive(
    "log",
    lambda ctx, x: B.xp.log(x),
    lambda ops, ctx, g, out, x, needs: (g / x,),
    r"\frac{d}{dx}\ln x = \frac{1}{x}",
)
SQRT = primitive(
    "sqrt",
    lambda ctx, x: B.xp.sqrt(x),
    lambda ops, ctx, g, out, x, needs: (g / (2.0 * out),),
    r"\frac{d}{dx}\sqrt{x} = \frac{1}{2\sqrt{x}}",
)
ABS = primitive(
    "abs",
    lambda ctx, x: B.xp.abs(x),
    lambda ops, ctx, g, out, x, needs: (g * _mask(B.xp.sign(data(x)), x),),
    r"\frac{d}{dx}|x| = \operatorname{sign}(x)",
    kink="|x|' (0) is taken as 0 (|x| has no derivative at 0)",
    kink_hit=lambda ctx, x: _any(x == 0),
)

# ----------------------------------------------------------------------- trig
SIN = primitive(
    "sin",
    lambda ctx, x: B.xp.sin(x),
    lambda ops, ctx, g, out, x, needs: (g * ops.cos(x),),
    r"\frac{d}{dx}\sin x = \cos x",
)
COS = primitive(
    "cos",
    lambda ctx, x: B.xp.cos(x),
    lambda ops, ctx, g, out, x, needs: (-g * ops.sin(x),),
    r"\frac{d}{dx}\cos x = -\sin x",
)
TANH = primitive(
    "tanh",
    lambda ctx, x: B.xp.tanh(x),
    lambda ops, ctx, g, out, x, needs: (g * (1.0 - out * out),),
    r"\frac{d}{dx}\tanh x = 1 - \tanh^2 x",
)


# ---------------------------------------------------------------- activations
def _sigmoid(ctx: Any, x: Any) -> Any:
    # Stable on both sides, never exp of a large positive number, and branch-free:
    # with e = exp(-|x|), sigmoid is 1/(1+e) for x >= 0 and e/(1+e) for x < 0.
    e = B.xp.exp(-B.xp.abs(x))
    return (e + (x >= 0) * (1.0 - e)) / (1.0 + e)


SIGMOID = primitive(
    "sigmoid",
    _sigmoid,
    lambda ops, ctx, g, out, x, needs: (g * (out * (1.0 - out)),),
    r"\sigma'(x) = \sigma(x)(1 - \sigma(x))",
)
RELU = primitive(
    "relu",
    lambda ctx, x: B.xp.maximum(x, 0),
    lambda ops, ctx, g, out, x, needs: (ops.where(data(x) > 0, g, 0.0),),
    r"\operatorname{relu}'(x) = [x > 0]",
    kink="relu'(0) is taken as 0 (relu has no derivative at 0)",
    kink_hit=lambda ctx, x: _any(x == 0),
)
LEAKY_RELU = primitive(
    "leaky_relu",
    lambda ctx, x: B.xp.where(x > 0, x, x * ctx),
    lambda ops, ctx, g, out, x, needs: (ops.where(data(x) > 0, g, g * ctx),),
    r"\operatorname{leaky\_relu}'(x) = 1 \text{ if } x > 0 \text{ else } \alpha",
    kink="leaky_relu'(0) is taken as the negative slope alpha",
    kink_hit=lambda ctx, x: _any(x == 0),
)


def _softplus(ctx: Any, x: Any) -> Any:
    # log(1 + e^x) = max(x, 0) + log1p(e^{-|x|}): no overflow for large |x|.
    return B.xp.maximum(x, 0) + B.xp.log1p(B.xp.exp(-B.xp.abs(x)))


SOFTPLUS = primitive(
    "softplus",
    _softplus,
    lambda ops, ctx, g, out, x, needs: (g * ops.sigmoid(x),),
    r"\frac{d}{dx}\ln(1 + e^x) = \sigma(x)",
)

# ------------------------------------------------------- maximum, minimum, clip
MAXIMUM = primitive(
    "maximum",
    lambda ctx, a, b: B.xp.maximum(a, b),
    lambda ops, ctx, g, out, a, b, needs: (
        g * _tie_share(a, b, a) if needs[0] else None,
        g * _tie_share(b, a, b) if needs[1] else None,
    ),
    r"\partial \max(a, b) = ([a > b], [b > a]),\ \tfrac12 \text{ each on a tie}",
    kink="maximum(a, b) at a tie a = b: the gradient is shared equally (1/2 each)",
    kink_hit=lambda ctx, a, b: _any(a == b),
)
MINIMUM = primitive(
    "minimum",
    lambda ctx, a, b: B.xp.minimum(a, b),
    lambda ops, ctx, g, out, a, b, needs: (
        g * _tie_share(b, a, a) if needs[0] else None,
        g * _tie_share(a, b, b) if needs[1] else None,
    ),
    r"\partial \min(a, b) = ([a < b], [b < a]),\ \tfrac12 \text{ each on a tie}",
    kink="minimum(a, b) at a tie a = b: the gradient is shared equally (1/2 each)",
    kink_hit=lambda ctx, a, b: _any(a == b),
)


def _clip_share(x: Any, lo: Any, hi: Any) -> Any:
    # 1 strictly inside, 0 outside, 1/2 on a bound: clip(x) = min(max(x, lo), hi) exactly.
    share = B.xp.ones_like(x)
    if lo is not None:
        share = share * ((x > lo) + 0.5 * (x == lo))
    if hi is not None:
        share = share * ((x < hi) + 0.5 * (x == hi))
    return share.astype(x.dtype, copy=False)


CLIP = primitive(
    "clip",
    lambda ctx, x: B.xp.clip(x, ctx[0], ctx[1]),
    lambda ops, ctx, g, out, x, needs: (g * _clip_share(data(x), *ctx),),
    r"\frac{d}{dx}\operatorname{clip}(x, l, h) = [l < x < h],\ \tfrac12 \text{ on a bound}",
    kink="clip at a bound x = lo or x = hi: the gradient is shared, 1/2 to x",
    kink_hit=lambda ctx, x: (
        (ctx[0] is not None and _any(x == ctx[0])) or (ctx[1] is not None and _any(x == ctx[1]))
    ),
)


def _where_vjp(ops: Any, ctx: Any, g: Any, out: Any, a: Any, b: Any, needs: Any) -> Any:
    return (
        ops.where(ctx, g, 0.0) if needs[0] else None,
        ops.where(ctx, 0.0, g) if needs[1] else None,
    )


WHERE = primitive(
    "where",
    lambda ctx, a, b: B.xp.where(ctx, a, b),
    _where_vjp,
    r"\partial\,\mathrm{where}(c, a, b) = ([c], [\lnot c])",
    saves=False,
)


# ------------------------------------------- a tensor with a Python number (ctx = c)
# A number is a constant, not a node: these save building a tensor for it and a rule
# for a gradient nobody wants. The arithmetic is exactly that of the general ops.
ADD_SCALAR = primitive(
    "add_scalar",
    lambda c, x: x + c,
    lambda ops, c, g, out, x, needs: (g,),
    r"\frac{d}{dx}(x + c) = 1",
    saves=False,
)
SUB_SCALAR = primitive(
    "sub_scalar",
    lambda c, x: x - c,
    lambda ops, c, g, out, x, needs: (g,),
    r"\frac{d}{dx}(x - c) = 1",
    saves=False,
)
RSUB_SCALAR = primitive(
    "rsub_scalar",
    lambda c, x: c - x,
    lambda ops, c, g, out, x, needs: (-g,),
    r"\frac{d}{dx}(c - x) = -1",
    saves=False,
)
MUL_SCALAR = primitive(
    "mul_scalar",
    lambda c, x: x * c,
    lambda ops, c, g, out, x, needs: (g * c,),
    r"\frac{d}{dx}(c x) = c",
    saves=False,
)
DIV_SCALAR = primitive(
    "div_scalar",
    lambda c, x: x / c,
    lambda ops, c, g, out, x, needs: (g / c,),
    r"\frac{d}{dx}\frac{x}{c} = \frac{1}{c}",
    saves=False,
)
RDIV_SCALAR = primitive(
    "rdiv_scalar",
    lambda c, x: c / x,
    lambda ops, c, g, out, x, needs: (-g * out / x,),
    r"\frac{d}{dx}\frac{c}{x} = -\frac{c}{x^2}",
)


_NUMBERS = (int, float)


def _number(value: Any) -> bool:
    return type(value) in _NUMBERS  # exactly int or float: not bool, not NumPy scalars


# ---------------------------------------------------------------- public functions
def add(a: Any, b: Any) -> Tensor:
    """a + b, broadcasting. The derivative is 1 for each input."""
    if isinstance(a, Tensor) and _number(b):
        return apply1(ADD_SCALAR, a, b)
    if isinstance(b, Tensor) and _number(a):
        return apply1(ADD_SCALAR, b, a)
    return apply2(ADD, a, b)


def sub(a: Any, b: Any) -> Tensor:
    """a − b, broadcasting."""
    if isinstance(a, Tensor) and _number(b):
        return apply1(SUB_SCALAR, a, b)
    if isinstance(b, Tensor) and _number(a):
        return apply1(RSUB_SCALAR, b, a)
    return apply2(SUB, a, b)


def mul(a: Any, b: Any) -> Tensor:
    """a · b elementwise, broadcasting. ∂/∂a = b, ∂/∂b = a."""
    if isinstance(a, Tensor) and _number(b):
        return apply1(MUL_SCALAR, a, b)
    if isinstance(b, Tensor) and _number(a):
        return apply1(MUL_SCALAR, b, a)
    return apply2(MUL, a, b)


def div(a: Any, b: Any) -> Tensor:
    """a / b elementwise. ∂/∂a = 1/b, ∂/∂b = −a/b²."""
    if isinstance(a, Tensor) and _number(b):
        return apply1(DIV_SCALAR, a, b)
    if isinstance(b, Tensor) and _number(a):
        return apply1(RDIV_SCALAR, b, a)
    return apply2(DIV, a, b)


def neg(x: Any) -> Tensor:
    """−x."""
    return apply1(NEG, x)


def power(a: Any, b: Any) -> Tensor:
    """a ** b. A Python-number exponent uses the power rule n·xⁿ⁻¹ directly.

    >>> import gradstep as gs
    >>> x = gs.tensor(3.0, requires_grad=True)
    >>> (x**2).backward(); x.grad.item()
    6.0
    """
    if isinstance(a, Tensor) and isinstance(b, int | float) and not isinstance(b, bool):
        return apply1(POW, a, b)
    return apply2(POWER, a, b)


def exp(x: Any) -> Tensor:
    """eˣ; its derivative is itself."""
    return apply1(EXP, x)


def log(x: Any) -> Tensor:
    """Natural logarithm ln x; derivative 1/x."""
    return apply1(LOG, x)


def sqrt(x: Any) -> Tensor:
    """√x; derivative 1/(2√x)."""
    return apply1(SQRT, x)


def absolute(x: Any) -> Tensor:
    """|x|; derivative sign(x), with |x|′(0) taken as 0 (a kink)."""
    return apply1(ABS, x)


def sin(x: Any) -> Tensor:
    """sin x; derivative cos x."""
    return apply1(SIN, x)


def cos(x: Any) -> Tensor:
    """cos x; derivative −sin x."""
    return apply1(COS, x)


def tanh(x: Any) -> Tensor:
    """tanh x; derivative 1 − tanh² x (1 at 0)."""
    return apply1(TANH, x)


def sigmoid(x: Any) -> Tensor:
    """σ(x) = 1/(1 + e⁻ˣ), computed stably; σ′ = σ(1 − σ), largest (0.25) at 0."""
    return apply1(SIGMOID, x)


def relu(x: Any) -> Tensor:
    """max(x, 0); relu′ is 0 left of 0 and 1 right of it; relu′(0) is taken as 0."""
    return apply1(RELU, x)


def leaky_relu(x: Any, negative_slope: float = 0.01) -> Tensor:
    """x for x > 0, α·x otherwise; the derivative at 0 is taken as α."""
    return apply1(LEAKY_RELU, x, float(negative_slope))


def softplus(x: Any) -> Tensor:
    """ln(1 + eˣ), computed stably; its derivative is σ(x)."""
    return apply1(SOFTPLUS, x)


def maximum(a: Any, b: Any) -> Tensor:
    """Elementwise max; on a tie the gradient is shared equally."""
    return apply2(MAXIMUM, a, b)


def minimum(a: Any, b: Any) -> Tensor:
    """Elementwise min; on a tie the gradient is shared equally."""
    return apply2(MINIMUM, a, b)


def clip(x: Any, lo: Any = None, hi: Any = None) -> Tensor:
    """x limited to [lo, hi]; gradient 1 inside, 0 outside, ½ exactly on a bound."""
    if lo is None and hi is None:
        raise ValueError("clip: give lo, hi or both")
    if any(isinstance(b, Tensor) and b.requires_grad for b in (lo, hi)):
        # bounds that need gradients: clip(x) = min(max(x, lo), hi), the same ½ on a tie
        out = x if lo is None else maximum(x, lo)
        return out if hi is None else minimum(out, hi)
    lo, hi = _bound(lo), _bound(hi)
    if lo is not None and hi is not None and _any(B.xp.asarray(lo) > B.xp.asarray(hi)):
        raise ValueError(f"clip: lo={lo} is greater than hi={hi}")
    return apply1(CLIP, x, (lo, hi))


def _bound(value: Any) -> Any:
    """A clip bound as a number or an array (a Tensor's values; lists become arrays)."""
    value = data(value)
    return B.xp.asarray(value) if isinstance(value, list | tuple) else value


def where(condition: Any, a: Any, b: Any) -> Tensor:
    """``a`` where ``condition`` holds, else ``b``; the condition carries no gradient."""
    cond = data(condition)
    cond = cond if hasattr(cond, "dtype") else B.xp.asarray(cond)
    if cond.dtype != bool:
        cond = cond.astype(bool)
    return apply2(WHERE, a, b, cond)
