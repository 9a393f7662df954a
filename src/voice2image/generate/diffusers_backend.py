"""diffusers text-to-image / image-to-image, one class for every Stable Diffusion and Flux model.

`model` is a local diffusers directory or a hub id (`stabilityai/sd-turbo`). Without a hub,
loading a hub id fails with `ModelNotAvailable`, naming the model and how to provide it.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Sequence
from typing import Any

import torch

from voice2image.generate import hub, optimize
from voice2image.generate.base import GenerationRequest, GenerationResult, StageTimes
from voice2image.hardware import HardwareProfile
from voice2image.models import ModelNotAvailable

SCHEDULERS = {
    "euler_a": "EulerAncestralDiscreteScheduler",
    "euler": "EulerDiscreteScheduler",
    "dpmpp_2m": "DPMSolverMultistepScheduler",
    "lcm": "LCMScheduler",
    "ddim": "DDIMScheduler",
}
REFERENCE_MODES = ("img2img", "ip_adapter")


class _Clock:
    """Wall time spent inside text encoders and the decoder during one pipeline call."""

    def __init__(self, device: str) -> None:
        self.device = device
        self.parts = {"text": 0.0, "decode": 0.0}
        self._starts: dict[int, float] = {}

    def now(self) -> float:
        if self.device == "cuda":
            torch.cuda.synchronize()
        return time.perf_counter()

    def reset(self) -> None:
        self.parts = {"text": 0.0, "decode": 0.0}

    def hook_module(self, module: torch.nn.Module, part: str) -> None:
        def before(mod: Any, args: Any) -> None:
            self._starts[id(mod)] = self.now()

        def after(mod: Any, args: Any, output: Any) -> None:
            self.parts[part] += self.now() - self._starts.pop(id(mod), self.now())

        module.register_forward_pre_hook(before)
        module.register_forward_hook(after)

    def wrap(self, function: Callable[..., Any], part: str) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = self.now()
            try:
                return function(*args, **kwargs)
            finally:
                self.parts[part] += self.now() - start

        return timed


class DiffusersGenerator:
    """A diffusers pipeline, loaded once, generating batches with per-item seeds.

    `steps`/`guidance_scale`/`width`/`height` are the text-to-image settings. Requests with a
    reference image go through image-to-image (`strength`, `img2img_steps`) or, with
    `reference_mode: ip_adapter`, through the IP-Adapter named in `ip_adapter`.
    `tiny_vae_model` is the TAESD that `hardware.tiny_vae` swaps in for the KL VAE decoder.
    `clip_model` is not used here: it names the CLIP that `evaluate` scores these images with.
    """

    def __init__(
        self,
        name: str,
        model: str,
        steps: int,
        guidance_scale: float,
        width: int = 512,
        height: int = 512,
        batch_size: int = 1,
        scheduler: str | None = None,
        lora: str | None = None,
        fp16_variant: bool = False,
        load_kwargs: dict[str, Any] | None = None,
        tiny_vae_model: str | None = None,
        strength: float = 0.5,
        img2img_steps: int | None = None,
        reference_mode: str = "img2img",
        ip_adapter: dict[str, Any] | None = None,
        clip_model: str | None = None,
        family: str = "sd15",
        max_sequence_length: int | None = None,
        hardware: HardwareProfile | None = None,
    ) -> None:
        # `family` (sd15, sd2, sd_turbo, sdxl, sdxl_turbo, flux) is read by the enrich stage,
        # which renders prompts for this model's text encoder(s); the generator only records it.
        self.family = family
        if max_sequence_length is not None and max_sequence_length < 1:
            raise ValueError(
                f"diffusion.max_sequence_length must be >= 1, got {max_sequence_length}"
            )
        # The T5 window of pipelines with a T5 encoder (Flux reads `prompt_2` there).
        self.max_sequence_length = max_sequence_length
        if steps < 1:
            raise ValueError(f"diffusion.steps must be >= 1, got {steps}")
        if batch_size < 1:
            raise ValueError(f"diffusion.batch_size must be >= 1, got {batch_size}")
        if width % 8 or height % 8 or width < 8 or height < 8:
            raise ValueError(f"diffusion.width/height must be multiples of 8, got {width}x{height}")
        if scheduler is not None and scheduler not in SCHEDULERS:
            known = ", ".join(SCHEDULERS)
            raise ValueError(f"diffusion.scheduler must be one of {known}, got '{scheduler}'")
        if not 0.0 < strength <= 1.0:
            raise ValueError(f"diffusion.strength must be in (0, 1], got {strength}")
        self.img2img_steps = img2img_steps or steps
        if int(self.img2img_steps * strength) < 1:
            raise ValueError(
                f"diffusion.img2img_steps * strength must be >= 1 (image-to-image runs "
                f"steps*strength denoising steps), got {self.img2img_steps} * {strength}"
            )
        if reference_mode not in REFERENCE_MODES:
            raise ValueError(
                f"diffusion.reference_mode must be one of {REFERENCE_MODES}, got '{reference_mode}'"
            )
        if reference_mode == "ip_adapter" and not ip_adapter:
            raise ValueError(
                "diffusion.reference_mode is ip_adapter but diffusion.ip_adapter is null"
            )
        self.name = name
        self.model = model
        self.steps = steps
        self.guidance_scale = guidance_scale
        self.width = width
        self.height = height
        self.batch_size = batch_size
        self.scheduler = scheduler
        self.lora = lora
        self.fp16_variant = fp16_variant
        self.load_kwargs = dict(load_kwargs or {})
        self.tiny_vae_model = tiny_vae_model
        self.strength = strength
        self.reference_mode = reference_mode
        self.ip_adapter = dict(ip_adapter) if ip_adapter else None
        self.clip_model = clip_model
        self.hardware = hardware or HardwareProfile()
        self.applied: list[str] = []
        self._pipes: dict[str, Any] = {}
        self._clock = _Clock(self.hardware.device)

    # --- loading ---------------------------------------------------------------------------

    def _load_pipeline(self, dtype: torch.dtype) -> Any:
        from diffusers import AutoPipelineForText2Image

        variant = "fp16" if self.fp16_variant and dtype == torch.float16 else None

        def loader(source: str, local_files_only: bool) -> Any:
            return AutoPipelineForText2Image.from_pretrained(
                source,
                torch_dtype=dtype,
                variant=variant,
                local_files_only=local_files_only,
                **self.load_kwargs,
            )

        return hub.load("diffusers", self.model, "diffusion.model", loader)

    def _load_tiny_vae(self) -> Any:
        from diffusers import AutoencoderTiny

        if not self.tiny_vae_model:
            raise ValueError(f"hardware.tiny_vae is set but diffusion '{self.name}' names no TAESD")
        return hub.load(
            "TAESD",
            self.tiny_vae_model,
            "diffusion.tiny_vae_model",
            AutoencoderTiny.from_pretrained,
        )

    def _set_scheduler(self, pipe: Any) -> None:
        import diffusers

        cls = getattr(diffusers, SCHEDULERS[self.scheduler or ""])
        pipe.scheduler = cls.from_config(pipe.scheduler.config)

    def _load_adapters(self, pipe: Any) -> None:
        if self.lora:
            hub.load("LoRA", self.lora, "diffusion.lora", pipe.load_lora_weights)
            pipe.fuse_lora()
        if self.ip_adapter:
            options = dict(self.ip_adapter)
            model = str(options.pop("model"))
            scale = float(options.pop("scale", 0.6))

            def loader(source: str, local_files_only: bool) -> None:
                pipe.load_ip_adapter(source, local_files_only=local_files_only, **options)

            hub.load("IP-Adapter", model, "diffusion.ip_adapter.model", loader)
            pipe.set_ip_adapter_scale(scale)

    def load(self) -> None:
        dtype = optimize.resolve_dtype(self.hardware)
        pipe = self._load_pipeline(dtype)
        if self.scheduler:
            self._set_scheduler(pipe)
        self._load_adapters(pipe)
        self.applied = optimize.apply(pipe, self.hardware, self._load_tiny_vae, self._onnx_shape())
        pipe.set_progress_bar_config(disable=True)
        self._pipes = {"text2img": pipe}
        if self.reference_mode == "img2img":
            from diffusers import AutoPipelineForImage2Image

            self._pipes["img2img"] = AutoPipelineForImage2Image.from_pipe(pipe)
            self._pipes["img2img"].set_progress_bar_config(disable=True)
        self._install_clock(pipe)

    def torch_pipeline(self) -> Any:
        """The pipeline as loaded: float32 on the CPU, LoRA fused, no hardware option applied
        (what `voice2image export-onnx` exports)."""
        pipe = self._load_pipeline(torch.float32)
        self._load_adapters(pipe)
        return pipe

    def tiny_vae(self) -> Any:
        """The TAESD this backend names (`tiny_vae_model`), float32."""
        return self._load_tiny_vae()

    def onnx_identity(self) -> dict[str, Any]:
        """What an ONNX export of this backend depends on: its weights and its shapes."""
        return {
            "model": self.model,
            "lora": self.lora,
            "tiny_vae_model": self.tiny_vae_model,
            "size": [self.width, self.height],
            "max_sequence_length": self.max_sequence_length,
        }

    def _onnx_shape(self) -> dict[str, Any]:
        return {
            "identity": self.onnx_identity(),
            "width": self.width,
            "height": self.height,
            "max_sequence_length": self.max_sequence_length,
        }

    def _install_clock(self, pipe: Any) -> None:
        for attr in ("text_encoder", "text_encoder_2"):
            module = getattr(pipe, attr, None)
            if module is not None:
                self._clock.hook_module(module, "text")
        pipe.vae.decode = self._clock.wrap(pipe.vae.decode, "decode")
        for each in self._pipes.values():
            processor = each.image_processor
            processor.postprocess = self._clock.wrap(processor.postprocess, "decode")

    # --- generating -------------------------------------------------------------------------

    def describe(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            "model": self.model,
            "steps": self.steps,
            "guidance_scale": self.guidance_scale,
            "size": f"{self.width}x{self.height}",
            "hardware": self.hardware.name,
            "applied": ",".join(self.applied),
        }

    def _mode(self, request: GenerationRequest) -> str:
        return "text2img" if request.reference_image is None else self.reference_mode

    def _call_args(self, mode: str, batch: Sequence[GenerationRequest]) -> dict[str, Any]:
        pipe = self._pipes["img2img" if mode == "img2img" else "text2img"]
        accepted = inspect.signature(pipe.__call__).parameters
        options = batch[0].options  # a batch shares its options (see generate)
        args: dict[str, Any] = {
            "prompt": [r.prompt for r in batch],
            "negative_prompt": [r.negative_prompt for r in batch],
            "guidance_scale": float(options.get("guidance_scale", self.guidance_scale)),
            "generator": [torch.Generator("cpu").manual_seed(r.seed) for r in batch],
            "num_inference_steps": int(options.get("steps", self.steps)),
        }
        if "prompt_2" in accepted:
            args["prompt_2"] = [r.prompt_2 or r.prompt for r in batch]
            args["negative_prompt_2"] = [r.negative_prompt_2 or r.negative_prompt for r in batch]
        if self.max_sequence_length and "max_sequence_length" in accepted:
            args["max_sequence_length"] = self.max_sequence_length
        size = (self.width, self.height)
        if mode == "img2img":
            args["image"] = [r.reference_image.convert("RGB").resize(size) for r in batch]
            args["strength"] = float(options.get("strength", self.strength))
            args["num_inference_steps"] = int(options.get("steps", self.img2img_steps))
        if mode != "img2img" or "height" in accepted:  # Flux's img2img takes the size too
            args["width"], args["height"] = size
        if mode == "ip_adapter":
            args["ip_adapter_image"] = [r.reference_image.convert("RGB") for r in batch]
        return args

    def generate(self, requests: Sequence[GenerationRequest]) -> list[GenerationResult]:
        if not self._pipes:
            raise RuntimeError("call load() before generate()")
        results: dict[str, GenerationResult] = {}

        def key(request: GenerationRequest) -> tuple[str, str]:
            return self._mode(request), repr(sorted(request.options.items()))

        for mode, options in dict.fromkeys(key(r) for r in requests):
            group = [r for r in requests if key(r) == (mode, options)]
            for start in range(0, len(group), self.batch_size):
                batch = group[start : start + self.batch_size]
                results.update({r.id: r for r in self._generate_batch(mode, batch)})
        return [results[r.id] for r in requests]

    def _generate_batch(
        self, mode: str, batch: Sequence[GenerationRequest]
    ) -> list[GenerationResult]:
        pipe = self._pipes["img2img" if mode == "img2img" else "text2img"]
        args = self._call_args(mode, batch)
        self._clock.reset()
        start = self._clock.now()
        images = pipe(**args).images
        total = self._clock.now() - start
        text, decode = self._clock.parts["text"], self._clock.parts["decode"]
        times = StageTimes(text, max(total - text - decode, 0.0), decode).share(len(batch))
        return [
            GenerationResult(r.id, image, r.seed, times, len(batch), mode)
            for r, image in zip(batch, images, strict=True)
        ]


def _random_pipelines() -> dict[str, Callable[[int], Any]]:
    """Each `architecture` of RandomGenerator: the pipeline it builds from a seed."""
    from voice2image.generate import architectures

    return {
        "tiny": lambda seed: architectures.sd_pipeline(seed, "tiny"),
        "sd_turbo": lambda seed: architectures.sd_pipeline(seed, "sd_turbo"),
        "sdxl_turbo": architectures.sdxl_pipeline,
        "flux_tiny": architectures.flux_pipeline,
    }


def _random_tiny_vaes() -> dict[str, Callable[[int], Any]]:
    """Each architecture's TAESD-shaped decoder (random weights), for `hardware.tiny_vae`."""
    from voice2image.generate import architectures

    return {
        "tiny": lambda seed: architectures.tiny_autoencoder(seed, tiny=True),
        "sd_turbo": architectures.tiny_autoencoder,
        "sdxl_turbo": architectures.tiny_autoencoder,
        "flux_tiny": lambda seed: architectures.tiny_autoencoder(
            seed, config=architectures.TINY_FLUX_TAESD
        ),
    }


