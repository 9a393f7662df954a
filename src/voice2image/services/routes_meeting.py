"""The meeting WebSocket: `/v1/meeting/{room}?name=alice`.

Client to server: `{"type": "start"}`, then the utterance's audio as binary messages (any
container `/v1/transcribe` takes, e.g. MediaRecorder WebM chunks), then `{"type": "end"}`;
`{"type": "reset"}` empties the scene. Server to every participant: `joined`/`left`, `status`
(what is being done for whom), `update` (transcript, who spoke, the changes with who made them,
the scene, the prompt, the new frame as base64 PNG and the latency from end of speech to the new
image), and `error` (to the sender only; the socket stays open).
"""

from __future__ import annotations

import base64
import json
import logging
import re
import time
import zlib
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from voice2image.services.errors import ERROR_RESPONSES, ApiError
from voice2image.services.meeting import MeetingRoom, changes, merge
from voice2image.services.routes_orchestrator import draw, structure
from voice2image.services.schemas import PromptIn, StructuredDescription
from voice2image.services.state import ServiceState, StateDep, get_state

log = logging.getLogger(__name__)
router = APIRouter(tags=["meeting"])
NAME = re.compile(r"^[\w .-]{1,40}$")


@router.get("/v1/meeting/{room}", responses=ERROR_RESPONSES)
async def meeting_state(room: str, state: StateDep) -> dict[str, Any]:
    """The room's scene, participants and history of changes (without images)."""
    shared = state.meetings.rooms.get(room)
    if shared is None:
        raise ApiError(404, "not_found", f"no meeting room '{room}'")
    return shared.snapshot()


async def _error(socket: WebSocket, message: str, status: int = 422) -> None:
    await socket.send_json({"type": "error", "status": status, "message": message})


async def process_utterance(
    state: ServiceState, room: MeetingRoom, participant: str, data: bytes, ended: float
) -> None:
    """One utterance into the shared scene; broadcasts the update."""
    assert state.asr is not None
    await room.broadcast({"type": "status", "stage": "transcribing", "by": participant})
    transcript = await state.asr.transcribe(data, identify=True)
    identified = transcript.speaker.name if transcript.speaker else None
    who = identified or participant
    await room.broadcast(
        {"type": "status", "stage": "structuring", "by": who, "transcript": transcript.text}
    )
    structured = await structure(state, transcript)
    asr_s = transcript.latency_s
    async with room.lock:
        withdrawn = [c.discarded for c in structured.corrections if not c.kept]
        before = room.scene
        after = merge(before, structured.description, withdrawn)
        found = changes(before, after, who)
        base = {
            "by": who,
            "participant": participant,
            "speaker": transcript.speaker.model_dump() if transcript.speaker else None,
            "transcript": transcript.text,
            "changes": [c.as_dict() for c in found],
        }
        if not found:
            await room.broadcast({"type": "update", "changed": False, **base, **room.snapshot()})
            return
        await room.broadcast({"type": "status", "stage": "drawing", "by": who})
        use_frame = state.settings.meeting.img2img and room.frame is not None
        reference = base64.b64encode(room.frame).decode() if use_frame and room.frame else None
        seed = zlib.crc32(room.name.encode()) % 2**31
        request = PromptIn(description=after, speaker=identified, seed=seed)
        prompt, picture = await draw(state, request, reference)
        room.scene, room.frame = after, picture.png
        room.version += 1
        entry = {
            **base,
            "version": room.version,
            "prompt": prompt.prompt,
            "mode": picture.mode,
            "image_sha256": picture.sha256,
            "latency": {
                "asr_s": round(asr_s, 4),
                "image_s": picture.latency_s,
                "end_of_speech_to_image_s": round(time.perf_counter() - ended, 4),
            },
        }
        room.history.append(entry)
        image = base64.b64encode(picture.png).decode()
        await room.broadcast(
            {"type": "update", "changed": True, **entry, **room.snapshot(), "image": image}
        )


async def _receive_utterance(
    socket: WebSocket, state: ServiceState, room: MeetingRoom, participant: str
) -> None:
    buffer = bytearray()
    speaking = False
    limit = state.settings.max_upload_bytes
    while True:
        message = await socket.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
        if message.get("bytes") is not None:
            if not speaking:
                await _error(socket, 'audio before {"type": "start"}', 400)
                continue
            buffer.extend(message["bytes"])
            if len(buffer) > limit:
                await _error(socket, f"utterance over {limit / 2**20:g} MB, dropped", 413)
                buffer, speaking = bytearray(), False
            continue
        try:
            command = json.loads(message.get("text") or "")
            kind = command["type"]
        except (ValueError, KeyError, TypeError):
            await _error(socket, 'expected JSON like {"type": "start"}', 400)
            continue
        if kind == "start":
            buffer, speaking = bytearray(), True
        elif kind == "end" and speaking:
            ended = time.perf_counter()
            speaking = False
            try:
                await process_utterance(state, room, participant, bytes(buffer), ended)
            except ApiError as exc:
                await _error(socket, exc.message, exc.status)
            except ValueError as exc:  # unusable audio
                await _error(socket, str(exc), 422)
        elif kind == "reset":
            async with room.lock:
                room.scene, room.frame = StructuredDescription(), None
                room.history.append({"reset_by": participant})
            await room.broadcast({"type": "reset", "by": participant, **room.snapshot()})
        elif kind != "end":
            await _error(socket, f"unknown message type '{kind}'", 400)


@router.websocket("/v1/meeting/{room}")
async def meeting(socket: WebSocket, room: str, name: str = "guest") -> None:
    state = get_state(socket)
    await socket.accept()
    if not NAME.match(room) or not NAME.match(name):
        await _error(socket, "room and name: 1-40 letters, digits, spaces, '.', '_' or '-'", 400)
        await socket.close(1008)
        return
    if not state.ready:
        await _error(socket, state.error or "models are still loading", 503)
        await socket.close(1013)
        return
    try:
        shared = state.meetings.room(room)
    except ValueError as exc:
        await _error(socket, str(exc), 503)
        await socket.close(1013)
        return
    if len(shared.participants) >= state.settings.meeting.max_participants:
        await _error(socket, "the meeting is full", 503)
        await socket.close(1013)
        return
    key = id(socket)
    shared.participants[key] = (name, socket)
    await shared.broadcast({"type": "joined", "by": name, **shared.snapshot()})
    try:
        await _receive_utterance(socket, state, shared, name)
    except WebSocketDisconnect:
        pass
    finally:
        shared.participants.pop(key, None)
        await shared.broadcast({"type": "left", "by": name, **shared.snapshot()})
