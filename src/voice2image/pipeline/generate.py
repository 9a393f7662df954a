"""Stage `generate`: every enriched prompt through one image generator, loaded once.

Writes `<out>/images/<id>.png` (prompt, negative prompt, seed and config hash in the PNG text
chunks), `<out>/images.jsonl` (one ImageRecord per prompt, failed items included),
`<out>/contact_sheet.png` and `<out>/summary.json`. A rerun reuses every image already written
for the same config and prompt.
"""

from __future__ import annotations

import json
import logging
import re
import resource
import time
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from voice2image.config import build, fingerprint, to_plain
from voice2image.files import atomic_write_bytes, file_digest, read_models
from voice2image.generate.base import GenerationRequest, GenerationResult, ImageGenerator
from voice2image.generate.png import contact_sheet, png_bytes, read_png_text
from voice2image.pipeline.engine import ItemRun, Summary, run_items
from voice2image.records import ImageRecord, PromptRecord
from voice2image.seeding import item_seed

log = logging.getLogger(__name__)

# Options that do not change the pixels: left out of the config hash.
NOT_IN_HASH = ("clip_model", "batch_size")


@dataclass
class GenerateSummary(Summary):
    backend: str
    model: str
    hardware: str
    config_hash: str
    items: int
    ok: int
    failed: int
    resumed: int
    generated: int
    load_s: float
    text_s: float
    denoise_s: float
    decode_s: float
    generate_s: float
    images_per_s: float
    wall_s: float
    peak_rss_mb: float
    peak_vram_mb: float | None
    applied: str = ""


@dataclass
class _Job:
    """One image to make: the request and the hash of everything that decides its pixels."""

    request: GenerationRequest
    item_hash: str


def load_prompts(path: str | Path) -> list[PromptRecord]:
    return read_models(path, PromptRecord, "prompt")


def build_generator(diffusion: DictConfig, hardware: DictConfig) -> ImageGenerator:
    return build(diffusion, ImageGenerator, "image generator", hardware=hardware)


def config_hash(diffusion: DictConfig, hardware: DictConfig, seed: int) -> str:
    kept = {k: v for k, v in to_plain(diffusion).items() if k not in NOT_IN_HASH}
    return fingerprint(kept, hardware, seed)


def prompt_seed(seed: int, record: PromptRecord) -> int:
    """The record's own seed (the enrich stage gives every item one), else the item's seed."""
    return int(record.seed) if record.seed is not None else item_seed(seed, record.id)


