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
    sentences,
    subject_phrase,
    with_article,
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
    assert subject_phrase(Subject(noun="kid", count=2, attributes=["little"])) == "two little kids"
    assert (
        subject_phrase(Subject(noun="wizard", attributes=["old", "long white beard"]))
        == "old wizard with long white beard"
    )


def test_counted_subjects_take_english_plurals():
    """The prompt says "three wolves", not "three wolfs"; a noun said in the plural stays so."""
    phrases = [
        subject_phrase(Subject(noun=noun, count=3))
        for noun in ("wolf", "person", "glass of tea", "bus", "giraffe", "trauma shears", "fish")
        + ("bag of chips", "pair of boots")
    ]
    assert phrases == [
        "three wolves",
        "three people",
        "three glasses of tea",
        "three buses",
        "three giraffes",
        "three trauma shears",
        "three fish",
        "three bags of chips",
        "three pairs of boots",
    ]


def test_no_slot_falls_back_to_the_cleaned_text():
    assert [p.text for p in describe(StructuredDescription(), "a cat")] == ["a cat"]
    assert describe(StructuredDescription(), "  ") == []


FOX_SCENE = StructuredDescription(
    subjects=[Subject(noun="fox", attributes=["little", "red"]), Subject(noun="owl", count=2)],
    action="sleeping",
    setting="snowy forest",
    lighting="at dawn",
    medium="watercolor",
    style="storybook",
    mood="calm",
)


def test_flux_gets_the_clip_list_and_the_same_content_as_t5_sentences(counter):
    parts = describe(FOX_SCENE) + [Part("soft washes", "tag", PRIORITY["tag"])]
    options = RenderOptions(family="flux")
    rendered = render(parts, ["people"], options, counter)
    assert rendered.prompt.startswith("little red fox, two owls, sleeping")
    assert rendered.prompt_tokens <= 77
    assert rendered.prompt_2 == (
        "A watercolor of a little red fox and two owls sleeping, in a snowy forest setting, "
        "at dawn. Storybook style, calm mood. Soft washes."
    )


def test_t5_prompt_fits_its_own_window_dropping_tags_first(counter):
    parts = describe(FOX_SCENE) + [
        Part(f"quality tag number {i}", "quality", PRIORITY["quality"]) for i in range(40)
    ]
    options = RenderOptions(family="flux", t5_max_tokens=40)
    rendered = render(parts, [], options, counter)
    assert rendered.prompt_2 is not None
    assert TokenCounter(options, "t5").count(rendered.prompt_2) <= 40
    assert rendered.prompt_2.startswith("A watercolor of a little red fox")
    assert "calm mood" in rendered.prompt_2 and "quality tag number 39" not in rendered.prompt_2


def test_sentences_and_articles():
    assert with_article("old wizard") == "an old wizard"
    assert with_article("three candles") == "three candles"
    assert sentences(describe(StructuredDescription(), "a cat on a mat")) == "A cat on a mat."
    with pytest.raises(ValueError, match="t5_max_tokens"):
        RenderOptions(family="flux", t5_max_tokens=2)
