"""`lm`: prompt expansion with a causal LM (MagicPrompt / Promptist style). The model continues
the content prompt; the new comma-separated phrases become low-priority parts, dropped first
when the window is full.

The runtime is swappable (`runtime: {_target_: ...}`, `voice2image.lm`). `template` says what
the model continues: `{content}` is the content prompt. A model trained on prompts (MagicPrompt)
continues the bare content (`"{content},"`); a base model such as Gemma 3 270M is shown a few
short-to-detailed pairs first (`conf/enrich/lm_gemma.yaml`). Expansions never overrule the
speaker (`speaker_first`)."""

from __future__ import annotations

import re
from typing import Any

from voice2image.enrich.base import Enriched
from voice2image.enrich.basic import DEFAULT_NEGATIVE, content
from voice2image.enrich.prompting import PRIORITY, Part
from voice2image.enrich.speaker_first import admit_phrases
from voice2image.lm.base import LanguageModel
from voice2image.schema import StructuredDescription

_PHRASE = re.compile(r"^[a-z0-9][a-z0-9 '\-]{1,40}$")


def expansion_phrases(text: str, limit: int) -> list[str]:
    """Short, clean, distinct phrases of generated text (noise and sentences dropped)."""
    phrases: list[str] = []
    for piece in re.split(r"[,\n.;|]", text.lower()):
        piece = " ".join(piece.split())
        if _PHRASE.match(piece) and len(piece.split()) <= 5 and piece not in phrases:
            phrases.append(piece)
    return phrases[:limit]


class LMEnricher:
    def __init__(
        self,
        runtime: LanguageModel,
        name: str = "lm",
        template: str = "{content},",
        stop: list[str] | None = None,
        max_new_tokens: int = 48,
        max_phrases: int = 8,
        negative: list[str] | None = None,
        seed: int = 0,
        render: Any = None,
    ) -> None:
        if "{content}" not in template:
            raise ValueError("enrich.template must contain {content}")
        if not isinstance(runtime, LanguageModel):
            raise ValueError(f"enrich.runtime {type(runtime).__name__} is not a LanguageModel")
        self.name = name
        self.runtime = runtime
        self.template = template
        self.stop = list(stop or [])
        self.max_new_tokens = max_new_tokens
        self.max_phrases = max_phrases
        self.negative = list(DEFAULT_NEGATIVE if negative is None else negative)
        self.seed = seed
        self.render = render

    def load(self) -> None:
        self.runtime.load()

    def enrich(
        self, description: StructuredDescription, cleaned: str, speaker: str | None
    ) -> Enriched:
        parts = content(description, cleaned)
        base = ", ".join(p.text for p in parts)
        warnings = []
        if base:
            prompt = self.template.replace("{content}", base)
            generated = self.runtime.complete(
                prompt, self.max_new_tokens, seed=self.seed, stop=self.stop
            )
            new = [p for p in expansion_phrases(generated, self.max_phrases) if p not in base]
            # The model saw what was said, so its techniques stay; but a phrase that fills a
            # slot the speaker filled, or names what they excluded, does not.
            extra = admit_phrases(new, description, bundled=False)
            if not extra:
                warnings.append("the language model added nothing usable")
            parts += [Part(p, "tag", PRIORITY["expansion"]) for p in extra]
        return Enriched(parts, [*description.negative, *self.negative], warnings=warnings)
