"""GGUF models through llama.cpp (llama-cpp-python): quantised weights on the CPU, and
JSON-schema grammars that make every token keep the output valid (`constrains_json`)."""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Sequence
from functools import cached_property
from typing import Any

from voice2image.lm.gguf import resolve_gguf


def gbnf(json_schema: dict[str, Any]) -> str:
    """llama.cpp's GBNF grammar for a JSON schema. Properties come in the schema's order
    (required ones first), so the schema is passed as written: sorting its keys would make the
    model write them in alphabetical order, unlike its few-shot examples."""
    from llama_cpp.llama_grammar import json_schema_to_gbnf

    return str(json_schema_to_gbnf(json.dumps(json_schema)))


class LlamaCppModel:
    """`model`: a `.gguf` path, `package:<module>` or `<owner>/<repo>:<file>` (see `lm.gguf`).
    `threads` 0: every core this process may use (llama-cpp-python's own default is half).
    `device`: `cpu`, or `cuda`/`gpu` to offload every layer (a GPU build of llama-cpp-python).
    `repeat_penalty` (1.0: none) damps the loops small models fall into (`red, red, red`); it
    also penalises JSON's own repeated tokens, so structuring keeps 1.0."""

    constrains_json = True

    def __init__(
        self,
        model: str,
        context: int = 2048,
        threads: int = 0,
        batch: int = 512,
        seed: int = 0,
        device: str = "cpu",
        repeat_penalty: float = 1.0,
    ) -> None:
        if device not in ("cpu", "cuda", "gpu"):
            raise ValueError(f"runtime.device must be cpu, cuda or gpu, got '{device}'")
        if context < 256:
            raise ValueError(f"runtime.context must be at least 256 tokens, got {context}")
        if threads < 0:
            raise ValueError(f"runtime.threads must be >= 0, got {threads}")
        self.model = model
        self.context = context
        self.threads = threads
        self.batch = batch
        self.seed = seed
        self.device = device
        self.repeat_penalty = repeat_penalty
        self.load_s: float | None = None
        self._llama: Any = None
        self._grammars: dict[str, Any] = {}

    def load(self) -> None:
        if self._llama is not None:
            return
        started = time.perf_counter()
        try:
            from llama_cpp import Llama
        except ImportError:
            raise ValueError(
                "llama-cpp-python is not installed (pip install 'voice2image[llm]')"
            ) from None
        source = resolve_gguf(self.model)
        options: dict[str, Any] = {
            "n_ctx": self.context,
            "n_threads": self.threads or len(os.sched_getaffinity(0)),
            "n_batch": self.batch,
            "n_gpu_layers": 0 if self.device == "cpu" else -1,
            "seed": self.seed,
            "verbose": False,
        }
        try:
            if source.path is not None:
                self._llama = Llama(model_path=str(source.path), **options)
            else:
                assert source.repo is not None and source.filename is not None
                self._llama = Llama.from_pretrained(source.repo, source.filename, **options)
        except Exception as exc:
            raise ValueError(f"cannot load the GGUF model '{self.model}': {exc}") from None
        self.load_s = time.perf_counter() - started

    @property
    def llama(self) -> Any:
        self.load()
        return self._llama

    def _token_text(self, token: int) -> str:
        if token < 0:
            return ""
        return bytes(self.llama.detokenize([token], special=True)).decode("utf-8", "replace")

    @cached_property
    def _chat_formatter(self) -> Any:
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        template = self.llama.metadata.get("tokenizer.chat_template")
        if not template:
            raise ValueError(f"the GGUF model '{self.model}' has no chat template")
        return Jinja2ChatFormatter(
            template,
            eos_token=self._token_text(self.llama.token_eos()),
            bos_token=self._token_text(self.llama.token_bos()),
        )

    def chat_prompt(self, messages: Sequence[dict[str, str]]) -> str:
        return str(self._chat_formatter(messages=list(messages)).prompt)

    def grammar(self, json_schema: dict[str, Any]) -> Any:
        """The llama.cpp grammar of a JSON schema (built once per schema)."""
        from llama_cpp import LlamaGrammar

        text = gbnf(json_schema)
        if text not in self._grammars:
            with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
                self._grammars[text] = LlamaGrammar.from_string(text, verbose=False)
        return self._grammars[text]

    def complete(
        self,
        prompt: str,
        max_tokens: int,
        json_schema: dict[str, Any] | None = None,
        temperature: float = 0.0,
        seed: int = 0,
        stop: Sequence[str] = (),
    ) -> str:
        llama = self.llama
        # A chat template writes the start token itself; a plain prompt needs one added.
        bos = self._token_text(llama.token_bos())
        tokens = llama.tokenize(
            prompt.encode("utf-8"), add_bos=not (bos and prompt.startswith(bos)), special=True
        )
        room = self.context - len(tokens)
        if room < 16:
            raise ValueError(
                f"the prompt ({len(tokens)} tokens) leaves no room in the {self.context}-token "
                f"context; raise runtime.context"
            )
        output = llama.create_completion(
            tokens,
            max_tokens=min(max_tokens, room),
            temperature=temperature,
            top_k=40 if temperature > 0 else 1,
            repeat_penalty=self.repeat_penalty,
            seed=seed,
            stop=list(stop) or None,
            grammar=self.grammar(json_schema) if json_schema is not None else None,
        )
        return str(output["choices"][0]["text"])
