"""Repairs: the mentions of each unit join those said before, and a repair replaces what it
repairs.

A unit after an editing term (`Unit.repair`) holds the repair; its reparandum is the earlier
mention of the SAME ROLE, found by structure, not by wording: a subject replaces the subject
with the same head, else the last subject (whole-subject replacement); a colour replaces a
colour (of a subject or of the palette); an attribute of a named subject replaces that
subject's attribute of the same kind; a number replaces the last subject's count; any other
role (setting, lighting, composition, style, medium, mood, palette, action, negative) replaces
the latest mention of that role said in the unit just before. A phrase withdrawn by name ("not
a cat", "instead of red") is removed and the next phrase of its role is its replacement. Weak
editing terms ("make it") only replace a same-role phrase of the unit before.

A repair may also replace only a part of what was said: the phrase a preposition starts inside
an action, a light or a place ("running from a wolf, no, from a cow"), the light, style or medium
said again in words that name a thing ("moonlight, or rather a shaft of sunlight"), or a thing
withdrawn by name inside an action ("playing chess, not chess, backgammon"). A number cut off and
said again with its noun is joined before the parse (`speech.py`).

Without an editing term, a phrase said again with more words ("a penguin, a baby penguin", "on a
hill, er, on a windy hill") refines the earlier one (a restart), and "no X" right after an X
with other modifiers ("yellow fish no blue fish") is a repair, not a negation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from voice2image.schema import Correction
from voice2image.structure.inflect import indefinite_article, plural
from voice2image.structure.syntax.mentions import (
    ANIMATE,
    PHRASE_OPENERS,
    Attribute,
    Mention,
    load_terms,
)
from voice2image.structure.syntax.speech import DETERMINERS, Unit, speech_words
from voice2image.structure.text import singular
from voice2image.structure.translate import has_cyrillic

# what "no people" excludes, which a person said as a repair takes back
_PEOPLE = frozenset({"people", "person", "persons", "anyone", "anybody", "figures"})
# what "draw it", "put them in" say besides the asking verb: the thing is the one just named
_ASKED_FOR = frozenset({"it", "them", "one", "him", "her", "in", "back", "too", "anyway", "please"})
# verbs that ask for a thing to be in the picture, besides the commands ("draw", "paint")
_INCLUDING_VERBS = frozenset(
    {"put", "add", "keep", "leave", "include", "bring", "have", "let", "be"}
)
# what a restated scene says again replaces (not the negative: "no X" adds to what is not wanted)
_RESTATED = ("action", "setting", "lighting", "composition", "style", "medium", "mood")
_SCALAR = ("setting", "lighting", "composition", "style", "medium", "mood", "action", "negative")
# words around a thing taken back that are not its name ("not even a silhouette")
_NOT_NAMED = frozenset({"a", "an", "the", "some", "any", "even", "just", "that", "this", "it"})
# how a thing taken back is named when it is a thing ("not a cartoon", "not even umbrellas")
_NAMING = (["a"], ["an"], ["the"], ["even"], ["any"])
# words that start a phrase of place or direction inside an action ("running away from a wolf")
_PARTICLES = frozenset({"away", "up", "down", "out", "off", "back"})
_PREPOSITIONS = (PHRASE_OPENERS - {"a", "an", "the", "and", "of"}) | frozenset(
    {"towards", "toward", "into", "onto", "across", "through", "past", "along", "around"}
)
# slots a picture has one of: a second one said after an editing term replaces the first
_ONE_LOOK = ("style", "medium")
# slots whose phrase a speaker may say in two pieces before taking it back ("at night, under
# the stars, no, at dawn")
_SAID_IN_PIECES = ("medium", "composition", "mood", "lighting")
# what a speaker calls a slot when replacing it by name ("change the lighting to moonlight")
_SLOT_NAMES = {
    "lighting": "lighting",
    "light": "lighting",
    "background": "setting",
    "setting": "setting",
    "location": "setting",
    "place": "setting",
    "scenery": "setting",
    "style": "style",
    "medium": "medium",
    "technique": "medium",
    "mood": "mood",
    "atmosphere": "mood",
    "feel": "mood",
    "vibe": "mood",
    "palette": "palette",
    "color": "palette",
    "colour": "palette",
    "angle": "composition",
    "framing": "composition",
    "shot": "composition",
    "format": "composition",
    "orientation": "composition",
    "view": "composition",
    "perspective": "composition",
}


def _bare(mention: Mention) -> bool:
    """Said as a word alone, without an article or a number ("no, peach", not "a peach")."""
    return mention.count is None and mention.source.lower().split() == [mention.text]


def _with_attributes(mention: Mention) -> str:
    """A subject as said: its attributes, then its noun ("gold armor")."""
    return " ".join([*(a.text for a in mention.attributes), mention.text])


def _before_head(mention: Mention) -> str:
    """The words of a subject's noun before its head ("snow leopard" of "snow leopard
    spirit"), or the whole noun when it is only its head."""
    words, head = mention.text.split(), mention.head.split()
    if len(words) > len(head) and words[-len(head) :] == head:
        return " ".join(words[: -len(head)])
    return mention.text


def _content(text: str) -> list[str]:
    return [singular(w) for w in text.lower().split() if w not in ("a", "an", "the", "some")]


def _without(text: str, words: list[str], acted_on: bool = False) -> str:
    """The phrase without a thing it has ("pond with koi" -> "pond"), or "" when the withdrawn
    words are not such a thing. `acted_on`: an action also loses the thing it acts on, said
    last ("hammering a horseshoe" -> "hammering")."""
    said = text.split()
    content = [singular(w.lower()) for w in said]
    for start in range(len(said) - len(words), 0, -1):
        if content[start : start + len(words)] == words:
            end = start + len(words)
            while start and said[start - 1].lower() in ("a", "an", "the", "some"):
                start -= 1
            if start and said[start - 1].lower() in ("with", "and"):
                return " ".join(said[: start - 1] + said[end:])
            if acted_on and end == len(said):
                return " ".join(said[:start])
            return ""
    return ""


def _worn_in(worn: Attribute, shade: str, unit: int) -> Attribute:
    """What a subject wears ("in blue headscarf"), in the colour `shade` instead."""
    text = worn.text.replace(" ".join(worn.colours), shade, 1)
    return Attribute(text, worn.kind, unit, colours=shade.split())


# Nouns a speaker names a kind of thing with before naming which ("some animals... goats")
_GENERAL_NOUNS = frozenset(
    {"animal", "bird", "flower", "tree", "plant", "vehicle", "creature", "fish", "insect", "pet"}
)


# the places whose colour dev annotators write as the picture's palette ("a blue background")
_BACKGROUNDS = frozenset({"background", "backdrop"})


