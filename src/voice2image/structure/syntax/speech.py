"""Spoken-language segmentation before the parse: a transcript becomes `Unit`s, stretches of
speech between pauses, without hesitations, fillers, restarts or editing terms, each marked when
it repairs what came before.

Pauses are punctuation, hesitation sounds and fillers (so a transcript without punctuation is
still cut where the speaker hesitated), and editing terms ("no wait", "I mean", "scratch that")
cut too. Which earlier phrase a repair replaces is decided after the parse (`repair.py`), by
role: this module only says that a unit repairs, how strongly, and what was withdrawn by name
("not a cat", "instead of red").
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import yaml

from voice2image.structure.text import PUNCTUATION, tokenize

SPEECH_FILE = Path(__file__).with_name("data") / "speech.yaml"
MAX_WORDS = 2000
Strength = Literal["strong", "weak"]


@dataclass
class Unit:
    """`words`: what is left to parse; `said`: the spoken stretch it came from (sources);
    `repair`: it replaces an earlier phrase ("strong": an editing term said so; "weak": "make
    it", which replaces only a phrase of the same category); `discards`: phrases withdrawn by
    name; `about_it`: said of "it" ("make it blue"), so a bare adjective describes the last
    subject."""

    words: list[str]
    said: str
    repair: Strength | None = None
    discards: list[str] = field(default_factory=list)
    about_it: bool = False
    # said of "him" or "her" ("make him a brown one"): of the last person or animal
    about_someone: bool = False
    repair_last: bool = False  # "Y instead of X": the repair is the unit's last phrase
    # "make the saree green": the thing named and the colour asked for it
    recolour: tuple[str, str] | None = None
    # "the old club one": said of the last subject with "one", so a noun in it says its kind
    said_as_one: bool = False
    # "one red, one yellow, two green": units that may share out the things just counted
    joined_shares: bool = False
    # (said, kept) words the speaker replaced inside the unit ("with three, no, five beds")
    replaced: list[tuple[str, str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass
class Segmented:
    units: list[Unit]
    notes: list[str]


@dataclass(frozen=True)
class SpeechWords:
    """The closed word classes of `data/speech.yaml`, as token tuples, longest first."""

    hesitations: frozenset[str]
    fillers: tuple[tuple[str, ...], ...]
    start_fillers: tuple[tuple[str, ...], ...]
    editing: tuple[tuple[tuple[str, ...], Strength], ...]
    start_only: frozenset[tuple[str, ...]]
    postposed: tuple[tuple[str, ...], ...]
    judgements: tuple[tuple[str, ...], ...]
    alone_judgements: frozenset[tuple[str, ...]]
    start_over: tuple[tuple[str, ...], ...]
    retrospective: frozenset[tuple[str, ...]]
    said_of_it: frozenset[tuple[str, ...]]
    permissions: tuple[tuple[str, ...], ...]
    command_verbs: frozenset[str]
    command_objects: frozenset[str]
    command_followers: frozenset[str]
    no_followers: frozenset[str]
    withdraw: tuple[tuple[str, ...], ...]
    repair_suffixes: tuple[tuple[str, ...], ...]
    replace_verbs: dict[str, frozenset[str]]
    replace_openers: tuple[tuple[str, ...], ...]
    dangling: frozenset[str]
    continuing: frozenset[str]
    phrase_openers: frozenset[str]
    like_keepers: frozenset[str]
    like_fillers_around: frozenset[str]
    like_looks: frozenset[str]
    unit_openers: frozenset[str]
    spoken_forms: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]


def _phrases(entries: list[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted((tuple(e.split()) for e in entries), key=len, reverse=True))


@cache
def speech_words(path: Path = SPEECH_FILE) -> SpeechWords:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    editing: list[tuple[tuple[str, ...], Strength]] = []
    for strength in ("strong", "weak"):
        for entry in data["editing_terms"][strength]:
            editing.append((tuple(entry.split()), "strong" if strength == "strong" else "weak"))
    return SpeechWords(
        hesitations=frozenset(data["hesitations"]),
        fillers=_phrases(data["fillers"]),
        start_fillers=_phrases(data["unit_start_fillers"]),
        editing=tuple(sorted(editing, key=lambda e: len(e[0]), reverse=True)),
        start_only=frozenset(tuple(e.split()) for e in data["start_only"]),
        postposed=_phrases(data["postposed"]),
        judgements=_phrases(data["judgements"]),
        alone_judgements=frozenset(tuple(e.split()) for e in data["alone_judgements"]),
        start_over=_phrases(data["start_over"]),
        retrospective=frozenset(tuple(e.split()) for e in data["retrospective"]),
        said_of_it=frozenset(tuple(e.split()) for e in data["said_of_it"]),
        permissions=_phrases(data["permissions"]),
        command_verbs=frozenset(data["command_verbs"]),
        command_objects=frozenset(data["command_objects"]),
        command_followers=frozenset(data["command_followers"]),
        no_followers=frozenset(data["no_repair_followers"]),
        withdraw=_phrases(data["withdraw_prefixes"]),
        repair_suffixes=_phrases(data["repair_suffixes"]),
        replace_verbs={verb: frozenset(preps) for verb, preps in data["replace_verbs"].items()},
        replace_openers=_phrases(data["replace_openers"]),
        dangling=frozenset(data["dangling"]),
        continuing=frozenset(data["continuing"]),
        phrase_openers=frozenset(data["phrase_openers"]),
        like_keepers=frozenset(data["like_keepers"]),
        like_fillers_around=frozenset(data["like_fillers_around"]),
        like_looks=frozenset(data["like_looks"]),
        unit_openers=frozenset(data["unit_openers"]),
        spoken_forms=tuple(
            sorted(
                ((tuple(k.split()), tuple(v.split())) for k, v in data["spoken_forms"].items()),
                key=lambda e: len(e[0]),
                reverse=True,
            )
        ),
    )


def _at(words: list[str], index: int, phrase: tuple[str, ...]) -> bool:
    return tuple(words[index : index + len(phrase)]) == phrase


def _match(words: list[str], index: int, phrases: tuple[tuple[str, ...], ...]) -> int:
    """Length of the longest phrase at `index`, 0 if none."""
    return next((len(p) for p in phrases if _at(words, index, p)), 0)


@dataclass
class _Piece:
    words: list[str]
    said: list[str]
    repair: Strength | None = None


def _is_filler_like(words: list[str], index: int, at_start: bool, lexicon: SpeechWords) -> bool:
    """ "like" at a stretch's start or before a pause is a filler; "look like", "I'd like"
    are not."""
    if index and words[index - 1] in lexicon.like_keepers:
        return False
    before = words[index - 1] if index else None
    after = words[index + 1] if index + 1 < len(words) else None
    # not after a phrase broken off ("like a, like an old railway poster"): a restart
    restart = index >= 2 and words[index - 2] in lexicon.dangling
    if at_start and not restart and _compares_with_look(words[index:], lexicon):
        return False
    if before in lexicon.like_fillers_around or (
        after in lexicon.like_fillers_around and after not in ("a", "an", "the", "this", "that")
    ):
        return True
    return at_start or after is None or after in PUNCTUATION


def _spoken_forms(tokens: list[str], lexicon: SpeechWords) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(tokens):
        form = next((f for f in lexicon.spoken_forms if _at(tokens, index, f[0])), None)
        if form is None:
            out.append(tokens[index])
            index += 1
        else:
            out.extend(form[1])
            index += len(form[0])
    return out


def _editing_at(
    words: list[str], index: int, lexicon: SpeechWords, at_start: bool
) -> tuple[int, Strength]:
    # "rather than X": a withdrawal by name, not the term "rather"; but "scrap that" is the
    # editing term, not the withdrawal of a thing called "that"
    withdrawn = _match(words, index, lexicon.withdraw)
    for phrase, strength in lexicon.editing:
        if len(phrase) <= withdrawn or not _at(words, index, phrase):
            continue
        if at_start or phrase not in lexicon.start_only:
            return len(phrase), strength
    if withdrawn:
        return 0, "strong"
    if words[index] == "no":
        after = words[index + 1] if index + 1 < len(words) else None
        if after is None or after in PUNCTUATION or after in lexicon.no_followers:
            return 1, "strong"
    return 0, "strong"


def _pieces(tokens: list[str], lexicon: SpeechWords) -> list[_Piece]:
    """Cut at punctuation, hesitations, fillers and editing terms; an editing term gives an
    empty piece marked with its strength. "no" before a noun stays (a negation) but starts a
    piece of its own."""
    pieces = [_Piece([], [])]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        at_start = not pieces[-1].words
        if (
            token in PUNCTUATION
            and tokens[index + 1 : index + 2] == ["but"]
            and _taken_back_at(pieces[-1].words) is not None
        ):
            index += 1  # "walking not along the arbat, but along the embankment": one unit
            continue
        if token in PUNCTUATION or token in lexicon.hesitations:
            pieces.append(_Piece([], []))
            index += 1
            continue
        size = _match(tokens, index, lexicon.fillers)
        post = 0 if at_start else _match(tokens, index, lexicon.postposed)
        if post and (index + post == len(tokens) or tokens[index + post] in PUNCTUATION):
            size = 0  # "pelicans really,": a repair looking back, not the hedge "really"
        if (
            size
            and pieces[-1].words[-1:] in (["is"], ["are"])
            and any(_at(tokens, index, p[1:]) for p in lexicon.permissions)
        ):
            size = 0  # "boats are okay": a permission, not a filler
        if not size and token == "like" and _is_filler_like(tokens, index, at_start, lexicon):
            size = 1
        if size and _editing_at(tokens, index, lexicon, at_start)[0] > size:
            size = 0  # "you know what, pop art": an editing term that starts with a filler
        if size:
            pieces.append(_Piece([], tokens[index : index + size]))
            index += size
            continue
        size, strength = _editing_at(tokens, index, lexicon, at_start)
        closing = size or (0 if at_start else _match(tokens, index, lexicon.postposed))
        before = _looked_back_on(pieces, tokens, index, closing, at_start, lexicon)
        if before is not None:
            # "a small goat actually, ...", "an owl, I meant, ...": the repair is before
            before.repair = "strong"
            before.said.extend(tokens[index : index + closing])
            pieces.append(_Piece([], []))
            index += closing
            continue
        if size and strength == "strong":  # weak ones ("make it") are read with their unit
            pieces.append(_Piece([], tokens[index : index + size], strength))
            pieces.append(_Piece([], []))
            index += size
            continue
        if token in lexicon.unit_openers and not at_start and index + 1 < len(tokens):
            size, _ = _editing_at(tokens, index + 1, lexicon, True)
            if size:  # "... and make it a watercolor": a new unit from the editing term
                pieces.append(_Piece([], [token]))
                index += 1
                continue
        if token == "no" and not at_start:
            pieces.append(_Piece([], []))
        pieces[-1].words.append(token)
        pieces[-1].said.append(token)
        index += 1
    return pieces


def _looked_back_on(
    pieces: list[_Piece],
    tokens: list[str],
    index: int,
    size: int,
    at_start: bool,
    lexicon: SpeechWords,
) -> _Piece | None:
    """The piece an editing term of `size` tokens at `index` repairs when it looks back: one
    that may follow its repair, closing the stretch after it ("diving rather"), "I meant"
    between pauses, or any term but "no" that ends the speech ("setting sun, sorry")."""
    if not size:
        return None
    term = tuple(tokens[index : index + size])
    rest = tokens[index + size :]
    if rest and rest[0] not in PUNCTUATION:
        return None
    if term in lexicon.postposed and not at_start:
        return pieces[-1]
    said = [p for p in pieces if p.words]
    last = all(t in PUNCTUATION for t in rest) and term != ("no",)
    return said[-1] if at_start and (term in lexicon.retrospective or last) and said else None


def _after_starting_over(tokens: list[str], lexicon: SpeechWords) -> list[str]:
    """What follows the last "let me start over", when it is followed by more than pauses."""
    for index in range(len(tokens) - 1, -1, -1):
        size = _match(tokens, index, lexicon.start_over)
        rest = tokens[index + size :]
        if size and any(t not in PUNCTUATION and t not in lexicon.hesitations for t in rest):
            return rest
    return tokens


def _compares_with_look(words: list[str], lexicon: SpeechWords) -> bool:
    """ "like an old christmas card", "like a saturday evening post cover": "like" comparing the
    picture with a kind of picture, not the filler (not "like a dog in a card")."""
    phrase = list(itertools.takewhile(lambda w: w not in PUNCTUATION, words[1:]))
    broken = set(phrase) & lexicon.phrase_openers - {"a", "an"}
    return (
        words[:1] == ["like"]
        and phrase[:1] in (["a"], ["an"])
        and phrase[-1] in lexicon.like_looks
        and not broken
    )


def _strip_start(
    words: list[str],
    phrases: tuple[tuple[str, ...], ...],
    lexicon: SpeechWords | None = None,
) -> list[str]:
    """Drop the phrases at the start; with `lexicon`, keep "like" that compares with a look."""
    changed = True
    while words and changed:
        size = _match(words, 0, phrases)
        if words[:size] == ["just"] and words[1:2] in (["before"], ["after"]):
            break  # "just before dawn": how close the time is, not a filler
        if lexicon is not None and _compares_with_look(words, lexicon):
            break
        changed = bool(size)
        words = words[size:]
    return words


def _dedupe_repeats(words: list[str]) -> list[str]:
    """ "and and", "two two bears", "a big a big dog": an immediate repeat of one to three
    words is said once."""
    out: list[str] = []
    for word in words:
        out.append(word)
        for size in (3, 2, 1):
            if len(out) >= 2 * size and out[-size:] == out[-2 * size : -size]:
                del out[-size:]
                break
    return out


def _to_unit(
    piece: _Piece, lexicon: SpeechWords, is_colour: Callable[[str], bool] | None = None
) -> list[Unit]:
    """One piece as units: withdrawn phrases split off ("not X but Y": X withdrawn, Y the
    repair), "make it" noted, a closing "instead" marks a repair."""
    words = _strip_start(list(piece.words), lexicon.start_fillers, lexicon)
    words = _dedupe_repeats(words)
    repair = piece.repair
    about_it = about_someone = False
    said = " ".join(piece.said)
    size, strength = _editing_at(words, 0, lexicon, True) if words else (0, "strong")
    if size:
        about_it = tuple(words[:size]) in lexicon.said_of_it
        repair = "strong" if "strong" in (repair, strength) else "weak"
        words = _strip_start(words[size:], lexicon.start_fillers, lexicon)
    if _match(words, 0, lexicon.judgements) or tuple(words) in lexicon.alone_judgements:
        return [Unit([], said, "strong")]  # "that's the wrong coast": said of the last choice
    if len(words) >= 2 and words[-2] == "too" and words[0] not in ("not", "nothing", "no"):
        # "the moon is too much", "Levitan is too sad": why a choice goes, not content; "not
        # too scary" is content
        return [Unit([], said, repair)] if repair else []
    allowed = next((p for p in lexicon.permissions if tuple(words[-len(p) :]) == p), None)
    if allowed and len(words) > len(allowed):
        named = words[: -len(allowed)]
        if named[0] in _ALLOWED_AS_CONTENT:
            # "no people, actually, one old man with a newspaper is fine": a thing counted or
            # described is asked for, and it takes back what was not wanted
            return [Unit(named, said, repair)]
        return [Unit([], said, repair, [" ".join(named)])]  # "people are fine": withdrawn
    words = _strip_command(words, lexicon)
    someone = words[:2] in (["make", "him"], ["make", "her"])
    if someone and len(words) >= 5 and words[2] in ("a", "an") and words[-1] == "one":
        # "make him a brown one": said of the last person or animal
        words, about_it, about_someone = words[2:], True, True
    as_one = len(words) >= 3 and words[0] in ("a", "an", "the") and words[-1] == "one"
    if as_one:
        words, about_it = words[1:-1], True  # "a metal one": said of the last subject
    for suffix in lexicon.repair_suffixes:
        # "instead" alone ("no, instead, on a frozen river") makes the next unit the repair;
        # "then" alone is only a step in the story
        alone = len(words) == len(suffix) and suffix == ("instead",)
        if (len(words) > len(suffix) or alone) and tuple(words[-len(suffix) :]) == suffix:
            words, repair = words[: -len(suffix)], "strong"
            break
    replaced = _replacement(words, lexicon, is_colour)
    if replaced is not None:
        withdrawn, kept = replaced
        return [Unit([], said, "strong", [" ".join(withdrawn)]), Unit(kept, said, "strong")]
    split = _not_but(words)
    if split is not None:
        at, but = split
        return [
            Unit(words[:at], said, repair, [], about_it),
            Unit([], said, "strong", [" ".join(words[at + 1 : but])]),
            Unit(words[but + 1 :], said, "strong"),
        ]
    size = _match(words, 0, lexicon.withdraw)
    if size:
        rest = words[size:]
        # "instead of pixar let's go with claymation": the editing term starts the repair
        terms = ((i, _editing_at(rest, i, lexicon, True)[0]) for i in range(1, len(rest)))
        term, term_size = next(((i, n) for i, n in terms if n), (0, 0))
        # "instead of foxes do red pandas": a verb that asks for the replacement
        asking = lexicon.command_verbs | _ASKING_VERBS
        asked = next((i for i in range(1, len(rest)) if rest[i] in asking), 0)
        if "but" in rest:
            cut, skip = rest.index("but"), 1
        elif term:
            cut, skip = term, term_size
        elif asked:
            cut, skip = asked, 1 + (rest[asked + 1 : asked + 2] == ["me"])
        else:
            cut, skip = _next_phrase(rest, lexicon), 0
        withdrawn, kept = rest[:cut], rest[cut + skip :]
        units = [Unit([], said, "strong", [" ".join(withdrawn)] if withdrawn else [])]
        if kept:
            units.append(Unit(kept, said, "strong"))
        return units
    if "instead" in words and words.index("instead") + 1 < len(words):
        cut = words.index("instead")
        if words[cut + 1] == "of":  # "Y instead of X"
            kept, withdrawn = words[:cut], words[cut + 2 :]
            unit = Unit(kept, said, "strong", repair_last=True)
            return [Unit([], said, "strong", [" ".join(withdrawn)]), unit]
    said_as_one = as_one and not about_someone
    return [Unit(words, said, repair, [], about_it, about_someone, said_as_one=said_as_one)]


def _replacement(
    words: list[str], lexicon: SpeechWords, is_colour: Callable[[str], bool] | None = None
) -> tuple[list[str], list[str]] | None:
    """ "let's change the koi to turtles": (the withdrawn words, the replacement), or None.
    "change it to" is an editing term of its own; what is replaced must be named."""
    start = len(words) - len(_strip_start(words, lexicon.replace_openers))
    verb = words[start] if start < len(words) else None
    if verb not in lexicon.replace_verbs:
        return None
    rest = words[start + 1 :]
    cut = next((i for i, w in enumerate(rest) if i and w in lexicon.replace_verbs[verb]), None)
    if cut is None and verb == "make":
        return _made_into(rest, is_colour)
    if cut is None or cut + 1 >= len(rest) or rest[0] in ("it", "that", "this", "them"):
        return None
    return rest[:cut], rest[cut + 1 :]


def _made_into(
    rest: list[str], is_colour: Callable[[str], bool] | None = None
) -> tuple[list[str], list[str]] | None:
    """ "make the beekeeper a little girl": the thing named becomes another thing; not "make
    the sky a bit darker" (a comparative says how it changes), nor "make the boat a faded
    blue" (a colour asked for it, read by the structurer as a recolouring)."""
    if len(rest) < 4 or rest[0] != "the":
        return None
    cut = next((i for i, w in enumerate(rest) if i > 1 and w in ("a", "an")), None)
    if cut is None or cut + 1 >= len(rest) or cut > 4:
        return None
    last = rest[-1]
    if last.endswith(("er", "est")) and rest[cut + 1] in ("bit", "lot", "little", "tad"):
        return None
    if last in ("more", "less", "bit", "lot") or (is_colour is not None and is_colour(last)):
        return None
    return rest[:cut], rest[cut:]


_NEGATED_VERBS = frozenset({"do", "does", "did", "should", "could", "would", "will", "can", "must"})


def _taken_back_at(words: list[str]) -> int | None:
    """Where "not" starts a phrase taken back inside a unit ("a girl walking not along the
    arbat"): not at the unit's start, not "not only", nor a verb's negation."""
    if "not" not in words[1:]:
        return None
    at = words.index("not", 1)
    if words[at + 1 : at + 2] in ([], ["only"]) or words[at - 1] in _NEGATED_VERBS:
        return None
    return at


def _not_but(words: list[str]) -> tuple[int, int] | None:
    """ "a girl walking not along the arbat but along the embankment", "a cat not ginger but
    grey": a phrase said and taken back inside a unit, and the phrase that replaces it (the
    positions of "not" and "but")."""
    at = _taken_back_at(words)
    if at is None:
        return None
    but = next((i for i in range(at + 2, len(words)) if words[i] == "but"), None)
    if but is None or but == len(words) - 1:
        return None
    return at, but


def _strip_command(words: list[str], lexicon: SpeechWords) -> list[str]:
    """ "draw me a wolf howling", "paint a fox": the picture without the command."""
    if len(words) < 3 or words[0] not in lexicon.command_verbs:
        return words
    if words[1] in lexicon.command_objects:
        return words[2:]
    return words[1:] if words[1] in lexicon.command_followers else words


def _join_dangling(units: list[Unit], lexicon: SpeechWords) -> list[Unit]:
    """A unit ending in a function word ("make it look like", "he's") continues in the next
    one; a unit starting with "of" continues the one before."""
    joined: list[Unit] = []
    for unit in units:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.words
            and unit.words
            and not unit.discards
            and (previous.words[-1] in lexicon.dangling or unit.words[0] in lexicon.continuing)
            and (unit.repair is None or unit.words[0] in lexicon.continuing)
        ):
            previous.words = previous.words + unit.words
            previous.said = f"{previous.said} {unit.said}"
            continue
        joined.append(unit)
    return joined


