"""Language-model runtimes shared by `structure=llm` and `enrich=lm`: one interface
(`LanguageModel`), one class per runtime (transformers, llama.cpp), chosen by a nested
`runtime: {_target_: ...}` in the method's YAML."""

from voice2image.lm.base import LanguageModel
from voice2image.lm.gguf import resolve_gguf
from voice2image.lm.llama_cpp_model import LlamaCppModel
from voice2image.lm.transformers_model import TransformersModel

__all__ = ["LanguageModel", "LlamaCppModel", "TransformersModel", "resolve_gguf"]
