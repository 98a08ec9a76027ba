"""``save`` and ``load``: a model as one ``.npz`` file, readable without gradstep.

Format (version 1): a NumPy ``.npz`` archive (a zip of ``.npy`` arrays) holding

* ``__header__``: UTF-8 JSON as a uint8 array, ``{"format": "gradstep.nn", "version": 1,
  "architecture": <Module.config()>, "dtype": "float32", "parameters": [names...]}``;
* one array per parameter, named by its dotted name (``"0.weight"``, ``"0.bias"``, ...).
  A ``Linear`` weight has shape (in, out): z = x·W + b (PyTorch stores W transposed).

Loading never unpickles anything (``allow_pickle=False``), so a file cannot run code.

>>> import tempfile, os, gradstep as gs
>>> from gradstep.nn import MLP
>>> path = os.path.join(tempfile.mkdtemp(), "m.npz")
>>> save(MLP([2, 3, 1], seed=0), path)
>>> load(path).config()["sizes"]
[2, 3, 1]
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from gradstep.errors import InputError
from gradstep.nn.layers import build
from gradstep.nn.module import Module
from gradstep.viz._io import write_atomic

FORMAT, VERSION, HEADER = "gradstep.nn", 1, "__header__"


def encode_header(header: dict[str, Any]) -> np.ndarray:
    return np.frombuffer(json.dumps(header).encode("utf-8"), dtype=np.uint8)


def write_npz(path: str | os.PathLike[str], arrays: dict[str, np.ndarray]) -> None:
    """Write arrays to ``path`` atomically (a temp file in the same folder, read back, then
    ``os.replace``): a failed or bad write never replaces a good file."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    names = set(arrays)
    write_atomic(
        path, lambda handle: handle.write(buffer.getvalue()), lambda tmp: _verify(tmp, names)
    )


def _verify(path: str, names: set[str]) -> None:
    """Read a freshly written file back before it may replace anything."""
    with np.load(path, allow_pickle=False) as archive:
        if set(archive.files) != names:
            raise OSError(f"writing {path!r} failed: the file read back differs")


def read_npz(path: str | os.PathLike[str], what: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, arrays) of a gradstep ``.npz``; a clear InputError when missing or corrupt."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{what} {str(path)!r} does not exist")
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        header = json.loads(arrays.pop(HEADER).tobytes().decode("utf-8"))
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ValueError("not a gradstep file")
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile, UnicodeDecodeError):
        raise InputError(
            f"{what} {str(path)!r} is corrupt or not a gradstep file (it was left untouched)"
        ) from None
    return header, arrays


def model_header(model: Module) -> dict[str, Any]:
    params = model.state_dict()
    dtype = str(next(iter(params.values())).dtype) if params else "float32"
    return {
        "format": FORMAT,
        "version": VERSION,
        "architecture": model.config(),
        "dtype": dtype,
        "parameters": list(params),
    }


def save(model: Module, path: str | os.PathLike[str]) -> None:
    """Save architecture and weights to ``path`` (written atomically; see the format above)."""
    arrays = dict(model.state_dict())
    arrays[HEADER] = encode_header(model_header(model))
    write_npz(path, arrays)


def model_from(header: dict[str, Any], arrays: dict[str, Any]) -> Module:
    """Rebuild a model from a header and its parameter arrays."""
    try:
        model = build(header["architecture"], dtype=np.dtype(header.get("dtype", "float32")))
    except (KeyError, TypeError) as err:
        raise InputError(f"the saved file has no usable architecture ({err})") from None
    names = header.get("parameters", list(arrays))
    prefix = "param/" if header.get("kind") == "checkpoint" else ""
    missing = [name for name in names if prefix + name not in arrays]
    if missing:
        raise InputError(f"the saved file has no array for {', '.join(missing)}: it is incomplete")
    model.load_state_dict({name: arrays[prefix + name] for name in names})
    return model


def load(path: str | os.PathLike[str]) -> Module:
    """Load a model saved by :func:`save`, or the model of a training checkpoint (no pickle
    is ever unpickled)."""
    header, arrays = read_npz(path, "model file")
    return model_from(header, arrays)
