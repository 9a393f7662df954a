"""The pipeline's stages, one module per DVC stage of `dvc.yaml` and named as there: prepare,
enroll, identify, transcribe, structure, enrich, generate, evaluate_asr, evaluate_text,
evaluate_image, evaluate_speaker, track, report.

Each module's `run(...)` takes the config sections its `dvc.yaml` entry lists as params and the
paths it reads and writes, nothing else; `stages/<stage>.py` (DVC) and `voice2image.app` (the
Hydra app) call it. The per-item stages run on one engine (`engine.run_items`: resumable
chunks, journal, timing, progress bar, summary). Backends live in the packages the stages
build them from (`asr`, `structure`, `enrich`, `generate`, `speakers`), metrics in
`evaluation`, the report's tables in `report`; every JSONL row is a model in `records`.
"""
