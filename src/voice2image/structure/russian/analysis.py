"""Russian analysis with natasha (slovnet morphology and syntax, pymorphy2 lemmas in context).

natasha's pymorphy2 finds its dictionaries through `pkg_resources` unless PYMORPHY2_DICT_PATH is
set; the path comes from the `pymorphy2_dicts_ru` package. pymorphy3 must never be imported in the
same process (both register `dawg_python` differently), so nothing here touches it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from voice2image.structure.russian import closed
from voice2image.structure.russian.lexical import ADJECTIVE_SOFTENERS, ADVERB_SOFTENERS

# Verbs whose imperative the news-trained tagger often misreads at the start of a request
# ("нарисуй" as a participle, "замени" as an adjective): pymorphy2's analysis of the word form
# decides for these.
IMPERATIVE_CHECKED = frozenset(
    {
        "нарисовать",
        "рисовать",
        "изобразить",
        "изображать",
        "сделать",
        "делать",
        "создать",
        "создавать",
        "сгенерировать",
        "генерировать",
        "показать",
        "показывать",
        "набросать",
        "написать",
        "сотворить",
        "придумать",
        "сфотографировать",
        "визуализировать",
        "отрисовать",
        "дать",
        "убрать",
        "убирать",
        "удалить",
        "удалять",
        "исключить",
        "стереть",
        "заменить",
        "заменять",
        "поменять",
        "менять",
        "изменить",
        "переделать",
        "исправить",
        "перекрасить",
        "превратить",
        "добавить",
        "добавлять",
        "представить",
        "вообразить",
        "поставить",
        "оставить",
        "подождать",
        "погодить",
        "извинить",
        "простить",
    }
)


@dataclass
class Token:
    """One word or punctuation mark. `head` is the index of its syntactic head in the same
    token list (None for a root), `children` the indices of its dependents."""

    index: int
    text: str
    lemma: str
    pos: str
    feats: dict[str, str]
    head: int | None
    rel: str
    sentence: int
    children: list[int] = field(default_factory=list)

    @property
    def lower(self) -> str:
        return self.text.lower().replace("ё", "е")

    def feat(self, name: str) -> str | None:
        return self.feats.get(name)

    @property
    def is_punct(self) -> bool:
        return self.pos == "PUNCT"


class RussianAnalyser:
    """Loads natasha's news models once; `analyse` returns the tokens of a text.

    slovnet runs its small convolutions through numpy; with OpenBLAS on two threads a sentence
    took 70-220 ms on a busy 2-core machine and 8-12 ms on one thread, so `analyse` limits BLAS
    to one thread while it runs (threadpoolctl; other libraries keep their own settings).
    """

    def __init__(self) -> None:
        self._segmenter: Any = None
        self._threads: Any = None

    def load(self) -> None:
        if self._segmenter is not None:
            return
        if "PYMORPHY2_DICT_PATH" not in os.environ:
            import pymorphy2_dicts_ru

            os.environ["PYMORPHY2_DICT_PATH"] = pymorphy2_dicts_ru.get_path()
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsSyntaxParser, Segmenter
        from threadpoolctl import ThreadpoolController

        self._threads = ThreadpoolController()
        embedding = NewsEmbedding()
        self._morph_vocab = MorphVocab()
        self._morph = NewsMorphTagger(embedding)
        self._syntax = NewsSyntaxParser(embedding)
        self._segmenter = Segmenter()

    @lru_cache(maxsize=65536)  # noqa: B019 - one analyser lives as long as the process
    def parses(self, word: str) -> tuple[tuple[str, str], ...]:
        """pymorphy2's analyses of a word form out of context: (normal form, tag), best first."""
        self.load()
        return tuple(
            (p.normal_form.replace("ё", "е"), str(p.tag)) for p in self._morph_vocab.parse(word)
        )

    def _lemma_tags(self, token: Token) -> list[str]:
        """pymorphy2's tags of the word form in the analyses with the tagger's lemma."""
        return [tag for form, tag in self.parses(token.lower) if form == token.lemma]

    def _fix_imperative(self, token: Token) -> None:
        if token.feat("Mood") == "Imp":
            return
        for normal_form, tag in self.parses(token.lower):
            if "impr" in tag and normal_form in IMPERATIVE_CHECKED:
                token.pos = "VERB"
                token.lemma = normal_form
                token.feats = {
                    "Mood": "Imp",
                    "VerbForm": "Fin",
                    "Number": "Plur" if "plur" in tag else "Sing",
                    "Person": "2",
                }
                return

    def _fix_finite_verb(self, token: Token) -> None:
        """ "по реке плывёт баржа": a word form that can only be a finite verb, tagged as an
        adjective or a noun by the news-trained tagger, or as a verb of another tense, is the
        verb pymorphy2 says it is."""
        if token.pos not in ("ADJ", "NOUN", "VERB"):
            return
        parses = self.parses(token.lower)
        if not parses or not all(tag.startswith("VERB") for _, tag in parses):
            return
        tenses = {"past" in tag for _, tag in parses}
        if token.pos == "VERB" and (len(tenses) > 1 or (token.feat("Tense") == "Past") in tenses):
            return
        normal_form, tag = parses[0]
        token.pos, token.lemma = "VERB", normal_form
        token.feats = {
            "Mood": "Ind",
            "VerbForm": "Fin",
            "Tense": "Past" if "past" in tag else "Pres",
            "Number": "Plur" if "plur" in tag else "Sing",
        }
        if "3per" in tag:
            token.feats["Person"] = "3"

    def _fix_adjective(self, token: Token) -> None:
        """ "петушок, рыженький", "век девятнадцатый": a word form that can only be an
        adjective (an ordinal too), tagged a verb or a noun, is that adjective, with the case,
        number and gender of pymorphy2's first analysis (context cannot choose between them
        better than the tagger, which saw a different word)."""
        if token.pos not in ("NOUN", "VERB", "PROPN"):
            return
        parses = self.parses(token.lower)
        if not parses or not all(tag.startswith(("ADJF", "PRTF")) for _, tag in parses):
            return
        normal_form, tag = parses[0]
        token.pos, token.lemma = "ADJ", normal_form
        token.feats = {"Degree": "Pos", **tag_features(tag)}
        if tag.startswith("PRTF"):  # "дом старый заброшенный": a participle, read as one
            token.feats["VerbForm"] = "Part"

    def _fix_case(self, token: Token) -> None:
        """ "пастелью" tagged a nominative plural: where every pymorphy2 analysis of the word
        form (with the tagger's lemma) has one case and number, the form says them."""
        if token.pos != "NOUN" or not token.feat("Case"):
            return
        tags = self._lemma_tags(token)
        if not tags or any(not tag.startswith("NOUN") for tag in tags):
            return
        readings = {(tag_features(t).get("Case"), tag_features(t).get("Number")) for t in tags}
        if len(readings) == 1:
            case, number = next(iter(readings))
            if case and number and (case, number) != (token.feat("Case"), token.feat("Number")):
                token.feats["Case"], token.feats["Number"] = case, number
            return
        first = tag_features(tags[0])
        cases = {case for case, _ in readings}
        if token.feat("Case") == "Dat" and "Dat" not in cases and first.get("Case"):
            # "сделай мне пиксельного лягушонка" tagged a dative, which the form cannot be: the
            # form's likeliest analysis (a dative person is who the picture is for, see
            # render.py, so a wrong one loses the subject)
            token.feats["Case"] = first["Case"]
            token.feats["Number"] = first.get("Number", token.feat("Number") or "")

    def _fix_governed_case(self, tokens: list[Token], index: int) -> None:
        """ "на скатерти" tagged a plural: after a preposition a noun is in a case that
        preposition takes; where the tagger's case is not one, the word form's analysis in
        the first case it takes that the form has."""
        token = tokens[index]
        if token.pos != "NOUN":
            return
        before = index - 1
        while before >= 0 and tokens[before].pos == "ADJ":
            before -= 1
        if before < 0 or tokens[before].pos != "ADP":
            return
        cases = _GOVERNED.get(tokens[before].lower)
        if not cases or token.feat("Case") == cases[0]:
            return
        if token.feat("Case") in cases:
            cases = cases[:1]  # the commoner case where the form has it: "на скатерти"
        tags = self._lemma_tags(token)
        for case in cases:
            for tag in tags:
                features = tag_features(tag)
                if tag.startswith("NOUN") and features.get("Case") == case:
                    token.feats["Case"] = case
                    token.feats["Number"] = features.get("Number", token.feat("Number") or "")
                    return

    def _fix_noun(self, token: Token) -> None:
        """ "век девятнадцатый" with "век" tagged a verb, "в чашке" with "чашке" tagged a
        plural adjective: a word form pymorphy2 knows in no verb (or adjective) form is not
        one; read as its noun analysis in the tagger's case, else its first."""
        if token.pos not in ("VERB", "ADJ"):
            return
        parses = self.parses(token.lower)
        other = (
            ("VERB", "INFN", "PRTF", "PRTS", "GRND")
            if token.pos == "VERB"
            else ("ADJF", "ADJS", "PRTF", "PRTS", "COMP", "NUMR", "NPRO")
        )
        if not parses or any(tag.startswith(other) for _, tag in parses):
            return
        nouns = [(form, tag) for form, tag in parses if tag.startswith("NOUN")]
        if not nouns:
            return
        case = token.feat("Case")
        same_case = [(f, t) for f, t in nouns if tag_features(t).get("Case") == case]
        normal_form, tag = (same_case or nouns)[0]
        token.pos, token.lemma = "NOUN", normal_form
        token.feats = _noun_features(tag)

    def analyse(self, text: str) -> list[Token]:
        from natasha import Doc

        self.load()
        doc = Doc(_SPOKEN_VARIANTS.sub(r"\1ы", text))
        doc.segment(self._segmenter)
        with self._threads.limit(limits=1, user_api="blas"):
            doc.tag_morph(self._morph)
            doc.parse_syntax(self._syntax)
        tokens: list[Token] = []
        ids: dict[str, int] = {}
        heads: list[str] = []
        for number, sentence in enumerate(doc.sents):
            for item in sentence.tokens:
                item.lemmatize(self._morph_vocab)
                ids[item.id] = len(tokens)
                heads.append(item.head_id)
                tokens.append(
                    Token(
                        index=len(tokens),
                        text=item.text,
                        lemma=(item.lemma or item.text).lower().replace("ё", "е"),
                        pos=item.pos or "X",
                        feats=dict(item.feats or {}),
                        head=None,
                        rel=item.rel or "",
                        sentence=number,
                    )
                )
        for token in tokens:
            if token.pos != "PUNCT":
                self._fix_imperative(token)
                self._fix_finite_verb(token)
                self._fix_adjective(token)
                self._fix_noun(token)
                _fix_softened_quality(token)
                self._fix_case(token)
        for index in range(len(tokens)):
            self._particle_before_its_adjective(tokens, index)
            self._fix_governed_case(tokens, index)
            _fix_pronoun_after_preposition(tokens, index)
        for token, head_id in zip(tokens, heads, strict=True):
            head = ids.get(head_id)
            if head is not None and head != token.index:
                token.head = head
                tokens[head].children.append(token.index)
        for token in tokens:
            self._fix_ungoverned_genitive(tokens, token)
        for token in tokens:
            _restore_subject(tokens, token)
        for token in tokens:
            self._object_before_verb(tokens, token)
        return tokens

    def _fix_ungoverned_genitive(self, tokens: list[Token], token: Token) -> None:
        """ "пар идёт" tagged the genitive plural of "пара" (couple): a noun right before a
        singular verb that nothing governs (no preposition, number or negation with it), whose
        word form is also another noun's nominative singular, is that nominative ("пар",
        steam). So is a genitive plural that nothing counts and no noun before it owns, said
        on its own or with a singular adjective ("кругом пар", "густой пар", "пар изо рта";
        not "пять пар", "много пар", "танцы пар")."""
        if token.pos != "NOUN" or token.feat("Case") != "Gen":
            return
        if any(tokens[c].rel in ("case", "nummod", "nummod:gov", "det") for c in token.children):
            return
        # said right before a singular verb, whatever the parse hung it on: its subject
        verb = tokens[token.index + 1] if token.index + 1 < len(tokens) else None
        before_verb = (
            verb is not None and verb.feat("VerbForm") == "Fin" and verb.feat("Number") == "Sing"
        )
        if not before_verb and not self._uncounted_plural(tokens, token):
            return
        before = tokens[max(0, token.index - 2) : token.index]
        if any(t.lower in ("нет", "не", "ни") for t in before):
            return
        for normal_form, tag in self.parses(token.lower):
            features = tag_features(tag)
            if (
                tag.startswith("NOUN")
                and normal_form != token.lemma
                and (features.get("Case"), features.get("Number")) == ("Nom", "Sing")
            ):
                token.lemma = normal_form
                token.feats.update(features)
                return

    def _uncounted_plural(self, tokens: list[Token], token: Token) -> bool:
        """A genitive plural nothing asks for: no number, quantity word or negation just before
        it, no noun right before it that it could belong to, and no plural word agreeing."""
        if token.feat("Number") != "Plur":
            return False
        previous = tokens[token.index - 1] if token.index > 0 else None
        if previous is not None and (
            previous.pos in ("NOUN", "NUM", "PROPN")
            or previous.lemma in closed.QUANTIFIERS
            or previous.lemma in closed.CARDINALS
            # "нет" and "ни" are the caller's negation check
            or previous.lower in ("сколько", "столько", "без")
        ):
            return False
        if token.head is not None and tokens[token.head].lemma in closed.QUANTIFIERS:
            return False
        return not any(tokens[c].feat("Number") == "Plur" for c in token.children)

    def _particle_before_its_adjective(self, tokens: list[Token], index: int) -> None:
        """ "фон чёрный" with "фон" tagged a particle (the German "von" of names): a word
        tagged a particle that has a noun reading agreeing with the adjective right after it
        is that noun."""
        token = tokens[index]
        if token.pos != "PART" or index + 1 >= len(tokens):
            return
        adjective = tokens[index + 1]
        if adjective.pos != "ADJ" or token.lower in closed.FILLER_WORDS:
            return
        wanted = tuple(adjective.feat(k) for k in ("Gender", "Number", "Case"))
        for normal_form, tag in self.parses(token.lower):
            features = tag_features(tag)
            if tag.startswith("NOUN") and wanted == tuple(
                features.get(k) for k in ("Gender", "Number", "Case")
            ):
                token.pos, token.lemma = "NOUN", normal_form
                token.feats = _noun_features(tag)
                return

    def _object_before_verb(self, tokens: list[Token], token: Token) -> None:
        """ "гости песни поют" read as "guests of song": a noun tagged a genitive after the
        subject of the verb right after it, where that verb has no object and the word form
        is also an accusative, is the verb's object ("guests are singing songs")."""
        if token.pos != "NOUN" or token.feat("Case") != "Gen" or token.head is None:
            return
        verb = tokens[token.index + 1] if token.index + 1 < len(tokens) else None
        owner = tokens[token.head]
        if verb is None or verb.pos != "VERB" or verb.feat("VerbForm") != "Fin":
            return
        if owner.head != verb.index or owner.rel != "nsubj" or owner.index != token.index - 1:
            return
        if any(tokens[c].rel == "obj" for c in verb.children):
            return
        readings = [tag for tag in self._lemma_tags(token) if "accs" in tag]
        if not readings:
            return
        owner.children.remove(token.index)
        token.head, token.rel = verb.index, "obj"
        verb.children.append(token.index)
        token.feats.update(tag_features(readings[0]))


