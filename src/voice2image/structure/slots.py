"""Slot filling for one clause, and the builder that turns a sequence of clause fills into one
`StructuredDescription`, applying self-corrections (the later choice wins)."""

from __future__ import annotations

from dataclasses import dataclass, field

from voice2image.schema import SCALAR_SLOTS, Correction, StructuredDescription, Subject
from voice2image.structure import lexicon_en as en
from voice2image.structure.text import find, is_plural, phrase, singular, split_phrases, starts_with

BOUNDARY = "|"

_NEGATION = split_phrases(en.NEGATION_HEADS)
_NEG_TAIL = split_phrases(en.NEGATION_TAIL)
_PREPOSITIONS = split_phrases(en.PREPOSITIONS)
_NUMBERS = split_phrases(en.NUMBERS)
# Words that carry no picture content when left over in a noun phrase.
_STOP = frozenset(
    [
        "that",
        "which",
        "who",
        "whose",
        "should",
        "be",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "could",
        "can",
        "it",
        "its",
        "whole",
        "thing",
        "things",
        "feel",
        "feels",
        "look",
        "looks",
        "like",
        "shot",
        "something",
        "anything",
        "everything",
        "stuff",
        "there",
        "here",
        "far",
        "away",
        "very",
        "kind",
        "sort",
        "also",
        "too",
        "just",
        "only",
        "please",
        "scene",
        "one's",
        "him",
        "her",
        "them",
        "me",
        "us",
    ]
)
_WEATHER = frozenset({"raining", "snowing", "storming", "drizzling"})
_ACTION_PREPS = frozenset({"at", "from", "to", "into", "onto", "across", "toward", "towards"})

_LEXICON: list[tuple[list[str], str, str]] = sorted(
    (
        (key.split(), slot, value or key)
        for slot, table in (
            ("composition", en.COMPOSITION),
            ("lighting", en.LIGHTING),
            ("medium", en.MEDIUM),
            ("style", en.STYLE),
            ("mood", en.MOOD),
        )
        for key, value in table.items()
    ),
    key=lambda entry: len(entry[0]),
    reverse=True,
)
# One-word entries that are adjectives of a noun unless they stand alone ("dark wooden table").
_ONLY_ALONE = frozenset({"dark", "neon", "realistic", "render", "sketch", "comic", "quiet"})


@dataclass
class Fill:
    """One value found in a clause. `slot` is a field of StructuredDescription, or
    `attribute` (of `subject.noun`, or of the last subject when it is empty), or `extra`
    (a few words no rule typed)."""

    slot: str
    value: str = ""
    subject: Subject | None = None
    values: list[str] = field(default_factory=list)
    prep: str | None = None  # a setting said as "<prep> ...": a restatement replaces it


def _tokens_before_boundary(words: list[str], start: int) -> int:
    end = start
    while end < len(words) and words[end] != BOUNDARY:
        end += 1
    return end


def extract_lexicon(words: list[str]) -> tuple[list[Fill], list[str]]:
    """Style, medium, composition, lighting and mood phrases, longest first, anywhere in the
    clause; each found phrase leaves a boundary behind."""
    fills: list[Fill] = []
    words = list(words)
    style_at = find(words, ["in", "the", "style", "of"])
    if style_at >= 0:
        end = _tokens_before_boundary(words, style_at + 4)
        named = [w for w in words[style_at + 4 : end] if w not in en.DETERMINERS]
        known = [e for e in _LEXICON if e[0] == named and e[1] == "medium"]
        fills.append(
            Fill(known[0][1] if known else "style", known[0][2] if known else phrase(named))
        )
        words[style_at:end] = [BOUNDARY]
    style_word = find(words, ["style"])
    if style_word > 0 and words[style_word - 1] != BOUNDARY:
        fills.append(Fill("style", words[style_word - 1]))
        words[style_word - 1 : style_word + 1] = [BOUNDARY]
    for tokens, slot, value in _LEXICON:
        index = find(words, tokens)
        while index >= 0:
            after = words[index + len(tokens)] if index + len(tokens) < len(words) else BOUNDARY
            alone = after == BOUNDARY or after in ("and", "or")
            attribute_like = (len(tokens) == 1 and tokens[0] in _ONLY_ALONE) or (
                slot == "style" and tokens[0] in en.STYLE_AS_ATTRIBUTE
            )
            keep_in_setting = slot == "mood" and tokens[0] in en.MOOD_KEEP_IN_SETTING and not alone
            if (attribute_like and not alone) or keep_in_setting:
                index = find(words, tokens, index + 1)
                continue
            fills.append(Fill(slot, value))
            words[index : index + len(tokens)] = [BOUNDARY]
            index = find(words, tokens, index + 1)
    return _merge_moods(fills), words