RANDOM_ARCHITECTURES = ("tiny", "sd_turbo", "sdxl_turbo", "flux_tiny")


class RandomGenerator(DiffusersGenerator):
    """A pipeline built in code with random weights, deterministic from `weights_seed`.

    `architecture: tiny` (Stable Diffusion) and `flux_tiny` (Flux) are small models for tests
    and smoke runs; `sd_turbo`/`sdxl_turbo` have the real models' shapes, for timing without
    weights. Their images are noise.
    """

    def __init__(
        self,
        name: str,
        architecture: str = "tiny",
        weights_seed: int = 0,
        steps: int = 2,
        guidance_scale: float = 0.0,
        width: int = 64,
        height: int = 64,
        **kwargs: Any,
    ) -> None:
        if architecture not in RANDOM_ARCHITECTURES:
            raise ValueError(
                f"diffusion.architecture must be one of {', '.join(RANDOM_ARCHITECTURES)}, "
                f"got '{architecture}'"
            )
        kwargs.setdefault("tiny_vae_model", f"random:{architecture}")
        model = f"random:{architecture}(seed={weights_seed})"
        super().__init__(name, model, steps, guidance_scale, width, height, **kwargs)
        self.architecture = architecture
        self.weights_seed = weights_seed

    def _load_pipeline(self, dtype: torch.dtype) -> Any:
        return _random_pipelines()[self.architecture](self.weights_seed)

    def _load_tiny_vae(self) -> Any:
        return _random_tiny_vaes()[self.architecture](self.weights_seed + 5)

    def _load_adapters(self, pipe: Any) -> None:
        if self.lora or self.ip_adapter:
            raise ModelNotAvailable(
                f"diffusion '{self.name}' is a random pipeline: LoRA and IP-Adapter weights "
                f"need a real model (set diffusion.lora/ip_adapter to null)"
            )
