"""Lexical categories from WordNet 3.0: which kind of thing a word names (an animal, a place, a
colour, a time of day, a feeling, a medium, ...), so that words nobody listed find their slot.

WordNet comes from Debian's `wordnet-base` (/usr/share/wordnet), read with nltk's
`WordNetCorpusReader`, which needs three fixes for that copy: a `lexnames` file (Debian does not
ship it; the 45 names below are WordNet's fixed list, lexnames(5WN)), the files inside a folder
on `nltk.data.path` (the reader refuses other folders and symlinks), and no mapping to another
WordNet version (`map_wn`, which would look for nltk_data's sense index).

Reading WordNet's index takes seconds, so the categories of every lemma are computed once into
a table (JSON, keyed by the hash of `data/wordnet_categories.yaml`) in a cache folder; later
loads read only the table. Both the copy and the table are written atomically.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from voice2image.files import atomic_write_text

WORDNET_DIR = Path("/usr/share/wordnet")
DEFAULT_CACHE_DIR = Path("~/.cache/voice2image/wordnet")
CATEGORIES_FILE = Path(__file__).with_name("data") / "wordnet_categories.yaml"
SENSES = 5  # senses kept per lemma (WordNet orders them by frequency)
TABLE_VERSION = 5
# British spellings WordNet files under their American form.
_SPELLINGS = {
    "grey": "gray",
    "greys": "grays",
    "colour": "color",
    "colours": "colors",
    "harbour": "harbor",
    "theatre": "theater",
    "centre": "center",
    "armour": "armor",
}


def american(word: str) -> str:
    """WordNet's spelling: "grey" -> "gray", and "colour" inside a word ("watercolour", whose
    British entry lists the paint before the painting)."""
    word = word.lower()
    return _SPELLINGS.get(word) or word.replace("colour", "color")


# lexnames(5WN): the lexicographer files, in WordNet's numbering.
LEXNAMES = tuple(
    [
        "adj.all",
        "adj.pert",
        "adv.all",
        "noun.Tops",
        "noun.act",
        "noun.animal",
        "noun.artifact",
        "noun.attribute",
        "noun.body",
        "noun.cognition",
        "noun.communication",
        "noun.event",
        "noun.feeling",
        "noun.food",
        "noun.group",
        "noun.location",
        "noun.motive",
        "noun.object",
        "noun.person",
        "noun.phenomenon",
        "noun.plant",
        "noun.possession",
        "noun.process",
        "noun.quantity",
        "noun.relation",
        "noun.shape",
        "noun.state",
        "noun.substance",
        "noun.time",
        "verb.body",
        "verb.change",
        "verb.cognition",
        "verb.communication",
        "verb.competition",
        "verb.consumption",
        "verb.contact",
        "verb.creation",
        "verb.emotion",
        "verb.motion",
        "verb.perception",
        "verb.possession",
        "verb.social",
        "verb.stative",
        "verb.weather",
        "adj.ppl",
    ]
)
_SYNTACTIC_CATEGORY = {"noun": 1, "verb": 2, "adj": 3, "adv": 4}
_WORDNET_FILES = tuple(
    [
        "data.noun",
        "data.verb",
        "data.adj",
        "data.adv",
        "index.noun",
        "index.verb",
        "index.adj",
        "index.adv",
        "noun.exc",
        "verb.exc",
        "adj.exc",
        "adv.exc",
        "cntlist.rev",
    ]
)


class WordNetError(RuntimeError):
    """WordNet is missing or unreadable (the message says which file and what to install)."""


def lexnames_text() -> str:
    return "".join(
        f"{index:02d}\t{name}\t{_SYNTACTIC_CATEGORY[name.split('.')[0]]}\n"
        for index, name in enumerate(LEXNAMES)
    )


def prepare_wordnet(source: Path, cache_dir: Path) -> Path:
    """A copy of WordNet's dict files plus `lexnames` under `cache_dir/wordnet-3.0`."""
    target = cache_dir / "wordnet-3.0"
    if (target / "lexnames").is_file():
        return target
    missing = [name for name in _WORDNET_FILES if not (source / name).is_file()]
    if missing:
        raise WordNetError(
            f"{source}: WordNet 3.0 files missing ({', '.join(missing[:3])}); install Debian's "
            "wordnet-base (scripts/setup.sh) or set structure.wordnet_dir"
        )
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".wordnet-", dir=cache_dir))
    for name in _WORDNET_FILES:
        shutil.copyfile(source / name, staging / name)
    (staging / "lexnames").write_text(lexnames_text(), encoding="utf-8")
    staging.chmod(0o755)  # mkdtemp makes it private; the cache may be shared
    try:
        staging.rename(target)
    except OSError:  # another process finished first
        shutil.rmtree(staging, ignore_errors=True)
    return target