def _merge_moods(fills: list[Fill]) -> list[Fill]:
    moods = [f.value for f in fills if f.slot == "mood"]
    if len(moods) < 2:
        return fills
    rest = [f for f in fills if f.slot != "mood"]
    return [*rest, Fill("mood", " and ".join(moods))]


def _negation(words: list[str]) -> tuple[list[Fill], list[str]]:
    """ "no people anywhere", "without a spoon", "I don't want any people": negative items.
    A negation in the middle ("... and no cars") splits the clause."""
    starts = [h for h in _NEGATION if starts_with(words, h)]
    inside = [(find(words, h, 1), h) for h in _NEGATION if h[0] in ("and", "without", "but")]
    found = [(0, starts[0])] if starts else sorted(x for x in inside if x[0] > 0)[:1]
    for index, head in found:
        rest = words[index + len(head) :]
        for tail in _NEG_TAIL:
            if len(rest) > len(tail) and rest[-len(tail) :] == tail:
                rest = rest[: -len(tail)]
        items: list[str] = []
        current: list[str] = []
        for word in [*rest, "or"]:
            if word in ("or", "and", "nor", "no", "any", BOUNDARY):
                if current:
                    items.append(phrase(current))
                current = []
            elif word not in en.DETERMINERS:
                current.append(word)
        return [Fill("negative", values=items)] if items else [], words[:index]
    return [], words


def _palette(words: list[str]) -> list[Fill]:
    """A clause made only of colour words: the picture's palette."""
    content = [w for w in words if w not in (BOUNDARY, "all", "in", "with", "very", "of")]
    allowed = en.COLORS | en.PALETTE_NOUNS | {"and", "or", "wood"}
    if not content or any(w not in allowed for w in content):
        return []
    if not any(w in en.HUES or w in en.PALETTE_NOUNS for w in content):
        return []
    items: list[list[str]] = [[]]
    for word in content:
        if word in ("and", "or"):
            items.append([])
        else:
            items[-1].append(word)
    items = [i for i in items if i]
    single = len(items) == 1 and not any(w in en.PALETTE_NOUNS for w in items[0])
    if single and "all" not in words:
        return []  # "make it blue": one colour word is a subject's colour
    if len(items) > 1:
        items = [[w for w in i if w not in en.PALETTE_NOUNS] or i for i in items]
    return [Fill("palette", values=[phrase(i) for i in items])]


def _lighting_span(words: list[str]) -> tuple[list[Fill], list[str]]:
    """ "soft warm light", "light coming through the windows", "lit by torches"."""
    for index, word in enumerate(words):
        if word not in en.LIGHT_WORDS:
            continue
        if index + 1 < len(words) and words[index + 1] in en.HUES:
            continue  # "light blue": a colour
        start = index
        while start > 0 and words[start - 1] not in _LEFT_STOP:
            start -= 1
        span = words[start:]
        if span and span[0] == "lit":
            span = span[2:] if len(span) > 1 and span[1] == "by" else span[1:]
        span = [w for w in span if w != BOUNDARY and w not in en.DETERMINERS]
        return ([Fill("lighting", phrase(span))] if span else []), words[:start]
    return [], words


_LEFT_STOP = frozenset({BOUNDARY, "with", "be", "is", "by", "and", *en.DETERMINERS, "should"})


