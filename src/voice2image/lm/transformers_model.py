"""Causal LMs through transformers: any hub id or local directory, or `tiny-random` (a tiny
random Llama built in code, `structure.tiny_lm`). Decoding is not constrained: a JSON schema
is only a hint here, so callers validate and retry."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from voice2image.structure.tiny_lm import generate, load_causal_lm


class TransformersModel:
    constrains_json = False

    def __init__(self, model: str, device: str = "cpu") -> None:
        self.model = model
        self.device = device
        self.load_s: float | None = None
        self._tokenizer: Any = None
        self._model: Any = None

    def load(self) -> None:
        if self._model is not None:
            return
        started = time.perf_counter()
        self._tokenizer, self._model = load_causal_lm(self.model, self.device)
        self.load_s = time.perf_counter() - started

    def chat_prompt(self, messages: Sequence[dict[str, str]]) -> str:
        self.load()
        if not getattr(self._tokenizer, "chat_template", None):
            raise ValueError(f"the model '{self.model}' has no chat template")
        return str(
            self._tokenizer.apply_chat_template(
                list(messages), tokenize=False, add_generation_prompt=True
            )
        )

    def complete(
        self,
        prompt: str,
        max_tokens: int,
        json_schema: dict[str, Any] | None = None,
        temperature: float = 0.0,
        seed: int = 0,
        stop: Sequence[str] = (),
    ) -> str:
        self.load()
        text = generate(
            self._tokenizer,
            self._model,
            prompt,
            max_tokens,
            sample=temperature > 0,
            seed=seed,
            temperature=temperature if temperature > 0 else 1.0,
        )
        for marker in stop:
            text = text.split(marker, 1)[0]
        return text
