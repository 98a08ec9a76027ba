"""The computations behind the API, run inside a worker process (see :mod:`.pool`).

Each job calls the same library functions and the same ``to_dict`` as the CLI's ``--json``
(``gradstep diff/check/extrema/descend/sweep``), so the API answers the same JSON. The
CLI builds its payloads inline, so these are thin adapters mirroring it line for line.
Jobs are looked up by name in :data:`JOBS`; the request's text only ever reaches the safe
parser. Nothing is written to disk.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from gradstep.cli._common import _clean as json_safe
from gradstep.errors import GradstepError

log = logging.getLogger("gradstep.web")

PLOT_POINTS_1D = 241
PLOT_POINTS_2D = 61


def diff(
    expression: str,
    wrt: str | None = None,
    order: int = 1,
    at: dict[str, float] | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """``gradstep diff EXPR [--wrt] [--order] [--at] --json`` (``lang`` is accepted for the
    page's sake; the JSON, like the CLI's, has no words that depend on it)."""
    from gradstep.calculus import derivative

    d = derivative(expression, wrt=wrt, order=order)
    payload = d.to_dict()
    if at is not None:
        payload["at"] = d.at(**at).to_dict()
    return payload


def check(expression: str, answer: str, wrt: str | None = None, lang: str = "en") -> dict[str, Any]:
    """``gradstep check EXPR --answer TEXT [--wrt] [--lang] --json``."""
    from gradstep.calculus import check_answer

    return check_answer(expression, answer, wrt=wrt).to_dict(lang)


def extrema(expression: str, domain: list[float] | None = None, lang: str = "en") -> dict[str, Any]:
    """``gradstep extrema EXPR [--domain a,b] [--lang] --json``."""
    from gradstep.calculus import critical_points

    interval = tuple(domain) if domain is not None else None
    return critical_points(expression, domain=interval).to_dict(lang)


def descend(
    expression: str,
    x0: dict[str, float],
    learning_rate: float,
    steps: int = 1000,
    tol: float = 1e-6,
    optimizer: str = "gd",
    lang: str = "en",
) -> dict[str, Any]:
    """``gradstep descend EXPR --x0 … --lr … [--steps] [--tol] [--optimizer] --json``."""
    from gradstep.descent import descend as run_descent

    start = _start(x0)
    return run_descent(expression, start, learning_rate, steps, tol, optimizer, lang=lang).to_dict()


def sweep(
    expression: str,
    x0: dict[str, float],
    learning_rates: list[float],
    steps: int = 1000,
    tol: float = 1e-6,
    optimizer: str = "gd",
    lang: str = "en",
) -> dict[str, Any]:
    """``gradstep sweep EXPR --x0 … --lr a,b,c [--steps] [--tol] [--optimizer] --json``."""
    from gradstep.descent import sweep as run_sweep

    start = _start(x0)
    result = run_sweep(
        expression, start, learning_rates, steps, tol, optimizer, keep_history=False, lang=lang
    )
    return result.to_dict()


def _start(x0: dict[str, float] | float) -> Any:
    # The CLI's --x0 70 (one number) and --x0 x=6,y=9 (a mapping): the API takes both.
    return float(x0) if isinstance(x0, int | float) else dict(x0)


def plot(
    expression: str,
    x_range: list[float],
    y_range: list[float] | None = None,
) -> dict[str, Any]:
    """Samples of f for the page's plot: a curve (one variable) or a grid (two), computed
    by the engine through the bridge (never by evaluating text). Non-finite values: null."""
    import numpy as np

    import gradstep as gs
    from gradstep.calculus import to_tensor_function

    f = to_tensor_function(expression)
    names = list(f.variables)
    if len(names) > 2:
        raise GradstepError(
            f"the plot shows functions of one or two variables; {expression!r} has "
            f"{len(names)} ({', '.join(names)})"
        )
    if len(names) <= 1:
        xs = np.linspace(*x_range, PLOT_POINTS_1D)
        args = [gs.tensor(xs)] if names else []
        values = _values(f, args, xs.shape)
        return json_safe({"variables": names, "x": xs.tolist(), "values": values.tolist()})
    ys_range = y_range or x_range
    xs = np.linspace(*x_range, PLOT_POINTS_2D)
    ys = np.linspace(*ys_range, PLOT_POINTS_2D)
    grid_x, grid_y = np.meshgrid(xs, ys)
    values = _values(f, [gs.tensor(grid_x.ravel()), gs.tensor(grid_y.ravel())], grid_x.shape)
    return json_safe(
        {"variables": names, "x": xs.tolist(), "y": ys.tolist(), "values": values.tolist()}
    )


def _values(f: Any, args: list[Any], shape: tuple[int, ...]) -> Any:
    import numpy as np

    import gradstep as gs

    with gs.no_grad(), np.errstate(all="ignore"):
        out = np.asarray(f(*args).data, dtype=np.float64)
    out = np.broadcast_to(out, (int(np.prod(shape)),)).reshape(shape).astype(np.float64)
    out[~np.isfinite(out)] = np.nan
    return out


JOBS: dict[str, Callable[..., dict[str, Any]]] = {
    "diff": diff,
    "check": check,
    "extrema": extrema,
    "descend": descend,
    "sweep": sweep,
    "plot": plot,
}


def _column(err: BaseException) -> dict[str, Any]:
    column = getattr(err, "column", None)
    return {"column": column} if isinstance(column, int) else {}


def run_job(name: str, kwargs: dict[str, Any]) -> tuple[str, Any]:
    """``("ok", json-safe payload)``, ``("bad_input", {"detail", "column"?})`` or
    ``("error", {"detail"})``; never raises (runs in the worker's loop)."""
    try:
        return ("ok", json_safe(JOBS[name](**kwargs)))
    except (GradstepError, ValueError, TypeError, ZeroDivisionError, OverflowError) as err:
        localised = getattr(err, "message", None)  # a parse error speaks the page's language
        text = localised(kwargs.get("lang", "en")) if callable(localised) else str(err)
        detail = " ".join(text.split()) or type(err).__name__
        return ("bad_input", {"detail": detail, **_column(err)})
    except MemoryError:
        return ("bad_input", {"detail": "this computation needs more memory than allowed"})
    except RecursionError:
        return ("bad_input", {"detail": "this expression is nested too deeply to compute"})
    except Exception as err:  # a bug in gradstep: logged, answered without a traceback
        log.error("job %s failed: %s", name, traceback.format_exc())
        return ("error", {"detail": f"gradstep could not compute this ({type(err).__name__})"})
