"""Mentions: the typed phrases of one parsed unit of speech.

Every noun phrase, prepositional phrase, verb and free-standing adjective of a unit's parse
becomes at most one `Mention` with a role (a slot of `StructuredDescription`, or `attribute`
and `count`, which describe a subject). The role comes from two things: the phrase's place in
the parse (topic of the unit, object of which preposition or verb, under which negation) and
the WordNet category of its head (`lexicon.py`), plus the picture-making terms WordNet lacks
(`data/terms.yaml`). No picture vocabulary is listed here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from voice2image.structure.inflect import indefinite_article
from voice2image.structure.syntax.lexicon import Lexicon
from voice2image.structure.text import singular

TERMS_FILE = Path(__file__).with_name("data") / "terms.yaml"

# Closed classes of English grammar the reader needs by name.
_ARTICLES = frozenset({"a", "an", "the", "this", "that", "these", "those", "some", "any", "no"})
_PERSONAL = frozenset({"i", "we", "me", "us", "'s", "you", "let"})
_OWNER_PRONOUNS = frozenset({"he", "she", "it", "they"})
_PRONOUN_HEADS = frozenset({"it", "one", "ones", "them", "they", "that", "this", "he", "she"})
_INDEFINITE = frozenset({"something", "anything", "everything", "nothing", "thing", "stuff"})
_INDEFINITE_WITH_ADJECTIVE = frozenset({"something", "anything", "everything", "nothing"})
_NOBODY = frozenset({"nobody", "noone"})
_KIND_NOUNS = frozenset({"kind", "sort", "type"})
# times said of the talk or the speaker's life, not of the picture ("this time", "years ago")
_TALK_TIMES = frozenset({"time", "year", "month", "week"})
# Copulas and light verbs: they frame content, they do not depict an action.
_LIGHT_VERBS = frozenset(
    {
        "be",
        "have",
        "let",
        "make",
        "do",
        "get",
        "want",
        "need",
        "like",
        "love",
        "would",
        "go",
        "give",
        "put",
        "keep",
        "add",
        "use",
        "include",
        "show",
        "see",
        "feel",
        "seem",
        "appear",
        "become",
        "wish",
        "prefer",
        "try",
        "mean",
        "think",
        "guess",
        "know",
        "say",
        "change",
        "turn",
        "set",
        "light",
        "shoot",
        "view",
        "capture",
        "frame",
        "take",
        "render",
        "can",
        "could",
        "will",
        "should",
        "must",
        "sound",
        "remain",
        "stay",
    }
)
# verbs that say how the picture is made: "painted like a vermeer" is not something done in it
_DEPICTING_VERBS = frozenset({"paint", "draw", "sketch", "illustrate", "doodle", "etch", "engrave"})
_FRAMING_VERBS = frozenset(
    {"see", "view", "shoot", "capture", "frame", "film", "photograph", "take", "look"}
)
# what links a place to the larger place it is in ("the beach at Middle Cove", "a farm near Esquel")
_PLACE_WITHIN = frozenset({"at", "in", "near", "by", "outside", "off", "above", "beside", "behind"})
# of these, a participle said of a thing ("a gondola seen from the bridge"), not "taken from"
_SEEING_VERBS = frozenset({"see", "view", "photograph", "film"})
_STATIC_PREPOSITIONS = frozenset(
    {
        "in",
        "on",
        "at",
        "under",
        "over",
        "above",
        "below",
        "beneath",
        "underneath",
        "near",
        "beside",
        "behind",
        "inside",
        "outside",
        "within",
        "among",
        "between",
        "against",
        "by",
        "across",
        "along",
        "around",
        "through",
        "atop",
        "upon",
        "into",
        "onto",
        "beyond",
        "next",
        "front",
        "amid",
        "amidst",
        "off",
        "past",
        "toward",
        "towards",
        "throughout",
    }
)
_TIME_PREPOSITIONS = frozenset({"during", "after", "before", "until", "till"})
_BELOW = frozenset({"under", "beneath", "underneath"})
# Prepositions of a path or a relation to a thing ("leaping over wheat", "leaning against a
# wall"): after a verb, with a thing that is no place, they belong to the action.
_PATH_PREPOSITIONS = frozenset(
    {"over", "into", "onto", "through", "across", "along", "around", "against", "past"}
    | {"toward", "towards", "off", "next", "beyond"}
)
_NEGATING_PREPOSITIONS = frozenset({"without", "minus", "except"})
_GLUE = frozenset({"DET", "ADP", "PUNCT", "CCONJ"})  # words no slot is made of alone
_WITH = frozenset({"with", "wearing", "having", "holding"})
# Words that open a phrase inside a longer one ("on horseback in silver armor"): a noun's
# modifiers stop at them.
PHRASE_OPENERS = (
    frozenset({"a", "an", "the", "and", "of", "to", "from", "for"})
    | _STATIC_PREPOSITIONS
    | _TIME_PREPOSITIONS
    | _WITH
)
_LIGHT_PREPOSITIONS = frozenset({"through", "from", "by", "of", "onto", "on"})
# Verbs whose agent is the scene's light ("lit by", "backlit by", "illuminated by").
_LIGHTING_VERBS = frozenset(
    {"light", "lit", "backlit", "backlight", "illuminate", "illuminated", "illumine", "floodlit"}
)
_LIGHT_VERBS_OF_SOURCE = frozenset({"come", "shine", "fall", "pour", "stream", "filter"})
# occasions a card is made for ("a birthday card", "a diwali card"), beside WordNet's
_OCCASIONS = frozenset(
    {
        "birthday",
        "christmas",
        "xmas",
        "easter",
        "valentine",
        "valentine's",
        "diwali",
        "greeting",
        "anniversary",
        "wedding",
        "holiday",
        "eid",
        "hanukkah",
        "thank",
    }
)
# what a lamp does when it is alight ("street lamps burning", "lanterns lit")
_SHINING = frozenset({"burn", "glow", "shine", "light", "lit", "flicker", "twinkle", "blaze"})
# light sources that are mostly things in the picture, alight or not
_THINGS_ALIGHT = frozenset({"candle", "fire", "campfire", "bonfire", "torch", "firework"})
ANIMATE = frozenset({"animal", "person", "creature"})
_ACTORS = ANIMATE | {"vehicle"}
# a thing a word also names when its first sense is a movement in the arts ("a van")
_THINGS = frozenset({"vehicle", "structure", "building", "furniture", "container", "wearable"})
# an -ing noun of these names a part of the picture, not what a creature does
_PICTURE_KINDS = frozenset({"light", "medium", "depiction", "style", "figure"})
_SORTS = ("person", "animal", "creature", "vehicle", "plant")
# a framing said as a comparative on its own ("pull back, wider"), and what may come with it
_FRAMING_COMPARATIVES = frozenset({"wider", "tighter"})
_FRAMING_FILLERS = frozenset({"than", "that", "a", "bit", "little", "much", "even", "still"})
# what something sits on or in, not a place: the setting only when no place is said
_SMALL_THINGS = frozenset({"furniture", "container", "implement", "wearable", "food"})
_PLACES = frozenset({"place", "structure", "building", "landscape", "platform"})
_CONCRETE = frozenset(
    {"animal", "creature", "person", "plant", "food", "furniture", "container", "implement"}
    | {"structure", "building", "vehicle", "body", "wearable", "figure", "light_source"}
)
_SUBJECT_KINDS = frozenset({"animal", "person", "creature", "plant", "vehicle", "celestial"})
_SPAN_POS = frozenset({"ADJ", "NOUN", "PROPN", "NUM", "PART"})
_DEGREE = frozenset({"very", "quite", "pretty", "so", "too", "extra", "super", "slightly"})
_THINGS_BY = frozenset({"furniture", "container", "implement"})
# Where a thing is in the frame: "on the left", "in the corner" (the terms list has the
# phrases that are one token: "in the middle").
_FRAME_POSITIONS = frozenset({"left", "right", "corner", "foreground"})
_FRAME_POSITION_TERMS = frozenset(
    {"in the middle", "in the center", "in the centre", "in the foreground"}
)
# what a medium is said with: "in the technique of watercolor", "in the form of a mosaic"
_MEDIUM_FRAMES = frozenset({"technique", "form", "manner", "kind"})
# a decade as a transcriber writes it: "70s", "1950s"
WRITTEN_DECADE = re.compile(r"(1\d)?\d0s")
_AMOUNT_NOUNS = frozenset({"bit", "tad", "little", "lot", "touch"})
# WordNet's first sense of "pastel" is the colour; after a painter's name it is the picture
_MEDIA_NAMED_AS_COLOURS = frozenset({"pastel"})
_COVERED = frozenset({"all", "covered", "whole", "smeared", "dusted"})
_SHADE_DEPS = frozenset({"amod", "compound", "advmod", "npadvmod"})


@dataclass
class Attribute:
    """`kind`: "colour", "body", or the adjective's category, to match repairs; `unit`: the
    unit it was said in; `carried`: for a thing said "with" its owner ("a girl with a pink
    umbrella"), that mention, in case a later phrase names the thing on its own."""

    text: str
    kind: str = "other"
    unit: int = -1
    carried: Mention | None = None
    colours: list[str] = field(default_factory=list)  # "in a green sundress": green


@dataclass
class Mention:
    """One typed phrase. `target`: for an attribute, count or action, the head of the subject
    it describes ("" for the last subject said); `kind`: a finer class used to match a repair
    with what it replaces (a colour, a preposition, a season); `no_said`: a negative said as
    "no X", whose `alternative` reading as a subject serves when it is a repair."""

    role: str
    text: str
    position: int = 0
    head: str = ""
    kind: str = ""
    attributes: list[Attribute] = field(default_factory=list)
    count: int | None = None
    target: str | None = None
    no_said: bool = False
    unit: int = 0
    source: str = ""
    alternative: Mention | None = None
    colours: list[str] = field(default_factory=list)  # colour words in it ("silver hair")
    sort: str = ""  # a subject's broad class (person, animal, ...): what a repair replaces
    numbered: bool = False  # a subject whose count was said as a number ("three hedgehogs")
    partitive: bool = False  # a count said of some of them ("one of them", "seven of them")


@dataclass(frozen=True)
class MadeColour:
    """What "make X <colour>" colours: `target`, the lemma of X; `of_place`, whether X is a
    place, whose colour is the picture's palette rather than an attribute."""

    target: str
    of_place: bool = False


@dataclass(frozen=True)
class Terms:
    families: dict[str, list[str]]
    composition_heads: frozenset[str]
    camera_positions: frozenset[str]
    palette_heads: frozenset[str]
    mood_heads: frozenset[str]
    scene_heads: frozenset[str]
    frame_heads: frozenset[str]
    framing_pictures: frozenset[str]
    shades: frozenset[str]
    exclusion_verbs: frozenset[str]
    exclusion_phrasal_verbs: frozenset[str]
    numbers: dict[str, int]
    quantities: dict[str, int]


# a unit with one of these verbs asks for the picture, whatever else it tells
_ASKING = frozenset(
    {"want", "need", "wish", "like", "love", "ask", "request", "draw", "paint", "make"}
    | {"picture", "imagine", "show", "see", "look", "think", "mean", "say", "tell", "forget"}
)
_PERFECT_AUXILIARIES = frozenset({"has", "have", "had", "'s", "'ve", "'d"})
_PRESENT = frozenset({"VB", "VBP", "VBZ"})


def _the_speakers(subject: Any) -> bool:
    """ "my husband", "our Jessica": someone of the speaker's."""
    return any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in subject.children)


@cache
def load_terms(path: Path = TERMS_FILE) -> Terms:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Terms(
        families={k: data[k] for k in ("style", "medium", "composition")},
        composition_heads=frozenset(data["composition_heads"]),
        camera_positions=frozenset(data["camera_positions"]),
        palette_heads=frozenset(data["palette_heads"]),
        mood_heads=frozenset(data["mood_heads"]),
        scene_heads=frozenset(data["scene_heads"]),
        frame_heads=frozenset(data["frame_heads"]),
        framing_pictures=frozenset(data["framing_pictures"]),
        shades=frozenset(data["shades"]),
        exclusion_verbs=frozenset(data["exclusion_verbs"]),
        exclusion_phrasal_verbs=frozenset(data["exclusion_phrasal_verbs"]),
        numbers=dict(data["numbers"]),
        quantities=dict(data["quantities"]),
    )


def words_of(tokens: Iterable[Any], drop_articles: bool = True) -> str:
    """Lower-case text of tokens in order, articles dropped, clitics joined ("man's")."""
    out: list[str] = []
    at: list[int] = []
    for token in sorted(set(tokens), key=lambda t: t.i):
        text = token.lower_
        if drop_articles and text in _ARTICLES and token.dep_ in ("det", "quantmod", "advmod"):
            continue
        if token.is_punct or token.dep_ == "neg":
            continue
        if out and (text.startswith("'") or text == "n't"):
            out[-1] += text
        else:
            if out and out[-1] in ("a", "an") and at[-1] + 1 != token.i:
                # "riding a giant eagle" without its adjective: "riding an eagle"
                out[-1] = indefinite_article(text)
            out.append(text)
            at.append(token.i)
    return " ".join(out)


def made_in(term: Any, picture: str) -> str:
    """ "sketch" with "in pencil" is a "pencil sketch", as the medium is annotated."""
    return f"{term.lower_.removeprefix('in ')} {picture}"


def first_conjunct(token: Any) -> Any:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


@dataclass
class Context:
    """What the reader knows from earlier units: whether a setting was said (a later
    locative phrase of a verb is then part of the action: "sleeping on the rug"), the role
    of the last mention, and whether a subject exists."""

    has_setting: bool = False
    last_role: str | None = None
    has_subject: bool = False
    has_medium: bool = False
    has_action: bool = False
    # the last subject said that is someone (a person, an animal, a creature), who has a body
    someone: str = ""
    # the English is a translation, whose multi-word nouns are one word as said
    translated: bool = False


