"""Every CPU speed lever for SD-Turbo, one at a time and combined, on this CPU and on an
emulated AVX2-only CPU: seconds per image and what each lever changes in the output.

    python benchmarks/cpu_levers.py                     # both ISAs, every lever (long: ~1 h idle)
    python benchmarks/cpu_levers.py --isa native --levers fp32 cpu_fast onnxruntime
    python benchmarks/cpu_levers.py --json benchmarks/results/cpu_levers.json
    python benchmarks/cpu_levers.py --levers cpu_fast onnxruntime \
        --onnx-dir outputs/onnx/sd_turbo_random  # from export-onnx diffusion=sd_turbo_random

Model: the architecture-true SD-Turbo with random weights (`voice2image.generate.architectures`:
the SD 2.1 UNet, OpenCLIP ViT-H text tower, KL VAE; TAESD's architecture), 512x512, 1 step,
guidance 0, one image per call, the same seed for every lever. Weights are random, so the speed
and memory are the real model's, but the deviations below are of random networks: they show the
size of each lever's numerical change, not its visual effect on real images.

Each ISA runs in its own child process (the parent only reports):

* `native`: the CPU as it is;
* `avx2`: the same CPU with PyTorch capped at AVX2: ATEN_CPU_CAPABILITY=avx2 (ATen's
  vectorised kernels), ONEDNN_MAX_CPU_ISA=AVX2 (oneDNN: convolutions, bf16 matmul) and
  MKL_ENABLE_INSTRUCTIONS=AVX2 (MKL's sgemm), set before torch is imported. The child checks
  the cap took effect (torch's reported capability, and a bf16 matmul that becomes slower than
  float32). ONNX Runtime cannot be capped (its MLAS kernels choose their ISA from CPUID with no
  override), so its `avx2` rows still use AVX-512: they are reported, and marked.

For every lever: min and median seconds per image over `--repeats` timed calls (after
`--warmup` calls), the speed-up over plain fp32's median, peak RSS, and the deviation from
plain fp32 of the final latents and of the decoded 8-bit pixels (max abs, PSNR in dB).
The load average before and after each child is printed with the CPU's flags: rerun on an
idle machine for figures to quote.
"""

from __future__ import annotations

import argparse
import copy
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ISAS = {
    "native": {},
    "avx2": {
        "ATEN_CPU_CAPABILITY": "avx2",
        "ONEDNN_MAX_CPU_ISA": "AVX2",
        "MKL_ENABLE_INSTRUCTIONS": "AVX2",
    },
}
PROMPT = "a photograph of an astronaut riding a horse on the moon, highly detailed"
FLAGS = ("avx2", "avx512f", "avx512_bf16", "avx512_vnni", "amx_bf16", "amx_tile", "avx_vnni")

# lever -> what it does (the table's second column)
LEVERS = {
    "fp32": "plain diffusers, float32, no option (the baseline)",
    "channels_last": "UNet and VAE in NHWC",
    "taesd": "TAESD decoder instead of the KL VAE",
    "bf16": "everything in bfloat16",
    "int8_linear": "UNet Linear layers int8 (torch dynamic quantisation)",
    "sdpa_sliced": "attention slicing on (diffusers' memory option; SDPA is the default)",
    "onnxruntime": "ONNX Runtime fp32 (text encoder, UNet, KL decoder)",
    "onnxruntime_taesd": "ONNX Runtime fp32 with the TAESD decoder",
    "compile": "torch.compile (inductor) of UNet and decoder",
    "cpu_fast": "the cpu_fast profile: TAESD, NHWC, bf16 where native (dtype auto)",
    "taesd_int8": "TAESD + NHWC + int8 Linear (fp32 elsewhere)",
    "cpu_fast_384": "cpu_fast at 384x384 (a smaller image, not the same output)",
}
DEFAULT_LEVERS = [name for name in LEVERS if name != "compile"]


def cpu_flags() -> dict[str, bool]:
    text = Path("/proc/cpuinfo").read_text()
    present = set()
    for line in text.splitlines():
        if line.startswith("flags"):
            present = set(line.split(":", 1)[1].split())
            break
    return {flag: flag in present for flag in FLAGS}


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


# --- child: one ISA ---------------------------------------------------------------------------


def matmul_probe() -> dict[str, float]:
    """ms per 1024x1024 matmul in float32 and bfloat16: native bf16 is faster, emulated slower."""
    import torch

    out = {}
    a, b = torch.randn(1024, 1024), torch.randn(1024, 1024)
    for name, dtype in (("fp32_ms", torch.float32), ("bf16_ms", torch.bfloat16)):
        x, y = a.to(dtype), b.to(dtype)
        x @ y
        start = time.perf_counter()
        for _ in range(3):
            x @ y
        out[name] = round((time.perf_counter() - start) / 3 * 1000, 1)
    return out