def _count(words: list[str]) -> tuple[int | None, list[str]]:
    for tokens in _NUMBERS:
        if starts_with(words, tokens):
            return en.NUMBERS[phrase(tokens)], words[len(tokens) :]
    if words and words[0].isdigit():
        return int(words[0]), words[1:]
    return None, words


def noun_phrase(words: list[str]) -> Subject | None:
    """ "a big fluffy white dog" -> Subject(dog, 1, [big, fluffy, white])."""
    words = [w for w in words if w not in _STOP and w != BOUNDARY]
    while words and words[0] in ("of", "and"):
        words = words[1:]
    some = bool(words) and words[0] in ("some", "many", "several")
    words = [w for w in words if w not in en.DETERMINERS]
    count, words = _count(words)
    words = [w for w in words if w not in en.DETERMINERS]
    if not words:
        return None
    if "of" in words:
        left, right = words[: words.index("of")], words[words.index("of") + 1 :]
        if left and left[-1] in en.CONTAINERS and right:
            return noun_phrase(right)
    if len(words) > 1 and words[-1] in en.HUES and words[-2] not in en.HUES:
        words = [*words[:-2], words[-1], words[-2]]  # "the umbrella transparent"
    if phrase(words[-2:]) in en.COMPOUND_NOUNS:
        head, modifiers = phrase(words[-2:]), words[:-2]
    else:
        head, modifiers = words[-1], words[:-1]
    plural = is_plural(head.split()[-1])
    noun = phrase([*head.split()[:-1], singular(head.split()[-1])])
    if count is None:
        count = 2 if (plural or some) else 1
    return Subject(noun=noun, count=count, attributes=_modifiers(modifiers))


def _modifiers(words: list[str]) -> list[str]:
    """Single-word modifiers, except that a possessive takes its adjectives ("old man's")."""
    attributes: list[str] = []
    pending: list[str] = []
    for word in words:
        if word in ("and", ","):
            continue
        pending.append(word)
        if word.endswith("'s"):
            attributes.append(phrase(pending))
            pending = []
    if any(w.endswith("'s") for w in words):
        return attributes + pending
    return attributes + pending


def _is_scene(words: list[str]) -> bool:
    content = [w for w in words if w not in en.DETERMINERS and w not in _STOP and w != BOUNDARY]
    return bool(content) and (
        content[-1] in en.SCENE_NOUNS or singular(content[-1]) in en.SCENE_NOUNS
    )


def _setting_phrase(words: list[str]) -> str:
    content = [w for w in words if w not in en.DETERMINERS and w not in _STOP and w != BOUNDARY]
    if content and content[-1] == "scene":
        content = content[:-1]
    if content == ["background"]:
        return ""
    return phrase(content)


