"""The Russian-English picture-vocabulary glossary (`glossary.tsv`, how it was made is in its
header): single lemmas by part of speech, and lemma sequences (phrases)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GLOSSARY_PATH = Path(__file__).with_name("glossary.tsv")
_POS = frozenset({"NOUN", "ADJ", "VERB", "ADV", "PHRASE"})


@dataclass(frozen=True)
class Entry:
    russian: str
    english: str
    pos: str
    category: str
    invariant: bool = False  # the English never takes a plural (hair, glasses, rain)


def normalise_lemma(word: str) -> str:
    return word.lower().replace("ё", "е")


class Glossary:
    """Lookups by lemma and part of speech; phrases by lemma sequence (longest first)."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self._words: dict[str, dict[str, Entry]] = {}
        self._phrases: dict[tuple[str, ...], Entry] = {}
        for entry in entries:
            key = normalise_lemma(entry.russian)
            if entry.pos == "PHRASE" or " " in key:
                self._phrases.setdefault(tuple(key.split()), entry)
            else:
                self._words.setdefault(key, {}).setdefault(entry.pos, entry)
        self.longest_phrase = max((len(k) for k in self._phrases), default=1)
        self.phrase_words = {w for key in self._phrases for w in key}

    @classmethod
    def load(cls, path: Path = GLOSSARY_PATH) -> Glossary:
        entries: list[Entry] = []
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            if not line.strip() or line.startswith("#") or line.startswith("ru\t"):
                continue
            fields = line.split("\t")
            if len(fields) < 4 or fields[2] not in _POS or not fields[0] or not fields[1]:
                raise ValueError(f"{path}:{number}: expected 'ru<TAB>en<TAB>POS<TAB>category'")
            flags = fields[4].split(",") if len(fields) > 4 else []
            entries.append(Entry(fields[0], fields[1], fields[2], fields[3], "inv" in flags))
        return cls(entries)

    def add_phrase_forms(self, lemmatise: Callable[[str], str]) -> None:
        """Also key each phrase by the lemmas of its words ("морская свинка" is written in the
        nominative; the parser's lemmas are "морской свинка")."""
        for key, entry in list(self._phrases.items()):
            self._phrases.setdefault(tuple(normalise_lemma(lemmatise(w)) for w in key), entry)
        self.phrase_words = {w for key in self._phrases for w in key}

    def word(self, lemma: str, pos: str | None = None) -> Entry | None:
        """The entry for a lemma, preferring the given part of speech."""
        senses = self._words.get(normalise_lemma(lemma))
        if not senses:
            return None
        if pos in senses:
            return senses[pos]
        return next(iter(senses.values()))

    def phrase(self, lemmas: tuple[str, ...]) -> Entry | None:
        return self._phrases.get(tuple(normalise_lemma(w) for w in lemmas))

    def __contains__(self, lemma: str) -> bool:
        return normalise_lemma(lemma) in self._words

    def __len__(self) -> int:
        return len(self.entries)
