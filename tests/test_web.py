"""The orchestrator's page end to end in real headless Chromium (Debian's), driven by
Playwright: a spoken WAV is the fake microphone; hold to talk, then read the real transcript,
the structured description (as a form, and as JSON), the prompt, the image and each step's time
off the page; edit a slot in the form, add a subject, edit the JSON, and redraw. The
screenshots are kept in the test's tmp dir and in test-artifacts/."""

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
            # Before the first picture: a placeholder, not a broken image.
            playwright.expect(page.locator("#placeholder")).to_be_visible()
            playwright.expect(page.locator("#image")).to_be_hidden()
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
            # The form shows the same description, one field per slot, a row per subject.
            assert page.locator("#slot-setting").input_value() == description["setting"]
            nouns = page.locator("#subjects tbody input.noun")
            assert nouns.count() == len(description["subjects"]) >= 1
            assert nouns.first.input_value() == description["subjects"][0]["noun"]
            prompt = page.locator("#prompt").inner_text()
            assert "blue" in prompt and "watercolor" in prompt, prompt
            assert page.locator("#image").get_attribute("src").startswith("data:image/png;base64,")
            playwright.expect(page.locator("#placeholder")).to_be_hidden()
            assert page.locator("#steps li.done").count() == 6
            # Each step's time by its chip (identification is off: no registry).
            for step in ("transcribe", "structure", "enrich", "generate"):
                chip = page.locator(f'#steps li[data-step="{step}"] .time').inner_text()
                assert chip.endswith(" s") and float(chip.split()[0]) >= 0, (step, chip)
            assert page.locator('#steps li[data-step="identify"] .time').inner_text() == "off"
            shot = tmp_path / "web_press_to_talk.png"
            page.screenshot(path=str(shot), full_page=True)
            keep(shot)

            # Edit one slot in the form (the style), then redraw from the edited description.
            first_image = page.locator("#image").get_attribute("data-sha256")
            page.fill("#slot-style", "charcoal sketch")
            edited = json.loads(page.locator("#description").input_value())
            assert edited["style"] == "charcoal sketch"  # the JSON follows the form
            page.click("#regenerate")
            playwright.expect(page.locator("#status")).to_contain_text("redrawn")
            playwright.expect(page.locator("#prompt")).to_contain_text("charcoal sketch")
            assert page.locator("#image").get_attribute("data-sha256") != first_image
            shot = tmp_path / "web_redrawn.png"
            page.screenshot(path=str(shot), full_page=True)
            keep(shot)

            # A subject added as a row reaches the prompt too.
            page.click("#add-subject")
            row = page.locator("#subjects tbody tr").last
            row.locator("input.noun").fill("lighthouse")
            row.locator("input.attributes").fill("striped, tall")
            second_image = page.locator("#image").get_attribute("data-sha256")
            page.click("#regenerate")
            playwright.expect(page.locator("#prompt")).to_contain_text("lighthouse")
            playwright.expect(page.locator("#image")).not_to_have_attribute(
                "data-sha256", second_image or ""
            )

            # The advanced JSON editor stays in sync the other way too.
            page.check("#json-toggle")
            description = json.loads(page.locator("#description").input_value())
            description["setting"] = "snowy mountain pass"
            page.fill("#description", json.dumps(description, indent=2))
            assert page.locator("#slot-setting").input_value() == "snowy mountain pass"
            page.click("#regenerate")
            playwright.expect(page.locator("#prompt")).to_contain_text("snowy mountain pass")
            shot = tmp_path / "web_json_editor.png"
            page.screenshot(path=str(shot), full_page=True)
            keep(shot)

            page.fill("#description", "{not json")
            playwright.expect(page.locator("#json-error")).to_contain_text("not valid JSON")
            page.click("#regenerate")
            playwright.expect(page.locator("#error")).to_contain_text("not valid JSON")
        finally:
            browser.close()
