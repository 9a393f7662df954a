"""`voice2image speakers enroll|list|remove|identify`: manage the speaker registry.

    voice2image speakers enroll alice a1.wav a2.wav --preset watercolor --tags "soft light"
    voice2image speakers list
    voice2image speakers identify clip.wav
    voice2image speakers remove alice

The registry (`--registry`, default `paths.registry` of the config) and the embedder
(`--speaker`, default the config's `speaker` choice) come from conf/.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from voice2image.config import CONF_DIR


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--registry", help="registry file (default: paths.registry in conf/)")
    parser.add_argument(
        "--speaker", help="embedder config choice: dvector, resemblyzer, xvector_hub, ..."
    )
    commands = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    enroll = commands.add_parser("enroll", help="enrol a speaker from clips of their voice")
    enroll.add_argument("name")
    enroll.add_argument("clips", nargs="+", metavar="clip.wav")
    enroll.add_argument("--preset", help="style preset from the library (paths.presets)")
    enroll.add_argument("--tags", help="extra prompt tags, comma-separated")
    enroll.add_argument("--negative", help="extra negative-prompt terms, comma-separated")
    enroll.add_argument("--steps", type=int, help="diffusion steps for this speaker")
    enroll.add_argument("--guidance", type=float, help="guidance scale for this speaker")
    enroll.add_argument("--strength", type=float, help="image-to-image strength")
    enroll.add_argument(
        "--replace", action="store_true", help="drop this embedder's earlier clips of NAME"
    )
    commands.add_parser("list", help="list enrolled speakers and their presets")
    remove = commands.add_parser("remove", help="remove an enrolled speaker")
    remove.add_argument("name")
    identify = commands.add_parser("identify", help="who is speaking in each clip")
    identify.add_argument("clips", nargs="+", metavar="clip.wav")


def _config(choice: str | None) -> Any:
    from hydra import compose, initialize_config_dir
    from hydra.core.global_hydra import GlobalHydra

    choices = sorted(path.stem for path in (CONF_DIR / "speaker").glob("*.yaml"))
    if choice and choice not in choices:
        raise ValueError(f"unknown --speaker '{choice}' (choices: {', '.join(choices)})")
    GlobalHydra.instance().clear()
    try:
        with initialize_config_dir(config_dir=str(CONF_DIR), version_base="1.3"):
            return compose("config", overrides=[f"speaker={choice}"] if choice else [])
    except Exception as exc:  # hydra's errors for an unknown choice
        raise ValueError(str(exc).splitlines()[0]) from None
    finally:
        GlobalHydra.instance().clear()


def _in_checkout(path: str) -> Path:
    """A path of the config: relative ones are relative to the checkout that holds conf/."""
    from voice2image.paths import project_root

    return Path(path) if Path(path).is_absolute() else project_root(CONF_DIR.parent) / path


def _registry_path(args: argparse.Namespace, cfg: Any) -> Path:
    if args.registry:
        return Path(args.registry).expanduser()
    return _in_checkout(str(cfg.paths.registry))


def _split(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]


def _profile(args: argparse.Namespace, cfg: Any) -> Any:
    from voice2image.enrich.presets import load_presets
    from voice2image.records import SpeakerProfile

    if args.preset:
        known = load_presets(_in_checkout(str(cfg.paths.presets)))
        if args.preset not in known:
            raise ValueError(f"unknown preset '{args.preset}' (known: {', '.join(sorted(known))})")
    options = {"steps": args.steps, "guidance_scale": args.guidance, "strength": args.strength}
    diffusion = {key: float(value) for key, value in options.items() if value is not None}
    if not any([args.preset, args.tags, args.negative, diffusion]):
        return None  # keep the stored profile when adding clips
    return SpeakerProfile(args.preset, _split(args.tags), _split(args.negative), diffusion)


def main(args: argparse.Namespace) -> int:
    from voice2image.speakers.registry import SpeakerRegistry

    cfg = _config(args.speaker)
    registry = SpeakerRegistry(_registry_path(args, cfg))
    if args.action == "list":
        return _list(registry)
    if args.action == "remove":
        registry.remove(args.name)
        print(f"removed {args.name} from {registry.path}")
        return 0
    from voice2image.speakers.core import SpeakerSettings, load_embedder

    settings = SpeakerSettings.from_config(cfg.speaker)
    if args.action == "enroll":
        from voice2image.speakers.core import enroll_clips

        profile = _profile(args, cfg)
        embedder = load_embedder(cfg.speaker)
        done = enroll_clips(
            registry, args.name, args.clips, embedder, settings, profile, args.replace
        )
        for warning in done.warnings:
            print(f"warning: {warning}")
        speaker = done.speaker
        print(
            f"enrolled {speaker.name} with {embedder.name}: {speaker.clips} clips, "
            f"{speaker.speech_s:.1f} s of speech, preset {speaker.profile.preset or '-'}"
        )
        return 0
    return _identify(args.clips, registry, cfg, settings)


def _list(registry: Any) -> int:
    speakers = registry.speakers()
    if not speakers:
        print(f"no speakers enrolled in {registry.path}")
        return 0
    for s in speakers:
        p = s.profile
        extras = "; ".join(
            part
            for part in (
                f"tags: {', '.join(p.tags)}" if p.tags else "",
                f"negative: {', '.join(p.negative)}" if p.negative else "",
                ", ".join(f"{k}={v:g}" for k, v in p.diffusion.items()),
            )
            if part
        )
        print(
            f"{s.name}\t{s.clips} clips\t{s.speech_s:.1f} s\t{','.join(s.embedders)}\t"
            f"preset {p.preset or '-'}" + (f"\t{extras}" if extras else "")
        )
    return 0


def _identify(clips: list[str], registry: Any, cfg: Any, settings: Any) -> int:
    from voice2image.audio import load_audio
    from voice2image.speakers.core import identify_audio, load_embedder

    if not registry.speakers():
        raise ValueError(f"{registry.path}: no speakers enrolled yet (voice2image speakers enroll)")
    embedder = load_embedder(cfg.speaker)
    names, _ = registry.centroids(embedder.name)
    if not names:
        raise ValueError(
            f"{registry.path}: nobody is enrolled with the '{embedder.name}' embedder; enrol "
            f"again with --speaker {embedder.name}, or choose the embedder they were enrolled with"
        )
    for clip in clips:
        found = identify_audio(load_audio(clip).samples, embedder, registry, settings)
        if found.name:
            print(f"{clip}\t{found.name}\t{found.score:.3f}")
        else:
            print(f"{clip}\tunknown\t{found.score:.3f} (closest: {found.best})")
    return 0