def _join_cut_numbers(units: list[Unit]) -> list[Unit]:
    """ "a greenhouse with three, no, five garden beds": a unit cut off right after a number
    is repaired by a number that goes on with its noun. What the repair replaces is the
    number alone, so the repair continues the unit ("a greenhouse with five garden beds")
    instead of replacing the greenhouse."""
    joined: list[Unit] = []
    for unit in units:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.words[-1:]
            and _is_number(previous.words[-1])
            and previous.words[-1] != "one"  # "a red one, no, ...": a thing, not a number
            and unit.repair is not None
            and not unit.discards
            and len(unit.words) > 1
            and _is_number(unit.words[0])
            and not _is_number(unit.words[1])
        ):
            previous.replaced.append((previous.words[-1], unit.words[0]))
            previous.words = previous.words[:-1] + unit.words
            previous.said = f"{previous.said} {unit.said}"
            previous.replaced.extend(unit.replaced)
            continue
        joined.append(unit)
    return joined


def _join_shares(units: list[Unit]) -> list[Unit]:
    """ "four kayaks, one red, one yellow, two green": units that each open with a number
    and together count all of the things counted just before share them out, as "one red and
    one yellow and two green" would (`distribution`). Numbers that add up to another total are
    things of their own ("two kids, three cats, two dogs")."""
    joined: list[Unit] = []
    index = 0
    while index < len(units):
        unit = units[index]
        joined.append(unit)
        index += 1
        counted = [_GROUP_VALUES[w] for w in unit.words if w in _GROUP_VALUES]
        total = counted[-1] if counted else 0
        run: list[Unit] = []
        shared = 0
        for share in units[index:]:
            value = _GROUP_VALUES.get(share.words[0]) if share.words else None
            if value is None or share.repair or share.discards or len(share.words) > 6:
                break
            run.append(share)
            shared += value
            if shared >= total:
                break
        if total < 2 or len(run) < 2 or shared != total:
            continue
        words = [w for share in run for w in ["and", *share.words]][1:]
        said = ", ".join(share.said for share in run)
        replaced = [r for share in run for r in share.replaced]
        joined.append(Unit(words, said, replaced=replaced, joined_shares=True))
        index += len(run)
    return joined