def _restore_subject(tokens: list[Token], verb: Token) -> None:
    """ "по озеру плывёт утка" parsed with "утка" as the verb's modifier: a finite verb with
    no subject takes the nominative noun after it that agrees with it in number."""
    if verb.pos != "VERB" or verb.feat("VerbForm") != "Fin" or verb.feat("Mood") == "Imp":
        return
    children = [tokens[c] for c in verb.children]
    if any(c.rel.startswith("nsubj") for c in children):
        return
    for child in children:
        if child.index < verb.index or child.pos != "NOUN" or child.feat("Case") != "Nom":
            continue
        if child.feat("Number") == verb.feat("Number") and child.rel in _NOT_SUBJECT:
            child.rel = "nsubj"
            return


# Spoken short forms of function words, written out before tagging: the news-trained tagger
# knows "чтобы" and misparses the clause after "чтоб".
_SPOKEN_VARIANTS = re.compile(r"(?<![\w-])(чтоб)(?![\w-])", re.IGNORECASE)

# pymorphy2 grammemes as Universal Dependencies features.
_GRAMMEMES = {
    "nomn": ("Case", "Nom"),
    "gent": ("Case", "Gen"),
    "datv": ("Case", "Dat"),
    "accs": ("Case", "Acc"),
    "ablt": ("Case", "Ins"),
    "loct": ("Case", "Loc"),
    "sing": ("Number", "Sing"),
    "plur": ("Number", "Plur"),
    "masc": ("Gender", "Masc"),
    "femn": ("Gender", "Fem"),
    "neut": ("Gender", "Neut"),
}


