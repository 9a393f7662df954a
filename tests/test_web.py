"""The orchestrator's page end to end in real headless Chromium (Debian's), driven by
Playwright: a spoken WAV is the fake microphone; hold to talk, then read the real transcript,
the structured description, the prompt and the image off the page; edit the description and
re-generate. The screenshot is kept in the test's tmp dir and in test-artifacts/."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from service_helpers import CHROMIUM, TINY_SERVICE, fake_microphone_args
from voice2image.audio import write_wav
from voice2image.services.server import serving
from voice2image.tools.speech import speech

pytestmark = pytest.mark.slow
playwright = pytest.importorskip("playwright.sync_api")
if not CHROMIUM.exists():
    pytest.skip(
        f"{CHROMIUM} missing (scripts/setup.sh installs Debian's chromium)", allow_module_level=True
    )

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts"
# tiny.en hears the seeded Piper voice say "no wait" as "no weight"; "or rather" survives,
# also without the commas a browser capture can lose.
SAID = "draw me a red car, or rather a blue car, parked on a rainy street at night"


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with serving(["asr", "image", "orchestrator"], TINY_SERVICE) as base:
        yield base


@pytest.fixture(scope="module")
def microphone(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    samples = speech(SAID, "piper_joe", pad_s=1.0, lead_s=0.3)  # the recorder starts a moment late
    path = tmp_path_factory.mktemp("mic") / "said.wav"
    write_wav(path, samples)
    return path, len(samples) / 16000


def keep(path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(path, ARTIFACTS / path.name)


def test_press_to_talk_page(url: str, microphone: tuple[Path, float], tmp_path: Path) -> None:
    wav, seconds = microphone
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=str(CHROMIUM), args=fake_microphone_args(wav)
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 1000})
            page.goto(url)
            talk = page.locator("#talk")
            playwright.expect(talk).to_be_enabled(timeout=60_000)
            assert page.locator("#backend").input_value() == "tiny"
            page.select_option("#preset", "watercolor")
            talk.hover()
            page.mouse.down()
            page.wait_for_timeout(int(seconds * 1000) + 300)
            page.mouse.up()
            playwright.expect(page.locator("#status")).to_contain_text("done", timeout=90_000)

            # The browser's capture is real (Opus, and frames dropped on a busy machine): the
            # words Whisper hears vary a little with the machine's load; the content must hold.
            transcript = page.locator("#transcript").inner_text().lower()
            assert "blue" in transcript and "rainy street" in transcript, transcript
            description = json.loads(page.locator("#description").input_value())
            # How the structurer reads it follows the words heard ("draw me to red car or
            # rather..." loses the correction); the exact self-correction is checked on fixed
            # audio in test_services.py. Here: the page shows a description of what was heard.
            assert "blue" in json.dumps(description), (transcript, description)
            assert "rainy street" in description["setting"], (transcript, description)
            prompt = page.locator("#prompt").inner_text()
            assert "blue" in prompt and "watercolor" in prompt, prompt
            assert page.locator("#image").get_attribute("src").startswith("data:image/png;base64,")
            assert page.locator("#steps li.done").count() == 5
            shot = tmp_path / "web_press_to_talk.png"
            page.screenshot(path=str(shot), full_page=True)
            keep(shot)

            # Edit the structured description, then re-generate from the edited version.
            first_image = page.locator("#image").get_attribute("data-sha256")
            description["setting"] = "snowy mountain pass"
            page.fill("#description", json.dumps(description, indent=2))
            page.click("#regenerate")
            playwright.expect(page.locator("#prompt")).to_contain_text("snowy mountain pass")
            playwright.expect(page.locator("#status")).to_contain_text("re-generated")
            assert page.locator("#image").get_attribute("data-sha256") != first_image
            shot = tmp_path / "web_regenerated.png"
            page.screenshot(path=str(shot), full_page=True)
            keep(shot)

            page.fill("#description", "{not json")
            page.click("#regenerate")
            playwright.expect(page.locator("#error")).to_contain_text("not valid JSON")
        finally:
            browser.close()
