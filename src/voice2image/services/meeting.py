"""The live meeting: participants speak in turn; each utterance is structured on its own, then
merged into ONE shared scene, where a later utterance refines or overrides what was said
before (slot by slot, as the structurer's self-corrections do inside one utterance). Every
change records the slot, the old and new value and who made it; each change redraws the picture
from the previous frame (image-to-image) for continuity."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from voice2image.schema import SCALAR_SLOTS, StructuredDescription, Subject
from voice2image.services.settings import MeetingSettings
from voice2image.structure import lexicon_en as en


@dataclass
class Change:
    slot: str
    before: Any
    after: Any
    by: str

    def as_dict(self) -> dict[str, Any]:
        return {"slot": self.slot, "before": self.before, "after": self.after, "by": self.by}


def _merge_subject(known: Subject, said: Subject) -> Subject:
    """A restated subject keeps its attributes unless the new one says another of the same
    kind: a new colour replaces the old colour ("the car is blue" after "a red car")."""
    attributes = list(known.attributes)
    for attribute in said.attributes:
        if attribute in attributes:
            continue
        if attribute in en.HUES:
            attributes = [a for a in attributes if a not in en.HUES]
        attributes.append(attribute)
    count = said.count if said.count != 1 else known.count
    return Subject(noun=known.noun, count=count, attributes=attributes)


def merge(
    scene: StructuredDescription, said: StructuredDescription, discarded: list[str] | None = None
) -> StructuredDescription:
    """The scene after an utterance: filled slots override, subjects merge by noun (new ones are
    added), subjects the speaker withdrew or excluded ("no cat") leave, palettes replace,
    negatives accumulate."""
    gone = {d.lower() for d in [*(discarded or []), *said.negative]}
    subjects = [s.model_copy(deep=True) for s in scene.subjects if s.noun not in gone]
    for subject in said.subjects:
        index = next((i for i, s in enumerate(subjects) if s.noun == subject.noun), None)
        if index is None:
            subjects.append(subject.model_copy(deep=True))
        else:
            subjects[index] = _merge_subject(subjects[index], subject)
    update: dict[str, Any] = {"subjects": subjects}
    for slot in SCALAR_SLOTS:
        value = getattr(said, slot)
        if value:
            update[slot] = value
    if said.palette:
        update["palette"] = list(said.palette)
    update["negative"] = [*scene.negative, *(n for n in said.negative if n not in scene.negative)]
    return scene.model_copy(update=update, deep=True)


def changes(before: StructuredDescription, after: StructuredDescription, by: str) -> list[Change]:
    """Slot by slot what differs (subjects by noun), attributed to `by`."""
    found: list[Change] = []
    old = {s.noun: s for s in before.subjects}
    new = {s.noun: s for s in after.subjects}
    for noun in [*old, *(n for n in new if n not in old)]:
        a, b = old.get(noun), new.get(noun)
        if a != b:
            found.append(
                Change(
                    f"subjects.{noun}",
                    a.model_dump() if a else None,
                    b.model_dump() if b else None,
                    by,
                )
            )
    for slot in (*SCALAR_SLOTS, "palette", "negative"):
        a, b = getattr(before, slot), getattr(after, slot)
        if a != b:
            found.append(Change(slot, a, b, by))
    return found


@dataclass
class MeetingRoom:
    """One shared scene. Utterances are merged one at a time (`lock`), in arrival order."""

    name: str
    scene: StructuredDescription = field(default_factory=StructuredDescription)
    frame: bytes | None = None  # the last picture, PNG
    version: int = 0
    history: list[dict[str, Any]] = field(default_factory=list)
    participants: dict[int, tuple[str, Any]] = field(default_factory=dict)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    created: float = field(default_factory=time.time)

    def names(self) -> list[str]:
        return [name for name, _ in self.participants.values()]

    async def broadcast(self, message: dict[str, Any]) -> None:
        for key, (_, socket) in list(self.participants.items()):
            try:
                await socket.send_json(message)
            except Exception:  # a participant that went away leaves the room
                self.participants.pop(key, None)

    def snapshot(self) -> dict[str, Any]:
        return {
            "room": self.name,
            "version": self.version,
            "participants": self.names(),
            "scene": self.scene.model_dump(mode="json", exclude={"sources", "version"}),
            "history": self.history[-50:],
        }


class MeetingHub:
    def __init__(self, settings: MeetingSettings) -> None:
        self.settings = settings
        self.rooms: dict[str, MeetingRoom] = {}

    def room(self, name: str) -> MeetingRoom:
        if name in self.rooms:
            return self.rooms[name]
        if len(self.rooms) >= self.settings.max_rooms:
            empty = [n for n, r in self.rooms.items() if not r.participants]
            if not empty:
                raise ValueError(f"all {self.settings.max_rooms} meeting rooms are in use")
            del self.rooms[min(empty, key=lambda n: self.rooms[n].created)]
        self.rooms[name] = MeetingRoom(name)
        return self.rooms[name]