def _is_number(word: str) -> bool:
    return word.isdigit() or word in _CUT_NUMBERS


def _next_phrase(words: list[str], lexicon: SpeechWords) -> int:
    """Where the phrase after "not X" starts without a pause: at the next article after X's
    first word ("not a cat a fox"), not one a preposition takes ("not in the forest")."""
    for index in range(1, len(words)):
        if words[index] in ("a", "an", "the") and words[index - 1] not in lexicon.phrase_openers:
            return index
    return len(words)


def _drop_restarts(units: list[Unit], lexicon: SpeechWords) -> list[Unit]:
    """A unit the next one starts over with ("a big... a big fluffy dog") is dropped; one
    whose last words the next starts over with loses them, and when those start with a
    preposition the two are one phrase ("a view through the... through the windshield")."""
    kept: list[Unit] = []
    joined: Unit | None = None  # a unit already said as the end of the one before
    for index, unit in enumerate(units):
        if unit is joined:
            continue
        after = units[index + 1] if index + 1 < len(units) else None
        if (
            after is not None
            and unit.words
            and len(unit.words) <= len(after.words)
            and _starts_over(unit.words, after.words[: len(unit.words)])
            and not unit.discards
        ):
            after.repair = after.repair or unit.repair
            after.said = f"{unit.said} {after.said}"
            continue
        overlap = _restarted_tail(unit.words, after.words, lexicon) if after is not None else 0
        if overlap and not unit.discards:
            unit.words = unit.words[:-overlap]  # "draw a vintage... a vintage motorbike"
            if after is not None and _goes_on(after):
                # "a view through the... through the windshield": one phrase, said again
                unit.words = [*unit.words, *after.words]
                unit.said = f"{unit.said} {after.said}"
                joined = after
        kept.append(unit)
    return kept