# the forms a third-person pronoun takes after a preposition ("в нём", "на ней", "у них"):
# (lemma, gender, number)
_AFTER_PREPOSITION = {
    "нем": ("он", "Masc", "Sing"),
    "ней": ("она", "Fem", "Sing"),
    "нее": ("она", "Fem", "Sing"),
    "него": ("он", "Masc", "Sing"),
    "нему": ("он", "Masc", "Sing"),
    "них": ("они", "", "Plur"),
}


def _fix_pronoun_after_preposition(tokens: list[Token], index: int) -> None:
    """ "а в нём десять кур": "нём" read as the short form of "немой" (mute). After a
    preposition these forms are only ever the pronoun; its case is the one the preposition
    takes first. A form the tagger did read as a pronoun keeps its reading ("ним" is "он" or
    "они")."""
    token = tokens[index]
    reading = _AFTER_PREPOSITION.get(token.lower)
    if reading is None or index == 0 or tokens[index - 1].pos != "ADP" or token.pos == "PRON":
        return
    lemma, gender, number = reading
    cases = _GOVERNED.get(tokens[index - 1].lower, ("Loc",))
    token.pos, token.lemma = "PRON", lemma
    token.feats = {"Case": cases[0], "Number": number, "Person": "3"}
    if gender:
        token.feats["Gender"] = gender


