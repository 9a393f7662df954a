"""Stage `generate`: every enriched prompt through one image generator, loaded once.

Writes `<out>/images/<id>.png` (prompt, negative prompt, seed and config hash in the PNG text
chunks), `<out>/images.jsonl` (one record per prompt, failed items included),
`<out>/contact_sheet.png` and `<out>/summary.json`. A rerun reuses every image already written
for the same config and prompt.
"""

from __future__ import annotations

import io
import json
import logging
import math
import re
import resource
import time
import zlib
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from voice2image.config import build, fingerprint, to_plain
from voice2image.files import (
    Journal,
    atomic_write_bytes,
    file_digest,
    read_jsonl,
    read_models,
    write_json,
    write_jsonl,
)
from voice2image.generate.base import GenerationRequest, GenerationResult, ImageGenerator
from voice2image.hardware import HardwareProfile
from voice2image.records import PromptRecord

log = logging.getLogger(__name__)

# Options that do not change the pixels: left out of the config hash.
NOT_IN_HASH = ("clip_model", "batch_size")


@dataclass
class GenerateSummary:
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


def load_prompts(path: str | Path) -> list[PromptRecord]:
    return read_models(path, PromptRecord, "prompt")


def build_generator(cfg: DictConfig) -> ImageGenerator:
    hardware = HardwareProfile(**cfg.hardware)
    generator = build(cfg.diffusion, "image generator", hardware=hardware, _convert_="object")
    if not isinstance(generator, ImageGenerator):
        raise ValueError(f"{cfg.diffusion._target_} does not implement ImageGenerator")
    return generator


def config_hash(cfg: DictConfig) -> str:
    diffusion = {k: v for k, v in to_plain(cfg.diffusion).items() if k not in NOT_IN_HASH}
    return fingerprint(diffusion, cfg.hardware, cfg.get("seed", 0))


def item_seed(base: int, record: PromptRecord) -> int:
    """The record's own seed, else the run seed plus a stable hash of the item id."""
    if record.seed is not None:
        return int(record.seed)
    return (int(base) + zlib.crc32(record.id.encode())) % 2**32


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


def png_bytes(image: Any, text: dict[str, str]) -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for key, value in text.items():
        info.add_itxt(key, value)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def read_png_text(path: str | Path) -> dict[str, str]:
    from PIL import Image

    with Image.open(path) as image:
        image.load()
        return {str(k): str(v) for k, v in getattr(image, "text", {}).items()}


def _ok_record(
    result: GenerationResult, request: GenerationRequest, path: Path, hashes: dict[str, str]
) -> dict[str, Any]:
    times = result.times
    return {
        "id": result.id,
        "status": "ok",
        "path": f"images/{path.name}",
        "seed": result.seed,
        "mode": result.mode,
        "prompt": request.prompt,
        "negative_prompt": request.negative_prompt,
        "text_s": round(times.text_s, 4),
        "denoise_s": round(times.denoise_s, 4),
        "decode_s": round(times.decode_s, 4),
        "latency_s": round(times.total_s, 4),
        "batch_size": result.batch_size,
        **hashes,
    }


def _failure(item_id: str, error: str, seed: int | None = None, **extra: Any) -> dict[str, Any]:
    return {"id": item_id, "status": "failed", "error": error, "seed": seed, **extra}


class _Writer:
    """Writes one result as a PNG with its metadata and returns its record."""

    def __init__(self, out_dir: Path, run_hash: str, describe: dict[str, Any]) -> None:
        self.out_dir = out_dir
        self.run_hash = run_hash
        self.describe = {k: str(v) for k, v in describe.items()}

    def __call__(
        self, result: GenerationResult, request: GenerationRequest, item_hash: str
    ) -> dict[str, Any]:
        path = self.out_dir / "images" / image_name(result.id)
        text = {
            "id": result.id,
            "prompt": request.prompt,
            "negative_prompt": request.negative_prompt,
            "seed": str(result.seed),
            "config_hash": self.run_hash,
            "item_hash": item_hash,
            "mode": result.mode,
            **self.describe,
        }
        atomic_write_bytes(path, png_bytes(result.image, text))
        return _ok_record(
            result, request, path, {"config_hash": self.run_hash, "item_hash": item_hash}
        )


def _generate_chunk(
    generator: ImageGenerator,
    chunk: list[tuple[GenerationRequest, str]],
    write: _Writer,
) -> list[dict[str, Any]]:
    """One generator call for the chunk; if it fails, item by item, so one bad item fails alone."""
    try:
        results = generator.generate([request for request, _ in chunk])
        return [
            write(result, request, item_hash)
            for (request, item_hash), result in zip(chunk, results, strict=True)
        ]
    except Exception as exc:
        if len(chunk) == 1:
            request = chunk[0][0]
            log.exception("generate: %s failed", request.id)
            return [_failure(request.id, f"generator error: {exc}", request.seed)]
    return [record for one in chunk for record in _generate_chunk(generator, [one], write)]


def _reusable(record: dict[str, Any] | None, item_hash: str, out_dir: Path) -> bool:
    """A finished image for exactly this config and prompt, still on disk with its metadata."""
    if not record or record.get("status") != "ok" or record.get("item_hash") != item_hash:
        return False
    path = out_dir / str(record["path"])
    try:
        return path.is_file() and read_png_text(path).get("item_hash") == item_hash
    except OSError:
        return False


