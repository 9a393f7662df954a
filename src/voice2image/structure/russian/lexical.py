"""English for Russian words the glossary lacks, by word formation and by loanword spelling.

Two general mechanisms, each checked against the glossary itself (scripts/evaluate_lexical.py):

- `Derivation`: Russian word formation back to a glossary lemma. Diminutives ("белочка" ->
  "белка" -> squirrel), relational adjectives made from nouns ("пиратский" -> "пират" -> pirate,
  used attributively as English does: "pirate ship"), adverbs in -о from adjectives ("ярко" ->
  "яркий" -> bright). Verbs are left alone: stripping their prefixes guessed right only 12 times
  in 21 on the glossary ("сесть" is not "есть").
- `LoanwordMatcher`: international words ("киберпанк", "фотография", "голограмма") spelled in
  Latin letters by a loanword-aware transliteration and looked up by a phonetic key among the
  nouns and adjectives of WordNet 3.0 (Debian `wordnet-base`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from voice2image.structure.russian.glossary import Entry, Glossary

# Noun diminutive and affectionate suffixes -> endings of the base word to try.
_DIMINUTIVES: list[tuple[str, tuple[str, ...]]] = [
    ("ушечка", ("а",)),
    ("оночек", ("",)),
    ("еночек", ("",)),
    ("очечка", ("ка", "а")),
    ("оньк", ("",)),
    ("онька", ("а", "")),
    ("енька", ("а", "я", "")),
    ("ушка", ("а", "", "о")),
    ("юшка", ("я", "ь", "")),
    ("ышко", ("о", "")),
    ("ишко", ("",)),
    ("ишка", ("", "а")),
    ("очка", ("ка", "а", "")),
    ("ечка", ("ка", "а", "я", "")),
    ("ичка", ("ка", "а")),
    ("ечко", ("ко", "о", "е")),
    ("очко", ("ко", "о")),
    ("ице", ("о", "е")),
    ("ица", ("а",)),
    ("ечек", ("ок", "ек", "")),
    ("очек", ("ок", "ка", "")),
    ("ичек", ("ик", "")),
    ("чик", ("",)),
    # the consonant a short suffix alternates: "хомячок" -> "хомяк", "флажок" -> "флаг"
    ("чок", ("к",)),
    ("жок", ("г",)),
    ("ик", ("", "ь")),
    ("ок", ("", "ь")),
    ("ек", ("", "ь", "ка")),
    ("ец", ("",)),
    ("ка", ("", "а", "ь")),
    ("ко", ("о",)),
    ("це", ("о",)),
    ("ца", ("а",)),
]
# Diminutive suffixes that say the thing is small, not only said fondly: annotators wrote a
# noun the glossary lacks made with one of these as "little X" 59 times on dev and without
# "little" 20 times ("коробочка", "букетик"); "-ка", "-чик" and "-чок" split about even.
_SMALL_SUFFIXES = frozenset(
    {"ик", "очка", "ечка", "очечка", "ушечка", "очек", "ечек", "еночек", "оночек"}
)
# Suffixes of adjectives made from nouns -> endings of the noun to try.
_RELATIONAL: list[tuple[str, tuple[str, ...]]] = [
    ("ический", ("ика", "ия", "")),
    ("ический", ("",)),
    ("ованный", ("",)),
    ("истый", ("а", "", "о")),
    ("ский", ("", "а", "ия", "ь")),
    ("цкий", ("к", "ц")),
    ("енный", ("", "а", "о", "ь")),
    ("иный", ("", "ь", "а")),  # "перепелиный" -> "перепел", "лебединый" -> "лебедь"
    ("онный", ("ия", "")),
    ("яный", ("", "о")),
    ("янный", ("", "о")),
    ("овый", ("", "а", "ь")),
    ("евый", ("", "а", "ь", "й")),
    ("ный", ("", "а", "о", "ь", "я", "е")),
    ("ной", ("", "а", "о", "ь")),
    ("ий", ("", "а", "ь", "я")),
    ("ой", ("", "а", "ь")),
]
# Consonant alternations at a suffix boundary: the derived form -> the base form.
_ALTERNATIONS = {"ч": ("к", "ц", "т"), "ж": ("г", "з", "д"), "ш": ("х", "с"), "щ": ("ск", "ст")}
# English adjectives that are their own adverbs.
_SAME_ADVERB = frozenset(
    {
        "early",
        "late",
        "fast",
        "hard",
        "high",
        "low",
        "far",
        "near",
        "daily",
        "straight",
        "deep",
        "long",
        "close",
        "right",
        "wrong",
        "direct",
    }
)


def _stem_variants(stem: str, suffix: str) -> list[str]:
    """The stem as it is, and with the consonant alternation before a suffix undone. Short
    suffixes ("-ка", "-ок") only strip from long stems and never alternate: "кошка" is not a
    little "коса", "песок" not a little "пёс"."""
    if len(suffix) <= 2:
        return [stem] if len(stem) >= 4 else []
    variants = [stem]
    if stem and stem[-1] in _ALTERNATIONS:
        variants += [stem[:-1] + base for base in _ALTERNATIONS[stem[-1]]]
    if len(stem) > 2 and stem[-2] in "оеё" and stem[-1] not in "аеиоуыэюя":
        variants.append(stem[:-2] + stem[-1])  # fleeting vowel: "кусочек" -> "кусок"
    return variants


def adverb_of(adjective: str) -> str:
    """ "bright" -> "brightly"; phrases and adjectives that are their own adverbs stay."""
    if " " in adjective or adjective in _SAME_ADVERB:
        return adjective
    if adjective.endswith("y") and len(adjective) > 2:
        return adjective[:-1] + "ily"
    if adjective.endswith("ll"):
        return adjective + "y"
    if adjective.endswith("le"):
        return adjective[:-1] + "y"
    if adjective.endswith("ic"):
        return adjective + "ally"
    return adjective + "ly"


def adjective_of_adverb(glossary: Glossary, adverb: str, softened: bool = False) -> Entry | None:
    """ "ярко" -> the entry of "яркий"; "спокойно" -> "спокойный"; `softened`: also a quality
    said fondly or hedged, "грустненько" (sad), "мрачновато" (gloomy)."""
    adverb = adverb.replace("ё", "е")
    if not adverb.endswith(("о", "е")) or len(adverb) < 4:
        return None
    stems = [adverb[:-1]]
    if softened:
        stems += [adverb[: -len(s)] for s in ADVERB_SOFTENERS if adverb.endswith(s)]
    for stem in stems:
        for ending in ("ый", "ий", "ой"):
            entry = glossary.word(stem + ending, "ADJ")
            if entry is not None and entry.pos == "ADJ":
                return entry
    return None


# the suffixes of a quality said fondly or hedged: "грустненько", "мрачновато"; "беленький"
ADVERB_SOFTENERS = ("енько", "онько", "овато", "евато")
ADJECTIVE_SOFTENERS = ("енький", "онький", "оватый", "еватый")


class Derivation:
    """Back from a derived word to a glossary lemma."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary

    def english(self, lemma: str, pos: str, surface: str = "") -> str | None:
        lemma = lemma.replace("ё", "е")
        # a quality said fondly or hedged, whatever the tagger made of it ("уютненько" tagged a
        # noun, "нежненько" a verb): the word's own form says what it is
        softened = self._softened_quality(lemma, surface.replace("ё", "е"))
        if softened is not None:
            return softened.english
        if pos in ("NOUN", "PROPN"):
            found = self._diminutive(lemma)
            if found is None:
                return None
            suffix, base = found
            if suffix in _SMALL_SUFFIXES and not base.english.startswith(("little ", "small ")):
                return f"little {base.english}"
            return base.english
        if pos == "ADJ":
            if "-" in lemma:
                return self._compound_adjective(lemma)
            # a fond or hedged adjective was tried above, as a softened quality
            entry = self._relational(lemma)
            return entry.english if entry else None
        if pos == "ADV":
            # English reads the adjective well in both uses ("shining bright", "it is calm").
            adjective = self.adjective_of_adverb(lemma)
            return adjective.english if adjective else None
        return None

    def _find(self, candidates: list[str], pos: str) -> Entry | None:
        for candidate in candidates:
            if len(candidate) < 3:
                continue
            entry = self.glossary.word(candidate, pos)
            if entry is not None and entry.pos == pos:
                return entry
        return None

    def _diminutive(self, lemma: str) -> tuple[str, Entry] | None:
        """The suffix and the glossary noun it was added to."""
        for suffix, endings in _DIMINUTIVES:
            if lemma.endswith(suffix) and len(lemma) > len(suffix) + 1:
                stem = lemma[: -len(suffix)]
                candidates = [v + e for v in _stem_variants(stem, suffix) for e in endings]
                entry = self._find(candidates, "NOUN")
                if entry is not None:
                    return suffix, entry
        return None

    def _diminutive_adjective(self, lemma: str) -> Entry | None:
        """ "рыженький" -> "рыжий", "беленький" -> "белый": the same colour or quality,
        said fondly; "синеватый" -> "синий", said hedged."""
        for suffix in ADJECTIVE_SOFTENERS:
            if lemma.endswith(suffix) and len(lemma) > len(suffix) + 1:
                stem = lemma[: -len(suffix)]
                return self._find([stem + e for e in ("ий", "ый", "ой")], "ADJ")
        return None

    def _softened_quality(self, lemma: str, surface: str) -> Entry | None:
        if surface.endswith(ADVERB_SOFTENERS):
            return adjective_of_adverb(self.glossary, surface, softened=True)
        if lemma.endswith(ADJECTIVE_SOFTENERS):
            return self._diminutive_adjective(lemma)
        return None

    def _relational(self, lemma: str) -> Entry | None:
        for suffix, endings in _RELATIONAL:
            if lemma.endswith(suffix) and len(lemma) > len(suffix) + 1:
                stem = lemma[: -len(suffix)]
                candidates = [v + e for v in _stem_variants(stem, "-" + suffix) for e in endings]
                entry = self._find(candidates, "NOUN")
                if entry is not None:
                    return entry
        return None

    def _compound_adjective(self, lemma: str) -> str | None:
        """ "светло-зелёный" -> "light green", "тёмно-синий" -> "dark blue"."""
        first, _, last = lemma.partition("-")
        head = self._find([last], "ADJ") or self._relational(last)
        modifier = adjective_of_adverb(self.glossary, first)
        if head is None or modifier is None:
            return None
        return f"{modifier.english} {head.english}"

    def adjective_of_adverb(self, lemma: str) -> Entry | None:
        return adjective_of_adverb(self.glossary, lemma)


