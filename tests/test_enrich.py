"""Enrichers, the preset library, the `enrich` stage, and the tiny-LM expansion path."""

from __future__ import annotations

import json

import pytest

from voice2image.config import CONF_DIR
from voice2image.enrich import Enricher, LMEnricher, PresetsEnricher, TagsEnricher, load_presets
from voice2image.enrich.lm import expansion_phrases
from voice2image.pipeline import enrich
from voice2image.records import PromptRecord
from voice2image.schema import StructuredDescription, Subject
from voice2image.seeding import item_seed

ENRICH_CHOICES = sorted(p.stem for p in (CONF_DIR / "enrich").glob("*.yaml"))
LIBRARY = "data/presets.yaml"


def render_options(cfg):
    return enrich.render_options(cfg.enrich, cfg.diffusion.family)


def run_stage(cfg, structured, out, identified=None):
    return enrich.run(
        cfg.enrich, cfg.paths.presets, cfg.diffusion.family, cfg.seed, cfg.chunk_size,
        structured, identified, out,
    )  # fmt: skip


FOX = StructuredDescription(
    subjects=[Subject(noun="fox", attributes=["little", "red"])],
    setting="snowy forest",
    medium="watercolor",
    negative=["people"],
)


@pytest.mark.parametrize("choice", ENRICH_CHOICES)
def test_every_enrich_choice_builds(compose_cfg, choice):
    cfg = compose_cfg(f"enrich={choice}")
    enricher = enrich.build_enricher(cfg.enrich)
    assert isinstance(enricher, Enricher) and enricher.name == cfg.enrich.name
    assert render_options(cfg).max_tokens == 77


def test_tags_follow_the_medium_and_add_a_default_negative():
    enriched = TagsEnricher().enrich(FOX, "", None)
    texts = [p.text for p in enriched.parts]
    assert texts[0] == "little red fox" and "soft washes" in texts and "highly detailed" in texts
    assert enriched.negative[0] == "people" and "blurry" in enriched.negative


def test_preset_library_has_twenty_presets_each_a_template():
    presets = load_presets(LIBRARY)
    assert len(presets) >= 20
    assert all("{prompt}" in p["template"] and p["negative"] for p in presets.values())


def test_presets_per_run_and_per_speaker():
    enricher = PresetsEnricher(LIBRARY, preset="anime", per_speaker={"joe": "pixel_art"})
    assert enricher.enrich(FOX, "", "ann").preset == "anime"
    plain = FOX.model_copy(update={"medium": None})  # a spoken medium would beat the preset
    enriched = enricher.enrich(plain, "", "joe")
    assert enriched.preset == "pixel_art" and "16-bit" in [p.text for p in enriched.parts]
    with pytest.raises(ValueError, match="unknown preset 'nope'.*anime"):
        PresetsEnricher(LIBRARY, preset="nope")


def test_expansion_keeps_short_clean_phrases():
    text = "trending on artstation, 8k, The quick brown fox jumps over everything here today, ###"
    assert expansion_phrases(text, 5) == ["trending on artstation", "8k"]


def test_lm_expansion_with_a_tiny_random_model(tmp_path):
    from voice2image.lm import TransformersModel
    from voice2image.structure.tiny_lm import build_tiny_lm

    runtime = TransformersModel(str(build_tiny_lm(tmp_path / "lm")))
    enricher = LMEnricher(runtime, max_new_tokens=8)
    enriched = enricher.enrich(FOX, "", None)
    assert enriched.parts[0].text == "little red fox"
    assert all(p.priority <= 20 for p in enriched.parts[3:])


def test_enrich_stage_writes_prompt_records(compose_cfg, tmp_path):
    cfg = compose_cfg("enrich=tags", "enrich.render.family=sdxl")
    structured = tmp_path / "structured.jsonl"
    rows = [
        {
            "id": "a",
            "status": "ok",
            "structurer": "rules",
            "speaker": "joe",
            "cleaned": "",
            "description": FOX.model_dump(),
        },
        {
            "id": "b",
            "status": "failed",
            "structurer": "rules",
            "error": "transcript failed: bad audio",
        },
        {"id": "c", "status": "ok", "structurer": "rules", "cleaned": "", "description": {}},
        # c: nothing to draw; d: too long for the window
        {
            "id": "d",
            "status": "ok",
            "structurer": "rules",
            "cleaned": "a cat " * 200,
            "description": {},
        },  # fmt: skip
    ]
    structured.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "prompts.jsonl"
    summary = run_stage(cfg, structured, out)
    got = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    for row in got.values():
        PromptRecord.model_validate(row)
    assert got["a"]["prompt"].startswith("little red fox, snowy forest, watercolor")
    assert got["a"]["prompt_2"].startswith("watercolor") and got["a"]["negative_prompt"].startswith(
        "people"
    )
    assert got["b"]["status"] == "failed" and "bad audio" in got["b"]["error"]
    assert got["c"]["status"] == "failed" and "nothing to draw" in got["c"]["error"]
    assert got["d"]["truncated"] and got["d"]["prompt_tokens"] <= 77
    assert summary.failed == 2 and summary.truncated == 1
    seeds = {r["seed"] for r in got.values()}
    assert len(seeds) == 4
    assert item_seed(0, "a") == got["a"]["seed"] != item_seed(1, "a")


@pytest.mark.parametrize(
    ("diffusion", "family"),
    [
        ("tiny", "sd15"),
        ("sdxl_turbo", "sdxl_turbo"),
        ("flux_tiny", "flux"),
        ("flux_schnell", "flux"),
    ],
)
def test_prompts_are_rendered_for_the_chosen_diffusion_family(compose_cfg, diffusion, family):
    cfg = compose_cfg(f"diffusion={diffusion}")
    assert render_options(cfg).family == family
    pinned = compose_cfg(f"diffusion={diffusion}", "enrich.render.family=sd2")
    assert render_options(pinned).family == "sd2"


def test_flux_prompts_are_a_short_clip_list_and_t5_sentences(compose_cfg, tmp_path):
    cfg = compose_cfg("enrich=tags", "diffusion=flux_tiny")
    structured = tmp_path / "structured.jsonl"
    row = {
        "id": "a",
        "status": "ok",
        "structurer": "rules",
        "cleaned": "",
        "description": FOX.model_dump(),
    }
    structured.write_text(json.dumps(row) + "\n")
    out = tmp_path / "prompts.jsonl"
    assert run_stage(cfg, structured, out).family == "flux"
    record = PromptRecord.model_validate_json(out.read_text().splitlines()[0])
    assert record.prompt.startswith("little red fox, snowy forest")  # CLIP: subject first
    assert record.prompt_2 is not None and record.prompt_2.startswith("A watercolor")
    assert record.prompt_2.endswith(".") and "in a snowy forest setting" in record.prompt_2
