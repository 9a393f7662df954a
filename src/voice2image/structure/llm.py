"""`llm`: an instruction-tuned causal LM asked for JSON that must validate against the schema;
invalid output is retried (sampling, seeded), then the item falls back to `rules` with a
warning recorded on it."""

from __future__ import annotations

import json
import logging
from typing import Any

from pydantic import ValidationError

from voice2image.schema import StructuredDescription
from voice2image.structure.base import StructureResult
from voice2image.structure.cleanup import clean
from voice2image.structure.rules import RulesStructurer, english_tokens
from voice2image.structure.tiny_lm import generate, load_causal_lm

log = logging.getLogger(__name__)

INSTRUCTIONS = """You turn a spoken description of a picture into JSON.
The speaker may hesitate, repeat words, or correct themselves ("a red car, no, blue"): keep only
the final choice. Leave out commands such as "draw me". Write every value in English as a short
lowercase phrase taken from the speaker's words; use null or [] for anything not said.
Answer with one JSON object and nothing else, with exactly these keys:
{"subjects": [{"noun": "...", "count": 1, "attributes": ["..."]}], "action": null,
 "setting": null, "style": null, "medium": null, "composition": null, "lighting": null,
 "palette": [], "mood": null, "negative": []}"""


def parse_json(text: str) -> StructuredDescription:
    """The first balanced JSON object in `text`, validated; ValueError says what is wrong."""
    start = text.find("{")
    if start < 0:
        raise ValueError("no JSON object in the output")
    depth = 0
    in_string = False
    escaped = False
    for index in range(start, len(text)):
        char = text[index]
        if in_string:
            escaped = not escaped and char == "\\"
            if char == '"' and not escaped:
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                try:
                    data = json.loads(text[start : index + 1])
                except json.JSONDecodeError as exc:
                    raise ValueError(f"invalid JSON ({exc.msg})") from None
                if not isinstance(data, dict):
                    raise ValueError("the JSON is not an object")
                data.pop("sources", None)
                try:
                    return StructuredDescription.model_validate(data)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(p) for p in first["loc"])
                    raise ValueError(f"schema mismatch at '{where}': {first['msg']}") from None
    raise ValueError("unbalanced JSON object in the output")


class LLMStructurer:
    def __init__(
        self,
        model: str,
        name: str = "llm",
        max_new_tokens: int = 384,
        retries: int = 2,
        temperature: float = 0.7,
        max_input_words: int = 400,
        device: str = "cpu",
        seed: int = 0,
    ) -> None:
        if retries < 0:
            raise ValueError(f"structure.retries must be >= 0, got {retries}")
        self.name = name
        self.model_name = model
        self.max_new_tokens = max_new_tokens
        self.retries = retries
        self.temperature = temperature
        self.max_input_words = max_input_words
        self.device = device
        self.seed = seed
        self.fallback = RulesStructurer()
        self._tokenizer: Any = None
        self._model: Any = None

    def load(self) -> None:
        self._tokenizer, self._model = load_causal_lm(self.model_name, self.device)

    def _prompt(self, text: str) -> str:
        messages = [
            {"role": "system", "content": INSTRUCTIONS},
            {"role": "user", "content": text},
        ]
        if getattr(self._tokenizer, "chat_template", None):
            return str(
                self._tokenizer.apply_chat_template(
                    messages, tokenize=False, add_generation_prompt=True
                )
            )
        return f"{INSTRUCTIONS}\n\nDescription: {text}\nJSON:"

    def structure(self, text: str, language: str | None) -> StructureResult:
        if self._model is None:
            self.load()
        words = text.split()
        warnings = []
        if len(words) > self.max_input_words:
            warnings.append(f"transcript cut to {self.max_input_words} words for the model")
            text = " ".join(words[: self.max_input_words])
        prompt = self._prompt(text)
        errors = []
        for attempt in range(self.retries + 1):
            output = generate(
                self._tokenizer,
                self._model,
                prompt,
                self.max_new_tokens,
                sample=attempt > 0,
                seed=self.seed + attempt,
                temperature=self.temperature,
            )
            try:
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