def _goes_on(after: Unit) -> bool:
    """Whether a unit that starts over the preposition the one before ended with goes on with
    that one, rather than repairing it or starting a phrase of its own ("a big... a big dog")."""
    return after.repair is None and not after.discards and after.words[0] not in DETERMINERS


def _restarted_tail(words: list[str], after: list[str], lexicon: SpeechWords) -> int:
    """How many of the unit's last words, two or more and starting a phrase, the next unit
    starts over with; or its last word alone, a preposition nothing followed ("a close up
    of, of tiny hands")."""
    for size in range(min(len(words) - 1, len(after)), 1, -1):
        if _starts_over(words[-size:], after[:size]) and words[-size] in lexicon.phrase_openers:
            return size
    last = words[-1] if len(words) > 1 else ""
    if after[:1] == [last] and last in lexicon.phrase_openers and last not in DETERMINERS:
        return 1
    return 0


def _starts_over(said: list[str], again: list[str]) -> bool:
    """Whether `again` says `said` over, its last word perhaps cut off before it was finished
    ("a vintage motor... a vintage motorcycle")."""
    if said == again:
        return True
    return (
        len(said) == len(again)
        and said[:-1] == again[:-1]
        and len(said[-1]) >= 3
        and again[-1].startswith(said[-1])
    )


