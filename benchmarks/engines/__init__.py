"""Engine adapters for the benchmarks of issue 3 (W1-W5); see ``benchmarks/README.md``.

:func:`load` imports each adapter and skips, with the reason, any whose engine is not
installed, so the runner works with only NumPy and gradstep present.
"""

from __future__ import annotations

import importlib
from typing import Any

from engines.base import Adapter

# (module, class, keyword arguments), in the order the tables list them.
REGISTRY: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("numpy_engine", "NumpyAdapter", {}),
    ("gradstep_engine", "GradstepAdapter", {}),
    ("torch_engine", "TorchAdapter", {}),
    ("torch_engine", "TorchFuncAdapter", {}),
    ("jax_engine", "JaxAdapter", {"jit": False}),
    ("jax_engine", "JaxAdapter", {"jit": True}),
    ("autograd_engine", "AutogradAdapter", {}),
    ("mygrad_engine", "MygradAdapter", {}),
    ("micrograd_engine", "MicrogradAdapter", {}),
)


def load(only: set[str] | None = None) -> tuple[list[Adapter], dict[str, str]]:
    """The adapters whose engines import, and ``{module: why skipped}`` for the others."""
    adapters: list[Adapter] = []
    missing: dict[str, str] = {}
    for module, cls, kwargs in REGISTRY:
        if module in missing:
            continue
        try:
            mod = importlib.import_module(f"engines.{module}")
        except ImportError as err:
            missing[module.removesuffix("_engine")] = f"not installed ({err})"
            continue
        adapter = getattr(mod, cls)(**kwargs)
        if only is None or adapter.name in only:
            adapters.append(adapter)
    return adapters, missing
