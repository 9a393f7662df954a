"""Prompt rendering per diffusion family: a structured description (plus enrichment tags)
becomes a prompt that fits the text encoder's window, subject first.

CLIP text encoders (Stable Diffusion 1.x/2.x, both SDXL encoders) read 77 tokens: a start
token, 75 tokens of text and an end token; the rest is cut off silently. Tokens are counted
with the real CLIP BPE tokenizer: the vocabulary that ships inside the `open_clip_torch` wheel
(offline; the same merges as `openai/clip-vit-large-patch14`'s tokenizer), or a tokenizer named
by hub id or local path. When the parts do not fit, the lowest-priority parts go first (quality
tags, then technical tags, then mood...), content last; only if the content alone is too long
is the text cut, and the item says so.

Flux reads two prompts: CLIP ViT-L (`prompt`, 77 tokens, only its pooled vector conditions the
image) and T5-XXL (`prompt_2`, up to `t5_max_tokens`, the sequence the transformer attends to).
For Flux the CLIP prompt is the same short subject-first list, and the T5 prompt is the same
content written as sentences (`sentences`), fitted to the T5 window the same way.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from voice2image.paths import cache_dir
from voice2image.schema import StructuredDescription, Subject
from voice2image.structure.inflect import noun_head, plural
from voice2image.structure.text import is_plural

Kind = Literal["subject", "content", "style", "tag", "quality"]
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight"}
# Priority of each part: higher survives longer when the window is full.
PRIORITY = {
    "subject": 100,
    "action": 90,
    "setting": 85,
    "medium": 80,
    "style": 75,
    "lighting": 70,
    "composition": 65,
    "palette": 60,
    "mood": 55,
    "preset": 50,
    "tag": 30,
    "expansion": 20,
    "quality": 10,
}


@dataclass
class Part:
    text: str
    kind: Kind
    priority: int
    slot: str = ""  # the description slot it renders (subject, action, setting...), if any
    prose: str | None = None  # how it reads inside a sentence (T5 prompts); None: `text`


@dataclass
class RenderOptions:
    family: str = "sd15"
    max_tokens: int = 77
    tokenizer: str | None = None  # hub id or local path; None: the bundled CLIP BPE
    tokenizer_subfolder: str | None = None
    # Flux's T5 prompt: its window (FLUX.1-schnell 256, dev 512), and the T5 tokenizer that
    # counts it (hub id or local path, e.g. black-forest-labs/FLUX.1-schnell with subfolder
    # tokenizer_2). None: counted with the CLIP BPE, which splits English into about as many
    # pieces as T5's SentencePiece (an estimate; the window is far larger than these prompts).
    t5_max_tokens: int = 256
    t5_tokenizer: str | None = None
    t5_tokenizer_subfolder: str | None = None

    def __post_init__(self) -> None:
        if self.family not in FAMILIES:
            raise ValueError(
                f"render.family '{self.family}' is not one of {', '.join(sorted(FAMILIES))}"
            )
        if self.max_tokens < 8:
            raise ValueError(f"render.max_tokens must be at least 8, got {self.max_tokens}")
        if self.t5_max_tokens < 8:
            raise ValueError(f"render.t5_max_tokens must be at least 8, got {self.t5_max_tokens}")


@dataclass(frozen=True)
class Family:
    """What a model family's text encoders read besides the first CLIP prompt: `second` is
    None (one encoder), "clip_style" (SDXL's OpenCLIP bigG: a 77-token list led by style and
    medium) or "t5_sentences" (Flux's T5: the content as sentences, in the T5 window)."""

    second: Literal["clip_style", "t5_sentences"] | None = None


FAMILIES = {
    "sd15": Family(),
    "sd2": Family(),
    "sd_turbo": Family(),
    "sdxl": Family("clip_style"),
    "sdxl_turbo": Family("clip_style"),
    "flux": Family("t5_sentences"),
}


@dataclass
class Rendered:
    prompt: str
    negative_prompt: str
    prompt_2: str | None = None
    negative_prompt_2: str | None = None
    prompt_tokens: int = 0
    truncated: bool = False
    dropped: list[str] = field(default_factory=list)


def subject_phrase(subject: Subject) -> str:
    noun = subject.noun
    if subject.count > 1 and not is_plural(noun_head(noun)):  # "trauma shears" stays as said
        noun = plural(noun)
    simple = [a for a in subject.attributes if len(a.split()) == 1 and not a.endswith("'s")]
    rest = [a for a in subject.attributes if a not in simple]
    count = ""
    if subject.count > 1:  # "two kids": the number is what was said, the plural alone is not
        count = NUMBER_WORDS.get(subject.count, str(subject.count))
    possessive = [a for a in rest if a.endswith("'s")]
    rest = [a for a in rest if a not in possessive]
    head = " ".join(w for w in [count, *possessive, *simple, noun] if w)
    with_words = [a for a in rest if a.split()[0] not in ("in", "on", "from", "made", "with")]
    other = [a for a in rest if a not in with_words]
    text = head + (" with " + " and ".join(with_words) if with_words else "")
    return " ".join([text, *other])


def describe(description: StructuredDescription, fallback: str = "") -> list[Part]:
    """Content parts of a description, subject first. With no slot filled, the fallback text
    (the cleaned transcript) is the one part."""
    parts: list[Part] = []
    subjects = [subject_phrase(s) for s in description.subjects]
    if subjects:
        prose = " and ".join(
            with_article(phrase) if subject.count <= 1 else phrase
            for subject, phrase in zip(description.subjects, subjects, strict=True)
        )
        parts.append(Part(", ".join(subjects), "subject", PRIORITY["subject"], "subject", prose))
    slots: list[tuple[str, str | None]] = [
        ("action", description.action),
        ("setting", description.setting),
        ("medium", description.medium),
        ("style", f"{description.style} style" if description.style else None),
        ("lighting", description.lighting),
        ("composition", description.composition),
        (
            "palette",
            f"{' and '.join(description.palette)} palette" if description.palette else None,
        ),
        ("mood", f"{description.mood} mood" if description.mood else None),
    ]
    for slot, value in slots:
        if value:
            kind: Kind = "style" if slot in ("medium", "style") else "content"
            parts.append(Part(value, kind, PRIORITY[slot], slot))
    if not parts and fallback.strip():
        parts.append(Part(fallback.strip(), "subject", PRIORITY["subject"]))
    return parts


def describe_text(description: StructuredDescription, fallback: str = "") -> str:
    return ", ".join(part.text for part in describe(description, fallback))


# --- tokenizer ---------------------------------------------------------------------------


def _bytes_to_unicode() -> dict[int, str]:
    """CLIP's reversible byte-to-character table (as in OpenAI's and open_clip's code)."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
    keep += list(range(ord("®"), ord("ÿ") + 1))
    chars = keep[:]
    extra = 0
    for byte in range(256):
        if byte not in keep:
            keep.append(byte)
            chars.append(256 + extra)
            extra += 1
    return dict(zip(keep, (chr(c) for c in chars), strict=True))


def bundled_vocab() -> Path:
    """`bpe_simple_vocab_16e6.txt.gz` from the open_clip_torch wheel (found, not imported)."""
    spec = importlib.util.find_spec("open_clip")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location) / "bpe_simple_vocab_16e6.txt.gz"
        if path.is_file():
            return path
    raise FileNotFoundError(
        "the CLIP BPE vocabulary was not found: pip install --no-deps open_clip_torch==3.3.0 "
        "(only its vocabulary file is used), or set enrich.render.tokenizer to a hub id or path"
    )


def _clip_tokenizer_dir() -> Path:
    """vocab.json + merges.txt in the Hugging Face layout, built once from the BPE file."""
    target = cache_dir() / "tokenizers" / "clip-bpe-16e6"
    if (target / "vocab.json").exists() and (target / "merges.txt").exists():
        return target
    with gzip.open(bundled_vocab()) as handle:
        lines = handle.read().decode("utf-8").split("\n")
    merges = lines[1 : 49152 - 256 - 2 + 1]
    units = list(_bytes_to_unicode().values())
    vocab = units + [u + "</w>" for u in units] + ["".join(m.split()) for m in merges]
    vocab += ["<|startoftext|>", "<|endoftext|>"]
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=".clip-bpe."))
    (staging / "vocab.json").write_text(
        json.dumps({token: index for index, token in enumerate(vocab)}, ensure_ascii=False)
    )
    (staging / "merges.txt").write_text("#version: 0.2\n" + "\n".join(merges) + "\n")
    try:
        os.rename(staging, target)
    except OSError:  # another process finished first; its files are identical
        for leftover in staging.iterdir():
            leftover.unlink()
        staging.rmdir()
    return target


@cache
def load_tokenizer(name: str | None = None, subfolder: str | None = None) -> Any:
    from transformers import CLIPTokenizer

    if name is None:
        return CLIPTokenizer.from_pretrained(str(_clip_tokenizer_dir()))
    try:
        kwargs: dict[str, Any] = {"subfolder": subfolder} if subfolder else {}
        return CLIPTokenizer.from_pretrained(name, **kwargs)
    except Exception as exc:
        raise ValueError(f"cannot load the CLIP tokenizer '{name}': {exc}") from None


@cache
def load_t5_tokenizer(name: str, subfolder: str | None = None) -> Any:
    from transformers import AutoTokenizer

    try:
        kwargs: dict[str, Any] = {"subfolder": subfolder} if subfolder else {}
        return AutoTokenizer.from_pretrained(name, **kwargs)
    except Exception as exc:
        raise ValueError(f"cannot load the T5 tokenizer '{name}': {exc}") from None


class TokenCounter:
    """Counts and cuts text in one text encoder's tokens (special tokens included in the
    window): CLIP's by default, `encoder="t5"` for Flux's T5 prompt."""

    def __init__(self, options: RenderOptions, encoder: Literal["clip", "t5"] = "clip") -> None:
        if encoder == "t5" and options.t5_tokenizer:
            self.tokenizer = load_t5_tokenizer(options.t5_tokenizer, options.t5_tokenizer_subfolder)
        else:
            self.tokenizer = load_tokenizer(options.tokenizer, options.tokenizer_subfolder)
        self.window = options.t5_max_tokens if encoder == "t5" else options.max_tokens

    def count(self, text: str) -> int:
        """Tokens including start and end."""
        return len(self.tokenizer(text, add_special_tokens=True, truncation=False)["input_ids"])

    def cut(self, text: str, tokens: int) -> str:
        special = self.count("")  # start and end (CLIP), end only (T5)
        ids = self.tokenizer(text, add_special_tokens=False, truncation=False)["input_ids"]
        return str(self.tokenizer.decode(ids[: max(0, tokens - special)])).strip()


def comma_list(parts: list[Part]) -> str:
    return ", ".join(p.text for p in parts)


def fit(
    parts: list[Part], counter: TokenCounter, join: Callable[[list[Part]], str] = comma_list
) -> tuple[str, int, bool, list[str]]:
    """Join parts in order; drop the lowest-priority ones until the text fits; cut the text
    only if the highest-priority content alone does not fit."""
    kept = list(parts)
    dropped: list[str] = []
    text = join(kept)
    while len(kept) > 1 and counter.count(text) > counter.window:
        lowest = min(range(len(kept)), key=lambda i: (kept[i].priority, -i))
        dropped.append(kept.pop(lowest).text)
        text = join(kept)
    truncated = counter.count(text) > counter.window
    if truncated:
        text = counter.cut(text, counter.window)
    return text, counter.count(text), truncated, dropped


# --- sentences for T5 ------------------------------------------------------------------------

VOWEL_SOUND = ("a", "e", "i", "o", "u")
COUNTED = set(NUMBER_WORDS.values()) | {"two", "many", "several", "some"}


def with_article(phrase: str) -> str:
    """`a red fox`, `an old wizard`; counted phrases (`two cats`) stay as they are."""
    first = phrase.split(" ", 1)[0].lower()
    if not phrase or first in COUNTED or first.isdigit() or first in ("a", "an", "the"):
        return phrase
    return ("an " if first.startswith(VOWEL_SOUND) else "a ") + phrase


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentences(parts: list[Part]) -> str:
    """The parts as prose for a T5 encoder: what is shown (medium, subjects, action, setting,
    light) in the first sentence, the look (style, composition, palette, mood) in the second,
    tags in the last. Parts from enrichers (tags, presets, expansions) keep their text."""
    by_slot = {p.slot: p.prose or p.text for p in parts if p.slot}
    unslotted_subjects = [p.text for p in parts if p.kind == "subject" and not p.slot]
    shown = by_slot.get("subject") or ", ".join(unslotted_subjects)
    if "medium" in by_slot:
        shown = f"{with_article(by_slot['medium'])} of {shown}" if shown else by_slot["medium"]
    scene = [shown] if shown else []
    if "action" in by_slot:
        scene.append(by_slot["action"])
    if "setting" in by_slot:
        scene.append(f"in {with_article(by_slot['setting'])} setting")
    if "lighting" in by_slot:
        scene.append(by_slot["lighting"])
    look = [
        by_slot[slot] for slot in ("style", "composition", "palette", "mood") if slot in by_slot
    ]
    tags = [p.text for p in parts if not p.slot and p.kind != "subject"]
    text = [_capital(" ".join(scene[:2]) + "".join(", " + s for s in scene[2:])) + "."]
    if look:
        text.append(_capital(", ".join(look)) + ".")
    if tags:
        text.append(_capital(", ".join(tags)) + ".")
    return " ".join(t for t in text if t != ".")


def _second_prompt(
    family: Family,
    parts: list[Part],
    ordered: list[Part],
    options: RenderOptions,
    text: str,
    counter: TokenCounter,
) -> tuple[str, bool]:
    """The second text encoder's prompt and whether it was cut (see `Family`)."""
    if family.second == "t5_sentences":
        second, _, truncated, _ = fit(ordered, TokenCounter(options, "t5"), sentences)
        return second, truncated
    styled = [p for p in parts if p.kind in ("style", "tag", "quality")]
    if not styled:
        return text, False
    rest = [p for p in ordered if p not in styled]
    second, _, truncated, _ = fit(styled + rest, counter)
    return second, truncated


def render(
    parts: list[Part], negative: list[str], options: RenderOptions, counter: TokenCounter
) -> Rendered:
    """The prompt(s) for one family: `prompt` (CLIP) leads with the subject and fits 77
    tokens; SDXL's `prompt_2` (OpenCLIP bigG) leads with style and medium; Flux's `prompt_2`
    (T5) is the content as sentences in the T5 window."""
    ordered = sorted(parts, key=lambda p: 0 if p.kind == "subject" else 1)
    text, tokens, truncated, dropped = fit(ordered, counter)
    negative_text, _, _, _ = fit([Part(n, "tag", 1) for n in _unique(negative)], counter)
    rendered = Rendered(text, negative_text, prompt_tokens=tokens, truncated=truncated)
    rendered.dropped = dropped
    family = FAMILIES[options.family]
    if family.second:
        second, truncated_2 = _second_prompt(family, parts, ordered, options, text, counter)
        rendered.prompt_2 = second
        rendered.truncated = rendered.truncated or truncated_2
    return rendered


def _unique(values: list[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        value = value.strip()
        if value and value not in seen:
            seen.append(value)
    return seen
