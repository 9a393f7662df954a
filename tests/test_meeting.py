"""The live meeting: the scene merge (unit), a scripted two-voice conversation over the real
WebSocket, and the same in two real Chromium browsers, one per participant."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from service_helpers import CHROMIUM, TINY_SERVICE, fake_microphone_args
from voice2image.audio import write_wav
from voice2image.schema import StructuredDescription, Subject
from voice2image.services.meeting import changes, merge
from voice2image.services.server import serving
from voice2image.tools.meeting_demo import SCRIPT, run_conversation, script_audio
from voice2image.tools.speech import speech

REPO = Path(__file__).resolve().parents[1]
OVERRIDES = TINY_SERVICE


def fox(*attributes: str) -> Subject:
    return Subject(noun="fox", attributes=list(attributes))


def test_a_later_utterance_overrides_and_refines() -> None:
    scene = StructuredDescription(subjects=[fox("red")], setting="snowy forest", palette=["red"])
    said = StructuredDescription(
        subjects=[fox("white", "small"), Subject(noun="owl")], lighting="sunset", palette=["gold"]
    )
    merged = merge(scene, said)
    assert merged.subjects == [fox("small", "white"), Subject(noun="owl")] or merged.subjects == [
        fox("white", "small"),
        Subject(noun="owl"),
    ]
    assert merged.setting == "snowy forest"  # kept: not said again
    assert merged.lighting == "sunset" and merged.palette == ["gold"]
    found = {c.slot: c for c in changes(scene, merged, "bob")}
    assert set(found) == {"subjects.fox", "subjects.owl", "lighting", "palette"}
    assert found["subjects.fox"].before["attributes"] == ["red"]
    assert all(c.by == "bob" for c in found.values())


def test_withdrawn_and_excluded_subjects_leave_the_scene() -> None:
    scene = StructuredDescription(subjects=[fox(), Subject(noun="cat")], negative=["people"])
    merged = merge(scene, StructuredDescription(negative=["cat"]), discarded=["fox"])
    assert merged.subjects == [] and merged.negative == ["people", "cat"]
    assert changes(merged, merged, "x") == []


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serving(["asr", "image", "orchestrator"], OVERRIDES) as base:
        yield base


@pytest.mark.slow
def test_scripted_conversation_over_the_websocket(url: str) -> None:
    updates, seen = run_conversation(url, script_audio(), room="script")
    heard = [(u["by"], u["transcript"], u["changes"]) for u in updates]
    print(json.dumps(heard, indent=1))  # shown when an assertion fails
    assert [u["by"] for u in updates] == ["alice", "bob", "alice"]
    first, second, third = updates
    assert first["scene"]["subjects"][0]["attributes"] == ["red"]
    assert first["mode"] == "text2img"
    assert second["changes"][0]["slot"] == "subjects.fox" and second["changes"][0]["by"] == "bob"
    assert second["scene"]["subjects"][0]["attributes"] == ["white"]  # bob overrode alice
    assert second["scene"]["setting"] == "snowy forest"  # alice's setting stays
    assert second["mode"] == third["mode"] == "img2img"  # from the previous frame
    assert third["scene"]["lighting"] == "sunset" and third["scene"]["style"] == "watercolor"
    assert [u["version"] for u in updates] == [1, 2, 3]
    for update in updates:
        assert 0 < update["latency"]["end_of_speech_to_image_s"] <= update["client_latency_s"]
    # Everyone sees every update, the other participant's included.
    assert {m["version"] for m in seen["bob"] if m["type"] == "update"} >= {3}
    history = json.loads(json.dumps(updates[-1]["history"]))
    assert [h["by"] for h in history] == ["alice", "bob", "alice"]
    artifacts = REPO / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    latencies = [
        {k: u[k] for k in ("by", "transcript", "latency", "client_latency_s")} for u in updates
    ]
    (artifacts / "meeting_latency.json").write_text(json.dumps(latencies, indent=2) + "\n")


@pytest.mark.slow
def test_meeting_errors_keep_the_socket_open(url: str) -> None:
    from websockets.sync.client import connect

    with connect(url.replace("http", "ws") + "/v1/meeting/errors?name=carol") as socket:
        assert json.loads(socket.recv(timeout=10))["type"] == "joined"
        socket.send(b"audio before start")
        assert json.loads(socket.recv(timeout=10))["status"] == 400
        socket.send("not json")
        assert json.loads(socket.recv(timeout=10))["status"] == 400
        socket.send(json.dumps({"type": "start"}))
        socket.send(b"this is not audio")
        socket.send(json.dumps({"type": "end"}))
        messages = [json.loads(socket.recv(timeout=30)) for _ in range(2)]
        assert messages[-1]["type"] == "error" and messages[-1]["status"] == 415
    with connect(url.replace("http", "ws") + "/v1/meeting/bad%20room!?name=x") as socket:
        assert json.loads(socket.recv(timeout=10))["status"] == 400


@pytest.mark.slow
def test_meeting_in_two_browsers(url: str, tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} missing (scripts/setup.sh installs Debian's chromium)")
    voices = {}
    for participant, voice, text in SCRIPT[:2]:
        samples = speech(text, voice, pad_s=1.0, lead_s=0.3)  # the recorder starts a moment late
        write_wav(tmp_path / f"{participant}.wav", samples)
        voices[participant] = (tmp_path / f"{participant}.wav", len(samples) / 16000)
    with playwright.sync_playwright() as driver:
        browsers, pages = [], {}
        try:
            for participant, (wav, _) in voices.items():
                browser = driver.chromium.launch(
                    executable_path=str(CHROMIUM), args=fake_microphone_args(wav)
                )
                browsers.append(browser)
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                page.goto(f"{url}/meeting?room=browsers&name={participant}")
                playwright.expect(page.locator("#talk")).to_be_enabled(timeout=30_000)
                pages[participant] = page
            for count, (participant, (_, seconds)) in enumerate(voices.items(), start=1):
                page = pages[participant]
                page.locator("#talk").hover()
                page.mouse.down()
                page.wait_for_timeout(int(seconds * 1000) + 300)
                page.mouse.up()
                for other in pages.values():  # both pages get the update
                    other.wait_for_function(
                        f"window.meetingUpdates.length >= {count}", timeout=90_000
                    )
            alice = pages["alice"]
            changes_text = alice.locator("#changes").inner_text()
            assert "subjects.fox: red fox → white fox (by bob)" in changes_text, changes_text
            assert "snowy forest" in alice.locator("#scene").inner_text()
            assert "white fox" in alice.locator("#prompt").inner_text()
            playwright.expect(alice.locator("#latency")).to_contain_text("end of speech")
            assert alice.locator("#frame").get_attribute("src").startswith("data:image/png")
            shot = tmp_path / "meeting_two_browsers.png"
            alice.screenshot(path=str(shot), full_page=True)
            (REPO / "test-artifacts").mkdir(exist_ok=True)
            shutil.copy(shot, REPO / "test-artifacts" / shot.name)
        finally:
            for browser in browsers:
                browser.close()
