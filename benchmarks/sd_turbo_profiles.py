"""Time each hardware profile against plain diffusers fp32, in one process on one machine.

The model is the architecture-true random SD-Turbo (SD 2.1 UNet, OpenCLIP ViT-H/14 text tower,
KL VAE; TAESD's architecture for `tiny_vae`) at 512x512, 1 step, guidance 0: the real model's
compute and memory, without its weights (none are available offline). Not a test: run it by hand.

    python benchmarks/sd_turbo_profiles.py                       # cpu, cpu_fast (+cuda on a GPU)
    python benchmarks/sd_turbo_profiles.py --profiles cpu_fast --repeats 5 --json out.json

Reports min and median seconds per image over the repeats (after warm-up calls), the ratio of
the baseline's median to each profile's median, the split into text encoding / denoising /
decoding, and each profile's peak resident memory (and peak VRAM on CUDA).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
from pathlib import Path
from typing import Any

import torch
from omegaconf import OmegaConf

from voice2image.config import CONF_DIR
from voice2image.generate import GenerationRequest, RandomGenerator, architectures
from voice2image.hardware import HardwareProfile

PROMPT = "a photograph of an astronaut riding a horse on the moon, highly detailed"


class PeakRSS:
    """Samples this process's resident memory while a block runs (ru_maxrss never falls)."""

    def __init__(self, every_s: float = 0.05) -> None:
        self.every_s = every_s
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def rss_mb() -> float:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, self.rss_mb())
            time.sleep(self.every_s)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def hardware_profile(name: str) -> HardwareProfile:
    """conf/hardware/<name>.yaml, with its `defaults` parent merged under it."""
    cfg = OmegaConf.load(CONF_DIR / "hardware" / f"{name}.yaml")
    merged = OmegaConf.create()
    for parent in cfg.pop("defaults", []):
        merged = OmegaConf.merge(merged, OmegaConf.load(CONF_DIR / "hardware" / f"{parent}.yaml"))
    plain = OmegaConf.to_container(OmegaConf.merge(merged, cfg), resolve=True)
    assert isinstance(plain, dict)
    return HardwareProfile(**{str(k): v for k, v in plain.items()})


class SharedRandomGenerator(RandomGenerator):
    """The stage's generator, on components built once for the whole benchmark."""

    def __init__(self, components: dict[str, Any], hardware: HardwareProfile, size: int) -> None:
        super().__init__(
            hardware.name,
            "sd_turbo",
            steps=1,
            guidance_scale=0.0,
            width=size,
            height=size,
            img2img_steps=2,
            hardware=hardware,
        )
        self.components = components

    def _load_pipeline(self, dtype: torch.dtype) -> Any:
        from diffusers import StableDiffusionPipeline

        return StableDiffusionPipeline(**self.components, requires_safety_checker=False)


def restore(components: dict[str, Any]) -> None:
    """Undo in-place layout/dtype changes a profile made on the shared modules."""
    for key in ("unet", "vae", "text_encoder"):
        module = components[key]
        module.to(dtype=torch.float32, device="cpu")
        if key != "text_encoder":
            module.to(memory_format=torch.contiguous_format)


def time_calls(call: Any, warmup: int, repeats: int) -> tuple[list[float], float]:
    for _ in range(warmup):
        call()
    times = []
    with PeakRSS() as peak:
        for _ in range(repeats):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
    return times, peak.peak_mb


def bench_plain(components: dict[str, Any], size: int, warmup: int, repeats: int) -> dict:
    """Plain diffusers: the pipeline as from_pretrained gives it, fp32, no options."""
    from diffusers import StableDiffusionPipeline

    pipe = StableDiffusionPipeline(**components, requires_safety_checker=False)
    pipe.set_progress_bar_config(disable=True)

    def call() -> None:
        generator = torch.Generator("cpu").manual_seed(0)
        pipe(
            PROMPT,
            num_inference_steps=1,
            guidance_scale=0.0,
            height=size,
            width=size,
            generator=generator,
        )

    times, peak = time_calls(call, warmup, repeats)
    return {"profile": "diffusers_fp32", "times": times, "peak_rss_mb": peak, "applied": "-"}


def bench_profile(
    components: dict[str, Any], name: str, size: int, warmup: int, repeats: int
) -> dict:
    hardware = hardware_profile(name)
    generator = SharedRandomGenerator(components, hardware, size)
    load_start = time.perf_counter()
    generator.load()
    load_s = time.perf_counter() - load_start
    splits: list[Any] = []

    def call() -> None:
        result = generator.generate([GenerationRequest("bench", PROMPT, seed=0)])[0]
        splits.append(result.times)

    if hardware.device == "cuda":
        torch.cuda.reset_peak_memory_stats()
    times, peak = time_calls(call, warmup, repeats)
    measured = splits[warmup:]
    row = {
        "profile": name,
        "times": times,
        "peak_rss_mb": peak,
        "setup_s": load_s,
        "applied": generator.describe()["applied"],
        "text_s": statistics.median(t.text_s for t in measured),
        "denoise_s": statistics.median(t.denoise_s for t in measured),
        "decode_s": statistics.median(t.decode_s for t in measured),
    }
    if hardware.device == "cuda":
        row["peak_vram_mb"] = torch.cuda.max_memory_allocated() / 2**20
    restore(components)
    return row


def table(rows: list[dict]) -> str:
    base = statistics.median(rows[0]["times"])
    lines = [
        "| profile | min s/img | median s/img | speed-up (median) | text s | denoise s | "
        "decode s | peak RSS MB | applied |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        median = statistics.median(row["times"])
        split = [f"{row[k]:.2f}" if k in row else "-" for k in ("text_s", "denoise_s", "decode_s")]
        lines.append(
            f"| {row['profile']} | {min(row['times']):.2f} | {median:.2f} | "
            f"{base / median:.2f}x | {' | '.join(split)} | {row['peak_rss_mb']:.0f} | "
            f"{row['applied']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = ["cpu", "cpu_fast"] + (["cuda"] if torch.cuda.is_available() else [])
    parser.add_argument("--profiles", nargs="+", default=default)
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    args = parser.parse_args()

    torch.set_num_threads(hardware_profile("cpu").cpu_threads)
    load_before = os.getloadavg()
    start = time.perf_counter()
    components = architectures.sd_components(args.seed, "sd_turbo")
    print(
        f"built architecture-true SD-Turbo in {time.perf_counter() - start:.1f} s "
        f"(UNet {architectures.parameter_count(components['unet']) / 1e6:.0f} M parameters)"
    )
    rows = [bench_plain(components, args.size, args.warmup, args.repeats)]
    print(f"diffusers_fp32: {rows[0]['times']}", flush=True)
    for name in args.profiles:
        rows.append(bench_profile(components, name, args.size, args.warmup, args.repeats))
        print(f"{name}: {rows[-1]['times']}", flush=True)
    load_after = os.getloadavg()

    print(
        f"\nSD-Turbo architecture, random weights, {args.size}x{args.size}, 1 step, guidance 0;"
        f" torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"{args.warmup} warm-up + {args.repeats} timed calls each"
    )
    print(f"load average (1/5/15 min) before {load_before}, after {load_after}\n")
    print(table(rows))
    if args.json:
        args.json.write_text(
            json.dumps({"rows": rows, "load": [load_before, load_after]}, indent=2)
        )


if __name__ == "__main__":
    main()
