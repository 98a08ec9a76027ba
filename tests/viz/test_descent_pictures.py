"""The descent pictures open with Pillow with the expected size and frame count."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from PIL import Image

from gradstep import viz
from gradstep.descent import descend, sweep
from gradstep.descent.losses import compare_losses
from gradstep.errors import InputError


@pytest.fixture(scope="module")
def run_1d():
    return descend("x^2", 70, 0.1, steps=30)


@pytest.fixture(scope="module")
def run_2d():
    return descend("x^2 + y^2", {"x": 6, "y": 9}, 0.1, steps=25)


def _size(path):
    with Image.open(path) as im:
        return im.size, getattr(im, "n_frames", 1), im.format


def test_1d_gif_has_one_frame_per_step_and_stays_small(tmp_path, run_1d):
    path = tmp_path / "roll.gif"
    viz.animate_descent(run_1d, path, max_frames=40, dpi=80)
    size, frames, fmt = _size(path)
    assert fmt == "GIF" and size == (512, 320)  # 6.4 × 4.0 inches at 80 dpi
    assert frames == 31  # x₀ … x₃₀
    assert path.stat().st_size <= 2_000_000


def test_1d_gif_thins_long_runs_to_max_frames(tmp_path):
    run = descend("x^2", 70, 0.01, steps=300)
    path = tmp_path / "long.gif"
    frames = viz.animate_descent(run, path, max_frames=24, dpi=50)
    assert len(frames) == 24
    assert _size(path)[1] == 24


def test_2d_gif_grows_the_path_on_the_contour_map(tmp_path, run_2d):
    path = tmp_path / "bowl.gif"
    viz.animate_descent(run_2d, path, max_frames=12, dpi=50)
    size, frames, _ = _size(path)
    assert size == (280, 240) and frames == 12


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_contour_and_surface_pictures(tmp_path, run_2d, suffix):
    contour, surface = tmp_path / f"c.{suffix}", tmp_path / f"s.{suffix}"
    plt.close(viz.plot_contour(run_2d, contour))
    plt.close(viz.plot_surface(run_2d, surface))
    if suffix == "png":
        assert _size(contour)[0] == (600, 500)
        assert _size(surface)[0] == (650, 550)
    else:
        assert "<svg" in contour.read_text() and "<svg" in surface.read_text()


def test_descent_plot_is_deterministic(tmp_path, run_1d, run_2d):
    for name, run in (("one", run_1d), ("two", run_2d)):
        a, b = tmp_path / f"{name}a.png", tmp_path / f"{name}b.png"
        plt.close(viz.plot_descent(run, a))
        plt.close(viz.plot_descent(run, b))
        assert a.read_bytes() == b.read_bytes()
    assert _size(tmp_path / "onea.png")[0] == (700, 450)
    assert _size(tmp_path / "twoa.png")[0] == (1200, 500)


def test_learning_rate_comparison_needs_history(tmp_path):
    result = sweep("x^2", 70, [0.001, 0.1, 1.1], steps=60, keep_history=True)
    path = tmp_path / "rates.png"
    plt.close(viz.plot_learning_rates(result, path))
    assert _size(path)[0] == (1200, 450)
    bare = sweep("x^2", 70, [0.1], steps=10, keep_history=False)
    with pytest.raises(InputError, match="keep_history"):
        viz.plot_learning_rates(bare)


def test_loss_pictures_and_activations(tmp_path):
    shapes, fits, acts = tmp_path / "s.png", tmp_path / "m.png", tmp_path / "a.png"
    plt.close(viz.plot_loss_shapes(path=shapes))
    plt.close(viz.plot_mse_vs_mae(compare_losses(), fits, lang="vi"))
    plt.close(viz.plot_activations(path=acts))
    assert _size(shapes)[0] == (1200, 600)
    assert _size(fits)[0] == (1200, 450)
    assert _size(acts)[0] == (1260, 380)


def test_three_variables_cannot_be_animated(tmp_path):
    run = descend("x^2 + y^2 + z^2", [1.0, 2.0, 3.0], 0.1, steps=5)
    with pytest.raises(InputError, match="one or two variables"):
        viz.animate_descent(run, tmp_path / "a.gif")
    plt.close(viz.plot_descent(run, tmp_path / "values.png"))
    assert _size(tmp_path / "values.png")[0] == (700, 400)
