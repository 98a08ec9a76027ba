"""Shared test helpers."""

from __future__ import annotations

import os

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("COLUMNS", "120")


def _torch():
    try:
        import torch
    except ImportError:
        return None
    torch.set_default_dtype(torch.float64)
    return torch


@pytest.fixture(scope="session")
def torch():
    """PyTorch as a test oracle; tests using it skip when it is not installed."""
    module = _torch()
    if module is None:
        pytest.skip("PyTorch is not installed (pip install -e '.[test]' adds torch==2.13.0)")
    return module
