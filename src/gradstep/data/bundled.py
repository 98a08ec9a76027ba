"""scikit-learn's bundled datasets (shipped inside the package, no download): the 8×8
handwritten digits and the diabetes progression regression."""

from __future__ import annotations

import numpy as np


def digits() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """1797 images of 8×8 pixels (values 0–16), labels 0–9."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return bunch.data, bunch.target, tuple(bunch.feature_names)


def diabetes() -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """442 patients, 10 baseline measurements, disease progression after one year."""
    from sklearn.datasets import load_diabetes

    bunch = load_diabetes()
    return bunch.data, bunch.target, tuple(bunch.feature_names)