@dataclass
class Discourse:
    """The mentions accepted so far, in order, and the repairs applied."""

    mentions: list[Mention] = field(default_factory=list)
    names: frozenset[str] = frozenset()  # words said as names (`structurer.spoken_names`)
    is_colour: Callable[[str], bool] = lambda word: False  # noqa: E731
    # whether a word has a colour among any of its senses ("peach", "cream", "salmon")
    can_be_colour: Callable[[str], bool] = lambda word: False  # noqa: E731
    is_noun: Callable[[str], bool] = lambda word: True  # noqa: E731  (a WordNet noun)
    # the broad class of a noun's first WordNet sense ("customer": person), or ""
    sort_of: Callable[[str], str] = lambda word: ""  # noqa: E731
    # whether a noun names a time of day ("dusk", "morning"), not a light ("lamp", "sun")
    is_time_of_day: Callable[[str], bool] = lambda word: False  # noqa: E731
    is_season: Callable[[str], bool] = lambda word: False  # noqa: E731  ("winter", "autumn")
    is_place: Callable[[str], bool] = lambda word: False  # noqa: E731  ("pub", "sahara")
    # heads that name the picture's colours ("tones", "hues": `terms.palette_heads`)
    palette_heads: frozenset[str] = frozenset()
    corrections: list[Correction] = field(default_factory=list)
    replaced_groups: set[int] = field(default_factory=set)  # units whose palette was redone
    # phrases withdrawn by name in a unit that said nothing else ("rather than monet, er,
    # turner"): the next unit holds their replacement
    pending: dict[str, str] = field(default_factory=dict)
    # an editing term whose unit said nothing else ("no, let me change my mind about that"):
    # the next unit is the repair
    pending_repair: str | None = None
    # the subject an attribute was last withdrawn from ("the horse, not white but bay"): the
    # attribute said in its place is that subject's
    bereft: Mention | None = None
    # a vessel whose contents were withdrawn by name ("a bowl of cherries, change the cherries
    # to plums"): the thing said in their place is what it holds
    vessel: Mention | None = None
    # the unit of a subject a repair replaced by another ("a moose in a lake, no, a bear in a
    # river"): the repair's unit says that scene again
    replaced_scene: int | None = None

    # --- lookups ----------------------------------------------------------------------------

    def subjects(self) -> list[Mention]:
        return [m for m in self.mentions if m.role == "subject"]

    def last(self, role: str, unit: int | None = None) -> Mention | None:
        for mention in reversed(self.mentions):
            if mention.role == role and (unit is None or mention.unit == unit):
                return mention
        return None

    def subject_for(self, target: str | None) -> Mention | None:
        subjects = self.subjects()
        if target:
            same = [s for s in subjects if s.head == target or s.text.split()[-1] == target]
            if same:
                return same[-1]
            carried = self.carried_thing(target)
            if carried is not None:
                return carried
        # the subject said last, also when it was said again ("a horse, a foal, and the horse,
        # not white but bay"): a restated subject keeps its place but not its unit
        return max(reversed(subjects), key=lambda s: s.unit) if subjects else None

    def numbered_subject(self) -> Mention | None:
        """What a bare number repairs: the last subject a number was said of ("three hedgehogs
        dragging apples, no, make it two"), else the last subject."""
        numbered = [s for s in self.subjects() if s.numbered]
        return numbered[-1] if numbered else self.subject_for(None)

    def carried_thing(self, target: str) -> Mention | None:
        """ "a girl with a pink umbrella, wait, make the umbrella transparent": a thing kept as
        a subject's "with" attribute becomes a subject of its own once it is named again."""
        for owner in reversed(self.subjects()):
            for attribute in owner.attributes:
                said = attribute.carried
                if said is None or said.head != target:
                    continue
                owner.attributes.remove(attribute)
                thing = Mention(
                    "subject",
                    said.head,
                    position=said.position,
                    head=said.head,
                    attributes=[Attribute(c, "colour", said.unit) for c in said.colours],
                    unit=said.unit,
                    source=said.source,
                )
                self.mentions.insert(self.mentions.index(owner) + 1, thing)
                return thing
        return None

    def correct(self, discarded: str, kept: str) -> None:
        if discarded and kept and discarded != kept:
            self.corrections.append(Correction(discarded=discarded, kept=kept))

    def replace(self, old: Mention, new: Mention) -> None:
        self.mentions[self.mentions.index(old)] = new

    # --- one unit ---------------------------------------------------------------------------

    def add_unit(self, unit: Unit, index: int, mentions: list[Mention]) -> None:
        for mention in mentions:
            mention.unit = index
            mention.source = unit.said
            for attribute in mention.attributes:
                attribute.unit = index
            if mention.role == "subject" and not any(
                s.head == mention.head for s in self.subjects()
            ):
                self.carried_thing(mention.head)  # named again: a thing of its own
        for said, kept in unit.replaced:
            self.correct(said, kept)
        for mention in mentions:
            if mention.role == "negative":
                self.take_back(mention, index)
        withdrawn, unheard = self.withdraw(unit.discards)
        if unit.recolour is not None and self.recolour_named(*unit.recolour, index):
            return
        if (unit.repair or self.pending_repair) and self.repairs_in_phrase(unit, mentions, index):
            self.pending_repair = None
            return
        if not mentions and not unit.said and unheard:
            self.exclude_unheard(unit.discards, unheard, index)
            return
        if unit.repair and self.wanted_after_all(unit, index):
            return
        if not mentions:
            self.pending.update(withdrawn)
            self.pending_repair = unit.repair or self.pending_repair
            return
        withdrawn = {**self.pending, **withdrawn}
        self.pending = {}
        strength = unit.repair or self.pending_repair
        self.pending_repair = None
        self.take_withdrawn_role(mentions, withdrawn)
        self.take_withdrawn_place(unit, mentions, withdrawn)
        if strength:
            self.take_palette_role(mentions, index)
        if strength == "strong" and not withdrawn and self.rephrases_look(unit, mentions, index):
            return
        repair_role = None
        restated = False
        scene: int | None = None
        if unit.repair_last:  # "Y instead of X": Y is the last phrase
            mentions = mentions[-1:] + mentions[:-1]
        if strength:
            mentions = self.action_with_its_phrase(unit, mentions)
        for mention in mentions:
            if mention.role in withdrawn or unheard and repair_role is None:
                # "not a wolf but a husky": what replaces the withdrawn phrase
                said = withdrawn.pop(mention.role) if mention.role in withdrawn else unheard.pop()
                recounted = self.recounted(said, mention)
                if recounted is not None:
                    self.correct(
                        f"{recounted.count} {recounted.text}", f"{mention.count} {mention.text}"
                    )
                else:
                    self.correct(said, mention.text)
                # "not blue, burgundy", "not in blue but in burgundy": a colour said alone
                colour = (
                    mention.kind == "colour"
                    or mention.role == "setting"
                    and all(self.is_colour(w) for w in mention.text.split())
                )
                if colour and self.recolour_worn_said(said, mention):
                    repair_role = "done"
                    continue
                if mention.role == "attribute":
                    if not mention.target and self.bereft is not None:
                        mention.target = self.bereft.head
                    self.refine_or_add(mention, index, len(mentions))  # onto its subject
                elif mention.role == "count":  # "three ducks, not three but five"
                    subject = self.subject_for(mention.target)
                    if subject is not None:
                        subject.count = mention.count
                elif recounted is not None:
                    # "five kites, not five, seven kites": the same things, counted again
                    recounted.count = mention.count
                elif mention.role == "subject" and self.vessel is not None:
                    words = mention.text if (mention.count or 1) == 1 else plural(mention.text)
                    self.vessel.attributes.append(Attribute(f"of {words}", unit=index))
                    self.vessel = None
                else:
                    if mention.role == "subject" and len(said.split()) == 1:
                        self.replace_in_actions(singular(said), mention)
                    self.mentions.append(mention)
                repair_role = "done"
            elif (
                strength
                and repair_role in (None, "palette")
                and (repair_role is None or mention.role == repair_role)
            ):
                # the repair is the phrase right after the editing term (a colour group
                # counts as one); what follows it in the unit is new content
                repair_role = mention.role
                restated = mention.role == "subject" and any(
                    s.head == mention.head for s in self.subjects()
                )
                self.replaced_scene = None
                placed = any(m.role == "setting" for m in mentions)
                self.repair(mention, index, strength, placed)
                scene = self.replaced_scene
            elif (
                scene is not None
                and mention.role == "setting"
                and mention.sort == "place"
                and (old := self.last("setting")) is not None
                and old.unit == scene
            ):
                # "a moose standing in a lake, no, scratch that, a black bear in a river": the
                # place said with the new subject replaces the place of the one it replaced
                self.replace(old, mention)
                self.correct(old.text, mention.text)
            elif restated and mention.role in _RESTATED and (old := self.last(mention.role)):
                # "two men playing dominoes... let me rephrase, two men feeding pigeons": the
                # speaker says the scene again, and its phrases replace the earlier ones
                self.replace(old, mention)
                self.correct(old.text, mention.text)
            elif not strength and self.discarded_again(mention, index):
                continue  # "watercolor rather, oil would come out heavy": why, not content
            else:
                self.refine_or_add(mention, index, len(mentions))

    def recounted(self, said: str, new: Mention) -> Mention | None:
        """The subject whose count a withdrawn number (`said`) was, when `new` counts the same
        thing again."""
        value = int(said) if said.isdigit() else load_terms().numbers.get(said)
        if new.role != "subject" or new.count is None or value is None:
            return None
        same = [s for s in self.subjects() if s.head == new.head and s.count == value]
        return same[-1] if same else None

    def rephrases_look(self, unit: Unit, mentions: list[Mention], index: int) -> bool:
        """ "moonlight through the roof, or, on second thought, a single shaft of sunlight", "in
        anime style, actually no, make it cel shaded": a repair of a unit that said only the
        light, the style or the medium, and that names no creature, place or counted thing,
        says that slot again in other words; it is not a thing to draw. So is a repair the
        parse cut into a look and other pieces ("in a cartoon style, or rather, more like an old
        storybook engraving")."""
        fragment = [m for m in self.mentions if m.unit == index - 1]
        if len(fragment) != 1 or fragment[0].role not in ("lighting", *_ONE_LOOK):
            return False
        old = fragment[0]
        # the parse may cut a look it does not know into pieces ("an old storybook engraving":
        # a style and an action; "a glass mosaic": a thing and its attribute); a look said whole
        # is one piece and takes the usual repair
        if len(mentions) == 1 and mentions[0].role in ("lighting", *_ONE_LOOK):
            return False
        for mention in mentions:
            if mention.role in ("lighting", "attribute", *_ONE_LOOK):
                continue
            if mention.role == "action" and len(mentions) > 1 and " " not in mention.text:
                continue  # a noun in -ing read as what something does ("engraving")
            if mention.role not in ("subject", "setting") or mention.sort == "place":
                return False
            if mention.role == "subject" and (
                mention.sort in ANIMATE
                or mention.count not in (None, 1)
                or any(s.head == mention.head for s in self.subjects())
            ):
                return False
        text = " ".join(w for w in unit.words if w not in ("a", "an", "the"))
        said = Mention(
            old.role, text, mentions[0].position, head=text, unit=index, source=unit.said
        )
        self.replace(old, said)
        self.correct(old.text, text)
        return True

    def repairs_in_phrase(self, unit: Unit, mentions: list[Mention], index: int) -> bool:
        """ "running away from a grey wolf, no, sorry, from a big brown cow", "light from the
        chandelier, no, from spotlights", "a pier in Norway, er, no, in Scotland": a repair that
        starts with a preposition inside the action, light or place said just before, and says
        nothing but that phrase, replaces the phrase the preposition starts there. In an action
        any preposition will do ("walking away from us, no, towards us": where it goes)."""
        opener = unit.words[0] if unit.words else ""
        if opener not in _PREPOSITIONS:
            return False
        if any(m.role != "setting" or m.kind != opener for m in mentions):
            return False
        said = [m for m in self.mentions if m.unit == index - 1]
        for old in reversed(said):
            words = old.text.split()
            if old.role not in ("action", "lighting", "setting"):
                continue
            if opener in words[1:]:
                at = len(words) - 1 - words[::-1].index(opener)
            elif (
                old.role == "action"
                and any(w in _PREPOSITIONS for w in words[1:])
                and not any(m.role == "setting" for m in said)  # else the place is repaired
            ):
                at = max(i for i, w in enumerate(words) if i and w in _PREPOSITIONS)
                if at > 1 and words[at - 1] in _PARTICLES:
                    at -= 1  # "away from us": the direction starts at its particle
            else:
                continue
            # an action keeps its articles as said ("from a grey wolf"); other slots do not
            kept = [w for w in unit.words if old.role == "action" or w not in ("a", "an", "the")]
            old.text = " ".join([*words[:at], *kept])
            self.correct(" ".join(words[at:]), " ".join(kept))
            return True
        return False

    @staticmethod
    def action_with_its_phrase(unit: Unit, mentions: list[Mention]) -> list[Mention]:
        """ "jumping, no, swimming after a stick", "not walking but sitting in meditation": an
        action said as a repair is said whole, with the phrase right after its verb when that
        phrase names no place; that is how the speaker replaces what the thing does."""
        if len(mentions) < 2 or mentions[0].role != "action":
            return mentions
        action, phrase = mentions[0], mentions[1]
        said = action.text.split()
        at = next((i for i in range(len(unit.words)) if unit.words[i : i + len(said)] == said), -1)
        follows = unit.words[at + len(said) : at + len(said) + 1]
        if at < 0 or phrase.role != "setting" or phrase.sort == "place" or follows != [phrase.kind]:
            return mentions
        text = (
            phrase.text
            if phrase.text.split()[:1] == [phrase.kind]
            else f"{phrase.kind} {phrase.text}"
        )
        action.text = f"{action.text} {text}"
        return [action, *mentions[2:]]

    def take_back(self, negative: Mention, index: int) -> None:
        """ "graffiti on the... no, no graffiti actually": a thing said before and then not
        wanted, by its bare name, is taken back, not drawn and excluded at once."""
        words = _content(negative.text)
        if len(words) != 1:
            return  # "a dog on a beach, no other dogs"
        for said in self.subjects():
            # the parse may lemmatise the word differently in the two phrases ("graffito"
            # as a thing, "graffiti" not wanted): the word as said then names it
            spelled = words[0] in _content(said.source) and said.head[:4] == words[0][:4]
            if said.unit < index and (said.head in (negative.head, words[0]) or spelled):
                self.mentions.remove(said)
                continue
            # "a busker with a guitar, hmm, drop the guitar": a thing said "with" its owner
            for attribute in list(said.attributes):
                carried = attribute.carried
                named = carried is not None and carried.head in (negative.head, words[0])
                if named and attribute.unit < index:
                    said.attributes.remove(attribute)

    def take_palette_role(self, mentions: list[Mention], index: int) -> None:
        """Bare nouns that repair a palette are its colours ("the palette should be rust and
        sand, or better, rust and turquoise"), not things in the picture."""
        before = [m for m in self.mentions if m.unit == index - 1]
        if not before or any(m.role != "palette" for m in before):
            return
        bare = [m for m in mentions if m.role == "subject" and not m.attributes and m.count is None]
        if bare and all(m in bare or m.role == "palette" for m in mentions):
            for mention in mentions:
                mention.role, mention.kind = "palette", "colour"

    @staticmethod
    def take_withdrawn_role(mentions: list[Mention], withdrawn: dict[str, str]) -> None:
        """A replacement said in the withdrawn phrase's place has its role, when nothing in
        the unit has that role and the replacement is a bare name ("rather than monet,
        turner": turner is a style like monet, not a thing in the picture)."""
        first = mentions[0]
        worn = withdrawn.get("attribute", "").split()[:1] == ["in"]
        alone = list(withdrawn) == ["attribute"] and len(mentions) == 1
        if alone and worn and first.role == "subject" and (first.count or 1) == 1:
            # "change the blue shawl to a green shawl": worn in its place
            said = [a.text for a in first.attributes]
            first.role, first.target, first.attributes = "attribute", "", []
            first.text = " ".join(["in", *said, first.text])
            return
        named = first.role == "subject" or first.role == "setting" and not first.kind
        bare = named and not first.attributes and first.count is None
        if (
            list(withdrawn) == ["attribute"]
            and len(mentions) == 1
            and (bare or first.role == "palette")
        ):
            # "a grey tabby, well, not grey but ginger": ginger is the tabby's, not a thing
            first.role, first.target = "attribute", ""
            return
        roles = [r for r in withdrawn if r in _SCALAR and r != "action"]
        if (
            len(roles) == 1
            and not any(m.role in withdrawn for m in mentions)
            and first.role == "subject"
            and not first.attributes
            and first.count is None
        ):
            first.role = roles[0]

    @staticmethod
    def take_withdrawn_place(
        unit: Unit, mentions: list[Mention], withdrawn: dict[str, str]
    ) -> None:
        """ "in the snow, no, not in the snow, in a pile of leaves": a place said in the
        withdrawn place's words, with its preposition, is the place, whatever thing it names
        (here the leaves a pile is counted as)."""
        said = withdrawn.get("setting", "").split()
        first = mentions[0]
        if (
            list(withdrawn) != ["setting"]
            or len(mentions) != 1
            or first.role != "subject"
            or not said
            or said[0] not in _PREPOSITIONS
            or unit.words[:1] != said[:1]
        ):
            return
        first.role, first.kind = "setting", said[0]
        first.text = " ".join(w for w in unit.words[1:] if w not in DETERMINERS)
        first.attributes, first.count = [], None

    def withdraw(self, phrases: list[str]) -> tuple[dict[str, str], list[str]]:
        """Remove what was withdrawn by name; returns ({role: withdrawn text}, the withdrawn
        phrases that were not said before)."""
        withdrawn: dict[str, str] = {}
        unheard: list[str] = []
        for phrase in phrases:
            words = _content(phrase)
            if not words:
                continue
            found = len(withdrawn)
            named = _SLOT_NAMES.get(words[-1]) if len(words) == 1 else None
            old = self.last(named) if named else None
            if old is not None and not any(words[-1] in _content(m.text) for m in self.mentions):
                # "switch the lighting to moonlight": the slot named is what is replaced
                self.mentions.remove(old)
                withdrawn[old.role] = old.text
                continue
            # "in the daytime, instead of day a sunset": a time said with "time" on it
            timed = f"{words[-1]}time"
            for mention in reversed(self.mentions):
                content = _content(mention.text)
                # "as a photograph... not a photo, but a pencil sketch": a look named short
                clipped = mention.role in ("medium", "style") and any(
                    len(words[-1]) >= 4 and word.startswith(words[-1]) for word in content
                )
                if words[-1] in content or timed in content or clipped:
                    rest = _without(mention.text, words, mention.role == "action")
                    if mention.role in _SCALAR and rest:
                        # "a pond with koi, ... change the koi to turtles": the pond stays
                        mention.text = rest
                        withdrawn["subject"] = " ".join(words)
                        break
                    self.mentions.remove(mention)
                    withdrawn[mention.role] = " ".join(words)
                    break
                held = [a for a in mention.attributes if _content(a.text) == ["of", *words]]
                if held:
                    mention.attributes.remove(held[0])
                    self.vessel = mention
                    withdrawn["subject"] = " ".join(words)
                    break
                kept = [a for a in mention.attributes if _content(a.text) != words]
                worn = [a for a in mention.attributes if _content(a.text) == ["in", *words]]
                if len(kept) < len(mention.attributes):
                    mention.attributes = kept
                    withdrawn["attribute"] = " ".join(words)
                    self.bereft = mention
                    break
                if worn:
                    # "a wrestler in a blue shawl, change the blue shawl to a green shawl"
                    mention.attributes.remove(worn[0])
                    withdrawn["attribute"] = worn[0].text
                    self.bereft = mention
                    break
            if len(withdrawn) == found:
                unheard.append(" ".join(words))
        return withdrawn, unheard

    def exclude_unheard(self, discards: list[str], unheard: list[str], index: int) -> None:
        """ "a realistic render, not a cartoon.", "no people, not even umbrellas.": a thing
        taken back at the very end that was never said is what the speaker does not want."""
        position = max((m.position for m in self.mentions), default=0) + 1
        for phrase in discards:
            said = phrase.lower().split()
            # a thing is named with its article ("not a cartoon") or "even"; not "а не
            # страшно" (not scary), nor "не люблю я их" (I do not like them)
            if " ".join(_content(phrase)) not in unheard or said[:1] not in _NAMING:
                continue
            words = [w for w in said if w not in _NOT_NAMED]
            if words:
                text = " ".join(words)
                self.mentions.append(
                    Mention("negative", text, position, head=singular(words[-1]), unit=index)
                )

    def repair(self, new: Mention, index: int, strength: str, placed: bool = False) -> None:
        """`placed`: the repair's unit says a place of its own."""
        before = index - 1
        fragment = [m for m in self.mentions if m.unit == before]
        if new.colours and fragment and all(m.role == "palette" for m in fragment):
            for m in fragment:  # "a red... no, a blue car", "with pink, no, with silver hair"
                self.mentions.remove(m)
            self.correct(" and ".join(m.text for m in fragment), " and ".join(new.colours))
            if new.role != "subject" and set(new.text.split()) <= set(new.colours):
                new.role, new.kind = "palette", "colour"  # "in blue tones, actually, in orange"
            self.refine_or_add(new, index, 1)
            return
        if new.kind == "season" and self.replace_season(new, index):
            return
        if new.role == "subject" and new.attributes and len(fragment) == 1:
            cut = fragment[0]
            if cut.role == "mood" and len(cut.text.split()) == 1:
                # "I'd like a big... no, a small lap harp": the word said before the break was
                # the thing's, and the repair says it again
                self.mentions.remove(cut)
                self.correct(cut.text, new.attributes[0].text)
                fragment = []
        mood = self.last("mood", before)
        if new.role == "attribute" and not new.target and new.kind != "colour" and mood:
            # "eerie mood, no wait, make it peaceful": an adjective said of "it" repairs the
            # phrase of its role said just before, the mood, not a subject's attribute
            new = Mention("mood", new.text, new.position, head=new.text, unit=new.unit)
        felt = [
            a for m in fragment if m.role == "subject" for a in m.attributes if a.kind == "feeling"
        ]
        if new.role == "mood" and not mood and felt:
            # "a happy dog, no, make it sad": the feeling of the thing said just before
            new = Mention("attribute", new.text, new.position, kind="feeling", target="")
            new.unit = index
        if new.role == "subject" and self.recolours_place(new, fragment):
            return
        if new.role == "subject" and self.is_bare_colour(new, fragment):
            # "a purple umbrella, sorry, orange": the colour of the thing, not an orange
            new = Mention("attribute", new.text, new.position, kind="colour", target="", unit=index)
        if new.role == "setting" and not new.kind and [m.role for m in fragment] == ["subject"]:
            # "a double decker bus, or rather a cable car": a name said bare after a unit that
            # named only a thing is that thing, whatever place the word might also be
            new.role = "subject"
        if new.role == "subject" and self.names_the_style_again(new, fragment):
            # "in the style of shishkin, oops, no, kuindzhi": a word no dictionary knows, said
            # bare right after a unit that ended with the style, names the style again
            new = Mention("style", new.text, new.position, head=new.head, unit=new.unit)
        if new.role == "subject" and self.renames_look(new, fragment, strength):
            return
        # "no rain, actually, let it rain": the weather not wanted is wanted after all; "no sun
        # at all... forget that, the sun breaking through the clouds": so is the light
        unwanted = self.unwanted_before(new, before) if new.role in ("subject", "setting") else None
        if new.role == "lighting" and new.head:
            unwanted = self.unwanted_before(new, before)
            unwanted = unwanted if unwanted is not None and unwanted.head == new.head else None
        if unwanted is not None:
            # "no drummer, hmm, actually, yes, put the drummer in", "no people... actually,
            # put in a man": the thing not wanted is wanted after all
            self.mentions.remove(unwanted)
            self.correct(f"no {unwanted.text}", new.text)
            self.mentions.append(new)
            return
        if new.role == "subject" and not placed and self.renames_place(new, fragment, strength):
            return
        if new.role == "subject":
            self.repair_subject(new, before, strength)
        elif new.role == "attribute":
            self.repair_attribute(new, strength, before)
        elif new.role == "count":
            subject = self.subject_for(new.target) if new.target else self.numbered_subject()
            if subject is not None:
                if subject.count is not None:
                    # said with its noun, as a repaired subject's count is: the correction
                    # then keeps the thing, not only a number ("ten chickens, make it eight")
                    self.correct(f"{subject.count} {subject.text}", f"{new.count} {subject.text}")
                subject.count = new.count
        elif new.kind == "colour" and self.repair_colour(new, before):
            return
        elif new.role == "setting" and self.restate_inside(new, worn_only=True):
            return  # "a musketeer in a blue cloak, I mean in a red cloak"
        else:
            said = [m for m in self.mentions if m.unit == before]
            old = self.previous_of_role(new.role, before)
            if old is not None and new.role == "lighting":
                old = self.time_of_day_replaced(new, old)
            # "in bright daylight, shot from the water, no, at night": a phrase of the same
            # slot and kind said just before that is what the repair replaces
            recent = old is not None and old.unit >= before - 1 and old.kind == new.kind
            # "late afternoon sun, no, make it early morning mist": what was said just before
            # is what the speaker takes back, whatever slot the new phrase fills
            taken_back = said[0] if strength == "strong" and len(said) == 1 else None
            if old is not None and self.is_time_of_day(new.head) and self.is_time_of_day(old.head):
                # "my village at dawn, the roosters, smoke from the fires, or rather at dusk":
                # a time of day replaces the time of day, however much was said in between
                taken_back = None
            # "a pencil sketch of a staircase, seen from below, actually, make it an ink
            # drawing": a second medium replaces the first, not the phrase said just before
            again = old is not None and new.role in _ONE_LOOK
            if (
                taken_back is not None
                and not recent
                and not again
                and new.role in _SCALAR
                and taken_back.role in _SCALAR
                and taken_back.role not in (new.role, "negative")
            ):
                self.mentions.remove(taken_back)
                self.correct(taken_back.text, new.text)
                self.mentions.append(new)
                return
            last = max(said, key=lambda m: m.position) if said else None
            if (
                strength == "strong"
                and old is None
                and last is not None
                and {last.role, new.role} <= {"setting", "lighting", "mood"}
                and last.role != new.role
                and last.sort != "place"
                and not (last.role == "setting" and new.role == "mood" and last.kind)
            ):
                # "a ship in a storm, no, make it calm": the weather, light or mood said last
                # is what a phrase of a neighbouring slot replaces, when that slot had nothing
                self.mentions.remove(last)
                self.correct(last.text, new.text)
                self.mentions.append(new)
                return
            other_look = {"style": "medium", "medium": "style"}.get(new.role, "")
            swapped = self.last(other_look, before) if old is None and other_look else None
            if swapped is not None and strength == "strong" and self.last(other_look) is swapped:
                # "in the style of anime, or no, make it pixel art": a look said as the repair
                # of a look of the other slot replaces it
                self.mentions.remove(swapped)
                self.correct(swapped.text, new.text)
                self.mentions.append(new)
                return
            if old is None and new.role == "setting" and strength == "strong":
                self.place_left_action(said, new)
            if old is None:
                self.mentions.append(new)
                return
            if new.role == "palette":  # the whole colour group is said again
                if index in self.replaced_groups or old.unit == index:
                    # the group's second colour ("make it forest green and cream"), not a
                    # repair of its first
                    self.mentions.append(new)
                    return
                self.replaced_groups.add(index)
                group = [m for m in self.mentions if m.role == "palette" and m.unit == old.unit]
                for m in group[1:]:
                    self.mentions.remove(m)
                self.replace(group[0], new)
                self.correct(" and ".join(m.text for m in group), new.text)
                return
            if new.role == "action":
                self.drop_objects(old, new)
            said_again = self.said_just_before(old) if new.role in _SAID_IN_PIECES else None
            if said_again is not None:
                # "a photograph, like a snapshot, no, in watercolor", "from below, from the
                # ground, actually from the side": one look, framing, light or mood said in
                # two pieces goes whole with the repair
                self.mentions.remove(said_again)
            self.replace(old, new)
            self.correct(old.text, new.text)

    def place_left_action(self, said: list[Mention], new: Mention) -> None:
        """ "camels crossing the sahara, or, actually the gobi desert", "practising darts down
        the pub, no wait, in his garage": a place repaired where no setting was said was the
        place the action said last; it leaves the action, which keeps its verb."""
        actions = [m for m in said if m.role == "action"]
        if len(actions) != 1:
            return
        action = actions[0]
        words = action.text.split()
        if len(words) < 3 or not self.is_place(singular(words[-1])):
            return
        start = len(words) - 1
        while start > 1 and words[start - 1] not in DETERMINERS:
            start -= 1
        if start <= 1 or words[start - 1] not in DETERMINERS:
            return
        self.correct(" ".join(words[start:]), new.text)
        start -= 1
        if start > 1 and words[start - 1] in _PREPOSITIONS | _PARTICLES:
            start -= 1
        action.text = " ".join(words[:start])

    def said_just_before(self, old: Mention) -> Mention | None:
        """A phrase of `old`'s slot that made up the unit right before `old`'s (for a medium,
        one said anywhere in it)."""
        before = [m for m in self.mentions if m.unit == old.unit - 1]
        same = [m for m in before if m.role == old.role and m is not old]
        if not same or old.role != "medium" and len(before) > 1:
            return None
        return same[-1]

    def discarded_again(self, mention: Mention, index: int) -> bool:
        """A look, place or light said again, right after the repair that took it back, in
        the words it took back: the speaker explains the change, not asks for both."""
        if mention.role not in _RESTATED or mention.role == "action":
            return False
        kept = {m.text for m in self.mentions if m.role == mention.role and m.unit == index - 1}
        return any(c.discarded == mention.text and c.kept in kept for c in self.corrections)

    def wanted_after_all(self, unit: Unit, index: int) -> bool:
        """ "no cat, actually no, draw it", "кошку не рисуй, хотя нет, рисуй": a repair that
        only asks for it, right after a thing was not wanted, wants that thing after all."""
        words = [w for w in unit.words if w not in _ASKED_FOR]
        asking = speech_words().command_verbs | _INCLUDING_VERBS
        if not words or any(w not in asking for w in words):
            return False
        unwanted = [m for m in self.mentions if m.role == "negative" and m.unit == index - 1]
        if len(unwanted) != 1 or not unwanted[0].head:
            return False
        old = unwanted[0]
        said = old.text.split()
        plural_said = len(said) == 1 and said[0] != old.head
        # "put them in" wants several, "put one in" one, whatever was not wanted
        several = "them" in unit.words or plural_said and not {"one", "it"} & set(unit.words)
        thing = Mention(
            "subject",
            old.head,
            old.position,
            head=old.head,
            count=2 if several else None,
            unit=index,
            source=unit.said,
        )
        self.mentions.remove(old)
        self.mentions.append(thing)
        self.correct(f"no {old.text}", old.head)
        return True

    def unwanted_before(self, new: Mention, before: int) -> Mention | None:
        """The negative the repair `new` takes back: said in the unit just before (or the one
        before it), naming the same thing, or people when `new` is a person. A kind of thing
        not wanted in the unit just before is taken back by one thing of that class ("no
        beasts, actually, let there be a fox", "no customers... actually, one old lady"), unless
        more than one thing was excluded just before ("no staff, no patients, actually, one
        nurse")."""
        excluded = [m for m in self.mentions if m.role == "negative" and m.unit >= before - 1]
        for old in reversed(self.mentions):
            if old.role != "negative" or old.unit < before - 1:
                continue
            if old.head and old.head == new.head or singular(old.text) == new.head:
                return old
            if old.text in _PEOPLE and new.sort == "person":
                return old
            said_of_kind = old.unit == before and old.text != old.head  # said plural
            alone = excluded == [old]
            if said_of_kind and alone and new.sort and self.sort_of(old.head) == new.sort:
                return old
        return None

    def drop_objects(self, old: Mention, new: Mention) -> None:
        """ "riding a skateboard, no, riding a scooter": what the replaced action did something
        with, said in its unit as a thing of its own, goes with it."""
        gone = {singular(w) for w in old.text.lower().split()}
        gone -= {singular(w) for w in new.text.lower().split()}
        # "riding a dragon, scratch that, riding a giant wolf": the same verb with another
        # creature; a creature is otherwise kept ("a girl walking a dog, no, feeding it")
        same_verb = old.text.split()[:1] == new.text.split()[:1] and len(new.text.split()) > 1
        for thing in [m for m in self.subjects() if m.unit == old.unit]:
            movable = thing.sort not in ANIMATE or same_verb
            if movable and not thing.attributes and thing.head in gone:
                self.mentions.remove(thing)

    def renames_look(self, new: Mention, fragment: list[Mention], strength: str) -> bool:
        """ "in the style of Gustave Dore, I mean, no, Walter Crane", "in watercolor, actually
        no, make it a woodblock print": a bare name said as the repair of a unit that named
        only a style or a medium is the new style or medium, not a thing in the picture."""
        looks = [m for m in fragment if m.role in ("style", "medium")]
        if strength != "strong" or len(fragment) != 1 or len(looks) != 1:
            return False
        if new.attributes or new.numbered or new.sort != "thing":
            return False  # "in watercolor, no, a dog": a creature is a thing to depict
        old = looks[0]
        self.replace(old, Mention(old.role, new.text, new.position, head=new.head, unit=new.unit))
        self.correct(old.text, new.text)
        return True

    def renames_place(self, new: Mention, fragment: list[Mention], strength: str) -> bool:
        """ "a seagull at Brighton beach, on second thought, make it Margate": a bare name said
        as the repair of a unit that ended on a place is the new place, whatever else the word
        may name (WordNet's margate is a fish)."""
        if strength != "strong" or new.attributes or new.numbered or not fragment:
            return False
        # as said: "Staithes" is a name, not two staithes
        said = [w if w in self.names else f"{w}s" for w in new.text.split()]
        if not set(said) <= self.names:
            return False
        last = max(fragment, key=lambda m: m.position)
        if last.role != "setting" or last.sort == "thing":
            return False
        name = " ".join(said)
        self.replace(last, Mention("setting", name, new.position, head=new.head, unit=new.unit))
        self.correct(last.text, name)
        return True

    def names_the_style_again(self, new: Mention, fragment: list[Mention]) -> bool:
        """A lone name (a word WordNet has no noun for, or one written as a name) said right
        after a unit whose last phrase was the style."""
        lone = not new.attributes and new.count is None and len(new.text.split()) == 1
        if not lone or not fragment:
            return False
        named = new.text in self.names or not self.is_noun(new.text)
        return named and max(fragment, key=lambda m: m.position).role == "style"

    def recolours_place(self, new: Mention, fragment: list[Mention]) -> bool:
        """ "a yellow hammock, or rather, an orange one", "a pink sky, no, peach": a lone
        colour said as the repair of a unit that named only a coloured place recolours the
        place, not a fruit."""
        lone = not new.attributes and new.count in (None, 1) and " " not in new.text
        as_one = new.source.lower().split()[-1:] == ["one"]  # "an orange" alone is a fruit
        as_colour = as_one or _bare(new)
        if not lone or not as_colour or not self.can_be_colour(new.text) or len(fragment) != 1:
            return False
        place = fragment[0]
        words = place.text.split()
        shades = [i for i, w in enumerate(words) if self.is_colour(w)]
        if place.role != "setting" or not shades or len(shades) == len(words):
            return False
        old = words[shades[-1]]
        words[shades[-1]] = new.text
        place.text = " ".join(words)
        self.correct(old, new.text)
        return True

    def is_bare_colour(self, new: Mention, fragment: list[Mention]) -> bool:
        """A lone colour word said as a repair after a thing that had a colour; a thing that
        also names a colour counts when said without an article ("a pink dress, no, peach")."""
        coloured = any(
            a.kind == "colour" for m in fragment if m.role == "subject" for a in m.attributes
        )
        lone = not new.attributes and new.count is None and len(new.text.split()) == 1
        if not coloured or not lone:
            return False
        return new.colours == [new.text] or self.can_be_colour(new.text) and _bare(new)

    def replace_season(self, new: Mention, index: int) -> bool:
        """ "a rowan tree in autumn, I mean, in winter", "a lake in winter, no, make it summer":
        a season said as the repair replaces the season said last before it, whether it was
        said as the setting or of a thing, however much was said in between."""
        said: list[tuple[int, Mention, Attribute | None]] = []
        for mention in self.mentions:
            if mention.unit >= index:
                continue
            if mention.role == "setting" and any(self.is_season(w) for w in mention.text.split()):
                said.append((mention.unit, mention, None))
            if mention.role == "subject":
                said += [
                    (a.unit, mention, a)
                    for a in mention.attributes
                    if a.unit < index and any(self.is_season(w) for w in a.text.split())
                ]
        if not said:
            return False
        _, mention, attribute = max(said, key=lambda found: found[0])
        if attribute is not None:
            mention.attributes.remove(attribute)
            old = attribute.text
        else:
            # "ushuaia harbour in summer": the place stays, its season goes
            words = mention.text.split()
            at = next(i for i, w in enumerate(words) if self.is_season(w))
            start = at - 1 if at and words[at - 1] in ("in", "during") else at
            old = " ".join(words[start : at + 1])
            rest = " ".join(words[:start] + words[at + 1 :])
            if rest:
                mention.text = rest
            else:
                self.mentions.remove(mention)
        if old.startswith(("in ", "during ")) and " " not in new.text:
            new.text = f"{old.split()[0]} {new.text}"  # "make it summer": in summer, as said
        self.correct(old, new.text)
        self.mentions.append(new)
        return True

    def time_of_day_replaced(self, new: Mention, old: Mention) -> Mention:
        """ "at night with the lamps lit, hmm, make it early morning", "in the evening, street
        lamps burning, no, in the daytime": a time of day said as the repair replaces the time
        of day said with or just before the light it repairs. A light said in a unit of its
        own after that time goes with it ("at night, under the stars, no, at dawn")."""
        if not self.is_time_of_day(new.head) or self.is_time_of_day(old.head):
            return old
        times = [
            m
            for m in self.mentions
            if m.role == "lighting"
            and old.unit - 1 <= m.unit <= old.unit
            and self.is_time_of_day(m.head)
        ]
        if not times:
            return old
        if times[-1].unit < old.unit:
            self.mentions.remove(old)
        return times[-1]

    def previous_of_role(self, role: str, before: int) -> Mention | None:
        """The latest mention of `role` in the unit before the repair, or failing that the
        latest anywhere earlier (a speaker may repair past a pause)."""
        return self.last(role, before) or self.last(role)

    def repair_subject(self, new: Mention, before: int, strength: str) -> None:
        counted = self.numbered_subject() if new.count is not None else None
        if counted is not None and has_cyrillic(new.head):
            # "трёх поросят, нет, четырёх поросяточек": a word the translation left in Cyrillic
            # cannot be drawn, and it came with a number: the count of the thing said before is
            # what changed
            if counted.count != new.count:
                self.correct(f"{counted.count} {counted.text}", f"{new.count} {counted.text}")
            counted.count = new.count
            return
        same = [s for s in self.subjects() if s.head == new.head]
        # a multi-word noun said again by its last word: "hot air balloons ... eight balloons"
        same = same or [s for s in self.subjects() if s.head.split()[-1:] == new.head.split()]
        if not same and self.restate_inside(new):
            return
        if not same and self.repairs_carried(new, before):
            return
        if not same and (self.replaces_setting(new, before) or self.replaces_vehicle(new, before)):
            return
        # "a boy with a kite, rather, a girl": the girl replaces the boy, a thing of her sort
        alike = [m for m in self.mentions if m.role == "subject" and m.unit == before]
        alike = [m for m in alike if new.sort != "thing" and m.sort == new.sort]
        if not alike and new.sort in ANIMATE:
            # "a grandma rolling dough, a cat asleep on the stool, no, wait, a grandpa": a
            # person replaces the last person said, an animal the last animal
            alike = [m for m in self.subjects() if m.sort == new.sort]
        if not same and not alike and self.repairs_last_thing(new, before):
            return
        old = same[-1] if same else alike[-1] if alike else self.last("subject", before)
        if old is None and strength == "strong":
            old = self.last("subject")
            if old is not None and {old.sort, new.sort} <= ANIMATE and old.sort != new.sort:
                # "a baby in a high chair, a dog under it, no dog, ..., a cat instead": an
                # animal said after the last animal went replaces no person said before it
                old = None
        if old is None:
            self.mentions.append(new)
            return
        if old.head == new.head or old.head.split()[-1:] == new.head.split():
            if old.text.endswith(f" {new.text}") and not new.attributes:
                new.text, new.head = old.text, old.head  # "six hot air balloons, no, eight"
            if not new.attributes and new.count is not None:
                new.attributes = old.attributes  # "two white horses, no, three horses"
            old_texts = {a.text for a in old.attributes}
            new_texts = {a.text for a in new.attributes}
            gone = [a.text for a in old.attributes if a.text not in new_texts]
            kept = [a.text for a in new.attributes if a.text not in old_texts]
            self.correct(" ".join(gone), " ".join(kept))
            if not gone and not kept:
                # "a snow leopard spirit, no wait, an arctic fox spirit": the same head with
                # another compound before it is a new thing, and the repair names what it kept
                self.correct(_before_head(old), _before_head(new))
            if new.count is None:
                new.count = old.count
            elif old.count is not None and old.count != new.count:
                self.correct(f"{old.count} {old.text}", f"{new.count} {new.text}")
        else:
            self.correct(old.text, new.text)
            self.replace_in_actions(old.head, new)
            self.replaced_scene = old.unit
        self.replace(old, new)

    def repairs_carried(self, new: Mention, before: int) -> bool:
        """ "a knight with a sword, no, an axe", "our house with a big maple tree, er, an oak":
        a repair after a unit that ended on what its subject has replaces that thing, not the
        subject, unless it is of the subject's sort and not the thing's ("a knight with a
        sword, no, a samurai")."""
        fragment = [m for m in self.mentions if m.unit == before]
        for owner in reversed(self.subjects()):
            for attribute in reversed(owner.attributes):
                said = attribute.carried
                if said is None or said.unit != before:
                    continue
                if any(m.position > said.position for m in fragment):
                    return False  # something was said after it
                if new.sort == owner.sort and new.sort != said.sort:
                    return False
                word = attribute.text.split()[0]
                thing = _with_attributes(new)  # "a green parasol": the colour comes along
                new.text, new.attributes = f"{word} {thing}", []
                new.role, new.kind, new.unit = "attribute", "carried", said.unit
                self.correct(said.text.removeprefix(f"{word} "), thing)
                owner.attributes[owner.attributes.index(attribute)] = Attribute(
                    new.text, "carried", said.unit, new, colours=new.colours
                )
                return True
        return False

    def repairs_last_thing(self, new: Mention, before: int) -> bool:
        """ "a surgeon cat, holding a scalpel, actually a lollipop": a bare thing said as the
        repair of a unit that ended on what a creature's action acts on replaces that thing,
        not the creature."""
        if new.sort != "thing" or new.attributes or new.count is not None:
            return False
        fragment = [m for m in self.mentions if m.unit == before]
        things = [m for m in fragment if m.role == "subject" and m.sort not in ANIMATE]
        if not fragment or things or not any(s.sort in ANIMATE for s in self.subjects()):
            return False
        last = max(fragment, key=lambda m: m.position)
        words = last.text.split()
        if last.role != "action" or len(words) < 3 or words[-2] not in DETERMINERS:
            return False
        old = words[-1]
        if words[-2] in ("a", "an"):
            words[-2] = indefinite_article(new.text)
        last.text = " ".join([*words[:-1], new.text])
        self.correct(old, new.text)
        return True

    def replaces_setting(self, new: Mention, before: int) -> bool:
        """A place said as a repair after a scene with a setting and no place among its things
        ("a blacksmith in a forge, actually, a village square instead") is the new setting."""
        fragment = [m for m in self.mentions if m.unit == before]
        old = self.last("setting", before)
        if new.sort != "place" or old is None or new.count not in (None, 1):
            return False
        if any(m.role == "subject" and m.sort == "place" for m in fragment):
            return False  # "a castle on a hill, no, a lighthouse": the thing was a place
        text = _with_attributes(new)
        self.replace(old, Mention("setting", text, new.position, head=new.head, unit=new.unit))
        self.correct(old.text, text)
        return True

    def replaces_vehicle(self, new: Mention, before: int) -> bool:
        """A vehicle said as a repair after a scene set in one and with no vehicle among its
        things ("a fisherman in a boat, no, make it a raft") is the new setting."""
        old = self.last("setting", before)
        if new.sort != "vehicle" or old is None or old.sort != "vehicle":
            return False
        if any(m.role == "subject" and m.sort == "vehicle" for m in self.mentions):
            return False
        text = _with_attributes(new)
        new_setting = Mention("setting", text, new.position, head=new.head, unit=new.unit)
        new_setting.sort = "vehicle"
        self.replace(old, new_setting)
        self.correct(old.text, text)
        return True

    def restate_inside(self, new: Mention, worn_only: bool = False) -> bool:
        """A repair that restates a noun said inside another phrase, a subject's attribute or
        the setting ("a knight in silver armor, gold armor actually"), replaces the noun's
        words there: the knight is now "in gold armor". `worn_only`: in a subject's attribute
        only."""
        head = new.head.split()[-1] if new.head else ""
        said = _with_attributes(new)
        holders = [
            holder
            for mention in reversed(self.mentions)
            for holder in (
                mention.attributes
                if mention.role == "subject"
                else [mention]
                if mention.role in ("setting", "action") and not worn_only
                else []
            )
        ]
        for holder in holders:
            words = holder.text.split()
            hits = [i for i, w in enumerate(words) if singular(w) == head]
            if not head or not hits or words[hits[-1] - 1 : hits[-1] + 1] == said.split()[-2:]:
                continue
            end = start = hits[-1]
            while start > 0 and words[start - 1] not in PHRASE_OPENERS:
                start -= 1
            old = " ".join(words[start : end + 1])
            holder.text = " ".join([*words[:start], said, *words[end + 1 :]])
            if new.colours:  # "in green robes, no, red robes, I mean crimson": red is worn now
                holder.colours = list(new.colours)
            self.correct(old, said)
            if isinstance(holder, Mention) and holder.role == "action":
                # "a dinosaur driving a dump truck, no, a tow truck": the thing the action was
                # done to, also drawn as a thing of its own, is the new one there too
                for thing in self.subjects():
                    if thing.unit == holder.unit and thing.text == old:
                        self.replace(thing, new)
            return True
        return False

    def replace_in_actions(self, old: str, new: Mention) -> None:
        """A replaced thing that was also the object of an action ("feeding pigeons, rather,
        sparrows", "playing chess, actually not chess, backgammon") is replaced there too, in
        the form the speaker said it."""
        if not new.head or not old:
            return
        last = new.head.split()[-1]
        form = next((w for w in new.source.lower().split() if singular(w) == last), last)
        # "a baby buggy, no, a shopping trolley": the whole name, its last word as said
        said = " ".join([*new.text.split()[:-1], form]) if new.text.endswith(last) else form
        named = old.split()  # "killing a puff adder, no, a cobra": a name of several words
        for action in (m for m in self.mentions if m.role == "action"):
            words = action.text.split()
            ends = [
                i
                for i in range(len(named) - 1, len(words))
                if singular(words[i]) == named[-1] and words[i - len(named) + 1 : i] == named[:-1]
            ]
            if ends:
                for end in reversed(ends):
                    words[end - len(named) + 1 : end + 1] = [said]
                for i, word in enumerate(words[:-1]):
                    if word in ("a", "an"):  # "feeding an owl, no, a crow"
                        words[i] = indefinite_article(words[i + 1])
                action.text = " ".join(words)

    def describe_other(self, new: Mention) -> bool:
        """An attribute said of a thing that is not a subject ("make the blanket green",
        the blanket being the setting): its colour replaces the colour in that phrase, other
        words go before it."""
        if not new.target or any(s.head == new.target for s in self.subjects()):
            return False
        owner = next((m for m in reversed(self.mentions) if m.head == new.target), None)
        if owner is None:
            return False
        words = owner.text.split()
        if new.kind == "colour" and owner.colours:
            old = [w for w in words if w in owner.colours]
            owner.text = " ".join(new.text if w == old[-1] else w for w in words)
            self.correct(old[-1], new.text)
        else:
            owner.text = f"{new.text} {owner.text}"
        owner.colours = [new.text] if new.kind == "colour" else owner.colours
        return True

    def repair_attribute(self, new: Mention, strength: str, before: int) -> None:
        if self.describe_other(new):
            return
        subject = self.subject_for(new.target)
        uncoloured = subject is not None and all(a.kind != "colour" for a in subject.attributes)
        if new.kind == "colour" and not new.target and uncoloured and self.recolour(new, before):
            # "a red sweater with deer, no, blue": the last thing said has no colour; the colour
            # said just before, the sweater's, is the one replaced
            return
        if subject is None:
            if new.kind == "colour":
                self.mentions.append(Mention("palette", new.text, new.position, kind="colour"))
            return
        same = [a for a in subject.attributes if a.kind == new.kind]
        if not same and new.kind == "colour" and self.recolour_worn(subject, new):
            return
        if not same and strength == "strong":
            same = subject.attributes[-1:]
        attribute = Attribute(new.text, new.kind, new.unit)
        if same:
            subject.attributes[subject.attributes.index(same[-1])] = attribute
            self.correct(same[-1].text, new.text)
        else:
            subject.attributes.append(attribute)

    def repair_colour(self, new: Mention, before: int) -> bool:
        """A bare colour after an editing term replaces the colour said just before, whether
        it was a subject's ("a red one, no, actually black") or the palette's."""
        if self.recolour(new, before):
            return True
        worn = [
            m for m in self.subjects() if any(a.colours and a.unit == before for a in m.attributes)
        ]
        if worn:
            return self.recolour_worn(worn[-1], new)
        said = [m for m in self.mentions if m.unit == before]
        last = max(said, key=lambda m: m.position) if said else None
        if last is not None and (last.role == "action" or self.recolours_setting(last, new)):
            # "a sign glowing pink, no, make that green", "blue sky, on second thoughts,
            # grey": the colour inside what was said
            words = last.text.split()
            shades = [i for i, w in enumerate(words) if self.is_colour(w)]
            if shades and len(shades) < len(words):
                old = " ".join(words[i] for i in shades)
                kept = [w for i, w in enumerate(words) if i not in shades[1:]]
                kept[shades[0]] = new.text
                last.text = " ".join(kept)
                self.correct(old, new.text)
                return True
        return False

    def recolours_setting(self, place: Mention, new: Mention) -> bool:
        """Whether a lone colour said as a repair recolours the place said just before: not a
        background's or the tones' colour, which dev annotators write as the palette, nor
        one of a group of colours ("no, make it grey and pink"), which is the palette too."""
        words = set(place.text.split())
        alone = sum(map(self.is_colour, new.source.split())) <= 1
        lone = " " not in new.text  # "fluffy sable" is a thing said, not a colour
        palette = words & (_BACKGROUNDS | self.palette_heads)
        return place.role == "setting" and lone and alone and not palette

    def recolour(self, new: Mention, before: int) -> bool:
        """The last subject's colour said in unit `before` becomes the colour `new`."""
        for mention in reversed(self.subjects()):
            colours = [a for a in mention.attributes if a.kind == "colour" and a.unit == before]
            if colours:
                index = mention.attributes.index(colours[-1])
                mention.attributes[index] = Attribute(new.text, "colour", new.unit)
                self.correct(colours[-1].text, new.text)
                return True
        return False

    def recolour_named(self, thing: str, shade: str, index: int) -> bool:
        """ "make the saree green", "make the sparkles gold": the thing named is found where it
        was said, a subject, a subject's attribute or the setting, and its colour there is
        replaced (or given)."""
        words = [singular(w) for w in thing.split()]
        for subject in reversed(self.subjects()):
            if subject.head.split()[-len(words) :] != words:
                continue
            colours = [a for a in subject.attributes if a.kind == "colour"]
            if colours:
                self.correct(colours[-1].text, shade)
                subject.attributes[subject.attributes.index(colours[-1])] = Attribute(
                    shade, "colour", index
                )
            else:
                subject.attributes.insert(0, Attribute(shade, "colour", index))
            subject.colours = [shade]
            return True
        for holder in reversed(self.subjects()):
            for attribute in reversed(holder.attributes):
                said = attribute.text.split()
                recoloured = self.recoloured(said, words, shade)
                if recoloured is None:
                    continue
                text, old = recoloured
                others = [a for a in holder.attributes if a.kind == "colour"]
                if not old and others:  # "in her church dress, the yellow one": that colour
                    old = others[-1].text
                    holder.attributes.remove(others[-1])
                at = holder.attributes.index(attribute)
                holder.attributes[at] = Attribute(text, attribute.kind, attribute.unit)
                self.correct(old, shade)
                return True
        for setting in reversed([m for m in self.mentions if m.role == "setting"]):
            recoloured = self.recoloured(setting.text.split(), words, shade)
            if recoloured is not None:
                self.correct(recoloured[1], shade)
                setting.text = recoloured[0]
                return True
        return False

    def recoloured(self, said: list[str], thing: list[str], shade: str) -> tuple[str, str] | None:
        """The phrase `said` with the colour of `thing` in it made `shade`, and the colour it
        had ("" when none); None when the thing is not in the phrase."""
        content = [singular(w) for w in said]
        for start in range(len(said) - len(thing), -1, -1):
            if content[start : start + len(thing)] != thing:
                continue
            first = start
            while first and self.is_colour(said[first - 1]):
                first -= 1
            old = " ".join(said[first:start])
            if not old:  # "in her church dress": before the words that name the thing
                while first and said[first - 1] not in _PREPOSITIONS | {"a", "an", "the"}:
                    if said[first - 1] in ("her", "his", "their", "its", "my", "our"):
                        break
                    first -= 1
                return " ".join([*said[:first], shade, *said[first:]]), ""
            return " ".join([*said[:first], shade, *said[start:]]), old
        return None

    def recolour_worn(self, subject: Mention, new: Mention) -> bool:
        """ "a girl in a green sundress, no, in a yellow one": the colour of what she wears."""
        worn = [a for a in subject.attributes if a.colours]
        if not worn:
            return False
        old, shade = worn[-1], new.text
        subject.attributes[subject.attributes.index(old)] = _worn_in(old, shade, new.unit)
        self.correct(" ".join(old.colours), shade)
        return True

    def recolour_worn_said(self, said: str, new: Mention) -> bool:
        """ "in a blue headscarf, oh, not blue, burgundy": a colour withdrawn by name that only
        what a subject wears had is replaced there, not given to the subject as well."""
        withdrawn = [w for w in said.split() if self.is_colour(w)]
        for subject in reversed(self.subjects()):
            for attribute in reversed(subject.attributes):
                if not withdrawn or attribute.colours != withdrawn:
                    continue
                at = subject.attributes.index(attribute)
                subject.attributes[at] = _worn_in(attribute, new.text, new.unit)
                return True
        return False

    def refine_or_add(self, new: Mention, index: int, unit_size: int) -> None:
        if new.role == "negative" and new.alternative is not None and self.is_repair_no(new):
            self.repair(new.alternative, index, "strong")
            return
        if new.role == "attribute":
            if self.describe_other(new):
                return
            subject = self.subject_for(new.target)
            if subject is not None:
                if new.text not in {a.text for a in subject.attributes}:
                    carried = new if new.kind == "carried" else None
                    worn = new.colours if new.kind == "body" else []
                    subject.attributes.append(
                        Attribute(new.text, new.kind, new.unit, carried, colours=worn)
                    )
                return
            if new.kind != "colour":
                return
            new = Mention("palette", new.text, new.position, kind="colour", unit=new.unit)
        if new.role == "count":
            subject = self.subject_for(new.target)
            # "two kids, one of them dunking" names some of them; "five presents, let me
            # recount, seven of them" counts them again
            part = new.partitive and subject is not None and subject.count is not None
            if subject is not None and not (part and (new.count or 0) <= (subject.count or 0)):
                subject.count = new.count
            return
        old = self.restarted(new, index, unit_size)
        if old is None:
            self.mentions.append(new)
            return
        if old.role == "subject" and new.role == "subject":
            kinds = {a.kind for a in new.attributes if a.kind != "other"}
            texts = {a.text for a in new.attributes}
            keep = [a for a in old.attributes if a.kind not in kinds and a.text not in texts]
            new.attributes = keep + new.attributes
            if new.count is None or old.numbered and not new.numbered:
                # "five, a whole family of matryoshkas": a number said before still counts them
                new.count, new.numbered = old.count, old.numbered
        elif old.head != new.head:
            self.correct(old.text, new.text)
        new.role = old.role
        self.replace(old, new)

    def is_repair_no(self, negative: Mention) -> bool:
        """ "no X" right after a phrase of X's role is a repair, not a negation: "yellow
        fish no blue fish" (the same thing with other modifiers), "in the style of monet no
        van gogh" (a style after a style). Things and places are negated more often than
        corrected that way ("a beach, no boats"), so for them the head must be the same."""
        alternative = negative.alternative
        if alternative is None or not self.mentions:
            return False
        previous = self.mentions[-1]
        if previous.unit != negative.unit - 1 or previous.role != alternative.role:
            return False
        if alternative.role in ("subject", "setting", "negative", "action"):
            return bool(previous.head) and previous.head == alternative.head
        return True

    def restarted(self, new: Mention, index: int, unit_size: int) -> Mention | None:
        """The earlier mention `new` says again: same head in the unit just before (or the
        same subject anywhere), or a place said again with the same preposition right after
        a pause ("on a hill, er, on a mountain")."""
        if new.role == "subject":
            for old in reversed(self.mentions):
                if old.role == "subject" and old.head == new.head:
                    return old
            for old in reversed(self.mentions):
                if old.role == "subject" and old.head.split()[-1:] == new.head.split():
                    new.text, new.head = old.text, old.head  # "a fishing boat... the boat"
                    return old
            bare = self.last("subject", index - 1)
            if (
                bare is not None
                and bare.unit == index - 1
                and not bare.attributes
                and " " not in bare.head
                and new.head.split()[-1:] == [bare.head]
            ):
                return bare  # "a basket, a wicker basket": the same thing said more exactly
            general = self.last("subject", index - 1)
            if (
                general is not None
                and general.unit == index - 1
                and general.head in _GENERAL_NOUNS
                and not general.attributes
                and new.sort == general.sort
            ):
                return general  # "some animals, I don't know, goats maybe": which ones
        for old in reversed([m for m in self.mentions if m.unit == index - 1]):
            same = old.head and old.head == new.head and old.role in (*_SCALAR, "subject")
            if same and (old.role == new.role or new.role in ("subject", "setting")):
                return old
        if new.role == "setting" and unit_size == 1 and new.kind:
            previous = self.last("setting", index - 1)
            if previous is not None and previous.kind == new.kind:
                return previous
        return None
