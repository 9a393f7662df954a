"""DVC stage `transcribe`: transcribe every clip with the configured ASR engine."""

from voice2image.cli import main_guard
from voice2image.config import load_params
from voice2image.pipeline import transcribe


def main() -> None:
    cfg = load_params()
    summary = transcribe.run(
        cfg.asr, cfg.hardware, cfg.audio, int(cfg.seed), int(cfg.chunk_size), cfg.paths.manifest,
        cfg.paths.transcripts,
    )  # fmt: skip
    print(
        f"transcribe: {summary.items} clips ({summary.failed} failed) with {summary.engine}: "
        f"{summary.wall_s:.1f} s for {summary.audio_s:.1f} s of audio "
        f"(wall/audio {summary.wall_over_audio:.3f})"
    )


if __name__ == "__main__":
    main_guard(main, "transcribe")
