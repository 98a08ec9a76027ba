"""``report.html``: one self-contained page that opens offline.

Every picture is embedded as a ``data:`` URI, the style is inline, there is no script,
no web font and no link outside the page; a Content-Security-Policy forbids the browser
any request (``default-src 'none'``), so nothing can leak out even by mistake.
"""

from __future__ import annotations

import base64
import html
from pathlib import Path

from gradstep import __version__
from gradstep.i18n import message
from gradstep.report.render import mark, summary, value_text
from gradstep.report.results import ExampleResult, TourResult

MIME = {".png": "image/png", ".gif": "image/gif", ".svg": "image/svg+xml"}
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
max-width:980px;margin:2rem auto;padding:0 1rem;color:#1d2430;line-height:1.5}
h1{margin-bottom:.2rem}h2{border-bottom:2px solid #e3e7ee;padding-bottom:.3rem;margin-top:2.5rem}
h3{font-size:1rem;color:#4a5568;margin:1.2rem 0 .4rem}
.question{background:#f4f7fb;border-left:4px solid #3b82f6;margin:0;padding:.7rem 1rem}
pre{background:#f7f7f9;border:1px solid #e3e7ee;padding:.8rem;overflow-x:auto;
white-space:pre-wrap;font-size:.86rem}
figure{margin:1rem 0;text-align:center}figure img{max-width:100%;height:auto;
border:1px solid #e3e7ee}figcaption{font-size:.9rem;color:#4a5568}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border:1px solid #e3e7ee;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f7fb}.ok{color:#15803d;font-weight:bold}.bad{color:#b91c1c;font-weight:bold}
tr.failed{background:#fef2f2}.summary{font-weight:bold}nav ol{columns:2}
footer{margin-top:3rem;color:#718096;font-size:.85rem}
"""


def _t(key: str, lang: str, **fields: object) -> str:
    return html.escape(message(f"tour.report.{key}", lang, **fields))


def data_uri(path: Path) -> str:
    """The file as a ``data:`` URI (base64)."""
    mime = MIME.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _checks(example: ExampleResult, lang: str) -> str:
    head = "".join(f"<th>{_t(k, lang)}</th>" for k in ("ok", "what", "expected", "got"))
    rows = []
    for c in example.checks:
        cls = "ok" if c.ok else "bad"
        cells = [c.what, value_text(c.expected, lang), value_text(c.got, lang)]
        row = "".join(f"<td>{html.escape(v)}</td>" for v in cells)
        rows.append(
            f'<tr class="{"" if c.ok else "failed"}"><td class="{cls}">{mark(c)}</td>{row}</tr>'
        )
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


def _section(example: ExampleResult, out: Path, lang: str) -> str:
    parts = [
        f'<section id="example-{example.id}">',
        f"<h2>{example.id}. {html.escape(example.title)}</h2>",
        f"<h3>{_t('question', lang)}</h3>",
        f'<blockquote class="question">{html.escape(example.question)}</blockquote>',
        f"<h3>{_t('computed', lang)}</h3>",
        f"<pre>{html.escape(chr(10).join(example.computed))}</pre>",
    ]
    if example.pictures:
        parts.append(f"<h3>{_t('pictures', lang)}</h3>")
    for pic in example.pictures:
        caption = html.escape(pic.caption)
        parts.append(
            f'<figure><img src="{data_uri(out / pic.path)}" alt="{caption}">'
            f"<figcaption>{caption}</figcaption></figure>"
        )
    parts += [f"<h3>{_t('checks', lang)}</h3>", _checks(example, lang), "</section>"]
    return "\n".join(parts)


def render_html(tour: TourResult, out: Path) -> str:
    """The page's text (pictures read from ``out``)."""
    lang = tour.lang
    toc = "".join(
        f'<li><a href="#example-{e.id}">{html.escape(e.title)}</a> {mark_all(e)}</li>'
        for e in tour.examples
    )
    body = "\n".join(_section(e, out, lang) for e in tour.examples)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_t("title", lang)}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>{_t("title", lang)}</h1>
<p>{_t("intro", lang)}</p>
<p class="summary">{html.escape(summary(tour))}</p>
<nav><ol>{toc}</ol></nav>
</header>
{body}
<footer>{_t("footer", lang, version=__version__)}</footer>
</body>
</html>
"""


def mark_all(example: ExampleResult) -> str:
    return "✓" if example.ok else "✗"
