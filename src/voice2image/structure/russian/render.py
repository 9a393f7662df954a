"""Render analysed spoken Russian as plain spoken English, word by word under the parse.

Russian and English both put adjectives before their noun and are both mostly SVO, so the
English follows the Russian word order; the morphology and the dependency tree decide the
English forms (plurals from number and numerals, prepositions from case, -ing / past / participle
forms of verbs, "of" before a genitive that modifies a noun), and the spoken phenomena become
their usual English forms: hesitations and fillers are dropped, commands become "draw" /
"i want a picture", the editing terms of self-corrections become "no", "rather", "i mean",
"not X but Y", "change X to Y", and negation becomes "no X" / "without X".
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from voice2image.structure import inflect
from voice2image.structure.russian import closed
from voice2image.structure.russian.analysis import Token, grammemes, tag_features
from voice2image.structure.russian.glossary import Entry, Glossary
from voice2image.structure.russian.lexical import adjective_of_adverb, romanize

_KEEP_PUNCT = {",", ".", "...", "…", "!", "?", ";", ":"}
_PAUSE_PUNCT = {"-", "—", "–"}
_NP_RELS = frozenset(
    {
        "amod",
        "det",
        "nummod",
        "nummod:gov",
        "nummod:entity",
        "flat",
        "flat:name",
        "flat:foreign",
        "compound",
        "appos:left",
        "advmod:amod",
    }
)
_SUBJECT_RELS = frozenset({"nsubj", "nsubj:pass"})
# What a verb of motion is in English when a thing, not a person or an animal, moves.
_THINGS = frozenset({"vehicle", "object", "weapon", "instrument", "material"})
# pymorphy2's grammemes that make a name a place's (a surname it also reads is often a common
# noun the tagger took for a name: "бурундучка")
_PLACE_NAMES = frozenset({"Geox"})
# pymorphy2 grammemes of names: given names, surnames, patronymics, places, organisations
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
# words said around a thing and its look after "пусть" that add nothing ("пусть будет лучше")
_LOOK_FILLERS = frozenset({"быть", "лучше", "уж", "уже", "всё-таки", "все-таки"})
# Glossary categories whose English already names the thing ("волга" -> "volga", "палех" ->
# "palekh").
_NAMED_CATEGORIES = frozenset({"name", "style"})
# what "goes" upwards: "пар идёт", "дым идёт" (steam, smoke rising)
_RISING = frozenset({"пар", "дым"})
_MOVING_THING = {"идти": "move", "ехать": "move", "плыть": "float", "плавать": "float"}
_OBJECT_RELS = frozenset({"obj", "nsubj", "nsubj:pass", "obl", "iobj", "xcomp", "conj"})

# A word the glossary lacks: (lemma, pos, surface) -> English or None.
Fallback = Callable[[str, str, str], "str | None"]
# pymorphy2's analyses of a word form: ((normal form, tag), ...), best first.
Parses = Callable[[str], tuple[tuple[str, str], ...]]
_CONTENT_POS = ("NOUN", "ADJ", "VERB")
# Glossary phrase categories whose head noun, said again alone, names the same thing.
_NAMED_AGAIN = frozenset(
    {"object", "animal", "vehicle", "fantasy", "plant", "person", "instrument", "weapon"}
)
# Phrase categories that name a manner, time or view rather than countable things.
_UNCOUNTED_PHRASES = frozenset(
    {
        "light",
        "time",
        "composition",
        "style",
        "medium",
        "adverb",
        "verb",
        "colour",
        "abstract",
        "weather",
    }
)


# Adjectives that move in front of the noun they are said after (`_said_after`): what a
# thing is like. A mood word stays the picture's mood ("море, наверное, спокойное").
# what a picture's recipient is said with: the verb that asks for it, or a need ("дочке нужно")
_ASKING = closed.CREATION_VERBS | closed.NEGATED_NEED
_POSTPOSED = frozenset({"colour", "quality", "material", "relational"})
# What may stand between such an adjective and its noun: the noun's own phrase ("дирижабль
# над городом, серебристый такой").
_BETWEEN = frozenset({"NOUN", "PROPN", "ADJ", "ADP", "DET"})
_COMPLEMENT_RELS = frozenset({"obl", "nmod", "obj", "iobj"})
_CASE_RELS = frozenset({"case"})
# Words that open another clause or change the verb: a clause-final verb stays after them.
# Words that stress a "нет" of absence ("людей нет совсем").
_NONE_AT_ALL = frozenset({"совсем", "вообще", "нигде", "тут", "здесь", "совершенно"})
_CLAUSE_POS = frozenset({"VERB", "AUX", "SCONJ", "CCONJ", "PART", "PRON"})


@dataclass
class Rendered:
    """The English words of each token (`words[i]`), words inserted before it (`before[i]`),
    and the source words that stayed untranslated."""

    words: list[list[str]]
    before: list[list[str]]
    untranslated: list[str] = field(default_factory=list)
    # Spans (first, last) of tokens whose words move to just before another token: the subject
    # of an inverted clause ("стоит робот" -> "robot is standing").
    moves: dict[int, tuple[int, int]] = field(default_factory=dict)

    def text(self, tokens: list[Token]) -> str:
        moved = {i for first, last in self.moves.values() for i in range(first, last + 1)}
        pieces: list[str] = []
        for index, _token in enumerate(tokens):
            if index in self.moves:
                first, last = self.moves[index]
                for j in range(first, last + 1):
                    pieces.extend(self.before[j])
                    pieces.extend(self.words[j])
            if index in moved:
                continue
            pieces.extend(self.before[index])
            pieces.extend(self.words[index])
        return _join(pieces)


def _cardinal(token: Token) -> str | None:
    """The English of a cardinal number word, by its lemma or, failing that, its form."""
    return closed.CARDINALS.get(token.lemma) or closed.CARDINALS.get(token.lower)


# what says a number is an amount ("около сорока", "больше сорока")
_AMOUNT_PREPOSITIONS = frozenset(
    {"около", "до", "от", "из", "с", "под", "более", "больше", "менее", "меньше", "свыше"}
)

# third-person pronouns, which may follow their verb in spoken Russian ("спит он")
_PERSONAL = frozenset({"он", "она", "оно", "они"})

# what a possessive names in English: "the potter's hands", "the fisherman's hat"
_OWNED_CATEGORIES = frozenset({"body", "clothing", "animal_part"})


def _join(pieces: list[str]) -> str:
    """Words and punctuation to a string; repeated or leading pauses collapse."""
    out: list[str] = []
    for piece in pieces:
        if not piece or (out and piece == out[-1] and piece not in _KEEP_PUNCT):
            continue  # "little little house": a diminutive glossed as "little X" after "little"
        if piece == "of" and out and out[-1] == ",":
            out.pop()  # English never pauses before "of": "a photograph of an elderly woman"
        if piece in _KEEP_PUNCT:
            if not out or out[-1] in _KEEP_PUNCT:
                if out and piece in {".", "...", "!", "?"} and out[-1] == ",":
                    out[-1] = piece
                continue
            out.append(piece)
        else:
            out.append(piece)
    while out and out[-1] == ",":
        out.pop()
    text = ""
    for piece in out:
        if piece in _KEEP_PUNCT:
            text += piece
        else:
            text += (" " if text else "") + piece
    return text


class Renderer:
    """One rendering of one text: `render(tokens)` fills a `Rendered`."""

    def __init__(
        self, glossary: Glossary, parses: Parses | None = None, fallback: Fallback | None = None
    ) -> None:
        self.glossary = glossary
        self.parses = parses
        self.fallback = fallback

    # ------------------------------------------------------------------ entry point
    def render(self, tokens: list[Token]) -> Rendered:
        self.t = tokens
        n = len(tokens)
        self.out = Rendered(words=[[] for _ in range(n)], before=[[] for _ in range(n)])
        self.done = [False] * n
        self.plural_forced = [False] * n
        self.article = [False] * n  # add "a"/"an" before this noun phrase
        self.negated_np: set[int] = set()  # noun heads that already got "no"
        self.at_home: set[int] = set()  # people whose place "у" names ("у мамы": at mum's)
        self.no_of: set[int] = set()  # genitives whose "of" a compound preposition supplied
        # a noun named once in a glossary phrase ("воздушный змей": kite) and then alone
        # ("семь змеев") is the same thing, not the noun's first sense ("serpents")
        self.named: dict[str, Entry] = {}
        self._common_nouns_at_openings()
        self._mark_spans()
        self._mark_constructions()
        for token in tokens:
            if not self.done[token.index]:
                self._render_token(token)
        for index in self.at_home:
            # whose place it is ("у мамы в деревне"): not a person drawn, nor a place to draw
            for j in (index, *(c.index for c in self._children(index) if c.rel == "case")):
                self._drop(j)
        self._pause_after_instead()
        self._thing_before_place()
        self._insert_of()
        self._drop_recipient()
        self._mark_opening_nouns()
        self._insert_articles()
        return self.out

    def _mark_opening_nouns(self) -> None:
        """A singular noun that opens a clause gets "a" ("крест на куполе" -> "a cross on
        dome"): English word order alone would read many nouns there as a command ("cross")."""
        for token in self.t:
            if token.pos != "NOUN" or self._case(token) not in ("Nom", "Acc"):
                continue
            if (token.lemma,) in closed.EDITING_TERMS:
                continue  # "поправочка": said to correct oneself, not a thing
            edge = self._left_edge(token.index)
            if edge and not self.t[edge - 1].is_punct:
                continue
            self.article[token.index] = True

    # ------------------------------------------------------------------ helpers
    def _set(self, index: int, words: list[str]) -> None:
        self.out.words[index] = [w for w in words if w]
        self.done[index] = True

    def _drop(self, index: int) -> None:
        self._set(index, [])

    def _matches(self, index: int, sequence: tuple[str, ...]) -> bool:
        if index + len(sequence) > len(self.t):
            return False
        for offset, word in enumerate(sequence):
            token = self.t[index + offset]
            if self.done[index + offset] or word not in (token.lemma, token.lower):
                return False
        return True

    def _prev_word(self, index: int) -> Token | None:
        """The nearest earlier token that is not a dropped filler."""
        for j in range(index - 1, -1, -1):
            if self.done[j] and not self.out.words[j] and not self.t[j].is_punct:
                continue
            return self.t[j]
        return None

    def _next_word(self, index: int) -> Token | None:
        for j in range(index + 1, len(self.t)):
            if self.done[j] and not self.out.words[j] and not self.t[j].is_punct:
                continue
            return self.t[j]
        return None

    def _clause_start(self, index: int) -> bool:
        """At a pause: the first word, after punctuation, after a conjunction that opens the
        clause, or after an editing term."""
        prev = self._prev_word(index)
        if prev is None or prev.is_punct or prev.sentence != self.t[index].sentence:
            return True
        if prev.lower in ("а", "и", "или", "но", "нет"):
            before = self._prev_word(prev.index)
            return before is None or before.is_punct
        return bool(self.done[prev.index] and self.out.words[prev.index][-1:] == [","])

    def _after_counted(self, index: int) -> bool:
        """Right after the thing counted that opens the clause, with a number after the term
        ("медведей пусть будет два"): what follows is the new count."""
        topic = self._prev_word(index)
        number = self._next_word(index + 1)
        return (
            topic is not None
            and topic.pos == "NOUN"
            and self._case(topic) == "Gen"
            and self._clause_start(topic.index)
            and number is not None
            and number.pos == "NUM"
        )

    def _after_instead(self, index: int) -> bool:
        """Right after a "вместо" phrase that opens the clause ("а вместо лодки пусть будет
        плот"): what follows is the replacement."""
        j = index - 1
        while j >= 0 and self.t[j].pos in ("NOUN", "PROPN", "ADJ", "DET"):
            j -= 1
        if j < 0 or j == index - 1 or self.t[j].lemma != "вместо":
            return False
        return self._clause_start(j)

    def _case(self, token: Token) -> str:
        return token.feat("Case") or ""

    def _children(self, index: int, rels: frozenset[str] | None = None) -> list[Token]:
        return [self.t[c] for c in self.t[index].children if rels is None or self.t[c].rel in rels]

    def _left_edge(self, index: int) -> int:
        """Leftmost token of the noun phrase headed by `index` (its left modifiers)."""
        edge = index
        for child in self.t[index].children:
            token = self.t[child]
            if token.pos == "VERB" and token.feat("Mood") == "Imp":
                continue  # "нарисуй город" hung as the noun's modifier
            if child < index and token.rel in _NP_RELS and not token.is_punct:
                edge = min(edge, self._left_edge(child))
        return edge

    def _is_nominal(self, token: Token) -> bool:
        return token.pos in ("NOUN", "PROPN") or (
            token.pos in ("ADJ", "PRON", "NUM", "DET") and token.rel in _OBJECT_RELS
        )

    def _has_negation(self, index: int) -> Token | None:
        for child in self._children(index):
            if child.lemma == "не" and child.pos == "PART" and not self.done[child.index]:
                return child  # not "три, не, четыре": an editing term, already rendered
        prev = self._prev_word(index)
        if prev is not None and prev.lemma == "не" and not self.done[prev.index]:
            return prev
        return None

    # ------------------------------------------------------------------ multi-word spans
    def _approximate_count(self, number: Token) -> None:
        """A number said after its noun is a rough count: "котов три" (three cats, about);
        after "человек" it counts people named before ("пацанов человек восемь", "рыбаков на
        льду, человек шесть": eight boys, six fishermen), else people ("человек пять")."""
        noun = self.t[number.index - 1] if number.index else None
        english = _cardinal(number)
        if (
            noun is None
            or english is None
            or noun.pos != "NOUN"
            or noun.lemma in closed.MEASURE_NOUNS
            or self.done[noun.index]
            or noun.sentence != number.sentence
            # "человек" before a number is its genitive plural, whatever the tagger says
            or noun.lower != "человек"
            and (self._case(noun) != "Gen" or noun.feat("Number") != "Plur")
        ):
            return
        counted = noun
        if noun.lemma == "человек":
            earlier = [
                t
                for t in self.t[max(0, noun.index - 10) : noun.index]
                if t.sentence == noun.sentence and self._people(t) and not self.done[t.index]
            ]
            if earlier:
                counted = earlier[-1]
                self._drop(noun.index)
        self.out.before[self._left_edge(counted.index)].insert(0, english)
        self.plural_forced[counted.index] = True
        self._drop(number.index)

    def _people(self, token: Token) -> bool:
        """A plural noun of people or animals, by the tagger or, where it took the word for a
        name ("рыбаков"), by a dictionary analysis of the form."""
        if token.pos != "NOUN":
            return False
        if token.feat("Animacy") == "Anim" and token.feat("Number") == "Plur":
            return True
        if self.parses is None:
            return False
        readings = [grammemes(tag) for _, tag in self.parses(token.lower)]
        return any({"NOUN", "anim", "plur"} <= said for said in readings)

    def _mark_spans(self) -> None:
        index = 0
        while index < len(self.t):
            token = self.t[index]
            if self.done[index]:
                index += 1
                continue
            if token.lower in closed.HESITATIONS:
                self._drop(index)
                index += 1
                continue
            length = self._filler_phrase(index) or self._let_it_be(index)
            length = length or self._let_the_thing_look(index)
            length = length or self._withdrawal(index) or self._editing_term(index)
            length = length or self._age(index)
            length = length or self._compound_preposition(index) or self._glossary_phrase(index)
            index += max(length, 1)

    def _withdrawal(self, index: int) -> int:
        """ "нет, отставить масло", "хотя забей на лису", "забудь про кота": the thing named
        right after is taken back ("forget oil"). "нет, фонтан убрать.", "голубой убери,": so
        is the thing a removal verb closes a stretch of speech on, said just before it."""
        token = self.t[index]
        if token.lemma in closed.WITHDRAWAL_VERBS and not self._pause_after(index):
            command = token.lemma == "забей" or token.feat("Mood") == "Imp"
            command = command or token.feat("VerbForm") == "Inf"
            prev = self._prev_word(index)
            though = prev if prev and prev.lemma == "хотя" and not self.done[prev.index] else None
            if not command or not (self._clause_start(index) or though):
                return 0
            if though is not None:
                self._set(though.index, [",", "actually", ","])
            self._set(index, ["forget"])
            following = self._next_word(index)
            if following is not None and following.lower in ("на", "про", "о", "об"):
                self._drop(following.index)
                return following.index - index + 1
            return 1
        if token.lemma not in closed.REMOVAL_VERBS or not self._pause_after(index):
            return 0
        start = index
        while start > 0 and self.t[start - 1].pos in ("NOUN", "PROPN", "ADJ", "DET"):
            start -= 1
        before = self.t[start - 1] if start > 0 else None
        if start == index or index - start > 4 or (before is not None and not before.is_punct):
            return 0
        self.out.before[start].insert(0, "forget")
        self._drop(index)
        return 1

    def _pause_after_instead(self) -> None:
        """ "давайте вместо Палеха хохлому", "вместо дракона Великого Полоза": a "вместо" phrase
        that opens its clause names what is withdrawn, and the next phrase replaces it; the
        speaker says the two as one stretch, so the pause between them is put in."""
        for token in self.t:
            if token.lemma != "вместо" or not self._clause_start(token.index):
                continue
            head = token.index + 1
            while head < len(self.t) and self.t[head].pos in ("ADJ", "DET"):
                head += 1
            after = head + 1
            if head >= len(self.t) or self.t[head].pos not in ("NOUN", "PROPN"):
                continue
            if after < len(self.t) and self.t[after].pos in ("NOUN", "PROPN", "ADJ", "NUM"):
                self.out.before[after].insert(0, ",")

    def _age(self, index: int) -> int:
        """ "мальчик лет десяти": a boy about ten years old (the inverted count is a guess)."""
        if self.t[index].lower != "лет" or index + 1 >= len(self.t):
            return 0
        number = self.t[index + 1]
        before = self._prev_word(index)
        if number.pos != "NUM" or before is None or before.pos not in ("NOUN", "PROPN"):
            return 0
        word = _cardinal(number)
        if word is None:
            return 0
        self._set(index, ["about"])
        self._set(index + 1, [*word.split(), "years", "old"])
        self.no_of.add(index)
        return 2

    def _let_it_be(self, index: int) -> int:
        """ "пусть их будет трое", "пусть лубок будет": "пусть" with "быть" after what it
        brings in is "make it" (as "пусть будет" is); a pronoun between says nothing more.
        So is "пусть" before a number said on its own ("десять кур, ну, пусть восемь"): the
        verb is left out, the number is the new count."""
        if self.t[index].lower != "пусть" or not self._clause_start(index):
            return 0
        end = index + 1
        while end < len(self.t) and self.t[end].pos in ("NOUN", "PROPN", "ADJ", "PRON", "NUM"):
            end += 1
        if end == index + 2 and self.t[index + 1].pos == "NUM" and self._pause_after(index + 1):
            self._set(index, [",", "make", "it"])
            return 1
        if end == index + 1 or end >= len(self.t) or self.t[end].lemma != "быть":
            return 0
        pronoun = self.t[index + 1].pos == "PRON" and end == index + 2
        if not pronoun and not self._pause_after(end):
            return 0  # "пусть кот будет спать": a wish about the cat, said with a verb
        self._set(index, [",", "make", "it"])
        self._drop(end)
        if pronoun:
            self._drop(index + 1)
            return 2
        return 1

    def _let_the_thing_look(self, index: int) -> int:
        """ "роба пусть оранжевая будет", "пусть дом будет белый": a thing and how it should
        look, said with "пусть" in one breath, is "make the work clothes orange", which English
        reads as the thing's new look; word for word it is "work clothes let orange"."""
        if self.t[index].lower not in ("пусть", "пускай"):
            return 0
        start = index
        while start > 0 and not self.t[start - 1].is_punct and not self.done[start - 1]:
            start -= 1
        end = index + 1
        while end < len(self.t) and not self.t[end].is_punct:
            end += 1
        span = [t for t in self.t[start:end] if t.index != index and t.lemma not in _LOOK_FILLERS]
        if [t.pos for t in span] != ["NOUN", "ADJ"] or not self._clause_start(start):
            return 0
        noun, adjective = span
        if any(t.lemma == "быть" for t in self.t[start : noun.index]):
            return 0  # "пусть будет сахарница хрустальная": let there be one, a new thing
        thing = self._lookup(noun, "NOUN")
        look = self._lookup(adjective, "ADJ")
        if thing is None or look is None or any(self.done[start:end]):
            return 0
        english = thing.english
        if noun.feat("Number") == "Plur" and not thing.invariant:
            english = inflect.plural(english)
        self._set(start, ["make", "the", english, look.english])
        for j in range(start + 1, end):
            self._drop(j)
        return end - index

    def _filler_phrase(self, index: int) -> int:
        for phrase in closed.FILLER_PHRASES:
            if self._matches(index, phrase):
                for j in range(index, index + len(phrase)):
                    self._drop(j)
                return len(phrase)
        return 0

    def _editing_term(self, index: int) -> int:
        for phrase, english_term in sorted(closed.EDITING_TERMS.items(), key=lambda e: -len(e[0])):
            if not self._matches(index, phrase):
                continue
            if phrase == ("лучше",) and self._preference_after(index):
                return 1
            if (
                phrase in closed.CLAUSE_ONLY_EDITING
                and not self._clause_start(index)
                and not self._after_instead(index)
                and not self._after_counted(index)
            ):
                continue
            if phrase in closed.ALONE_ONLY_EDITING and not self._alone_between_pauses(
                self.t[index]
            ):
                continue
            if phrase == ("ой",) and self._prev_word(index) is None:
                continue  # "ой" opening the request takes nothing back
            if phrase == ("хотя", "не") and not self._pause_after(index + 1):
                continue  # "хотя не очень большой": though not very big
            if phrase == ("лучше",) and self._lucshe_is_comparison(index):
                continue
            end = index + len(phrase)
            # An editing term is its own stretch of speech: pauses around it, except before
            # the phrase a "make it" introduces.
            after = [] if english_term.endswith("make it") else [","]
            self._set(index, [",", *english_term.split(), *after])
            for j in range(index + 1, end):
                self._drop(j)
            return len(phrase)
        return 0

    def _pause_after(self, index: int) -> bool:
        following = self._next_word(index)
        return following is None or following.is_punct

    def _preference_after(self, index: int) -> bool:
        """ "хотя нет, в холодных лучше": "лучше" closing a short phrase after a pause prefers
        that phrase; English says "rather" before it. Returns whether it was rendered so."""
        if not self._pause_after(index):
            return False
        start = index
        while start > 0 and not self.t[start - 1].is_punct:
            start -= 1
        phrase = self.t[start:index]
        if not 1 <= len(phrase) <= 4 or phrase[0].pos not in ("ADP", "NOUN", "ADJ", "PROPN"):
            return False
        if any(t.pos in ("VERB", "AUX", "PRON") for t in phrase):
            return False
        self._drop(index)
        self.out.before[start][:0] = ["rather", ","]
        return True

    def _lucshe_is_comparison(self, index: int) -> bool:
        """ "лучше видно", "чем лучше": a comparison, not the editing term."""
        after = self._next_word(index)
        return after is not None and (
            after.lemma in ("видно", "чем")
            or after.pos == "VERB"
            and after.feat("VerbForm") != "Inf"
        )

    def _modifiers(self, index: int) -> list[Token]:
        """The word's dependents that say more of it (not its preposition or a pause)."""
        return [c for c in self._children(index) if c.pos in ("NOUN", "PROPN", "ADJ", "NUM", "DET")]

    def _compound_preposition(self, index: int) -> int:
        for size in (2,):
            key = tuple(t.lemma for t in self.t[index : index + size])
            english_prep = closed.COMPOUND_PREPOSITIONS.get(key)
            if english_prep is None or any(self.done[index : index + size]):
                continue
            if key == ("в", "цвет") and not self._modifiers(index + 1):
                continue  # "всё в цветах": in flowers, not "in the colors of" anything
            if key == ("в", "вид") and self._names_a_look(index):
                english_prep = "as"  # "в виде комикса": as a comic, the picture's look
            # "на фоне заката", "в стиле Моне": the second word must head a phrase or govern one.
            self._set(index, english_prep.split())
            self._drop(index + 1)
            for child in self._children(index + 1):
                if self._case(child) == "Gen":
                    self.no_of.add(child.index)
            return size
        return 0

    def _names_a_look(self, index: int) -> bool:
        """Whether the noun a two-word preposition at `index` governs ("в виде комикса": the
        parser makes it the head of "в", or a dependent of "виде") is a medium or a style."""
        head = self.t[index].head
        governed = [self.t[head]] if head is not None else []
        governed += self._children(index + 1)
        for noun in governed:
            if noun.index > index + 1 and self._case(noun) == "Gen" and noun.pos == "NOUN":
                entry = self._lookup(noun, "NOUN")
                return entry is not None and entry.category in ("medium", "style")
        return False

    def _lemma_options(self, token: Token) -> list[str]:
        """natasha's lemma and the dictionary's other normal forms of the word form ("очках":
        natasha says "очко", the phrase "солнечные очки" needs "очки")."""
        options = [token.lemma]
        if self.parses is not None:
            for form, _ in self.parses(token.lower)[:4]:
                if form not in options:
                    options.append(form)
        return [o for o in options if o in self.glossary.phrase_words]

    def _glossary_phrase(self, index: int) -> int:
        longest = min(self.glossary.longest_phrase, len(self.t) - index)
        for size in range(longest, 1, -1):
            span = self.t[index : index + size]
            if any(self.done[index : index + size]) or any(t.is_punct for t in span):
                continue
            entry = None
            options = [self._lemma_options(t) for t in span]
            for lemmas in itertools.product(*options):
                entry = self.glossary.phrase(lemmas)
                if entry is not None:
                    break
            if entry is None and size == 2 and self._postposed_pair(span[0], span[1]):
                # "пейзаж морской", "медведь белый": a glossary phrase in spoken order
                for lemmas in itertools.product(*options[::-1]):
                    entry = self.glossary.phrase(lemmas)
                    if entry is not None:
                        break
            if entry is None or self._change_target(span[0]):
                continue
            # a Russian noun phrase's head comes first ("парк аттракционов": one park)
            nouns = [t for t in span if t.pos == "NOUN"]
            if len(nouns) == 1 and entry.category in _NAMED_AGAIN:
                self.named.setdefault(nouns[0].lemma, entry)
            plural = bool(nouns) and self._is_plural(nouns[0])
            countable = _countable(entry) and entry.category not in _UNCOUNTED_PHRASES
            words = inflect.plural(entry.english) if plural and countable else entry.english
            technique = span[-1].lemma in closed.TECHNIQUE_NOUNS  # "картина маслом"
            prefix = [] if technique else self._instrumental_prefix(span[-1], entry)
            after = self.t[index + size] if index + size < len(self.t) else None
            pause = (
                [","]  # "на переднем плане самовар": where, then the thing in it
                if entry.category == "composition"
                and words.split()[0] in ("in", "on", "at")
                and after is not None
                and after.pos in ("NOUN", "ADJ", "PROPN")
                else []
            )
            self._set(index, [*prefix, *words.split(), *pause])
            for j in range(index + 1, index + size):
                self._drop(j)
            return size
        return 0

    def _postposed_pair(self, noun: Token, adjective: Token) -> bool:
        return (
            self._glossary_pos(noun) == "NOUN"
            and adjective.pos == "ADJ"
            and adjective.feat("Variant") != "Short"
        )

    # ------------------------------------------------------------------ constructions
    def _mark_constructions(self) -> None:
        for token in self.t:
            if self.done[token.index]:
                continue
            if closed.CARDINAL_VALUES.get(token.lemma, 0) > 1:
                self._approximate_count(token)
            if self.done[token.index]:
                continue
            if token.lower == "ни":
                self._ni(token)
            elif token.lemma == "нет" and token.pos in ("PART", "INTJ", "VERB", "ADV", "NOUN"):
                self._nyet(token)
            elif token.pos in ("VERB", "AUX", "ADV") and token.lemma in closed.CREATION_VERBS:
                self._creation(token)
            elif token.lemma in closed.REMOVAL_VERBS and token.feat("Mood") == "Imp":
                # what is removed is said after the command: "кот на диване, убери кота" does
                # not remove the cat the parse took for the command's subject
                # not a thing of a next clause the parse hung on it ("убери, пусть лучше
                # лайка сидит, уток караулит")
                after = [
                    c
                    for c in self._governed(token, frozenset({"obj", "conj"}))
                    if c.index > token.index
                    and not any(t.pos in ("VERB", "AUX") for t in self.t[token.index + 1 : c.index])
                ]
                clause = self._clause(token.index)
                in_clause = [c for c in after if c.index in clause]
                withdrawn = None if in_clause else self._removed_before(token, clause)
                if withdrawn is not None:
                    # "лося убери, пару зайчишек": the thing said just before goes, as a
                    # repair ("forget moose"), not the next thing said
                    self._drop(token.index)
                    self.out.before[self._left_edge(withdrawn.index)].insert(0, "forget")
                else:
                    self._negate_objects(token, drop_head=True, heads=in_clause or after or None)
            elif token.lemma in closed.CHANGE_VERBS and token.feat("Mood") == "Imp":
                self._change(token)
            elif token.lemma in closed.EXISTENCE_VERBS | closed.NEGATED_NEED:
                negation = self._has_negation(token.index)
                if negation is not None:
                    self._drop(negation.index)
                    # Negated existence takes the genitive ("не было лодок"); "не нужна
                    # надпись" keeps the nominative.
                    need = token.lemma in closed.NEGATED_NEED
                    # not a noun the parse hung on it across a pause ("старая мельница,
                    # людей не надо": the mill is wanted)
                    clause = self._clause(token.index)
                    heads = [
                        c
                        for c in self._children(token.index)
                        if c.rel in _OBJECT_RELS
                        and self._is_nominal(c)
                        and (need or self._case(c) == "Gen")
                        and c.index in clause
                    ]
                    self._negate_objects(token, drop_head=True, heads=heads or None)
            elif token.lemma in ("хотеть", "хотеться"):
                self._want(token)
            elif token.lemma in ("мочь", "можно"):
                self._can(token)
        for token in self.t:
            if not self.done[token.index] and token.lemma == "не":
                self._ne(token)

    def _ni(self, token: Token) -> None:
        """ "ни одного человека" is "no person", "ни души" (not a soul) "nobody"."""
        after = self._next_word(token.index)
        if after is None or after.index != token.index + 1:
            return
        if after.lower in ("души", "душеньки"):
            self._set(token.index, ["nobody"])
            self._drop(after.index)
        elif after.lemma == "один" and self._next_word(after.index) is not None:
            self._drop(after.index)

    def _nyet(self, token: Token) -> None:
        """ "нет людей" (no people) against "красную... нет, синюю" (an editing term)."""
        after = self._next_word(token.index)
        # Only a genitive phrase right after "нет" is negated ("нет людей"); "то есть, нет,
        # после грозы" is an editing term even when the parser hangs "грозы" on "нет".
        objects = [
            c
            for c in self._children(token.index)
            if self._case(c) == "Gen"
            and self._is_nominal(c)
            and not self._has_case(c)
            and after is not None
            and self._left_edge(c.index) == after.index
        ]
        before = self._prev_word(token.index)
        if objects:
            self._negate_objects(token, drop_head=True, heads=objects)
        elif (
            before is not None
            and before.pos in ("NOUN", "PROPN")
            and self._case(before) == "Gen"
            and not self._has_case(before)
            and not self._modifies_noun(before)
            and (after is None or after.is_punct or after.lemma in _NONE_AT_ALL)
            and self._clause_start(self._left_edge(before.index))
            and not any(
                self.t[j].pos == "NUM" for j in range(self._left_edge(before.index), before.index)
            )  # "два кота, нет, три": a count's genitive before an editing term
        ):
            # "людей нет совсем", "облаков нет": the genitive said before "нет" is what is not
            # there; "совсем", "вообще" only stress it
            self._negate_objects(token, drop_head=True, heads=[before])
            if after is not None and after.lemma in _NONE_AT_ALL:
                self._drop(after.index)
        elif (
            after is not None
            and not after.is_punct
            and self._case(after) == "Gen"
            and (self._is_nominal(after) or after.pos in ("ADJ", "DET", "NUM"))
        ):
            self._set(token.index, ["no"])
        else:
            self._set(token.index, [",", "no", ","])

    def _creation(self, token: Token) -> None:
        """ "нарисуй", "сделай мне", "давай нарисуем", "можешь нарисовать": a command."""
        negation = self._has_negation(token.index)
        mood = token.feat("Mood")
        head = self.t[token.head] if token.head is not None else None
        is_request = (
            mood == "Imp"
            or (token.feat("Person") == "1" and token.feat("Number") == "Plur")
            or (
                token.feat("VerbForm") == "Inf"
                and head is not None
                and head.lemma
                in (
                    "мочь",
                    "хотеть",
                    "хотеться",
                    "можно",
                    "надо",
                    "нужно",
                    "давать",
                    "давай",
                    "попросить",
                    "просить",
                )
            )
        )
        if not is_request:
            return
        if negation is not None:
            self._drop(negation.index)
            self._negate_objects(token, drop_head=True)
            return
        made = [
            c
            for c in self._children(token.index)
            if self._case(c) == "Ins" and (c.pos == "ADJ" or self._adjective_word(c))
        ]
        # "сделай кота рыжим": make the cat ginger, a change of how it looks
        self._set(token.index, ["make" if made and token.lemma == "сделать" else "draw"])
        for child in self._children(token.index, frozenset({"obj"})):
            if child.pos == "NOUN":
                self.article[child.index] = True
        drawn = self._drawn_after_medium(token)
        if drawn is not None:
            self.article[drawn.index] = True

    def _drawn_after_medium(self, token: Token) -> Token | None:
        """ "нарисуй карандашом кота": the thing drawn, said right after the medium the
        command names, which the parser often hangs on the medium ("in pencil cat")."""
        at = token.index + 1
        while at < len(self.t) and self.t[at].lower in ("мне", "нам"):
            at += 1
        medium = self.t[at] if at < len(self.t) else None
        entry = self._lookup(medium, "NOUN") if medium is not None else None
        if medium is None or self._case(medium) != "Ins" or entry is None:
            return None
        if entry.category not in ("medium", "material"):
            return None
        for after in self.t[at + 1 :]:
            if after.is_punct or after.pos == "ADP":
                return None
            if after.pos in ("NOUN", "PROPN"):
                return after
        return None

    def _adjective_word(self, token: Token) -> bool:
        """Tagged otherwise, a word the glossary knows only as an adjective ("рыжим")."""
        entry = self._lookup(token, "ADJ")
        return entry is not None and entry.pos == "ADJ"

    def _change_target(self, token: Token) -> bool:
        """ "поменяй день на закат": the "на" of what a change verb changes to, which no
        glossary phrase ("на закат", at sunset) takes."""
        if token.lemma != "на":
            return False
        for before in reversed(self.t[: token.index]):
            if before.is_punct or before.lemma == "на":
                return False
            if before.lemma in closed.CHANGE_VERBS:
                return True
        return False

    def _change(self, token: Token) -> None:
        """ "замени кошку на собаку" -> "change cat to dog": "на" in the clause is "to"."""
        self._set(token.index, ["change"])
        for j in self._clause(token.index):
            if j > token.index and self.t[j].lemma == "на" and self.t[j].pos == "ADP":
                self._set(j, ["to"])
                break

    def _want(self, token: Token) -> None:
        """ "хочу", "хотелось бы", "не хочу": the request and negation frames of English."""
        creation = [
            c
            for c in self._children(token.index)
            if c.lemma in closed.CREATION_VERBS and c.feat("VerbForm") == "Inf"
        ]
        negation = self._has_negation(token.index)
        if negation is not None:
            self._drop(negation.index)
            self._set(token.index, ["I", "don't", "want"])
        elif creation:
            self._drop(token.index)
        elif token.feat("Person") in ("1", None) or token.lemma == "хотеться":
            conditional = any(c.lemma == "бы" for c in self._children(token.index))
            self._set(token.index, ["I", "would", "like"] if conditional else ["I", "want"])
        else:
            return
        for child in self._children(token.index):
            if child.lemma in ("я", "мне", "бы"):
                self._drop(child.index)
            if child.rel == "obj" and child.pos == "NOUN":
                self.article[child.index] = True

    def _can(self, token: Token) -> None:
        """ "можешь нарисовать" -> "can you draw"."""
        if any(c.lemma in closed.CREATION_VERBS for c in self._children(token.index)):
            self._set(token.index, ["can", "you"])
            for child in self._children(token.index):
                if child.lemma in ("ты", "вы", "бы"):
                    self._drop(child.index)

    def _governed(self, token: Token, rels: frozenset[str]) -> list[Token]:
        """The noun phrases `token` governs by one of `rels`, not the speaker or listener."""
        return [
            c
            for c in self._children(token.index, rels)
            if self._is_nominal(c) and c.lemma not in ("я", "мне", "ты", "вы", "мы", "это")
        ]

    def _negate_objects(
        self, token: Token, drop_head: bool, heads: list[Token] | None = None
    ) -> None:
        """Drop the negating word and put "no" before each noun phrase it governs."""
        clause = self._clause(token.index)
        if heads is None:
            heads = [h for h in self._governed(token, _OBJECT_RELS) if h.index in clause]
        for j in clause:
            if self.t[j].lemma == "чтобы" and j < token.index and not self.done[j]:
                self._drop(j)  # "(и) чтобы не было X" -> "(and) no X"
        if drop_head:
            self._drop(token.index)
        if not heads:
            # The parse did not attach the noun phrase: take the genitive nominals of the
            # clause ("чтобы никаких лодок не было").
            heads = [
                self.t[j]
                for j in clause
                if self.t[j].pos in ("NOUN", "PROPN")
                and self._case(self.t[j]) == "Gen"
                and not self.done[j]
                and not self._modifies_noun(self.t[j])
            ]
        if not heads:
            # "людей не надо", "и холодильник тоже не надо": the one noun said before the
            # negated word in its clause, wherever the parse hung it
            before = [
                self.t[j]
                for j in clause
                if j < token.index
                and self.t[j].pos in ("NOUN", "PROPN")
                and self._case(self.t[j]) in ("Nom", "Acc", "Gen")
                and not self.done[j]
                and (self.t[j].rel == "conj" or not self._modifies_noun(self.t[j]))
            ]
            heads = before if len(before) == 1 else []
        if not heads:
            if not any(self.t[j].lemma in ("никакой", "никто", "ничто") for j in clause):
                self._set(token.index, ["no"])
            return
        for head in heads:
            self._negate_np(head)

    def _modifies_noun(self, token: Token) -> bool:
        head = token.head
        return head is not None and self.t[head].pos in ("NOUN", "PROPN")

    def _clause(self, index: int) -> list[int]:
        """Indices of the tokens between the pauses around `index`."""
        start = index
        while (
            start > 0
            and not self.t[start - 1].is_punct
            and (self.t[start - 1].sentence == self.t[index].sentence)
        ):
            start -= 1
        end = index
        while (
            end + 1 < len(self.t)
            and not self.t[end + 1].is_punct
            and (self.t[end + 1].sentence == self.t[index].sentence)
        ):
            end += 1
        return list(range(start, end + 1))

    def _removed_before(self, command: Token, clause: list[int]) -> Token | None:
        """The one object of a removal command said before it in its clause ("мужика
        убери")."""
        before = [
            c
            for c in self._governed(command, frozenset({"obj"}))
            if c.index < command.index and c.index in clause
        ]
        if len(before) != 1 or self._case(before[0]) not in ("Acc", "Gen"):
            return None
        return before[0]

    def _negate_np(self, head: Token) -> None:
        if head.lemma == "никакой":
            # "собак не надо никаких", "шрифта никакого не надо": none at all, said after the
            # thing, is not a thing of its own
            self._drop(head.index)
            thing = self._prev_word(head.index)
            if thing is not None and thing.pos in ("NOUN", "PROPN"):
                self._negate_np(thing)
            return
        if head.index in self.negated_np:
            return
        self.negated_np.add(head.index)
        for child in self._children(head.index):
            if child.lemma == "весь" and child.index < head.index:
                self._drop(child.index)  # "убери всех людей": no people, not "no all people"
        already = any(c.lemma in ("никакой", "ни") for c in self._children(head.index))
        if not already:
            self.out.before[self._left_edge(head.index)].insert(0, "no")
        clause = self._clause(head.index)
        for conj in self._children(head.index, frozenset({"conj"})):
            if self._is_nominal(conj) and conj.index in clause:  # "машин и людей", not a list
                self._negate_np(conj)

    def _ne(self, token: Token) -> None:
        """ "не" with a later "а": the "not X but Y" correction, of a non-verb anywhere later in
        its sentence ("не лиса, а волк"), of a verb right after it ("не бежит, а спит")."""
        head = self.t[token.head] if token.head is not None else None
        if head is not None and head.index > token.index:
            verb = head.pos in ("VERB", "AUX")
            for later in self.t[head.index + 1 :]:
                if later.sentence != token.sentence:
                    break
                if later.lemma == "а" and later.pos == "CCONJ" and not self.done[later.index]:
                    self._set(token.index, ["not"])
                    self._set(later.index, ["but"])
                    return
                if verb and not later.is_punct:
                    break
        self._set(token.index, ["not"])

    # ------------------------------------------------------------------ single tokens
    def _render_token(self, token: Token) -> None:
        lower = token.lower
        if token.is_punct:
            self._set(token.index, [_punct(token.text)])
            return
        if lower in closed.PLEASE:
            self._set(token.index, ["please"])
            return
        if lower in ("штук", "штуки"):
            number = self._next_word(token.index)
            if number is not None and number.pos == "NUM":
                counted = self._next_word(number.index)
                if counted is not None and counted.pos == "NOUN":
                    self._drop(token.index)  # "штук двенадцать ворон": twelve crows
                else:
                    self._set(token.index, ["about"])  # "штук пять": said after its noun
                return
        if lower in closed.FILLER_WORDS and token.pos in ("PART", "INTJ", "ADV", "CCONJ", "X"):
            self._drop(token.index)
            return
        if lower in closed.FILLER_WORDS and lower in ("ну", "вот", "типа", "короче", "э"):
            self._drop(token.index)
            return
        if lower in closed.FILLER_WORDS and self._alone_between_pauses(token):
            self._drop(token.index)  # "кухня, знаешь, с печкой", "ой, нет": whatever its tag
            return
        if lower in closed.CLAUSE_FILLERS and self._is_clause_filler(token):
            self._drop(token.index)
            return
        renderers = {
            "NOUN": self._noun,
            "PROPN": self._noun,
            "ADJ": self._adjective,
            "VERB": self._verb,
            "AUX": self._verb,
            "ADV": self._adverb,
            "NUM": self._numeral,
            "PRON": self._pronoun,
            "DET": self._determiner,
            "ADP": self._preposition,
            "CCONJ": self._conjunction,
            "SCONJ": self._conjunction,
            "PART": self._particle,
            "INTJ": self._interjection,
        }
        renderers.get(self._glossary_pos(token), self._other)(token)

    def _alone_between_pauses(self, token: Token) -> bool:
        return self._clause_start(token.index) and self._pause_after(token.index)

    def _is_clause_filler(self, token: Token) -> bool:
        """ "значит, ...", "так, ...", "да, ...": a filler between pauses or at a clause start."""
        after = self._next_word(token.index)
        at_start = self._clause_start(token.index)
        pause_after = after is None or after.is_punct
        if token.lower in ("пусть",):
            return False
        if token.lower in ("давай", "давайте"):
            return after is None or after.pos != "VERB"
        if token.lower == "может":
            return at_start and pause_after
        return at_start and (pause_after or token.lower in ("значит", "короче"))

    def _lookup(self, token: Token, pos: str) -> Entry | None:
        """By the lemma in context, then the word form, then pymorphy2's other normal forms of
        the word form ("стоит": natasha says "стоить", the picture means "стоять")."""
        entry = self.glossary.word(token.lemma, pos)
        if entry is None and token.lower != token.lemma:
            entry = self.glossary.word(token.lower, pos)
        if entry is None and self.parses is not None and not self._named(token):
            others = [self.glossary.word(form) for form, _ in self.parses(token.lower)]
            found = [e for e in others if e is not None]
            entry = next((e for e in found if e.pos == pos), found[0] if found else None)
        if entry is None and pos == "NOUN":
            entry = self._plural_only(token.lemma)
        return entry

    def _named(self, token: Token) -> bool:
        """A place the dictionary knows by name ("Ростов"): not another word its form also is
        ("рост", height)."""
        if token.pos != "PROPN" or self.parses is None:
            return False
        first = self.parses(token.lower)[:1]
        return any(_PLACE_NAMES & grammemes(tag) for _, tag in first)

    def _place_name(self, token: Token, entry: Entry | None) -> str | None:
        """The nominative of a river or town said by name that the glossary knows as a
        common word ("на Амуре" is the Amur, not "cupid"; "на Лене" the Lena, not linen)."""
        if entry is None or entry.category in _NAMED_CATEGORIES or self.parses is None:
            return None
        # the tagger may read a name mid-sentence as a common noun; at a sentence's opening
        # only its own reading as a name counts, as the capital says nothing there
        if self._opens_sentence(token):
            if token.pos != "PROPN":
                return None
        elif token.pos not in ("NOUN", "PROPN") or not token.text[:1].isupper():
            return None
        first = self.parses(token.lower)[:1]
        if first and _PLACE_NAMES & grammemes(first[0][1]):
            return first[0][0]
        return None

    def _plural_only(self, lemma: str) -> Entry | None:
        """A noun the glossary has only in the plural, as picture words often are
        ("наушники", "качели"), while the tagger gives a singular lemma ("в наушниках" ->
        "наушник")."""
        stem = lemma[:-1] if lemma[-1:] in ("а", "я", "о", "е") else lemma
        for plural in (stem + "и", stem + "ы"):
            entry = self.glossary.word(plural, "NOUN")
            if entry is not None and entry.pos == "NOUN":
                return entry
        return None

    def _glossary_pos(self, token: Token) -> str:
        """The part of speech to render a content word as: natasha's, unless the glossary
        knows the lemma only as another content part of speech ("синюю" tagged as a
        participle, glossed as the adjective "blue")."""
        if token.pos not in _CONTENT_POS or token.feat("Mood") == "Imp":
            return token.pos
        senses = [self.glossary.word(token.lemma, pos) for pos in _CONTENT_POS]
        own = self.glossary.word(token.lemma, token.pos)
        if own is not None and own.pos == token.pos:
            return token.pos
        for sense in senses:
            if sense is not None and sense.pos in _CONTENT_POS:
                if token.pos == "VERB" and token.feat("VerbForm") not in ("Part", None):
                    return token.pos
                return sense.pos
        return token.pos

    def _gloss(self, token: Token, pos: str) -> tuple[str, Entry | None]:
        """English for a content word; an unknown word stays as spoken and is listed."""
        entry = self._lookup(token, pos)
        place = self._place_name(token, entry)
        if place is not None:
            return romanize(place), None
        if entry is not None:
            return entry.english, entry
        if self.fallback is not None:
            guess = self.fallback(token.lemma, pos, token.lower)
            if not guess and pos == "ADJ" and token.feat("Degree") != "Cmp":
                guess = self.fallback(token.lemma, "NOUN", token.lower)  # "хомячка" tagged ADJ
            if guess:
                return guess, None
        if token.text[:1].isupper() and (token.pos == "PROPN" or not self._opens_sentence(token)):
            return romanize(self._name_lemma(token)), None  # "в стиле Билибина"

        self.out.untranslated.append(token.text)
        return token.text, None

    def _common_nouns_at_openings(self) -> None:
        """The tagger reads a capitalised word that opens a sentence as a name ("Река широкая.
        Драга стоит"); where pymorphy2's likeliest reading is a common noun, it is one."""
        if self.parses is None:
            return
        for token in self.t:
            if token.pos != "PROPN" or not self._opens_sentence(token):
                continue
            first = self.parses(token.lower)[:1]
            said = grammemes(first[0][1]) if first else frozenset()
            if "NOUN" in said and not _NAME_GRAMMEMES & said:
                token.pos = "NOUN"

    def _opens_sentence(self, token: Token) -> bool:
        """Whether it is the first word of its sentence, where a capital says nothing."""
        return token.index == 0 or self.t[token.index - 1].sentence != token.sentence

    def _name_lemma(self, token: Token) -> str:
        """A name's nominative: pymorphy2's as a surname or given name ("Билибина" ->
        "билибин", where the tagger's lemma may be a place, "билибино")."""
        if self.parses is not None:
            for form, tag in self.parses(token.lower):
                if "Surn" in tag or "Name" in tag:
                    return form
        person = token.feat("Animacy") == "Anim" and token.feat("Gender") == "Masc"
        if person and token.feat("Case") == "Gen" and token.lower.endswith(_SURNAME_GENITIVES):
            return token.lower[:-1]  # a surname the dictionary knows only as a village
        return token.lemma

    def _noun(self, token: Token) -> None:
        counted = any(c.pos == "NUM" for c in self._children(token.index))
        if token.lemma == "штука" and counted:
            self._drop(token.index)  # "матрёшки, пять штук": the number is the count
            return
        if token.lemma in closed.QUANTIFIERS and self._governs_genitive(token):
            self._set(token.index, closed.QUANTIFIERS[token.lemma][0].split())
            return
        surface_adverb = self.glossary.word(token.lower, "ADV")
        if surface_adverb is not None and surface_adverb.pos == "ADV":
            self._set(token.index, surface_adverb.english.split())  # "ночью" -> "at night"
            return
        if token.pos == "PROPN" and token.text[:1].isupper() and token.lemma in closed.PROPER_NOUNS:
            self._set(token.index, [closed.PROPER_NOUNS[token.lemma]])  # "Земля": the Earth
            return
        if token.lemma in closed.PICTURE_NOUNS and self._case(token) == "Acc":
            self.article[token.index] = True  # "хочу, как бы, картинку" -> "a picture"
        named = self.named.get(token.lemma)
        word, entry = (named.english, named) if named else self._gloss(token, "NOUN")
        oblique = self._case(token) in ("Gen", "Dat", "Ins", "Loc")  # "цвета" is only colours
        if (
            token.lemma == "цвет"
            and oblique
            and self._is_plural(token)
            and not self._modifiers(token.index)
        ):
            # "всё в цветах": "цветы" and "цвета" share the oblique plural forms
            word, entry = "flower", None
        derived = entry is None and word != token.text  # "курочки": glossed by its base
        if (derived or entry is not None and _countable(entry)) and self._is_plural(token):
            same = inflect.plural(word) == word
            word = inflect.plural(word)
            edge = self._left_edge(token.index)
            determined = any(c.pos in ("DET", "NUM") for c in self._children(token.index))
            if same and not counted and not determined:
                self.out.before[edge].insert(0, "some")  # "овцы": "sheep" says not how many
        prefix = self._instrumental_prefix(token, entry)
        edge = self._left_edge(token.index)
        if prefix and edge < token.index:
            self.out.before[edge][:0] = prefix  # "широкоугольным объективом" -> "with a wide..."
            prefix = []
        self._set(token.index, [*prefix, *word.split()])

    def _has_case(self, token: Token) -> bool:
        return any(c.rel == "case" for c in self._children(token.index))

    def _governs_genitive(self, token: Token) -> bool:
        after = self._next_word(token.index)
        return any(self._case(c) == "Gen" for c in self._children(token.index)) or (
            after is not None and self._case(after) == "Gen" and after.pos in ("NOUN", "ADJ")
        )

    def _is_plural(self, token: Token) -> bool:
        if self.plural_forced[token.index]:
            return True
        before = self.t[token.index - 1] if token.index else None
        if before is not None and closed.CARDINAL_VALUES.get(before.lemma) == 1:
            return False  # "одна ворона", whatever the parse hung it on
        for child in self._children(token.index):
            value = closed.CARDINAL_VALUES.get(child.lemma)
            if value == 1:
                return False
            if (value and value > 1) or child.lemma in closed.QUANTIFIERS or child.lower.isdigit():
                return child.lower != "1"
        head = self.t[token.head] if token.head is not None else None
        if head is not None and head.lemma in closed.QUANTIFIERS and head.index < token.index:
            return True
        j = token.index - 1
        while j >= 0 and self.t[j].pos == "ADJ":
            j -= 1
        if j >= 0 and closed.CARDINAL_VALUES.get(self.t[j].lemma, 0) > 1:
            return True  # "три кота", "два рыжих кота", whatever the parse hung the number on
        after = head is not None and head.index > token.index
        if after and head is not None and closed.CARDINAL_VALUES.get(head.lemma, 0) > 1:
            return True  # "котов три"; not a number said clauses before
        return self._number(token) == "Plur"

    def _number(self, token: Token) -> str | None:
        """natasha's number, unless every dictionary analysis of the word form with the same
        lemma says otherwise ("лисой" tagged plural, "подсолнухами" tagged singular)."""
        number = token.feat("Number")
        if self.parses is None or token.pos != "NOUN":
            return number
        tags = self._lemma_tags(token)
        if tags and all("plur" in tag for tag in tags):
            return "Plur"
        if tags and all("sing" in tag for tag in tags):
            return "Sing"
        return number

    def _instrumental_prefix(self, token: Token, entry: Entry | None) -> list[str]:
        """A bare instrumental under a verb: "снято крупным планом" -> "in close-up",
        "покрытый снегом" -> "with snow"."""
        if self._case(token) != "Ins" or self._has_case(token):
            return []
        if token.lemma in closed.TECHNIQUE_NOUNS:
            return ["in"]  # "пейзаж, маслом" -> "in oil"
        if token.lemma == "ряд":
            return ["in"]  # "рыбы рядами лежат": lying in rows
        if token.head is None:
            return []
        head = self.t[token.head]
        participle = head.feat("VerbForm") == "Part"  # "покрытый снегом": covered with snow
        if head.pos not in ("VERB", "AUX") and not participle:
            return []
        if head.lemma in ("быть", "стать", "являться"):
            return []
        category = entry.category if entry else ""
        framing = ("shot", "close-up", "view", "plan", "profile", "frame", "angle")
        if category in ("medium", "style", "colour") or (
            category == "composition"
            and any(w in (entry.english if entry else "") for w in framing)
        ):
            return ["in"]
        if category == "time":
            return []
        return ["with"]

    def _adjective(self, token: Token) -> None:
        lemma = token.lemma
        if lemma in closed.ORDINALS:
            noun = self._right_after(token)  # "век девятнадцатый": the nineteenth century
            if noun is not None:
                self._say_before(token, noun.index, [closed.ORDINALS[lemma]])
                return
            self._set(token.index, [closed.ORDINALS[lemma]])
            return
        if lemma in closed.DETERMINERS or lemma in closed.POSSESSIVES:
            self._determiner(token)
            return
        if token.lower in ("больше", "меньше") and token.rel in ("advmod", "obj", "obl"):
            self._set(token.index, ["more" if token.lower == "больше" else "less"])
            return
        word, entry = self._gloss(token, "ADJ")
        self._front_predicative(token)
        short = token.feat("Variant") == "Short"
        if short and (entry is None or entry.pos != "ADJ"):
            # "чтобы было тихо": the short form's own gloss may be the adverb ("quietly")
            full = self.glossary.word(token.lemma, "ADJ")
            if full is not None and full.pos == "ADJ":
                word, entry = full.english, full
        if short and entry is not None and entry.pos == "ADJ":
            self._set(token.index, [*self._predicate(token), *word.split()])  # "было страшно"
            return
        if entry is not None and entry.pos == "VERB":
            word = self._participle(token, entry.english)  # "цветущий" -> "blooming"
        if token.feat("Degree") == "Cmp" and entry is not None:
            word = inflect.comparative(word)
        elif token.feat("Degree") == "Sup" and entry is not None:
            word = "most " + word
        noun = self._right_after(token)
        if noun is None:
            noun = self._said_after(token)
            derived = entry is None and word != token.text  # "рыженький": glossed by its base
            if not (derived or entry is not None and entry.category in _POSTPOSED):
                noun = None
        if noun is not None:
            self._say_before(token, noun.index, word.split())
            return
        left_out = self._noun_left_out(token)
        if left_out is not None:
            # "в жёлтом" -> "in yellow sundress": the noun said again, for the English reader
            again = [w for w in self.out.words[left_out.index] if w not in ("a", "an", "the")]
            self._set(token.index, [*word.split(), *(again or ["one"])])
            return
        self._set(token.index, word.split())

    def _noun_left_out(self, token: Token) -> Token | None:
        """ "в зелёном сарафане, ой, в жёлтом": an adjective after a preposition, with no noun
        after it, in the case of an earlier noun after a preposition, says that noun again;
        returns that noun."""
        before = self._prev_word(token.index)
        if before is None or before.pos != "ADP" or not self._pause_after(token.index):
            return None
        # only as a repair ("ой, в жёлтом"; "на гнедом, то есть"), not as what a repair
        # replaces ("с розовыми, нет, с серебристыми волосами")
        said_before = next(
            (
                self.out.words[j]
                for j in range(before.index - 1, -1, -1)
                if self.out.words[j] not in ([], [","])  # the pause of the comma after "ой"
            ),
            [],
        )
        said_after = next(
            (self.out.words[j] for j in range(token.index + 1, len(self.t)) if self.out.words[j]),
            [],
        )
        repairs = bool(set(said_before) & _REPAIR_WORDS)
        repairs = repairs or "rather" in self.out.before[before.index]  # "в холодных лучше"
        if not repairs and not ("mean" in said_after or "meant" in said_after):
            return None
        case = token.feat("Case")
        return next(
            (
                t
                for t in reversed(self.t[: before.index])
                if t.pos == "NOUN"
                and self._case(t) == case
                and self._has_case(t)
                and "," not in self.out.words[t.index]  # not "ой", an editing term here
            ),
            None,
        )

    def _say_before(self, token: Token, index: int, words: list[str]) -> None:
        """The token's English goes in front of the token at `index` (its noun phrase)."""
        self.out.before[index].extend(words)
        self._drop(token.index)

    def _right_after(self, token: Token) -> Token | None:
        """ "печка белая", "столы длинные во дворе", "лошадь белая в поле пасётся": an
        adjective said right after the noun it agrees with, as spoken Russian often does, goes
        before it in English ("white stove"); read in place it would be the picture's palette
        or mood, and "stove white" no English parser reads as one phrase."""
        if token.feat("Variant") == "Short" or not token.feat("Case"):
            return None
        # "кит большой синий", "волк такой серый": a run of them, or "такой" between
        j = token.index - 1
        while j > 0 and self.t[j].sentence == token.sentence and self._same_form(self.t[j], token):
            j -= 1
        noun = self.t[j] if j >= 0 else None
        if noun is None or noun.is_punct or noun.sentence != token.sentence:
            return None
        # the glossary's part of speech: at a clause start the tagger may swap the two
        # ("кувшин глиняный": the noun tagged an adjective, the adjective a noun)
        if self._glossary_pos(noun) != "NOUN" or not self._agrees(token, noun):
            return None
        after = self._next_word(token.index)
        if after is not None and after.pos in ("NOUN", "PROPN") and not after.is_punct:
            return None  # "дом большой собаки": it opens the next noun's phrase
        for child in self._children(token.index, _COMPLEMENT_RELS):
            if child.pos == "VERB":
                continue  # the parse hung the clause's verb on it: "кит синий плывёт"
            if child.index > token.index and not self._children(child.index, _CASE_RELS):
                return None  # "стакан полный воды": it has words of its own
        if self._in_list(token):
            return None
        return noun

    def _said_after(self, token: Token) -> Token | None:
        """ "дирижабль над городом, серебристый такой, огромный": an adjective said after a
        pause, with no noun of its own, agreeing with the nearest earlier noun in case, number
        and gender, describes that noun. English says it in front ("huge silver airship");
        left where it was it would read as the picture's mood or palette."""
        if token.feat("Variant") == "Short" or not token.feat("Case"):
            return None
        before = self._prev_word(token.index)
        if before is None or not before.is_punct:
            return None
        for j in range(token.index + 1, len(self.t)):
            after = self.t[j]
            if after.pos in ("NOUN", "PROPN"):
                return None  # "красные и оранжевые тона": said before its noun
            if after.is_punct or after.pos not in ("ADJ", "CCONJ"):
                break
        if self._in_list(token):
            return None  # "золото, красный и чёрный": the picture's colours
        for j in range(token.index - 1, -1, -1):
            other = self.t[j]
            if any(self._matches(j, term) for term in closed.EDITING_TERMS):
                return None  # "синяя чашка, стоп, жёлтая": a repair
            # a verb of the clause, not "нет", which the tagger reads as one ("ой, нет")
            finite = other.pos == "VERB" and bool(other.feat("Tense")) and other.lower != "нет"
            if finite and other.sentence == token.sentence:
                # "заяц под ёлкой сидит, маленький": said of the verb's subject
                subjects = self._children(other.index, _SUBJECT_RELS)
                agreeing = [s for s in subjects if s.pos == "NOUN" and self._agrees(token, s)]
                return agreeing[0] if agreeing and agreeing[0].index < other.index else None
            if other.sentence != token.sentence or not (
                other.pos in _BETWEEN or other.is_punct or other.lemma == "такой"
            ):
                return None  # a verb or a particle between: another clause
            noun = other.pos in ("NOUN", "PROPN") and self._glossary_pos(other) != "ADJ"
            if noun and self._agrees(token, other):
                has_colour = any(
                    c.pos == "ADJ" and self._category(c) == "colour"
                    for c in self._children(other.index)
                )
                if has_colour and self._category(token) == "colour":
                    return None  # a second colour for a coloured thing repairs it
                return other
        return None

    def _category(self, token: Token) -> str | None:
        entry = self._lookup(token, "ADJ")
        return entry.category if entry is not None else None

    def _in_list(self, token: Token) -> bool:
        """Coordinated with another colour ("золото, красный и чёрный") or with a mood word
        ("яркая и добрая"): the picture's palette or mood, not one thing's looks."""
        colour = self._category(token) == "colour"
        for step in (-1, 1):
            link = token.index + step
            other = token.index + 2 * step
            if 0 <= other < len(self.t) and self.t[link].pos == "CCONJ":
                category = self._category(self.t[other])
                if colour and (category == "colour" or self.t[other].pos == "NOUN"):
                    return True
                if self.t[other].pos == "ADJ" and category not in _POSTPOSED:
                    return True
        return False

    def _same_form(self, other: Token, adjective: Token) -> bool:
        """An adjective (or "такой") in the adjective's own case, number and gender; not a
        noun the tagger read as one ("самовар медный")."""
        if other.lemma != "такой" and (other.pos != "ADJ" or self._glossary_pos(other) != "ADJ"):
            return False
        return all(other.feat(f) == adjective.feat(f) for f in ("Case", "Number", "Gender"))

    def _agrees(self, adjective: Token, noun: Token) -> bool:
        """Same number, gender (singular) and case. Where two cases share the noun's form,
        the tagger's pick between them is no clue: an inanimate noun's accusative is its
        nominative (unless feminine singular), an animate one's is its genitive (masculine or
        plural: "робота ржавого"), and an indeclinable noun ("кафе уютное") has one form.
        Where the tagger read the adjective as another form its word form also has ("полке
        деревянной" as a genitive), pymorphy2's analyses decide."""
        return self._tagged_alike(adjective, noun) or self._could_agree(adjective, noun)

    def _tagged_alike(self, adjective: Token, noun: Token) -> bool:
        number = noun.feat("Number")
        if adjective.feat("Number") != number:
            return False
        if number == "Sing" and adjective.feat("Gender") != noun.feat("Gender"):
            return False
        cases = {adjective.feat("Case"), noun.feat("Case")}
        if len(cases) == 1 or self._indeclinable(noun):
            return True
        feminine = number == "Sing" and noun.feat("Gender") == "Fem"
        if noun.feat("Animacy") == "Inan":
            return not feminine and cases == {"Nom", "Acc"}
        return not feminine and cases == {"Gen", "Acc"}

    def _could_agree(self, adjective: Token, noun: Token) -> bool:
        number, gender, case = noun.feat("Number"), noun.feat("Gender"), noun.feat("Case")
        if self.parses is None or not number or not case:
            return False
        for _, tag in self.parses(adjective.lower):
            features = tag_features(tag)
            if not tag.startswith(("ADJF", "PRTF")) or features.get("Case") != case:
                continue
            if (features.get("Number") == "Plur") != (number == "Plur"):
                continue
            if number == "Sing" and (gender is None or features.get("Gender") != gender):
                continue
            return True
        return False

    def _indeclinable(self, noun: Token) -> bool:
        tags = self._lemma_tags(noun)
        return bool(tags) and all("Fixd" in tag for tag in tags)

    def _lemma_tags(self, token: Token) -> list[str]:
        """pymorphy2's tags of the word form in the analyses with the tagger's lemma."""
        if self.parses is None:
            return []
        return [tag for form, tag in self.parses(token.lower) if form == token.lemma]

    def _front_predicative(self, token: Token) -> None:
        """ "небо голубое", "атмосфера таинственная": a nominal sentence; English puts the
        adjective in front ("mysterious atmosphere"), which structurers read as one phrase."""
        if token.rel in ("amod", "det") or token.feat("Variant") == "Short":
            return
        subjects = [
            c
            for c in self._children(token.index, _SUBJECT_RELS)
            if c.pos == "NOUN" and c.index == token.index - 1
        ]
        if subjects:
            edge = self._left_edge(subjects[0].index)
            if edge not in self.out.moves:
                self.out.moves[edge] = (token.index, token.index)

    def _participle(self, token: Token, verb: str) -> str:
        voice = token.feat("Voice")
        perfect = token.feat("Tense") == "Past" and token.feat("Aspect") == "Perf"
        if voice is None and self.parses is not None:
            tags = [tag for _, tag in self.parses(token.lower) if "PRT" in tag]
            voice = "Pass" if tags and "pssv" in tags[0] else "Act"
            perfect = bool(tags) and "perf" in tags[0] and "past" in tags[0]
        if voice == "Pass":
            return inflect.past_participle(verb)
        if perfect and (token.rel == "amod" or token.pos == "ADJ"):
            return inflect.past_participle(verb)  # "замёрзшая река" -> "frozen river"
        return inflect.ing(verb)

    def _verb(self, token: Token) -> None:
        if token.lemma in ("быть",) and token.feat("Tense") == "Pres":
            self._drop(token.index)  # "есть" as a copula: English needs none here
            return
        entry = self._lookup(token, "VERB")
        if entry is not None and entry.pos == "ADJ":
            self._adjective(token)  # "звёздное" tagged as a verb form
            return
        if entry is not None and entry.pos == "NOUN":
            self._noun(token)
            return
        word, entry = self._gloss(token, "VERB")
        if entry is None:
            self._set(token.index, word.split())
            return
        word = self._weather_verb(token, word)
        word = self._moving_thing(token, word)
        form = token.feat("VerbForm")
        if form is None and token.pos == "ADJ":
            form = "Part"  # tagged an adjective, glossed by its verb: "замёрзшая" (замёрзнуть)
        mood = token.feat("Mood")
        words: list[str]
        if form == "Part":
            words = [self._participle(token, word)]
            # "церковь заброшенная" -> "abandoned church"; "кот, спящий на диване" stays a
            # cat sleeping on a sofa
            ing = words[0].endswith("ing") and bool(self._children(token.index))
            noun = self._right_after(token) if token.pos == "ADJ" and not ing else None
            if noun is not None:
                self._say_before(token, noun.index, words)
                return
        elif form == "Conv":
            words = [inflect.ing(word)]
        elif mood == "Imp":
            words = [word]
        elif form == "Inf":
            head = self.t[token.head] if token.head is not None else None
            to = head is not None and head.lemma in (
                "хотеть",
                "хотеться",
                "любить",
                "нравиться",
                "начать",
                "начинать",
                "пытаться",
            )
            words = ["to", word] if to else [word]
        else:
            words = self._finite(token, word)
        self._set(token.index, " ".join(words).split())

    def _weather_verb(self, token: Token, verb: str) -> str:
        """ "идёт снег", "шёл дождь": precipitation "goes" in Russian and falls in English."""
        if token.lemma not in ("идти", "пойти", "падать", "лить"):
            return verb
        before = self.t[token.index - 1 : token.index] if token.index else []
        for subject in [*self._children(token.index, _SUBJECT_RELS), *before]:
            if subject.lemma in _RISING and token.lemma in ("идти", "пойти"):
                return "rise"  # "пар идёт": steam rises
            entry = self._lookup(subject, "NOUN")
            if entry is not None and entry.category == "weather":
                return "fall"
        return verb

    def _moving_thing(self, token: Token, verb: str) -> str:
        """Verbs of motion say how a person moves and only that a thing moves: "поезд идёт"
        is a train going, not walking; "баржа плывёт" a barge floating, not swimming."""
        if token.lemma not in _MOVING_THING:
            return verb
        subjects = self._children(token.index, _SUBJECT_RELS)
        if token.rel.startswith("acl") and token.head is not None:
            subjects.append(self.t[token.head])  # "снегоход, который едет"
        for subject in subjects:
            entry = self._lookup(subject, "NOUN")
            category = entry.category if entry is not None else None
            if subject.feat("Animacy") == "Inan" and category in _THINGS:
                return _MOVING_THING[token.lemma]
        return verb

    def _finite(self, token: Token, verb: str) -> list[str]:
        self._front_final_verb(token)
        tense = token.feat("Tense")
        person = token.feat("Person") or "3"
        plural = token.feat("Number") == "Plur"
        if tense in ("Past", "Fut") and token.lemma not in closed.STATIVE_VERBS:
            for subject in self._children(token.index, _SUBJECT_RELS)[:1]:
                if subject.index > token.index:
                    self._move_subject(token, subject)  # "выглянуло солнце" -> "sun came out"
        if tense == "Past" and verb == "be" and self._in_purpose_clause(token):
            return ["are" if plural else "is"]  # "чтобы всё было ярким": a wish, not the past
        if tense == "Past":
            if verb == "be":
                return ["were" if plural else "was"]
            return [inflect.past(verb)]
        if tense == "Fut":
            return ["will", verb]
        if token.lemma in closed.STATIVE_VERBS:
            if person == "3" and not plural:
                return [inflect.third_person(verb)]
            return [verb]
        subjects = self._children(token.index, _SUBJECT_RELS) or [
            c
            for c in self._children(token.index, frozenset({"obj"}))
            if c.pos == "NOUN"
            and self._case(c) == "Nom"  # "стоит рыцарь" misread as an object
            and (c.index > token.index or c.feat("Animacy") == "Anim")  # not "шарф вяжет"
        ]
        before = self.t[token.index - 1] if token.index else None
        attached = before is not None and (
            before.head == token.index or token.head == before.index and token.rel == "nsubj"
        )
        if (
            attached
            and before is not None
            and before.pos in ("NOUN", "PROPN")
            and self._case(before) == "Nom"
            and (not subjects or subjects[0].index > token.index)
        ):
            # "клоун жонглирует, не, не клоун, мим": the parse took the noun said right before
            # its verb for a modifier and a later one for the subject; "куры разбегаются": the
            # verb for the noun's subject
            subjects = [before]
        if (
            subjects
            and subjects[0].index > token.index
            and not self._move_subject(token, subjects[0])
        ):
            return [inflect.third_person(verb) if not plural else verb]
        if subjects:
            subject = subjects[0]
            if subject.lemma == "я":
                aux = "am"
            elif (
                plural
                or subject.lemma in ("ты", "вы", "мы", "они")
                or (subject.pos in ("NOUN", "PROPN") and self._is_plural(subject))
                or subject.lemma in closed.QUANTIFIERS
            ):
                aux = "are"
            else:
                aux = "is"
            if before is not None and before.lemma == "не" and before.head == token.index:
                self._drop(before.index)  # "собака не бежит": "dog is not running"
                return [aux, "not", inflect.ing(verb)]
            return [aux, inflect.ing(verb)]
        return [inflect.ing(verb)]

    def _front_final_verb(self, verb: Token) -> None:
        """ "собака рядом лежала", "бабушка пирог печёт": spoken Russian may end the clause
        with its verb; English says the verb right after the subject ("dog lay nearby"), and
        an English parser reads "dog nearby lay" as a noun phrase."""
        if self._place_first(verb):
            return
        subjects = [
            c
            for c in self._children(verb.index, _SUBJECT_RELS)
            if c.index < verb.index and c.pos in ("NOUN", "PROPN")
        ]
        if not subjects:
            self._object_first(verb)
            return
        last = self._worn_after(self._phrase_end(subjects[0].index, verb.index), verb.index)
        between = range(last + 1, verb.index)
        if not between or last + 1 in self.out.moves:
            return
        own = self._subtree(verb.index)
        for j in between:
            token = self.t[j]
            if token.is_punct or j not in own or token.pos in _CLAUSE_POS:
                return
        self.out.moves[last + 1] = (verb.index, verb.index)

    def _object_first(self, verb: Token) -> None:
        """ "трубу варит", "косари траву косят", "огурцы в банки закатывает": a clause that
        ends with its verb after the thing it acts on says the verb before that thing in
        English ("mowers mowing grass"); the parser of such a clause often finds no subject,
        so it is read from the words' forms: [who, nominative] [what, accusative ...] verb."""
        after = self._next_word(verb.index)
        if after is not None and not after.is_punct:
            return
        words: list[Token] = []
        j = verb.index - 1
        while j >= 0 and not self.t[j].is_punct and self.t[j].pos != "CCONJ":
            words.insert(0, self.t[j])
            j -= 1
        if any(w.pos not in ("ADJ", "DET", "NOUN", "PROPN", "PRON", "ADP", "NUM") for w in words):
            return
        who = next((k for k, w in enumerate(words) if w.pos in ("NOUN", "PROPN", "PRON")), None)
        if who is not None and self._case(words[who]) != "Nom":
            who = None
        # an inanimate noun after the one who acts reads the same in both cases ("бабушка
        # пирог печёт"): the tagger's nominative is the object there
        objects = [
            k
            for k, w in enumerate(words)
            if w.pos == "NOUN"
            and (
                self._case(w) == "Acc"
                or (
                    who is not None
                    and k > who
                    and w.feat("Animacy") == "Inan"
                    and self._case(w) == "Nom"
                )
            )
            and not (k and words[k - 1].pos == "ADP")
        ]
        if not objects:
            return
        start = objects[0]
        while start and words[start - 1].pos in ("ADJ", "DET", "NUM"):
            start -= 1
        if any(self._case(w) == "Acc" and w.pos == "PRON" for w in words[:start]):
            return
        if words[start].index in self.out.moves:
            return
        self.out.moves[words[start].index] = (verb.index, verb.index)

    def _place_first(self, verb: Token) -> bool:
        """ "на заборе петух сидит": a clause said as where, then who, then the verb, goes who,
        verb, where ("rooster is sitting on fence"); an English parser reads "on fence rooster"
        as one noun. Read from the words' forms, which the parse of a long run-on sentence
        gets wrong more often than the tagger does."""
        after = self._next_word(verb.index)
        then = self._next_word(after.index) if after is not None else None
        also = then is not None and then.pos == "VERB" and after is not None
        if after is not None and not after.is_punct and not (also and after.pos == "CCONJ"):
            return False  # more said after the verb, unless another verb of the subject
        words: list[Token] = []
        j = verb.index - 1
        while j >= 0 and not self.t[j].is_punct and self.t[j].pos != "CCONJ":
            words.insert(0, self.t[j])
            j -= 1
        # the place, then (ADJ|DET)* NOUN in the nominative
        k = self._place_head(words, ("NOUN",))
        if k is None:
            return False
        rest = words[k + 1 :]
        if rest[-1].pos != "NOUN" or self._case(rest[-1]) != "Nom":
            return False
        if any(w.pos not in ("ADJ", "DET") for w in rest[:-1]) or words[0].index in self.out.moves:
            return False
        self.out.moves[words[0].index] = (rest[0].index, verb.index)
        return True

    def _thing_before_place(self) -> None:
        """ "на столе чайник", "за ним корабли": a clause with no verb that names where and
        then what says the thing first ("kettle on table"); "on table kettle" an English parser
        reads as one noun."""
        start = 0
        while start < len(self.t):
            end = start
            while end < len(self.t) and not self.t[end].is_punct:
                end += 1
            words = [t for t in self.t[start:end] if self.out.words[t.index] or t.pos == "ADP"]
            if words and words[0].pos == "CCONJ":
                words = words[1:]
            self._reorder_clause(words)
            start = end + 1

    def _reorder_clause(self, words: list[Token]) -> None:
        if words and words[0].index in self.out.moves:
            return
        if any(w.pos in ("VERB", "AUX") for w in words):
            return
        k = self._place_head(words, ("NOUN", "PRON"))
        if k is None:
            return
        rest = words[k + 1 :]
        nouns = [w for w in rest if w.pos in ("NOUN", "PROPN")]
        allowed = ("ADJ", "DET", "NOUN", "PROPN", "CCONJ", "ADP")
        if not nouns or any(w.pos not in allowed for w in rest):
            return
        # the nominative, or the accusative an inanimate noun shares its form with
        case = self._case(nouns[0])
        if not (case == "Nom" or case == "Acc" and nouns[0].feat("Animacy") == "Inan"):
            return
        if any(w.pos == "ADP" for w in rest[: rest.index(nouns[0])]):
            return  # "в лесу у реки": two places
        span = range(rest[0].index, rest[-1].index + 1)
        if any(not self.out.words[j] or self.out.before[j] for j in span):
            return  # words already moved inside it: leave the order as it is
        self.out.moves[words[0].index] = (rest[0].index, rest[-1].index)

    def _place_head(self, words: list[Token], heads: tuple[str, ...]) -> int | None:
        """Where a clause opens with a place ("на столе", "за ним": a preposition, adjectives,
        a head of one of `heads` not in the nominative) and says more after it, the head's
        position in `words`."""
        if len(words) < 3 or words[0].pos != "ADP":
            return None
        k = 1
        while k < len(words) and words[k].pos == "ADJ":
            k += 1
        if k >= len(words) - 1 or words[k].pos not in heads or self._case(words[k]) == "Nom":
            return None
        return k

    def _worn_after(self, last: int, stop: int) -> int:
        """ "дед в кепке кормит кур": what the subject wears or has on it, said right after it,
        stays with it ("grandfather in cap is feeding chickens"), wherever the parse hung it."""
        j = last + 1
        if j >= stop or self.t[j].pos != "ADP" or self.t[j].lemma not in ("в", "с"):
            return last
        k = j + 1
        while k < stop and self.t[k].pos == "ADJ":
            k += 1
        if k >= stop or self.t[k].pos != "NOUN":
            return last
        entry = self._lookup(self.t[k], "NOUN")
        worn = entry is not None and entry.category in ("clothing", "body", "animal_part")
        return k if worn else last

    def _in_purpose_clause(self, token: Token) -> bool:
        return any(self.t[j].lemma == "чтобы" for j in self._clause(token.index) if j < token.index)

    def _move_subject(self, verb: Token, subject: Token, allow_pause: bool = False) -> bool:
        """ "а посередине стоит робот" -> "and in the middle robot is standing": an inverted
        noun subject moves before its verb when its phrase is one unbroken stretch, and so does
        a pronoun said right after it ("спит он на печке" -> "he is sleeping on the stove")."""
        pronoun = subject.lemma in _PERSONAL and subject.index == verb.index + 1
        if subject.pos not in ("NOUN", "PROPN") and not pronoun:
            return False
        first = self._left_edge(subject.index)
        # its right modifiers up to the next pause ("робот с лампой")
        last = self._phrase_end(subject.index, len(self.t))
        if first <= verb.index or any(self.t[j].is_punct for j in range(verb.index, first)):
            return False
        target = verb.index
        fronted = [
            c
            for c in self._children(verb.index)
            if c.index < verb.index
            and (c.rel == "obl" and self._has_case(c) or c.rel == "advmod" and c.pos == "ADV")
        ]
        if fronted:
            edge = min(self._subtree(fronted[0].index))
            if not any(self.t[j].is_punct for j in range(edge, verb.index)):
                # "на пеньке сидит ёжик" -> "hedgehog on stump is sitting", not "on stump
                # hedgehog is sitting", which an English parser reads as one noun ("in the
                # middle robot is standing" likewise)
                target = edge
        self.out.moves[target] = (first, last)
        return True

    def _phrase_end(self, index: int, stop: int) -> int:
        """The last token of the phrase headed by `index` that runs on without a pause, before
        `stop`."""
        descendants = self._subtree(index)
        last = index
        while last + 1 < stop and last + 1 in descendants and not self.t[last + 1].is_punct:
            last += 1
        return last

    def _subtree(self, index: int) -> set[int]:
        found = {index}
        stack = [index]
        while stack:  # iterative, and safe when the tagger makes a root its own child
            for child in self.t[stack.pop()].children:
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    def _adverb(self, token: Token) -> None:
        if token.lemma in ("надо", "нужно"):
            self._set(token.index, ["needed"])
            return
        if token.lower == "можно":
            before, after = self._prev_word(token.index), self._next_word(token.index)
            if before is not None and before.pos == "NOUN" and (after is None or after.is_punct):
                self._set(token.index, ["are", "fine"])  # "людей можно": people are fine
            else:
                self._drop(token.index)  # "можно без людей": it may be without people
            return
        if token.lower in closed.CONJUNCTIONS and token.lower in ("где", "куда", "когда", "как"):
            self._set(token.index, closed.CONJUNCTIONS[token.lower].split())
            return
        predicate = self._predicate(token)
        if (token.lemma, "*") in closed.PREPOSITIONS:
            # "вокруг дома" is "around the house"; "вокруг шторм" is "all around, a storm".
            governs = [
                c
                for c in self._children(token.index)
                if self._is_nominal(c)
                and c.index > token.index
                and self._case(c) in ("Gen", "Dat")
                # "сверху, как с вертолёта": after a pause the adverb stands alone
                and not any(t.is_punct for t in self.t[token.index + 1 : c.index])
            ]
            if governs:
                self._set(token.index, closed.PREPOSITIONS[(token.lemma, "*")].split())
                return
        if token.lower == "так" and self._after_quality(token):
            self._drop(token.index)  # "мрачно так", "уютно так": a hedge, "kind of"
            return
        entry = self._lookup(token, "ADV")
        adjective = adjective_of_adverb(self.glossary, token.lower)
        manner = entry is not None and entry.english.endswith("ly")  # "calmly", not "close-up"
        if adjective is not None and (
            predicate or entry is None or manner and self._verbless(token)
        ):
            # "темно", "чтобы было страшно": a predicate, English says it with the adjective.
            self._set(token.index, [*predicate, *adjective.english.split()])
            return
        if entry is not None and predicate:
            self._set(token.index, [*predicate, *entry.english.split()])
            return
        if entry is None and token.feat("Degree") == "Cmp":
            adjective = self.glossary.word(token.lemma, "ADJ")
            if adjective is not None:
                self._set(token.index, inflect.comparative(adjective.english).split())
                return
        if entry is None and token.lower in closed.PARTICLES:
            self._set(token.index, closed.PARTICLES[token.lower].split())
            return
        word, _ = self._gloss(token, "ADV")
        self._set(token.index, word.split())

    def _after_quality(self, token: Token) -> bool:
        before = self._prev_word(token.index)
        after = self._next_word(token.index)
        return (
            before is not None
            and before.pos in ("ADJ", "ADV")
            and (after is None or after.is_punct)
        )

    def _verbless(self, token: Token) -> bool:
        """No verb between the pauses around it: "спокойно, тихо" says how the picture is
        ("calm, quiet"), not how something is done ("calmly")."""
        for step in (-1, 1):
            j = token.index + step
            while 0 <= j < len(self.t) and not self.t[j].is_punct:
                if self.t[j].pos in ("VERB", "AUX"):
                    return False
                j += step
        return True

    def _predicate(self, token: Token) -> list[str]:
        """An adverb or short adjective that is the predicate of its clause ("чтобы было видно
        лицо", "было немного страшно"): drop the copula, say "X is", moving an inverted subject
        in front, or "it is" without one. Returns the words to put before the predicate."""
        head = self.t[token.head] if token.head is not None else None
        of_copula = token.rel == "advmod" and head is not None and head.lemma == "быть"
        modifier = token.rel in ("advmod", "amod", "obl", "nmod", "obj", "det")
        if modifier and head is not None and not of_copula:
            return []  # a modifier ("немного страшно"), not the predicate itself
        clause = self._clause(token.index)
        # "чтобы было тихо" parsed with "тихо" hanging on "было": the copula all the same
        copulas = [head] if of_copula and head is not None else []
        copulas = (
            copulas
            or [c for c in self._children(token.index) if c.lemma == "быть"]
            or [
                self.t[j]
                for j in clause
                if j < token.index and self.t[j].lemma == "быть" and self.t[j].pos == "AUX"
            ][-1:]
        )
        marked = any(self.t[j].lemma == "чтобы" for j in clause if j < token.index)
        if not copulas and not marked:
            return []
        for copula in copulas:
            self._drop(copula.index)
        subjects = [
            c
            for c in self._children(token.index, _SUBJECT_RELS)
            if self._is_nominal(c) and c.index in clause
        ]
        degree = [
            c for c in self._children(token.index, frozenset({"advmod"})) if c.index < token.index
        ]
        if subjects:
            subject = subjects[0]
            if subject.index > token.index:
                self._move_subject(token, subject, allow_pause=False)
            plural = subject.pos in ("NOUN", "PROPN") and self._is_plural(subject)
            verb = "are" if plural else "is"
        else:
            verb = "it is"
        if degree:
            self.out.before[min(d.index for d in degree)].extend(verb.split())
            return []
        return verb.split()

    def _numeral(self, token: Token) -> None:
        if token.lower.isdigit():
            self._set(token.index, [token.lower])
            return
        if token.lower == "сорока" and not self._counts_something(token):
            # "ворона, нет, сорока на заборе": the magpie, whose form is also "forty"'s
            feats = {**token.feats, "Case": "Nom", "Number": "Sing", "Gender": "Fem"}
            self._noun(dataclasses.replace(token, lemma="сорока", pos="NOUN", feats=feats))
            return
        english_number = _cardinal(token)
        if english_number is None:
            quantifier = closed.QUANTIFIERS.get(token.lemma)
            if quantifier is not None:
                self._set(token.index, quantifier[0].split())
                return
            word, _ = self._gloss(token, "NUM")
            self._set(token.index, [word])
            return
        self._set(token.index, english_number.split())

    def _counts_something(self, token: Token) -> bool:
        """Whether a number's form counts or measures something: it governs a genitive ("сорока
        лет"), or a preposition of amount comes before it ("около сорока")."""
        before = self._prev_word(token.index)
        amount = before is not None and before.lower in _AMOUNT_PREPOSITIONS
        return amount or self._governs_genitive(token)

    def _pronoun(self, token: Token) -> None:
        lemma = token.lemma
        if token.lower in ("его", "ее", "её", "их") and token.rel in ("det", "nmod:poss", "nmod"):
            head = self.t[token.head] if token.head is not None else None
            word = closed.POSSESSIVES[token.lower.replace("ё", "е")]
            if head is not None and head.index > token.index and head.pos == "NOUN":
                self._set(token.index, [word])
                return
            owned = self._possessor_after(token)
            if owned is not None:
                self.out.before[self._left_edge(owned.index)].insert(0, word)
                self._drop(token.index)
                return
        if lemma in closed.PRONOUNS:
            nominative, oblique = closed.PRONOUNS[lemma]
            word = nominative if self._case(token) in ("Nom", "") else oblique
            if lemma in ("он", "она") and self._names_a_thing(token):
                word = "it"
            if lemma == "который":
                self._relative(token)
                return
            self._set(token.index, ["I" if word == "i" else word])
            return
        if lemma == "весь":
            after = self._next_word(token.index)
            if after is not None and after.lower in ("в", "во"):
                self._set(token.index, ["all"])  # "всё в цветах": all in flowers
                return
            plural = token.feat("Number") == "Plur"
            self._set(token.index, ["everyone" if plural else "everything"])
            return
        if lemma in closed.DETERMINERS:
            self._determiner(token)
            return
        word, _ = self._gloss(token, "PRON")
        self._set(token.index, [word])

    def _names_a_thing(self, token: Token) -> bool:
        """ "теплица, а в ней пять грядок": a pronoun after a preposition whose nearest noun
        before it, in its gender and number, is inanimate stands for that thing ("in it"); a
        person or an animal stays "him"/"her" ("кошка, а на ней бантик")."""
        before = self._prev_word(token.index)
        if before is None or before.pos != "ADP":
            return False
        gender = token.feat("Gender")
        for j in range(token.index - 1, -1, -1):
            noun = self.t[j]
            if noun.pos != "NOUN" or noun.feat("Number") != "Sing":
                continue
            if gender and noun.feat("Gender") not in (gender, "Neut" if gender == "Masc" else ""):
                continue
            return noun.feat("Animacy") == "Inan"
        return False

    def _possessor_after(self, token: Token) -> Token | None:
        """ "дед мой", "собака его": a possessive said right after its noun, as spoken Russian
        does; English says it before the noun phrase ("my grandfather")."""
        noun = self._prev_word(token.index)
        if noun is None or noun.pos != "NOUN" or noun.sentence != token.sentence:
            return None
        if token.lower in ("его", "ее", "её", "их") or self._agrees(token, noun):
            return noun
        return None

    def _relative(self, token: Token) -> None:
        self._set(token.index, ["that"])

    def _determiner(self, token: Token) -> None:
        lemma = token.lemma
        if lemma == "такой":
            after = self._next_word(token.index)
            if after is not None and after.lemma in ("же",):
                self._set(token.index, ["the", "same"])
            else:
                self._drop(token.index)  # "мягкий такой свет": a spoken intensifier
            return
        if lemma == "свой":
            self._drop(token.index)
            return
        if lemma == "всякий":
            before = self._prev_word(token.index)
            if before is not None and before.lemma == "без":
                self._set(token.index, ["any"])  # "без всяких крыльев": without any wings
            else:
                self._drop(token.index)  # "колбы всякие": of all sorts, a hedge
            return
        after = self._next_word(token.index)
        if lemma == "весь" and after is not None and after.lower in ("в", "во", "это", "этот"):
            self._set(token.index, ["all"])  # "весь в муке": covered in it; "всё это"
            return
        before = self._prev_word(token.index)
        if lemma == "весь" and after is not None and after.pos == "ADJ":
            self._set(token.index, ["all"])  # "вся ржавая": all rusty
            return
        if lemma == "весь" and before is not None and before.pos == "ADJ":
            self._drop(token.index)  # "седой весь": gray-haired all over
            return
        if lemma == "весь":
            self._set(
                token.index,
                ["all" if token.feat("Number") == "Plur" else "the", "whole"]
                if token.feat("Number") != "Plur"
                else ["all"],
            )
            return
        if lemma in closed.POSSESSIVES:
            owned = self._possessor_after(token)
            if owned is not None and lemma != "свой":
                self.out.before[self._left_edge(owned.index)].insert(0, closed.POSSESSIVES[lemma])
                self._drop(token.index)
                return
            self._set(token.index, [closed.POSSESSIVES[lemma]])
            return
        if lemma == "остальной":
            head = self.t[token.head] if token.head is not None else None
            of_noun = head is not None and head.pos == "NOUN" and token.rel in ("amod", "det")
            # "остальные полосатые": the rest (of what was just counted) are striped
            self._set(token.index, ["the", "other"] if of_noun else ["the", "rest"])
            return
        if lemma == "никакой":
            head = self.t[token.head] if token.head is not None else None
            if head is not None:
                self.negated_np.add(head.index)
            if before is not None and before.lemma == "без":
                self._drop(token.index)  # "без никаких украшений": without any decorations
                return
            self._set(token.index, ["no"])
            return
        if lemma in closed.DETERMINERS:
            self._set(token.index, closed.DETERMINERS[lemma].split())
            return
        if token.lower in closed.POSSESSIVES:
            self._set(token.index, [closed.POSSESSIVES[token.lower]])
            return
        word, _ = self._gloss(token, "ADJ")
        self._set(token.index, [word])

    def _preposition(self, token: Token) -> None:
        lemma = token.lemma
        before = self._prev_word(token.index)
        if lemma == "у" and before is not None and before.lemma == "как":
            self._drop(token.index)  # "как у Кустодиева": like Kustodiev('s pictures)
            return
        noun = self.t[token.head] if token.head is not None else None
        case = self._case(noun) if noun is not None else ""
        english_prep = closed.PREPOSITIONS.get((lemma, case)) or closed.PREPOSITIONS.get(
            (lemma, "*")
        )
        if english_prep is None:
            word, _ = self._gloss(token, "ADP")
            self._set(token.index, [word])
            return
        if noun is not None:
            english_prep = self._refine_preposition(lemma, case, noun, english_prep)
            if lemma == "у" and self._is_person(noun):
                self.at_home.add(noun.index)  # "у бабушки на даче": at grandma's, not by her
        self._set(token.index, english_prep.split())

    def _is_person(self, noun: Token) -> bool:
        entry = self._lookup(noun, "NOUN") if noun.pos == "NOUN" else None
        return entry is not None and entry.category == "person"

    def _refine_preposition(self, lemma: str, case: str, noun: Token, default: str) -> str:
        """The English preposition also depends on the verb and on what the noun names."""
        verb = self.t[noun.head] if noun.head is not None else None
        verb_entry = self._lookup(verb, "VERB") if verb is not None else None
        verb_english = verb_entry.english if verb_entry else ""
        surface = self.glossary.word(noun.lower, "ADV")
        if surface is not None and surface.pos == "ADV":
            return default  # "на ветке ночью" parsed as "на ночью": the noun is elsewhere
        noun_entry = self._lookup(noun, "NOUN")
        category = noun_entry.category if noun_entry else ""
        if verb is not None and verb.lemma in closed.CHANGE_VERBS and lemma == "на":
            return "to"
        if lemma == "в" and case == "Acc":
            if category == "time":
                return "at"
            if verb_english in closed.MOTION_VERBS:
                return "into"
        if lemma == "на" and case == "Acc":
            if verb_english in closed.LOOK_VERBS:
                return "at"
            if verb_english in closed.MOTION_VERBS:
                return "onto"
        if lemma == "на" and case == "Loc" and category == "time":
            return "at"
        if lemma == "под" and category == "weather" and noun.lemma not in closed.SKY_ABOVE:
            return "in"  # "под дождём": in the rain; but "под луной": under the moon
        if lemma == "по" and category in ("weather",):
            return "across"
        if lemma in ("из", "изо") and category == "material":
            return "of"
        if lemma == "с" and case == "Gen" and category == "time":
            return "since"
        return default

    def _conjunction(self, token: Token) -> None:
        lemma = token.lemma
        if lemma == "чтобы":
            self._set(token.index, ["so", "that"])
            return
        if lemma == "как" and token.pos == "SCONJ":
            # "как в детской книжке", "как у Кустодиева": "as", which no English reader takes
            # for the filler "like"
            self._set(token.index, ["as"])
            return
        english_conj = closed.CONJUNCTIONS.get(lemma) or closed.CONJUNCTIONS.get(token.lower)
        if english_conj is None:
            word, _ = self._gloss(token, "CCONJ")
            self._set(token.index, [word])
            return
        self._set(token.index, english_conj.split())

    def _particle(self, token: Token) -> None:
        english_particle = closed.PARTICLES.get(token.lower, closed.PARTICLES.get(token.lemma))
        if english_particle is None:
            self._drop(token.index)  # particles without English content ("-ка", "таки")
            return
        self._set(token.index, english_particle.split())

    def _interjection(self, token: Token) -> None:
        self._drop(token.index)

    def _other(self, token: Token) -> None:
        if not any("а" <= c <= "я" for c in token.lower):
            self._set(token.index, [token.text.lower()])
            return
        word, _ = self._gloss(token, token.pos)
        self._set(token.index, [word])

    # ------------------------------------------------------------------ insertions
    def _insert_of(self) -> None:
        """A genitive noun after the noun it modifies takes "of": "фото женщины" ->
        "photo of woman"; not after quantities ("много котов") or prepositions."""
        for token in self.t:
            if token.pos not in ("NOUN", "PROPN") or self._case(token) != "Gen":
                continue
            if token.head is None or token.index in self.no_of or self._has_case(token):
                continue
            head = self.t[token.head]
            picture = head.lemma in closed.PICTURE_NOUNS and self._case(head) != "Gen"
            if not token.rel.startswith("nmod") and not (token.rel == "conj" and picture):
                continue  # a genitive in a list is no "of" phrase, except after "фото, ..."
            if head.pos not in ("NOUN", "PROPN") or head.index > token.index:
                continue
            if head.lemma in closed.QUANTIFIERS or token.index in self.negated_np:
                continue
            if any(c.rel == "nummod:gov" for c in self._children(token.index)):
                continue  # "на сцене четыре балалаечника": counted, so not genitive of its own
            if head.lower in ("штук", "штуки") and not self.out.words[head.index]:
                continue  # "штук двенадцать ворон": twelve crows
            if not self.out.words[token.index] and not self.out.words[self._left_edge(token.index)]:
                continue
            edge = self._left_edge(token.index)
            if self._owner_before(token, head, edge):
                continue
            previous = self._previous_output(edge)
            if previous in ("of", "no", "without"):
                continue
            self.out.before[edge].append("of")

    def _drop_recipient(self) -> None:
        """A person in the dative with no preposition, said of the picture or of the verb that
        asks for it, is who the picture is for, not in it: "открытку жене", "нарисуй маме
        цветы" (flowers, not "mother flowers"); not a dative a verb of the scene takes
        ("девочка улыбается маме")."""
        for token in self.t:
            # "Внуку. Нарисуй ему ...": a name only by its capital at a sentence's start
            opening = self._opens_sentence(token)
            if token.pos != "NOUN" and not (token.pos == "PROPN" and opening):
                continue
            case = self._case(token)
            # "дочке нужно": a dative the tagger read as the locative it sounds like
            dative = case == "Dat" or token.rel == "iobj" and case == "Loc"
            if not dative or self._has_case(token) or token.feat("Animacy") != "Anim":
                continue
            if not self.out.words[token.index]:
                continue
            head = self.t[token.head] if token.head is not None else None
            if head is not None and head.lemma not in _ASKING and head.pos != "NOUN":
                continue
            edge = token.index  # "моей любимой жене": its words before it go too
            while edge and (
                self.t[edge - 1].lemma in closed.POSSESSIVES
                or self.t[edge - 1].pos == "ADJ"
                and self._case(self.t[edge - 1]) == "Dat"
            ):
                edge -= 1
            for index in range(edge, token.index + 1):
                self._drop(index)

    def _owner_before(self, owner: Token, owned: Token, edge: int) -> bool:
        """ "руки гончара", "шляпа рыбака": a person's or animal's body part or clothes is
        said with the possessive, before the noun phrase ("potter's hands"), as English says
        it and as an annotator writes it."""
        if owner.feat("Animacy") != "Anim" or self._category(owned) not in _OWNED_CATEGORIES:
            return False
        if any(child > owner.index for child in owner.children) or owned.index != edge - 1:
            return False
        span = range(edge, owner.index + 1)
        words = [w for i in span for w in (*self.out.before[i], *self.out.words[i])]
        if not words:
            return False
        for i in span:
            self.out.before[i] = []
            self.out.words[i] = []
        self.out.before[self._left_edge(owned.index)].extend([*words[:-1], f"{words[-1]}'s"])
        return True

    def _previous_output(self, index: int) -> str:
        if self.out.before[index]:
            return self.out.before[index][-1]
        for j in range(index - 1, -1, -1):
            if self.out.words[j]:
                return self.out.words[j][-1]
            if self.out.before[j]:
                return self.out.before[j][-1]
        return ""

    def _insert_articles(self) -> None:
        """ "хочу картинку" -> "I want a picture": a singular object of a request gets "a"."""
        for token in self.t:
            if not self.article[token.index] or self._is_plural(token):
                continue
            edge = self._left_edge(token.index)
            if self.out.before[edge]:
                continue
            if edge and self.t[edge - 1].pos == "ADJ":
                continue  # "чёрно-белое фото" parsed apart: the phrase began before the noun
            first = next((w for j in range(edge, token.index + 1) for w in self.out.words[j]), "")
            if not first or first in ("a", "an", "the", "this", "that", "my", "one", "no"):
                continue
            if first == "make":
                continue  # "make the sky pink" (`_let_the_thing_look`): a command, not a thing
            if not first.isascii():
                continue  # a word left as spoken takes no English article
            entry = self._lookup(token, "NOUN")
            if entry is not None and entry.invariant:
                continue
            self.out.before[edge].append(inflect.indefinite_article(first))


# Genitive endings of surnames in -ин, -ын, -ов, -ев ("Билибина" -> "билибин").
_SURNAME_GENITIVES = ("ина", "ына", "ова", "ева")
# English words of the editing terms after which a phrase is a repair.
_REPAIR_WORDS = frozenset({"no", "wait", "sorry", "rather", "actually", "mean", "meant", "oops"})


def _countable(entry: Entry) -> bool:
    return not entry.invariant


def _punct(text: str) -> str:
    if text in _PAUSE_PUNCT:
        return ","
    if text == "…":
        return "..."
    return text if text in _KEEP_PUNCT else ""
