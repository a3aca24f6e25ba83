"""The API against its own OpenAPI document (schemathesis): generated requests to every
endpoint (the ingest one with its token); no 500, every response valid for the schema."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from servekit import TOKEN, build_store

from rasad.serve import create_app


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory, dev_dir: Path) -> schemathesis.BaseSchema:
    db = build_store(tmp_path_factory.mktemp("schemathesis"), dev_dir / "docs")
    # (schemathesis calls the app as "testserver")
    app = create_app(str(db), TOKEN, cache_seconds=0, allowed_hosts=["testserver", "127.0.0.1"])
    return schemathesis.openapi.from_asgi("/api/openapi.json", app)


def test_api_conforms_to_its_schema(api_schema: schemathesis.BaseSchema) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:

        @settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(data=st.data())
        def check(data: st.DataObject) -> None:
            case = data.draw(operation.as_strategy())  # noqa: B023 (run at once, in this loop)
            case.call_and_validate(headers={"Authorization": f"Bearer {TOKEN}"})

        check()
