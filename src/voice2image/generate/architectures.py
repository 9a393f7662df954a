"""Stable Diffusion components built in code with random weights, deterministic from a seed.

Two uses, neither of which needs a download:

* `tiny`: a few-thousand-parameter pipeline (diffusers' dummy-component sizes) for tests and
  smoke runs. Its images are noise.
* `flux_tiny`: the same for Flux (FluxTransformer2DModel, CLIP and T5 encoders, KL VAE with
  Flux's 2x2 latent packing), after diffusers' own Flux test components.
* architecture-true SD-Turbo (SD 2.1 layout: UNet, OpenCLIP ViT-H/14 text tower, KL VAE) and
  SDXL shapes for timing: speed and memory do not depend on the weights' values, so these
  give honest latency and peak-memory figures on machines without a model hub.

The configs below are those published with the real checkpoints (`unet/config.json`,
`text_encoder/config.json`, `vae/config.json` of stabilityai/sd-turbo and sdxl-turbo), and
TAESD's (madebyollin/taesd) for the tiny decoder.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

# --- tokenizer -------------------------------------------------------------------------------


def byte_tokenizer(max_length: int = 77) -> Any:
    """A CLIP tokenizer over single bytes (no merges): works offline, same special tokens and
    padding as the real one; only the vocabulary differs (514 ids)."""
    from tokenizers.pre_tokenizers import ByteLevel
    from transformers import CLIPTokenizer

    chars = sorted(ByteLevel.alphabet())
    vocab = {char: index for index, char in enumerate(chars)}
    vocab.update({char + "</w>": len(chars) + index for index, char in enumerate(chars)})
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    return CLIPTokenizer(vocab=vocab, merges=[], model_max_length=max_length)


def t5_tokenizer() -> Any:
    """A T5 (SentencePiece unigram) tokenizer over single printable ASCII characters, built in
    code: T5's special tokens, padding and end token; only the vocabulary differs (192 ids)."""
    import string

    from transformers import T5Tokenizer

    chars = sorted(set(string.printable) - set(string.whitespace))
    space = "\u2581"  # SentencePiece's word-start marker
    vocab = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), (space, -1.0)]
    vocab += [(char, -2.0) for char in chars] + [(space + char, -1.5) for char in chars]
    return T5Tokenizer(vocab=vocab, extra_ids=0)


# --- configs ---------------------------------------------------------------------------------

