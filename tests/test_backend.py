"""The array backend: NumPy by default; CuPy only where a GPU is there (CI has none)."""

from __future__ import annotations

import numpy as np
import pytest

import gradstep as gs
from gradstep import backend


def test_numpy_is_the_default_backend() -> None:
    assert backend.name() == "numpy"
    assert isinstance(gs.tensor([1.0]).data, np.ndarray)


def test_an_unknown_backend_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="choose 'numpy' or 'cupy'"):
        backend.use("tpu")


@pytest.mark.skipif(not backend.cupy_available(), reason="needs CuPy and an NVIDIA GPU")
def test_cupy_backend_gives_the_same_gradient_as_numpy() -> None:  # pragma: no cover
    x0 = np.linspace(-1.0, 1.0, 7)
    expected = gs.grad(lambda x: (gs.tanh(x) ** 2).sum())(x0).numpy()
    backend.use("cupy")
    try:
        got = gs.grad(lambda x: (gs.tanh(x) ** 2).sum())(x0).numpy()
    finally:
        backend.use("numpy")
    np.testing.assert_allclose(got, expected, rtol=1e-12)
