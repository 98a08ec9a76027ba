"""report.html opens offline (no request, no outside link); report.md shows the same
pictures as files inside the output folder."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

URL_ATTRIBUTES = {"src", "href", "srcset", "action", "poster", "data", "formaction"}


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[tuple[str, str, str]] = []
        self.meta: list[dict[str, str | None]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name in URL_ATTRIBUTES:
                self.urls.append((tag, name, value or ""))
            if name == "style":
                self.styles.append(value or "")
        if tag == "meta":
            self.meta.append(dict(attrs))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


@pytest.fixture(params=["en", "vi"])
def parsed(request: pytest.FixtureRequest) -> tuple[_Collect, Path]:
    tour = request.getfixturevalue(f"tour_{request.param}")
    parser = _Collect()
    parser.feed((tour.out / "report.html").read_text("utf-8"))
    return parser, tour.out


def test_html_requests_nothing_outside_itself(parsed):
    parser, _ = parsed
    assert parser.urls, "the page has pictures"
    for tag, name, value in parser.urls:
        if tag == "img":
            assert value.startswith(("data:image/png;base64,", "data:image/gif;base64,"))
        else:
            assert tag == "a" and name == "href" and value.startswith("#"), (tag, name, value)
    for forbidden in ("script", "link", "iframe", "object", "embed", "base"):
        assert forbidden not in parser.tags
    css = " ".join(parser.styles)
    assert "@import" not in css and "url(" not in css and "@font-face" not in css


def test_html_embeds_every_picture_and_forbids_requests(parsed):
    parser, out = parsed
    images = [v for tag, _, v in parser.urls if tag == "img"]
    assert len(images) == len(list((out / "images").iterdir()))
    csp = [
        m for m in parser.meta if (m.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert csp and "default-src 'none'" in (csp[0].get("content") or "")


def test_html_text_has_no_http_links(parsed):
    _, out = parsed
    text = (out / "report.html").read_text("utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", text, re.I)


def test_markdown_images_are_files_inside_the_output_folder(parsed):
    _, out = parsed
    text = (out / "report.md").read_text("utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(links) == len(list((out / "images").iterdir()))
    for link in links:
        assert not re.match(r"[a-z]+:", link) and not link.startswith("/")
        path = (out / link).resolve()
        assert path.is_file() and path.is_relative_to(out.resolve())


def test_markdown_has_every_example_with_its_checks(parsed):
    _, out = parsed
    text = (out / "report.md").read_text("utf-8")
    headings = re.findall(r"^## (\d+)\. ", text, re.M)
    assert headings == [str(i) for i in range(1, 11)]
    assert text.count("| ✓ |") >= 60 and "| ✗ |" not in text
