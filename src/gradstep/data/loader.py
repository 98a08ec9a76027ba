"""``BatchLoader``: mini-batches in a seeded random order, one pass per epoch.

The order comes from the generator it is given, so saving that generator's state in a
checkpoint is enough to replay exactly the same batches after a resume.

>>> import numpy as np
>>> loader = BatchLoader(np.arange(10.0).reshape(5, 2), np.arange(5), 2, np.random.default_rng(0))
>>> [len(xb) for xb, yb in loader]
[2, 2, 1]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from gradstep.autograd.tensor import Tensor, _leaf
from gradstep.errors import InputError


class BatchLoader:
    """Iterate (x, y) batches as tensors; a fresh seeded shuffle on every pass."""

    def __init__(
        self,
        x: np.ndarray,
        y: np.ndarray,
        batch_size: int,
        rng: np.random.Generator | None = None,
        shuffle: bool = True,
    ) -> None:
        if batch_size < 1:
            raise InputError(f"batch size must be >= 1, got {batch_size}")
        if len(x) != len(y):
            raise InputError(f"x has {len(x)} rows but y has {len(y)}")
        self.x, self.y, self.batch_size = x, y, int(batch_size)
        self.rng = rng if rng is not None else np.random.default_rng(0)
        self.shuffle = shuffle

    def __len__(self) -> int:
        return -(-len(self.x) // self.batch_size)

    def __iter__(self) -> Iterator[tuple[Tensor, Tensor]]:
        n = len(self.x)
        order = self.rng.permutation(n) if self.shuffle else np.arange(n)
        for start in range(0, n, self.batch_size):
            index = order[start : start + self.batch_size]
            yield _leaf(self.x[index]), _leaf(self.y[index])

    def __repr__(self) -> str:
        return f"BatchLoader({len(self.x)} rows, batch_size={self.batch_size})"


def batches(x: Any, y: Any, batch_size: int, seed: int = 0) -> BatchLoader:
    """A :class:`BatchLoader` with its own generator seeded by ``seed``."""
    return BatchLoader(np.asarray(x), np.asarray(y), batch_size, np.random.default_rng(seed))
