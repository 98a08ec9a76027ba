"""``report.md``: the same report in Markdown, its pictures as files in ``images/`` beside it."""

from __future__ import annotations

from gradstep import __version__
from gradstep.i18n import message
from gradstep.report.render import mark, summary, value_text
from gradstep.report.results import ExampleResult, TourResult


def _t(key: str, lang: str, **fields: object) -> str:
    return message(f"tour.report.{key}", lang, **fields)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _checks(example: ExampleResult, lang: str) -> list[str]:
    head = [_t(k, lang) for k in ("ok", "what", "expected", "got")]
    lines = ["| " + " | ".join(head) + " |", "|---|---|---|---|"]
    for c in example.checks:
        cells = [mark(c), c.what, value_text(c.expected, lang), value_text(c.got, lang)]
        lines.append("| " + " | ".join(_cell(v) for v in cells) + " |")
    return lines


def _section(example: ExampleResult, lang: str) -> list[str]:
    lines = [f"## {example.id}. {example.title}", "", f"**{_t('question', lang)}**", ""]
    lines += [f"> {line}" for line in example.question.splitlines()]
    lines += ["", f"**{_t('computed', lang)}**", "", "```text", *example.computed, "```", ""]
    for pic in example.pictures:
        lines += [f"![{_cell(pic.caption)}]({pic.path})", "", f"*{pic.caption}*", ""]
    lines += [f"**{_t('checks', lang)}**", "", *_checks(example, lang), ""]
    return lines


def render_markdown(tour: TourResult) -> str:
    """The Markdown text; image links are relative to the report's folder."""
    lang = tour.lang
    lines = [f"# {_t('title', lang)}", "", _t("intro", lang), "", f"**{summary(tour)}**", ""]
    for e in tour.examples:
        lines.append(f"{e.id}. {e.title} {'✓' if e.ok else '✗'}")
    lines.append("")
    for e in tour.examples:
        lines += _section(e, lang)
    lines += ["---", "", _t("footer", lang, version=__version__), ""]
    return "\n".join(lines)
