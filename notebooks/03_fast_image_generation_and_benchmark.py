# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 03 · Fast image generation on CPU and GPU, and the benchmark
#
# Image generation is the most expensive step. A hardware profile (`conf/hardware/`) bundles
# the speed levers: `cpu` (plain diffusers, float32), `cpu_fast` (TAESD decoder, NHWC,
# bfloat16 only where the CPU computes it natively), `cuda` (float16, SDPA, `torch.compile`)
# and `onnx_cpu` (ONNX Runtime). This notebook
#
# 1. reads the benchmark of every CPU lever on the architecture-true SD-Turbo
#    (`benchmarks/cpu_levers.py`, `benchmarks/results/`);
# 2. reads the published image-generation × hardware table (`results/legacy/`);
# 3. runs the real `generate` stage here on the smoke set's prompts with the tiny pipeline,
#    under two profiles and two batch sizes, and splits the latency into text encoding,
#    denoising and decoding;
# 4. runs the same on a GPU when one is present (not on the project machine).
#
# **Honesty note:** the offline pipelines have random weights (no Stable Diffusion weights ship
# in any package reachable here): their images are noise, but their compute is the real
# architecture's, so speed and memory are real measurements (`docs/generation.md`). Timings
# depend on the machine's load; each table says under what load it was taken.

# %%
# %matplotlib inline
import json
import os

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display

from voice2image.app import prepared_manifest
from voice2image.notebook import start_notebook

nb = start_notebook("03")
ROOT, OUT, config = nb.root, nb.out, nb.config
cfg = config()

# %% [markdown]
# ## 1 · Every CPU lever on the architecture-true SD-Turbo
#
# `benchmarks/cpu_levers.py` builds SD-Turbo's architecture (866 M-parameter UNet, OpenCLIP
# ViT-H text tower, KL VAE) with random weights and times each lever alone and combined at
# 512×512, 1 step, with the deviation of the latents from plain float32 (the price of a lever).
# The stored run is the **preliminary** one (`benchmarks/README.md`): one timed call per lever,
# load average 14 before and 5.5 after on 2 cores, so the early rows were slowed the most and
# the ratios overstate the gains. Rerun it on an idle machine for figures to quote.

# %%
bench = json.loads((ROOT / "benchmarks" / "results" / "cpu_levers_native.json").read_text())
report = bench["reports"][0]
levers = pd.DataFrame(
    [
        {"lever": row["lever"], "what": row["what"],
         "s/image": min(row["times"]) if row.get("times") else None,
         "peak RSS MB": row.get("peak_rss_mb"), "size": row.get("size"),
         "latents PSNR dB vs fp32": (row.get("latents") or {}).get("psnr_db"),
         "error": row.get("error", "")}
        for row in report["rows"]
    ]
)  # fmt: skip
display(Markdown(
    f"{bench['cpu']}, {report['threads']} threads, torch {report['torch']} "
    f"(capability {report['capability']}, native bf16 used: {report['native_bf16_used']}); "
    f"load average before {report['load_before'][0]:.1f}, after {report['load_after'][0]:.1f}."
))  # fmt: skip
levers.round(2)

# %%
timed = levers.dropna(subset=["s/image"]).set_index("lever")
fig, ax = plt.subplots()
bars = ax.barh(timed.index, timed["s/image"], color="tab:blue")
ax.bar_label(bars, fmt="%.0f s", fontsize=8)
ax.invert_yaxis()
ax.set_xlabel("seconds per 512×512 image, 1 step (one call, under load)")
ax.set_title("CPU levers, random-weight SD-Turbo (preliminary)")
fig.tight_layout()

# %% [markdown]
# TAESD (the tiny decoder) is the largest single lever: the KL VAE decoder is about half the
# work of a 1-step image. Several levers failed in that run (the `error` column: bfloat16 mixed
# with levers that expect float32, an ONNX export problem); the benchmark records the failure
# instead of a number.
#
# ## 2 · The published generation × hardware table

# %%
from voice2image.report.runs import load_legacy

published = pd.DataFrame(
    [
        {"diffusion": r.choices["diffusion"], "hardware": r.choices["hardware"],
         "text_s": r.metric("latency/text_s"), "denoise_s": r.metric("latency/denoise_s"),
         "decode_s": r.metric("latency/decode_s"),
         "generate_s": r.metric("latency/generate_s"),
         "load_s": r.metric("latency/generate_load_s"),
         "peak RSS MB": r.metric("gen/peak_rss_mb"), "measured on": r.hardware}
        for r in load_legacy(ROOT / "results" / "legacy", "diffusion_hardware")
    ]
)  # fmt: skip
display(published.round(3))
split = published.set_index(published["diffusion"] + " / " + published["hardware"])
fig, ax = plt.subplots()
split[["text_s", "denoise_s", "decode_s"]].fillna(0).plot.barh(stacked=True, ax=ax)
ax.set_xscale("symlog", linthresh=0.1)
ax.set_xlabel("seconds per image (symlog)")
ax.set_title("latency split, published runs")
fig.tight_layout()