def _previous(out_dir: Path, journal: Journal) -> dict[str, dict[str, Any]]:
    records_path = out_dir / "images.jsonl"
    earlier: dict[str, dict[str, Any]] = {}
    if records_path.exists():
        try:
            earlier = {row["id"]: row for row in read_jsonl(records_path)}
        except ValueError:
            earlier = {}
    return earlier | journal.load()


def contact_sheet(records: list[dict[str, Any]], out_dir: Path, cell: int = 256) -> Path | None:
    """A grid of every image of the run, each labelled with its id."""
    from PIL import Image, ImageDraw

    ok = [r for r in records if r.get("status") == "ok"]
    if not ok:
        return None
    cols = math.ceil(math.sqrt(len(ok)))
    rows = math.ceil(len(ok) / cols)
    label = 14
    sheet = Image.new("RGB", (cols * cell, rows * (cell + label)), "white")
    draw = ImageDraw.Draw(sheet)
    for index, record in enumerate(ok):
        x, y = (index % cols) * cell, (index // cols) * (cell + label)
        with Image.open(out_dir / record["path"]) as image:
            thumb = image.convert("RGB").resize((cell, cell))
        sheet.paste(thumb, (x, y + label))
        draw.text((x + 2, y + 1), str(record["id"])[:40], fill="black")
    path = out_dir / "contact_sheet.png"
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG")
    atomic_write_bytes(path, buffer.getvalue())
    return path


def _remove_orphans(out_dir: Path, records: list[dict[str, Any]]) -> None:
    """Images of prompts no longer in the prompts file (the folder persists across runs)."""
    keep = {Path(str(r["path"])).name for r in records if r.get("status") == "ok"}
    for path in (out_dir / "images").glob("*.png"):
        if path.name not in keep:
            path.unlink()


def _peak_vram_mb(device: str) -> float | None:
    if device != "cuda":
        return None
    import torch

    return round(torch.cuda.max_memory_allocated() / 2**20, 1)


def run(
    cfg: DictConfig,
    prompts_path: str | Path,
    out_dir: str | Path,
    reference_root: str | Path | None = None,
) -> GenerateSummary:
    """`cfg` is the composed config (`diffusion`, `hardware`, `seed`). Reference images are
    resolved against `reference_root` (default: the prompts file's folder)."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    prompts = load_prompts(prompts_path)
    root = Path(reference_root) if reference_root is not None else Path(prompts_path).parent
    run_hash = config_hash(cfg)
    journal = Journal(out_dir / "images.jsonl", run_hash)
    previous = _previous(out_dir, journal)
    generator = build_generator(cfg)

    done: dict[str, dict[str, Any]] = {}
    todo: list[tuple[GenerationRequest, str]] = []
    for record in prompts:
        seed = item_seed(cfg.get("seed", 0), record)
        if record.status != "ok":
            done[record.id] = _failure(record.id, f"upstream: {record.error}", seed)
            continue
        try:
            request, prompt_hash = _request(record, seed, root)
        except (OSError, ValueError) as exc:
            done[record.id] = _failure(record.id, str(exc), seed)
            continue
        item_hash = fingerprint(run_hash, prompt_hash)
        if _reusable(previous.get(record.id), item_hash, out_dir):
            done[record.id] = previous[record.id]
        else:
            todo.append((request, item_hash))
    resumed = sum(r.get("status") == "ok" for r in done.values())

    load_start = time.perf_counter()
    if todo:
        generator.load()
    load_s = time.perf_counter() - load_start

    write = _Writer(out_dir, run_hash, generator.describe())
    gen_start = time.perf_counter()
    generated = journal.process(
        todo, lambda chunk: _generate_chunk(generator, chunk, write), done,
        chunk_size=int(cfg.diffusion.get("batch_size", 1)), desc=f"generate: {generator.name}",
        unit="image",
    )  # fmt: skip
    gen_s = time.perf_counter() - gen_start

    ordered = [done[record.id] for record in prompts]
    write_jsonl(out_dir / "images.jsonl", ordered)
    _remove_orphans(out_dir, ordered)
    contact_sheet(ordered, out_dir)
    summary = _summary(cfg, generator, ordered, generated, resumed, load_s, gen_s, started)
    summary = _keep_speed_of_reused(summary, out_dir / "summary.json")
    write_json(out_dir / "summary.json", asdict(summary))
    journal.remove()
    return summary


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


def _summary(
    cfg: DictConfig,
    generator: ImageGenerator,
    ordered: list[dict[str, Any]],
    generated: list[dict[str, Any]],
    resumed: int,
    load_s: float,
    gen_s: float,
    started: float,
) -> GenerateSummary:
    made = [r for r in generated if r["status"] == "ok"]
    describe = generator.describe()

    def total(key: str) -> float:
        return round(sum(float(r.get(key, 0.0)) for r in made), 4)

    return GenerateSummary(
        backend=generator.name,
        model=str(describe.get("model", "")),
        hardware=str(cfg.hardware.name),
        config_hash=config_hash(cfg),
        items=len(ordered),
        ok=sum(r["status"] == "ok" for r in ordered),
        failed=sum(r["status"] == "failed" for r in ordered),
        resumed=resumed,
        generated=len(made),
        load_s=round(load_s, 3),
        text_s=total("text_s"),
        denoise_s=total("denoise_s"),
        decode_s=total("decode_s"),
        generate_s=round(gen_s, 3),
        images_per_s=round(len(made) / gen_s, 4) if made and gen_s > 0 else 0.0,
        wall_s=round(time.perf_counter() - started, 3),
        peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        peak_vram_mb=_peak_vram_mb(str(cfg.hardware.device)),
        applied=str(describe.get("applied", "")),
    )
