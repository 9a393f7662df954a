"""The stages as a Hydra app, for sweeps without DVC:

    python -m voice2image.app asr=faster_whisper_tiny_en,faster_whisper_base --multirun

Prepares the dataset once (shared, in `paths.prepared`, resumable), then runs every later
stage into each job's own output directory; every job logs one MLflow run. A dataset other than
the one already in `paths.prepared` is prepared into a folder of its own under
`paths.app_prepared` (see `prepared_manifest`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import hydra
from hydra.core.hydra_config import HydraConfig
from hydra.experimental.callback import Callback
from omegaconf import DictConfig

from voice2image import enrichment, evaluate, generation, prepare, structuring, transcribe
from voice2image.cli import main_guard
from voice2image.config import CONF_DIR
from voice2image.evaluation import speaker as speaker_metrics
from voice2image.speakers.pipeline import enroll_run, identify_run

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


def run_pipeline(cfg: DictConfig, job_dir: Path) -> str | None:
    """The DVC pipeline's stages in order; returns the MLflow run id."""
    manifest = prepared_manifest(cfg)
    transcripts = job_dir / "transcripts.jsonl"
    structured = job_dir / "structured.jsonl"
    prompts = job_dir / "prompts.jsonl"
    images = job_dir / "images"
    metrics = job_dir / "metrics"
    speakers = job_dir / "speakers"
    registry, identified = speakers / "registry.sqlite", speakers / "identified.jsonl"
    enroll_run(cfg, cfg.paths.speakers_config, manifest, speakers / "enrolment", registry)
    identify_run(cfg, manifest, registry, identified)
    transcribe.run(cfg, manifest, transcripts)
    structuring.run(cfg, manifest, transcripts, structured)
    enrichment.run(cfg, structured, prompts, identified)
    generation.run(cfg, prompts, images, reference_root=manifest.parent)
    evaluate.run_asr(cfg, manifest, transcripts, metrics)
    evaluate.run_text(cfg, manifest, structured, prompts, metrics)
    evaluate.run_image(cfg, images, metrics)
    speaker_metrics.run(cfg, manifest, identified, registry, cfg.paths.speakers_config,
                        transcripts, metrics)  # fmt: skip
    artifacts = [metrics / "plots" / "asr_wer_by_voice.png", images / "contact_sheet.png"]
    artifacts.append(metrics / "plots" / "speaker_similarity.png")
    # images/images/: one PNG per item, for the report's image grids (docs/experiments.md)
    return evaluate.track(cfg, metrics, [*artifacts, transcripts, prompts, images / "images"])


@hydra.main(config_path=str(CONF_DIR), config_name="config", version_base="1.3")
def main(cfg: DictConfig) -> None:
    job_dir = Path(HydraConfig.get().runtime.output_dir)
    main_guard(lambda: run_pipeline(cfg, job_dir), "voice2image.app")


if __name__ == "__main__":
    main()
