"""The quick tour, end to end through the CLI: every check passes in both languages, the
JSON has exactly the documented keys, and the files are where the report says."""

from __future__ import annotations

import pytest
from PIL import Image

from gradstep.i18n import catalogue

EXAMPLE_IDS = list(range(1, 11))


@pytest.fixture(params=["en", "vi"])
def tour(request: pytest.FixtureRequest):
    return request.getfixturevalue(f"tour_{request.param}")


def test_quick_tour_exits_0_and_every_check_agrees_with_the_lessons(tour):
    failed = [(e["id"], c) for e in tour.payload["examples"] for c in e["checks"] if not c["ok"]]
    assert failed == []
    assert tour.exit_code == 0, tour.stderr


def test_json_has_exactly_report_lang_seconds_examples(tour):
    payload = tour.payload
    assert set(payload) == {"report", "lang", "seconds", "examples"}
    assert set(payload["report"]) == {"html", "markdown"}
    assert isinstance(payload["seconds"], float) and payload["seconds"] > 0
    assert [e["id"] for e in payload["examples"]] == EXAMPLE_IDS
    for example in payload["examples"]:
        assert set(example) == {"id", "title", "checks"}
        assert example["title"] and example["checks"]
        for check in example["checks"]:
            assert set(check) == {"what", "expected", "got", "ok"}
            assert isinstance(check["ok"], bool) and check["what"]


def test_json_names_the_report_files_inside_the_output_folder(tour):
    for key, name in (("html", "report.html"), ("markdown", "report.md")):
        path = tour.out / name
        assert tour.payload["report"][key] == str(path)
        assert path.is_file() and path.stat().st_size > 0


def test_language_is_the_one_asked_for(tour_en, tour_vi):
    assert tour_en.payload["lang"] == "en" and tour_vi.payload["lang"] == "vi"
    en_titles = [e["title"] for e in tour_en.payload["examples"]]
    vi_titles = [e["title"] for e in tour_vi.payload["examples"]]
    assert all(a != b for a, b in zip(en_titles, vi_titles, strict=True))
    md = (tour_vi.out / "report.md").read_text("utf-8")
    for term in ("đạo hàm", "quy tắc chuỗi", "tốc độ học", "cực tiểu", "lan truyền ngược"):
        assert term in md.lower()


def test_lessons_numbers_are_in_the_checks(tour_en):
    """Spot-check values the lessons state (the report cannot pass with other numbers)."""
    checks = {e["id"]: e["checks"] for e in tour_en.payload["examples"]}
    got = {(i, c["expected"]): c["got"] for i, cs in checks.items() for c in cs}
    assert got[(1, 10)] == 10 and got[(1, -6)] == -6
    assert got[(2, 56)] == 56 and got[(2, 14)] == 14 and got[(2, 1.12)] == 1.12
    assert got[(2, 0.14)] == 0.14 and got[(3, -1.2)] == -1.2
    assert got[(5, 4.8)] == 4.8 and got[(5, 7.2)] == 7.2
    assert got[(6, "8*x - 16")] == "8*x - 16" and got[(8, 0.25)] == 0.25


def test_every_picture_the_issue_lists_is_written(tour_en):
    images = tour_en.out / "images"
    names = {p.name for p in images.iterdir()}
    for name in ("02-descent-1d.gif", "05-bowl.png", "05-contour.png", "03-learning-rates.png",
                 "04-mse-vs-mae.png", "08-activations.png", "10-vanishing.png",
                 "10-decision-boundary.png", "10-loss-curve.png"):  # fmt: skip
        assert name in names
    with Image.open(images / "02-descent-1d.gif") as gif:
        assert gif.n_frames > 1
    for path in images.glob("*.png"):
        with Image.open(path) as png:
            assert png.width >= 400 and png.height >= 300


def test_no_temporary_files_are_left_behind(tour_en):
    leftovers = [p.name for p in tour_en.out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_en_and_vi_catalogues_have_the_same_tour_keys():
    en = {k for k in catalogue("en") if k.startswith("tour.")}
    vi = {k for k in catalogue("vi") if k.startswith("tour.")}
    assert en == vi and len(en) > 50