# Russian letters -> Latin, the way loanwords map back to their English spelling.
_LATIN = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sch",
    "ъ": "",
    "ы": "i",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}
# Russian word endings of loanwords -> the English ending ("фотография" -> "...graphy").
_LOAN_ENDINGS = [
    ("ция", "tion"),
    ("зия", "sion"),
    ("сия", "sion"),
    ("ия", "y"),
    ("ий", "ium"),
    ("изм", "ism"),
    ("ист", "ist"),
    ("ер", "er"),
    ("ор", "or"),
]


def transliterate(word: str) -> str:
    """Plain Latin spelling of a Russian word, the way loanwords map back to English (the
    loanword key)."""
    return "".join(_LATIN.get(ch, ch) for ch in word.lower().replace("ё", "е"))


# Russian letters -> Latin as English text spells Russian names (BGN/PCGN, as in "Kolyma",
# "Chusovaya", "Arkhangelsk"); letters that depend on their neighbours are in `romanize`.
_NAME_LATIN = {**_LATIN, "й": "y", "х": "kh", "щ": "shch", "ы": "y", "ю": "yu", "я": "ya"}
_VOWELS = frozenset("аеёиоуыэюя")


def romanize(name: str) -> str:
    """A Russian name as English text spells it: "колыма" -> "kolyma", "айвазовский" ->
    "aivazovsky", "екатеринбург" -> "yekaterinburg", "кубенское" -> "kubenskoye". Not the
    loanword key (`transliterate`): there "фотография" has to come back as "fotografiia"."""
    word = name.lower()
    out: list[str] = []
    for i, ch in enumerate(word):
        before = word[i - 1] if i else ""
        after_vowel = not before or before in _VOWELS or before in "ьъ"
        if ch == "е":
            out.append("ye" if after_vowel else "e")
        elif ch == "ё":
            out.append("o" if before in "жчшщ" else "yo")
        elif ch == "й" and before in "ае":
            out.append("i")  # "Baikal", "Altai", "Deineka", "Sergei"
        elif ch == "й" and before in "иы" and i == len(word) - 1:
            out[-1] = "y"  # "-ский" -> "-sky", "Горький" -> "Gorky"
        else:
            out.append(_NAME_LATIN.get(ch, ch))
    return "".join(out)


