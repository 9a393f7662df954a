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
# # 04 · An online meeting: several voices, one changing picture
#
# In the meeting demo (`docs/services.md`) participants take turns speaking into one room. Each
# utterance is transcribed, structured on its own, then **merged into the room's one shared
# scene** (`services/meeting.py`): a slot the utterance fills overrides the old value, a
# restated subject keeps its attributes unless a new one of the same kind replaces it, "no X"
# removes X. Every change is attributed to who made it, and the picture is redrawn from the
# previous frame (image-to-image) after each turn.
#
# This notebook starts the real services in this process (`services.server.serving`: the ASR,
# image and orchestrator apps on a free loopback port, models loaded once) and plays the
# scripted conversation of `tools/meeting_demo.py` over the real WebSocket, two TTS voices:
#
# | turn | who (voice) | says |
# |---|---|---|
# | 1 | alice (Piper) | "a red fox sitting in a snowy forest" |
# | 2 | bob (Flite) | "no, make the fox white" |
# | 3 | alice (Piper) | "at sunset, in watercolor style" |
#
# **Honesty note:** the image backend is `diffusion=tiny`, a randomly initialised pipeline (no
# Stable Diffusion weights ship offline), so the frames are noise; what they show is that each
# turn produces a new frame drawn from the previous one. `diffusion=sd_turbo` with hub weights
# draws the fox.

# %%
# %matplotlib inline
import base64
import io
import json
import os

import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown, display
from PIL import Image

from voice2image.notebook import start_notebook

nb = start_notebook("04", max_colwidth=100)
ROOT = nb.root

# The models of the measured demo (docs/services.md): tiny.en, the rules structurer, tags,
# the tiny diffusion pipeline; no speaker registry, so each participant's name labels them.
OVERRIDES = ["asr=faster_whisper_tiny_en", "structure=rules", "enrich=tags", "diffusion=tiny",
             "++paths.registry=null"]  # fmt: skip

# %% [markdown]
# ## The conversation
#
# `script_audio` speaks each line with its voice; `run_conversation` opens one WebSocket per
# participant, streams each utterance in 8 kB chunks as a live client would, sends
# `{"type": "end"}` and waits for the room's `update` (transcript, changes, scene, prompt, the
# new frame and the latency from the end of speech to the new image).

# %%
from voice2image.services.server import serving
from voice2image.tools.meeting_demo import SCRIPT, run_conversation, script_audio

turns = script_audio(SCRIPT)
load_before = os.getloadavg()
with serving(["asr", "image", "orchestrator"], OVERRIDES) as url:
    updates, seen = run_conversation(url, turns, room="notebook")
display(Markdown(f"{len(updates)} updates; load average {load_before[0]:.2f} before, "
                 f"{os.getloadavg()[0]:.2f} after (1 minute, 2 shared cores)."))  # fmt: skip

# %% [markdown]
# ## After every turn: what was heard, what changed, the scene and the picture

# %%
for update in updates:
    display(Markdown(f"### v{update['version']} · {update['by']}: “{update['transcript']}”"))
    display(pd.DataFrame(
        [{"slot": c["slot"], "before": json.dumps(c["before"]), "after": json.dumps(c["after"]),
          "by": c["by"]} for c in update["changes"]]
    ))  # fmt: skip
    scene = {k: v for k, v in update["scene"].items() if v}
    display(Markdown(f"scene: `{json.dumps(scene)}`  \nprompt: *{update['prompt']}*"))

# %%
fig, axes = plt.subplots(1, len(updates), figsize=(1.6 * len(updates), 1.9))
for ax, update in zip(axes, updates, strict=True):
    frame = Image.open(io.BytesIO(base64.b64decode(update["image"])))
    ax.imshow(frame)
    ax.set_title(f"v{update['version']} {update['by']}\n{update['mode']}", fontsize=8)
    ax.axis("off")
fig.suptitle("the picture after each turn (random weights: noise)", fontsize=8)
fig.tight_layout()

# %% [markdown]
# Bob's turn changes only the fox's colour (red → white) and keeps alice's snowy forest; alice's
# second turn adds the lighting and the style. The first frame is text-to-image, the later ones
# image-to-image from the frame before, with a seed fixed per room.
#
# ## Latency: end of speech to new image
#
# Measured on the server from the `end` message to the encoded new frame, and by this client.

# %%
latency = pd.DataFrame(
    [{"version": u["version"], "by": u["by"], "asr s": u["latency"]["asr_s"],
      "image s": u["latency"]["image_s"],
      "end of speech → image s (server)": u["latency"]["end_of_speech_to_image_s"],
      "client s": u["client_latency_s"]} for u in updates]
)  # fmt: skip
display(latency)
fig, ax = plt.subplots(figsize=(6, 2.4))
ax.barh(latency["version"].astype(str) + " " + latency["by"], latency["asr s"], label="ASR")
ax.barh(latency["version"].astype(str) + " " + latency["by"], latency["image s"],
        left=latency["asr s"], label="image")  # fmt: skip
ax.set_xlabel("seconds")
ax.legend(fontsize=8)
ax.invert_yaxis()
fig.tight_layout()

# %% [markdown]
# Nearly all of the latency is speech recognition (the first utterance also pays for the ASR's
# first real call on a busy machine); the published figures for this demo (min, median and max
# over repeated runs, with the load) are in `docs/services.md`, "Measured".
#
# Everyone in the room sees every update, not only the speaker. Each socket's messages left
# after the script (the speaker's own were read as the conversation went): bob's socket holds
# alice's last update too.

# %%
pd.DataFrame(
    [{"participant": name, "messages": len(messages),
      "updates among them": [m["version"] for m in messages if m["type"] == "update"]}
     for name, messages in seen.items()]
)  # fmt: skip

# %% [markdown]
# ## Summary
#
# The figures of this run, as one JSON line (the notebook test checks them).

# %% tags=["summary"]
summary = {
    "by": [u["by"] for u in updates],
    "modes": [u["mode"] for u in updates],
    "changes": [[c["slot"] for c in u["changes"]] for u in updates],
    "final_scene": updates[-1]["scene"],
    "latency_s": [u["latency"]["end_of_speech_to_image_s"] for u in updates],
    "seconds": nb.seconds(),
}
print(json.dumps(summary))
