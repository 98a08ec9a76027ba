"""The page in a real browser: Debian's Chromium driven by Playwright (never a downloaded
browser). Skipped, with the reason, when Playwright or /usr/bin/chromium is absent.

Set GRADSTEP_UPDATE_SCREENSHOT=1 to also refresh docs/playground.png (the README's picture).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.web.conftest import LiveServer, need_web

need_web()
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed: pip install playwright"
)

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": 1200, "height": 1400})
    page.requested = []
    page.errors = []
    page.on("request", lambda r: page.requested.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(live_server.url + "/")
    page.wait_for_selector("body[data-ready=true]", timeout=30_000)
    yield page
    assert page.errors == []
    assert all(url.startswith(live_server.url) for url in page.requested), page.requested
    page.close()


def cell(page: Any, step: int, column: str) -> str:
    selector = f"#descent-table tr[data-step='{step}'] td[data-col='{column}']"
    page.wait_for_selector(selector)
    return page.inner_text(selector)


def descend(page: Any, start: dict[str, str], lr: str) -> None:
    for name, value in start.items():
        page.fill(f"#x0-{name}", value)
    page.fill("#lr-number", lr)
    page.fill("#steps-number", "200")
    with page.expect_response(lambda r: r.url.endswith("/api/descend")):
        page.click("#run")
    page.wait_for_selector("#descent-table tbody tr")


def analyse(page: Any, expression: str) -> None:
    page.fill("#expression", expression)
    page.click("#analyse")
    page.wait_for_selector("body[data-busy=false]")


def test_x_squared_from_70_shows_x1_56_and_the_verdict(page: Any, tmp_path: Path) -> None:
    analyse(page, "x^2")
    assert "2" in page.inner_text("#derivative") and "power rule" in page.inner_text("#steps")
    assert page.inner_text("#extrema tbody").count("minimum") == 1
    descend(page, {"x": "70"}, "0.1")
    assert cell(page, 0, "x") == "70" and cell(page, 0, "dx") == "140"
    assert cell(page, 1, "x") == "56"
    assert cell(page, 0, "size") == "14"
    page.wait_for_selector("#verdict[data-verdict=converged]")
    assert "CONVERGED" in page.inner_text("#verdict").upper()
    page.fill("#rates", "0.001, 0.1, 1.1")
    page.click("#compare")
    page.wait_for_selector("#sweep-table tbody tr[data-verdict=diverged]")
    verdicts = page.eval_on_selector_all(
        "#sweep-table tbody tr", "rows => rows.map(r => r.dataset.verdict)"
    )
    assert verdicts == ["max_steps", "converged", "diverged"]
    page.wait_for_timeout(6500)  # let the ball finish rolling (about 6 s)
    shot = tmp_path / "playground.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000
    if os.environ.get("GRADSTEP_UPDATE_SCREENSHOT") == "1":
        docs = Path(__file__).resolve().parents[2] / "docs" / "playground.png"
        temp = docs.with_suffix(".png.tmp")
        shutil.copyfile(shot, temp)
        os.replace(temp, docs)


def test_2d_bowl_steps_from_6_9_to_4_8_7_2_on_the_contour_map(page: Any, tmp_path: Path) -> None:
    analyse(page, "x^2 + y^2")
    assert "∂f/∂x" in page.inner_text("#derivative")
    descend(page, {"x": "6", "y": "9"}, "0.1")
    assert (cell(page, 1, "x"), cell(page, 1, "y")) == ("4.8", "7.2")
    page.wait_for_selector("#verdict[data-verdict=converged]")
    painted = page.evaluate(
        """() => { const c = document.getElementById('plot');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0) n++; return n; }"""
    )
    assert painted > 10_000
    page.screenshot(path=str(tmp_path / "playground-2d.png"), full_page=True)


def test_invalid_expression_shows_the_error_with_the_column_marked(page: Any) -> None:
    analyse(page, "x^^2")
    page.wait_for_selector("#expr-error:not([hidden])")
    assert page.get_attribute("#expr-error", "data-column") == "3"
    assert "unexpected '^'" in page.inner_text("#expr-error")
    assert page.inner_text("#expr-error mark") == "^"
    assert page.get_attribute("#expression", "aria-invalid") == "true"


def test_switching_to_vietnamese_changes_the_words(page: Any) -> None:
    page.click("#lang-vi")
    page.wait_for_selector("html[lang=vi]")
    page.wait_for_selector("#extrema tbody td:has-text('cực tiểu')")
    page.wait_for_selector("#verdict:has-text('hội tụ')")
    assert page.inner_text("#descent-card h2") == "Hạ gradient"
    assert page.inner_text("#extrema-card h2") == "Điểm tới hạn"
    assert "cực tiểu" in page.inner_text("#extrema tbody")
