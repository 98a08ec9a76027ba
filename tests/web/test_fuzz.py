"""Fuzz the API from its own OpenAPI schema (schemathesis): whatever it is sent, it never
answers 5xx, and every 4xx carries a sentence in ``detail``."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from tests.web.conftest import LiveServer, need_web

need_web()
schemathesis = pytest.importorskip(
    "schemathesis", reason="schemathesis is not installed: pip install schemathesis"
)


@pytest.fixture(scope="module")
def web_schema(live_server: LiveServer) -> Any:
    loaded = schemathesis.openapi.from_url(f"{live_server.url}/openapi.json")
    # valid bodies (computations run) and invalid ones (wrong types, missing fields ...)
    loaded.config.generation.update(modes=list(schemathesis.GenerationMode))
    return loaded


schema = schemathesis.pytest.from_fixture("web_schema")
SEEN: set[int] = set()


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_never_answers_5xx_and_explains_every_4xx(case: Any) -> None:
    response = case.call(timeout=30)
    SEEN.add(response.status_code)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        detail = response.json()["detail"]
        assert isinstance(detail, str) and len(detail) > 5, response.text


def test_fuzzing_reached_both_answers_and_rejections() -> None:
    if not SEEN:
        pytest.skip("the fuzz test did not run in this process")
    assert 200 in SEEN and 422 in SEEN, SEEN
