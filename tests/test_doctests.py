"""Every docstring example in the library runs and prints what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import gradstep

OPTIONAL = ("gradstep.web",)  # needs the web extra


def _modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(gradstep.__path__, "gradstep."):
        if not info.name.startswith(OPTIONAL):
            names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} docstring example(s) failed in {name}"
