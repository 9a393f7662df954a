"""Prompt rendering with the real CLIP tokenizer: 77-token window, subject first, low-value
tags dropped before content, truncation reported."""

from __future__ import annotations

import pytest

from voice2image.enrich.prompting import (
    PRIORITY,
    Part,
    RenderOptions,
    TokenCounter,
    describe,
    render,
    subject_phrase,
)
from voice2image.schema import StructuredDescription, Subject


@pytest.fixture(scope="module")
def counter() -> TokenCounter:
    return TokenCounter(RenderOptions())


def test_the_bundled_vocabulary_is_clips(counter):
    # The ids openai/clip-vit-large-patch14's tokenizer gives for this text.
    ids = counter.tokenizer("a photo of a cat")["input_ids"]
    assert ids == [49406, 320, 1125, 539, 320, 2368, 49407]
    assert counter.count("a photo of a cat") == 7


def test_subject_first_and_low_value_tags_dropped_before_content(counter):
    parts = [
        Part("snowy forest", "content", PRIORITY["setting"]),
        Part("little red fox", "subject", PRIORITY["subject"]),
        *[Part(f"quality tag number {i}", "quality", PRIORITY["quality"]) for i in range(30)],
    ]
    rendered = render(parts, ["people"], RenderOptions(), counter)
    assert rendered.prompt.startswith("little red fox, snowy forest")
    assert counter.count(rendered.prompt) == rendered.prompt_tokens <= 77
    assert rendered.dropped and not rendered.truncated
    assert rendered.negative_prompt == "people" and rendered.prompt_2 is None


def test_content_too_long_is_cut_and_reported(counter):
    rendered = render([Part("cat " * 200, "subject", 100)], [], RenderOptions(), counter)
    assert rendered.truncated and rendered.prompt_tokens <= 77


def test_sdxl_gets_a_second_prompt_led_by_style(counter):
    parts = describe(
        StructuredDescription(subjects=[Subject(noun="fox")], medium="watercolor", style="anime")
    )
    rendered = render(parts, [], RenderOptions(family="sdxl"), counter)
    assert rendered.prompt.startswith("fox") and rendered.prompt_2.startswith("watercolor")


def test_unknown_family_is_a_clear_error():
    with pytest.raises(ValueError, match="render.family 'dalle'"):
        RenderOptions(family="dalle")


def test_subject_phrases():
    assert subject_phrase(Subject(noun="candle", count=3)) == "three candles"
    assert subject_phrase(Subject(noun="kid", count=2, attributes=["little"])) == "little kids"
    assert (
        subject_phrase(Subject(noun="wizard", attributes=["old", "long white beard"]))
        == "old wizard with long white beard"
    )


def test_no_slot_falls_back_to_the_cleaned_text():
    assert [p.text for p in describe(StructuredDescription(), "a cat")] == ["a cat"]
    assert describe(StructuredDescription(), "  ") == []