def deviation(reference: Any, got: Any, peak: float | None = None) -> dict[str, float]:
    """max |got - reference| and PSNR (peak: 255 for pixels; the reference's range otherwise)."""
    import numpy as np

    ref = np.asarray(reference, dtype=np.float64)
    diff = np.asarray(got, dtype=np.float64) - ref
    mse = float((diff**2).mean())
    top = peak if peak is not None else float(ref.max() - ref.min())
    psnr = math.inf if mse == 0 else 10 * math.log10(top**2 / mse)
    return {"max_abs": float(np.abs(diff).max()), "psnr_db": psnr}


class Lever:
    """A pipeline configured for one lever, called once per image."""

    def __init__(self, name: str, components: dict[str, Any], onnx_dir: str | None) -> None:
        import torch
        from diffusers import StableDiffusionPipeline

        from voice2image.generate import architectures, onnx_runtime, optimize
        from voice2image.hardware import HardwareProfile

        self.name = name
        self.size = 384 if name.endswith("_384") else 512
        parts = dict(components)
        dtype = torch.float32
        tiny = name in ("taesd", "cpu_fast", "taesd_int8", "onnxruntime_taesd", "cpu_fast_384")
        if tiny:
            parts["vae"] = architectures.tiny_autoencoder(5)
        if name in ("int8_linear", "taesd_int8"):
            parts["unet"] = torch.ao.quantization.quantize_dynamic(
                copy.deepcopy(components["unet"]), {torch.nn.Linear}, dtype=torch.qint8
            )
        if name == "bf16" or (name.startswith("cpu_fast") and optimize.cpu_has_native_bf16()):
            dtype = torch.bfloat16
        pipe = StableDiffusionPipeline(**parts, requires_safety_checker=False)
        pipe.set_progress_bar_config(disable=True)
        nhwc = name in ("channels_last", "cpu_fast", "taesd_int8", "cpu_fast_384")
        if dtype != torch.float32 or nhwc:  # both change the modules in place: on copies
            for key in ("unet", "vae", "text_encoder"):
                setattr(pipe, key, copy.deepcopy(getattr(pipe, key)))
        if dtype != torch.float32:
            pipe.to(dtype=dtype)
        if nhwc:
            pipe.unet.to(memory_format=torch.channels_last)
            pipe.vae.to(memory_format=torch.channels_last)
        if name == "sdpa_sliced":
            pipe.enable_attention_slicing()
        if name == "compile":
            pipe.unet = torch.compile(pipe.unet)
            pipe.vae.decode = torch.compile(pipe.vae.decode)
        if name.startswith("onnxruntime"):
            hardware = HardwareProfile(name="onnx_cpu", runtime="onnxruntime", onnx_dir=onnx_dir)
            identity = {"model": "random:sd_turbo(seed=0)", "lora": None,
                        "tiny_vae_model": "random:sd_turbo", "size": [512, 512],
                        "max_sequence_length": None}  # fmt: skip
            onnx_runtime.install(pipe, hardware, identity, 512, 512)
        self.dtype = dtype
        self.pipe = pipe

    def __call__(self) -> tuple[Any, Any]:
        """(final latents, 8-bit image) of one call with the benchmark's seed."""
        import numpy as np
        import torch

        captured: dict[str, Any] = {}

        def keep(pipe: Any, step: int, timestep: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
            captured["latents"] = kwargs["latents"].detach().float().clone()
            return kwargs

        with torch.no_grad():
            image = self.pipe(
                PROMPT,
                num_inference_steps=1,
                guidance_scale=0.0,
                height=self.size,
                width=self.size,
                generator=torch.Generator("cpu").manual_seed(0),
                callback_on_step_end=keep,
            ).images[0]
        return captured["latents"].numpy(), np.asarray(image)


def run_child(args: argparse.Namespace) -> dict[str, Any]:
    import torch
    from benchmarks.sd_turbo_profiles import PeakRSS

    from voice2image.generate import architectures, optimize

    torch.set_num_threads(len(os.sched_getaffinity(0)))
    isa = args.isa[0]
    report: dict[str, Any] = {
        "isa": isa,
        "env": ISAS[isa],
        "torch": torch.__version__,
        "capability": torch.backends.cpu.get_cpu_capability(),
        "native_bf16_used": optimize.cpu_has_native_bf16(),
        "threads": torch.get_num_threads(),
        "load_before": os.getloadavg(),
        "probe": matmul_probe(),
        "rows": [],
    }
    print(f"[{isa}] capability {report['capability']}, probe {report['probe']}", flush=True)
    components = architectures.sd_components(0, "sd_turbo")
    reference: tuple[Any, Any] | None = None
    for name in args.levers:
        row: dict[str, Any] = {"lever": name, "what": LEVERS[name]}
        lever: Lever | None = None
        try:
            setup = time.perf_counter()
            lever = Lever(name, components, args.onnx_dir)
            row["setup_s"] = round(time.perf_counter() - setup, 1)
            for _ in range(args.warmup):
                lever()
            times = []
            with PeakRSS() as peak:
                for _ in range(args.repeats):
                    start = time.perf_counter()
                    latents, pixels = lever()
                    times.append(time.perf_counter() - start)
            row |= {"times": times, "peak_rss_mb": round(peak.peak_mb), "size": lever.size}
            if name == "fp32":
                reference = (latents, pixels)
            if reference is not None and lever.size == 512:
                row["latents"] = deviation(reference[0], latents)
                if "taesd" not in name and name != "cpu_fast" and name != "taesd_int8":
                    row["pixels"] = deviation(reference[1], pixels, 255.0)
                else:  # a different (random) decoder: its pixels are not comparable
                    row["pixels"] = None
        except Exception as exc:  # one lever failing must not lose the others
            row["error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        report["rows"].append(row)
        print(f"[{isa}] {name}: {row.get('times', row.get('error'))}", flush=True)
        lever = None  # free this lever's copies before the next one is built
    report["load_after"] = os.getloadavg()
    return report


# --- parent: both ISAs, the tables ------------------------------------------------------------


def speed_table(reports: list[dict[str, Any]]) -> str:
    by_isa = {r["isa"]: {row["lever"]: row for row in r["rows"]} for r in reports}
    isas = list(by_isa)
    head = "| lever | what it does | " + " | ".join(
        f"{isa}: min / median s (speed-up)" for isa in isas
    )
    lines = [head + " |", "|---|---|" + "---|" * len(isas)]
    for lever in dict.fromkeys(row["lever"] for r in reports for row in r["rows"]):
        cells = []
        for isa in isas:
            row = by_isa[isa].get(lever)
            base = by_isa[isa].get("fp32", {}).get("times")
            if not row or "times" not in row:
                cells.append(row.get("error", "-") if row else "-")
                continue
            median = statistics.median(row["times"])
            speed = f" ({statistics.median(base) / median:.2f}x)" if base else ""
            mark = " *" if isa != "native" and lever.startswith("onnxruntime") else ""
            cells.append(f"{min(row['times']):.2f} / {median:.2f}{speed}{mark}")
        lines.append(f"| {lever} | {LEVERS[lever]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def deviation_table(report: dict[str, Any]) -> str:
    lines = [
        "| lever | latents max abs | latents PSNR dB | pixels max abs (0-255) | pixels PSNR dB |",
        "|---|---|---|---|---|",
    ]

    def fmt(value: dict[str, float] | None, key: str) -> str:
        if not value:
            return "n/a"
        number = value[key]
        return "identical" if key == "psnr_db" and math.isinf(number) else f"{number:.3g}"

    for row in report["rows"]:
        if "latents" not in row or row["lever"] == "fp32":
            continue
        latents, pixels = row["latents"], row.get("pixels")
        lines.append(
            f"| {row['lever']} | {fmt(latents, 'max_abs')} | {fmt(latents, 'psnr_db')} | "
            f"{fmt(pixels, 'max_abs')} | {fmt(pixels, 'psnr_db')} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--isa", nargs="+", choices=list(ISAS), default=list(ISAS))
    parser.add_argument("--levers", nargs="+", choices=list(LEVERS), default=DEFAULT_LEVERS)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write every raw row here")
    parser.add_argument(
        "--onnx-dir",
        help="an `export-onnx diffusion=sd_turbo_random` folder for the onnxruntime levers "
        "(default: exported into the model cache on first use)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if "fp32" not in args.levers:
        args.levers = ["fp32", *args.levers]

    if args.child:
        (args.child_out).write_text(json.dumps(run_child(args), default=str))
        return

    root = Path(__file__).resolve().parents[1]
    reports = []
    for isa in args.isa:
        out = Path(f"/tmp/cpu_levers_{os.getpid()}_{isa}.json")
        command = [sys.executable, str(Path(__file__).resolve()), "--child", "--isa", isa,
                   "--child-out", str(out), "--warmup", str(args.warmup),
                   "--repeats", str(args.repeats), "--levers", *args.levers]  # fmt: skip
        if args.onnx_dir:
            command += ["--onnx-dir", args.onnx_dir]
        env = os.environ | ISAS[isa] | {"PYTHONPATH": f"{root}:{root / 'src'}"}
        subprocess.run(command, env=env, check=True)
        reports.append(json.loads(out.read_text()))
        out.unlink()

    print(f"\nCPU: {cpu_model()}, {len(os.sched_getaffinity(0))} cores; flags: "
          + ", ".join(f for f, on in cpu_flags().items() if on))  # fmt: skip
    for report in reports:
        print(f"{report['isa']}: torch {report['torch']} capability {report['capability']}, "
              f"{report['threads']} threads, bf16 native used: {report['native_bf16_used']}, "
              f"matmul probe {report['probe']}, load average before {report['load_before']}, "
              f"after {report['load_after']}")  # fmt: skip
    print(f"\nSD-Turbo architecture, random weights, 512x512, 1 step; {args.warmup} warm-up + "
          f"{args.repeats} timed calls per lever\n")  # fmt: skip
    print(speed_table(reports))
    print("\n* ONNX Runtime is not capped by the emulation: it still uses AVX-512 there.")
    for report in reports:
        print(f"\nDeviation from plain fp32 ({report['isa']}):\n")
        print(deviation_table(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"cpu": cpu_model(), "flags": cpu_flags(),
                                         "reports": reports}, indent=2, default=str))  # fmt: skip


if __name__ == "__main__":
    main()