def movement_name(lemma: str) -> str | None:
    """ "ретрофутуризм" -> "retrofuturism": a word in "-изм" (an art movement or a doctrine)
    is the same international word in English, spelled with "c" for a hard "k"."""
    if not lemma.endswith("изм") or len(lemma) < 7:
        return None
    latin = transliterate(lemma[:-3]) + "ism"
    return re.sub(r"k(?=[aourlt])", "c", latin)


def _phonetic_key(latin: str) -> str:
    """A key that English spelling and its Russian transliteration share."""
    key = latin.lower()
    for source, target in (
        ("tion", "tsion"),
        ("sion", "zion"),
        ("ph", "f"),
        ("ck", "k"),
        ("qu", "kv"),
        ("th", "t"),
        ("x", "ks"),
        ("w", "v"),
        ("j", "dzh"),
        ("ee", "i"),
        ("oo", "u"),
        ("ea", "i"),
        ("ou", "au"),
    ):
        key = key.replace(source, target)
    key = "".join(
        ("s" if ch == "c" and nxt in "eiy" else "k" if ch == "c" else ch)
        for ch, nxt in zip(key, key[1:] + " ", strict=True)
    )
    key = key.replace("y", "i").replace("h", "")
    collapsed: list[str] = []
    for ch in key:
        if not collapsed or collapsed[-1] != ch:
            collapsed.append(ch)
    key = "".join(collapsed)
    return key.rstrip("aeiou") or key