def open_wordnet(folder: Path) -> Any:
    """nltk's reader over a prepared copy (see `prepare_wordnet`)."""
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    class _Reader(WordNetCorpusReader):
        def map_wn(self, version: str = "wordnet") -> None:
            return None  # one WordNet only: nothing to map

    if str(folder.parent) not in nltk.data.path:
        nltk.data.path.insert(0, str(folder.parent))
    return _Reader(str(folder), None)


def _closure(synset: Any) -> list[Any]:
    return [synset, *synset.closure(lambda s: s.hypernyms() + s.instance_hypernyms())]


def _synset_names(reader: Any, names: Iterable[str], where: str) -> set[Any]:
    found = set()
    for name in names:
        try:
            found.add(reader.synset(name))
        except Exception as exc:
            raise WordNetError(f"{CATEGORIES_FILE}: {where}: no synset {name!r}") from exc
    return found


class _Classifier:
    """Category bitmasks of synsets, memoised (most synsets share ancestors)."""

    def __init__(self, reader: Any, spec: dict[str, dict[str, list[str]]], where: str) -> None:
        self.names = list(spec)
        self.anchors = {
            cat: _synset_names(reader, entry.get("anchors", []), f"{where}.{cat}")
            for cat, entry in spec.items()
        }
        self.lexnames = {cat: set(entry.get("lexnames", [])) for cat, entry in spec.items()}
        self._memo: dict[Any, int] = {}

    def mask(self, synset: Any) -> int:
        if synset in self._memo:
            return self._memo[synset]
        ancestors = set(_closure(synset))
        value = 0
        for bit, cat in enumerate(self.names):
            if self.anchors[cat] & ancestors or synset.lexname() in self.lexnames[cat]:
                value |= 1 << bit
        if synset.instance_hypernyms():
            value |= 1 << len(self.names)  # a named individual (the last bit)
        self._memo[synset] = value
        return value


# WordNet's generic verb frames with an object ("Somebody ----s something", "Something ----s
# somebody", "Somebody ----s somebody PP", ...): the frame numbers of wninput(5WN).
_TRANSITIVE_FRAMES = frozenset(
    {8, 9, 10, 11, 14, 15, 16, 17, 18, 19, 20, 21, 24, 25, 26, 28, 30, 31, 32, 33, 34, 35}
)


def _adjective_nouns(synset: Any) -> list[Any]:
    """The noun senses an adjective sense points at: its attributes, its head's attributes,
    derivationally related nouns and pertainyms."""
    heads = synset.similar_tos() if synset.pos() == "s" else []
    nouns = list(synset.attributes()) + [a for h in heads for a in h.attributes()]
    for lemma in synset.lemmas():
        for related in lemma.derivationally_related_forms() + lemma.pertainyms():
            if related.synset().pos() == "n":
                nouns.append(related.synset())
    return nouns


