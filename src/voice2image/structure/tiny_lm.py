"""Language models by hub id or local path, and `tiny-random`: a tiny random Llama with a
byte-level BPE tokenizer, built in code and saved once, so the `llm` and `lm` methods run their
whole path offline (load, chat template, generate, parse) where no real model can be fetched.
Its output is noise: it exercises the code, it does not measure a method."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from voice2image.paths import cache_dir

TINY = "tiny-random"
_CHAT_TEMPLATE = (
    "{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>{% endif %}"
)
_CORPUS = [
    '{"subjects": [{"noun": "cat", "count": 1, "attributes": ["red"]}], "action": null}',
    "a red car parked on a rainy street at night, watercolor, highly detailed, 4k",
    "an old wizard reading a book in a stone tower, candlelight, fantasy book cover",
    "photograph of a lighthouse on a cliff, dramatic, wide shot, sharp focus, trending",
    "Describe the picture as JSON with the fields subjects, setting, style, medium.",
]


def build_tiny_lm(path: str | os.PathLike[str], seed: int = 0) -> Path:
    """Write a tiny random Llama and its tokenizer to `path` (from_pretrained loads it)."""
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    target = Path(path)
    bpe = ByteLevelBPETokenizer()
    specials = ["<|endoftext|>", "<|pad|>"]
    bpe.train_from_iterator(_CORPUS * 4, vocab_size=400, min_frequency=1, special_tokens=specials)
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=bpe,
        eos_token="<|endoftext|>",
        bos_token="<|endoftext|>",
        pad_token="<|pad|>",
    )
    tokenizer.chat_template = _CHAT_TEMPLATE
    torch.manual_seed(seed)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=2,
        max_position_embeddings=4096,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    model = LlamaForCausalLM(config)
    target.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(target)
    tokenizer.save_pretrained(target)
    return target


def resolve(name: str) -> str:
    """`tiny-random` -> its cached directory (built on first use); anything else as given."""
    if name != TINY:
        return name
    target = cache_dir() / "models" / "tiny-random-llama"
    if (target / "config.json").exists():
        return str(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target.parent, prefix=".tiny-random-llama."))
    try:
        build_tiny_lm(staging)
        with contextlib.suppress(OSError):
            os.rename(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return str(target)


def load_causal_lm(name: str, device: str = "cpu") -> tuple[Any, Any]:
    """(tokenizer, model) by hub id, local path or `tiny-random`; a clear error otherwise."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    location = resolve(name)
    try:
        tokenizer: Any = AutoTokenizer.from_pretrained(location)
        model: Any = AutoModelForCausalLM.from_pretrained(location)
    except Exception as exc:
        raise ValueError(
            f"cannot load the language model '{name}' ({type(exc).__name__}: {exc}); "
            f"name a local directory, a hub id on a machine with hub access, or '{TINY}'"
        ) from None
    model.to(device)
    model.eval()
    if tokenizer.pad_token_id is None:
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer, model


def generate(
    tokenizer: Any,
    model: Any,
    prompt: str,
    max_new_tokens: int,
    sample: bool = False,
    seed: int = 0,
    temperature: float = 0.7,
) -> str:
    """Continue `prompt`; returns only the new text."""
    import torch

    inputs = tokenizer(prompt, return_tensors="pt").to(model.device)
    options: dict[str, Any] = {
        "max_new_tokens": max_new_tokens,
        "do_sample": sample,
        "pad_token_id": tokenizer.pad_token_id,
    }
    if sample:
        torch.manual_seed(seed)
        options["temperature"] = temperature
    with torch.no_grad():
        output = model.generate(**inputs, **options)
    new = output[0][inputs["input_ids"].shape[1] :]
    return str(tokenizer.decode(new, skip_special_tokens=True))
