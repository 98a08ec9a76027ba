"""Pictures of descent runs: the 1-D curve with its tangent and step (still and animated),
the 2-D contour map and the 3-D bowl with the path, and learning rates side by side.

Every function takes a result (:class:`~gradstep.descent.DescentRun` or
:class:`~gradstep.descent.SweepResult`), returns the Matplotlib figure, and saves it
atomically when given a path (PNG/SVG; GIF for animations). Only the background curve or
surface is evaluated here (with the run's own function); the path, slopes and steps are the
run's recorded numbers.
"""

from __future__ import annotations

import os
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np

from gradstep.errors import GradstepError, InputError
from gradstep.i18n import message
from gradstep.viz._io import figure_to_image, save_figure, save_gif

PathLike = str | os.PathLike[str] | None
PATH_COLOR, CURVE_COLOR, TANGENT_COLOR = "#d62728", "#1f77b4", "#2ca02c"


def _t(key: str, lang: str, **fields: Any) -> str:
    return message(f"descent.plot.{key}", lang, **fields)


def _finish(fig: Any, path: PathLike) -> Any:
    if path is not None:
        save_figure(fig, path)
    return fig


def evaluate(run: Any, points: np.ndarray) -> np.ndarray:
    """f at the columns of ``points`` (n, M), with the run's own function; NaN where undefined."""
    objective = run.objective
    if objective is None:
        raise InputError("this run carries no function to draw; make it with descend()")
    try:
        values = objective.values(points)
    except (GradstepError, ValueError, TypeError):  # a function written for one point
        values = np.array([objective.values(points[:, [j]])[0] for j in range(points.shape[1])])
    return np.where(np.isfinite(values), values, np.nan)


def _visible(points: np.ndarray) -> np.ndarray:
    """The part of a path worth framing: finite points not far beyond the start."""
    finite = points[np.isfinite(points).all(axis=1)]
    if len(finite) == 0:
        return np.zeros((1, points.shape[1]))
    reach = 10.0 * (1.0 + np.abs(finite[0]).max())
    near = finite[np.abs(finite - finite[0]).max(axis=1) <= reach]
    return near if len(near) else finite[:1]


def _span(values: np.ndarray, margin: float = 0.25) -> tuple[float, float]:
    lo, hi = float(np.min(values)), float(np.max(values))
    half = max((hi - lo) / 2 * (1 + margin), 1.0 if hi == lo else 0.0, 1e-9)
    mid = (hi + lo) / 2
    return mid - half, mid + half


def _curve_axes(ax: Any, run: Any, lang: str) -> tuple[np.ndarray, np.ndarray]:
    visible = _visible(run.points)[:, 0]
    lo, hi = _span(np.concatenate([visible, -np.abs(visible[:1]) * 0.2]))
    xs = np.linspace(lo, hi, 400)
    ys = evaluate(run, xs[None, :])
    var = run.variables[0]
    ax.plot(xs, ys, color=CURVE_COLOR, lw=2, label=_t("curve", lang, var=var))
    ax.set_xlabel(var)
    ax.set_ylabel(f"f({var})")
    ax.set_xlim(lo, hi)
    finite = ys[np.isfinite(ys)]
    if finite.size:
        pad = 0.08 * (finite.max() - finite.min() or 1.0)
        ax.set_ylim(finite.min() - pad, finite.max() + pad)
    ax.grid(alpha=0.3)
    return xs, ys


def plot_descent_1d(run: Any, path: PathLike = None, *, lang: str = "en") -> Any:
    """The curve f(x), the descent path on it, and the tangent at the start."""
    fig, ax = plt.subplots(figsize=(7, 4.5))
    xs, _ = _curve_axes(ax, run, lang)
    px, pv = run.points[:, 0], run.values
    ok = np.isfinite(px) & np.isfinite(pv) & (px >= xs[0]) & (px <= xs[-1])
    ax.plot(px[ok], pv[ok], "o-", color=PATH_COLOR, ms=4, lw=1, label=_t("path", lang))
    _tangent(ax, run, 0, xs, lang)
    title = _t("contour_title", lang, expression=run.expression, lr=run.learning_rate)
    ax.set_title(f"{title}: {run.outcome.label(lang)}")
    ax.legend(loc="upper center", fontsize=8)
    fig.tight_layout()
    return _finish(fig, path)


