"""The language-model runtime interface."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class LanguageModel(Protocol):
    """A causal LM that continues text. `model` names the weights as the user gave them;
    `constrains_json` says whether `complete` enforces `json_schema` while decoding (otherwise
    the schema is only a hint and the caller must validate)."""

    model: str
    constrains_json: bool

    def load(self) -> None: ...

    def chat_prompt(self, messages: Sequence[dict[str, str]]) -> str:
        """`messages` rendered with the model's own chat template, ready for the assistant's
        turn; ValueError when the model has none."""
        ...

    def complete(
        self,
        prompt: str,
        max_tokens: int,
        json_schema: dict[str, Any] | None = None,
        temperature: float = 0.0,
        seed: int = 0,
        stop: Sequence[str] = (),
    ) -> str:
        """The continuation of `prompt` (new text only). Temperature 0 decodes greedily;
        above 0 it samples with `seed`."""
        ...