SD21_UNET: dict[str, Any] = {
    "sample_size": 64,
    "in_channels": 4,
    "out_channels": 4,
    "layers_per_block": 2,
    "block_out_channels": (320, 640, 1280, 1280),
    "attention_head_dim": (5, 10, 20, 20),
    "cross_attention_dim": 1024,
    "down_block_types": ("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",),
    "up_block_types": ("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3,
    "use_linear_projection": True,
}

# OpenCLIP ViT-H/14 text tower as SD 2.x ships it (the 24th layer is dropped: 23 layers).
VIT_H_TEXT: dict[str, Any] = {
    "vocab_size": 49408,
    "hidden_size": 1024,
    "intermediate_size": 4096,
    "num_hidden_layers": 23,
    "num_attention_heads": 16,
    "max_position_embeddings": 77,
    "hidden_act": "gelu",
    "projection_dim": 512,
}

SD_VAE: dict[str, Any] = {
    "in_channels": 3,
    "out_channels": 3,
    "latent_channels": 4,
    "layers_per_block": 2,
    "block_out_channels": (128, 256, 512, 512),
    "down_block_types": ("DownEncoderBlock2D",) * 4,
    "up_block_types": ("UpDecoderBlock2D",) * 4,
    "sample_size": 512,
    "scaling_factor": 0.18215,
}

SDXL_UNET: dict[str, Any] = {
    "sample_size": 64,  # sdxl-turbo: 512x512
    "in_channels": 4,
    "out_channels": 4,
    "layers_per_block": 2,
    "block_out_channels": (320, 640, 1280),
    "attention_head_dim": (5, 10, 20),
    "transformer_layers_per_block": (1, 2, 10),
    "cross_attention_dim": 2048,
    "down_block_types": ("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
    "up_block_types": ("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
    "addition_embed_type": "text_time",
    "addition_time_embed_dim": 256,
    "projection_class_embeddings_input_dim": 2816,
    "use_linear_projection": True,
}

VIT_L_TEXT: dict[str, Any] = {
    "vocab_size": 49408,
    "hidden_size": 768,
    "intermediate_size": 3072,
    "num_hidden_layers": 12,
    "num_attention_heads": 12,
    "max_position_embeddings": 77,
    "hidden_act": "quick_gelu",
    "projection_dim": 768,
}

VIT_BIGG_TEXT: dict[str, Any] = {
    "vocab_size": 49408,
    "hidden_size": 1280,
    "intermediate_size": 5120,
    "num_hidden_layers": 32,
    "num_attention_heads": 20,
    "max_position_embeddings": 77,
    "hidden_act": "gelu",
    "projection_dim": 1280,
}

# diffusers' dummy components (tests/pipelines/stable_diffusion): 2 blocks, 32 channels.
TINY_UNET: dict[str, Any] = {
    "sample_size": 8,
    "in_channels": 4,
    "out_channels": 4,
    "layers_per_block": 1,
    "block_out_channels": (32, 64),
    "attention_head_dim": (2, 4),
    "cross_attention_dim": 32,
    "norm_num_groups": 32,
    "down_block_types": ("DownBlock2D", "CrossAttnDownBlock2D"),
    "up_block_types": ("CrossAttnUpBlock2D", "UpBlock2D"),
    "time_cond_proj_dim": None,
}

TINY_TEXT: dict[str, Any] = {
    "vocab_size": 1000,
    "hidden_size": 32,
    "intermediate_size": 37,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "max_position_embeddings": 77,
    "projection_dim": 32,
    "layer_norm_eps": 1e-5,
}

TINY_VAE: dict[str, Any] = {
    "in_channels": 3,
    "out_channels": 3,
    "latent_channels": 4,
    "layers_per_block": 1,
    "block_out_channels": (32, 64),
    "norm_num_groups": 32,
    "down_block_types": ("DownEncoderBlock2D",) * 2,
    "up_block_types": ("UpDecoderBlock2D",) * 2,
    "sample_size": 32,
}

# Flux, after diffusers' tests/pipelines/flux: one double- and one single-stream block; the
# transformer reads 2x2 patches of 4 latent channels (in_channels 16), the T5 width (32) as its
# joint attention width and CLIP's pooled output (32) as its pooled projection.
TINY_FLUX_TRANSFORMER: dict[str, Any] = {
    "patch_size": 1,
    "in_channels": 16,
    "num_layers": 1,
    "num_single_layers": 1,
    "attention_head_dim": 16,
    "num_attention_heads": 2,
    "joint_attention_dim": 32,
    "pooled_projection_dim": 32,
    "axes_dims_rope": (4, 4, 8),
}

# CLIP's pooled output is read at the end token: the byte tokenizer's ids (512 start, 513 end).
TINY_FLUX_CLIP: dict[str, Any] = TINY_TEXT | {
    "hidden_act": "gelu",
    "vocab_size": 514,
    "bos_token_id": 512,
    "eos_token_id": 513,
    "pad_token_id": 513,
}

# T5 v1.1 layout (gated GELU feed-forward, as FLUX's T5-XXL) at a few thousand parameters.
TINY_T5: dict[str, Any] = {
    "vocab_size": 192,
    "d_model": 32,
    "d_kv": 8,
    "d_ff": 37,
    "num_layers": 2,
    "num_heads": 4,
    "relative_attention_num_buckets": 8,
    "feed_forward_proj": "gated-gelu",
    "is_encoder_decoder": False,
    "use_cache": False,
}

TINY_FLUX_VAE: dict[str, Any] = {
    "in_channels": 3,
    "out_channels": 3,
    "latent_channels": 4,
    "layers_per_block": 1,
    "block_out_channels": (8, 16),
    "norm_num_groups": 8,
    "down_block_types": ("DownEncoderBlock2D",) * 2,
    "up_block_types": ("UpDecoderBlock2D",) * 2,
    "use_quant_conv": False,  # Flux's VAE has neither quant conv
    "use_post_quant_conv": False,
    "shift_factor": 0.0609,  # FLUX.1's latent shift and scale
    "scaling_factor": 1.5035,
    "sample_size": 32,
}

TAESD: dict[str, Any] = {}  # AutoencoderTiny's defaults are TAESD's architecture
TINY_TAESD: dict[str, Any] = {
    "encoder_block_out_channels": (8, 8),  # two blocks: a factor 2, like the tiny KL VAE
    "decoder_block_out_channels": (8, 8),
    "num_encoder_blocks": (1, 1),
    "num_decoder_blocks": (1, 1),
}
TINY_FLUX_TAESD: dict[str, Any] = TINY_TAESD | {"latent_channels": 4}
# TAEF1 (madebyollin/taef1): TAESD's layout with FLUX's 16 latent channels.
TAEF1: dict[str, Any] = {"latent_channels": 16}

# --- builders --------------------------------------------------------------------------------


def _seeded(seed: int, make: Callable[[], Any]) -> Any:
    """Build a module under a fixed seed, in eval mode, without touching the global RNG."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        module = make()
    return module.eval()


def text_encoder(config: dict[str, Any], seed: int, projection: bool = False) -> Any:
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    cls = CLIPTextModelWithProjection if projection else CLIPTextModel
    return _seeded(seed, lambda: cls(CLIPTextConfig(**config)))


def unet(config: dict[str, Any], seed: int) -> Any:
    from diffusers import UNet2DConditionModel

    return _seeded(seed, lambda: UNet2DConditionModel(**config))


def vae(config: dict[str, Any], seed: int) -> Any:
    from diffusers import AutoencoderKL

    return _seeded(seed, lambda: AutoencoderKL(**config))


def tiny_autoencoder(seed: int, tiny: bool = False, config: dict[str, Any] | None = None) -> Any:
    """TAESD's architecture (random weights): the fast approximate decoder. `config` overrides
    the choice between TAESD and its tiny version (e.g. `TINY_FLUX_TAESD`)."""
    from diffusers import AutoencoderTiny

    chosen = config if config is not None else (TINY_TAESD if tiny else TAESD)
    return _seeded(seed, lambda: AutoencoderTiny(**chosen))


def t5_encoder(config: dict[str, Any], seed: int) -> Any:
    from transformers import T5Config, T5EncoderModel

    return _seeded(seed, lambda: T5EncoderModel(T5Config(**config)))


def flux_transformer(config: dict[str, Any], seed: int) -> Any:
    from diffusers import FluxTransformer2DModel

    return _seeded(seed, lambda: FluxTransformer2DModel(**config))


def sd_components(seed: int, kind: str = "tiny") -> dict[str, Any]:
    """Components of a StableDiffusionPipeline: `tiny` or `sd_turbo` (SD 2.1 layout)."""
    from diffusers import EulerAncestralDiscreteScheduler

    shapes = {
        "tiny": (TINY_UNET, TINY_TEXT, TINY_VAE),
        "sd_turbo": (SD21_UNET, VIT_H_TEXT, SD_VAE),
    }
    if kind not in shapes:
        raise ValueError(f"unknown random pipeline '{kind}' (known: {', '.join(shapes)})")
    unet_cfg, text_cfg, vae_cfg = shapes[kind]
    return {
        "unet": unet(unet_cfg, seed),
        "text_encoder": text_encoder(text_cfg, seed + 1),
        "vae": vae(vae_cfg, seed + 2),
        "tokenizer": byte_tokenizer(),
        # sd-turbo's scheduler: Euler ancestral, trailing timesteps.
        "scheduler": EulerAncestralDiscreteScheduler(
            beta_start=0.00085,
            beta_end=0.012,
            beta_schedule="scaled_linear",
            timestep_spacing="trailing",
            steps_offset=1,
        ),
        "safety_checker": None,
        "feature_extractor": None,
        "image_encoder": None,
    }


def sd_pipeline(seed: int, kind: str = "tiny") -> Any:
    from diffusers import StableDiffusionPipeline

    return StableDiffusionPipeline(**sd_components(seed, kind), requires_safety_checker=False)


def sdxl_pipeline(seed: int) -> Any:
    """Architecture-true SDXL(-Turbo): base UNet, ViT-L and bigG text encoders, KL VAE."""
    from diffusers import EulerAncestralDiscreteScheduler, StableDiffusionXLPipeline

    return StableDiffusionXLPipeline(
        unet=unet(SDXL_UNET, seed),
        text_encoder=text_encoder(VIT_L_TEXT, seed + 1),
        text_encoder_2=text_encoder(VIT_BIGG_TEXT, seed + 3, projection=True),
        vae=vae(SD_VAE | {"sample_size": 1024, "force_upcast": True}, seed + 2),
        tokenizer=byte_tokenizer(),
        tokenizer_2=byte_tokenizer(),
        scheduler=EulerAncestralDiscreteScheduler(
            beta_start=0.00085,
            beta_end=0.012,
            beta_schedule="scaled_linear",
            timestep_spacing="trailing",
            steps_offset=1,
        ),
    )


def flux_components(seed: int) -> dict[str, Any]:
    """Components of a FluxPipeline at diffusers' test sizes: a few hundred thousand parameters,
    the real pipeline's code path (CLIP pooled + T5 sequence conditioning, packed latents,
    flow-matching Euler)."""
    from diffusers import FlowMatchEulerDiscreteScheduler

    return {
        "transformer": flux_transformer(TINY_FLUX_TRANSFORMER, seed),
        "text_encoder": text_encoder(TINY_FLUX_CLIP, seed + 1),
        "text_encoder_2": t5_encoder(TINY_T5, seed + 3),
        "vae": vae(TINY_FLUX_VAE, seed + 2),
        "tokenizer": byte_tokenizer(),
        "tokenizer_2": t5_tokenizer(),
        # FLUX.1-schnell's scheduler config: no resolution-dependent shift.
        "scheduler": FlowMatchEulerDiscreteScheduler(shift=1.0, use_dynamic_shifting=False),
        "image_encoder": None,
        "feature_extractor": None,
    }


def flux_pipeline(seed: int) -> Any:
    from diffusers import FluxPipeline

    return FluxPipeline(**flux_components(seed))


def parameter_count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())