def build_table(reader: Any, spec: dict[str, Any]) -> dict[str, Any]:
    """Every lemma's categories, per sense (nouns, verbs) or over its first senses (adjectives).
    Lemmas are lower case with `_` between words (`hot_air_balloon`: hyphens become `_`)."""
    nouns = _Classifier(reader, spec["nouns"], "nouns")
    verbs = _Classifier(reader, spec["verbs"], "verbs")
    adj_spec = spec["adjectives"]
    adj_anchors = {
        cat: _synset_names(reader, e.get("noun_anchors", []), f"adjectives.{cat}")
        for cat, e in adj_spec.items()
    }
    adj_lexnames = {cat: set(e.get("noun_lexnames", [])) for cat, e in adj_spec.items()}

    def key(lemma: str) -> str:
        return lemma.lower().replace("-", "_")

    table: dict[str, Any] = {
        "version": TABLE_VERSION,
        "noun_categories": nouns.names,
        "verb_categories": verbs.names,
        "adjective_categories": list(adj_spec),
        "noun": {},
        "verb": {},
        "adj": {},
        # irregular plurals and other inflections WordNet lists (noun.exc): geese -> goose
        "noun_base": {
            key(form): key(bases[0]) for form, bases in reader._exception_map["n"].items()
        },
    }
    for pos, classifier, out in (("n", nouns, table["noun"]), ("v", verbs, table["verb"])):
        for lemma in reader.all_lemma_names(pos):
            masks = [classifier.mask(s) for s in reader.synsets(lemma, pos)[:SENSES]]
            out.setdefault(key(lemma), masks)
    # verbs with no transitive frame ("Somebody ----s something", ...) in any sense kept:
    # "glow", "shine", "bloom"; their participle before a noun modifies it
    table["verb_intransitive"] = sorted(
        key(lemma)
        for lemma in reader.all_lemma_names("v")
        if not any(
            set(entry.frame_ids()) & _TRANSITIVE_FRAMES
            for synset in reader.synsets(lemma, "v")[:SENSES]
            for entry in synset.lemmas()
            if entry.name().lower() == lemma
        )
    )
    for lemma in reader.all_lemma_names("a"):
        value = 0
        for synset in reader.synsets(lemma, "a")[:3]:
            for noun in _adjective_nouns(synset):
                ancestors = set(_closure(noun))
                for bit, cat in enumerate(adj_spec):
                    if adj_anchors[cat] & ancestors or noun.lexname() in adj_lexnames[cat]:
                        value |= 1 << bit
        table["adj"][key(lemma)] = value
    table["adjective_first"] = sorted(
        key(lemma) for lemma in reader.all_lemma_names("a") if _adjective_first(reader, lemma)
    )
    return table


def _adjective_first(reader: Any, lemma: str) -> bool:
    """Tagged more often as an adjective than as a noun in WordNet's sense-tagged corpus
    ("tall", "small", "red"), or never tagged and never a noun ("fluffy"); "light", "stone" and
    "dress" are mostly nouns."""
    as_adjective = _tagged(reader, lemma, "a")
    if as_adjective:
        return as_adjective > _tagged(reader, lemma, "n")
    return not reader.synsets(lemma, "n")


def _tagged(reader: Any, lemma: str, pos: str) -> int:
    """How often WordNet's sense-tagged corpus has `lemma` as a word of part of speech `pos`."""
    return sum(
        entry.count()
        for synset in reader.synsets(lemma, pos)
        for entry in synset.lemmas()
        if entry.name().lower() == lemma
    )


