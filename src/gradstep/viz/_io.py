"""Saving pictures: atomic, deterministic PNG, SVG and GIF files.

Every file is written to a temporary file in the same folder and then moved into place
with ``os.replace``, so a reader never sees half a picture and a failed save leaves the
old file untouched. PNG and SVG carry no date or software stamp, so the same figure
gives the same bytes twice.

Public and stable (other areas use them): :func:`save_figure`, :func:`save_gif`,
:func:`figure_to_image`.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from gradstep.errors import InputError

FIGURE_FORMATS = ("png", "svg")
GIF_MAX_BYTES = 2_000_000


def _format_of(path: Path, allowed: Sequence[str]) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in allowed:
        choices = ", ".join(f".{a}" for a in allowed)
        raise InputError(f"cannot save {str(path)!r}: use a file name ending in {choices}")
    return suffix


def _check_folder(path: Path) -> Path:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"cannot save {str(path)!r}: the folder {str(folder)!r} does not exist")
    return folder


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(
    path: str | os.PathLike[str],
    write: Callable[[Any], None],
    check: Callable[[str], None] | None = None,
) -> Path:
    """Call ``write(binary_file)`` on a temporary file next to ``path``, then move it there.

    The file is flushed to disk first; ``check(temporary_path)``, when given, reads it back
    and raises (``OSError``) if it is not what was meant, before it may replace anything.
    """
    target = Path(path)
    folder = _check_folder(target)
    if target.is_dir():
        raise InputError(f"cannot save {str(target)!r}: it is a folder; give a file name")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise InputError(f"cannot save {str(target)!r}: {err.strerror or err}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if check is not None:
            check(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
        os.replace(tmp, target)
    except BaseException as err:
        if os.path.exists(tmp):
            os.unlink(tmp)
        if isinstance(err, OSError):
            raise InputError(f"cannot save {str(target)!r}: {err.strerror or err}") from None
        raise
    return target


def save_figure(fig: Any, path: str | os.PathLike[str], *, dpi: int = 100) -> Path:
    """Save a Matplotlib figure as PNG or SVG (chosen by the suffix), atomically.

    The output is deterministic: no timestamps, fixed SVG ids. Returns the path written.
    """
    import matplotlib

    target = Path(path)
    fmt = _format_of(target, FIGURE_FORMATS)
    metadata = {"Software": None} if fmt == "png" else {"Date": None, "Creator": None}

    def write(handle: Any) -> None:
        with matplotlib.rc_context({"svg.hashsalt": "gradstep", "svg.fonttype": "path"}):
            fig.savefig(handle, format=fmt, dpi=dpi, metadata=metadata)

    return write_atomic(target, write)


def figure_to_image(fig: Any, *, dpi: int | None = None) -> Any:
    """Render a Matplotlib figure to an RGB ``PIL.Image`` (for GIF frames).

    With ``dpi=None`` the figure's own canvas is drawn (fast: no PNG round trip).
    """
    from PIL import Image

    if dpi is None:
        fig.canvas.draw()
        rgba = fig.canvas.buffer_rgba()
        return Image.frombuffer("RGBA", fig.canvas.get_width_height(), rgba).convert("RGB")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    buffer.seek(0)
    with Image.open(buffer) as image:
        return image.convert("RGB")


def _as_image(frame: Any) -> Any:
    from PIL import Image

    if isinstance(frame, Image.Image):
        return frame.convert("RGB")
    if hasattr(frame, "savefig"):
        return figure_to_image(frame)
    import numpy as np

    array = np.asarray(frame)
    if array.dtype != np.uint8:
        array = np.clip(array * (255 if array.max() <= 1.0 else 1), 0, 255).astype(np.uint8)
    return Image.fromarray(array[..., :3] if array.ndim == 3 else array).convert("RGB")


def _shared_palette(images: list[Any]) -> Any:
    from PIL import Image

    picks = [*images[:: max(1, len(images) // 8)][:8], images[-1]]
    w, h = picks[0].size
    sheet = Image.new("RGB", (w, h * len(picks)))
    for i, im in enumerate(picks):
        sheet.paste(im.resize((w, h)), (0, i * h))
    return sheet.quantize(colors=255, method=Image.Quantize.MEDIANCUT)


def _encode_gif(images: list[Any], duration_ms: int | Sequence[int], loop: int) -> bytes:
    palette = _shared_palette(images)  # one palette for all frames: no flicker
    frames = [im.quantize(palette=palette, dither=0) for im in images]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=duration_ms,
        loop=loop,
        optimize=False,
        disposal=1,
    )
    return buffer.getvalue()


def _shrink(images: list[Any], durations: list[int]) -> tuple[list[Any], list[int]]:
    """Half the frames (keeping the last) when there are many, else 3/4 of the size."""
    if len(images) > 24:
        keep = [*range(0, len(images) - 1, 2), len(images) - 1]
        merged = [durations[i] + (durations[i + 1] if i + 1 < len(durations) else 0) for i in keep]
        return [images[i] for i in keep], merged
    w, h = images[0].size
    size = (max(1, int(w * 0.75)), max(1, int(h * 0.75)))
    return [im.resize(size) for im in images], durations


def save_gif(
    frames: Iterable[Any],
    path: str | os.PathLike[str],
    *,
    duration_ms: int | Sequence[int] = 120,
    loop: int = 0,
    max_bytes: int | None = GIF_MAX_BYTES,
) -> Path:
    """Save frames (PIL images, RGB arrays or Matplotlib figures) as an animated GIF.

    Written atomically; if the file would exceed ``max_bytes`` (2 MB by default), frames
    are thinned and then scaled down until it fits. Returns the path written.
    """
    target = Path(path)
    _format_of(target, ("gif",))
    _check_folder(target)
    images = [_as_image(f) for f in frames]
    if not images:
        raise InputError("save_gif: no frames to save")
    n = len(images)
    durations = [int(duration_ms)] * n if isinstance(duration_ms, int) else list(duration_ms)
    if len(durations) != n:
        raise InputError(f"save_gif: {n} frames but {len(durations)} durations")
    data = _encode_gif(images, durations, loop)
    while max_bytes is not None and len(data) > max_bytes and images[0].size[0] > 16:
        images, durations = _shrink(images, durations)
        data = _encode_gif(images, durations, loop)
    return write_atomic(target, lambda handle: handle.write(data))
