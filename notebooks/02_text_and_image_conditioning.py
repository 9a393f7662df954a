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
# # 02 · From rambling speech to a prompt, and conditioning on a reference image
#
# People describe pictures the way they talk: fillers, restarts, self-corrections ("a red car,
# no wait, make it blue"). The thesis's central step **structures** such a transcript into a
# typed `StructuredDescription` (`src/voice2image/schema.py`) and **enriches** it into a prompt
# that fits the text encoder's 77-token window. This notebook follows one dev description
# through every step with the library's own per-item functions (the ones the DVC stages and
# the services call):
#
# 1. cleanup → structure → prompt, side by side for two structurers (`rules`, `syntax`);
# 2. the same description with the speaker's preset (what notebook 01 identified);
# 3. the whole chain from the spoken clip with `voice2image.describe`;
# 4. image-to-image from a reference picture with the tiny diffusion pipeline;
# 5. the published structuring and enrichment figures (`results/`).
#
# Everything is written into a temporary folder; the spoken clips are cached in the
# git-ignored `outputs/notebooks/`.

# %%
# %matplotlib inline
import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

from voice2image.app import prepared_manifest
from voice2image.notebook import start_notebook

nb = start_notebook("02", max_colwidth=120)
ROOT, OUT, config = nb.root, nb.out, nb.config
cfg = config()

# %% [markdown]
# ## 1 · One description: cleanup, structure, prompt
#
# `en_001` of the dev split, as written for the speaker to say, with its gold description
# (what a careful annotator extracted):

# %%
from voice2image.descriptions import load_descriptions

dev = {d.id: d for d in load_descriptions("data/descriptions/dev/en.yaml")}
item = dev["en_001"]
display(Markdown(f"> *{item.text}*"))
pd.Series(item.gold.model_dump(exclude_defaults=True), name="gold").to_frame()

# %% [markdown]
# Each structurer is one Hydra choice (`conf/structure/`); `build_structurer` builds it and
# `structure_item` runs it on a transcript record exactly as the `structure` stage does.
# `rules` uses lexicons written from dev; `syntax` (the default) parses with spaCy and
# classifies unseen words through WordNet hypernyms (`docs/structuring.md`).

# %%
from voice2image.pipeline.structure import build_structurer, structure_item
from voice2image.records import TranscriptRecord

transcript = TranscriptRecord(id=item.id, status="ok", engine="reference", text=item.text,
                              language="en")  # fmt: skip
structured = {}
for choice in ["rules", "syntax"]:
    structurer = build_structurer(config(f"structure={choice}").structure)
    structurer.load()
    structured[choice] = structure_item(structurer, item.id, transcript, "en", None)


def slots(record):
    d = record.description
    return {
        "cleaned": record.cleaned,
        "corrections": "; ".join(f"{c.discarded} → {c.kept}" for c in record.corrections),
        "subjects": "; ".join(
            f"{s.count}× {s.noun} ({', '.join(s.attributes)})" for s in d.subjects
        ),
        **{k: v for k, v in d.model_dump(exclude={"subjects", "sources", "version"}).items() if v},
        "latency ms": round(record.latency_s * 1000, 1),
    }


side_by_side = pd.DataFrame({name: slots(r) for name, r in structured.items()}).fillna("")
side_by_side

# %% [markdown]
# Both drop the filler ("um") and apply the self-correction: red is withdrawn, blue kept
# (`corrections`). `rules` also strips the command "draw me" from the cleaned text; `syntax`
# keeps it there but not in the description, whose slots match the gold above. Then the enricher (`conf/enrich/`, default `tags`) turns the
# description into prompt parts, adds quality tags and a negative prompt, and `render` fits
# the parts into the CLIP window by priority (`enrich/prompting.py`):

# %%
from voice2image.enrich.presets import load_presets
from voice2image.enrich.prompting import TokenCounter
from voice2image.pipeline.enrich import build_enricher, prompt_for, render_options
from voice2image.speakers.roster import load_speakers

presets = load_presets(cfg.paths.presets)
_, specs = load_speakers(cfg.paths.speakers_config)
profiles = {spec.name: spec.profile for spec in specs}
syntax = structured["syntax"]


def prompt(enrich_choice: str, speaker: str | None):
    c = config(f"enrich={enrich_choice}")
    enricher = build_enricher(c.enrich)
    enricher.load()
    options = render_options(c.enrich, str(c.diffusion.family))
    return prompt_for(enricher, item.id, syntax.description, syntax.cleaned, speaker,
                      profiles.get(speaker), presets, options, TokenCounter(options),
                      int(c.seed))  # fmt: skip


