"""`asr=auto`: the language-routed engine with the real packaged models (Whisper base detects,
tiny.en decodes English, base the rest) on real English recordings and a Russian clip made
with festival's festvox-ru voice."""

from __future__ import annotations

import jiwer
import pytest

from voice2image.asr import AudioClip, LanguageRoutedASR
from voice2image.audio import resample
from voice2image.compose import compose_config
from voice2image.corpora import goforward, librivox
from voice2image.evaluation.textnorm import normalize
from voice2image.pipeline.transcribe import build_engine, transcribe_clips
from voice2image.records import ManifestItem
from voice2image.tts import FestivalVoice

RUSSIAN = "нарисуй синюю машину возле старого дома"


def clip(item_id: str, samples, language: str, reference: str) -> AudioClip:
    item = ManifestItem(
        id=item_id, audio="", language=language, speaker="x", source="real",
        reference=reference, duration_s=round(len(samples) / 16000, 3),
    )  # fmt: skip
    return AudioClip.of(item, samples)


@pytest.fixture(scope="module")
def clips() -> list[AudioClip]:
    """goforward ("go forward ten meters", 2 s), a LibriVox clip, and the Russian clip."""
    english = [*goforward(), next(iter(librivox()))]
    samples, rate = FestivalVoice("ru", "voice_msu_ru_nsh_clunits", "ru").synthesize(RUSSIAN)
    russian = resample(samples, rate, 16000)
    return [
        *(clip(c.id, c.samples, "en", c.reference) for c in english),
        clip("ru", russian, "ru", RUSSIAN),
    ]


def engine_of(*overrides: str):  # type: ignore[no-untyped-def]
    cfg = compose_config(["asr=auto", *overrides])
    return build_engine(cfg.asr, cfg.hardware)


def routed(*overrides: str) -> LanguageRoutedASR:
    engine = engine_of(*overrides)
    assert isinstance(engine, LanguageRoutedASR)
    engine.load()
    return engine


@pytest.fixture(scope="module")
def auto() -> LanguageRoutedASR:
    return routed()


def test_default_engines_decode_each_clip_alone():
    """Batches of several clips made a few demo-set texts depend on their neighbours."""
    cfg = compose_config([])
    assert cfg.asr.name == "auto"
    assert cfg.asr.detector.batch_size == 1 and cfg.asr.routes.en.batch_size == 1


def test_english_goes_to_tiny_en_and_russian_to_base(auto, clips):
    results = auto.transcribe(clips)
    heard = [r.transcription for r in results]
    assert [h.language for h in heard] == ["en", "en", "ru"]
    assert [h.decoded_by for h in heard] == [
        "faster_whisper_tiny_en",
        "faster_whisper_tiny_en",
        "faster_whisper_base",
    ]
    assert normalize(heard[0].text, "en") == normalize("go forward ten meters", "en")
    russian = normalize(heard[2].text, "ru")
    assert jiwer.wer(normalize(RUSSIAN, "ru"), russian) <= 0.5, russian
    assert all(0.5 < (h.language_probability or 0) <= 1 for h in heard)
    assert all(r.latency_s > 0 for r in results)


def test_one_base_model_detects_and_decodes(auto):
    """Languages no route names go to the detector itself: base is loaded once."""
    assert auto.engine_for("ru") is auto.detector
    assert auto.engine_for("de") is auto.detector
    assert [e.name for e in auto.engines()] == ["faster_whisper_base", "faster_whisper_tiny_en"]


def test_the_stage_records_language_probability_and_decoder(auto, clips):
    records = transcribe_clips(auto, [(c, []) for c in clips])
    russian = records[-1]
    assert russian.engine == "auto" and russian.decoded_by == "faster_whisper_base"
    assert russian.language == "ru" and (russian.language_probability or 0) > 0.5
    assert russian.rtf == pytest.approx(russian.latency_s / russian.audio_s, abs=1e-3)


def test_the_language_map_is_configurable(clips):
    """Any engine config can take a language: here Russian goes to the gold transcripts and
    English, with its route removed, to the detector (base)."""
    engine = routed(
        "~asr.routes.en",
        "+asr.routes.ru={_target_: voice2image.asr.ReferenceASR, name: reference}",
    )
    heard = [r.transcription for r in engine.transcribe(clips)]
    assert [h.decoded_by for h in heard] == [
        "faster_whisper_base",
        "faster_whisper_base",
        "reference",
    ]
    assert heard[2].text == RUSSIAN and heard[2].language == "ru"
    assert normalize(heard[0].text, "en") == normalize("go forward ten meters", "en")


def test_an_english_only_detector_is_refused_at_load():
    engine = engine_of("asr.detector.model=tiny.en", "asr.detector.name=tiny")
    with pytest.raises(ValueError, match="English-only and cannot detect languages"):
        engine.load()


def test_a_detector_without_detection_is_a_clear_error():
    with pytest.raises(ValueError, match="cannot detect languages"):
        engine_of(
            "~asr.detector", "+asr.detector={_target_: voice2image.asr.ReferenceASR, name: r}"
        )