# %% [markdown]
# ## 3 · The generate stage here: profiles and batch size
#
# The smoke set's descriptions go through the pipeline's stages (reference transcripts, the
# default structurer and enricher), then `pipeline.generate.run` draws them with the tiny
# pipeline (64×64, 2 steps), once per hardware profile and batch size (the first 4 prompts, to
# keep the notebook to minutes). Each run's summary has the load time (the first run also
# builds the random pipeline and caches it), the per-image split and images per second.

# %%
from voice2image.pipeline import enrich, generate, structure, transcribe

manifest = prepared_manifest(cfg)
text_cfg = config("asr=reference")
transcribe.run(text_cfg.asr, text_cfg.hardware, text_cfg.audio, text_cfg.seed,
               text_cfg.chunk_size, manifest, OUT / "transcripts.jsonl")  # fmt: skip
structure.run(text_cfg.structure, text_cfg.chunk_size, manifest, OUT / "transcripts.jsonl",
              OUT / "structured.jsonl")  # fmt: skip
enrich.run(text_cfg.enrich, text_cfg.paths.presets, str(text_cfg.diffusion.family),
           text_cfg.seed, text_cfg.chunk_size, OUT / "structured.jsonl", None,
           OUT / "prompts.jsonl")  # fmt: skip
prompts = pd.read_json(OUT / "prompts.jsonl", lines=True).head(4)  # 4 images per run: minutes
prompts.to_json(OUT / "prompts4.jsonl", orient="records", lines=True, force_ascii=False)
prompts[["id", "status", "prompt", "prompt_tokens"]]

# %%
load_before = os.getloadavg()
runs = []
for hardware in ["cpu", "cpu_fast"]:
    for batch_size in [1, 4]:
        c = config(f"hardware={hardware}", f"diffusion.batch_size={batch_size}")
        folder = OUT / "images" / f"{hardware}-batch{batch_size}"
        try:
            summary = generate.run(c.diffusion, c.hardware, c.seed, OUT / "prompts4.jsonl", folder)
        except Exception as exc:  # a profile this CPU or backend cannot run: say so, go on
            runs.append({"hardware": hardware, "batch": batch_size, "error": str(exc)[:200]})
            continue
        made = max(summary.generated, 1)  # the summary's times are totals over the run
        runs.append({"hardware": hardware, "batch": batch_size, "applied": summary.applied,
                     "images": summary.ok, "load_s": summary.load_s,
                     "text_s": summary.text_s / made, "denoise_s": summary.denoise_s / made,
                     "decode_s": summary.decode_s / made, "generate_s": summary.generate_s / made,
                     "images/s": summary.images_per_s,
                     "peak RSS MB": summary.peak_rss_mb})  # fmt: skip
profiles = pd.DataFrame(runs)
display(Markdown(f"Load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f} "
                 "(1 minute; 2 shared cores)."))  # fmt: skip
profiles.round(4)

# %%
ok = profiles.dropna(subset=["generate_s"]) if "generate_s" in profiles else profiles.iloc[0:0]
fig, ax = plt.subplots()
labels = ok["hardware"] + ", batch " + ok["batch"].astype(str)
ax.barh(labels, ok["text_s"], label="text encoder")
ax.barh(labels, ok["denoise_s"], left=ok["text_s"], label="denoise")
ax.barh(labels, ok["decode_s"], left=ok["text_s"] + ok["denoise_s"], label="decode")
ax.set_xlabel("seconds per image (tiny pipeline, 64×64, 2 steps)")
ax.legend(fontsize=8)
fig.tight_layout()

# %% [markdown]
# Batching shares the fixed cost of a pipeline call across images. On a 64×64 random pipeline
# the split is dominated by overheads, so it says little about SD-Turbo at 512×512 (section 1
# does); what this run checks is that every profile goes through the stage end to end, and the
# same `generate.run` times the real architecture with `diffusion=sd_turbo_random`.

# %% [markdown]
# ## 4 · On a GPU
#
# `hardware=cuda` (float16, SDPA attention, NHWC, `torch.compile` of UNet and decoder) is the
# profile for a GPU: `dvc exp run -S hardware=cuda -S diffusion=sd_turbo` or
# `python -m voice2image.sweep diffusion_hardware diffusion=sd_turbo_random hardware=cuda`.
# The cell below runs it when this kernel sees a CUDA device; the project machine has none
# (and the locked torch is the CPU build), so there it says so instead.

# %%
import torch

if torch.cuda.is_available():
    c = config("hardware=cuda", "hardware.compile=false")
    gpu = generate.run(c.diffusion, c.hardware, c.seed, OUT / "prompts4.jsonl", OUT / "gpu")
    display(pd.DataFrame([{"device": torch.cuda.get_device_name(0), **gpu.as_json()}]))
else:
    display(Markdown(f"No CUDA device here (torch {torch.__version__}): GPU section skipped."))

# %% [markdown]
# ## Summary
#
# The figures of this run, as one JSON line (the notebook test checks them).

# %% tags=["summary"]
summary = {
    "levers_timed": {k: round(float(v), 1) for k, v in timed["s/image"].items()},
    "runs": [{k: (round(v, 4) if isinstance(v, float) else v) for k, v in r.items()}
             for r in runs],
    "load_average": [round(x, 2) for x in os.getloadavg()],
    "seconds": nb.seconds(),
}
print(json.dumps(summary))
