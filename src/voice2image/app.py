"""The stages as a Hydra app, for sweeps without DVC:

    python -m voice2image.app asr=faster_whisper_tiny_en,faster_whisper_base --multirun

Prepares the dataset once (shared, in `paths.prepared`, resumable), then runs every later
stage into each job's own output directory; every job logs one MLflow run. A dataset other than
the one already in `paths.prepared` is prepared into a folder of its own under
`paths.app_prepared` (see `prepared_manifest`). Jobs with the same ASR config share one
transcription (`shared_transcripts`).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from voice2image.cli import main_guard
from voice2image.config import CONF_DIR, fingerprint
from voice2image.files import atomic_write_bytes, file_digest
from voice2image.paths import project_root
from voice2image.pipeline import (
    enrich,
    enroll,
    evaluate_asr,
    evaluate_image,
    evaluate_speaker,
    evaluate_text,
    generate,
    identify,
    prepare,
    structure,
    track,
    transcribe,
)

log = logging.getLogger(__name__)


def prepared_manifest(cfg: DictConfig) -> Path:
    """The manifest of `cfg.dataset`, prepared if need be.

    `paths.manifest` when its folder was prepared from this dataset config, or has no stamp (a
    manifest made by hand is taken as given); prepared into `paths.prepared` when there is no
    manifest yet. A folder holding another dataset (the DVC pipeline's demo clips, when this run
    asks for `dataset=smoke`) is neither read nor overwritten: this dataset gets a folder of its
    own under `paths.app_prepared`, keyed by its fingerprint, and later runs reuse it.
    """
    manifest = Path(cfg.paths.manifest)
    if not manifest.exists():
        prepare.run(cfg.dataset, cfg.paths.prepared)
        return manifest
    if prepare.made_from(manifest.parent, cfg.dataset) is not False:
        return manifest
    own = Path(cfg.paths.app_prepared) / (
        f"{cfg.dataset.name}-{prepare.dataset_fingerprint(cfg.dataset)[:8]}"
    )
    if not prepare.made_from(own, cfg.dataset):
        log.info("%s holds another dataset; preparing %s into %s", manifest.parent,
                 cfg.dataset.name, own)  # fmt: skip
        prepare.run(cfg.dataset, own)
    return own / "manifest.jsonl"


class PrepareDataset(Callback):
    """Prepare the dataset once, before a multirun's jobs start (conf/config.yaml's
    `hydra.callbacks`), so parallel jobs (joblib, SLURM) never write it at the same time."""

    def on_multirun_start(self, config: DictConfig, **kwargs: Any) -> None:
        prepared_manifest(config)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[None]:
    """Parallel jobs (joblib, SLURM on one file system) take turns; released when the process
    dies, too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def shared_transcripts(cfg: DictConfig, manifest: Path, out: Path) -> None:
    """Transcribe into `out`, sharing the work between jobs with the same ASR config.

    The transcripts depend on the ASR, hardware and audio sections, the seed and the manifest
    only, so a sweep over later stages (`experiment=structuring`: every structurer on the same
    transcripts) transcribes once per ASR config into `paths.app_transcripts/<fingerprint>/`
    and copies the result, with its summary (the timings of the run that made it), into each
    job. Under a lock, so parallel jobs wait for the first one instead of transcribing twice;
    an interrupted transcription resumes from its journal.
    """
    # Not the chunk size: decoding is batch-invariant (tests/test_asr_engines.py).
    key = fingerprint(cfg.asr, cfg.hardware, cfg.audio, int(cfg.seed), file_digest(manifest))
    shared_dir = Path(cfg.paths.app_transcripts) / key
    shared = shared_dir / "transcripts.jsonl"
    summary = Path(f"{shared}.summary.json")
    with exclusive_lock(shared_dir / "lock"):
        if not (shared.is_file() and summary.is_file()):
            transcribe.run(cfg.asr, cfg.hardware, cfg.audio, int(cfg.seed), int(cfg.chunk_size),
                           manifest, shared)  # fmt: skip
        else:
            log.info("transcribe: reusing %s", shared)
    out.parent.mkdir(parents=True, exist_ok=True)
    for source, target in ((shared, out), (summary, Path(f"{out}.summary.json"))):
        atomic_write_bytes(target, source.read_bytes())


def run_pipeline(cfg: DictConfig, job_dir: Path) -> str | None:
    """The DVC pipeline's stages in order, each with the sections its `dvc.yaml` entry lists;
    every output goes into `job_dir`. Returns the MLflow run id."""
    manifest = prepared_manifest(cfg)
    paths, seed, chunk_size = cfg.paths, int(cfg.seed), int(cfg.chunk_size)
    transcripts = job_dir / "transcripts.jsonl"
    structured = job_dir / "structured.jsonl"
    prompts = job_dir / "prompts.jsonl"
    images = job_dir / "images"
    metrics = job_dir / "metrics"
    speakers = job_dir / "speakers"
    registry, identified = speakers / "registry.sqlite", speakers / "identified.jsonl"
    enroll.run(cfg.speaker, cfg.dataset.voices, paths.presets, paths.speakers_config, manifest,
               speakers / "enrolment", registry)  # fmt: skip
    identify.run(cfg.speaker, chunk_size, manifest, registry, identified)
    shared_transcripts(cfg, manifest, transcripts)
    structure.run(cfg.structure, chunk_size, manifest, transcripts, structured)
    enrich.run(cfg.enrich, paths.presets, str(cfg.diffusion.family), seed, chunk_size,
               structured, identified, prompts)  # fmt: skip
    generate.run(cfg.diffusion, cfg.hardware, seed, prompts, images, manifest.parent)
    evaluate_asr.run(cfg.asr, seed, manifest, transcripts, metrics, paths.reference_hashes)
    device = str(cfg.hardware.device)
    evaluate_text.run(cfg.dataset.descriptions, device, seed, manifest, structured, prompts,
                      metrics)  # fmt: skip
    evaluate_image.run(str(cfg.diffusion.clip_model), device, seed, manifest, images, metrics)
    evaluate_speaker.run(cfg.speaker, seed, manifest, identified, registry,
                         paths.speakers_config, transcripts, metrics)  # fmt: skip
    root = project_root(Path.cwd())
    return track.run(cfg.tracking, cfg, root, metrics, images, transcripts, prompts, "hydra")


@hydra.main(config_path=str(CONF_DIR), config_name="config", version_base="1.3")
def main(cfg: DictConfig) -> None:
    job_dir = Path(HydraConfig.get().runtime.output_dir)
    main_guard(lambda: run_pipeline(cfg, job_dir), "voice2image.app")


if __name__ == "__main__":
    main()
