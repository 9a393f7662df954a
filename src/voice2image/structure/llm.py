"""`llm`: a language model writes the structured description as JSON.

The runtime is swappable (`runtime: {_target_: ...}`, `voice2image.lm`): transformers for any
hub id or local directory, llama.cpp for GGUF files (the packaged Gemma 3 270M and
SmolLM2-135M-Instruct offline). Under llama.cpp the answer is decoded under a grammar made from
the output JSON schema (`llm_output.output_schema`), so it is always valid JSON of the right
shape; under transformers it is validated afterwards. Few-shot examples come from the dev
descriptions (`fewshot.ExamplePool`, leave-one-out). An answer that does not validate is
retried with seeded sampling, then the item falls back to `rules` with a warning on it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path

from voice2image.lm.base import LanguageModel
from voice2image.schema import Description
from voice2image.structure.base import StructureResult
from voice2image.structure.cleanup import clean
from voice2image.structure.fewshot import ExamplePool
from voice2image.structure.llm_output import answer_json, output_schema, parse_json
from voice2image.structure.rules import RulesStructurer, english_tokens

__all__ = ["INSTRUCTIONS", "LLMStructurer", "parse_json"]

log = logging.getLogger(__name__)

# Slot definitions follow data/descriptions/README.md (the annotation guide), not any item.
INSTRUCTIONS = """Turn a spoken description of a picture into JSON.
The speaker may hesitate, repeat words, or correct themselves ("a red car, no, blue"): keep only
the final choice. Leave out commands such as "draw me". Write every value in English as a short
lowercase phrase taken from the speaker's words; leave out anything not said.
Keys: subjects (the things depicted: noun = singular head noun, count, attributes = its
modifiers), action (what they do), setting (place or background), style (art style or genre),
medium (material or technique), composition (framing, camera), lighting (light and time of
day), palette (colours of the whole picture), mood (the feeling), negative (what the speaker
does not want)."""


def completion_prompt(model: LanguageModel, examples: list[tuple[str, str]], text: str) -> str:
    """For base models: the instructions, then `Description:`/`JSON:` pairs to continue."""
    shots = "".join(f"Description: {q}\nJSON: {a}\n\n" for q, a in examples)
    return f"{INSTRUCTIONS}\n\n{shots}Description: {text}\nJSON:"


def chat_prompt(model: LanguageModel, examples: list[tuple[str, str]], text: str) -> str:
    """For instruction-tuned models: the examples as earlier user/assistant turns."""
    messages = [{"role": "system", "content": INSTRUCTIONS}]
    for question, answer in examples:
        messages += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer},
        ]
    messages.append({"role": "user", "content": text})
    return model.chat_prompt(messages)


PROMPT_FORMATS: dict[str, Callable[[LanguageModel, list[tuple[str, str]], str], str]] = {
    "completion": completion_prompt,
    "chat": chat_prompt,
}


class LLMStructurer:
    """`prompt`: `chat` (the model's chat template) or `completion` (plain few-shot text, for
    base models). `examples`: description files to draw few-shot examples from (dev only);
    `shots`, `select` (`cover` or `nearest`) and `exclude_overlap`: see `fewshot`.
    `omit_empty`: empty slots are left out of examples and answers (fewer tokens)."""

    def __init__(
        self,
        runtime: LanguageModel,
        name: str = "llm",
        prompt: str = "chat",
        examples: Sequence[str | Path] = (),
        shots: int = 3,
        select: str = "cover",
        exclude_overlap: float = 0.5,
        omit_empty: bool = True,
        max_new_tokens: int = 256,
        retries: int = 2,
        temperature: float = 0.7,
        max_input_words: int = 400,
        seed: int = 0,
    ) -> None:
        if retries < 0:
            raise ValueError(f"structure.retries must be >= 0, got {retries}")
        if prompt not in PROMPT_FORMATS:
            raise ValueError(
                f"structure.prompt '{prompt}' is not one of {', '.join(sorted(PROMPT_FORMATS))}"
            )
        if not isinstance(runtime, LanguageModel):
            raise ValueError(f"structure.runtime {type(runtime).__name__} is not a LanguageModel")
        self.name = name
        self.runtime = runtime
        self.prompt_format = prompt
        self.pool = ExamplePool(examples, shots, select, seed, exclude_overlap)
        self.omit_empty = omit_empty
        self.schema = output_schema(omit_empty)
        self.max_new_tokens = max_new_tokens
        self.retries = retries
        self.temperature = temperature
        self.max_input_words = max_input_words
        self.seed = seed
        self.fallback = RulesStructurer()

    def load(self) -> None:
        self.runtime.load()

    def examples(self, text: str, language: str | None) -> list[Description]:
        return self.pool.select(text, language)

    def prompt(self, text: str, language: str | None) -> str:
        pairs = [
            (d.text, answer_json(d.gold, self.omit_empty)) for d in self.examples(text, language)
        ]
        return PROMPT_FORMATS[self.prompt_format](self.runtime, pairs, text)

    def structure(self, text: str, language: str | None) -> StructureResult:
        words = text.split()
        warnings = []
        if len(words) > self.max_input_words:
            warnings.append(f"transcript cut to {self.max_input_words} words for the model")
            text = " ".join(words[: self.max_input_words])
        prompt = self.prompt(text, language)
        errors = []
        for attempt in range(self.retries + 1):
            try:
                output = self.runtime.complete(
                    prompt,
                    self.max_new_tokens,
                    json_schema=self.schema,
                    temperature=self.temperature if attempt else 0.0,
                    seed=self.seed + attempt,
                    stop=("\n\n",),
                )
                description = parse_json(output)
            except ValueError as exc:
                errors.append(str(exc))
                continue
            tokens, _ = english_tokens(text, language)
            return StructureResult(
                description=description,
                cleaned=clean(tokens).text,
                method=self.name,
                warnings=[*warnings, *(f"attempt {i + 1}: {e}" for i, e in enumerate(errors))],
            )
        result = self.fallback.structure(text, language)
        note = (
            f"llm output invalid after {self.retries + 1} attempts "
            f"(last: {errors[-1]}); fell back to rules"
        )
        log.warning("structure: %s", note)
        result.warnings = [*warnings, note, *result.warnings]
        return result