def wordnet_index(path: Path) -> Iterator[tuple[str, int, int]]:
    """(lemma, senses, senses tagged in the corpus) for each word of a WordNet 3.0 index file
    (index.noun, index.adj, ...); lemmas keep WordNet's underscores ("sea_turtle")."""
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue  # the licence header
        fields = line.split()
        senses = int(fields[2]) if fields[2].isdigit() else 0
        yield fields[0], senses, int(fields[-senses - 1]) if senses else 0


class LoanwordMatcher:
    """Russian loanwords to English nouns and adjectives of WordNet, by phonetic key."""

    def __init__(self, wordnet_dir: str | Path, min_length: int = 7) -> None:
        self.wordnet_dir = Path(wordnet_dir)
        self.min_length = min_length
        self._keys: dict[str, list[tuple[int, str]]] = {}

    def load(self) -> None:
        if self._keys:
            return
        keys: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for part in ("noun", "adj"):
            path = self.wordnet_dir / f"index.{part}"
            if not path.is_file():
                raise ValueError(
                    f"{path}: WordNet index not found (install Debian wordnet-base, or set the "
                    "translator's `wordnet: null` to go without loanword matching)"
                )
            for lemma, _, tagged in wordnet_index(path):
                if "_" in lemma or not lemma.isalpha() or len(lemma) < self.min_length - 1:
                    continue
                keys[_phonetic_key(lemma)].append((-tagged, lemma))
        self._keys = {k: sorted(v) for k, v in keys.items()}

    def english(self, russian: str) -> str | None:
        """The English word with the same phonetic key. Exact keys only: one edit apart, the
        matcher was wrong twice as often as right on the glossary's own words."""
        word = russian.lower().replace("ё", "е")
        if len(word) < self.min_length or not self._keys:
            return None
        candidates: list[str] = []
        for ending, english_ending in _LOAN_ENDINGS:
            if word.endswith(ending):
                candidates.append(transliterate(word[: -len(ending)]) + english_ending)
        candidates.append(transliterate(word))
        for latin in candidates:
            key = _phonetic_key(latin)
            if len(key) >= 5 and key in self._keys:
                return self._keys[key][0][1]
        return None
