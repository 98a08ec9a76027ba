"""Message catalogues: every word shown to people, one folder of TOML files per language.

Each language is a folder (``en/``, ``vi/``) of TOML files, one per area (``autograd.toml``,
``calculus.toml``, ...). Tables nest into dotted keys: ``[autograd.kink] relu = "..."``
is looked up as ``message("autograd.kink.relu")``. Adding a language is adding a folder.

>>> message("autograd.explain.title", "en")
'Chain rule along the graph'
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("en", "vi")
DEFAULT_LANG = "en"


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, name + "."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All messages of one language, as a flat ``{dotted.key: text}`` mapping."""
    check_lang(lang)
    folder = resources.files(__package__) / lang
    messages: dict[str, str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            messages.update(_flatten(tomllib.loads(entry.read_text("utf-8"))))
    return messages


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language, else raise a clear ``ValueError``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    return lang


def message(key: str, lang: str = DEFAULT_LANG, /, **fields: Any) -> str:
    """The text for ``key`` in ``lang``, formatted with ``fields``.

    A key missing in one language falls back to English, so a half-translated area
    still shows words, never a bare key.
    """
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANG).get(key)
    if text is None:
        raise KeyError(f"no message {key!r} in the {lang!r} catalogue")
    return text.format(**fields) if fields else text