variants = {
    "enrich=none": prompt("none", None),
    "enrich=tags": prompt("tags", None),
    "tags + piper_joe's profile": prompt("tags", "piper_joe"),
    "tags + flite_slt's profile": prompt("tags", "flite_slt"),
}
prompts = pd.DataFrame(
    {
        name: {"prompt": p.prompt, "negative": p.negative_prompt, "preset": p.preset,
               "tokens": p.prompt_tokens, "diffusion options": json.dumps(p.diffusion or {}),
               "seed": p.seed}
        for name, p in variants.items()
    }
).T  # fmt: skip
prompts

# %% [markdown]
# The same words from two speakers give two prompts: piper_joe's profile brings the
# *watercolor* preset, "soft morning light" and "harsh shadows" in the negative prompt, and a
# guidance scale of 6; flite_slt's brings *anime* and 3 steps. This is how an identified user
# (notebook 01) is linked to their presets. The seed follows the item, so the picture is
# reproducible.
#
# A Russian description goes through the same steps (`syntax` parses Russian with natasha;
# this first Russian call's latency includes loading natasha's models):

# %%
ru = {d.id: d for d in load_descriptions("data/descriptions/dev/ru.yaml")}["ru_001"]
ru_record = structure_item(
    build_structurer(cfg.structure), ru.id,
    TranscriptRecord(id=ru.id, status="ok", engine="reference", text=ru.text, language="ru"),
    "ru", None,
)  # fmt: skip
pd.DataFrame({"ru_001 (syntax)": {"text": ru.text, "translation": ru.translation,
                                  **slots(ru_record)}})  # fmt: skip

# %% [markdown]
# ## 2 · The whole chain from the spoken clip: `voice2image describe`
#
# `describe.core.Describer` is what `voice2image describe clip.m4a` runs: the services' cores
# (ASR, speaker identification, structurer, enricher, generator) for one recording, with the
# time of each step. Here on the Piper voice's recording of the same description (no speaker
# registry is given, so the speaker is "unknown"; notebook 01 enrols one). Whatever the ASR
# mishears travels on: compare this structure and prompt with the ones from the written text.

# %%
from voice2image.audio import load_audio
from voice2image.describe.core import Describer

manifest = prepared_manifest(cfg)
describe_cfg = config("asr=faster_whisper_tiny_en", "++paths.registry=null")
describer = Describer(describe_cfg, ["asr=faster_whisper_tiny_en"])
load_s = describer.load()
clip = manifest.parent / "audio" / "piper_joe" / "en_001.wav"
record, png = describer.describe(load_audio(clip), clip.name)
(OUT / "en_001.png").write_bytes(png)
display(Markdown(f"Models loaded in {load_s:.1f} s."))
pd.Series(
    {"transcript": record.transcript, "cleaned": record.cleaned,
     "subjects": ", ".join(s.noun for s in record.description.subjects),
     "prompt": record.prompt, "tokens": record.prompt_tokens, "seed": record.seed,
     **{k: v for k, v in record.timings.model_dump().items()}}
).to_frame("describe en_001__piper_joe")  # fmt: skip

# %% [markdown]
# ## 3 · Image-to-image from a reference picture
#
# A prompt record may carry a `reference_image`; the generator then repaints it
# (`diffusion.strength`: how much is repainted) instead of starting from noise, or feeds it to
# an IP-Adapter (`reference_mode: ip_adapter`, needs hub weights). Here the reference is a
# simple drawing made in code, and the tiny diffusion pipeline draws over it.
#
# **Honesty note:** `diffusion=tiny` is a *randomly initialised* Stable Diffusion built in code
# (no weights ship in any package reachable offline), so its pictures are noise and say nothing
# about quality. Its random VAE does not even reconstruct the reference, so the reference is not
# visible in the outputs either. What it does show is the mechanics: the request switches to
# image-to-image (`mode`), and the strength sets how many of the `img2img_steps` denoising steps
# run (10 × strength), which the denoising time follows. With `diffusion=sd_turbo` (hub
# weights) the same code draws real pictures, and a low strength keeps the reference's layout.

# %%
from PIL import Image, ImageDraw

from voice2image.generate.base import GenerationRequest
from voice2image.pipeline.generate import build_generator

reference = Image.new("RGB", (64, 64), (40, 60, 110))  # night sky
draw = ImageDraw.Draw(reference)
draw.rectangle((0, 44, 63, 63), fill=(70, 70, 75))  # street
draw.rectangle((14, 30, 50, 44), fill=(30, 80, 220))  # a blue car
draw.ellipse((16, 40, 26, 50), fill=(10, 10, 10))
draw.ellipse((38, 40, 48, 50), fill=(10, 10, 10))