def _tangent(ax: Any, run: Any, k: int, xs: np.ndarray, lang: str) -> None:
    x, fx, slope = run.points[k, 0], run.values[k], run.gradients[k, 0]
    if not (np.isfinite(x) and np.isfinite(fx) and np.isfinite(slope)):
        return
    half = 0.18 * (xs[-1] - xs[0])
    tx = np.array([x - half, x + half])
    ax.plot(tx, fx + slope * (tx - x), "--", color=TANGENT_COLOR, lw=1.5,
            label=_t("tangent", lang, slope=slope))  # fmt: skip
    if k + 1 < len(run.points) and np.isfinite(run.points[k + 1, 0]):
        nxt = run.points[k + 1, 0]
        ax.annotate(
            "", xy=(nxt, fx), xytext=(x, fx),
            arrowprops={"arrowstyle": "->", "color": PATH_COLOR, "lw": 2},
        )  # fmt: skip
        ax.annotate(_t("step_arrow", lang, step=nxt - x), ((x + nxt) / 2, fx), color=PATH_COLOR,
                    ha="center", va="bottom", fontsize=9, xytext=(0, 6),
                    textcoords="offset points")  # fmt: skip


def _frame_indices(count: int, most: int) -> list[int]:
    if count <= most:
        return list(range(count))
    head = list(range(most // 2))
    tail = np.linspace(most // 2, count - 1, most - most // 2).round().astype(int).tolist()
    return sorted(set(head + tail))


class _Frame1D:
    """The moving parts of one 1-D frame: the ball, the tangent, the step arrow, a title."""

    def __init__(self, ax: Any, run: Any, xs: np.ndarray, lang: str) -> None:
        self.ax, self.run, self.lang = ax, run, lang
        self.half = 0.18 * (xs[-1] - xs[0])
        (self.ball,) = ax.plot([], [], "o", color=PATH_COLOR, ms=11, zorder=5)
        (self.tangent,) = ax.plot([], [], "--", color=TANGENT_COLOR, lw=1.5)
        (self.step,) = ax.plot([], [], "-", color=PATH_COLOR, lw=2.5)
        (self.head,) = ax.plot([], [], "<", color=PATH_COLOR, ms=9)
        self.label = ax.text(0, 0, "", color=PATH_COLOR, ha="center", va="bottom", fontsize=9)
        ax.legend(
            [ax.lines[0], self.tangent, self.step],
            [ax.lines[0].get_label(), _t("tangent", lang, slope=float("nan")).split(" (")[0],
             _t("step_arrow", lang, step=float("nan")).split(" =")[0]],
            loc="upper center", fontsize=8,
        )  # fmt: skip

    def _in_view(self, x: float, y: float) -> bool:
        (x0, x1), (y0, y1) = sorted(self.ax.get_xlim()), sorted(self.ax.get_ylim())
        return bool(x0 <= x <= x1 and y0 <= y <= y1)

    def show(self, k: int) -> None:
        run, var = self.run, self.run.variables[0]
        x, fx, slope = run.points[k, 0], run.values[k], run.gradients[k, 0]
        ok = bool(np.isfinite(x) and np.isfinite(fx) and np.isfinite(slope))
        tx = np.array([x - self.half, x + self.half])
        self.ball.set_data([x] if ok else [], [fx] if ok else [])
        self.tangent.set_data(tx if ok else [], fx + slope * (tx - x) if ok else [])
        nxt = run.points[k + 1, 0] if k + 1 < len(run.points) else x
        moving = ok and np.isfinite(nxt) and nxt != x
        self.step.set_data([x, nxt] if moving else [], [fx, fx] if moving else [])
        self.head.set_data([nxt] if moving else [], [fx] if moving else [])
        self.head.set_marker("<" if nxt < x else ">")
        lift = 0.05 * np.diff(self.ax.get_ylim())[0]
        where = ((x + nxt) / 2, fx + lift) if moving else (x, fx)
        # text far outside the axes makes FreeType overflow: only label a step in view
        shown = moving and self._in_view(*where)
        self.label.set_text(_t("step_arrow", self.lang, step=nxt - x) if shown else "")
        self.label.set_position(where if shown else (0.0, 0.0))
        self.ax.set_title(_t("frame_title", self.lang, step=k, var=var, x=x, slope=slope),
                          fontsize=10)  # fmt: skip


def _frames_1d(run: Any, indices: list[int], lang: str, dpi: int) -> list[Any]:
    fig, ax = plt.subplots(figsize=(6.4, 4.0), dpi=dpi)
    xs, _ = _curve_axes(ax, run, lang)
    frame = _Frame1D(ax, run, xs, lang)
    frame.show(0)
    fig.tight_layout()
    frames = []
    for k in indices:
        frame.show(k)
        frames.append(figure_to_image(fig))
    plt.close(fig)
    return frames


def _frames_2d(run: Any, indices: list[int], lang: str, dpi: int) -> list[Any]:
    fig, ax = plt.subplots(figsize=(5.6, 4.8), dpi=dpi)
    _contour_axes(ax, run, lang, upto=1)
    path_line, ball = ax.lines[0], ax.plot([], [], "o", color=PATH_COLOR, ms=9, zorder=6)[0]
    title = _t("contour_title", lang, expression=run.expression, lr=run.learning_rate)
    ax.set_title(f"{title}\n{message('descent.table.step', lang)} 0", fontsize=10)
    fig.tight_layout()
    frames = []
    for k in indices:
        path_line.set_data(run.points[: k + 1, 0], run.points[: k + 1, 1])
        ball.set_data(run.points[k : k + 1, 0], run.points[k : k + 1, 1])
        ax.set_title(f"{title}\n{message('descent.table.step', lang)} {k}", fontsize=10)
        frames.append(figure_to_image(fig))
    plt.close(fig)
    return frames


def animate_descent(
    run: Any,
    path: PathLike = None,
    *,
    lang: str = "en",
    max_frames: int = 40,
    duration_ms: int = 250,
    dpi: int = 80,
) -> list[Any]:
    """An animation of the run: in 1-D the point rolling down the curve with its tangent
    line and the step it takes; in 2-D the path growing on the contour map.

    Returns the frames (PIL images); saves a GIF (≤ 2 MB) when given a path.
    """
    if len(run.variables) > 2:
        raise InputError("an animation needs a function of one or two variables")
    indices = _frame_indices(len(run.points), max_frames)
    make = _frames_1d if len(run.variables) == 1 else _frames_2d
    frames = make(run, indices, lang, dpi)
    if path is not None:
        durations = [duration_ms] * len(frames)
        durations[-1] = duration_ms * 6  # hold the last frame
        save_gif(frames, path, duration_ms=durations)
    return frames


def _grid(run: Any, size: int = 120) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # a square centred where the run ended (the minimum, when it converged), wide enough
    # for the path: the whole bowl shows, and x and y get the same scale
    visible = _visible(run.points)
    centre = visible[-1]
    half = 1.25 * max(float(np.abs(visible - centre).max()), 0.5)
    (x0, x1), (y0, y1) = ((c - half, c + half) for c in centre)
    gx, gy = np.meshgrid(np.linspace(x0, x1, size), np.linspace(y0, y1, size))
    z = evaluate(run, np.stack([gx.ravel(), gy.ravel()])).reshape(gx.shape)
    return gx, gy, z


def _contour_axes(ax: Any, run: Any, lang: str, upto: int | None = None) -> None:
    gx, gy, z = _grid(run)
    finite = z[np.isfinite(z)]
    levels = np.unique(np.quantile(finite, np.linspace(0, 1, 22) ** 2)) if finite.size else 10
    ax.contourf(gx, gy, z, levels=levels, cmap="viridis", alpha=0.55)
    ax.contour(gx, gy, z, levels=levels, colors="k", linewidths=0.4, alpha=0.5)
    pts = run.points[:upto]
    ax.plot(pts[:, 0], pts[:, 1], "o-", color=PATH_COLOR, ms=3, lw=1.2, label=_t("path", lang))
    ax.plot(*run.points[0], "s", color="white", mec="k", ms=8, label=_t("start", lang))
    if upto is None or upto >= len(run.points):
        ax.plot(*run.points[-1], "*", color="gold", mec="k", ms=14, label=_t("end", lang))
    ax.set_xlim(gx.min(), gx.max())
    ax.set_ylim(gy.min(), gy.max())
    ax.set_aspect("equal")  # circles stay circles: the gradient is seen at right angles
    ax.set_xlabel(run.variables[0])
    ax.set_ylabel(run.variables[1])
    ax.legend(loc="best", fontsize=8)


def _two_variables(run: Any) -> None:
    if len(run.variables) != 2:
        raise InputError(f"this picture needs a function of two variables, got {run.variables}")


def plot_contour(run: Any, path: PathLike = None, *, lang: str = "en") -> Any:
    """The contour map of f(x, y) with the descent path on it."""
    _two_variables(run)
    fig, ax = plt.subplots(figsize=(6, 5))
    _contour_axes(ax, run, lang)
    ax.set_title(_t("contour_title", lang, expression=run.expression, lr=run.learning_rate))
    fig.tight_layout()
    return _finish(fig, path)


def _surface_axes(ax: Any, run: Any, lang: str) -> None:
    gx, gy, z = _grid(run, 60)
    ax.plot_surface(gx, gy, z, cmap="viridis", alpha=0.6, linewidth=0, antialiased=True)
    pts, vals = run.points, run.values
    ok = np.isfinite(vals) & (vals <= np.nanmax(z))
    ax.plot(pts[ok, 0], pts[ok, 1], vals[ok], "o-", color=PATH_COLOR, ms=3, lw=1.5,
            label=_t("path", lang), zorder=10)  # fmt: skip
    ax.set_xlabel(run.variables[0])
    ax.set_ylabel(run.variables[1])
    ax.set_zlabel("f")
    ax.view_init(elev=32, azim=-60)


def plot_surface(run: Any, path: PathLike = None, *, lang: str = "en") -> Any:
    """The 3-D surface of f(x, y) (the bowl x² + y²) with the descent path on it."""
    _two_variables(run)
    fig = plt.figure(figsize=(6.5, 5.5))
    ax = fig.add_subplot(projection="3d")
    _surface_axes(ax, run, lang)
    ax.set_title(_t("surface_title", lang, expression=run.expression))
    fig.tight_layout()
    return _finish(fig, path)


def plot_values(run: Any, path: PathLike = None, *, lang: str = "en") -> Any:
    """f against step (for any number of variables)."""
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(np.arange(len(run.values)), run.values, color=PATH_COLOR)
    ax.set_xlabel(_t("step_axis", lang))
    ax.set_ylabel(_t("value_axis", lang))
    ax.set_yscale("symlog")
    ax.grid(alpha=0.3)
    ax.set_title(_t("contour_title", lang, expression=run.expression, lr=run.learning_rate))
    fig.tight_layout()
    return _finish(fig, path)


def plot_descent(run: Any, path: PathLike = None, *, lang: str = "en") -> Any:
    """The natural picture of a run: the curve (1-D), contour and bowl (2-D), or f by step."""
    if len(run.variables) == 1:
        return plot_descent_1d(run, path, lang=lang)
    if len(run.variables) > 2:
        return plot_values(run, path, lang=lang)
    fig = plt.figure(figsize=(12, 5))
    _contour_axes(fig.add_subplot(1, 2, 1), run, lang)
    _surface_axes(fig.add_subplot(1, 2, 2, projection="3d"), run, lang)
    title = _t("contour_title", lang, expression=run.expression, lr=run.learning_rate)
    fig.suptitle(f"{title}: {run.outcome.label(lang)}")
    fig.tight_layout()
    return _finish(fig, path)


def plot_learning_rates(result: Any, path: PathLike = None, *, lang: str = "en") -> Any:
    """x (the first variable) and f against step, one line per learning rate of a sweep."""
    if result.history is None:
        raise InputError("this sweep kept no history: call sweep(..., keep_history=True)")
    fig, (ax_x, ax_f) = plt.subplots(1, 2, figsize=(12, 4.5))
    colors = plt.get_cmap("tab10")
    var = result.variables[0]
    reach = 2.0 * max(abs(result.start[var]), 1e-3)
    for i, run in enumerate(result.runs):
        n = run.steps_taken + 1
        xs, fs = result.history["points"][:n, 0, i], result.history["values"][:n, i]
        out = np.flatnonzero(~(np.abs(xs) <= reach))
        if out.size:  # drawn until it leaves the frame (one point beyond), as it leaves
            n = int(out[0]) + 1  # any scale: the rest would only fill the panel with lines
            xs, fs = xs[:n], fs[:n]
        label = _t("lr_line", lang, lr=run.learning_rate, verdict=run.outcome.label(lang))
        # a run that jumps from side to side draws a solid band: keep it thin and behind,
        # so the runs that settle stay visible on top of it
        wild = run.verdict in ("diverged", "oscillating")
        style = (
            {"lw": 0.8, "alpha": 0.7, "marker": "o", "ms": 3, "zorder": 1}
            if wild
            else {"lw": 2.0, "zorder": 3}
        )
        ax_x.plot(np.arange(n), xs, color=colors(i % 10), label=label, **style)
        ax_f.plot(np.arange(n), fs, color=colors(i % 10), label=label, **style)
    f0 = np.abs(result.history["values"][0]).max()
    ax_x.set_ylim(-reach, reach)  # diverging runs leave the frame, as they leave any scale
    values = result.history["values"]
    positive = values[np.isfinite(values) & (values > 0)]
    if positive.size and (values[np.isfinite(values)] >= 0).all():
        ax_f.set_yscale("log")
        ax_f.set_ylim(max(positive.min(), 1e-16 * f0) / 2, 100.0 * max(f0, positive.min()))
    else:
        ax_f.set_yscale("symlog", linthresh=1e-2)
    for ax, ylabel in ((ax_x, var), (ax_f, _t("value_axis", lang))):
        ax.set_xlabel(_t("step_axis", lang))
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
    ax_x.legend(fontsize=8)
    ax_f.legend(fontsize=8)
    fig.suptitle(_t("lr_title", lang, expression=result.expression))
    fig.tight_layout()
    return _finish(fig, path)