# The cases a preposition takes, the commoner first ("на" + locative: where; + accusative:
# where to).
_GOVERNED: dict[str, tuple[str, ...]] = {
    "в": ("Loc", "Acc"),
    "во": ("Loc", "Acc"),
    "на": ("Loc", "Acc"),
    "о": ("Loc",),
    "при": ("Loc",),
    "с": ("Ins", "Gen"),
    "со": ("Ins", "Gen"),
    "под": ("Ins", "Acc"),
    "над": ("Ins",),
    "за": ("Ins", "Acc"),
    "перед": ("Ins",),
    "между": ("Ins",),
    "у": ("Gen",),
    "из": ("Gen",),
    "от": ("Gen",),
    "до": ("Gen",),
    "без": ("Gen",),
    "для": ("Gen",),
    "возле": ("Gen",),
    "около": ("Gen",),
    "к": ("Dat",),
    "ко": ("Dat",),
    "по": ("Dat",),
}


def grammemes(tag: str) -> frozenset[str]:
    """The grammemes of a pymorphy2 tag ("ADJF,Qual masc,sing,nomn")."""
    return frozenset(tag.replace(" ", ",").split(","))


def tag_features(tag: str) -> dict[str, str]:
    """Case, number and gender of a pymorphy2 tag ("ADJF,Qual masc,sing,nomn")."""
    said = grammemes(tag)
    return {feature: value for g, (feature, value) in _GRAMMEMES.items() if g in said}


# Relations the tagger gives a post-verbal subject by mistake.
_NOT_SUBJECT = frozenset({"obj", "amod", "nmod", "appos", "conj"})


def _fix_softened_quality(token: Token) -> None:
    """ "грустненько", "мрачновато", "беленькую": a quality said fondly or hedged, which the
    tagger may read as a noun or a verb; its suffix says it is an adverb or an adjective."""
    if token.pos not in ("NOUN", "VERB", "X"):
        return
    form = token.lower.replace("ё", "е")
    if form.endswith(ADVERB_SOFTENERS):
        token.pos, token.lemma, token.feats = "ADV", form, {"Degree": "Pos"}
    elif token.lemma.endswith(ADJECTIVE_SOFTENERS):
        token.pos = "ADJ"


def _noun_features(tag: str) -> dict[str, str]:
    """The features of a word re-read as the noun of a pymorphy2 tag, its animacy included."""
    return {"Animacy": "Anim" if "anim" in grammemes(tag) else "Inan", **tag_features(tag)}