image_cfg = config("diffusion.img2img_steps=10")  # steps x strength >= 1 for strength 0.1
generator = build_generator(image_cfg.diffusion, image_cfg.hardware)
generator.load()
tags = variants["enrich=tags"]
requests = [GenerationRequest(id="text2img", prompt=tags.prompt, seed=tags.seed,
                              negative_prompt=tags.negative_prompt)]  # fmt: skip
strengths = [0.1, 0.3, 0.6, 0.9]
requests += [
    GenerationRequest(id=f"strength {s}", prompt=tags.prompt, seed=tags.seed,
                      negative_prompt=tags.negative_prompt, reference_image=reference,
                      options={"strength": s})
    for s in strengths
]  # fmt: skip
results = generator.generate(requests)

ref_pixels = np.asarray(reference, dtype=np.float32)
distance = {r.id: float(np.abs(np.asarray(r.image, np.float32) - ref_pixels).mean())
            for r in results}  # fmt: skip
fig, axes = plt.subplots(1, len(results) + 1, figsize=(5.2, 1.35))
for ax, (title, picture) in zip(
    axes, [("reference", reference), *((r.id, r.image) for r in results)], strict=True
):
    ax.imshow(picture)
    ax.set_title(title + (f"\n|Δ| {distance[title]:.0f}" if title in distance else "\n"),
                 fontsize=8)  # fmt: skip
    ax.axis("off")
fig.tight_layout()
pd.DataFrame(
    [{"request": r.id, "mode": r.mode, "mean |pixel - reference|": round(distance[r.id], 1),
      "seconds": round(r.times.total_s, 3)} for r in results]
)  # fmt: skip

# %% [markdown]
# The time grows with the strength (more denoising steps); the pixel distance to the
# reference stays at the level of noise, as it must with random weights.
#
# ## 4 · The published structuring and enrichment figures
#
# Slot F1 over the dev split (`results/legacy/structuring.json`, the rows behind
# `docs/results/structuring.md`), by structurer and transcript source; the held-out test
# figures are in the README's headline table.

# %%
from voice2image.report.runs import load_legacy

structuring = pd.DataFrame(
    [
        {"structure": r.choices["structure"], "asr": r.choices["asr"],
         "F1 en": r.metric("text/by_language/en/slots/f1"),
         "F1 ru": r.metric("text/by_language/ru/slots/f1"),
         "self-correction en": r.metric("text/by_language/en/self_correction_accuracy"),
         "dataset": r.choices["dataset"],
         "p50 ms": (r.metric("text/structure_latency/p50_s") or float("nan")) * 1000}
        for r in load_legacy(ROOT / "results" / "legacy", "structuring")
    ]
)  # fmt: skip
display(structuring.round(3))
reference_rows = structuring[(structuring["asr"] == "reference") & (structuring["dataset"] == "demo")]
reference_rows = reference_rows.drop_duplicates("structure").set_index("structure")
fig, ax = plt.subplots()
reference_rows[["F1 en", "F1 ru"]].plot.bar(ax=ax, rot=20)
ax.set_ylabel("slot F1 (dev, reference transcripts)")
ax.set_ylim(0, 1)
fig.tight_layout()

# %%
enrichment = pd.DataFrame(
    [
        {"dataset": r.choices["dataset"], "enrich": r.choices["enrich"], "similarity": r.metric("text/similarity"),
         "prompt tokens": r.metric("text/prompt_tokens/mean"),
         "truncation rate": r.metric("text/truncation_rate"),
         "p50 ms": (r.metric("text/enrich_latency/p50_s") or float("nan")) * 1000}
        for r in load_legacy(ROOT / "results" / "legacy", "enrichment")
    ]
)  # fmt: skip
enrichment.round(3)

# %% [markdown]
# ## Summary
#
# The figures of this run, as one JSON line (the notebook test checks them).

# %% tags=["summary"]
summary = {
    "structured": {n: [s.noun for s in r.description.subjects] for n, r in structured.items()},
    "corrections": {n: [[c.discarded, c.kept] for c in r.corrections]
                    for n, r in structured.items()},
    "prompts": {n: p.prompt for n, p in variants.items()},
    "presets": {n: p.preset for n, p in variants.items()},
    "describe_transcript": record.transcript,
    "img2img_distance": {k: round(v, 2) for k, v in distance.items()},
    "modes": {r.id: r.mode for r in results},
    "seconds": nb.seconds(),
}
print(json.dumps(summary))
