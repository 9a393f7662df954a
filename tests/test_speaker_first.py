"""Enrichment that respects the speaker: a spoken medium, style, lighting or negative beats a
preset, a speaker's profile and a model's expansion; these only fill empty slots."""

from __future__ import annotations

import pytest

from voice2image.enrich import PresetsEnricher, TagsEnricher, load_presets
from voice2image.enrich.base import Enriched
from voice2image.enrich.presets import apply_profile, preset_phrases
from voice2image.enrich.prompting import describe
from voice2image.enrich.speaker_first import admit_negatives, admit_phrases, facet
from voice2image.records import SpeakerProfile
from voice2image.schema import StructuredDescription, Subject

PRESETS = load_presets("data/presets.yaml")
BOAT = [Subject(noun="boat", attributes=["small"])]


def texts(enriched: Enriched) -> list[str]:
    return [p.text for p in enriched.parts]


def with_preset(description: StructuredDescription, preset: str) -> Enriched:
    """Both ways a preset reaches a prompt: `enrich=presets`, and a speaker's profile."""
    by_run = PresetsEnricher("data/presets.yaml", preset=preset).enrich(description, "", None)
    profile = SpeakerProfile(preset=preset)
    plain = Enriched(describe(description), list(description.negative))
    by_speaker = apply_profile(plain, profile, PRESETS, description)
    assert texts(by_run) == texts(by_speaker) and by_run.negative == by_speaker.negative
    return by_run


@pytest.mark.parametrize(
    ("phrase", "slot"),
    [
        ("watercolor painting", "medium"),
        ("cinematic film still", "medium"),
        ("anime key visual", "style"),
        ("neon noir", "style"),
        ("stop motion style", "style"),
        ("natural light", "lighting"),
        ("deep shadows", "lighting"),
        ("at night", "lighting"),
        ("shallow depth of field", "composition"),
        ("whimsical", "mood"),
        ("faded colors", "palette"),
        ("dark blue", "palette"),
        ("soft washes", None),
        ("highly detailed", None),
        ("film grain", None),
    ],
)
def test_phrases_get_the_slot_they_would_fill(phrase, slot):
    assert facet(phrase) == slot


def test_every_preset_names_its_look():
    """Rule 1 needs each preset's medium or style: every preset has a phrase of that facet."""
    for name, preset in PRESETS.items():
        facets = {facet(p) for p in preset_phrases(preset)}
        assert facets & {"medium", "style"}, name


def test_spoken_medium_beats_the_preset():
    """The issue's case: an oil painting must not also become a watercolor painting."""
    said = StructuredDescription(subjects=BOAT, medium="oil painting")
    enriched = with_preset(said, "watercolor")
    assert "oil painting" in texts(enriched)
    assert not {"watercolor painting", "soft washes", "paper texture"} & set(texts(enriched))
    # the overruled look's own guards go too (a watercolor preset's "photo", "3d render")
    assert "photo" not in enriched.negative and "low quality" in enriched.negative


def test_spoken_style_beats_the_preset_and_is_never_negated():
    said = StructuredDescription(subjects=BOAT, style="anime")
    enriched = with_preset(said, "photographic")
    assert "anime style" in texts(enriched)
    assert not {"professional photograph", "35mm", "sharp focus"} & set(texts(enriched))
    assert "natural light" in texts(enriched)  # lighting was not said: the preset fills it
    assert "anime" not in enriched.negative and "cartoon" not in enriched.negative


def test_spoken_lighting_beats_the_preset_light():
    said = StructuredDescription(subjects=BOAT, lighting="at night")
    enriched = with_preset(said, "photographic")
    assert "natural light" not in texts(enriched)
    assert {"professional photograph", "35mm", "sharp focus"} <= set(texts(enriched))


def test_spoken_negative_beats_the_preset():
    said = StructuredDescription(subjects=BOAT, negative=["neon", "people"])
    enriched = with_preset(said, "cyberpunk")
    assert "neon glow" not in texts(enriched)
    assert {"cyberpunk", "high contrast"} <= set(texts(enriched))
    assert enriched.negative[:2] == ["neon", "people"]


def test_a_preset_negative_never_negates_what_was_asked_for():
    said = StructuredDescription(subjects=[Subject(noun="painting", attributes=["old"])])
    enriched = with_preset(said, "cinematic")  # its negative has "painting"
    assert "painting" not in enriched.negative and "cartoon" in enriched.negative


def test_the_preset_fills_empty_slots():
    said = StructuredDescription(subjects=BOAT, setting="lake")
    enriched = with_preset(said, "watercolor")
    assert texts(enriched)[:2] == ["small boat", "lake"]
    assert {"watercolor painting", "soft washes", "paper texture"} <= set(texts(enriched))
    assert {"photo", "3d render"} <= set(enriched.negative)


def test_profile_tags_fill_only_empty_slots():
    said = StructuredDescription(subjects=BOAT, medium="oil painting", palette=["dark blue"])
    profile = SpeakerProfile(tags=["watercolor", "pastel colors", "soft light", "film grain"])
    plain = Enriched(describe(said), [])
    enriched = apply_profile(plain, profile, PRESETS, said)
    added = texts(enriched)[len(describe(said)) :]
    assert added == ["soft light", "film grain"]  # medium and palette were said


def test_profile_negative_is_dropped_when_it_names_what_was_asked():
    said = StructuredDescription(subjects=[Subject(noun="dog")], setting="dark forest")
    profile = SpeakerProfile(negative=["dark", "text"])
    enriched = apply_profile(Enriched(describe(said), []), profile, PRESETS, said)
    assert enriched.negative == ["text"]


def test_tags_enricher_still_follows_the_spoken_medium():
    said = StructuredDescription(subjects=BOAT, medium="oil painting")
    assert "visible brushstrokes" in texts(TagsEnricher().enrich(said, "", None))


def test_admission_rules_directly():
    said = StructuredDescription(subjects=BOAT, style="anime", negative=["text"])
    assert admit_phrases(["pixel art", "soft light", "film grain"], said) == ["soft light"]
    assert admit_phrases(["film grain", "text overlay"], said, bundled=False) == ["film grain"]
    assert admit_negatives(["photo", "blurry", "small"], said) == ["blurry"]
