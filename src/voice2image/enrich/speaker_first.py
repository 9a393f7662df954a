"""Enrichment that respects the speaker: what was said wins over presets, profile tags and
model expansions, which only fill slots the speaker left empty.

Every added phrase is given the slot it would fill (its *facet*) with the same vocabulary that
decides what a spoken phrase is (the `rules` lexicons: medium, style, lighting, composition,
mood, colour words), plus general cues: a phrase about light (`natural light`, `deep shadows`)
is lighting, one whose head noun names an art form (`... painting`, `... photograph`,
`... art`, `film still`) is a medium, one headed by `style` is a style, and one headed by a
colour noun (`faded colors`, `limited palette`) is a palette. Then:

1. **The look.** Medium and style together are the picture's look: a medium and a style imply
   each other's range (an oil painting excludes an anime key visual, a photograph excludes a
   watercolor), and no lexicon can tell compatible pairs from conflicting ones. So a preset's
   medium or style phrase is added only when the speaker named neither a medium nor a style.
2. **Other slots.** A lighting, composition, mood or palette phrase is added only when that slot
   is empty.
3. **A preset is one look.** Its phrases of no facet (`soft washes`, `film grain`) are techniques
   of that look, added with it or not at all. A speaker's own profile tags of no facet are
   standing preferences and are always added (rules 2 and 4 still apply).
4. **Negatives win.** A phrase that names something the speaker excluded (`neon glow` when they
   said "no neon") is never added.
5. **Never negate what was asked for.** A preset or profile negative term that shares a content
   word with what the speaker asked for (`painting` when they said "oil painting") is dropped,
   and so are an overruled look's own medium and style negatives (a watercolor preset's `photo`
   guards a look the speaker did not choose).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from voice2image.schema import SCALAR_SLOTS, StructuredDescription
from voice2image.structure import lexicon_en as lex

LOOK = ("medium", "style")
# Head nouns that name an art form or a kind of picture.
ART_FORM_HEADS = frozenset(
    {"painting", "photograph", "photo", "drawing", "sketch", "render", "rendering", "print",
     "illustration", "art", "still", "craft", "sculpture", "collage", "mosaic", "engraving",
     "etching", "woodcut", "visual"}
)  # fmt: skip
PALETTE_HEADS = lex.PALETTE_NOUNS | {"color", "colour"}
# The look first: `neon noir` is a style that mentions a light.
_FACET_LEXICONS: tuple[tuple[str, Iterable[str]], ...] = (
    ("medium", lex.MEDIUM),
    ("style", lex.STYLE),
    ("lighting", lex.LIGHTING),
    ("composition", lex.COMPOSITION),
    ("mood", lex.MOOD),
)
_WORD = re.compile(r"[a-z0-9']+")
_STOP = frozenset({"a", "an", "the", "of", "in", "on", "with", "and", "at", "by", "no", "any"})


def words(text: str) -> list[str]:
    """Lower-case words, hyphens split (`ukiyo-e` -> `ukiyo e`), a plural `s` dropped."""
    out = []
    for word in _WORD.findall(text.lower().replace("-", " ")):
        out.append(word[:-1] if len(word) > 3 and word.endswith("s") and word[-2] != "s" else word)
    return out


def _contains(haystack: Sequence[str], needle: Sequence[str]) -> bool:
    size = len(needle)
    return size > 0 and any(
        list(haystack[i : i + size]) == list(needle) for i in range(len(haystack) - size + 1)
    )


def _keys(lexicon: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(words(key)) for key in lexicon)


_LIGHT = frozenset(w for key in lex.LIGHT_WORDS for w in words(key))
_ART_FORMS = frozenset(w for key in ART_FORM_HEADS for w in words(key))
_PALETTE = frozenset(w for key in PALETTE_HEADS for w in words(key))
_FACETS = tuple((slot, _keys(lexicon)) for slot, lexicon in _FACET_LEXICONS)


def facet(phrase: str) -> str | None:
    """The slot a phrase would fill (medium, style, lighting, composition, mood, palette), or
    None for a technique or quality phrase (`soft washes`, `highly detailed`)."""
    tokens = words(phrase)
    if not tokens:
        return None
    if set(tokens) & _LIGHT:
        return "lighting"
    if set(tokens) <= lex.COLORS:  # as in `rules`: an all-colour phrase is the palette
        return "palette"
    for slot, keys in _FACETS:
        if any(_contains(tokens, key) for key in keys):
            return slot
    if tokens[-1] in _ART_FORMS:
        return "medium"
    if tokens[-1] == "style":
        return "style"
    if tokens[-1] in _PALETTE:
        return "palette"
    return None


@dataclass(frozen=True)
class Spoken:
    """What the speaker said, as far as enrichment must respect it."""

    filled: frozenset[str]
    asked: frozenset[str]
    excluded: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, description: StructuredDescription) -> Spoken:
        filled = {
            slot
            for slot in ("medium", "style", "lighting", "composition", "mood", "palette")
            if getattr(description, slot)
        }
        if filled & set(LOOK):
            filled |= set(LOOK)
        values = [
            *(s.noun for s in description.subjects),
            *(a for s in description.subjects for a in s.attributes),
            *(getattr(description, slot) or "" for slot in SCALAR_SLOTS),
            *description.palette,
        ]
        asked = {w for value in values for w in words(value) if w not in _STOP}
        excluded = tuple(tuple(w for w in words(n) if w not in _STOP) for n in description.negative)
        return cls(frozenset(filled), frozenset(asked), tuple(e for e in excluded if e))

    @property
    def look_said(self) -> bool:
        return bool(self.filled & set(LOOK))

    def excludes(self, phrase: str) -> bool:
        tokens = words(phrase)
        return any(_contains(tokens, negated) for negated in self.excluded)


def admit_phrases(
    phrases: Iterable[str], description: StructuredDescription, bundled: bool = True
) -> list[str]:
    """The phrases that may join the prompt. `bundled`: the phrases are one look (a preset,
    a model's expansion), whose facet-less techniques go with it; False for a speaker's own
    tags, which stay unless they fill a spoken slot or name an excluded thing."""
    spoken = Spoken.of(description)
    kept = []
    for phrase in phrases:
        slot = facet(phrase)
        if spoken.excludes(phrase):
            continue
        if slot is None:
            if bundled and spoken.look_said:
                continue
        elif slot in spoken.filled:
            continue
        kept.append(phrase)
    return kept


def admit_negatives(terms: Iterable[str], description: StructuredDescription) -> list[str]:
    """Preset or profile negative terms that do not negate what the speaker asked for."""
    spoken = Spoken.of(description)
    kept = []
    for term in terms:
        content = {w for w in words(term) if w not in _STOP}
        if content & spoken.asked:
            continue
        if spoken.look_said and facet(term) in LOOK:
            continue
        kept.append(term)
    return kept