class Lexicon:
    """Category lookups for lemmas (lower case). Categories are names from
    `data/wordnet_categories.yaml`; `named` marks a sense that is an individual (Monet)."""

    def __init__(self, table: dict[str, Any]) -> None:
        self._noun = table["noun"]
        self._verb = table["verb"]
        self._adj = table["adj"]
        self._adjective_first = frozenset(table["adjective_first"])
        self._noun_base = table["noun_base"]
        self._intransitive = frozenset(table["verb_intransitive"])
        self._noun_bits = {c: 1 << i for i, c in enumerate(table["noun_categories"])}
        self._noun_bits["named"] = 1 << len(table["noun_categories"])
        self._verb_bits = {c: 1 << i for i, c in enumerate(table["verb_categories"])}
        self._adj_bits = {c: 1 << i for i, c in enumerate(table["adjective_categories"])}
        self.noun_senses = lru_cache(maxsize=65536)(self._noun_senses)

    @classmethod
    def load(cls, wordnet_dir: str | Path = WORDNET_DIR, cache_dir: str | Path | None = None):
        """The cached table, built from WordNet the first time (seconds to a minute)."""
        cache = Path(cache_dir or DEFAULT_CACHE_DIR).expanduser()
        spec_text = CATEGORIES_FILE.read_text(encoding="utf-8")
        digest = hashlib.sha256(f"{TABLE_VERSION}\n{spec_text}".encode()).hexdigest()[:12]
        path = cache / f"categories-{digest}.json"
        if path.is_file():
            try:
                return cls(json.loads(path.read_text(encoding="utf-8")))
            except (ValueError, KeyError):
                pass  # a damaged cache: rebuild it
        reader = open_wordnet(prepare_wordnet(Path(wordnet_dir), cache))
        table = build_table(reader, yaml.safe_load(spec_text))
        atomic_write_text(path, json.dumps(table, separators=(",", ":")))
        return cls(table)

    def _noun_senses(self, lemma: str) -> tuple[frozenset[str], ...]:
        lemma = american(lemma)
        masks = self._noun.get(lemma.replace(" ", "_").replace("-", "_"), [])
        senses = [
            frozenset(c for c, bit in self._noun_bits.items() if mask & bit) for mask in masks
        ]
        if senses and "material" in senses[0]:
            # WordNet lists the pelt before the animal for some fur-bearers ("raccoon",
            # "leopard", "mink"); a spoken noun names the animal
            animal = next((i for i, s in enumerate(senses[:3]) if "animal" in s), None)
            if animal is not None:
                senses.insert(0, senses.pop(animal))
        return tuple(senses)

    def is_noun(self, lemma: str) -> bool:
        """A WordNet noun (one word or several: "hot air balloon")."""
        lemma = american(lemma)
        return lemma.replace(" ", "_").replace("-", "_") in self._noun

    def noun(self, lemma: str, category: str, senses: int = 1) -> bool:
        """Whether one of the first `senses` senses of the noun is in `category`."""
        return any(category in s for s in self.noun_senses(lemma)[:senses])

    def noun_first(self, lemma: str) -> frozenset[str]:
        senses = self.noun_senses(lemma)
        return senses[0] if senses else frozenset()

    def verb(self, lemma: str, category: str, senses: int = 1) -> bool:
        masks = self._verb.get(lemma.lower().replace(" ", "_"), [])[:senses]
        bit = self._verb_bits[category]
        return any(mask & bit for mask in masks)

    def noun_base(self, word: str) -> str | None:
        """The base form of an irregular noun form ("geese" -> "goose"), if WordNet has it."""
        base = self._noun_base.get(word.lower())
        return base.replace("_", " ") if base else None

    def intransitive(self, lemma: str) -> bool:
        """A verb WordNet never gives an object ("glow", "shine", "bloom")."""
        return lemma.lower().replace(" ", "_") in self._intransitive

    def has_verb(self, lemma: str) -> bool:
        return lemma.lower() in self._verb

    def has_adjective(self, lemma: str) -> bool:
        return lemma.lower().replace("-", "_") in self._adj

    def adjective_first(self, word: str) -> bool:
        """Whether `word` is mostly an adjective ("tall", "red"), not a noun ("light")."""
        return word.lower().replace("-", "_") in self._adjective_first

    def adjective(self, lemma: str, category: str) -> bool:
        lemma = american(lemma).replace("-", "_")
        return bool(self._adj.get(lemma, 0) & self._adj_bits[category])
