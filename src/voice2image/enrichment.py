"""Stage `enrich`: every structured description to the prompt(s) the diffusion model reads."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from voice2image.config import build, fingerprint, to_plain
from voice2image.enrich.base import Enricher
from voice2image.files import Journal, file_digest, read_jsonl, write_json, write_jsonl
from voice2image.prompting import RenderOptions, TokenCounter, describe, render
from voice2image.records import PromptRecord
from voice2image.schema import StructuredDescription
from voice2image.speakers.profiles import apply_profile, load_identified

log = logging.getLogger(__name__)


@dataclass
class EnrichSummary:
    enricher: str
    family: str
    items: int
    failed: int
    truncated: int
    resumed: int
    load_s: float
    wall_s: float


def item_seed(seed: int, item_id: str) -> int:
    """A per-item seed from the run seed and the item id: stable across runs and machines."""
    digest = hashlib.sha256(f"{seed}:{item_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") & 0x7FFFFFFF


def build_enricher(cfg: DictConfig) -> Enricher:
    enricher = build(cfg.enrich, "enricher", _convert_="object")
    if not isinstance(enricher, Enricher):
        raise ValueError(f"{cfg.enrich._target_} does not implement the Enricher interface")
    return enricher


def render_options(cfg: DictConfig) -> RenderOptions:
    """`enrich.render`; `family: auto` renders for the chosen diffusion backend's family."""
    options = to_plain(cfg.enrich.get("render")) or {}
    if options.get("family", "auto") == "auto":
        diffusion = cfg.get("diffusion") or {}
        options["family"] = diffusion.get("family", "sd15")
    try:
        return RenderOptions(**options)
    except TypeError as exc:
        raise ValueError(f"enrich.render: {exc}") from None


def enrich_item(
    enricher: Enricher,
    record: dict[str, Any],
    options: RenderOptions,
    counter: TokenCounter,
    seed: int,
    identified: dict[str, Any] | None = None,
    presets: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    """`identified`: the identify stage's row for this item (its speaker and their profile),
    which replaces the manifest's speaker label; `presets`: the library profiles name."""
    speaker = identified["speaker"] if identified else record.get("speaker")
    profile = (identified or {}).get("profile")
    base = {
        "id": record["id"],
        "speaker": speaker,
        "seed": item_seed(seed, record["id"]),
    }
    if record.get("status") != "ok":
        error = f"structure failed: {record.get('error')}"
        return PromptRecord(status="failed", error=error, **base).model_dump(exclude_none=True)
    started = time.perf_counter()
    try:
        description = StructuredDescription.model_validate(record.get("description") or {})
        if not describe(description, record.get("cleaned", "")):
            raise ValueError("nothing to draw: the transcript had no content")
        enriched = enricher.enrich(description, record.get("cleaned", ""), speaker)
        enriched = apply_profile(enriched, profile, presets or {}, description)
        rendered = render(enriched.parts, enriched.negative, options, counter)
    except Exception as exc:
        log.warning("enrich: %s failed: %s", record["id"], exc)
        return PromptRecord(
            status="failed", error=f"{type(exc).__name__}: {exc}", **base
        ).model_dump(exclude_none=True)
    warnings = list(enriched.warnings)
    if rendered.truncated:
        warnings.append(f"prompt cut to the {options.max_tokens}-token window")
    if rendered.dropped:
        warnings.append(f"dropped to fit the window: {', '.join(rendered.dropped)}")
    prompt = PromptRecord(
        status="ok",
        warnings=warnings,
        prompt=rendered.prompt,
        negative_prompt=rendered.negative_prompt,
        prompt_2=rendered.prompt_2,
        negative_prompt_2=rendered.negative_prompt_2,
        preset=enriched.preset,
        diffusion=(profile or {}).get("diffusion") or None,
        **base,
    ).model_dump(exclude_none=True)
    prompt.update(
        prompt_tokens=rendered.prompt_tokens,
        truncated=rendered.truncated,
        dropped=rendered.dropped,
        latency_s=round(time.perf_counter() - started, 4),
    )
    return prompt


def speaker_presets(
    cfg: DictConfig, enricher: Enricher, identified: dict[str, dict[str, Any]]
) -> dict[str, dict[str, str]]:
    """The preset library speakers' profiles name. With `enrich=presets`, a speaker's preset
    becomes their `per_speaker` choice unless `enrich.per_speaker` names one already."""
    if not identified:
        return {}
    from voice2image.enrich.basic import load_presets

    speaker_cfg = cfg.get("speaker") or {}
    library = cfg.enrich.get("library") or speaker_cfg.get("presets") or "data/presets.yaml"
    per_speaker = getattr(enricher, "per_speaker", None)
    if isinstance(per_speaker, dict):
        chosen = {
            row["speaker"]: row["profile"]["preset"]
            for row in identified.values()
            if (row.get("profile") or {}).get("preset")
        }
        enricher.per_speaker = {**chosen, **per_speaker}  # type: ignore[attr-defined]
    return load_presets(str(library))


def run(
    cfg: DictConfig, structured: str | Path, out: str | Path, speakers: str | Path | None = None
) -> EnrichSummary:
    """`cfg` is the composed config (`enrich`, `seed`). Writes `out` (PromptRecord JSONL plus
    prompt_tokens, truncated, dropped, latency_s per item) and `<out>.summary.json`.
    `speakers`: the identify stage's labels; each item's speaker profile joins its prompt."""
    started = time.perf_counter()
    records = read_jsonl(structured)
    seed = int(cfg.get("seed", 0))
    identified = load_identified(speakers)
    speakers_digest = file_digest(speakers) if identified and speakers else None
    journal = Journal(out, fingerprint(cfg.enrich, seed, file_digest(structured), speakers_digest))
    done = journal.load()
    todo = [r for r in records if r["id"] not in done]
    options = render_options(cfg)
    enricher = build_enricher(cfg)
    presets = speaker_presets(cfg, enricher, identified)
    load_start = time.perf_counter()
    counter = TokenCounter(options)
    if todo:
        enricher.load()
    load_s = time.perf_counter() - load_start

    def enrich_chunk(chunk: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            enrich_item(enricher, r, options, counter, seed, identified.get(r["id"]), presets)
            for r in chunk
        ]

    journal.process(
        todo, enrich_chunk, done, chunk_size=int(cfg.get("chunk_size", 16)),
        desc=f"enrich: {enricher.name}", unit="item",
    )  # fmt: skip

    ordered = [done[r["id"]] for r in records]
    write_jsonl(out, ordered)
    summary = EnrichSummary(
        enricher=enricher.name,
        family=options.family,
        items=len(ordered),
        failed=sum(r["status"] == "failed" for r in ordered),
        truncated=sum(bool(r.get("truncated")) for r in ordered),
        resumed=len(records) - len(todo),
        load_s=round(load_s, 3),
        wall_s=round(time.perf_counter() - started, 3),
    )
    write_json(f"{out}.summary.json", asdict(summary))
    journal.remove()
    return summary
