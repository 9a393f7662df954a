"""Structurers: spoken-language cleanup, self-corrections, negation, Russian, robustness, the
llm path with a tiny random model (and its fallback), and the `structure` stage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voice2image.config import CONF_DIR
from voice2image.pipeline import structure
from voice2image.records import ManifestItem, TranscriptRecord
from voice2image.schema import StructuredDescription
from voice2image.structure import (
    LLMStructurer,
    NoneStructurer,
    RulesStructurer,
    Structurer,
    StructureResult,
)
from voice2image.structure.llm import parse_json

STRUCTURE_CHOICES = sorted(p.stem for p in (CONF_DIR / "structure").glob("*.yaml"))
ROBUSTNESS = {
    "empty": "",
    "blank": "   \n\t ",
    "one_word": "cat",
    "long": "a red car on a street, no, a blue car, " * 1250,  # 10,000 words
    "emoji": "🐱🐶 a cat 😺 with a hat 🎩!!! ✨",
    "mixed": "нарисуй a red машину near the старого дома, bitte, 猫",
    "only_fillers": "um, uh, er, hmm, like, you know, um...",
    "only_hesitations": "um... uh, er, hmm, э, ээ",
    "punctuation": "... ,,, ??? !!! ;;",
    "digits": "3 cats and 42 dogs, 1080p, 3d render",
}


def run_stage(cfg, manifest, transcripts, out):
    return structure.run(cfg.structure, cfg.chunk_size, manifest, transcripts, out)


@pytest.fixture(scope="module")
def rules() -> RulesStructurer:
    return RulesStructurer()


def slots(text: str, structurer: Structurer, language: str = "en") -> StructuredDescription:
    return structurer.structure(text, language).description


@pytest.mark.parametrize("choice", STRUCTURE_CHOICES)
def test_every_structure_choice_builds(compose_cfg, choice):
    cfg = compose_cfg(f"structure={choice}")
    structurer = structure.build_structurer(cfg.structure)
    assert isinstance(structurer, Structurer)
    assert structurer.name == cfg.structure.name


def test_self_correction_keeps_the_later_choice(rules):
    d = slots("um, draw me a red car, no wait, make it blue, parked on a rainy street", rules)
    assert [(s.noun, s.attributes) for s in d.subjects] == [("car", ["blue"])]
    assert d.action == "parked" and d.setting == "rainy street"


def test_self_correction_of_the_subject_and_explicit_not(rules):
    d = slots("a cat sitting in a field... actually not a cat, a fox, a little red fox", rules)
    assert [s.noun for s in d.subjects] == ["fox"]
    assert d.subjects[0].attributes == ["little", "red"]
    d = slots("a forest that feels scary, no, not scary, more like mysterious", rules)
    assert d.mood == "mysterious"


def test_self_correction_of_style_lighting_and_palette(rules):
    d = slots("in the style of Monet, no, Van Gogh, a boat at sunset, I mean, at sunrise", rules)
    assert d.style == "van gogh" and d.lighting == "sunrise"
    d = slots("a tiger, all in black and gold, no wait, black and green", rules)
    assert d.palette == ["black", "green"]


def test_unseen_phrasings(rules):
    """Sentences written for this test, not taken from the bundled set."""
    d = slots("could you draw me two penguins on an iceberg, um, at dusk, pastel colors", rules)
    assert [(s.noun, s.count) for s in d.subjects] == [("penguin", 2)]
    assert d.setting == "iceberg" and d.lighting == "at dusk" and d.palette == ["pastel colors"]
    d = slots("a lighthouse, er, no, a windmill by a river, watercolor, no birds", rules)
    assert [s.noun for s in d.subjects] == ["windmill"] and d.medium == "watercolor"
    assert d.negative == ["birds"]


def test_fillers_commands_and_restarts_are_removed(rules):
    result = rules.structure(
        "uh, I want a picture of, like, a big... a big fluffy white dog, you know", "en"
    )
    assert result.cleaned == "a big fluffy white dog"
    assert result.description.subjects[0].attributes == ["big", "fluffy", "white"]


def test_negations(rules):
    d = slots(
        "a beach at sunset, but I don't want any people, no boats, and no clouds either", rules
    )
    assert d.negative == ["people", "boats", "clouds"]
    assert d.setting == "beach" and d.lighting == "sunset"
    assert slots("a desert road without cars", rules).negative == ["cars"]


def test_russian_is_glossed_to_english_slots(rules):
    d = slots("нарисуй красную... нет, синюю машину возле старого дома", rules, "ru")
    assert [(s.noun, s.attributes) for s in d.subjects] == [("car", ["blue"])]
    assert d.setting == "near old house"
    d = slots("зимний лес, без людей", rules, "ru")
    assert d.setting == "winter forest" and d.negative == ["people"]
    # Cyrillic is detected even when the language is not given.
    assert slots("три кота на диване", rules, None).subjects[0].count == 3


def test_provenance_names_the_words_of_each_slot(rules):
    d = slots("a cat sleeping on a windowsill, at night", rules)
    assert d.sources["lighting"] == ["at night"]
    assert "a cat sleeping on a windowsill" in d.sources["subjects"]
    assert d.version


@pytest.mark.parametrize("case", sorted(ROBUSTNESS))
@pytest.mark.parametrize("structurer", [RulesStructurer(), NoneStructurer()], ids=["rules", "none"])
def test_any_text_gives_a_result(structurer, case):
    result = structurer.structure(ROBUSTNESS[case], None)
    assert isinstance(result, StructureResult)
    StructuredDescription.model_validate(result.description.model_dump())
    empty = ["empty", "blank", "only_hesitations", "punctuation"]
    if isinstance(structurer, RulesStructurer):
        empty.append("only_fillers")  # `none` keeps words such as "like": it is the baseline
    if case in empty:
        assert result.warnings, "an empty result says why"
        assert not result.description.subjects


def test_very_long_text_is_cut_with_a_warning(rules):
    result = rules.structure(ROBUSTNESS["long"], "en")
    assert any("cut" in w for w in result.warnings)
    assert [s.noun for s in result.description.subjects] == ["car"]


def test_parse_json_validates_against_the_schema():
    good = 'Sure! {"subjects": [{"noun": "cat", "count": 1, "attributes": []}], "mood": "calm"} ok'
    assert parse_json(good).mood == "calm"
    with pytest.raises(ValueError, match="no JSON"):
        parse_json("a cat")
    with pytest.raises(ValueError, match="schema mismatch at 'colour'"):
        parse_json('{"colour": "red"}')
    with pytest.raises(ValueError, match="invalid JSON"):
        parse_json('{"mood": calm}')


@pytest.fixture(scope="module")
def tiny_llm(tmp_path_factory) -> LLMStructurer:
    from voice2image.lm import TransformersModel
    from voice2image.structure.tiny_lm import build_tiny_lm

    path = build_tiny_lm(tmp_path_factory.mktemp("tiny") / "model")
    runtime = TransformersModel(str(path))
    structurer = LLMStructurer(runtime, max_new_tokens=8, retries=1, shots=0)
    structurer.load()
    return structurer


def test_llm_with_a_tiny_random_model_falls_back_to_rules(tiny_llm):
    result = tiny_llm.structure("um, a red car, no, a blue car, at night", "en")
    assert result.method == "rules"
    assert any("fell back to rules" in w and "2 attempts" in w for w in result.warnings)
    assert result.description.subjects[0].attributes == ["blue"]


def test_llm_accepts_valid_json(tiny_llm, monkeypatch):
    answer = '{"subjects": [{"noun": "fox", "count": 1, "attributes": ["red"]}], "setting": "snow"}'
    monkeypatch.setattr(tiny_llm.runtime, "complete", lambda *a, **k: answer)
    result = tiny_llm.structure("a red fox in the snow", "en")
    assert result.method == "llm" and result.description.setting == "snow"


def test_llm_prompt_uses_the_chat_template(tiny_llm):
    prompt = tiny_llm.prompt("a cat", "en")
    assert prompt.startswith("<|system|>") and prompt.endswith("<|assistant|>")


def _stage_inputs(tmp_path: Path) -> tuple[Path, Path]:
    items = [
        ("en_a", "en", "um, a red car, no, a blue car, on a street"),
        ("en_b", "en", None),  # its transcript failed
        ("ru_a", "ru", "зимний лес, без людей"),
        ("en_c", "en", "um, uh"),
    ]
    manifest = tmp_path / "manifest.jsonl"
    transcripts = tmp_path / "transcripts.jsonl"
    manifest.write_text(
        "".join(
            ManifestItem(
                id=i,
                audio=f"{i}.wav",
                language=lang,
                speaker="v",
                source="synthetic",
                reference=text or "x",
                duration_s=1.0,
            ).model_dump_json()
            + "\n"
            for i, lang, text in items
        )
    )
    rows = [
        TranscriptRecord(id=i, status="ok", engine="reference", text=text, language=lang)
        if text is not None
        else TranscriptRecord(id=i, status="failed", engine="reference", error="bad audio")
        for i, lang, text in items
    ]
    transcripts.write_text("".join(r.model_dump_json() + "\n" for r in rows))
    return manifest, transcripts


def test_structure_stage_records_every_item_and_resumes(compose_cfg, tmp_path):
    cfg = compose_cfg("structure=rules")
    manifest, transcripts = _stage_inputs(tmp_path)
    out = tmp_path / "structured.jsonl"
    summary = run_stage(cfg, manifest, transcripts, out)
    rows = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert list(rows) == ["en_a", "en_b", "ru_a", "en_c"]
    assert summary.items == 4 and summary.failed == 1
    assert rows["en_b"]["status"] == "failed" and "bad audio" in rows["en_b"]["error"]
    assert rows["en_a"]["description"]["subjects"][0]["attributes"] == ["blue"]
    assert rows["ru_a"]["description"]["negative"] == ["people"]
    assert rows["en_c"]["status"] == "ok" and rows["en_c"]["warnings"]
    assert all(r["latency_s"] >= 0 for r in rows.values())
    assert Path(f"{out}.summary.json").exists() and not Path(f"{out}.partial").exists()
    again = run_stage(cfg, manifest, transcripts, out)
    assert again.resumed == 0  # the journal is removed once the output is whole


def test_structure_stage_resumes_from_its_journal(compose_cfg, tmp_path, monkeypatch):
    cfg = compose_cfg("structure=rules")
    manifest, transcripts = _stage_inputs(tmp_path)
    out = tmp_path / "structured.jsonl"
    calls = []
    original = RulesStructurer.structure

    def crash_on_ru(self, text, language):
        calls.append(text)
        if language == "ru":
            raise KeyboardInterrupt
        return original(self, text, language)

    monkeypatch.setattr(RulesStructurer, "structure", crash_on_ru)
    monkeypatch.setattr(cfg, "chunk_size", 1, raising=False)
    with pytest.raises(KeyboardInterrupt):
        run_stage(cfg, manifest, transcripts, out)
    monkeypatch.setattr(RulesStructurer, "structure", original)
    summary = run_stage(cfg, manifest, transcripts, out)
    assert summary.resumed == 2 and summary.items == 4


@pytest.mark.slow
def test_embedding_structurer_with_the_real_minilm():
    from voice2image.structure import EmbeddingStructurer

    structurer = EmbeddingStructurer()
    structurer.load()
    d = structurer.structure("um, a red car, no wait, make it blue, in a snowy forest", "en")
    d2 = d.description
    assert [s.noun for s in d2.subjects] == ["car"] and d2.subjects[0].attributes == ["blue"]
    assert d2.setting and "forest" in d2.setting
    for text in ROBUSTNESS.values():
        structurer.structure(text[:2000], None)