def segment(
    text: str,
    lexicon: SpeechWords | None = None,
    is_colour: Callable[[str], bool] | None = None,
) -> Segmented:
    """The transcript's units, in order. Never raises. `is_colour` tells a colour word, so
    that "make the boat a faded blue" is not read as the boat made into another thing."""
    lexicon = lexicon or speech_words()
    notes: list[str] = []
    tokens = tokenize(text)
    if len(tokens) > MAX_WORDS:
        notes.append(f"transcript cut to its first {MAX_WORDS} words (had {len(tokens)})")
        tokens = tokens[:MAX_WORDS]
    tokens = _spoken_forms(tokens, lexicon)
    tokens = _after_starting_over(tokens, lexicon)
    units: list[Unit] = []
    pending: Strength | None = None
    pending_discards: list[str] = []
    giving_way = False
    for piece in _pieces(tokens, lexicon):
        giving_way = giving_way or tuple(piece.words[:2]) == _GIVING_WAY
        for unit in _to_unit(piece, lexicon, is_colour):
            if unit.words and giving_way:
                giving_way = False
                refused = bool(units) and units[-1].words[:1] in (["no"], ["without"])
                if refused and unit.repair is None:
                    unit.repair = "weak"  # "no gulls... ach, go on then, a couple of gulls"
            if not unit.words:
                last = units[-1] if units else None
                if (
                    unit.discards
                    and pending is None
                    and not pending_discards
                    and last is not None
                    and last.repair is not None
                    and not last.discards
                    and all(
                        d.split()[-1:]
                        and any(d.split()[-1] in u.words for u in units[:-1])
                        and d.split()[-1] not in _GROUP_NUMBERS  # "four pies, not three"
                        for d in unit.discards
                    )
                ):
                    # "no, make it a sword, not a horseshoe": what the repair just said replaces
                    # is named after it; it is withdrawn as if named first
                    last.discards = list(unit.discards)
                    continue
                if unit.repair == "strong" or (unit.repair and pending is None):
                    pending = unit.repair
                pending_discards.extend(unit.discards)
                continue
            if pending and unit.repair != "strong":
                unit.repair = pending
            unit.discards = pending_discards + unit.discards
            units.append(unit)
            pending, pending_discards = None, []
    if pending_discards:
        units.append(Unit([], "", "strong", pending_discards))
    units = _join_cut_numbers(_join_dangling(_drop_restarts(units, lexicon), lexicon))
    units = _join_shares(units)
    if not any(u.words for u in units):
        notes.append("nothing left after removing fillers and commands")
    return Segmented(units, notes)


