"""Stable Diffusion components built in code with random weights, deterministic from a seed.

Two uses, neither of which needs a download:

* `tiny`: a few-thousand-parameter pipeline (diffusers' dummy-component sizes) for tests and
  smoke runs. Its images are noise.
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

TAESD: dict[str, Any] = {}  # AutoencoderTiny's defaults are TAESD's architecture
TINY_TAESD: dict[str, Any] = {
    "encoder_block_out_channels": (8, 8),  # two blocks: a factor 2, like the tiny KL VAE
    "decoder_block_out_channels": (8, 8),
    "num_encoder_blocks": (1, 1),
    "num_decoder_blocks": (1, 1),
}

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


def tiny_autoencoder(seed: int, tiny: bool = False) -> Any:
    """TAESD's architecture (random weights): the fast approximate decoder."""
    from diffusers import AutoencoderTiny

    return _seeded(seed, lambda: AutoencoderTiny(**(TINY_TAESD if tiny else TAESD)))


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


def parameter_count(module: torch.nn.Module) -> int:
    return sum(p.numel() for p in module.parameters())
