"""A scripted meeting over the WebSocket: two voices take turns, each utterance refines the
shared scene. Prints every update: who changed what, and the latency from the end of speech to
the new image (on the server, and as this client saw it).

    python -m voice2image.tools.meeting_demo                     # starts a server here
    python -m voice2image.tools.meeting_demo asr=faster_whisper_base
    python -m voice2image.tools.meeting_demo --url http://127.0.0.1:8000
"""

from __future__ import annotations

import argparse
import json
import os
import time
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

from voice2image.services.server import serving
from voice2image.tools.speech import speech, wav_bytes

# (participant, voice, what they say): the second refines the first, the third adds to it.
SCRIPT = [
    ("alice", "piper_joe", "a red fox sitting in a snowy forest"),
    ("bob", "flite_slt", "no, make the fox white"),
    ("alice", "piper_joe", "at sunset, in watercolor style"),
]


@dataclass
class Turn:
    participant: str
    audio: bytes


def script_audio(script: list[tuple[str, str, str]] = SCRIPT) -> list[Turn]:
    return [Turn(who, wav_bytes(speech(text, voice, pad_s=0.3))) for who, voice, text in script]


def _until(socket: Any, wanted: str, participant: str, timeout_s: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        message = json.loads(socket.recv(timeout=max(0.1, deadline - time.monotonic())))
        if message["type"] == "error":
            raise RuntimeError(f"meeting error: {message['message']}")
        if message["type"] == wanted and message.get("participant") == participant:
            return message


def run_conversation(
    url: str, turns: list[Turn], room: str = "demo", chunk_bytes: int = 8000, timeout_s: float = 300
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Each participant on its own socket; audio sent in chunks as a live client would. Returns
    the updates each speaker saw for their own utterance, and every message each socket got."""
    from websockets.sync.client import connect

    base = url.replace("http://", "ws://").replace("https://", "wss://")
    names = list(dict.fromkeys(turn.participant for turn in turns))
    updates = []
    with ExitStack() as stack:
        sockets = {
            name: stack.enter_context(connect(f"{base}/v1/meeting/{room}?name={name}"))
            for name in names
        }
        for turn in turns:
            socket = sockets[turn.participant]
            socket.send(json.dumps({"type": "start"}))
            for offset in range(0, len(turn.audio), chunk_bytes):
                socket.send(turn.audio[offset : offset + chunk_bytes])
            ended = time.perf_counter()
            socket.send(json.dumps({"type": "end"}))
            update = _until(socket, "update", turn.participant, timeout_s)
            update["client_latency_s"] = round(time.perf_counter() - ended, 4)
            updates.append(update)
        seen: dict[str, list[dict[str, Any]]] = {}
        for name, socket in sockets.items():
            seen[name] = []
            while True:
                try:
                    seen[name].append(json.loads(socket.recv(timeout=0.5)))
                except TimeoutError:
                    break
    return updates, seen


def describe(update: dict[str, Any]) -> str:
    changes = "; ".join(
        f"{c['slot']}: {json.dumps(c['before'])} -> {json.dumps(c['after'])}"
        for c in update["changes"]
    )
    latency = update.get("latency", {})
    return (
        f'v{update.get("version")} {update["by"]}: "{update["transcript"]}"'
        f" | {changes or 'no change'}"
        f" | end of speech -> image {latency.get('end_of_speech_to_image_s', float('nan')):.2f} s"
        f" (client {update['client_latency_s']:.2f} s, {update.get('mode', '-')})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m voice2image.tools.meeting_demo")
    parser.add_argument("--url", help="an orchestrator already running; default: start one")
    parser.add_argument("--repeat", type=int, default=1, help="run the conversation N times")
    parser.add_argument("overrides", nargs="*", default=[])
    args = parser.parse_args(argv)
    overrides = ["diffusion=tiny", *args.overrides]
    turns = script_audio()
    latencies: list[float] = []

    def converse(url: str) -> None:
        for index in range(args.repeat):
            updates, _ = run_conversation(url, turns, room=f"demo-{index}-{os.getpid()}")
            for update in updates:
                print(describe(update))
                if update.get("changed"):
                    latencies.append(update["latency"]["end_of_speech_to_image_s"])

    if args.url:
        converse(args.url)
    else:
        with serving(["asr", "image", "orchestrator"], overrides) as url:
            converse(url)
    ordered = sorted(latencies)
    print(
        json.dumps(
            {
                "overrides": overrides,
                "updates": len(ordered),
                "end_of_speech_to_image_s": {
                    "min": ordered[0],
                    "median": ordered[len(ordered) // 2],
                    "max": ordered[-1],
                },
                "load_average": [round(x, 2) for x in os.getloadavg()],
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
