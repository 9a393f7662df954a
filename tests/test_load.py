"""Concurrency for real, on loopback: a small load test (no request lost or answered wrongly),
overload answered with 503 + Retry-After, and the OpenAPI fuzzed with schemathesis (no 5xx)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from service_helpers import TINY_SERVICE
from voice2image.services.server import serving
from voice2image.tools.loadtest import Clip, run_load, synthesized_clips

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
OVERRIDES = TINY_SERVICE


@pytest.fixture(scope="module")
def clips() -> list[Clip]:
    return synthesized_clips(2)


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serving(["asr", "image", "orchestrator"], OVERRIDES) as base:
        yield base


def test_small_load_loses_nothing(url: str, clips: list[Clip]) -> None:
    report = asyncio.run(run_load(url, clips, clients=4, requests=12, max_s=240))
    (REPO / "test-artifacts").mkdir(exist_ok=True)
    (REPO / "test-artifacts" / "load_small.json").write_text(json.dumps(asdict(report), indent=2))
    assert report.passed, report.problems
    assert report.ok == 12 and report.lost == 0 and report.wrong == 0
    assert report.throughput_rps > 0 and report.p50_s <= report.p95_s <= report.max_s


def test_overload_is_503_with_retry_after(clips: list[Clip]) -> None:
    overrides = [*OVERRIDES, "serve.max_waiting=0", "serve.retry_after_s=3"]
    with serving(["asr", "image", "orchestrator"], overrides) as base:

        async def burst() -> list[httpx.Response]:
            async with httpx.AsyncClient(base_url=base, timeout=120) as client:
                files = {"audio": ("a.wav", clips[0].audio)}
                calls = [client.post("/v1/process", files=files) for _ in range(6)]
                return await asyncio.gather(*calls)

        responses = asyncio.run(burst())
        statuses = sorted(r.status_code for r in responses)
        assert set(statuses) <= {200, 503} and 200 in statuses and 503 in statuses, statuses
        refused = next(r for r in responses if r.status_code == 503)
        assert refused.headers["retry-after"] == "3"
        assert refused.json()["error"]["code"] == "overloaded"
        after = httpx.post(
            f"{base}/v1/process", files={"audio": ("a.wav", clips[0].audio)}, timeout=120
        )
        assert after.status_code == 200  # still serving
        assert httpx.get(f"{base}/ready").json()["queues"]["asr"]["rejected"] >= 1


def test_openapi_fuzz_finds_no_server_error(url: str) -> None:
    """Every operation of the OpenAPI, fuzzed with valid and invalid requests (20 each), must
    pass every default schemathesis check but two: a schema-valid request may still be refused
    with a 4xx when its content is unusable (an unknown preset, bytes that are not audio), and
    pydantic's lax mode accepts `false` for the nested `Subject.count` (as 0).

    Schemathesis's Python API with hypothesis, not its pytest plugin: the plugin reads pytest
    internals that change between pytest releases (it broke on pytest 9)."""
    schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    skipped = [
        schemathesis.checks.positive_data_acceptance,
        schemathesis.checks.negative_data_rejection,
    ]
    failures: list[str] = []
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=20,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def fuzz(case: schemathesis.Case) -> None:
                case.call_and_validate(excluded_checks=skipped)

            try:
                fuzz()
            except Unsatisfiable:  # nothing invalid to send: no parameters, or only a path one
                assert mode is GenerationMode.NEGATIVE, operation.label
            except Exception as exc:  # a failed check: collect every operation's, then fail
                failures.append(f"{operation.label} [{mode.value}]: {exc}")
    assert len(operations) >= 8, [op.label for op in operations]
    assert not failures, "\n\n".join(failures)