def _split_and(words: list[str]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for word in words:
        if word == "and":
            parts.append([])
        else:
            parts[-1].append(word)
    return [p for p in parts if any(w not in en.DETERMINERS for w in p)]


@dataclass
class _Piece:
    kind: str  # np | pp | verb | with | made
    words: list[str]
    head: str = ""


def _pieces(words: list[str]) -> list[_Piece]:
    """Cut a clause into its leading noun phrase, prepositional phrases, verbs, and
    "with"/"made of" phrases."""
    pieces = [_Piece("np", [])]
    index = 0
    while index < len(words):
        word = words[index]
        if word == BOUNDARY:
            if pieces[-1].kind != "np" or pieces[-1].words:
                pieces.append(_Piece("np", []))
            index += 1
            continue
        if word == "with":
            pieces.append(_Piece("with", []))
            index += 1
            continue
        if word == "made" and index + 1 < len(words) and words[index + 1] in ("of", "from"):
            pieces.append(_Piece("made", [], f"made {words[index + 1]}"))
            index += 2
            continue
        prep = next((p for p in _PREPOSITIONS if starts_with(words[index:], p)), None)
        if prep is not None:
            pieces.append(_Piece("pp", [], phrase(prep)))
            index += len(prep)
            continue
        following = words[index + 1] if index + 1 < len(words) else BOUNDARY
        is_verb = (
            word.endswith("ing") and len(word) > 4 and word not in en.NOT_VERBS
        ) or word in en.PARTICIPLES
        if word in en.ING_MODIFIERS and following not in (BOUNDARY, *en.DETERMINERS):
            is_verb = is_verb and any(starts_with(words[index + 1 :], p) for p in _PREPOSITIONS)
        if is_verb and pieces[-1].kind != "verb":
            pieces.append(_Piece("verb", [], word))
            index += 1
            continue
        pieces[-1].words.append(word)
        index += 1
    return [p for p in pieces if p.words or p.kind in ("verb",) or p.head]


def fill_clause(words: list[str], has_setting: bool) -> list[Fill]:
    """Everything one English clause says, as typed fills, in the order said."""
    if words and words[0] in ("nothing",):
        return []
    negatives, words = _negation(words)
    lighting, words = _lighting_span(words)
    lexical, words = extract_lexicon(words)
    palette = _palette(words)
    fills = [*lexical, *lighting]
    if palette:
        return [*fills, *palette, *negatives]
    fills.extend(_structure(_pieces(words), has_setting or any(f.slot == "setting" for f in fills)))
    return [*fills, *negatives]


def _structure(pieces: list[_Piece], has_setting: bool) -> list[Fill]:
    fills: list[Fill] = []
    context = ""  # what the last noun phrase was: subject | setting | ""
    after_verb = False
    for piece in pieces:
        words = [w for w in piece.words if w != BOUNDARY]
        if piece.kind == "np":
            fill, context = _np_fill(words)
            fills.extend(fill)
            after_verb = False
        elif piece.kind == "verb" and not words and fills and fills[-1].slot == "attribute":
            fills[-1].value = f"{fills[-1].value} {piece.head}"  # "with steam rising"
        elif piece.kind == "verb":
            fills.extend(_verb_fill(piece, words))
            after_verb = True
            context = "subject" if context == "subject" else context
        elif piece.kind == "with":
            fills.extend(_with_fill(words, context))
        elif piece.kind == "made":
            fills.append(Fill("attribute", f"{piece.head} {phrase(words)}"))
        elif piece.kind == "pp":
            fill = _pp_fill(piece.head, words, context, after_verb, has_setting, fills)
            fills.extend(fill)
            if any(f.slot == "setting" for f in fill):
                has_setting = True
    return fills


def _np_fill(words: list[str]) -> tuple[list[Fill], str]:
    content = [w for w in words if w not in en.DETERMINERS and w not in _STOP]
    if not content:
        return [], ""
    if content == ["one"] or (len(content) > 1 and content[-1] == "one"):
        return [Fill("attribute", phrase(content[:-1]))] if content[:-1] else [], "subject"
    if content[0] in ("from",) or (words and words[0] in ("in",)):
        return [Fill("attribute", phrase(words))], "subject"
    if all(w in en.COLORS for w in content):
        if not any(w in en.HUES for w in content):
            return [Fill("extra", phrase(words))], ""  # "very warm": more of the last slot
        return [Fill("attribute", value=w) for w in content], "subject"
    parts = _split_and(words)
    if parts and all(_is_scene(p) for p in parts):
        return [Fill("setting", _setting_phrase(words).replace(" and ", " and "))], "setting"
    fills = []
    for part in parts:
        if _is_scene(part):
            fills.append(Fill("setting", _setting_phrase(part)))
            continue
        subject = noun_phrase(part)
        if subject is not None:
            fills.append(Fill("subjects", subject=subject))
    return fills, "subject" if any(f.slot == "subjects" for f in fills) else "setting"


def _verb_fill(piece: _Piece, words: list[str]) -> list[Fill]:
    if piece.head in _WEATHER:
        return [Fill("setting", phrase([piece.head, *[w for w in words if w not in _STOP]]))]
    obj = [w for w in words if w not in _STOP]
    fills = [Fill("action", phrase([piece.head, *obj]))]
    return fills + _depicted(obj)


def _depicted(words: list[str]) -> list[Fill]:
    """The object of an action is in the picture too ("fighting a dragon")."""
    subject = noun_phrase(words) if not _is_scene(words) else None
    if subject is None or subject.noun in en.NOT_DEPICTED:
        return []
    return [Fill("subjects", subject=subject)]


def _with_fill(words: list[str], context: str) -> list[Fill]:
    fills: list[Fill] = []
    for part in _split_and(words):
        content = [w for w in part if w not in en.DETERMINERS and w not in _STOP]
        if not content:
            continue
        if all(w in en.COLORS for w in content):
            fills.extend(Fill("attribute", w) for w in content)
            continue
        worn = any(singular(w) in en.ATTRIBUTE_NOUNS or w in en.ATTRIBUTE_NOUNS for w in content)
        if worn and context != "setting":
            fills.append(Fill("attribute", phrase(content)))
            continue
        if _is_scene(part):
            prefix = "with " if context == "setting" else ""
            fills.append(Fill("setting", prefix + _setting_phrase(part), values=["extend"]))
            continue
        subject = noun_phrase(part)
        if subject is not None:
            fills.append(Fill("subjects", subject=subject))
    return fills


def _pp_fill(
    prep: str,
    words: list[str],
    context: str,
    after_verb: bool,
    has_setting: bool,
    so_far: list[Fill],
) -> list[Fill]:
    content = [w for w in words if w not in _STOP]
    if not [w for w in content if w not in en.DETERMINERS]:
        return []
    said = phrase([prep, *content])
    if any(w in ("his", "her", "their") for w in content[:1]):
        return [Fill("attribute", said)]
    actions = [f for f in so_far if f.slot == "action"]
    settings = [f for f in so_far if f.slot == "setting" and not f.values]
    of_action = prep in _ACTION_PREPS or (has_setting and not _is_scene(words))
    if after_verb and actions and not settings and of_action:
        actions[-1].value = f"{actions[-1].value} {said}"
        return _depicted(content) if prep in _ACTION_PREPS else []
    if not context and prep == "over" and not _is_scene(words):
        subject = noun_phrase(words)
        if subject is not None:
            return [Fill("subjects", subject=subject)]
    value = _setting_phrase(words)
    if settings:  # "a rocky cliff during a storm": one setting, joined
        settings[-1].value = f"{settings[-1].value} {prep} {value}"
        return []
    if not value:
        return []
    keep = prep in en.KEEP_PREPOSITIONS
    return [Fill("setting", f"{prep} {value}" if keep else value, prep=prep)]


class Builder:
    """Collects fills clause by clause. A correcting clause replaces, slot by slot, the latest
    value of the same kind; explicit discards ("not a cat") are removed wherever they are."""

    def __init__(self) -> None:
        self.subjects: list[Subject] = []
        self.scalars: dict[str, list[str]] = {slot: [] for slot in SCALAR_SLOTS}
        self.palette: list[str] = []
        self.negative: list[str] = []
        self.sources: dict[str, list[str]] = {}
        self.corrections: list[Correction] = []
        self.last_slot: str | None = None
        self.last_setting_prep: str | None = None
        self._insert_at: int | None = None

    @property
    def has_setting(self) -> bool:
        return bool(self.scalars["setting"])

    def _source(self, slot: str, said: str) -> None:
        spans = self.sources.setdefault("subjects" if slot == "attribute" else slot, [])
        if said and said not in spans:
            spans.append(said)

    def discard(self, words: list[str], said: str) -> None:
        target = phrase(words)
        for index, subject in enumerate(list(self.subjects)):
            if subject.noun in (target, singular(target)) or phrase(
                [*subject.attributes, subject.noun]
            ).endswith(target):
                self.subjects.remove(subject)
                self._insert_at = index
                self.corrections.append(Correction(discarded=subject.noun, kept=""))
                continue
            if target in subject.attributes:
                subject.attributes.remove(target)
        for values in (*self.scalars.values(), self.palette):
            for value in list(values):
                if value == target or target in value.split():
                    values.remove(value)
                    self.corrections.append(Correction(discarded=target, kept=""))

    def add(self, fill: Fill, corrects: bool, said: str) -> None:
        slot = fill.slot
        if slot == "subjects" and fill.subject is not None:
            self._add_subject(fill.subject, corrects)
        elif slot == "attribute":
            self._add_attribute(fill.value, corrects)
        elif slot in SCALAR_SLOTS:
            self._add_scalar(slot, fill, corrects)
        elif slot == "palette":
            if corrects and self.palette:
                self._note(", ".join(self.palette), ", ".join(fill.values))
                self.palette = []
            self.palette.extend(v for v in fill.values if v not in self.palette)
        elif slot == "negative":
            self.negative.extend(v for v in fill.values if v not in self.negative)
        elif slot == "extra":
            self._add_extra(fill.value, corrects)
            slot = self.last_slot or slot
        self._source(slot, said)
        if slot != "negative":
            self.last_slot = slot

    def _note(self, discarded: str, kept: str) -> None:
        if discarded and discarded != kept:
            self.corrections.append(Correction(discarded=discarded, kept=kept))

    def _add_subject(self, subject: Subject, corrects: bool) -> None:
        same = next((s for s in self.subjects if s.noun == subject.noun), None)
        if same is not None:
            if corrects and subject.attributes:
                self._note(", ".join(same.attributes), ", ".join(subject.attributes))
                same.attributes = list(subject.attributes)
            else:
                same.attributes += [a for a in subject.attributes if a not in same.attributes]
            if subject.count != 1:
                same.count = subject.count
            return
        if self._insert_at is not None:
            self.subjects.insert(min(self._insert_at, len(self.subjects)), subject)
            self._insert_at = None
            return
        if corrects and self.subjects and self.last_slot in ("subjects", "attribute"):
            replaced = self.subjects.pop()
            self._note(replaced.noun, subject.noun)
        self.subjects.append(subject)

    def _add_attribute(self, value: str, corrects: bool) -> None:
        if not value:
            return
        if not self.subjects:
            if value in en.COLORS:
                self.palette.append(value)
            return
        subject = self.subjects[-1]
        if corrects:
            hue = value in en.HUES
            same_kind = [a for a in subject.attributes if (a in en.HUES) == hue]
            if same_kind:
                self._note(same_kind[-1], value)
                subject.attributes.remove(same_kind[-1])
        if value not in subject.attributes:
            subject.attributes.append(value)

    def _add_scalar(self, slot: str, fill: Fill, corrects: bool) -> None:
        values = self.scalars[slot]
        value = fill.value
        if not value:
            return
        extend = fill.values == ["extend"]
        if extend and values:
            values[-1] = f"{values[-1]} {value}"
            return
        restart = (
            slot == "setting"
            and fill.prep is not None
            and fill.prep == self.last_setting_prep
            and self.last_slot == "setting"
        )
        if slot == "setting":
            self.last_setting_prep = fill.prep
        if (corrects or restart) and values:
            self._note(values[-1], value)
            values[-1] = value
            return
        head = value.split()[-1]
        restated = next((i for i, v in enumerate(values) if v.split()[-1] == head), None)
        if restated is not None:  # "a tower, a stone tower": the fuller phrase
            values[restated] = value if len(value) >= len(values[restated]) else values[restated]
            return
        if value not in values:
            values.append(value)

    def _add_extra(self, value: str, corrects: bool) -> None:
        slot = self.last_slot
        if slot in SCALAR_SLOTS and self.scalars[slot]:
            if corrects:
                self._note(self.scalars[slot][-1], value)
                self.scalars[slot][-1] = value
            elif len(value.split()) <= 3:
                self.scalars[slot].append(value)
        elif slot in ("subjects", "attribute") and self.subjects and corrects:
            self._add_attribute(value, True)

    def build(self) -> StructuredDescription:
        def joined(slot: str) -> str | None:
            values = [v for v in self.scalars[slot] if v]
            return ", ".join(values) if values else None

        return StructuredDescription(
            subjects=self.subjects,
            action=joined("action"),
            setting=joined("setting"),
            style=joined("style"),
            medium=joined("medium"),
            composition=joined("composition"),
            lighting=joined("lighting"),
            palette=self.palette,
            mood=joined("mood"),
            negative=self.negative,
            sources=self.sources,
        )
