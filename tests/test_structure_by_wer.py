"""scripts/structure_by_wer.py: structuring F1 from reference text and from transcripts by WER."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_bins_items_by_wer_and_scores_both_texts(tmp_path):
    transcripts = tmp_path / "transcripts.jsonl"
    said = "draw me a red car, no wait, make it blue, parked on a rainy street at night"
    rows = [
        {"id": "en_001__piper_joe", "status": "ok", "text": said.capitalize() + "."},
        {"id": "en_001__flite_slt", "status": "ok", "text": "Throw me a red car, no way."},
        {"id": "en_001__broken", "status": "failed", "text": ""},
        {"id": "not_an_item__x", "status": "ok", "text": "a cat"},
    ]
    transcripts.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "structure_by_wer.py"),
            "--transcripts",
            str(transcripts),
            "structure=rules",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
        check=True,
    )
    lines = [line.split() for line in done.stdout.splitlines() if line.startswith("  en")]
    # the transcript with the reference's words scores as the reference; the misheard one less
    exact = next(line for line in lines if line[2] == "0")
    assert exact[3] == "1" and exact[5] == exact[7] == "1.000"
    misheard = next(line for line in lines if line[2] == ">")
    assert misheard[4] == "1" and float(misheard[8]) < float(misheard[6])
