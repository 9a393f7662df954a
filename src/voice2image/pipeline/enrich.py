"""Stage `enrich`: every structured description to the prompt(s) the diffusion model reads,
with the identified speaker's profile (preset, tags, negative terms, diffusion options)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from omegaconf import DictConfig

from voice2image.config import build, fingerprint, to_plain
from voice2image.enrich.base import Enricher
from voice2image.enrich.presets import apply_profile, load_presets
from voice2image.enrich.prompting import RenderOptions, TokenCounter, describe, render
from voice2image.files import file_digest, read_models
from voice2image.pipeline.engine import ItemRun, Summary, run_items
from voice2image.records import IdentifyRecord, PromptRecord, SpeakerProfile, StructureRecord
from voice2image.schema import StructuredDescription
from voice2image.seeding import item_seed

log = logging.getLogger(__name__)

Presets = dict[str, dict[str, str]]


@dataclass
class EnrichSummary(Summary):
    enricher: str
    family: str
    items: int
    failed: int
    truncated: int
    resumed: int
    load_s: float
    wall_s: float


def build_enricher(enrich: DictConfig) -> Enricher:
    return build(enrich, Enricher, "enricher")


def render_options(enrich: DictConfig, family: str) -> RenderOptions:
    """`enrich.render`; `family: auto` renders for `family`, the chosen diffusion backend's."""
    options = to_plain(enrich.get("render")) or {}
    if options.get("family", "auto") == "auto":
        options["family"] = family
    try:
        return RenderOptions(**options)
    except TypeError as exc:
        raise ValueError(f"enrich.render: {exc}") from None


def load_identified(path: str | Path | None) -> dict[str, IdentifyRecord]:
    """{item id: identify row} (empty without a file: speakers are not identified)."""
    if path is None or not Path(path).exists():
        return {}
    return {row.id: row for row in read_models(path, IdentifyRecord, "identify")}


def prompt_for(
    enricher: Enricher,
    item_id: str,
    description: StructuredDescription,
    cleaned: str,
    speaker: str | None,
    profile: SpeakerProfile | None,
    presets: Presets,
    options: RenderOptions,
    counter: TokenCounter,
    seed: int,
) -> PromptRecord:
    """One item's prompt: the enricher's parts plus the speaker's profile, fitted to the text
    encoder's window; a failed record (never an exception) when there is nothing to draw or a
    step fails. What the stage does per item, and the services per request."""
    base = PromptRecord(id=item_id, status="ok", speaker=speaker, seed=item_seed(seed, item_id))
    started = time.perf_counter()
    try:
        if not describe(description, cleaned):
            raise ValueError("nothing to draw: the transcript had no content")
        enriched = enricher.enrich(description, cleaned, speaker)
        enriched = apply_profile(enriched, profile, presets, description)
        rendered = render(enriched.parts, enriched.negative, options, counter)
    except Exception as exc:
        log.warning("enrich: %s failed: %s", item_id, exc)
        return base.model_copy(update={"status": "failed", "error": f"{type(exc).__name__}: {exc}"})
    warnings = list(enriched.warnings)
    if rendered.truncated:
        warnings.append(f"prompt cut to the {options.max_tokens}-token window")
    if rendered.dropped:
        warnings.append(f"dropped to fit the window: {', '.join(rendered.dropped)}")
    return base.model_copy(
        update={
            "warnings": warnings,
            "prompt": rendered.prompt,
            "negative_prompt": rendered.negative_prompt,
            "prompt_2": rendered.prompt_2,
            "negative_prompt_2": rendered.negative_prompt_2,
            "preset": enriched.preset,
            "diffusion": (profile.diffusion if profile else None) or None,
            "prompt_tokens": rendered.prompt_tokens,
            "truncated": rendered.truncated,
            "dropped": rendered.dropped,
            "latency_s": round(time.perf_counter() - started, 4),
        }
    )


def enrich_item(
    enricher: Enricher,
    structured: StructureRecord,
    identified: IdentifyRecord | None,
    presets: Presets,
    options: RenderOptions,
    counter: TokenCounter,
    seed: int,
) -> PromptRecord:
    """`identified`: the identify stage's row for this item; its speaker replaces the
    manifest's label and their profile joins the prompt."""
    speaker = identified.speaker if identified else structured.speaker
    if structured.status != "ok":
        return PromptRecord(
            id=structured.id,
            status="failed",
            error=f"structure failed: {structured.error}",
            speaker=speaker,
            seed=item_seed(seed, structured.id),
        )
    description = structured.description or StructuredDescription()
    profile = identified.profile if identified else None
    return prompt_for(
        enricher, structured.id, description, structured.cleaned, speaker, profile, presets,
        options, counter, seed,
    )  # fmt: skip


def speaker_presets(
    enricher: Enricher, identified: dict[str, IdentifyRecord], library: str | Path
) -> Presets:
    """The preset library speakers' profiles name. With `enrich=presets`, a speaker's preset
    becomes their `per_speaker` choice unless `enrich.per_speaker` names one already."""
    if not identified:
        return {}
    per_speaker = getattr(enricher, "per_speaker", None)
    if isinstance(per_speaker, dict):
        chosen = {
            row.speaker: row.profile.preset
            for row in identified.values()
            if row.profile and row.profile.preset
        }
        enricher.per_speaker = {**chosen, **per_speaker}  # type: ignore[attr-defined]
    return load_presets(library)


def run(
    enrich: DictConfig,
    presets: str | Path,
    family: str,
    seed: int,
    chunk_size: int,
    structured: str | Path,
    identified: str | Path | None,
    out: str | Path,
) -> EnrichSummary:
    """Writes `out` (one PromptRecord per structured item) and `<out>.summary.json`.
    `presets`: the style library speakers' presets name (`paths.presets`); `family`: the
    diffusion backend's (`diffusion.family`); `identified`: the identify stage's labels."""
    started = time.perf_counter()
    records = read_models(structured, StructureRecord, "structure")
    speakers = load_identified(identified)
    speakers_digest = file_digest(identified) if speakers and identified else None
    options = render_options(enrich, family)
    enricher = build_enricher(enrich)
    library = speaker_presets(enricher, speakers, presets)
    counter = TokenCounter(options)

    def enrich_chunk(chunk: list[StructureRecord]) -> list[PromptRecord]:
        return [
            enrich_item(enricher, r, speakers.get(r.id), library, options, counter, seed)
            for r in chunk
        ]

    def summary(run: ItemRun[PromptRecord]) -> EnrichSummary:
        return EnrichSummary(
            enricher=enricher.name,
            family=options.family,
            items=len(run.rows),
            failed=run.failed,
            truncated=sum(bool(r.truncated) for r in run.rows),
            resumed=run.resumed,
            load_s=run.load_s,
            wall_s=run.wall_s,
        )

    _, written = run_items(
        records, key=lambda r: r.id, work=enrich_chunk, backend=enricher, out=out,
        row=PromptRecord,
        fingerprint=fingerprint(enrich, seed, file_digest(structured), speakers_digest),
        chunk_size=chunk_size, stage="enrich", unit="item", summary=summary, started=started,
    )  # fmt: skip
    return written
