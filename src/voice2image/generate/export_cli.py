"""`voice2image export-onnx`: export a diffusion backend's networks to ONNX and check them.

    voice2image export-onnx                                   # diffusion=tiny (conf/ default)
    voice2image export-onnx diffusion=sd_turbo_random --out outputs/onnx/sd_turbo_random
    voice2image export-onnx diffusion=sd_turbo diffusion.model=/models/sd-turbo --no-check

Exports the text encoder(s), the UNet (or Flux transformer), the KL VAE decoder and the TAESD
decoder (`--no-tiny-vae` to skip it) for the configured width x height, then runs each one in
PyTorch and in ONNX Runtime on the same inputs and prints the max abs / max rel difference of
every output (`check.json` in the folder, with the export times, the process's peak RSS and
the load average). The folder is what `hardware=onnx_cpu hardware.onnx_dir=DIR` runs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import time
from dataclasses import asdict
from pathlib import Path

from voice2image.hardware import HardwareProfile

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "overrides", nargs="*", metavar="KEY=VALUE", help="config overrides (diffusion=...)"
    )
    parser.add_argument("--out", type=Path, help="folder (default outputs/onnx/<diffusion>)")
    parser.add_argument(
        "--no-tiny-vae", action="store_true", help="do not export the TAESD decoder"
    )
    parser.add_argument("--exporter", choices=("torchscript", "dynamo"), default="torchscript")
    parser.add_argument("--no-check", action="store_true", help="skip the check against PyTorch")
    parser.add_argument(
        "--tolerance", type=float, default=1e-3, help="largest max-rel difference accepted"
    )


def check_table(rows: list[dict]) -> str:
    lines = ["| component | output | shape | max abs | max rel | within tolerance |"]
    lines.append("|---|---|---|---|---|---|")
    for row in rows:
        shape = "x".join(str(n) for n in row["shape"])
        lines.append(
            f"| {row['component']} | {row['output']} | {shape} | {row['max_abs']:.2e} | "
            f"{row['max_rel']:.2e} | {'yes' if row['ok'] else 'NO'} |"
        )
    return "\n".join(lines)


def main(args: argparse.Namespace) -> int:
    from voice2image.compose import compose_config
    from voice2image.generate import onnx_export, onnx_runtime
    from voice2image.pipeline.generate import build_generator

    load_before = [round(x, 2) for x in os.getloadavg()]  # timings below depend on it
    start = time.perf_counter()
    cfg = compose_config(list(args.overrides))
    generator = build_generator(cfg.diffusion, cfg.hardware)
    needed = ("torch_pipeline", "tiny_vae", "onnx_identity")
    if not all(hasattr(generator, name) for name in needed):
        raise ValueError(f"diffusion '{cfg.diffusion.name}' is not a diffusers pipeline")
    out = args.out or Path("outputs/onnx") / str(cfg.diffusion.name)
    pipe = generator.torch_pipeline()  # type: ignore[attr-defined]
    tiny_vae = None if args.no_tiny_vae else generator.tiny_vae()  # type: ignore[attr-defined]
    identity = generator.onnx_identity()  # type: ignore[attr-defined]
    width, height = int(cfg.diffusion.width), int(cfg.diffusion.height)
    sequence = int(cfg.diffusion.get("max_sequence_length") or 256)
    manifest = onnx_export.export_pipeline(
        pipe, out, identity, width, height, sequence, tiny_vae, args.exporter
    )
    names = ", ".join(c["name"] for c in manifest["components"])
    print(f"exported {names} ({width}x{height}) to {out}")
    if args.no_check:
        return 0
    hardware = HardwareProfile(**cfg.hardware)
    parts = onnx_export.components(pipe, width, height, sequence, tiny_vae)
    rows = onnx_export.check_export(
        parts, out, lambda path: onnx_runtime.session(path, hardware), args.tolerance
    )
    plain = [asdict(row) for row in rows]
    run = {
        "export_s": {c["name"]: c["export_s"] for c in manifest["components"]},
        "total_s": round(time.perf_counter() - start, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    (out / "check.json").write_text(
        json.dumps({"tolerance": args.tolerance, "rows": plain, "run": run}, indent=2)
    )
    print(check_table(plain))
    print(", ".join(f"{key} {value}" for key, value in run.items()))
    failed = [f"{r.component}.{r.output}" for r in rows if not r.ok]
    if failed:
        print(f"above the tolerance {args.tolerance}: {', '.join(failed)}")
        return 1
    return 0