class UnitReader:
    """Reads one parsed unit (a spaCy Doc whose picture terms were merged into single tokens
    with `token._.term` set, see `structurer.py`) into mentions."""

    def __init__(self, lexicon: Lexicon, terms: Terms) -> None:
        self.lexicon = lexicon
        self.terms = terms
        self.plural_nouns: dict[int, Any] = {}  # see `find_plural_nouns`
        self.fragment_nouns: set[int] = set()  # see `find_fragment_nouns`
        self.participles: dict[int, Any] = {}  # see `find_participle_modifiers`
        self.translated = False  # see `Context.translated`

    # --- words ------------------------------------------------------------------------------

    def singular(self, word: str) -> str:
        """A noun's singular: WordNet's irregular forms ("geese"), else the project's rule,
        except that a plural in "-ies" of a noun in "-ie" keeps it ("kelpies", "collies"), as
        WordNet knows it."""
        base = self.lexicon.noun_base(word)
        if base:
            return base
        if word.endswith("ies") and self.lexicon.is_noun(word[:-1]):
            return word[:-1]
        return singular(word)

    def term(self, token: Any) -> str | None:
        return token._.term if token.has_extension("term") else None

    def lemma(self, token: Any) -> str:
        """The noun's dictionary form: spaCy's lemma where WordNet knows it, else the word's
        singular ("divers", "leaves" tagged as other parts of speech), else the word."""
        word = token.lower_
        if token.pos_ == "PROPN" and token.text[:1].isupper() or self.term(token):
            return word  # not "geese" in lower case, tagged a name
        if word == "people" and token.tag_ == "NNS":
            return "person"  # WordNet has "people" as a noun of its own; a picture shows persons
        candidates = [token.lemma_.lower(), self.singular(word)]
        if token.pos_ != "NOUN" or word.endswith("ies"):
            # a plural noun the tagger took for a verb ("leaves"); "kelpies", "cookies",
            # whose singular the lemmatiser gives in "-y"
            candidates.reverse()
        for candidate in candidates:
            if self.lexicon.is_noun(candidate) and (candidate != word or token.pos_ == "NOUN"):
                return candidate
        return self.singular(word) if token.tag_ in ("NNS", "NNPS") else word

    def noun_sort(self, lemma: str) -> str:
        """The broad class of the noun's first WordNet sense ("customer": person), or ""."""
        return next((k for k in _SORTS if k in self.lexicon.noun_first(lemma)), "")

    def kinds(self, head: Any, senses: int = 1) -> frozenset[str]:
        """WordNet categories of the noun: the longest multi-word noun ending at the head
        ("sea turtle"), the word as said ("glasses"), else its lemma."""
        compound = self.noun_phrase_lemma(head)
        candidates = [compound] if " " in compound else []
        for name in [*candidates, head.lower_, self.lemma(head)]:
            found = self.lexicon.noun_senses(name)
            if head.pos_ != "PROPN":  # "heron" is the bird before Hero of Alexandria
                common = [s for s in found if not {"named", "person"} <= s]
                found = tuple(common) if common else found
            found = self.thing_before_movement(found)
            if found:
                kinds = frozenset().union(*found[:senses])
                return kinds | {"body"} if self.part_of_body(head) else kinds
        return frozenset()

    @staticmethod
    def thing_before_movement(found: tuple[frozenset[str], ...]) -> tuple[frozenset[str], ...]:
        """ "a green van": a word whose first sense is a movement in the arts (WordNet's first
        van is the avant-garde) but which also names a thing, a vehicle or a building, is that
        thing when said in a description."""
        if found and {"style", "group"} <= found[0]:
            things = [s for s in found[1:4] if _THINGS & s]
            if things:
                return (things[0], *found)
        return found

    def common_person(self, head: Any) -> bool:
        """ "my grandfather, miller, ...": a lower-case name that is also a common word for a
        person (a miller, a potter) is that person; "Miller" or "monet" is the artist."""
        if head.text[:1].isupper():
            return False
        senses = self.lexicon.noun_senses(head.lower_)
        return any("person" in s and "named" not in s for s in senses)

    def part_of_body(self, head: Any) -> bool:
        """ "the tip of the tail", "the end of its nose": a part of a body part is one too,
        whatever the part word names alone (a tip is first a place)."""
        for prep in head.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                owners = [t for t in prep.children if t.dep_ == "pobj"]
                if owners and "body" in self.lexicon.noun_first(self.lemma(owners[0])):
                    return True
        return False

    def noun_phrase_lemma(self, head: Any) -> str:
        """A multi-word noun WordNet knows, ending at the head, with a noun among its
        modifiers ("hot air balloon", "orange juice"; not "red fox")."""
        doc = head.doc
        for size in (3, 2, 1):
            start = head.i - size
            if start < 0:
                continue
            tokens = list(doc[start : head.i])
            if any(t.head.i != head.i and t.head.i not in {x.i for x in tokens} for t in tokens):
                continue
            if not any(t.pos_ in ("NOUN", "PROPN") or t.dep_ == "compound" for t in tokens):
                continue
            name = " ".join([*(t.lower_ for t in tokens), self.lemma(head)])
            if self.lexicon.is_noun(name):
                return name
        return self.lemma(head)

    def lexical_nouns(self, doc: Any) -> list[Any]:
        """Spans that are one multi-word noun of WordNet ("steam locomotive", "barn owl",
        "polar bear", "hot air balloon"), to be merged into one token before reading. Every
        word before the last must be a noun WordNet does not know as an adjective, or the
        whole must name a kind of animal, plant or vehicle and no word be a colour, size or age
        (a "red fox" or a "small boat" is a fox that is red, a boat that is small, to a
        speaker; a "polar bear" is no bear that is polar)."""
        found: list[Any] = []
        for end in range(1, len(doc)):
            last = doc[end]
            if not last.is_alpha:
                continue
            noun_like = last.pos_ in ("NOUN", "PROPN", "ADJ")
            for size in (3, 2):
                start = end - size + 1
                if start < 0:
                    continue
                span = doc[start : end + 1]
                before = list(span[:-1])
                if any(not t.is_alpha or t.pos_ in ("DET", "NUM", "PRON", "ADP") for t in before):
                    continue
                if before[0].tag_ == "VBG" and before[0].dep_ == "acl":
                    continue  # "a boy eating apples" is no "eating apple"
                doer = doc[start - 1] if start else None
                if (
                    last.lower_.endswith("ing")
                    and doer is not None
                    and doer.pos_ in ("NOUN", "PROPN")
                    and self.kinds(doer) & ANIMATE
                ):
                    continue  # "kids ice skating": what the kids do
                # the tagger's lemma may be wrong for the last word ("steamer" -> "steam")
                names = (" ".join([*(t.lower_ for t in before), w]) for w in self.forms(last))
                name = next((n for n in names if self.lexicon.is_noun(n)), "")
                if not name:
                    continue
                noun_only = all(
                    self.lexicon.is_noun(t.lower_) and not self.lexicon.has_adjective(t.lower_)
                    for t in before
                )
                kind = self.lexicon.noun_first(name) & {"animal", "plant", "vehicle"}
                coloured = any(
                    self.colour_word(t.lower_) or self.lexicon.adjective(t.lower_, "size_age")
                    for t in before
                )
                # "norman rockwell" (the tagger may read "rockwell" as a verb)
                named = "named" in self.lexicon.noun_first(name) and before[0].pos_ == "PROPN"
                if not noun_like and not named:
                    continue
                if noun_only or named or (kind or self.classifying(before)) and not coloured:
                    found.append(span)
                    break
        return found

    def classifying(self, words: list[Any]) -> bool:
        """ "rocking horse", "sewing machine", "frying pan": a gerund that says which kind of
        thing it is (what it is for or does), so the WordNet noun it is part of is the
        thing's name. Adjectives are not read so: "full moon" names a time, "sour cream"
        food."""
        return all(token.tag_ == "VBG" for token in words)

    def forms(self, token: Any) -> tuple[str, ...]:
        return (self.lemma(token), self.singular(token.lower_))

    def is_colour(self, token: Any, in_context: bool = True) -> bool:
        """A colour word. Before another noun any colour sense counts ("an orange cat");
        as a head, not when its first sense is a thing ("an orange" is a fruit), unless the
        speech makes it a colour (`said_as_colour`: "warm oranges", "pink and lavender")."""
        word = token.lower_
        if self.lexicon.adjective(word, "colour") and not self.lexicon.is_noun(word):
            return True
        modifier = token.dep_ in ("amod", "compound", "nmod") and token.head.i > token.i
        for name in (word, self.singular(word)):
            senses = self.lexicon.noun_senses(name)[:3]
            named = self.named_colour(name) and not any("colour" in s for s in senses)
            if senses and named and word not in self.terms.shades and not self.is_light_word(token):
                # "cream", "honey": WordNet's colour is the adjective "cream-colored"
                return modifier or in_context and self.said_as_colour(token)
            if senses and any("colour" in s for s in senses):
                first = senses[0]
                # "a yellow canary": a bird whose colour sense comes before its animal one
                creature = any("animal" in s for s in self.lexicon.noun_senses(name)[:4])
                thing = first & {"animal", "food", "plant"} or creature and "colour" not in first
                if modifier or "colour" in first or not thing:
                    return True
                return in_context and self.said_as_colour(token)
        return False

    def said_as_colour(self, token: Any) -> bool:
        """A word with a colour sense that is not its first reads as the colour after a shade
        word ("muted greens", "warm oranges"), beside another colour ("pink and lavender") or
        after "all" ("all orange"); not after an article ("a bright orange" is a fruit)."""
        if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.lefts):
            return False
        if any(c.lower_ in self.terms.shades for c in token.lefts if c.dep_ in _SHADE_DEPS):
            return True
        beside = [c for c in token.children if c.dep_ == "conj"]
        if token.dep_ == "conj":
            beside.append(token.head)
        listed = self.listed_beside(token)
        first = min([token.i, *(t.i for t in listed)])
        if first and token.doc[first - 1].lower_ == "all":
            return True  # "all orange", "all ochre, rust and cream": the whole picture's colour
        beside.extend(listed)
        return any(self.is_colour(t, in_context=False) for t in beside)

    def colour_list(self, head: Any) -> bool:
        """ "all ochre, rust and cream" said in two breaths: a list each of whose words has a
        colour among its first senses or names one ("rust-colored"), right after the palette;
        not "roses and coffee" (coffee's colour is its fourth sense)."""
        listed = [head, *self.listed_beside(head)]
        return len(listed) > 1 and all(
            self.colour_word(self.lemma(t)) or self.named_colour(self.lemma(t)) for t in listed
        )

    def after_all(self, token: Any) -> bool:
        """ "all ochre", "all orange" said on its own: the whole picture's colour, however the
        parse tagged it (an adverb, a verb); not "the sky all pink", which the sky's colour
        says."""
        doc, i = token.doc, token.i
        opens = i == 1 or i > 1 and doc[i - 2].is_punct
        return opens and doc[i - 1].lower_ == "all" and self.is_colour(token)

    def shade_of_next(self, token: Any) -> bool:
        """ "more of a moss green": a noun the parse made the object of "of" that names the
        shade of the colour right after it."""
        doc = token.doc
        if token.dep_ != "pobj" or not 0 < token.i < len(doc) - 1:
            return False
        return doc[token.i - 1].lower_ in ("a", "an") and self.is_colour(doc[token.i + 1])

    @staticmethod
    def listed_beside(token: Any) -> list[Any]:
        """The other words of the list this one is said in, joined by "and", "or" or commas on
        the surface, whatever the parse made of it ("in teal and orange" parsed with "orange"
        as its root)."""
        doc = token.doc

        def ends_phrase(i: int) -> bool:  # not "yellow" in "pink roses and yellow roses"
            return i + 1 == len(doc) or doc[i + 1].pos_ not in ("NOUN", "PROPN", "ADJ")

        def joins(i: int) -> bool:
            return doc[i].pos_ == "CCONJ" or doc[i].lower_ == ","

        if not ends_phrase(token.i):
            return []
        out = []
        i = token.i
        while i >= 2 and joins(i - 1) and ends_phrase(i - 2) and doc[i - 2].pos_ != "PUNCT":
            i -= 2  # "ochre, rust and cream": every word said before it in the list
            out.append(doc[i])
        i = token.i
        while i + 2 < len(doc) and joins(i + 1) and ends_phrase(i + 2):
            i += 2
            out.append(doc[i])
        return out

    def is_adjective_word(self, token: Any) -> bool:
        """An adjective, even where the tagger guessed a noun for a one-word unit; a noun
        after a determiner, even where it guessed an adjective ("a hummingbird")."""
        word = token.lower_
        after_determiner = token.i > 0 and token.doc[token.i - 1].lower_ in _ARTICLES
        if token.pos_ == "ADJ":
            if self.term(token):
                return False
            noun = self.lexicon.is_noun(word) or self.lexicon.is_noun(self.singular(word))
            if noun and not self.lexicon.has_adjective(word) and not self.is_colour(token):
                return False  # "one narwhal" tagged ADJ: WordNet knows only the noun
            last = token.i == len(token.doc) - 1 or token.doc[token.i + 1].is_punct
            argument = token.dep_ in ("pobj", "dobj", "nsubj", "conj") and not self.is_colour(token)
            if noun and argument and not self.lexicon.has_adjective(word):
                return False  # "of geese" tagged ADJ: an argument is a noun
            return not (noun and after_determiner and last and not self.is_colour(token))
        alone = all(t.i == token.i or t.lower_ in _DEGREE for t in token.doc)
        tagged_noun = token.tag_ in ("NN", "NNP")
        not_a_verb = token.pos_ == "VERB" and not self.lexicon.has_verb(word)
        concrete = self.lexicon.noun_first(word) - {"abstract", "material", "named", "person"}
        if alone and (tagged_noun or not_a_verb) and self.lexicon.has_adjective(word):
            return not concrete  # a one-word unit that can be an adjective: "cozy", "spooky"
        if token.pos_ not in ("PROPN", "NOUN") or after_determiner:
            return False
        if token.dep_ == "acomp" and self.lexicon.has_adjective(word):
            return True  # "it should feel cozy": a complement of feeling, not a tea cozy
        return (
            not self.lexicon.is_noun(word)
            and not self.lexicon.is_noun(self.lemma(token))
            and self.lexicon.has_adjective(word)
        )

    def is_noun_token(self, token: Any) -> bool:
        """A noun, also where the tagger of a fragment guessed otherwise: an adjective right
        after a determiner ("a hummingbird"), a bare plural after a modifier ("autumn
        leaves")."""
        if token.pos_ in ("NOUN", "PROPN"):
            return not self.is_adjective_word(token)
        if token.pos_ == "ADJ":
            return not self.is_adjective_word(token) and token.dep_ not in ("amod", "acomp")
        determined = any(c.dep_ == "det" for c in token.children) or (
            token.i > 0 and token.doc[token.i - 1].lower_ in ("a", "an", "the")
        )
        if determined and self.lexicon.is_noun(self.lemma(token)):
            return True  # "a flamingo" tagged as a verb
        if token.pos_ == "VERB" and self.impossible_tag(token):
            return True  # "with bioluminescent jellyfish" tagged as a verb
        return token.i in self.plural_nouns or token.i in self.fragment_nouns

    def creature_opening_a_fragment(self, token: Any) -> bool:
        """ "fox with white tail" (a rendering of Russian, without articles) tagged as the
        verb "to fox": the first word of a unit, a bare verb with no object, that WordNet
        first knows as an animal, a person or a plant is that thing."""
        if token.i != 0 or token.tag_ != "VB" or token.dep_ != "ROOT":
            return False
        if any(c.dep_ in ("dobj", "nsubj", "aux") for c in token.children):
            return False
        return bool(self.lexicon.noun_first(token.lower_) & {"animal", "person", "plant"})

    def impossible_tag(self, token: Any) -> bool:
        """The tagger gave a word a part of speech WordNet never has for it, and WordNet has
        it as a noun: "jellyfish" as a verb, "hummingbird" as an adjective."""
        word = token.lower_
        if token.pos_ == "VERB":
            wrong = not self.lexicon.has_verb(word) and not self.lexicon.has_verb(token.lemma_)
        elif token.pos_ == "ADJ":
            wrong = not self.lexicon.has_adjective(word)
        else:
            return False
        return wrong and (self.lexicon.is_noun(word) or self.lexicon.is_noun(self.singular(word)))

    def verb_of_ing(self, word: str) -> str | None:
        """The verb of an -ing form ("meditating" -> "meditate", "running" -> "run")."""
        if not word.endswith("ing") or len(word) < 6:
            return None
        stem = word[:-3]
        candidates = [stem, f"{stem}e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            candidates.append(stem[:-1])
        return next((c for c in candidates if self.lexicon.has_verb(c)), None)

    def reattach_participles(self, doc: Any, has_subject: bool = True) -> None:
        """ "a samurai meditating under a tree" parsed as one noun "samurai meditating": an
        -ing word WordNet has no noun for, after a noun it was made the head of, is that
        noun's participle (the tagger of a fragment reads a noun compound)."""
        for token in doc:
            verb = self.verb_of_ing(token.lower_)
            before = doc[token.i - 1] if token.i else None
            if verb is None or before is None or before.head.i != token.i:
                continue
            if not self.participle_of(before, token):
                continue
            before.pos_, before.tag_ = "NOUN", "NN"
            for child in list(token.children):
                if child.i < before.i and child.dep_ in ("det", "amod", "nummod", "compound"):
                    child.head = before
            if token.head.i == token.i:
                before.head, before.dep_ = before, "ROOT"
            else:
                before.head, before.dep_ = token.head, token.dep_
            token.head, token.dep_ = before, "acl"
            token.pos_, token.tag_, token.lemma_ = "VERB", "VBG", verb
        for token in doc:
            self.counted_plural(doc, token)
            self.noun_tagged_singular_verb(token)
        for token in doc:
            self.participle_between_nouns(doc, token)
        self.participle_before_its_noun(doc, has_subject)
        self.participle_opening_an_action(doc, has_subject)
        for token in doc:
            self.place_within_place(doc, token)
        if len(doc) and self.creature_opening_a_fragment(doc[0]):
            doc[0].pos_, doc[0].tag_ = "NOUN", "NN"

    def place_within_place(self, doc: Any, preposition: Any) -> None:
        """ "lying on the beach at Middle Cove": a place said right after another place, with
        no pause between, says which one it is; the parser hangs both on the verb."""
        if not preposition.i or preposition.dep_ != "prep":
            return
        if preposition.lower_ not in _PLACE_WITHIN:
            return
        before = doc[preposition.i - 1]
        link = before.head
        if before.dep_ != "pobj" or link.dep_ != "prep" or link.head.i != preposition.head.i:
            return
        objects = [t for t in preposition.children if t.dep_ == "pobj"]
        if not objects or not self.place_like(before, self.kinds(before)):
            return
        place, kinds = objects[0], self.kinds(objects[0])
        if self.is_lighting(place, kinds) or kinds & {"season", "weather"}:
            return
        if self.place_like(place, kinds) or place.pos_ == "PROPN":
            preposition.head = before

    def participle_of(self, before: Any, token: Any) -> bool:
        """Whether the -ing head `token` is what `before` does. An -ing word WordNet has no
        noun for, after a noun compound ("samurai meditating"). One WordNet also knows as a
        noun ("drinking", "jumping", "crossing") only after a creature or a vehicle the
        tagger made its modifier ("a hummingbird drinking from a flower", "a golden retriever
        jumping", "a steam train crossing a viaduct"), and not where the two are one WordNet
        noun ("ice skating")."""
        if token.pos_ not in ("NOUN", "VERB") or token.tag_ not in ("NN", "VBG"):
            return False
        if token.dep_ in ("amod", "compound", "nmod"):
            return False  # it modifies the next noun: "a fisherman mending nets"
        if not self.lexicon.is_noun(token.lower_):
            return before.dep_ == "compound" and before.pos_ in ("NOUN", "PROPN")
        if before.dep_ not in ("compound", "amod") or not self.lexicon.is_noun(before.lower_):
            return False
        if before.pos_ == "PROPN" or self.lexicon.noun_first(token.lower_) & _PICTURE_KINDS:
            return False  # "Rembrandt lighting", "a figure drawing"
        if self.lexicon.is_noun(f"{before.lower_} {token.lower_}"):
            return False
        kinds = self.lexicon.noun_first(before.lower_) | self.lexicon.noun_first(
            self.singular(before.lower_)
        )
        return bool(kinds & _ACTORS)

    def participle_before_its_noun(self, doc: Any, has_subject: bool) -> None:
        """ "abandoned amusement park, creepy" parsed as a verb and its object: a past
        participle that opens the unit, with no subject and its "object" right after it, is
        an adjective of that noun when WordNet has the adjective (the tagger of a fragment
        without an article reads a clause)."""
        verb = doc[0] if len(doc) else None
        if verb is None or verb.dep_ != "ROOT":
            return
        # "steaming ramen", said before any thing: the -ing word is its adjective too; after
        # a thing ("a boy, flying kites") it is what that thing does
        ing = verb.tag_ == "VBG" and not has_subject and verb.lower_ not in _WITH
        if verb.tag_ not in ("VBN", "VBD") and not ing:
            return
        if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children):
            return
        objects = [
            c
            for c in verb.children
            if c.dep_ == "dobj" and c.left_edge.i == 1 and c.left_edge.dep_ != "det"
        ]
        if not objects or not self.lexicon.has_adjective(verb.lower_):
            return
        noun = objects[0]
        for child in list(verb.children):
            if child.i != noun.i:
                child.head = noun
        noun.head, noun.dep_ = noun, "ROOT"
        verb.head, verb.dep_, verb.pos_, verb.tag_ = noun, "amod", "ADJ", "JJ"

    def noun_tagged_singular_verb(self, token: Any) -> None:
        """ "a coastguard hut" parsed as "coastguard" doing "hut": a third-person verb form
        must end in "s", so a word tagged one that does not, right after its "subject", is a
        noun that word modifies."""
        if token.tag_ != "VBZ" or token.lower_.endswith("s") or not token.i:
            return
        before = token.doc[token.i - 1]
        if before.head.i != token.i or before.dep_ != "nsubj" or before.pos_ != "NOUN":
            return
        if not self.lexicon.is_noun(token.lower_):
            return
        before.dep_ = "compound"
        token.pos_, token.tag_, token.lemma_ = "NOUN", "NN", token.lower_

    def counted_plural(self, doc: Any, token: Any) -> None:
        """ "two crows on a fence", "some swallows": a plural noun the tagger took for a verb
        whose subject is the number or quantity right before it."""
        if token.tag_ not in ("VBZ", "VBP") or not token.i:
            return
        number = doc[token.i - 1]
        counted = self.number(number) is not None or number.lower_ in self.terms.quantities
        if not counted or number.dep_ != "nsubj" or number.head.i != token.i:
            return
        word = token.lower_
        if self.singular(word) == word or not self.lexicon.is_noun(self.singular(word)):
            return
        if any(c.dep_ in ("dobj", "aux") for c in token.children):
            return  # "two sing songs"
        number.dep_ = "nummod" if self.number(number) is not None else "amod"
        token.pos_, token.tag_, token.lemma_ = "NOUN", "NNS", self.singular(word)

    def participle_opening_an_action(self, doc: Any, has_subject: bool) -> None:
        """ "a girl on a pier, feeding gulls" with "feeding" read as the gulls' modifier:
        after a thing was said, an -ing word WordNet has no adjective for ("sleeping",
        "glowing" it has), opening the unit before a bare noun, is what that thing does."""
        verb = doc[0] if len(doc) else None
        if not has_subject or verb is None or verb.tag_ != "VBG":
            return
        if verb.dep_ not in ("amod", "compound") or verb.lower_ in _WITH:
            return
        noun = verb.head
        lemma = self.verb_of_ing(verb.lower_)
        if lemma is None or self.lexicon.has_adjective(verb.lower_) or noun.i != verb.i + 1:
            return
        if noun.dep_ != "ROOT" or any(c.dep_ == "det" for c in noun.children):
            return
        verb.head, verb.dep_, verb.pos_, verb.lemma_ = verb, "ROOT", "VERB", lemma
        noun.head, noun.dep_ = verb, "dobj"

    def participle_between_nouns(self, doc: Any, token: Any) -> None:
        """ "a street food vendor selling dumplings" parsed as one noun "dumplings" with four
        compounds: an -ing verb form compounded between a person and a noun is the person's
        participle and the noun is its object."""
        obj = token.head
        before = doc[token.i - 1] if token.i else None
        if (
            token.dep_ not in ("compound", "amod")
            or token.tag_ != "VBG"
            or self.verb_of_ing(token.lower_) is None
            or before is None
            or before.head.i not in (obj.i, token.i)
            or before.dep_ not in ("compound", "amod", "npadvmod")
            or obj.i <= token.i
            or obj.pos_ not in ("NOUN", "PROPN")
            # "a tuna fishing boat" is a boat; "a dog chasing birds" is a dog
            or not (
                self.kinds(before) & ANIMATE
                or before.dep_ == "compound"
                and "person" in self.kinds(before)
            )
        ):
            return
        if before.dep_ != "compound" and not self.lexicon.is_noun(before.lower_):
            return
        for child in list(obj.children):
            if child.i < before.i and child.dep_ in ("det", "amod", "nummod", "compound"):
                child.head = before
            elif child.i > obj.i and child.dep_ == "prep":
                child.head = token  # "selling dumplings from a cart"
        if obj.head.i == obj.i:
            before.head, before.dep_ = before, "ROOT"
        else:
            before.head, before.dep_ = obj.head, obj.dep_
        token.head, token.dep_, token.pos_ = before, "acl", "VERB"
        obj.head, obj.dep_ = token, "dobj"

    def find_fragment_nouns(self, doc: Any) -> set[int]:
        """A bare noun that opens a repair, taken for a verb by the tagger ("feeding pigeons,
        rather, sparrows", "no, wait, seal on ice floe", said without an article as a
        translation renders them): after an editing term a speaker restates a phrase, so the
        unit's first word, if it is a verb with no subject, object or clause whose noun
        reading (the word, or its singular for "-s") WordNet has as a thing that can be
        depicted (an animal, a person, a plant, a vehicle), is that noun."""
        first = doc[0] if len(doc) else None
        if first is None or first.pos_ != "VERB" or first.tag_ not in ("VB", "VBZ", "VBP", "VBN"):
            return set()
        if any(c.dep_ in ("nsubj", "dobj", "ccomp", "xcomp", "dative") for c in first.children):
            return set()
        word = first.lower_
        name = self.singular(word) if first.tag_ == "VBZ" else word
        senses = self.lexicon.noun_senses(name)
        known = self.lexicon.has_verb(first.lemma_.lower()) or self.lexicon.has_adjective(word)
        if len(doc) == 1 and not senses and not known:
            return {first.i}  # "in the style of Levitan, rather, Shishkin": a name
        return {first.i} if any(_SUBJECT_KINDS & kinds for kinds in senses) else set()

    def find_participle_modifiers(self, doc: Any) -> dict[int, Any]:
        """ "glowing mushrooms in a forest" parsed as a verb and its object: a participle
        of a verb that never takes an object (WordNet's frames: glow, shine, bloom) right
        before its "object" modifies it. Returns {participle index: the noun}."""
        found: dict[int, Any] = {}
        for token in doc:
            if token.pos_ != "VERB" or token.tag_ not in ("VBG", "VBN"):
                continue
            if not self.lexicon.intransitive(token.lemma_.lower()):
                continue
            objects = [c for c in token.children if c.dep_ == "dobj" and c.i > token.i]
            if objects and all(t.pos_ in _SPAN_POS for t in doc[token.i + 1 : objects[0].i]):
                found[token.i] = objects[0]
        return found

    def find_plural_nouns(self, doc: Any) -> dict[int, Any]:
        """Plural nouns a fragment's parse took for verbs ("in autumn leaves": leaves/VBZ):
        a present-tense verb without a subject, right after a noun that is not its subject,
        whose singular is a noun. Returns {verb index: the noun before it}."""
        found: dict[int, Any] = {}
        for token in doc:
            if token.pos_ != "VERB" or token.tag_ not in ("VBZ", "VBP") or not token.i:
                continue
            before = doc[token.i - 1]
            word = token.lower_
            if any(c.dep_ in ("nsubj", "dobj", "expl") for c in token.children):
                continue
            if (
                before.pos_ in ("NOUN", "PROPN")
                and before.head.i != token.i
                and (self.singular(word) != word and self.lexicon.is_noun(self.singular(word)))
            ):
                found[token.i] = before
        return found

    def number(self, token: Any) -> int | None:
        """The value of a number word, with the number words after it ("twenty five", "two
        hundred"), or the count a quantity word stands for."""
        word = token.lower_
        if word.isdigit():
            return int(word)
        if word not in self.terms.numbers:
            return self.terms.quantities.get(word)
        value = self.terms.numbers[word]
        for following in token.doc[token.i + 1 :]:
            more = self.terms.numbers.get(following.lower_)
            if more in (100, 1000):
                value *= more
            elif more is not None and more < 10 and value >= 20 and value % 10 == 0:
                value += more
            else:
                break
        return value

    def left_span(self, head: Any, used: set[int]) -> list[Any]:
        """The words said before the head that modify it, read off the surface (robust when
        the parse of a fragment is not): adjectives, nouns, numbers, possessives, degree words
        and a conjunction between two of them ("dark blue and grey tones")."""
        span: list[Any] = []
        index = head.i - 1
        while index >= 0:
            token = head.doc[index]
            if token.i in used or token.is_punct:
                break
            allowed = token.pos_ in _SPAN_POS or token.lower_ in _DEGREE
            allowed = allowed or (
                token.tag_ in ("VBN", "VBG") and token.dep_ in ("amod", "compound")
            )
            modified = self.participles.get(token.i)
            allowed = allowed or (modified is not None and modified.i == head.i)
            if token.pos_ == "CCONJ":
                before = head.doc[index - 1] if index else None
                allowed = (
                    before is not None and before.pos_ in ("ADJ", "NOUN", "PROPN") and bool(span)
                )
            if token.lower_ in _ARTICLES or token.pos_ in ("ADP", "DET", "PRON", "AUX"):
                allowed = token.dep_ == "poss" and token.pos_ != "PRON"
            if token.dep_ in ("pobj", "dobj", "nsubj") and token.head.i != head.i:
                # "a pencil sketch" misparsed; "more of a moss green": the shade of the colour
                allowed = allowed and (token.head.i == head.i + 1 or self.shade_of_next(token))
            if not allowed:
                break
            span.insert(0, token)
            index -= 1
        return span

    # --- scope ------------------------------------------------------------------------------

    def negated(self, head: Any) -> bool:
        """Under "no X", "without X", "don't want X", "avoid X", "free of X"."""
        for token in (head, first_conjunct(head)):
            if any(c.dep_ in ("det", "neg") and c.lower_ in ("no", "not") for c in token.children):
                return True
            if token.dep_ == "pobj" and token.head.lower_ in _NEGATING_PREPOSITIONS:
                return True
            if (
                token.dep_ == "pobj"
                and token.head.lower_ == "of"
                and token.head.head.lower_
                in (
                    "free",
                    "clear",
                    "rid",
                )
            ):
                return True
            if token.dep_ in ("dobj", "nsubjpass", "attr") and self.excluding_verb(token.head):
                return True
            clause = token.head
            if (
                token.dep_ == "nsubj"
                and clause.dep_ in ("ccomp", "xcomp")
                and clause.tag_ == "VBG"
                and self.excluding_verb(clause.head)
            ):
                return True  # "I don't want any cables showing"
        return False

    def excluding_verb(self, verb: Any) -> bool:
        if verb.pos_ not in ("VERB", "AUX"):
            return False
        negative = any(c.dep_ == "neg" for c in verb.children)
        if self.depicted_doing(verb):
            return negative
        particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
        lemma = verb.lemma_.lower()
        if particle and self.lexicon.verb(f"{lemma}_{particle}", "exclusion"):
            return True
        # "keep the cars out of it": the particle parsed as a preposition of "of it"
        away = particle or next((c.lower_ for c in verb.children if c.dep_ == "prep"), None)
        if away and f"{lemma}_{away}" in self.terms.exclusion_phrasal_verbs:
            return True
        if not particle and self.lexicon.verb(lemma, "exclusion"):
            return True
        if not particle and lemma in self.terms.exclusion_verbs and verb.tag_ == "VB":
            return not any(c.dep_.startswith("nsubj") for c in verb.children)  # "skip the TV"
        return negative and lemma != "be"

    @staticmethod
    def depicted_doing(verb: Any) -> bool:
        """Whether the verb is what someone in the picture does ("a miner digging coal", "a
        cook is peeling potatoes"), not the speaker's request ("remove the wolf", "I hate
        clowns"): WordNet files digging and peeling under removing."""
        if verb.dep_ in ("acl", "relcl"):
            return True
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        return subject is not None and subject.lower_ not in ("i", "we", "you", "they", "it")

    def governor(self, head: Any) -> tuple[str, Any, Any]:
        """(relation, preposition or verb, attachment): how the phrase hangs in the parse.
        Relations: "topic", "pp", "object", "subject"."""
        token = first_conjunct(self.plural_nouns.get(head.i, head))
        if token.dep_ in ("pobj", "pcomp") and token.head.pos_ in ("ADP", "SCONJ", "ADV"):
            prep = token.head
            return "pp", prep, prep.head if prep.head.i != prep.i else None
        if token.dep_ == "dobj" and token.head.i in self.participles:
            return "topic", None, None  # "glowing mushrooms": the participle modifies it
        if token.dep_ in ("dobj", "dative", "oprd") and token.head.pos_ in ("VERB", "AUX"):
            if self.inverted(token.head):
                return "subject", token.head, token.head  # "in the middle stands a robot"
            return "object", token.head, token.head
        if token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX"):
            return "subject", token.head, token.head
        return "topic", None, None

    def inverted(self, verb: Any) -> bool:
        """Locative inversion: a place first, then the verb, then who is there ("in the
        middle stands a robot"): no subject before the verb, a prepositional phrase before it,
        the noun after it is its subject, not its object."""
        before = [c for c in verb.children if c.i < verb.i]
        return (
            bool(before)
            and all(c.dep_ in ("prep", "advmod", "punct", "cc") for c in before)
            and any(c.dep_ == "prep" for c in before)
            and verb.tag_ in ("VBZ", "VBP", "VBD")
        )

    def is_frame_verb(self, verb: Any) -> bool:
        """A verb that frames content: an imperative or a request ("draw me", "could you
        make"), a first-person wish or thought ("I want", "I think"), a copula or light verb,
        "look like" / "feel" + adjective."""
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            return False
        lemma = verb.lemma_.lower()
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if any(s.lower_ in _PERSONAL or s.lower_ in ("there", "it", "this") for s in subjects):
            return True
        if not subjects and verb.tag_ == "VB" and verb.dep_ in ("ROOT", "ccomp", "xcomp"):
            return True  # imperative
        if any(c.dep_ in ("acomp", "oprd") or c.lower_ in ("like", "as") for c in verb.children):
            return lemma in ("look", "feel", "seem", "appear", "sound", "be", "become")
        return lemma in _LIGHT_VERBS and not any(self.is_content_noun(s) for s in subjects)

    def event_of_light_verb(self, verb: Any, noun: Any) -> bool:
        """ "having a picnic", "taking a nap": a light verb said of a thing in the picture (a
        participle after its noun) whose object is an event, not a thing (every WordNet sense
        of it abstract)."""
        if verb.lemma_.lower() not in ("have", "take") or verb.dep_ not in ("acl", "relcl"):
            return False
        if not self.is_content_noun(verb.head):
            return False
        senses = self.lexicon.noun_senses(self.lemma(noun))
        return bool(senses) and all(s <= {"abstract", "period"} for s in senses[:2] if s)

    def is_content_noun(self, token: Any) -> bool:
        return token.pos_ in ("NOUN", "PROPN") and token.lower_ not in _INDEFINITE

    def of_frame(self, owner: Any) -> bool:
        """ "a picture of X", "a watercolor of X", "a pile of X", "a couple of X": X is the
        content, its owner a frame, a medium or a measure."""
        if self.term(owner) or owner.lower_ in _INDEFINITE:
            return True
        if self.lemma(owner) in self.terms.frame_heads:
            return True
        if owner.lower_ in self.terms.quantities or self.number(owner) is not None:
            return True
        if "container" in self.kinds(owner, senses=2):
            return False  # "a mug of tea": the mug is in the picture, "of tea" says what it holds
        first = self.kinds(owner)
        if {"group", "quantity"} & first:
            return True
        return bool({"depiction", "medium"} & self.kinds(owner, senses=3))

    def is_depiction(self, owner: Any) -> bool:
        kinds = self.kinds(owner, 3)
        if ({"figure"} | ANIMATE) & self.kinds(owner):
            return False  # "a snowman with a carrot nose", "a guy with an umbrella": in it
        return bool(self.term(owner) == "medium" or {"depiction", "medium"} & kinds)

    def tells_a_story(self, sentence: Any) -> bool:
        """ "Mavis across the road has got new net curtains.", "Our Jessica, she's mad on ducks.",
        "the vicar asked me for something.": a sentence said before the description about
        someone named or someone of the speaker's, or about what the speaker or someone did,
        that neither asks for the picture nor says what there is."""
        asking = [t for t in sentence if t.lemma_.lower() in _ASKING and t.tag_ in _PRESENT]
        if asking or any(t.dep_ == "expl" for t in sentence):
            return False  # "I saw them this morning", "she asked me": told, not asked
        for verb in sentence:
            if verb.pos_ not in ("VERB", "AUX") or verb.tag_ in ("VBG", "VB"):
                continue
            past = verb.tag_ in ("VBD", "VBN")
            for subject in verb.children:
                if subject.dep_ not in ("nsubj", "nsubjpass"):
                    continue
                word = subject.lower_
                if word in ("i", "we", "he", "she", "they") and past:
                    return True
                if (
                    _the_speakers(subject)
                    or subject.tag_ == "NNP"
                    and not self.lexicon.is_noun(word)
                ):
                    return True
                known = any(c.dep_ == "det" and c.lower_ == "the" for c in subject.children)
                if known and past and "person" in self.kinds(subject):
                    return True  # "the vicar asked me for something"
        return False

    def narrates(self, doc: Any) -> bool:
        """ "we went to the mountains with the lads", "my husband loved the sea", "it's been
        raining since Tulsa": a clause in the past or the perfect about the speaker, someone of
        the speaker's or the weather tells what happened, not what to draw; unless the unit also
        asks for the picture ("years ago we saw stave churches, and I'd love a painting")."""
        if any(t.lemma_.lower() in _ASKING for t in doc):
            return False
        for verb in doc:
            main_clause = verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"
            if not main_clause:
                continue
            auxiliaries = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
            perfect = verb.tag_ == "VBN" and auxiliaries & _PERFECT_AUXILIARIES
            past = verb.tag_ == "VBD" or perfect or verb.tag_ == "VBG" and "been" in auxiliaries
            if not past:
                continue
            for subject in verb.children:
                if subject.dep_ not in ("nsubj", "nsubjpass", "expl"):
                    continue
                word = subject.lower_
                if word in ("i", "we") or word == "it" and verb.tag_ != "VBD":
                    return True
                if _the_speakers(subject):
                    return True
        return False

    @staticmethod
    def figure(kinds: frozenset[str]) -> frozenset[str]:
        """A made figure in the scene (a snowman, a statue) is a depiction that is depicted:
        its `depiction` category does not make it a frame."""
        return frozenset({"depiction"}) if "figure" in kinds else frozenset()

    # --- reading ----------------------------------------------------------------------------

    def read(
        self,
        doc: Any,
        context: Context,
        about_it: bool = False,
        repair: bool = False,
        story: bool = False,
    ) -> list[Mention]:
        """The unit's mentions; `repair`: the unit follows an editing term, so it restates a
        phrase (`find_fragment_nouns`); `story`: it was said in a sentence that tells about
        the speaker's life (`tells_a_story`)."""
        # not first ("paint, a cat in a hat" asks for a picture), nor a repair of an action
        # ("she is feeding them, no, drawing")
        after_action = context.last_role == "action" or repair and context.has_action
        lone = self.lone_medium(doc) if context.last_role and not after_action else None
        if lone is not None:
            return [lone]
        mentions: list[Mention] = []
        used: set[int] = set()
        self.reattach_participles(doc, context.has_subject)
        self.translated = context.translated
        self.plural_nouns = self.find_plural_nouns(doc)
        self.fragment_nouns = self.find_fragment_nouns(doc) if repair else set()
        self.participles = self.find_participle_modifiers(doc)
        # a framing verb's "from" first: "photographed from a boat" is framing, not a boat
        mentions.extend(self.camera_mentions(doc, used, framing_verbs=True))
        trailing = context.last_role in ("subject", "attribute")  # "a dragon, green, ..."
        if (about_it or trailing) and context.has_subject:
            mentions.extend(self.said_of_it(doc, used))
        if context.has_subject:
            mentions.extend(self.pronoun_has(doc, used))
            mentions.extend(self.said_of_all(doc, used))
        if context.someone:
            mentions.extend(self.body_said_after(doc, used, context.someone))
        mentions.extend(self.painted_colours(doc, used))
        for head in self.noun_heads(doc):
            if head.i not in used:
                mentions.extend(self.noun_mentions(head, used, context, mentions))
        mentions.extend(self.verb_mentions(doc, used))
        mentions.extend(self.adjective_mentions(doc, used, context, mentions, about_it))
        mentions.extend(self.camera_mentions(doc, used))
        if repair:
            mentions = self.restated_role(doc, mentions, context)
        mentions = self.joined_styles(doc, mentions)
        if not repair and (story or self.narrates(doc)):
            # the people and deeds of a story are not drawn; where it happened often is
            mentions = [m for m in mentions if m.role == "setting"]
        for mention in mentions:
            if not mention.colours and mention.role not in ("palette", "attribute"):
                mention.colours = [w for w in mention.text.split() if self.colour_word(w)]
        return sorted(mentions, key=lambda m: m.position)

    def made_colour(self, head: Any) -> MadeColour | None:
        """ "make the cat ginger", parsed as two objects of "make": the second, a word that
        can be a colour, is what the first is made to look like."""
        verb = head.head
        colour = self.colour_word(head.lower_) or self.lexicon.adjective(head.lower_, "colour")
        if verb.lemma_ != "make" or not colour:
            return None
        if head.dep_ == "ccomp":  # "make the gondola deep green": the gondola its subject
            said_of = [c for c in self.said_of(head) if self.is_content_noun(c)]
            if not said_of:
                return None
            place = self.is_place(said_of[0], self.kinds(said_of[0]))
            return MadeColour(self.lemma(said_of[0]), of_place=place)
        if head.dep_ != "dobj":
            return None
        first = [c for c in verb.children if c.dep_ == "dobj" and c.i < head.i]
        return MadeColour(self.lemma(first[0])) if first else None

    def lone_medium(self, doc: Any) -> Mention | None:
        """A medium said as a word of its own ("..., sketch", "engraving", "as a mosaic"),
        which the tagger, without a sentence around it, reads as a verb or an adjective."""
        words = [t for t in doc if not t.is_punct and t.lower_ not in ("a", "an", "as", "like")]
        if len(words) != 1 or words[0].pos_ in ("NOUN", "PROPN") or self.term(words[0]):
            return None
        word = words[0]
        if "medium" not in self.lexicon.noun_first(self.singular(word.lower_)):
            return None
        return Mention("medium", word.lower_, position=word.i, head=word.lower_)

    @staticmethod
    def joined_styles(doc: Any, mentions: list[Mention]) -> list[Mention]:
        """Two style terms said one after the other are one style ("retro science fiction",
        "anime cyberpunk")."""
        out: list[Mention] = []
        for mention in sorted(mentions, key=lambda m: m.position):
            last = out[-1] if out else None
            if (
                last is not None
                and mention.role == "style"
                and last.role == "style"
                and mention.position - last.position == 1
                and not doc[last.position].is_punct
            ):
                last.text = f"{last.text} {mention.text}"
                continue
            out.append(mention)
        return out

    def restated_role(self, doc: Any, mentions: list[Mention], context: Context) -> list[Mention]:
        """A repair said as a bare phrase restates what was said just before, where the parse
        made a thing of it: "drying its wings, hmm, diving rather" (an action), "backlit by the
        rising sun, setting sun, sorry" (the light)."""
        if context.has_medium and mentions:
            # "a pencil sketch, actually no, charcoal (, of my hands)": the colour and the stuff
            # the repair opens with are a medium
            first = min(mentions, key=lambda m: m.position)
            head = doc[first.position]
            opening = [t for t in doc[: head.i + 1] if not t.is_punct]
            if (
                first.role in ("subject", "setting", "palette", "attribute")
                and len(opening) <= 2
                and any("medium" in kinds for kinds in self.lexicon.noun_senses(head.lower_)[:4])
            ):
                medium = Mention("medium", words_of(opening), head.i, head=head.lower_)
                return [medium if m is first else m for m in mentions]
        if len(mentions) != 1:
            return mentions
        words = [t for t in doc if not t.is_punct]
        head = doc[mentions[0].position]
        if mentions[0].role not in ("subject", "setting"):
            return mentions  # "diving" is also a contest, a setting
        if context.last_role == "action" and len(words) == 1 and self.verb_of_ing(head.lower_):
            return [Mention("action", head.lower_, head.i)]
        if context.last_role == "lighting" and {"celestial", "light_source"} & self.kinds(head):
            return [Mention("lighting", words_of(words), head.i, head=head.lower_)]
        compared = head.dep_ == "pobj" and head.head.lower_ in ("like", "as")
        if context.last_role == "style" and (compared or head.pos_ == "PROPN"):
            # "in the style of vermeer, actually no, more like hopper": the painter
            tokens = [*self.left_span(head, set()), head]
            return [Mention("style", words_of(tokens), head.i, head=head.lower_)]
        return mentions

    def said_of_it(self, doc: Any, used: set[int]) -> list[Mention]:
        """ "make it metal", "a metal one", "a purple one": a lone material or colour said of
        the last subject is its attribute, not a thing in the picture."""
        words = [t for t in doc if not t.is_punct]
        shade = words[:-1]
        if len(words) == 2 and words[0].lower_ in self.terms.shades:
            words = words[1:]  # "dark green": the colour keeps its shade
        else:
            shade = []
        if len(words) != 1 or words[0].pos_ not in ("NOUN", "PROPN", "ADJ"):
            return []
        token = words[0]
        if self.is_colour(token) or self.lexicon.adjective(token.lower_, "colour"):
            kind = "colour"  # "an octopus, a purple one", "they should be ginger"
        elif shade:
            return []
        elif token.tag_ not in ("NNS", "NNPS") and self.said_material(self.kinds(token)):
            kind = "material"  # not "apples, pears": things of their own
        else:
            return []
        used.update(t.i for t in [*shade, token])
        text = words_of([*shade, token])
        return [self.mention("attribute", token, text, target="", kind=kind)]

    def said_of_all(self, doc: Any, used: set[int]) -> list[Mention]:
        """ "six balloons over a valley, all in bright stripes", "five rowers, all of them in
        white": what is said of all of the last things is their attribute."""
        words = [t for t in doc if not t.is_punct]
        if len(words) < 3 or words[0].lower_ not in ("all", "each", "both"):
            return []
        rest = words[1:]
        of_them = len(rest) > 2 and rest[0].lower_ == "of" and rest[1].lower_ in ("them", "us")
        if of_them:
            rest = rest[2:]
        if len(rest) < 2 or rest[0].lower_ not in ("in", "with", "wearing"):
            return []
        things = [t for t in rest[1:] if t.pos_ == "NOUN" and not self.is_colour(t)]
        if any(self.is_lighting(t, self.kinds(t)) or "matter" in self.kinds(t) for t in things):
            return []  # "all in warm amber light": the picture's light; "all in flour"
        if any(self.lemma(t) in self.terms.palette_heads for t in things):
            return []  # "all in yellow and red tones": the picture's colours
        if any(t.lower_ in ("style", "manner", "spirit", "technique") for t in things):
            return []  # "all in the style of a soviet postcard": the picture's style
        if not things and not (of_them or words[0].lower_ != "all"):
            return []  # "all in black and gold": the picture's colours
        used.update(t.i for t in words)
        kind = "colour" if any(self.is_colour(t) for t in rest) else "other"
        colours = [t.lower_ for t in rest if self.is_colour(t)]
        mention = self.mention("attribute", rest[-1], words_of(rest), target="", kind=kind)
        mention.colours = colours
        return [mention]

    def body_said_after(self, doc: Any, used: set[int], someone: str) -> list[Mention]:
        """ "a potter throwing a bowl, hands covered in clay", "asleep on a chair, his head
        against the wall", "a bounty hunter with a katana, silver hair": a part of the body
        said with how it is, after someone, says how that someone looks (an attribute of
        `someone`, the last subject who has a body), not a thing of its own."""
        words = [t for t in doc if not t.is_punct and t.i not in used]
        start = 1 if words and words[0].lower_ in ("his", "her", "their", "its") else 0
        # "hands covered in clay", "blue eyes": a plural said alone is often tagged a verb
        nouns = [
            t
            for t in words[start:]
            if t.pos_ in ("NOUN", "PROPN")
            or t.tag_ == "VBZ"
            and self.lexicon.is_noun(self.singular(t.lower_))
        ]
        if len(words) - start < 2 or not nouns or words[-1].lemma_.lower() == "style":
            return []  # "a cat, sticker style": the picture's style
        part = nouns[0]
        if any(t.pos_ != "ADJ" for t in words[start : part.i - words[0].i]):
            return []
        # "eyes" as said is also WordNet's "in the eyes of": the singular's first sense too
        body = "body" in self.kinds(part) | self.lexicon.noun_first(self.singular(part.lower_))
        if not body or self.term(part):
            return []
        if any(
            t.pos_ in ("VERB", "AUX")
            and t.tag_ not in ("VBN", "VBG")
            and t is not part
            and not (t.tag_ == "VBD" and t.i > part.i)  # "wings fully spread"
            for t in words
        ):
            return []  # "hands hold a cup": a clause of its own
        if any(
            self.is_lighting(t, self.kinds(t)) for t in words if t is not part and t.pos_ == "NOUN"
        ):
            return []  # "wings catching the light": the light of the picture
        used.update(t.i for t in words)
        text = words_of(words[start:])
        return [self.mention("attribute", part, text, target=someone, kind="body")]

    def pronoun_has(self, doc: Any, used: set[int]) -> list[Mention]:
        """ "he has a grey beard", "she's wearing a red dress", "it has one ear up": what a
        pronoun for the last subject has or wears is that subject's attribute ("with a grey
        beard", "wearing a red dress"), not a thing of its own."""
        out: list[Mention] = []
        for verb in doc:
            lemma = verb.lemma_.lower()
            if verb.pos_ not in ("VERB", "AUX") or lemma not in ("have", "wear"):
                continue
            if not any(c.dep_ == "nsubj" and c.lower_ in _OWNER_PRONOUNS for c in verb.children):
                continue
            objects = [c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")]
            objects += [j for o in objects for j in o.conjuncts if j.pos_ in ("NOUN", "PROPN")]
            for noun in objects:
                if noun.i in used:
                    continue
                conjuncts = {t.i for j in noun.conjuncts if j.i > noun.i for t in j.subtree}
                tokens = [
                    t
                    for t in noun.subtree
                    if t.i not in used
                    and t.i not in conjuncts
                    and t.dep_ not in ("cc", "punct")
                    and not (t.dep_ == "det" and t.head.i == noun.i)
                ]
                used.update(t.i for t in tokens)
                text = f"{'wearing' if lemma == 'wear' else 'with'} {words_of(tokens)}"
                kind = "body" if self.part_of_body(noun) else "other"
                out.append(self.mention("attribute", noun, text, target="", kind=kind))
            if out:
                used.update(t.i for t in verb.subtree if t.dep_ in ("nsubj", "aux", "cc"))
                used.add(verb.i)
        return out

    def said_material(self, kinds: frozenset[str]) -> bool:
        return self.is_material(kinds) or ("matter" in kinds and "food" not in kinds)

    def colour_word(self, word: str) -> bool:
        if self.lexicon.adjective(word, "colour") and not self.lexicon.is_noun(word):
            return True
        return any("colour" in s for s in self.lexicon.noun_senses(word)[:3])

    def named_colour(self, word: str) -> bool:
        """A thing whose name WordNet also uses for its colour: "cream-colored",
        "honey-coloured", "rust-colored"."""
        return any(self.lexicon.adjective(f"{word}_{c}", "colour") for c in ("colored", "coloured"))

    def noun_heads(self, doc: Any) -> Iterator[Any]:
        for token in doc:
            adjective_of_verb = token.pos_ == "ADJ" and token.dep_ == "amod"
            if adjective_of_verb and token.head.pos_ == "VERB" and self.impossible_tag(token):
                yield token  # "a hummingbird hovering": a noun, the verb's subject
                continue
            if self.term(token):
                if self.term(token) == "style" and self.modifies_a_term(token):
                    continue  # "a retro travel poster": one style, read from its head
                after = doc[token.i + 1] if token.i + 1 < len(doc) else None
                if not (
                    self.term(token) == "composition"
                    and after is not None
                    and self.lemma(after) in self.terms.composition_heads
                ):
                    yield token  # "a top down view" is one framing phrase, headed by "view"
            elif self.shade_of_next(token):
                continue  # "more of a moss green": read with the colour
            elif token.dep_ in (
                "poss",
                "compound",
                "amod",
                "nmod",
                "nummod",
                "quantmod",
                "det",
            ) or (
                self.premodifies_medium(token)
                or token.dep_ == "conj"
                and first_conjunct(token).dep_ in ("amod", "nmod", "compound")
            ):
                continue  # part of another noun ("an old man's hands", "a tram driver")
            elif any(n.i == token.i for n in self.plural_nouns.values()):
                continue  # "autumn" of "autumn leaves"
            elif token.dep_ == "npadvmod" and self.is_colour(token.head):
                continue  # "mustard" of "mustard yellow": a shade, part of the colour
            elif token.dep_ == "npadvmod" and token.head.tag_ in ("JJR", "RBR"):
                continue  # "a bit darker": how much, not a thing
            elif token.dep_ == "npadvmod" and self.aged(token.head):
                continue  # "ten years old": the age of the thing it describes
            elif token.dep_ == "npadvmod" and token.lower_ in _AMOUNT_NOUNS:
                continue  # "leaning a bit", "a bit nostalgic": how much
            elif self.before_a_term(token):
                continue  # "dutch still life" parsed as "dutch" doing a still life
            elif self.is_noun_token(token):
                yield token
            elif token.pos_ == "NUM" and token.dep_ in ("ROOT", "dobj", "attr", "pobj"):
                yield token  # "make that five", "a red one"
            elif token.lower_ in _PRONOUN_HEADS | _INDEFINITE_WITH_ADJECTIVE | _NOBODY:
                yield token

    def before_a_term(self, token: Any) -> bool:
        """A word in lower case tagged a name, right before a style or medium term, that
        WordNet also has as an adjective ("dutch", "flemish"): the term's modifier."""
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        return (
            after is not None
            and token.pos_ == "PROPN"
            and token.text.islower()
            and self.term(after) in ("style", "medium")
            and self.lexicon.has_adjective(token.lower_)
        )

    def modifies_a_term(self, token: Any) -> bool:
        """Whether a word is inside the phrase of a style or medium term said after it."""
        while token.dep_ in ("amod", "compound", "nmod") and token.head.i > token.i:
            token = token.head
            if self.term(token) in ("style", "medium"):
                return True
        return False

    def premodifies_medium(self, token: Any) -> bool:
        """ "a pencil sketch" parsed as two phrases: a noun right before a medium is part of
        it."""
        after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        if after is None or token.pos_ != "NOUN" or after.pos_ not in ("NOUN", "PROPN"):
            return False
        if token.dep_ in ("pobj", "dobj") and token.head.i != after.i:
            return False
        return self.term(after) == "medium" or "medium" in self.kinds(after)

    def noun_mentions(
        self,
        head: Any,
        used: set[int],
        context: Context,
        so_far: list[Mention],
        negation: bool = True,
    ) -> list[Mention]:
        """The mention(s) of one noun head; `negation=False` reads it as if not negated (what
        "no X" would mean if it were a repair: "in the style of monet no van gogh")."""
        used.add(head.i)
        if negation and self.negated(head):
            return self.negative(head, used, context)
        if head.dep_ == "pobj" and any(c.dep_ == "case" for c in head.children):
            # "a cat at grandma's", "one of Dottie's": whose place or thing, not a person drawn
            tokens = [*self.left_span(head, used), head]
            used.update(t.i for t in tokens)
            if head.head.lower_ in ("at", "to"):
                return [self.mention("setting", head, f"{words_of(tokens)}'s")]
            return []
        relation, link, attached = self.governor(head)
        placed = self.placed_in_frame(head, relation, link, attached, used)
        if placed is not None:
            return [placed]
        term = self.term(head)
        if term:
            return self.term_mention(head, term, used, relation, link)
        if self.occasion_card(head):  # "a birthday card for my mum, tulips": what it is made as
            return [self.mention("style", head, self.phrase(head, used))]
        made_to_look = self.made_colour(head)
        if made_to_look is not None and made_to_look.of_place:
            return self.palette(head, used)  # "make the water turquoise": the palette
        if made_to_look is not None:  # "make the cat ginger": the cat's colour
            shade = self.shade(head)
            used.update(t.i for t in shade)
            mention = self.mention("attribute", head, words_of([*shade, head]), kind="colour")
            mention.target = made_to_look.target
            return [mention]
        word = head.lower_
        if word in _NOBODY:  # "nobody on the beach": no people in the picture
            return [self.mention("negative", head, "people")]
        if head.pos_ == "NUM" or word in _PRONOUN_HEADS:
            return self.pronoun_mentions(head, used)
        if word in _KIND_NOUNS and not self.has_of(head):
            return self.pronoun_mentions(head, used)  # "a fire truck, the old kind": as "one"
        if word in self.terms.quantities and all(
            t.i == head.i or t.lower_ in ("a", "an", "about", "around") for t in head.doc
        ):
            # "onions on the shed roof, a dozen, no, make it twenty": how many, said alone
            value = self.terms.quantities[word]
            used.update(t.i for t in head.doc)
            return [Mention("count", str(value), head.i, count=value, target="")]
        if word in _INDEFINITE:
            return self.indefinite(head, used)
        if relation == "subject" and link.dep_ == "pcomp" and link.head.lower_ in _WITH:
            kinds = self.kinds(head)
            if not (_SUBJECT_KINDS & kinds) and not self.is_lighting(head, kinds):
                tokens = [t for t in link.subtree if t.i != link.head.i]
                used.update(t.i for t in link.subtree)
                return [self.mention("attribute", head, words_of(tokens), target="")]
        if relation == "pp" and link.lower_ == "of" and attached is not None:
            filled = attached.dep_ == "amod" and self.fills_place(attached)
            if not filled and not self.of_frame(attached):
                return []  # part of its owner's phrase ("field of flowers")
            relation, link, attached = "topic", None, None  # or "a greenhouse full of orchids"
        elif (
            relation == "pp"
            and link.lower_ in _WITH
            and attached is not None
            and attached.pos_ in ("NOUN", "PROPN")
            and self.is_depiction(attached)
        ):
            relation, link, attached = "topic", None, None  # "a picture with a cat"
        elif (
            relation == "pp"
            and link.lower_ == "about"
            and attached is not None
            and attached.pos_ in ("NOUN", "PROPN")
            and (
                self.is_depiction(attached)
                or self.term(attached) in ("style", "medium")
                or "publication" in self.kinds(attached, 2)
            )
        ):
            relation, link, attached = "topic", None, None  # "a book about a postman"
        elif (
            relation == "pp"
            and link.lower_ == "between"
            and attached is not None
            and attached.pos_ == "NOUN"
            and self.kinds(attached) == {"abstract"}
        ):
            relation, link, attached = "topic", None, None  # "a chess game between a robot
            # and an old man": who takes part, not where
        agent = link if relation == "pp" else None
        if head.dep_ == "dobj" and head.head.i in self.participles and head.head.dep_ == "pcomp":
            agent = head.head.head  # "lit by flickering neon signs", parsed as a verb's object
        if agent is not None and self.lit_by(agent):
            return [self.lit_by_mention(head, agent, used)]
        lemma = self.lemma(head)
        kinds = self.kinds(head)
        if self.is_measure(head, kinds):
            return []  # "go forward ten meters", "five minutes later": a measure, not a thing
        if lemma in _TALK_TIMES and head.dep_ == "npadvmod":
            return []  # "skip the wolf this time", "years ago": when, in the talk
        held = relation == "object" and not self.is_frame_verb(link)  # "holding a frame"
        if lemma in self.terms.composition_heads and not held:
            return [self.composition(head, relation, link, used)]
        if lemma in self.terms.palette_heads or word in self.terms.palette_heads:
            return self.palette(head, used)
        if lemma in self.terms.mood_heads:
            said = self.predicates(head)  # "the mood should be spooky"
            used.update(t.i for t in said)
            text = " and ".join(t.lower_ for t in said) or words_of(self.left_span(head, used))
            return [self.mention("mood", head, text)] if text else []
        if lemma == "style" or lemma == "manner" and relation == "pp" and link.lower_ == "in":
            return self.style_of(head, used)  # "in the manner of cezanne", "in a cubist manner"
        if lemma in _MEDIUM_FRAMES:
            framed = self.medium_of(head, used)  # "in the technique of watercolor"
            if framed:
                return framed
        if relation == "pp" and self.said_like(link):
            if any(self.term(t) == "style" for t in head.lefts):
                return []  # "like an anime background": the style is the term
            if self.names_medium(head, kinds, used, framed=True):  # "as a linocut print"
                return self.medium(head, used)
            return [self.mention("style", head, self.phrase(head, used))]
        if "named" in kinds and "artist" in kinds and not self.common_person(head):
            names = [t for t in head.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
            used.update(t.i for t in names)  # "norman rockwell": the whole name
            return [self.mention("style", head, words_of([*names, head]))]
        if self.names_medium(head, kinds, used):
            return self.medium(head, used)  # "a linocut print"
        if lemma in _MEDIA_NAMED_AS_COLOURS and self.painter_before(self.left_span(head, used)):
            return self.medium(head, used)  # "like a degas pastel"
        if "style" in kinds and "person" not in kinds:
            return [self.mention("style", head, self.phrase(head, used))]
        if self.is_lighting(head, kinds):
            return [self.mention("lighting", head, self.lighting_text(head, relation, link, used))]
        # a list said on after the palette joins it ("all ochre, rust and cream")
        colour = self.is_colour(head) or context.last_role == "palette" and self.colour_list(head)
        if colour and "place" not in kinds:
            return self.palette(head, used)
        if self.of_frame(head) and self.has_of(head) or "depiction" in kinds - self.figure(kinds):
            if lemma in self.terms.framing_pictures:
                return [self.mention("composition", head, lemma)]  # "a portrait of X"
            return []  # "a picture of X", "a couple of otters": X is the content
        if self.is_occasion(head, kinds) and relation != "object":
            return [self.mention("setting", head, self.phrase(head, used, "place"))]
        if "season" in kinds:
            text = self.phrase(head, used)
            if relation == "pp":
                text = f"{link.lower_} {text}"
            return [self.mention("setting", head, text, kind="season")]
        if "weather" in kinds:
            text = self.phrase(head, used, "place")
            if relation == "pp" and link.lower_ in _TIME_PREPOSITIONS:  # "during a storm"
                return [self.mention("setting", head, f"{link.lower_} {text}", kind="season")]
            moving = self.weather_moving(head, relation, link, used)
            return [self.mention("setting", head, f"{text} {moving}".strip())]
        if "feeling" in kinds and relation != "pp":
            return [self.mention("mood", head, self.phrase(head, used))]
        period = "period" in kinds or WRITTEN_DECADE.fullmatch(head.lower_)  # "in his 70s"
        if relation == "pp" and period and link.lower_ in ("in", "from"):
            text = f"{link.lower_} {words_of([*self.left_span(head, used), head], False)}"
            return [self.mention("attribute", head, text.replace(" a ", " "), target="")]
        if relation == "pp":
            return self.prepositional(head, link, attached, kinds, used, context, so_far)
        if relation == "object" and not self.is_frame_verb(link) and not (_SUBJECT_KINDS & kinds):
            used.discard(head.i)
            return []  # "reading a book": part of the action
        if relation == "object" and self.event_of_light_verb(link, head):
            used.discard(head.i)
            return []  # "a mole having a picnic": the picnic is what the mole does
        if self.is_material(kinds) and any(self.is_colour(t) for t in self.left_span(head, used)):
            return self.palette(head, used)  # "white and light wood"
        counted = any(t.like_num and (self.number(t) or 0) > 1 for t in self.left_span(head, used))
        if (lemma in self.terms.scene_heads or self.is_place(head, kinds)) and not counted:
            # a place said with a number is a thing in the scene ("five garden beds")
            return [self.mention("setting", head, self.phrase(head, used, "place"))]
        return [self.subject(head, used)]

    @staticmethod
    def lit_by(link: Any) -> bool:
        """ "lit by paraffin lamps", "backlit by the sun": whatever lights the scene is its
        light, whatever the thing is (a lamp, a sign, a fire)."""
        verb = link.head
        return link.lower_ in ("by", "with") and (
            verb.lemma_.lower() in _LIGHTING_VERBS or verb.lower_ in _LIGHTING_VERBS
        )

    def lit_by_mention(self, head: Any, link: Any, used: set[int]) -> Mention:
        verb = link.head
        tokens = [verb, *(c for c in verb.children if c.dep_ == "prt"), *link.subtree]
        tokens = [t for t in tokens if t.i not in used or t.i == head.i]
        used.update(t.i for t in tokens)
        return self.mention("lighting", head, words_of(sorted(tokens, key=lambda t: t.i)))

    def scene_without_subject(self, mentions: list[Mention]) -> None:
        """A picture of one place or building and nothing in it ("a parking garage, no cars",
        "an abandoned hospital, so creepy") is its setting, not its subject."""
        subjects = [m for m in mentions if m.role == "subject"]
        if len(subjects) != 1 or any(m.role in ("setting", "action") for m in mentions):
            return
        scene = subjects[0]
        lemma = scene.head or scene.text
        kinds = self.lexicon.noun_first(lemma) or self.lexicon.noun_first(lemma.split()[-1])
        if not {"building", "place"} & kinds or (_SUBJECT_KINDS | {"body"}) & kinds:
            return
        modifiers = [a.text for a in scene.attributes if len(a.text.split()) == 1]
        if scene.count not in (None, 1) or len(modifiers) < len(scene.attributes):
            return
        scene.role = "setting"
        scene.text = " ".join([*modifiers, scene.text])
        scene.attributes = []

    def names_medium(
        self, head: Any, kinds: frozenset[str], used: set[int], framed: bool = False
    ) -> bool:
        """ "watercolor", and "a linocut print": a word with a medium sense after a medium;
        "a woodblock print of a fox", "like a woodblock print" (`framed`): one said with the
        noun that names its technique, ahead of what it shows or as what the picture is like."""
        if "medium" in kinds:
            return True
        # said alone ("..., a japanese woodblock print, ..."), it is what the picture is
        alone = head.dep_ == "ROOT" and len(list(head.subtree)) == len(head.doc)
        *merged, picture = head.lower_.split() or [""]
        if (framed or alone or self.has_of(head)) and self.made_with_technique(picture):
            span = [t for t in self.left_span(head, used) if t.pos_ in ("NOUN", "ADJ", "PROPN")]
            said_with = [(w, True) for w in merged[-1:]]  # "woodblock print", merged as one
            said_with += [(t.lower_, t.dep_ == "compound" and t.pos_ != "ADJ") for t in span]
            if any(self.names_technique(w, compound) for w, compound in said_with):
                return True
        if "medium" not in self.kinds(head, 3):
            return False
        span = [t for t in self.left_span(head, used) if t.pos_ in ("NOUN", "ADJ")]
        return any("medium" in self.kinds(t) for t in span)

    def made_with_technique(self, picture: str) -> bool:
        """A picture noun a technique can be said with ("print", "etching"): a medium among
        its first two senses, neither of them a place or a picture in general ("landscape",
        "picture"), nor a sculpture ("bust", whose medium sense is the third)."""
        senses = self.lexicon.noun_senses(self.singular(picture))[:2]
        medium = any("medium" in kinds for kinds in senses)
        return medium and not any({"place", "depiction"} & kinds for kinds in senses)

    def names_technique(self, word: str, compound: bool) -> bool:
        """A noun said before a picture noun ("woodblock", `compound`), or a word the tagger
        took for an adjective that WordNet has no adjective for ("risograph", "gelatin"): not
        a quality ("a nice print"), nor what left a mark ("a paw print")."""
        if {"body", "animal", "person"} & self.lexicon.noun_first(self.singular(word)):
            return False
        return compound or not self.lexicon.has_adjective(word)

    @staticmethod
    def said_like(link: Any) -> bool:
        """ "like an anime", and "like in a children's book", "as on an old postcard": the
        picture should look like it."""
        if link.lower_ in ("like", "as"):
            return True
        before = link.doc[link.i - 1] if link.i else None
        if before is None or before.lower_ not in ("like", "as"):
            return False
        return link.lower_ in ("in", "on")

    def placed_in_frame(
        self, head: Any, relation: str, link: Any, attached: Any, used: set[int]
    ) -> Mention | None:
        """ "a rocking horse on the left", "a roast turkey in the middle": where one thing is
        in the picture describes that thing; said alone ("in the middle stands a robot") it
        is the framing, and never a place."""
        word = head.lower_
        if self.term(head) == "composition" and word in _FRAME_POSITION_TERMS:
            owner = head.head if head.dep_ == "prep" and head.head.i != head.i else None
            tokens = [head]
        elif word in _FRAME_POSITIONS and relation == "pp" and link.lower_ in ("on", "in", "at"):
            if self.has_of(head):
                return None  # "in the corner of a room": a place
            owner = attached
            tokens = [link, *(c for c in head.lefts if c.dep_ == "det"), head]
        else:
            return None
        if owner is not None and owner.pos_ in ("VERB", "AUX"):
            # "put a horse on the left", "a girl standing on the left"
            verb = owner
            owner = next((c for c in verb.children if c.dep_ == "dobj"), None)
            if owner is None and verb.dep_ in ("acl", "relcl"):
                owner = verb.head
            owner = owner or next((c for c in verb.children if c.dep_.startswith("nsubj")), None)
        text = words_of(tokens, drop_articles=False)
        used.update(t.i for t in tokens)
        # said before its owner ("in the middle stands a robot"), it is the framing
        if owner is not None and owner.i < head.i and owner.pos_ in ("NOUN", "PROPN"):
            kinds = self.kinds(owner)
            thing = not self.is_place(owner, kinds) and not self.is_lighting(owner, kinds)
            if thing and not self.term(owner):
                return self.mention("attribute", head, text, target=self.lemma(owner))
        return self.mention("composition", head, text)

    @staticmethod
    def ours(head: Any) -> bool:
        """Said with "my" or "our" ("my travel blog", "our book club", "my sister's
        birthday")."""
        owners = [c for c in head.children if c.dep_ == "poss"]
        owners += [g for c in owners for g in c.children if g.dep_ == "poss"]
        return any(o.lower_ in ("my", "our") for o in owners)

    def occasion_card(self, head: Any) -> bool:
        """A card for an occasion ("a birthday card", "an old fashioned christmas card"): the
        kind of picture, not a card drawn in it."""
        words = self.lemma(head).split()
        if words[-1:] not in (["card"], ["postcard"]):
            return False
        if words[0] in _OCCASIONS:
            return True  # one word to WordNet ("birthday card")
        said = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod")]
        return any(
            t.lower_ in _OCCASIONS or "occasion" in self.kinds(t) and t.pos_ != "VERB" for t in said
        )

    def is_occasion(self, head: Any, kinds: frozenset[str]) -> bool:
        """ "a birthday party in a garden", "a village wedding": a gathering shown as the
        scene. Not a gerund the tagger read as one, and not a film or a show, which name a
        medium."""
        if "occasion" not in kinds or _SUBJECT_KINDS & kinds or head.tag_ == "VBG":
            return False
        return not {"medium", "depiction"} & self.kinds(head, senses=3)

    def is_measure(self, head: Any, kinds: frozenset[str]) -> bool:
        """A unit of measure (WordNet noun.quantity: metre, minute, mile) counted by a number
        and not measuring something "of" X: how far or how long, never a depicted thing."""
        counted = any(c.dep_ == "nummod" for c in head.children)
        if "quantity" not in kinds or not counted or self.has_of(head):
            return False
        # "six skeletons rising": a WordNet whose first sense is figurative ("the skeleton of a
        # plan") still names a body or an artefact next; "ten feet tall" stays a measure
        return head.dep_ == "npadvmod" or not _CONCRETE & self.kinds(head, senses=3)

    def is_place(self, head: Any, kinds: frozenset[str]) -> bool:
        """A place, or a surface or room that other things are "with" ("a breakfast table
        with coffee"), or a substance whose next sense is a place ("clean water")."""
        if "place" in kinds:
            return True
        if self.is_material(kinds) and "place" in self.kinds(head, senses=2):
            return True
        if "furniture" not in self.kinds(head, senses=2) or ANIMATE & kinds:
            return False
        withs = [c for c in head.rights if c.dep_ == "prep" and c.lower_ in _WITH]
        objects = [t for w in withs for t in w.children if t.dep_ == "pobj"]
        return any(not ({"body", "wearable"} & self.kinds(o)) for o in objects)

    def place_like(self, head: Any, kinds: frozenset[str]) -> bool:
        """A place, a building, the weather or a season: what a setting names, as against a
        thing something sits on ("a fence post", "a paddleboard")."""
        if self.is_place(head, kinds) or self.lemma(head) in self.terms.scene_heads:
            return True
        return bool(kinds & {"structure", "building", "platform", "weather", "season"})

    def is_material(self, kinds: frozenset[str]) -> bool:
        return "material" in kinds and not (kinds & (_SUBJECT_KINDS | {"food", "structure"}))

    # --- slot builders ----------------------------------------------------------------------

    def mention(self, role: str, head: Any, text: str, **extra: Any) -> Mention:
        mention = Mention(role, text, position=head.i, head=self.lemma(head), **extra)
        if role == "setting" and head.pos_ in ("NOUN", "PROPN"):
            # "a fisherman in a boat, no, make it a raft": what a repair of the setting names
            kinds = self.kinds(head)
            mention.sort = next((k for k in _SORTS if k in kinds), "")
            if not mention.sort and kinds & _SMALL_THINGS and not kinds & _PLACES:
                mention.sort = "thing"  # "on the windowsill", "on a shelf": see `assemble`
            elif not mention.sort and (kinds & _PLACES or head.pos_ == "PROPN"):
                mention.sort = "place"  # "in lisbon", "on the paths": a place of the scene
        return mention

    def phrase(self, head: Any, used: set[int], pps: str = "none") -> str:
        """The phrase headed by `head`: the words before it that modify it, and with
        `pps="place"` its prepositional phrases that say more about a place ("cafe by the
        window", "field of flowers", "hill in spring"); `pps="all"` keeps every prepositional
        phrase that is not a slot of its own."""
        tokens = [*self.left_span(head, used), head]
        for child in head.rights:
            wanted = pps != "none" and child.dep_ in ("prep", "amod", "advmod", "acl")
            if wanted and child.i not in used and self.keeps(child, pps):
                tokens.extend(t for t in self.own_subtree(child) if t.i not in used)
        ids = {t.i for t in tokens}
        tokens += [head.doc[i] for i, n in self.plural_nouns.items() if n.i in ids]
        used.update(t.i for t in tokens)
        return words_of(tokens)

    def fills_place(self, adjective: Any) -> bool:
        """ "a greenhouse full of orchids", "a harbour full of fishing boats": living things or
        vehicles that fill a place are what the picture shows, in that place (as annotators
        write it); what fills a thing stays how the thing looks ("a basket full of mushrooms")."""
        owner = adjective.head
        if owner.pos_ not in ("NOUN", "PROPN") or not self.place_like(owner, self.kinds(owner)):
            return False
        of = [c for c in adjective.children if c.dep_ == "prep" and c.lower_ == "of"]
        objects = [t for p in of for t in p.children if t.dep_ == "pobj"]
        return bool(objects) and bool(_SUBJECT_KINDS & self.kinds(objects[0]))

    def own_subtree(self, token: Any) -> list[Any]:
        """The subtree without the prepositional phrases in it that are slots of their own
        (a time of day inside a place: "a lake early in the morning with mist")."""
        skip: set[int] = set()
        for inner in token.subtree:
            if inner.i == token.i or inner.dep_ != "prep":
                continue
            objects = [t for t in inner.children if t.dep_ == "pobj"]
            if objects and self.is_lighting(objects[0], self.kinds(objects[0])):
                skip.update(t.i for t in inner.subtree)
                if inner.i and inner.doc[inner.i - 1].dep_ == "advmod":
                    skip.add(inner.i - 1)
        return [t for t in token.subtree if t.i not in skip]

    def keeps(self, child: Any, pps: str) -> bool:
        if child.dep_ == "advmod":
            return child.lower_ in ("far", "away", "outside", "inside", "nearby", "below")
        if child.dep_ == "acl":
            return pps == "all"
        if child.dep_ == "amod":  # "full of autumn leaves"
            return any(c.dep_ == "prep" for c in child.children) and not self.fills_place(child)
        objects = [t for t in child.children if t.dep_ in ("pobj", "pcomp")]
        if not objects:
            return child.lower_ in ("away", "behind") or pps == "all" and bool(list(child.children))
        obj = objects[0]
        if self.negated(obj) or self.term(obj) or self.is_colour(obj):
            return False
        if self.lemma(obj) in ("style",) or {"named", "artist"} <= self.kinds(obj):
            return False
        kinds = self.kinds(obj)
        if "medium" in kinds and child.lower_ == "in":
            return False  # "a lake in watercolour": how it is painted, not where
        if self.is_lighting(obj, kinds) or "feeling" in kinds or ANIMATE & kinds:
            return False
        if child.lower_ == "of":
            return True
        if child.lower_ in _WITH:
            return bool({"weather", "place"} & kinds)
        if child.lower_ in _TIME_PREPOSITIONS:
            return bool({"season", "weather"} & kinds)
        if child.lower_ in _STATIC_PREPOSITIONS:
            return not (_SUBJECT_KINDS & kinds) or pps == "all"
        return pps == "all"

    def is_lighting(self, head: Any, kinds: frozenset[str]) -> bool:
        if "light" in kinds or "time_of_day" in kinds:
            return True
        # an abstract first sense gives way to a light or a time of day next ("golden hour":
        # hour as clock time; "a warm glow": glow as light)
        abstract = not kinds or kinds <= {"abstract", "period"}
        if abstract and {"light", "time_of_day"} & self.kinds(head, senses=2):
            return True
        # "three red lanterns": things; "one spotlight" is still the light
        counted = any(t.dep_ == "nummod" and (self.number(t) or 0) > 1 for t in head.lefts)
        if "light_source" in self.kinds(head, senses=2) and head.dep_ == "ROOT" and not counted:
            # "soft spotlight", "a warm lamp" said alone: the light, not a lamp in the scene
            # (spotlight's first sense is abstract: the focus of attention)
            adjectives = [t for t in head.lefts if t.dep_ == "amod"]
            lit = [t for t in adjectives if self.is_colour(t) or self.is_light_word(t)]
            if lit or kinds <= {"abstract"}:
                return True
        against = head.dep_ == "pobj" and head.head.lower_ == "against"
        if against and ({"celestial", "light_source"} & kinds or head.lower_ == "light"):
            return True  # "a dandelion against the sun": backlit
        verb = head.head
        if "celestial" in kinds and head.dep_ == "nsubj" and verb.pos_ == "VERB":
            return not any(c.dep_ == "dobj" for c in verb.children)  # "when the sun came out"
        if self.lamp_alight(head) is not None:
            return True  # "street lamps burning", "lanterns lit": the light, not lamps drawn
        modifiers = [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod")]
        if self.lemma(head) == "sun" and (modifiers or self.sun_as_light(head)):
            return True  # "low winter sun", "harsh noon sun": how the picture is lit
        if self.lemma(head) == "day" and modifiers and not counted:
            return True  # "a grey drizzly day", "a hot summer day": the day's light and weather
        return any(self.lexicon.noun(self.lemma(t), "time_of_day") for t in modifiers) and (
            "celestial" in kinds
        )

    def lamp_alight(self, head: Any) -> Any | None:
        """The word that says a lamp is alight, when that is all that is said of it: "street
        lamps burning", "lanterns lit", "one lamp shining", "street lamps on". Candles, said
        mostly of things on a table or a cake, are left things."""
        if "light_source" not in self.kinds(head, senses=2) or self.lemma(head) in _THINGS_ALIGHT:
            return None
        verb = head.head
        said_of = head.dep_ == "nsubj" and verb.lemma_.lower() in _SHINING and verb.i > head.i
        if said_of and not any(c.dep_ in ("dobj", "prep") for c in verb.children):
            return verb
        for child in head.rights:
            said = child.dep_ in ("acl", "amod") and child.lemma_.lower() in _SHINING
            if said and not any(c.dep_ in ("dobj", "prep") for c in child.children):
                return child
            if child.dep_ == "prep" and child.lower_ == "on" and not list(child.children):
                return child
        return None

    def sun_as_light(self, head: Any) -> bool:
        """The sun said as where the light comes from ("sun through the tall windows", "the sun
        right overhead", "sun at its zenith"), said alone, or listed with the time, the season
        or the weather ("haze, the sun", "summer, sun"): the light, not a sun drawn in the
        picture."""
        if any(self.sun_path(child) for child in head.rights):
            return True
        if head.dep_ == "ROOT" and all(c.dep_ in ("det", "punct") for c in head.children):
            return True  # "cedar nuts, sun, summer": said alone between pauses
        listed = [c for c in head.children if c.dep_ in ("conj", "appos")]
        if head.dep_ in ("conj", "appos", "dep"):
            listed.append(head.head)
        weather = {"time_of_day", "season", "weather", "light"}
        return any(t.pos_ in ("NOUN", "PROPN") and weather & self.kinds(t) for t in listed)

    @staticmethod
    def sun_path(child: Any) -> bool:
        """Where the sun's light comes from: "through the windows", "from the side", "right
        overhead", "at its zenith"."""
        if child.dep_ == "prep" and child.lower_ in ("through", "from"):
            return True
        if child.dep_ == "advmod" and child.lower_ in ("overhead", "low", "high"):
            return True
        return child.dep_ == "prep" and any(t.lower_ == "zenith" for t in child.subtree)

    def lighting_text(self, head: Any, relation: str, link: Any, used: set[int]) -> str:
        """The light and where it comes from ("golden hour light through the window",
        "light coming through the stained glass windows"); a time with its preposition and
        degree ("early in the morning")."""
        tokens = [*self.left_span(head, used), head]
        for child in head.rights:
            source = child.dep_ == "prep" and child.lower_ in _LIGHT_PREPOSITIONS
            source = source or self.lemma(head) == "sun" and self.sun_path(child)
            if source or child.dep_ == "acl" and child.lemma_.lower() in _LIGHT_VERBS_OF_SOURCE:
                tokens.extend(child.subtree)
        alight = self.lamp_alight(head)
        if alight is not None:
            tokens.append(alight)
        verb = head.head
        if head.dep_ == "nsubj" and verb.pos_ == "VERB":
            if "celestial" in self.kinds(head):  # "the sun came out"
                tokens.extend([verb, *(c for c in verb.children if c.dep_ in ("prt", "advmod"))])
            elif verb.lemma_.lower() in _LIGHT_VERBS_OF_SOURCE:
                tokens.extend(t for t in verb.subtree if t.i > head.i)
        tokens = [t for t in tokens if t.i not in used or t.i == head.i]
        used.update(t.i for t in tokens)
        text = words_of(tokens)
        bare = not any(c.dep_ in ("det", "poss") for c in head.children)
        if relation == "pp" and link.lower_ == "by" and link.head.pos_ != "VERB" and bare:
            return f"by {text}"  # "a cliff by moonlight": not "lit by a lamp", the light itself
        if relation == "pp" and link.lower_ not in ("by", "with", "of", "like"):
            lead = [t for t in link.lefts if t.dep_ == "advmod"]
            before = head.doc[link.i - 1] if link.i else None
            # "late at night" said alone is parsed with "late" its root, "at" its child
            degree = before is not None and (
                before.dep_ == "advmod" or before.tag_ == "RB" and link.head.i == before.i
            )
            if before is not None and degree and before.i not in used:
                lead.append(before)
            used.update(t.i for t in lead)
            text = " ".join(p for p in (words_of(lead), link.lower_, text) if p)
        return text

    def has_of(self, head: Any) -> bool:
        return any(c.dep_ == "prep" and c.lower_ == "of" for c in head.rights)

    def composition(self, head: Any, relation: str, link: Any, used: set[int]) -> Mention:
        """A framing phrase; after "from" with where it is seen from ("seen from a low
        angle")."""
        # "an aerial view of two tugboats": what is seen is the content, not part of the frame
        content = [
            t.i
            for c in head.rights
            if c.dep_ == "prep" and c.lower_ == "of"
            for o in c.children
            if o.dep_ == "pobj" and self.is_content_noun(o) and not self.term(o)
            for t in c.subtree
        ]
        hidden = used.isdisjoint(content)
        used.update(content)
        text = self.phrase(head, used, "none" if content else "all")
        if hidden:
            used.difference_update(content)
        if relation == "pp" and link.lower_ == "from":
            verb = link.head if link.head.lemma_.lower() in _FRAMING_VERBS else None
            text = " ".join(w for w in (verb.lower_ if verb else "", "from", text) if w)
            used.update(t.i for t in (link, verb) if t is not None)
        elif relation == "pp" and link.lower_ == "in" and not self.left_span(head, used):
            text = f"in {text}"  # "in profile", "in silhouette": the preposition says the framing
            used.add(link.i)
        return self.mention("composition", head, text)

    def term_mention(
        self, head: Any, family: str, used: set[int], relation: str, link: Any
    ) -> list[Mention]:
        if family == "composition":
            return [self.composition(head, relation, link, used)]
        if family == "style":
            return [self.mention("style", head, self.style_phrase(head, used))]
        if head.dep_ == "compound" and head.head.lemma_.lower() == "style":
            # "blueprint style", "claymation style": the speaker names a style, not a medium
            used.update((head.i, head.head.i))
            return [self.mention("style", head, self.canonical_medium(head))]
        picture = head.head
        if (
            head.lower_.startswith("in ")
            and head.dep_ == "prep"
            and picture.pos_ == "VERB"
            and picture.i not in used
            and picture.dep_ not in ("acl", "relcl")  # "a girl painting in oil" paints
            and not any(c.dep_ == "nsubj" for c in picture.children)
            and "medium" in self.lexicon.noun_first(picture.lower_)
        ):
            # "sketch in pencil", "drawing in ink" said without an article: a pencil sketch
            used.update((head.i, picture.i))
            return [self.mention("medium", picture, made_in(head, picture.lower_))]
        return self.medium(head, used)

    def style_phrase(self, head: Any, used: set[int]) -> str:
        """A style said as the head of its phrase keeps the words that say which kind ("an
        old soviet cartoon", "an eighties sports poster"); as a modifier ("a cartoon cat") it
        is the term alone."""
        if head.dep_ in ("amod", "compound", "nmod"):
            return str(head.lower_)
        span = self.left_span(head, used)
        while span and (
            span[0].pos_ in ("NUM", "CCONJ")
            or self.colour_word(span[0].lower_)
            or self.lexicon.adjective(span[0].lower_, "size_age")
            and span[0].lower_ != "old"
        ):
            span = span[1:]
        used.update(t.i for t in span)
        return words_of([*span, head])

    def medium(self, head: Any, used: set[int]) -> list[Mention]:
        """A medium with what it is made with ("pencil sketch", "oil painting"); named after
        a genre or a possessor ("a children's book illustration", "a fantasy book cover") it
        is a style; "an anime style illustration" is both, and so is "an edward hopper
        painting": the painter is the style, the rest the medium."""
        span = self.left_span(head, used)
        made_with = next(  # "a sketch in pencil", "a drawing in ink": a pencil sketch
            (c for c in head.rights if self.term(c) == "medium" and c.lower_.startswith("in ")),
            None,
        )
        if made_with is not None and not span:
            used.update((head.i, made_with.i))
            return [self.mention("medium", head, made_in(made_with, self.canonical_medium(head)))]
        style_words = [t for t in span if self.term(t) == "style" or t.lower_ == "style"]
        if style_words:
            used.update(t.i for t in span if t.i >= style_words[0].i)
            used.add(head.i)
            said = self.mention("medium", head, self.canonical_medium(head))
            named = [t for t in span if t.i < style_words[0].i]  # "a van gogh style painting"
            if named and self.painter_before(named) == named:
                used.update(t.i for t in named)
                return [self.mention("style", named[-1], words_of(named)), said]
            return [said]
        painter = self.painter_before(span)
        if painter:
            used.update(t.i for t in span)
            used.add(head.i)
            rest = [t for t in span if t.i > painter[-1].i]
            medium = words_of([*rest, head]) if rest else self.canonical_medium(head)
            return [
                self.mention("style", painter[-1], words_of(painter)),
                self.mention("medium", head, medium),
            ]
        genre = [
            t
            for t in span
            if t.dep_ == "poss"
            or t.lower_ == "'s"
            or {"publication", "style"} & self.kinds(t)
            or "named" in self.kinds(t)
        ]
        text = self.phrase(head, used)
        for child in head.rights:  # "an illustration for a children's book"
            objects = [t for t in child.children if t.dep_ == "pobj"]
            if child.lower_ == "for" and objects and "publication" in self.kinds(objects[0], 2):
                tokens = [*self.left_span(objects[0], used), objects[0]]
                topic = {  # "for a children's book about a postman": the postman is depicted
                    t.i
                    for p in objects[0].rights
                    if p.dep_ == "prep" and p.lower_ == "about"
                    for t in p.subtree
                }
                used.update(t.i for t in child.subtree if t.i not in topic)
                return [self.mention("style", head, f"{words_of(tokens)} {text}")]
        if genre:
            return [self.mention("style", head, text)]
        if len(text.split()) == 1:
            text = self.canonical_medium(head)
        return [self.mention("medium", head, text)]

    def painter_before(self, span: list[Any]) -> list[Any]:
        """The names that open a medium's phrase ("an edward hopper painting", "a degas
        pastel"): proper names, one of them a person's; a possessive ("van gogh's") or a
        genre word among them makes the whole phrase the style instead."""
        names: list[Any] = []
        for token in span:
            if token.dep_ == "poss" or token.lower_ == "'s":
                return []
            said_as_name = token.pos_ == "PROPN" or "named" in self.kinds(token)
            surname = names and any("person" in k for k in self.lexicon.noun_senses(token.lower_))
            if not said_as_name and not surname:  # "edward hopper": the tagger's noun "hopper"
                break
            names.append(token)
        person = any(
            {"named", "person"} <= kinds or "artist" in kinds
            for t in names
            for kinds in self.lexicon.noun_senses(t.lower_)
        )
        return names if person else []

    def canonical_medium(self, head: Any) -> str:
        # the word as said: "a photo" is annotated "photo", "a photograph" "photograph"
        return self.lemma(head) if self.lemma(head) in ("photo", "photograph") else head.lower_

    def style_of(self, head: Any, used: set[int]) -> list[Mention]:
        """ "in the style of X", "X style", "in fantasy style"."""
        used.add(head.i)
        of = [c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"]
        objects = [t for t in of for t in t.children if t.dep_ == "pobj"]
        if objects and (self.term(objects[0]) == "medium" or "medium" in self.kinds(objects[0])):
            return self.medium(objects[0], used)  # "in the style of a pencil sketch"
        if objects:
            tokens = [t for c in of for t in c.subtree if t.i != c.i]
            used.update(t.i for c in of for t in c.subtree)
            return [self.mention("style", objects[0], words_of(tokens))]
        span = self.left_span(head, used)
        if span:
            used.update(t.i for t in span)
            return [self.mention("style", head, words_of(span))]
        return []

    def medium_of(self, head: Any, used: set[int]) -> list[Mention]:
        """ "in the technique of watercolor", "in the form of a mosaic", "watercolor
        technique": the medium named with it."""
        of = [c for c in head.rights if c.dep_ == "prep" and c.lower_ == "of"]
        named = [t for c in of for t in c.children if t.dep_ == "pobj"]
        named += [t for t in head.lefts if t.dep_ in ("compound", "amod", "nmod")]
        for token in named:
            if self.term(token) == "medium" or "medium" in self.kinds(token):
                used.add(head.i)
                used.update(t.i for c in of for t in c.subtree if t.i != token.i)
                return self.medium(token, used)
        return []

    def palette(self, head: Any, used: set[int]) -> list[Mention]:
        """Colours of the whole picture, one per coordinated colour phrase ("dark blue and
        grey tones": dark blue, grey); a palette word stays only with what is not a colour
        ("warm colors")."""
        said = []
        if self.lemma(head) in self.terms.palette_heads:
            said = self.predicates(head) or self.colours_of(head)
        if said:  # "the palette should be rust and sand": whatever it is said to be
            used.add(head.i)
            out = []
            for token in said:
                span = [*self.left_span(token, used), token]
                used.update(t.i for t in span)
                out.append(self.mention("palette", token, words_of(span), kind="colour"))
            return out
        conjuncts = [head, *(c for c in head.conjuncts if c.i > head.i)]
        out = []
        for token in conjuncts:
            if token.i in used and token.i != head.i:
                continue
            used.add(token.i)
            span = self.left_span(token, used)
            used.update(t.i for t in span)
            groups: list[list[Any]] = [[]]
            for t in span:
                if t.pos_ == "CCONJ":
                    groups.append([])
                else:
                    groups[-1].append(t)
            is_palette_word = self.lemma(token) in self.terms.palette_heads
            if is_palette_word and any(self.is_colour(t) for t in span):
                texts = [words_of(g) for g in groups if g]
            else:
                texts = [words_of(g) for g in groups[:-1] if g] + [words_of([*groups[-1], token])]
            out.extend(self.mention("palette", token, text, kind="colour") for text in texts)
        return [m for m in out if m.text]

    def predicates(self, head: Any) -> list[Any]:
        """What a copula says its subject is: "the palette should be rust and sand"; or a small
        clause without one: "make the colors pink and lavender"."""
        verb = head.head
        if head.dep_ != "nsubj":
            return []
        if verb.lemma_.lower() == "be":
            said = [c for c in verb.children if c.dep_ in ("attr", "acomp")]
        elif verb.pos_ in ("ADJ", "NOUN") and verb.dep_ in ("ccomp", "xcomp"):
            said = [verb]
        else:
            return []
        return self.with_listed_colours(
            [t for p in said for t in (p, *p.conjuncts) if t.i > head.i]
        )

    def colours_of(self, head: Any) -> list[Any]:
        """ "a palette of burnt sienna and ochre": the colours a palette word is "of"."""
        objects = [
            o
            for prep in head.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for o in prep.children
            if o.dep_ == "pobj"
        ]
        return self.with_listed_colours([t for o in objects[:1] for t in (o, *o.conjuncts)])

    def with_listed_colours(self, found: list[Any]) -> list[Any]:
        """The tokens found, then the colour words listed right after the last of them
        whatever the parse made of those ("pink and lavender", where the parse may hang
        "lavender" on the verb)."""
        if not found:
            return []
        out: list[Any] = list(found)
        token = found[-1]
        index = token.i + 1
        doc = token.doc
        while index + 1 < len(doc) and doc[index].lower_ in ("and", "or", ","):
            after = doc[index + 1]
            if after in token.conjuncts or not self.colour_word(after.lower_):
                break
            out.append(after)
            index += 2
        return out

    def subject(self, head: Any, used: set[int]) -> Mention:
        """A thing in the picture: the noun with its compounds ("tram driver", "sea turtle"),
        its count and its attributes."""
        name = self.noun_phrase_lemma(head)
        span = self.left_span(head, used)
        compounds: list[Any] = []
        for token in reversed(span):
            if token.dep_ != "compound" or token.pos_ not in ("NOUN", "PROPN"):
                break
            if self.term(token) or self.is_colour(token) or self.number(token) is not None:
                break
            word = token.lower_
            if word == "style":
                break  # "an anime style fox": the fox is drawn in it
            if not self.lexicon.is_noun(word) and self.lexicon.has_adjective(word):
                break  # "snowy chapel" said without an article: "snowy" tagged a name
            made_of = (
                self.is_material(self.kinds(token))
                or "matter" in self.kinds(token, 2)
                or "material" in self.kinds(token, 3)  # "a stone bridge": WordNet's third
            )
            if made_of and not self.sold_or_served(token, head):
                break  # what it is made of is an attribute: "a glass greenhouse"
            compounds.insert(0, token)
        words = [t.lower_ for t in compounds] + self.lemma(head).split()
        if len(words) > len(name.split()) and not self.keeps_compound(compounds, head):
            # "a wizard cat", "a goblin merchant": a creature named by another creature is
            # the head one, and the other says what kind (data/descriptions/README.md)
            words = name.split()
        noun = name if len(name.split()) > len(words) else " ".join(words)
        in_noun = len(noun.split()) - len(self.lemma(head).split())  # words before the head
        used.update(t.i for t in span[len(span) - in_noun :] if in_noun)
        mention = self.mention("subject", head, noun)
        mention.attributes = self.attributes(head, span[: len(span) - in_noun], used)
        ages = self.age_words(span)
        mention.count = self.count(head, [t for t in span if t.i not in ages])
        mention.numbered = any(  # a number, not a quantity word ("a family of matryoshkas")
            (t.lower_ in self.terms.numbers or t.lower_.isdigit()) and t.lower_ != "one"
            for t in span
            if t.i not in ages
        )
        mention.colours = [a.text for a in mention.attributes if a.kind == "colour"]
        kinds = self.kinds(head)
        if kinds == {"abstract"}:
            # "a grey donkey": WordNet's first donkey is a party's emblem; a thing drawn is of
            # the sort of its first sense that can be drawn
            kinds = self.kinds(head, senses=3)
        mention.sort = next((k for k in _SORTS if k in kinds), "thing")
        if mention.sort == "thing" and {"building", "place"} & self.kinds(head, senses=3):
            mention.sort = "place"  # "a village square": what a repair of a setting names
        return mention

    def keeps_compound(self, compounds: list[Any], head: Any) -> bool:
        """Whether the words before the head stay in the noun although WordNet does not know
        the whole: a name said in parts ("saint michael's mount"), one the merged-terms step
        made one token, a translation's, or anything but a creature named by creatures."""
        if self.translated:  # "matryoshka doll", "father frost": one Russian word
            return True
        if head.pos_ == "PROPN" or any(" " in t.text or t.pos_ == "PROPN" for t in compounds):
            return True
        beings = {"person", "animal", "creature"}
        # "a tram driver", "a sea otter", "a tiger cub" stay one noun
        return not all(beings & self.kinds(t) for t in [*compounds, head])

    def sold_or_served(self, modifier: Any, head: Any) -> bool:
        """ "a noodle shop", "a tea house", "a cookie jar": food (by its first sense) before a
        place or a vessel says what it is for, not what it is made of ("a chocolate cake")."""
        word = modifier.lower_
        kinds = self.kinds(modifier)
        if "food" not in kinds or "animal" in kinds or self.colour_word(word):
            return False  # not "a ginger cat", "a tuna fishing boat"
        if self.lexicon.has_adjective(word):
            return False
        held = {"place", "building", "structure", "container", "vehicle", "furniture"}
        return bool(held & self.kinds(head, senses=2))

    def count(self, head: Any, span: list[Any]) -> int | None:
        for token in [*span, *(c for c in head.lefts if c.dep_ == "det")]:
            value = self.number(token)
            if value is not None and (token.lower_ != "one" or token.dep_ == "nummod"):
                return value
        owner = first_conjunct(head)
        if owner.dep_ == "pobj" and owner.head.lower_ == "of":
            quantity = owner.head.head
            value = self.number(quantity)
            if value is None:
                value = next(
                    (self.number(t) for t in quantity.lefts if self.number(t) is not None), None
                )
            if value is not None:
                return value
            if {"group", "quantity"} & self.kinds(quantity):
                return 2
        word = head.lower_
        if (
            (head.tag_ in ("NNS", "NNPS") or head.i in self.fragment_nouns)
            and self.singular(word) != word
            or (self.lexicon.noun_base(word) not in (None, word))
        ):
            return 2
        if head.dep_ == "nsubj" and self.plural_verb(head.head):
            return 2  # "sheep are grazing": the verb says what the noun's form does not
        return None

    @staticmethod
    def plural_verb(verb: Any) -> bool:
        # said with "are" or "were" (a bare verb form may be a misread adjective: "lid open")
        auxiliaries = [c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")]
        return (auxiliaries[-1:] or [verb.lower_])[0] in ("are", "were")

    def attributes(self, head: Any, span: list[Any], used: set[int]) -> list[Attribute]:
        """Modifiers of a subject: adjectives (a colour keeps its shade: "pale green", "rust
        orange"), possessors ("old man's"), "with" + a body part or clothing ("a grey beard"),
        "made of X", "in his seventies"."""
        out: list[Attribute] = []
        pending_shade: list[Any] = []
        possessed: set[int] = set()
        for token in span:
            if token.dep_ == "poss" and token.i not in possessed:  # "an old man's"
                tokens = [t for t in token.subtree if t.i not in used]
                possessed.update(t.i for t in tokens)
                out.append(Attribute(words_of(tokens), "other"))
        ages = self.age_words(span)
        for token in span:
            if token.i in used or token.i in possessed or token.pos_ in ("CCONJ", "DET", "NUM"):
                continue
            if token.i in ages:
                continue  # "a ten year old boy": said with "old"
            if self.term(token) or self.number(token) is not None or token.lower_ == "style":
                continue
            if token.lower_ in _DEGREE:
                pending_shade.append(token)
                continue
            after = head.doc[token.i + 1] if token.i + 1 <= head.i else None
            if (
                after is not None
                and self.is_colour(after)
                and (token.lower_ in self.terms.shades or token.pos_ == "NOUN")
            ):
                pending_shade.append(token)  # "pale green", "rust orange"
                continue
            if self.aged(token):  # "a ten year old boy"
                out.append(Attribute(words_of(token.subtree), "size_age"))
                used.update(t.i for t in token.subtree)
                continue
            kind = "colour" if self.is_colour(token) else self.adjective_kind(token)
            out.append(Attribute(words_of([*pending_shade, token]), kind))
            pending_shade = []
        used.update(t.i for t in span)
        for child in head.rights:
            out.extend(self.right_attributes(child, used))
        return [a for a in out if a.text]

    @staticmethod
    def aged(adjective: Any) -> bool:
        """ "ten years old", "a ten year old boy": an age, said with its measure."""
        return adjective.lower_ == "old" and any(
            c.dep_ == "npadvmod" and c.lemma_ in ("year", "month", "week")
            for c in adjective.children
        )

    def age_words(self, span: list[Any]) -> set[int]:
        """The words that say an age with "old" ("ten year" of "a ten year old boy")."""
        return {t.i for a in span if self.aged(a) for t in a.subtree if t.i != a.i}

    def adjective_kind(self, token: Any) -> str:
        for kind in ("colour", "light", "temperature", "feeling", "material"):
            if self.lexicon.adjective(token.lower_, kind):
                return kind
        word = token.lower_
        # "wooden", "woollen", "silken": the -en adjective of a material WordNet does not link
        stems = (word[:-2], word[:-3]) if word.endswith("en") and len(word) > 5 else ()
        if any(self.is_material(self.lexicon.noun_first(stem)) for stem in stems):
            return "material"
        return "other"

    def right_attributes(self, child: Any, used: set[int]) -> list[Attribute]:
        if child.i in used:
            return []
        if child.dep_ == "amod" and self.aged(child):  # "a boy about ten years old"
            used.update(t.i for t in child.subtree)
            return [Attribute(words_of(child.subtree), "size_age")]
        if child.dep_ == "amod" and child.lower_ == "full" and not self.fills_place(child):
            # "a basket full of wild mushrooms" (on moss: where the basket is)
            objects = [o for prep in child.children for o in prep.children if o.dep_ == "pobj"]
            return [Attribute(self.held_phrase(child, objects, used))]
        if child.dep_ == "acl" and child.lemma_.lower() == "make":  # "made of fire"
            used.update(t.i for t in child.subtree)
            return [Attribute(words_of(child.subtree))]
        if child.dep_ != "prep":
            return []
        objects = [t for t in child.children if t.dep_ == "pobj"]
        if not objects or self.negated(objects[0]):
            return []
        if child.lower_ == "of" and "container" in self.kinds(child.head, senses=2):
            # "a bowl of ramen": what the vessel holds (`of_frame`)
            return [Attribute(self.held_phrase(child, objects[:1], used))]
        out: list[Attribute] = []
        for obj in [objects[0], *objects[0].conjuncts]:
            kinds = self.kinds(obj)
            wearable = bool({"body", "wearable"} & kinds)
            absolute = self.absolute_verb(obj, kinds)
            if child.lower_ in _WITH and (wearable or absolute) and not self.term(obj):
                out.append(
                    Attribute(
                        self.absolute_text(obj, absolute, used), "body" if wearable else "other"
                    )
                )
            elif (
                child.lower_ in ("in", "from") and "period" in kinds and "time_of_day" not in kinds
            ):
                tokens = [*self.left_span(obj, used), obj]
                used.update(t.i for t in [child, *tokens])
                return [Attribute(f"{child.lower_} {words_of(tokens, False)}")]
            elif child.lower_ in ("in", "on") and wearable:
                tokens = self.worn(child, obj, used)
                colours = self.colours_among(tokens)
                return [Attribute(words_of(tokens), "body", colours=colours)]
        return out

    def held_phrase(self, root: Any, objects: list[Any], used: set[int]) -> str:
        """What a vessel holds or a thing is full of, said from `root` ("of pickles", "full of
        wild mushrooms"), without what is said of those `objects` ("a jar of pickles on the
        windowsill": the jar is on it)."""
        said_of = {
            t.i
            for obj in objects
            for c in obj.children
            if c.dep_ in ("prep", "acl", "relcl")
            for t in c.subtree
        }
        tokens = [t for t in root.subtree if t.i not in said_of and t.i not in used]
        used.update(t.i for t in tokens)
        return words_of(tokens)

    def worn(self, prep: Any, noun: Any, used: set[int]) -> list[Any]:
        """ "in a tweed jacket", "on his shoulder": the preposition with the whole noun
        phrase, without a clause said after it ("in a tweed jacket reading a newspaper": the
        reading is the subject's action, not the jacket's)."""
        clause = {t.i for c in noun.children if c.dep_ in ("acl", "relcl") for t in c.subtree}
        tokens = [
            t for t in prep.subtree if t.i not in clause and (t.i not in used or t.i == noun.i)
        ]
        used.update(t.i for t in tokens)
        return tokens

    def absolute_verb(self, noun: Any, kinds: frozenset[str]) -> Any:
        """ "with steam rising": the participle said of a thing that is not a subject or
        clothing (whose participle is the subject's action: "a raincoat standing ...")."""
        if _SUBJECT_KINDS & kinds or {"body", "wearable"} & kinds:
            return None
        return next((c for c in noun.children if c.dep_ in ("acl", "relcl")), None)

    def absolute_text(self, noun: Any, verb: Any, used: set[int]) -> str:
        text = self.phrase(noun, used)
        if self.part_of_body(noun):  # "a white tip of the tail": the part says whose
            part = next(p for p in noun.rights if p.dep_ == "prep" and p.lower_ == "of")
            tokens = [t for t in part.subtree if t.i not in used]
            used.update(t.i for t in tokens)
            text = f"{text} {words_of(tokens)}"
        if verb is None:
            return text
        tokens = [verb, *(c for c in verb.children if c.dep_ in ("prt", "advmod"))]
        used.update(t.i for t in tokens)
        return f"{text} {words_of(tokens)}"

    def prepositional(
        self,
        head: Any,
        prep: Any,
        attached: Any,
        kinds: frozenset[str],
        used: set[int],
        context: Context,
        so_far: list[Mention],
    ) -> list[Mention]:
        """A noun after a preposition that is not a slot by itself: a place, a thing "with"
        a subject, part of an action, a body part or clothing of a subject."""
        word = prep.lower_
        lead = self.prep_words(prep)
        if word in ("to", "of") and prep.head.lower_ in ("next", "close", "front", "top"):
            word = prep.head.lower_  # "next to", "in front of", "on top of"
            lead = words_of([prep.head, prep], drop_articles=False)
            if prep.head.dep_ == "pobj" and prep.head.head.pos_ == "ADP":
                lead = f"{prep.head.head.lower_} {lead}"
        if word == "for" and self.occasion_card(head):
            return [self.mention("style", head, self.phrase(head, used))]  # "for our xmas card"
        if word == "for" and ("person" in kinds or self.ours(head)):
            # "a card for my wife", "this is for my son", "for my travel blog", "for our book
            # club": who or what the picture is for, not where it is
            used.update(t.i for t in head.subtree)
            return []
        if word == "for":
            return [self.mention("setting", head, self.phrase(head, used))]
        if word == "in" and self.lemma(head) in ("row", "line") and head.n_rights == 0:
            # "five canisters in a row": how they stand, not a place (as dev annotators write)
            owned = attached is not None and self.is_content_noun(attached)
            text = words_of([prep, *head.subtree], drop_articles=False)
            used.update(t.i for t in head.subtree)
            target = self.lemma(attached) if owned else ""
            return [self.mention("attribute", head, text, target=target)]
        if word in _WITH:
            absolute = self.absolute_verb(head, kinds)
            if {"body", "wearable"} & kinds or absolute:
                colours = self.colours_before(head, used)
                text = self.absolute_text(head, absolute, used)
                mention = self.mention("attribute", head, text, target="", kind="body")
                mention.colours = colours
                return [mention]
            carried = self.carried_by(head, attached, kinds, context)
            animate_owner = attached is not None and bool(ANIMATE & self.kinds(attached))
            if not (carried and animate_owner) and (
                self.is_place(head, kinds)
                or "weather" in kinds
                or self.lemma(head) in (self.terms.scene_heads)
            ):
                return [self.mention("setting", head, self.phrase(head, used, "place"))]
            if carried:
                colours = self.colours_before(head, used)
                said = self.phrase(head, used).split()
                text = " ".join([word, *(said[1:] if said[:1] in (["and"], ["or"]) else said)])
                target = self.lemma(attached) if attached is not None else ""
                kept = self.mention("attribute", head, text, target=target, kind="carried")
                kept.colours = colours
                kept.sort = next((k for k in _SORTS if k in kinds), "thing")
                return [kept]
            return [self.subject(head, used)]
        if self.covered_in(prep, kinds, context):
            opening = [t for t in head.doc[: prep.i] if t.lower_ in _COVERED]
            tokens = [*opening, *(t for t in prep.subtree if t.i not in used or t.i == head.i)]
            used.update(t.i for t in tokens)
            return [self.mention("attribute", head, words_of(tokens), target="", kind="body")]
        if word in _BELOW and {"celestial", "light_source"} & kinds:
            text = f"{lead} {self.phrase(head, used)}"  # "under a full moon", "under a lamp"
            return [self.mention("lighting", head, text)]
        if word in ("on", "in") and {"body", "wearable"} & self.worn_kinds(head, kinds, attached):
            tokens = self.worn(prep, head, used)
            worn = self.mention("attribute", head, words_of(tokens), target="", kind="body")
            worn.colours = self.colours_among(tokens)
            return [worn]
        on_verb = attached is not None and attached.pos_ in ("VERB", "AUX")
        setting_said = context.has_setting or any(m.role == "setting" for m in so_far)
        on_light = attached is not None and attached.pos_ in ("NOUN", "PROPN") and word != "of"
        lit = on_light and self.is_lighting(attached, self.kinds(attached))
        if lit and not self.is_place(head, kinds):
            return [self.subject(head, used)]  # "a starry night over a fishing village"
        if on_verb and not self.is_frame_verb(attached):
            if self.lexicon.verb(attached.lemma_.lower(), "perception"):
                used.discard(head.i)
                return []  # "looking at the camera": where the look goes, not a place
            if _SUBJECT_KINDS & kinds and (
                word not in _STATIC_PREPOSITIONS or ANIMATE & kinds or word in ("at", "to")
            ):
                return [self.subject(head, used)]  # "drinking from a flower", "howling at the moon"
            if not self.is_place(head, kinds) and (
                setting_said
                or word in _PATH_PREPOSITIONS
                or word not in _STATIC_PREPOSITIONS | _TIME_PREPOSITIONS
            ):
                used.discard(head.i)
                return []  # "sleeping on the rug" when the room was said: the action's
        if (
            setting_said
            and word in _STATIC_PREPOSITIONS
            and self.beside_a_thing(head, attached, kinds)
        ):
            text = f"{lead} {self.phrase(head, used)}"
            return [self.mention("attribute", head, text, target=self.lemma(attached))]
        if word in _STATIC_PREPOSITIONS or word in _TIME_PREPOSITIONS:
            if ANIMATE & kinds:
                return [self.subject(head, used)]
            text = self.phrase(head, used, "place")
            if word not in ("in", "on", "at", "of"):
                text = f"{lead} {text}"
            mention = self.mention("setting", head, text, kind=word)
            if on_verb and word in ("on", "at", "in") and not self.place_like(head, kinds):
                mention.sort = "thing"  # "perched on a fence post": see `assemble`
            return [mention]
        used.discard(head.i)
        return []  # not a slot of its own: part of the phrase it hangs on

    def covered_in(self, prep: Any, kinds: frozenset[str], context: Context) -> bool:
        """ "hands of a potter, old, in clay", "a miller in an apron, all in flour": a
        substance said alone after a subject, "in" it, is how the subject looks, not where it
        is."""
        if prep.lower_ != "in" or not context.has_subject:
            return False
        opening = [t for t in prep.doc[: prep.i] if not t.is_punct]
        if any(t.lower_ not in _COVERED and t.pos_ != "ADJ" for t in opening):
            return False  # "old, in clay": said with the subject's other looks
        said_covered = any(t.lower_ in _COVERED for t in opening)
        if not said_covered and context.last_role not in ("subject", "attribute"):
            return False
        if not {"material", "matter"} & kinds or _SUBJECT_KINDS & kinds:
            return False
        return not kinds & {"place", "weather", "structure"}

    def worn_kinds(self, head: Any, kinds: frozenset[str], attached: Any) -> frozenset[str]:
        """ "a musketeer in a blue cloak": what a person or an animal is "in" may be worn in
        its second sense (a cloak is first anything that covers)."""
        if attached is None or not ANIMATE & self.kinds(attached):
            return kinds
        if head.head.lower_ != "in":
            return kinds
        unknown = not self.lexicon.is_noun(self.lemma(head))
        if unknown and head.pos_ == "NOUN" and "person" in self.kinds(attached):
            # "a girl in a green lehenga", "a boy in a hoodie": a word WordNet 3.0 does not
            # know, that a person is in, is what they wear more often than where they are
            return kinds | {"wearable"}
        return kinds | (self.kinds(head, senses=2) & {"wearable"})

    def colours_before(self, head: Any, used: set[int]) -> list[str]:
        """The colour words among a noun's modifiers ("with a pink umbrella": pink)."""
        return self.colours_among(self.left_span(head, used))

    def colours_among(self, tokens: list[Any]) -> list[str]:
        return [t.lower_ for t in tokens if self.is_colour(t)]

    def held_sense(self, head: Any, owner: Any) -> bool:
        """ "a shepherd with a crook": a person's "with" word that is first a person to WordNet
        but a tool or a garment in a next sense is that thing."""
        if owner is None or not ANIMATE & self.kinds(owner):
            return False
        return bool(self.kinds(head, senses=3) & {"implement", "wearable", "container"})

    def carried_by(self, head: Any, owner: Any, kinds: frozenset[str], context: Context) -> bool:
        """ "a shepherd with a crook", "a snail with a stripy shell", "a yak, uh, with red
        tassels": a thing said "with" a subject (or alone after one) is what it has, its
        attribute. Not a person or an animal ("a girl with a dog"), not things counted ("a
        cake with three candles"), and not a thing in a place ("a room with a fireplace")."""
        if any(self.number(t) is not None for t in head.lefts):
            return False
        if ANIMATE & kinds and not self.held_sense(head, owner):
            return False
        if owner is None:
            return context.has_subject and head.head.dep_ == "ROOT"
        owner_kinds = self.kinds(owner)
        abstract = bool(owner_kinds) and owner_kinds <= {"abstract", "medium"}
        if owner.pos_ not in ("NOUN", "PROPN") or abstract:
            return False  # "a still life with lemons": the lemons are the picture
        return not self.is_place(owner, owner_kinds)

    def beside_a_thing(self, head: Any, owner: Any, kinds: frozenset[str]) -> bool:
        """ "a fortune teller at a tiny folding table", "a shopkeeper behind the counter": a
        person or an animal by a piece of furniture, a container or a tool, once the place of
        the picture was said, is placed by it: an attribute. Said alone ("three cats on a
        sofa"), the furniture is the setting."""
        if owner is None or owner.pos_ not in ("NOUN", "PROPN"):
            return False
        if not (ANIMATE & self.kinds(owner)) or self.is_place(head, kinds):
            return False
        return bool(kinds & _THINGS_BY) and not (kinds & {"structure", "building", "weather"})

    def prep_words(self, prep: Any) -> str:
        """ "in front of", "next to": the preposition with the words it is made of."""
        chain = [prep]
        while (
            chain[0].head.i != chain[0].i
            and chain[0].head.dep_ in ("prep", "pobj")
            and (chain[0].i - chain[0].head.i in (1, 2))
        ):
            chain.insert(0, chain[0].head)
        return words_of(chain, drop_articles=False)

    def negative(self, head: Any, used: set[int], context: Context) -> list[Mention]:
        """What the speaker does not want: the noun with its modifiers, not where it would
        be ("no clouds in the sky": clouds)."""
        span = self.left_span(head, used)
        tokens = [t for t in [*span, head] if t.lower_ not in ("no", "any", "not")]
        skip = {t.i for c in head.conjuncts for t in c.subtree}
        used.update(t.i for t in head.subtree if t.i not in skip)
        if head.lower_ in _PRONOUN_HEADS and head.lower_ != "one":
            return []  # "no flying cars, I don't want that": said already, or nothing named
        no_said = any(c.dep_ == "det" and c.lower_ == "no" for c in head.children)
        mention = self.mention("negative", head, words_of(tokens), no_said=no_said)
        if no_said:
            readings = self.noun_mentions(head, set(), context, [], negation=False)
            mention.alternative = readings[0] if readings else None
        return [mention]

    def pronoun_mentions(self, head: Any, used: set[int]) -> list[Mention]:
        """ "a red one", "make that five", "it": attributes or a count of the last subject."""
        value = self.number(head)
        each = [
            p
            for p in head.children
            if p.dep_ == "prep"
            and any(d.lower_ in ("each", "every") for o in p.children for d in o.children)
        ]
        if each:  # "twelve, one for each apostle": how they are shared out, not a count
            used.update(t.i for p in each for t in p.subtree)
            used.add(head.i)
            return []
        if head.pos_ == "NUM" and value is not None and not self.left_span(head, used):
            part = any(c.dep_ == "prep" and c.lower_ in ("of", "from") for c in head.children)
            return [Mention("count", str(value), head.i, count=value, target="", partitive=part)]
        span = self.left_span(head, used)
        return [
            Mention("attribute", a.text, head.i, kind=a.kind, target="")
            for a in self.attributes(head, span, used)
        ]

    def indefinite(self, head: Any, used: set[int]) -> list[Mention]:
        """ "something calm", "nothing modern", "something spooky for halloween"."""
        if head.lower_ not in _INDEFINITE_WITH_ADJECTIVE:
            return []
        adjectives = [t for t in head.children if t.dep_ in ("amod", "acomp") and t.i > head.i]
        adjectives += [c for t in adjectives for c in t.conjuncts if c not in adjectives]
        adjectives = [t for t in adjectives if t.i not in used]
        used.update(t.i for t in adjectives)
        if not adjectives:
            return []
        text = " and ".join(t.lower_ for t in sorted(adjectives, key=lambda t: t.i))
        if head.lower_ == "nothing":
            if all(t.tag_ == "VBN" for t in adjectives):
                return []  # "nothing written on it": said of a place, not a thing
            return [Mention("negative", text, position=head.i, head=text)]
        if all(self.is_colour(t) for t in adjectives):
            return [Mention("palette", t.lower_, position=t.i, kind="colour") for t in adjectives]
        if all(self.term(t) == "style" for t in adjectives):
            return [Mention("style", text, position=head.i, head=text)]  # "something abstract"
        return [Mention("mood", text, position=head.i, head=text)]

    # --- verbs, adjectives, camera ----------------------------------------------------------

    def verb_mentions(self, doc: Any, used: set[int]) -> list[Mention]:
        out: list[Mention] = []
        for verb in doc:
            events = [c for c in verb.children if c.dep_ == "dobj"]
            if verb.i not in used and any(self.event_of_light_verb(verb, c) for c in events):
                out.append(self.action(verb, used))  # "having a picnic"
                continue
            if verb.pos_ != "VERB" or verb.i in used or self.is_frame_verb(verb):
                continue
            if verb.i in self.participles:
                continue  # "glowing mushrooms": an attribute of the noun
            lemma = verb.lemma_.lower()
            if verb.dep_ == "amod" or lemma in _LIGHT_VERBS or self.excluding_verb(verb):
                continue
            if (
                lemma in _DEPICTING_VERBS
                and verb.tag_ in ("VBN", "VBD")
                and not any(c.dep_ == "dobj" and self.is_content_noun(c) for c in verb.children)
            ):
                used.add(verb.i)  # nor the picture's mood
                continue  # "painted like a vermeer", "drawn in pencil": how it is made
            if self.is_noun_token(verb):
                continue
            if self.lexicon.verb(lemma, "weather"):  # "it's raining outside"
                tokens = [verb, *[c for c in verb.children if c.dep_ in ("advmod", "prt")]]
                used.update(t.i for t in tokens)
                out.append(Mention("setting", words_of(tokens), position=verb.i, head=lemma))
                continue
            owner = verb.head if verb.dep_ in ("acl", "relcl") else None
            if owner is not None and (owner.lower_ in _INDEFINITE or self.negated(owner)):
                continue  # "nothing written on it", "no people walking"
            worn = self.wearing(verb, owner, used)
            if worn is not None:
                out.append(worn)
                continue
            subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            for noun in (owner, subject):
                if noun is not None and noun.pos_ in ("NOUN", "PROPN"):
                    kinds = self.kinds(noun)
                    if self.is_lighting(noun, kinds) or "place" in kinds:
                        break  # "light coming through the windows": the light's
            else:
                out.append(self.action(verb, used))
        return out

    def painted_colours(self, doc: Any, used: set[int]) -> list[Mention]:
        """ "a motorbike, painted burnt orange", "a dinghy pulled up, painted yellow": the
        colour said right after "painted" is the colour of the thing painted (the noun the
        participle is said of, else the thing said last), not the picture's palette."""
        out: list[Mention] = []
        for verb in doc:
            if verb.i in used or verb.lower_ != "painted":  # the tagger's reading varies
                continue
            said: list[Any] = []
            after = doc[verb.i + 1 :]
            if len(after) and after[0].lower_ == "a":  # "painted a bright red"
                after = after[1:]
            for token in after:  # a merged term ("burnt orange") is one token
                words = token.lower_.split()
                if token.i in used or not all(
                    self.colour_word(w) or w in self.terms.shades for w in words
                ):
                    break
                said.append(token)
            while said and not self.colour_word(said[-1].lower_.split()[-1]):
                said.pop()
            if not said:
                continue
            owner = verb.head if verb.dep_ in ("acl", "relcl") else None
            owner = owner or next((c for c in verb.children if c.dep_.startswith("nsubj")), None)
            target = self.lemma(owner) if owner is not None and self.is_content_noun(owner) else ""
            used.update(t.i for t in [verb, *said])
            out.append(
                Mention("attribute", words_of(said), said[-1].i, kind="colour", target=target)
            )
        return out

    def wearing(self, verb: Any, owner: Any, used: set[int]) -> Mention | None:
        """ "a giraffe wearing sunglasses", or "wearing a navy peacoat" said alone after a
        subject: what a thing wears describes it, an attribute of its owner (the last subject
        said), not something it does."""
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        if verb.lemma_.lower() != "wear" or not objects:
            return None
        alone = verb.i == 0 and not any(c.dep_.startswith("nsubj") for c in verb.children)
        if owner is None and not alone:
            return None
        if not {"body", "wearable"} & self.kinds(objects[0]):
            return None
        tokens = [verb, *(t for t in objects[0].subtree if t.i not in used)]
        used.update(t.i for t in tokens)
        text = words_of(tokens, drop_articles=False)
        target = self.lemma(owner) if owner is not None else ""
        return Mention("attribute", text, verb.i, kind="body", target=target)

    def action(self, verb: Any, used: set[int]) -> Mention:
        """The verb with its particle, object and the phrases that are not slots of their
        own ("flying a kite", "looking at the camera", "sleeping on the rug")."""
        tokens = [verb]
        for child in verb.children:
            if child.dep_ in ("prt", "dobj", "acomp", "xcomp", "dative", "advmod"):
                if child.dep_ == "advmod" and child.i < verb.i or self.inverted(verb):
                    continue
                if child.dep_ == "dobj" and (self.negated(child) or self.term(child)):
                    continue
                rest = [t for t in child.subtree if t.i != child.i and t.pos_ not in _GLUE]
                if child.dep_ == "advmod" and rest and all(t.i in used for t in rest):
                    continue  # "sleeping next to the ball" with the ball's place said: not "next"
                tokens.extend(t for t in child.subtree if t.i not in used or t.i == child.i)
            elif child.dep_ == "advcl" and child.pos_ == "ADJ" and not list(child.children):
                tokens.append(child)  # "curled up asleep": the state it is done in
            elif child.dep_ in ("prep", "agent") and child.lower_ not in _WITH:
                objects = [t for t in child.children if t.dep_ in ("pobj", "pcomp")]
                if objects and objects[0].i not in used and not self.term(objects[0]):
                    tokens.extend(t for t in self.own_subtree(child) if t.i not in used)
                elif objects and self.is_subject_word(objects[0]):  # "drinking from a flower"
                    noun = objects[0]
                    articles = [c for c in noun.lefts if c.dep_ == "det"]
                    tokens.extend([child, *articles, *self.left_span(noun, set()), noun])
        used.update(t.i for t in tokens)
        target = None
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        owner = verb.head if verb.dep_ in ("acl", "relcl") else subject
        if owner is not None and self.is_content_noun(owner):
            target = self.lemma(owner)
        return Mention("action", words_of(tokens, drop_articles=False), verb.i, target=target)

    def is_subject_word(self, token: Any) -> bool:
        return bool(_SUBJECT_KINDS & self.kinds(token))

    def adjective_mentions(
        self,
        doc: Any,
        used: set[int],
        context: Context,
        so_far: list[Mention],
        about_it: bool,
    ) -> list[Mention]:
        """Adjectives that stand for the whole picture ("dramatic", "quiet and holy", "it
        should feel cozy"): a colour is the palette, a light word after lighting extends it,
        anything else is the mood. Said of a thing ("the umbrella transparent", "make it
        blue") they are its attributes; said of a place they join the place ("calm sea")."""
        out: list[Mention] = []
        for token in doc:
            if token.i in used or self.term(token):
                continue
            picture_colour = self.after_all(token)
            if not self.is_adjective_word(token) and not picture_colour:
                continue
            if any(c.lower_ == "of" for c in token.children):
                continue  # "free of clutter", "full of leaves": the noun says it
            modifier = token.dep_ in ("amod", "compound", "advmod") and token.head.i != token.i
            of_noun = token.head.pos_ != "VERB" or token.dep_ == "advmod"
            indefinite = token.head.lower_ in _INDEFINITE_WITH_ADJECTIVE or picture_colour
            if modifier and not indefinite and of_noun:
                continue
            group = [token, *[c for c in token.conjuncts if c.i not in used]]
            # "slate blue and ochre", "ochre" tagged an adverb: a colour listed with a colour;
            # "all ochre": the colour however it was tagged
            listed = self.is_colour(token)
            group = [
                t
                for t in group
                if self.is_adjective_word(t)
                or (listed and t.i != token.i and self.is_colour(t))
                or (t.i == token.i and picture_colour)
            ]
            used.update(t.i for t in group)
            degree = [c for t in group for c in t.children if c.dep_ == "advmod"]
            shades = {t.i: self.shade(t) for t in group}  # "mustard yellow", "neon pink"
            subject = self.described(token)
            if subject is not None:
                owner = next((m for m in so_far if m.position == subject.i), None)
                text = " and ".join(words_of([*degree, t]) for t in group)
                if (
                    owner is not None
                    and owner.role == "setting"
                    and all(self.is_colour(t) for t in group)
                ):  # "the sky is peach and lilac": the background's colours are the picture's
                    out.extend(
                        Mention("palette", words_of([*degree, *shades[t.i], t]), t.i, kind="colour")
                        for t in group
                    )
                    continue
                if owner is not None and owner.role not in ("subject",):
                    owner.text = f"{text} {owner.text}"  # "the sea should be calm"
                    continue
                for t in group:
                    kind = "colour" if self.is_colour(t) else self.adjective_kind(t)
                    target = self.lemma(subject)
                    said = words_of([*degree, *shades[t.i], t])
                    out.append(Mention("attribute", said, t.i, kind=kind, target=target))
                continue
            colours = [t for t in group if self.is_colour(t) and not self.is_light_word(t)]
            # "make it cozy", "it should be funny": a feeling said of "it" is the picture's
            felt = all(self.lexicon.adjective(t.lower_, "feeling") for t in group)
            if (
                about_it
                and context.has_subject
                and not felt
                or self.trailing_property(doc, group, used, context)
            ):
                for t in group:
                    kind = "colour" if t in colours else self.adjective_kind(t)
                    text = words_of([*shades[t.i], t]) if t in colours else t.lower_
                    out.append(Mention("attribute", text, t.i, kind=kind, target=""))
                continue
            if colours and len(colours) == len(group):
                for t in group:
                    text = words_of([*degree, *shades[t.i], t])
                    out.append(Mention("palette", text, t.i, kind="colour"))
                continue
            said_alone = all(t.i == token.i or t.lower_ in _FRAMING_FILLERS for t in doc)
            if token.lower_ in _FRAMING_COMPARATIVES and said_alone:
                # "no, pull back, wider", "nah, tighter than that": the framing, not a mood
                out.append(Mention("composition", token.lower_, token.i, head=token.lower_))
                continue
            last = so_far[-1].role if so_far else context.last_role
            text = " and ".join(words_of([*degree, t]) for t in group)
            if all(self.lexicon.adjective(t.lower_, "visual_style") for t in group):
                out.append(Mention("style", text, token.i, head=token.lower_))
            elif (
                last == "lighting"
                and any(self.is_light_word(t) for t in group)
                and not any(
                    self.lexicon.adjective(t.lower_, "feeling") and not self.is_light_word(t)
                    for t in group
                )
            ):  # "bright and cheerful" after the light is how the picture feels
                out.append(Mention("lighting", text, token.i, kind="extension"))
            elif all(self.weather_light(t) for t in group):
                out.append(Mention("lighting", text, token.i, head=token.lower_))  # "overcast"
            else:
                out.append(Mention("mood", text, token.i, head=token.lower_))
        return out

    def trailing_property(
        self, doc: Any, group: list[Any], used: set[int], context: Context
    ) -> bool:
        """ "a fox, fluffy, with a white tip", "hands of a potter, old": adjectives of size,
        age, material or colour said alone right after a subject describe it, as Russian
        says them after the noun; a feeling, a light or a style is still the picture's."""
        if context.last_role not in ("subject", "attribute"):
            return False
        left = [t for t in doc if not t.is_punct and t.i not in used and t not in group]
        if any(t.pos_ in ("NOUN", "PROPN", "VERB", "AUX", "NUM") for t in left):
            return False
        for token in group:
            word = token.lower_
            if self.lexicon.adjective(word, "feeling") or self.is_light_word(token):
                return False
            if self.lexicon.adjective(word, "visual_style"):
                return False
        # one of them a colour, size, age or material: the others say more of the same thing
        # ("a dog, big and shaggy"); "cute" or "magical" alone is still the picture's mood
        return any(
            self.is_colour(token)
            or self.lexicon.adjective(token.lower_, "size_age")
            or self.lexicon.adjective(token.lower_, "material")
            for token in group
        )

    def weather_moving(self, head: Any, relation: str, link: Any, used: set[int]) -> str:
        """ "snow falling", "fog rolling in", "rain is falling": what the weather does is part
        of the weather, not the subjects' action."""
        verbs = [c for c in head.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"]
        if relation == "subject" and link.pos_ == "VERB" and link.i > head.i:
            verbs.append(link)
        verbs = [v for v in verbs if v.i not in used and not self.is_frame_verb(v)]
        if not verbs:
            return ""
        verb = verbs[0]
        tokens = [verb]
        for child in verb.children:
            if child.i > verb.i and child.dep_ in ("prt", "advmod", "prep"):
                tokens.extend(t for t in child.subtree if t.i not in used)  # "rolling in"
        used.update(t.i for t in tokens)
        return words_of(sorted(tokens, key=lambda t: t.i))

    def weather_light(self, token: Any) -> bool:
        """Weather that is a condition of the light ("overcast": cloudiness, semidarkness)."""
        word = token.lower_
        return self.lexicon.adjective(word, "weather") and self.lexicon.adjective(word, "light")

    def shade(self, colour: Any) -> list[Any]:
        """The words said right before a colour that name its shade: nouns ("mustard yellow",
        "neon pink", "sky blue") and adjectives ("icy blue", "dusty rose")."""
        if not self.is_colour(colour):
            return []
        return [
            c
            for c in colour.lefts
            if c.dep_ in ("npadvmod", "compound")
            and c.pos_ != "ADJ"
            or c.dep_ == "amod"
            and not self.is_colour(c)
            and c.i == colour.i - 1
            or c.dep_ == "advmod"  # "deep green", tagged an adverb
            and c.lower_ in self.terms.shades
            and c.i == colour.i - 1
        ]

    def is_light_word(self, token: Any) -> bool:
        word = token.lower_
        return self.lexicon.adjective(word, "light") or self.lexicon.adjective(word, "temperature")

    @staticmethod
    def said_of(predicate: Any) -> list[Any]:
        """The subjects of a small clause ("make the car blue"); the parse may hang the noun
        on the shade word before the colour ("make the car dark blue")."""
        modifiers = [m for m in predicate.lefts if m.dep_ in ("amod", "advmod")]
        return [c for t in (predicate, *modifiers) for c in t.children if c.dep_ == "nsubj"]

    def described(self, adjective: Any) -> Any:
        """The noun a predicative adjective is said of ("the sea should be calm", "make the
        umbrella transparent"), if it is a content noun."""
        head = first_conjunct(adjective)
        if head.dep_ in ("acomp", "oprd", "ccomp", "xcomp", "attr"):
            verb = head.head
            subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
            subjects += self.said_of(head)
            for subject in subjects:
                if self.is_content_noun(subject):
                    return subject
        return None

    def viewpoint(self, token: Any) -> Any:
        """ "..., from the water, ...", "no, from a helicopter": "from" a place or a thing,
        said as a phrase of its own, is where the picture is seen from; that place or thing, or
        None (not "from memory", "from the sixties")."""
        if self.translated or token.dep_ != "ROOT":
            return None  # a rendered "от", "из", "с" is more often a source than a viewpoint
        if any(not t.is_punct for t in token.doc[: token.i]):
            return None
        objects = [t for t in token.children if t.dep_ == "pobj"]
        if len(objects) != 1:
            return None
        seen_from = objects[0]
        if seen_from.pos_ != "NOUN" or seen_from.lower_ in _INDEFINITE:
            return None  # "from Paris", said of a person, is where she comes from
        if any(c.dep_ == "poss" for c in seen_from.children):
            return None  # "from my garden": where it grows
        kinds = self.kinds(seen_from)
        if kinds & (ANIMATE | {"period", "light_source"}):
            return None  # "from a grey wolf" is whom one runs from, "from the lamp" the light
        if self.place_like(seen_from, kinds) or kinds & _CONCRETE:
            return seen_from
        # "from the water"
        return seen_from if "place" in self.kinds(seen_from, senses=2) else None

    def camera_mentions(
        self, doc: Any, used: set[int], framing_verbs: bool = False
    ) -> list[Mention]:
        """ "seen from behind", "from above", "from a low angle": where the camera is; with
        `framing_verbs`, only "from" after a framing verb said as the unit's main verb ("shot
        from the water") or as a participle of a thing ("a gondola seen from the bridge"), or
        "from" said as a phrase of its own (`viewpoint`), whatever it is seen from."""
        out: list[Mention] = []
        for token in doc:
            if token.i in used or token.lower_ != "from":
                continue
            verb = token.head
            seen_from = self.viewpoint(token) if framing_verbs else None
            if seen_from is not None:
                tokens = [token, *seen_from.subtree]
                used.update(t.i for t in tokens)
                out.append(Mention("composition", words_of(tokens), token.i))
                continue
            if framing_verbs:
                framing = verb.pos_ == "VERB" and verb.tag_ in ("VBN", "VBD")
                # "a gondola seen from the bridge": a participle said of a thing frames it too
                said_of = verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.i == token.i - 1
                said_of = said_of and verb.lemma_.lower() in _SEEING_VERBS
                framing = framing and (verb.dep_ == "ROOT" or said_of) and verb.i < token.i
                if not (framing and verb.lemma_.lower() in _FRAMING_VERBS):
                    continue
                objects = [t for t in token.children if t.dep_ == "pobj"]
            else:
                objects = [t for t in token.children if t.lower_ in self.terms.camera_positions]
            if objects:
                tokens = list(token.subtree)
                if token.head.lemma_.lower() in _FRAMING_VERBS and token.head.pos_ == "VERB":
                    tokens.insert(0, token.head)
                used.update(t.i for t in tokens)
                out.append(Mention("composition", words_of(tokens), token.i))
        return out
