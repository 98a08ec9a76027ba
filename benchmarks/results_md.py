"""Writing ``benchmarks/RESULTS.md``: each benchmark script owns a block of it.

Scripts run as ``python benchmarks/bench_*.py``, so this folder is on ``sys.path``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and ``os.replace``."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".RESULTS.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)


def write_block(path: Path, begin: str, end: str, text: str, section: str) -> None:
    """Replace what lies between the markers ``begin`` and ``end`` (other sections
    untouched); add a ``## {section}`` section with the block at the end if absent."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    block = f"{begin}\n{text}\n{end}"
    if begin in old and end in old:
        head, _, rest = old.partition(begin)
        new = head + block + rest.partition(end)[2]
    else:
        new = old.rstrip("\n") + f"\n\n## {section}\n\n{block}\n"
    write_atomic(path, new)
