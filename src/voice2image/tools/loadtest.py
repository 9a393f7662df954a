"""Load test on loopback: concurrent clients post bundled clips to the orchestrator and check
every answer against the one the same clip got alone (transcript and image hash: the image is
seeded, so any mix-up between concurrent requests shows). Bounded in requests and in time.

    python -m voice2image.tools.loadtest --clients 8 --requests 40      # starts a server
    python -m voice2image.tools.loadtest --url http://127.0.0.1:8000    # an existing one

Exit status 1 when a request was lost or answered wrongly.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from voice2image.paths import project_root
from voice2image.services.server import wait_ready


@dataclass
class Clip:
    id: str
    audio: bytes
    reference: str


@dataclass
class Expected:
    text: str
    sha256: str


@dataclass
class LoadReport:
    clients: int
    requests: int
    ok: int
    wrong: int
    lost: int
    rejected_503: int
    wall_s: float
    throughput_rps: float
    p50_s: float
    p95_s: float
    max_s: float
    load_average: list[float]
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.lost == 0 and self.wrong == 0 and self.ok == self.requests


def synthesized_clips(count: int) -> list[Clip]:
    """The first `count` bundled English descriptions, spoken by the Piper voice."""
    from voice2image.descriptions import load_descriptions
    from voice2image.tools.speech import speech, wav_bytes

    root = project_root(Path.cwd()) / "data/descriptions/dev/en.yaml"
    chosen = [d for d in load_descriptions(root) if len(d.text.split()) <= 16][:count]
    return [Clip(d.id, wav_bytes(speech(d.text, "piper_joe", 0.2)), d.text) for d in chosen]


def bundled_clips(count: int, manifest: str | Path | None = None) -> list[Clip]:
    """`count` English clips of different descriptions from data/prepared (synthetic voices);
    made with the Piper voice when the prepared set is not there."""
    path = Path(manifest) if manifest else project_root(Path.cwd()) / "data/prepared/manifest.jsonl"
    if not path.is_file():
        return synthesized_clips(count)
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    chosen: dict[str, Clip] = {}
    for row in rows:
        if row["language"] != "en" or row["source"] != "synthetic":
            continue
        if row["description_id"] in chosen or row["duration_s"] > 8:
            continue
        audio = (path.parent / row["audio"]).read_bytes()
        chosen[row["description_id"]] = Clip(row["id"], audio, row["reference"])
        if len(chosen) == count:
            break
    return list(chosen.values())


async def _post(client: httpx.AsyncClient, clip: Clip) -> httpx.Response:
    files = {"audio": (f"{clip.id}.wav", clip.audio, "audio/wav")}
    return await client.post("/v1/process", files=files)


async def expected_answers(client: httpx.AsyncClient, clips: list[Clip]) -> dict[str, Expected]:
    """Each clip alone, one after another: the answers every concurrent one must match."""
    answers = {}
    for clip in clips:
        response = await _post(client, clip)
        response.raise_for_status()
        body = response.json()
        answers[clip.id] = Expected(body["transcript"]["text"], body["image"]["sha256"])
    return answers


async def run_load(
    url: str,
    clips: list[Clip],
    clients: int = 8,
    requests: int = 40,
    max_s: float = 300.0,
    timeout_s: float = 120.0,
) -> LoadReport:
    async with httpx.AsyncClient(base_url=url, timeout=timeout_s) as client:
        expected = await expected_answers(client, clips)
        jobs: asyncio.Queue[tuple[int, Clip]] = asyncio.Queue()
        for index in range(requests):
            jobs.put_nowait((index, clips[index % len(clips)]))
        latencies: list[float] = []
        problems: list[str] = []
        counts = {"ok": 0, "wrong": 0, "rejected": 0}
        deadline = time.monotonic() + max_s

        async def worker() -> None:
            while not jobs.empty() and time.monotonic() < deadline:
                index, clip = jobs.get_nowait()
                started = time.perf_counter()
                while time.monotonic() < deadline:
                    try:
                        response = await _post(client, clip)
                    except httpx.HTTPError as exc:
                        problems.append(f"request {index}: {type(exc).__name__}: {exc}")
                        break
                    if response.status_code == 503:  # overloaded: honour Retry-After
                        counts["rejected"] += 1
                        await asyncio.sleep(float(response.headers.get("retry-after", 1)))
                        continue
                    latencies.append(time.perf_counter() - started)
                    _check(index, clip, response, expected[clip.id], counts, problems)
                    break

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        wall = time.perf_counter() - started
    ordered = sorted(latencies) or [0.0]
    return LoadReport(
        clients=clients,
        requests=requests,
        ok=counts["ok"],
        wrong=counts["wrong"],
        lost=requests - counts["ok"] - counts["wrong"],
        rejected_503=counts["rejected"],
        wall_s=round(wall, 3),
        throughput_rps=round(counts["ok"] / wall, 3) if wall else 0.0,
        p50_s=round(statistics.median(ordered), 3),
        p95_s=round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 3),
        max_s=round(ordered[-1], 3),
        load_average=[round(x, 2) for x in os.getloadavg()],
        problems=problems[:20],
    )


def _check(
    index: int,
    clip: Clip,
    response: httpx.Response,
    expected: Expected,
    counts: dict[str, int],
    problems: list[str],
) -> None:
    if response.status_code != 200:
        counts["wrong"] += 1
        problems.append(f"request {index}: HTTP {response.status_code} {response.text[:200]}")
        return
    body = response.json()
    got = Expected(body["transcript"]["text"], body["image"]["sha256"])
    if got != expected:
        counts["wrong"] += 1
        problems.append(f"request {index} ({clip.id}): got {got}, expected {expected}")
        return
    counts["ok"] += 1


def start_server(port: int, overrides: list[str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "voice2image.services", "all", "--port", str(port)]
    return subprocess.Popen([*command, *overrides], stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m voice2image.tools.loadtest")
    parser.add_argument("--url", help="an orchestrator already running; default: start one")
    parser.add_argument("--port", type=int, default=8790, help="for the server started here")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--clips", type=int, default=4, help="distinct bundled clips")
    parser.add_argument("--max-s", type=float, default=300.0, help="stop after this long")
    parser.add_argument("--json", help="write the report here too")
    parser.add_argument("overrides", nargs="*", default=["diffusion=tiny"])
    args = parser.parse_args(argv)
    server = None
    url = args.url
    if url is None:
        server = start_server(args.port, args.overrides)
        url = f"http://127.0.0.1:{args.port}"
    try:
        wait_ready(url)
        report = asyncio.run(
            run_load(url, bundled_clips(args.clips), args.clients, args.requests, args.max_s)
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    text = json.dumps(asdict(report), indent=2)
    print(text)
    if args.json:
        Path(args.json).write_text(text + "\n")
    return 0 if report.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
