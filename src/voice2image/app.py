"""The stages as a Hydra app, for sweeps without DVC:

    python -m voice2image.app asr=faster_whisper_tiny_en,faster_whisper_base --multirun

Prepares the dataset once (shared, in `paths.prepared`, resumable), then transcribes and
evaluates into each job's own output directory; every job logs one MLflow run.
"""

from __future__ import annotations

from pathlib import Path

import hydra
from hydra.core.hydra_config import HydraConfig
from omegaconf import DictConfig

from voice2image import evaluate, prepare, transcribe
from voice2image.cli import main_guard
from voice2image.config import CONF_DIR


def run_pipeline(cfg: DictConfig, job_dir: Path) -> dict[str, object]:
    manifest = Path(cfg.paths.manifest)
    if not manifest.exists():
        prepare.run(cfg.dataset, cfg.paths.prepared)
    transcripts = job_dir / "transcripts.jsonl"
    transcribe.run(cfg, manifest, transcripts)
    outputs = evaluate.run(
        cfg, manifest, transcripts, job_dir / "metrics" / "asr.json", job_dir / "asr_items.jsonl"
    )
    return outputs.metrics


@hydra.main(config_path=str(CONF_DIR), config_name="config", version_base="1.3")
def main(cfg: DictConfig) -> None:
    job_dir = Path(HydraConfig.get().runtime.output_dir)
    main_guard(lambda: run_pipeline(cfg, job_dir), "voice2image.app")


if __name__ == "__main__":
    main()
