"""The accepted mentions as a `StructuredDescription`, with the spoken words of every slot."""

from __future__ import annotations

from voice2image.schema import SCALAR_SLOTS, StructuredDescription, Subject
from voice2image.structure.syntax.mentions import Attribute, Mention

_SLOT_OF_ROLE = {
    "subject": "subjects",
    "attribute": "subjects",
    "count": "subjects",
    "setting": "setting",
    "lighting": "lighting",
    "composition": "composition",
    "style": "style",
    "medium": "medium",
    "mood": "mood",
    "palette": "palette",
    "action": "action",
    "negative": "negative",
}
_JOINERS = {"action": " and "}
# prepositions that say where a thing is inside the scene
_WITHIN = frozenset({"on", "in", "at", "by", "under", "along", "against", "beside", "near"})


# Words that cannot end a slot value or be one alone: a phrase cut off at them ("in a", "by")
# lost its content to another slot.
_DANGLING = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "by",
        "in",
        "on",
        "at",
        "with",
        "to",
        "for",
        "from",
        "into",
        "near",
        "along",
        "and",
        "or",
    ]
)


def tidy(value: str) -> str:
    """The value without empty comma parts and without words left dangling at a part's end."""
    parts = []
    for part in value.split(","):
        words = part.split()
        while words and words[-1] in _DANGLING:
            words.pop()
        if words:
            parts.append(" ".join(words))
    return ", ".join(parts)


def _unique(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        value = tidy(value)
        if value and value not in out and not any(value in o.split(", ") for o in out):
            out.append(value)
    return out


def _placed_within(mentions: list[Mention]) -> list[Mention]:
    """Once the scene's place is said, a later thing said with where it is in that place ("a
    kitchen in the village, a radio on the shelf") has that as its attribute: "on the shelf"
    says where the radio is, not where the picture is."""
    first = next((m.unit for m in mentions if m.role == "setting"), None)
    out: list[Mention] = []
    for mention in mentions:
        if (
            first is not None
            and mention.role == "setting"
            and mention.unit > first
            and mention.kind in _WITHIN
            and mention.sort in ("", "thing")
        ):
            owner = next(
                (
                    m
                    for m in reversed(out)
                    if m.role == "subject"
                    and m.unit == mention.unit
                    and m.position < mention.position
                ),
                None,
            )
            if owner is not None:
                said = mention.text.split()
                text = " ".join(said if said[0] in _WITHIN else [mention.kind, *said])
                owner.attributes.append(Attribute(text, "place", mention.unit))
                continue
        out.append(mention)
    return out


def assemble(mentions: list[Mention]) -> StructuredDescription:
    mentions = _placed_within(mentions)
    subjects = [
        Subject(
            noun=m.text,
            count=m.count if m.count is not None else 1,
            attributes=_unique([a.text for a in m.attributes if a.text != m.text]),
        )
        for m in mentions
        if m.role == "subject" and m.text
    ]
    # A thing a subject sits on or stands in is the setting only when no place is said:
    # "an owl perched on a fence post in a misty field" is set in the field.
    placed = any(m.role == "setting" and m.sort != "thing" for m in mentions)
    slots: dict[str, list[str]] = {}
    for mention in mentions:
        if mention.role in ("subject", "attribute", "count") or not mention.text:
            continue
        if mention.role == "setting" and mention.sort == "thing" and placed:
            continue
        if mention.role == "lighting" and mention.kind == "extension" and slots.get("lighting"):
            slots["lighting"].append(mention.text)
            continue
        if mention.kind == "season" and slots.get("setting"):  # "windy hill in spring"
            slots["setting"][-1] = f"{slots['setting'][-1]} {mention.text}"
            continue
        slots.setdefault(_SLOT_OF_ROLE[mention.role], []).append(mention.text)
    scalar: dict[str, str | None] = {
        slot: _JOINERS.get(slot, ", ").join(_within_none(_unique(slots.get(slot, [])))) or None
        for slot in SCALAR_SLOTS
    }
    sources: dict[str, list[str]] = {}
    for mention in mentions:
        slot = _SLOT_OF_ROLE[mention.role]
        if mention.source and mention.source not in sources.get(slot, []):
            sources.setdefault(slot, []).append(mention.source)
    description = StructuredDescription(
        subjects=subjects,
        palette=_unique(slots.get("palette", [])),
        negative=_unique(slots.get("negative", [])),
    )
    for slot, value in scalar.items():
        setattr(description, slot, value)
    description.sources = {k: v for k, v in sources.items() if _filled(description, k)}
    return description


def _within_none(values: list[str]) -> list[str]:
    """Without a value whose words all come again, in order, in a longer one ("portrait" beside
    "portrait orientation")."""
    return [v for v in values if not any(v != o and f" {v} " in f" {o} " for o in values)]


def _filled(description: StructuredDescription, slot: str) -> bool:
    return bool(getattr(description, slot))
