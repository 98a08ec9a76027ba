"""Generated datasets, all seeded: moons, circles, spirals and a house-price-like regression.

>>> x, y = moons(100, noise=0.1, seed=0)
>>> x.shape, sorted(set(y.tolist()))
((100, 2), [0, 1])
"""

from __future__ import annotations

import numpy as np

from gradstep.errors import InputError


def _check(n: int, noise: float) -> None:
    if n < 4:
        raise InputError(f"need at least 4 points, got {n}")
    if noise < 0:
        raise InputError(f"noise must be >= 0, got {noise}")


def _halves(n: int) -> tuple[int, int]:
    return n - n // 2, n // 2


def moons(n: int = 1000, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles (scikit-learn's construction), Gaussian noise added."""
    _check(n, noise)
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n)
    t0, t1 = np.linspace(0, np.pi, n0), np.linspace(0, np.pi, n1)
    upper = np.column_stack([np.cos(t0), np.sin(t0)])
    lower = np.column_stack([1 - np.cos(t1), 0.5 - np.sin(t1)])
    x = np.vstack([upper, lower]) + rng.normal(0.0, noise, (n, 2))
    return x, np.concatenate([np.zeros(n0, np.int64), np.ones(n1, np.int64)])


def circles(
    n: int = 1000, noise: float = 0.1, factor: float = 0.5, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A small circle (class 1, radius ``factor``) inside a large one (class 0)."""
    _check(n, noise)
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n)
    t0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    t1 = np.linspace(0, 2 * np.pi, n1, endpoint=False)
    outer = np.column_stack([np.cos(t0), np.sin(t0)])
    inner = factor * np.column_stack([np.cos(t1), np.sin(t1)])
    x = np.vstack([outer, inner]) + rng.normal(0.0, noise, (n, 2))
    return x, np.concatenate([np.zeros(n0, np.int64), np.ones(n1, np.int64)])


def spirals(
    n: int = 1000, noise: float = 0.1, classes: int = 3, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """``classes`` arms of a spiral winding out from the centre (CS231n's toy problem)."""
    _check(n, noise)
    if classes < 2:
        raise InputError(f"spirals need at least 2 classes, got {classes}")
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % classes
    r = np.concatenate([np.linspace(0.05, 1.0, int((labels == k).sum())) for k in range(classes)])
    labels = np.sort(labels)
    angle = labels * (2 * np.pi / classes) + r * 4.0 + rng.normal(0.0, noise, n)
    x = np.column_stack([r * np.sin(angle), r * np.cos(angle)])
    return x, labels.astype(np.int64)


HOUSE_FEATURES = ("area_m2", "bedrooms", "age_years", "distance_km", "floor")


def house_prices(n: int = 1000, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A house-price-like regression: price (thousands) from area, rooms, age, distance, floor.

    Mostly linear in area with diminishing returns, minus age and distance, plus noise
    proportional to ``noise`` × the price scale.
    """
    _check(n, noise)
    rng = np.random.default_rng(seed)
    area = rng.uniform(30, 200, n)
    bedrooms = np.clip(np.round(area / 35 + rng.normal(0, 0.7, n)), 1, 6)
    age = rng.uniform(0, 60, n)
    distance = rng.exponential(8.0, n)
    floor = rng.integers(0, 20, n).astype(float)
    price = (
        60
        + 2.5 * area
        - 0.004 * area**2
        + 15 * bedrooms
        - 1.2 * age
        - 25 * np.log1p(distance)
        + 1.5 * floor
    )
    price = price + rng.normal(0.0, noise * price.std(), n)
    return np.column_stack([area, bedrooms, age, distance, floor]), price
