"""Atomic, deterministic saving of PNG, SVG and GIF (gradstep.viz._io)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from gradstep.errors import InputError
from gradstep.viz import save_figure, save_gif


def _figure():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [0, 1, 4])
    return fig


def test_save_figure_png_has_the_figure_size_and_is_deterministic(tmp_path):
    fig = _figure()
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    save_figure(fig, a, dpi=50)
    save_figure(fig, b, dpi=50)
    plt.close(fig)
    with Image.open(a) as im:
        assert im.size == (150, 100)
    assert a.read_bytes() == b.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_save_figure_svg_is_deterministic(tmp_path):
    fig = _figure()
    save_figure(fig, tmp_path / "a.svg")
    save_figure(fig, tmp_path / "b.svg")
    plt.close(fig)
    text = (tmp_path / "a.svg").read_text()
    assert text.lstrip().startswith("<?xml") and "<svg" in text
    assert text == (tmp_path / "b.svg").read_text()


def test_save_figure_rejects_unknown_suffix_and_missing_folder(tmp_path):
    fig = _figure()
    with pytest.raises(InputError, match=r"\.png"):
        save_figure(fig, tmp_path / "a.jpg")
    with pytest.raises(InputError, match="does not exist"):
        save_figure(fig, tmp_path / "nope" / "a.png")
    plt.close(fig)


def test_save_gif_keeps_frame_count_and_size(tmp_path):
    frames = [np.full((20, 30, 3), 10 * i, dtype=np.uint8) for i in range(5)]
    path = save_gif(frames, tmp_path / "a.gif", duration_ms=50)
    with Image.open(path) as im:
        assert im.size == (30, 20)
        assert im.n_frames == 5


def test_save_gif_shrinks_to_the_byte_limit(tmp_path):
    rng = np.random.default_rng(0)
    frames = [rng.integers(0, 255, (120, 160, 3), dtype=np.uint8) for _ in range(30)]
    path = save_gif(frames, tmp_path / "noise.gif", max_bytes=200_000)
    assert path.stat().st_size <= 200_000


def test_failed_save_leaves_old_file_and_no_temp(tmp_path):
    target = tmp_path / "keep.gif"
    target.write_bytes(b"old")
    with pytest.raises(InputError):
        save_gif([], target)
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.gif"]


def test_saving_onto_a_folder_is_a_clear_error_and_the_folder_stays(tmp_path):
    folder = tmp_path / "taken.png"
    folder.mkdir()
    fig = _figure()
    with pytest.raises(InputError, match="is a folder"):
        save_figure(fig, folder)
    plt.close(fig)
    assert folder.is_dir()


def test_a_folder_that_refuses_new_files_is_a_clear_error_not_an_oserror(tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    fig = _figure()
    with pytest.raises(InputError, match="Permission denied"):
        save_figure(fig, tmp_path / "a.png")
    with pytest.raises(InputError, match="Permission denied"):
        save_gif([np.zeros((4, 4, 3), np.uint8)] * 2, tmp_path / "a.gif")
    plt.close(fig)
    assert list(tmp_path.iterdir()) == []