# "go on (then)": said after "no X", it lets in what follows, as a repair of the refusal
_GIVING_WAY = ("go", "on")
# words that open a noun phrase and say which thing it is ("the", "his")
DETERMINERS = frozenset({"a", "an", "the", "some", "his", "her", "its", "their", "my"})
# the numbers a speaker shares things out by ("one red and two green"), with their values
_GROUP_VALUES = {
    word: value
    for value, word in enumerate(
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"), start=1
    )
}
_GROUP_NUMBERS = frozenset(_GROUP_VALUES)
# verbs besides the commands ("draw", "paint") that ask for a replacement: "instead of X do Y"
_ASKING_VERBS = frozenset({"do", "make", "give", "use", "put"})
# what opens a thing allowed and asked for ("a few seagulls are fine"), not only let back in
_ALLOWED_AS_CONTENT = _GROUP_NUMBERS | {"a", "an", "some", "few", "several", "couple"}
_CUT_NUMBERS = _GROUP_NUMBERS | {"eleven", "twelve", "twenty", "dozen", "hundred"}
_GROUP_PREPOSITIONS = frozenset(
    {"in", "with", "on", "at", "wearing", "holding", "carrying", "under", "by", "near", "from"}
)


def distribution(words: list[str]) -> list[list[str]] | None:
    """ "one red and one yellow", "one in silver armor and one in black armor", "one big and
    grey and two small and white": a unit that shares out the last thing counted, one group per
    number, or None."""
    if len(words) < 4 or words[0] not in _GROUP_NUMBERS:
        return None
    groups: list[list[str]] = [[words[0]]]
    for index, word in enumerate(words[1:], start=1):
        if word in _GROUP_NUMBERS and words[index - 1] == "and" and len(groups[-1]) > 2:
            groups[-1].pop()  # the "and" between groups
            groups.append([word])
        else:
            groups[-1].append(word)
    if len(groups) < 2 or any(len(g) < 2 for g in groups):
        return None
    return groups


def distributed_text(groups: list[list[str]], noun: str) -> str:
    """The groups said as things of their own: "one red kayak and one yellow kayak", "one
    knight in silver armor and one knight in black armor"."""
    said = []
    for number, *rest in groups:
        if rest[0] in _GROUP_PREPOSITIONS:
            said.append(" ".join([number, noun, *rest]))
        else:
            said.append(" ".join([number, *rest, noun]))
    return " and ".join(said)
