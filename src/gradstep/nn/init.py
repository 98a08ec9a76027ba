"""Weight initialisation: Xavier (Glorot) for sigmoid/tanh, He (Kaiming) for ReLU.

Both keep the variance of activations roughly constant from layer to layer at the start,
which is what lets a deep network train at all.

>>> import numpy as np
>>> w = he_normal(1000, 10, np.random.default_rng(0), np.float64)
>>> round(float(w.std() * np.sqrt(1000 / 2)), 1)
1.0
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

INITS = ("xavier", "he")


def xavier_uniform(fan_in: int, fan_out: int, rng: np.random.Generator, dtype: Any) -> np.ndarray:
    """U(−a, a) with a = √(6 / (fan_in + fan_out)); shape (fan_in, fan_out)."""
    bound = math.sqrt(6.0 / (fan_in + fan_out))
    return rng.uniform(-bound, bound, size=(fan_in, fan_out)).astype(dtype)


def he_normal(fan_in: int, fan_out: int, rng: np.random.Generator, dtype: Any) -> np.ndarray:
    """N(0, 2 / fan_in); shape (fan_in, fan_out)."""
    return (rng.standard_normal((fan_in, fan_out)) * math.sqrt(2.0 / fan_in)).astype(dtype)


def default_init(activation: str) -> str:
    """He for the ReLU family, Xavier for the saturating sigmoid and tanh."""
    return "he" if activation in ("relu", "leaky_relu") else "xavier"


def initial_weight(
    init: str, fan_in: int, fan_out: int, rng: np.random.Generator, dtype: Any
) -> np.ndarray:
    if init == "xavier":
        return xavier_uniform(fan_in, fan_out, rng, dtype)
    if init == "he":
        return he_normal(fan_in, fan_out, rng, dtype)
    raise ValueError(f"unknown init {init!r}: choose one of {', '.join(INITS)}")