def image_name(item_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", item_id) + ".png"


def _request(
    record: PromptRecord, seed: int, reference_root: Path
) -> tuple[GenerationRequest, str]:
    """The request and the hash of everything that decides its pixels besides the config."""
    from PIL import Image

    reference, digest = None, None
    if record.reference_image:
        path = reference_root / record.reference_image
        if not path.is_file():
            raise FileNotFoundError(f"reference image not found: {path}")
        digest = file_digest(path)
        with Image.open(path) as opened:
            reference = opened.convert("RGB")
    request = GenerationRequest(
        id=record.id,
        prompt=record.prompt,
        seed=seed,
        negative_prompt=record.negative_prompt,
        prompt_2=record.prompt_2,
        negative_prompt_2=record.negative_prompt_2,
        reference_image=reference,
        options=dict(record.diffusion or {}),
    )
    fields: list[Any] = [record.prompt, record.negative_prompt, record.prompt_2]
    fields.append(record.negative_prompt_2)
    if record.diffusion:  # only then: earlier images keep their hashes
        fields.append(record.diffusion)
    return request, fingerprint(fields, seed, digest)


def _failure(item_id: str, error: str, seed: int) -> ImageRecord:
    return ImageRecord(id=item_id, status="failed", error=error, seed=seed)


class _Writer:
    """Writes one result as a PNG with its metadata and returns its record."""

    def __init__(self, out_dir: Path, run_hash: str, generator: ImageGenerator) -> None:
        self.out_dir = out_dir
        self.run_hash = run_hash
        self.generator = generator

    @cached_property
    def describe(self) -> dict[str, str]:
        """What the loaded generator says about itself (asked once, after `load()`)."""
        return {k: str(v) for k, v in self.generator.describe().items()}

    def __call__(self, result: GenerationResult, job: _Job) -> ImageRecord:
        request, path = job.request, self.out_dir / "images" / image_name(result.id)
        text = {
            "id": result.id,
            "prompt": request.prompt,
            "negative_prompt": request.negative_prompt,
            "seed": str(result.seed),
            "config_hash": self.run_hash,
            "item_hash": job.item_hash,
            "mode": result.mode,
            **self.describe,
        }
        atomic_write_bytes(path, png_bytes(result.image, text))
        times = result.times
        return ImageRecord(
            id=result.id,
            status="ok",
            path=f"images/{path.name}",
            seed=result.seed,
            mode=result.mode,
            prompt=request.prompt,
            negative_prompt=request.negative_prompt,
            text_s=round(times.text_s, 4),
            denoise_s=round(times.denoise_s, 4),
            decode_s=round(times.decode_s, 4),
            latency_s=round(times.total_s, 4),
            batch_size=result.batch_size,
            config_hash=self.run_hash,
            item_hash=job.item_hash,
        )


def _generate_chunk(
    generator: ImageGenerator, chunk: list[_Job], write: _Writer
) -> list[ImageRecord]:
    """One generator call for the chunk; if it fails, item by item, so one bad item fails alone."""
    try:
        results = generator.generate([job.request for job in chunk])
        return [write(result, job) for job, result in zip(chunk, results, strict=True)]
    except Exception as exc:
        if len(chunk) == 1:
            request = chunk[0].request
            log.exception("generate: %s failed", request.id)
            return [_failure(request.id, f"generator error: {exc}", request.seed)]
    return [record for one in chunk for record in _generate_chunk(generator, [one], write)]


def _reusable(record: ImageRecord, item_hash: str, out_dir: Path) -> bool:
    """A finished image for exactly this config and prompt, still on disk with its metadata."""
    if record.status != "ok" or record.item_hash != item_hash or record.path is None:
        return False
    path = out_dir / record.path
    try:
        return path.is_file() and read_png_text(path).get("item_hash") == item_hash
    except OSError:
        return False


def _earlier(out_dir: Path) -> dict[str, ImageRecord]:
    """The rows of the run before, whose images the folder keeps (it persists across runs)."""
    records_path = out_dir / "images.jsonl"
    if not records_path.exists():
        return {}
    try:
        return {row.id: row for row in read_models(records_path, ImageRecord, "image")}
    except ValueError:
        return {}


def _remove_orphans(out_dir: Path, records: list[ImageRecord]) -> None:
    """Images of prompts no longer in the prompts file (the folder persists across runs)."""
    keep = {Path(r.path).name for r in records if r.status == "ok" and r.path}
    for path in (out_dir / "images").glob("*.png"):
        if path.name not in keep:
            path.unlink()


def _peak_vram_mb(device: str) -> float | None:
    if device != "cuda":
        return None
    import torch

    return round(torch.cuda.max_memory_allocated() / 2**20, 1)


def _jobs(
    prompts: list[PromptRecord], seed: int, run_hash: str, root: Path
) -> tuple[dict[str, ImageRecord], dict[str, _Job]]:
    """The image to make for each ok prompt; a failed row for the others (failed upstream, or
    a missing reference image)."""
    settled: dict[str, ImageRecord] = {}
    job_of: dict[str, _Job] = {}
    for record in prompts:
        own_seed = prompt_seed(seed, record)
        if record.status != "ok":
            settled[record.id] = _failure(record.id, f"upstream: {record.error}", own_seed)
            continue
        try:
            request, prompt_hash = _request(record, own_seed, root)
        except (OSError, ValueError) as exc:
            settled[record.id] = _failure(record.id, str(exc), own_seed)
            continue
        job_of[record.id] = _Job(request, fingerprint(run_hash, prompt_hash))
    return settled, job_of


def _summary(
    run: ItemRun[ImageRecord], generator: ImageGenerator, hardware: str, device: str, run_hash: str
) -> GenerateSummary:
    made = [r for r in run.made if r.status == "ok"]
    describe = generator.describe()

    def total(key: str) -> float:
        return round(sum(float(getattr(r, key) or 0.0) for r in made), 4)

    return GenerateSummary(
        backend=generator.name,
        model=str(describe.get("model", "")),
        hardware=hardware,
        config_hash=run_hash,
        items=len(run.rows),
        ok=sum(r.status == "ok" for r in run.rows),
        failed=run.failed,
        resumed=run.resumed,
        generated=len(made),
        load_s=run.load_s,
        text_s=total("text_s"),
        denoise_s=total("denoise_s"),
        decode_s=total("decode_s"),
        generate_s=round(run.work_s, 3),
        images_per_s=round(len(made) / run.work_s, 4) if made and run.work_s > 0 else 0.0,
        wall_s=run.wall_s,
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        peak_vram_mb=_peak_vram_mb(device),
        applied=str(describe.get("applied", "")),
    )


def run(
    diffusion: DictConfig,
    hardware: DictConfig,
    seed: int,
    prompts_path: str | Path,
    out_dir: str | Path,
    reference_root: str | Path | None = None,
) -> GenerateSummary:
    """Reference images are resolved against `reference_root` (default: the prompts file's
    folder)."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    prompts = load_prompts(prompts_path)
    root = Path(reference_root) if reference_root is not None else Path(prompts_path).parent
    run_hash = config_hash(diffusion, hardware, seed)
    generator = build_generator(diffusion, hardware)

    settled, job_of = _jobs(prompts, seed, run_hash, root)
    write = _Writer(out_dir, run_hash, generator)
    previous_summary = out_dir / "summary.json"

    def summary(run: ItemRun[ImageRecord]) -> GenerateSummary:
        figures = _summary(run, generator, str(hardware.name), str(hardware.device), run_hash)
        return _keep_speed_of_reused(figures, previous_summary)

    done, written = run_items(
        prompts, key=lambda record: record.id,
        work=lambda chunk: _generate_chunk(generator, [job_of[r.id] for r in chunk], write),
        backend=generator, out=out_dir / "images.jsonl", row=ImageRecord, fingerprint=run_hash,
        chunk_size=int(diffusion.get("batch_size", 1)), stage="generate", unit="image",
        summary=summary, summary_path=previous_summary, started=started, settled=settled,
        earlier=_earlier(out_dir),
        reusable=lambda record, row: _reusable(row, job_of[record.id].item_hash, out_dir),
    )  # fmt: skip
    _remove_orphans(out_dir, done.rows)
    contact_sheet(
        [(r.id, out_dir / r.path) for r in done.rows if r.status == "ok" and r.path],
        out_dir / "contact_sheet.png",
    )
    return written


SPEED_FIELDS = ("load_s", "text_s", "denoise_s", "decode_s", "generate_s", "images_per_s",
                "peak_rss_mb", "peak_vram_mb")  # fmt: skip


def _keep_speed_of_reused(summary: GenerateSummary, previous_file: Path) -> GenerateSummary:
    """A rerun that reused every image measured no generation: it keeps the speed and memory
    figures of the run that made them (same config hash), instead of reporting zeros."""
    if summary.generated or not summary.resumed or not previous_file.is_file():
        return summary
    try:
        previous = json.loads(previous_file.read_text())
    except (OSError, ValueError):
        return summary
    if previous.get("config_hash") != summary.config_hash:
        return summary
    return replace(summary, **{key: previous.get(key) for key in SPEED_FIELDS})
