"""Speaker embedders on real speech, the registry (round trip, corrupt files, interrupted
writes), enrolment checks, the `voice2image speakers` CLI, and speaker presets in prompts."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from voice2image.audio import AudioError, write_wav
from voice2image.config import CONF_DIR
from voice2image.corpora import cards, goforward, librivox
from voice2image.models import ModelNotAvailable
from voice2image.pipeline import enrich, enroll
from voice2image.speakers import (
    DVectorEmbedder,
    EnrolOptions,
    RegistryError,
    ResemblyzerEmbedder,
    SpeakerEmbedder,
    SpeakerProfile,
    SpeakerRegistry,
    SpeakerSettings,
    VadOptions,
    XVectorEmbedder,
    enroll_clips,
    load_embedder,
)
from voice2image.speakers.vad import check_total, enrolment_speech

SPEAKER_CHOICES = sorted(p.stem for p in (CONF_DIR / "speaker").glob("*.yaml"))
RATE = 16000


def enrich_stage(cfg, structured, out, identified):
    return enrich.run(
        cfg.enrich, cfg.paths.presets, cfg.diffusion.family, cfg.seed, cfg.chunk_size,
        structured, identified, out,
    )  # fmt: skip


@pytest.fixture(scope="module")
def voices() -> dict[str, np.ndarray]:
    """Real speech: two LibriVox clips of one reader, two card clips of another person,
    and goforward (a third)."""
    reader = list(librivox())
    card = list(cards())
    return {
        "reader_a": reader[0].samples,
        "reader_b": reader[2].samples,
        "cards_a": np.concatenate([c.samples for c in card[:3]]),
        "cards_b": card[4].samples,
        "goforward": next(goforward()).samples,
    }


def unit(seed: int, dim: int = 8) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=dim).astype(np.float32)
    return vector / np.linalg.norm(vector)


def music(seconds: float = 6.0) -> np.ndarray:
    """Plucked harmonic notes: loud, tonal, and not speech."""
    t = np.arange(int(0.5 * RATE)) / RATE
    notes = [220, 262, 330, 392, 440, 349, 294, 247]
    pieces = [
        sum(np.sin(2 * np.pi * f * k * t) / k for k in range(1, 6)) * np.exp(-3 * t)
        for f in notes * int(seconds)
    ]
    audio = np.concatenate(pieces)[: int(seconds * RATE)]
    return (0.8 * audio / np.abs(audio).max()).astype(np.float32)


# -- embedders ---------------------------------------------------------------------------


@pytest.mark.parametrize("embedder_class", [DVectorEmbedder, ResemblyzerEmbedder])
def test_real_embedders_tell_real_speakers_apart(embedder_class, voices):
    embedder = embedder_class()
    embedder.load()
    assert isinstance(embedder, SpeakerEmbedder) and embedder.dim == 256
    vectors = {name: embedder.embed(audio, RATE) for name, audio in voices.items()}
    for vector in vectors.values():
        assert vector.shape == (256,) and np.isclose(np.linalg.norm(vector), 1.0, atol=1e-4)
    same = float(vectors["reader_a"] @ vectors["reader_b"])
    others = [float(vectors["reader_a"] @ vectors[n]) for n in ("cards_a", "goforward")]
    assert same > max(others) + 0.1, (same, others)
    # 8 kHz input is resampled, not rejected
    eight = load_audio_8k(voices["reader_a"])
    assert float(embedder.embed(eight, 8000) @ vectors["reader_a"]) > 0.8


def load_audio_8k(samples: np.ndarray) -> np.ndarray:
    from voice2image.audio import resample

    return resample(samples, RATE, 8000)


def test_xvector_backend_with_a_tiny_random_wavlm(tmp_path):
    import torch
    from transformers import Wav2Vec2FeatureExtractor, WavLMConfig, WavLMForXVector

    torch.manual_seed(0)
    config = WavLMConfig(
        hidden_size=32, num_hidden_layers=1, num_attention_heads=2, intermediate_size=37,
        conv_dim=(16, 16), conv_stride=(5, 4), conv_kernel=(10, 8), num_conv_pos_embeddings=16,
        num_conv_pos_embedding_groups=2, tdnn_dim=(16, 16), tdnn_kernel=(3, 1),
        tdnn_dilation=(1, 1), xvector_output_dim=12,
    )  # fmt: skip
    WavLMForXVector(config).save_pretrained(tmp_path)
    Wav2Vec2FeatureExtractor(sampling_rate=RATE).save_pretrained(tmp_path)
    embedder = XVectorEmbedder(str(tmp_path))
    embedder.load()
    vector = embedder.embed(np.random.default_rng(0).normal(size=RATE).astype(np.float32))
    assert embedder.dim == 12 and vector.shape == (12,)
    assert np.isclose(np.linalg.norm(vector), 1.0, atol=1e-4)


def test_missing_models_give_one_line_errors(tmp_path):
    with pytest.raises(ModelNotAvailable, match="cannot load speaker model") as caught:
        XVectorEmbedder(str(tmp_path / "no-such-model")).load()
    assert "\n" not in str(caught.value)
    with pytest.raises(ModelNotAvailable, match="not found"):
        DVectorEmbedder(model=str(tmp_path / "missing.onnx")).load()
    with pytest.raises(ModelNotAvailable, match="not found"):
        ResemblyzerEmbedder(model=str(tmp_path / "missing.pt")).load()


@pytest.mark.parametrize("choice", SPEAKER_CHOICES)
def test_every_speaker_choice_composes_and_builds(compose_cfg, choice):
    from voice2image.config import build

    cfg = compose_cfg(f"speaker={choice}")
    assert cfg.speaker.name == cfg.speaker.embedder.name == choice
    embedder = build(cfg.speaker.embedder, SpeakerEmbedder, "speaker embedder")
    assert isinstance(embedder, SpeakerEmbedder)
    settings = SpeakerSettings.from_config(cfg.speaker)
    assert settings.enrol.min_s == 5.0 and 0 < settings.threshold < 1


def test_default_speaker_choice_is_dvector(compose_cfg):
    assert compose_cfg().speaker.name == "dvector"
    assert isinstance(load_embedder(compose_cfg().speaker), DVectorEmbedder)


# -- registry ----------------------------------------------------------------------------


def test_registry_round_trip(tmp_path):
    registry = SpeakerRegistry(tmp_path / "reg.sqlite")
    assert registry.speakers() == []
    profile = SpeakerProfile("anime", ["pastel"], ["dark"], {"steps": 3.0})
    registry.enroll("alice", "e", [(unit(1), "a1.wav", 6.0), (unit(1), "a2.wav", 2.0)], profile)
    registry.enroll("bob", "e", [(unit(2), "b.wav", 5.5)])
    again = SpeakerRegistry(tmp_path / "reg.sqlite")
    alice = again.get("alice")
    assert (alice.clips, alice.speech_s, alice.embedders) == (2, 8.0, ["e"])
    assert alice.profile == profile and again.get("bob").profile == SpeakerProfile()
    found = again.identify(unit(1), "e", threshold=0.9)
    assert (found.name, found.label) == ("alice", "alice") and found.score == pytest.approx(1.0)
    stranger = again.identify(unit(3), "e", threshold=0.9)
    assert stranger.name is None and stranger.label == "unknown" and stranger.best
    assert again.identify(unit(1), "other-embedder", 0.5).name is None
    # adding clips keeps the profile; a new profile replaces it
    again.enroll("alice", "e", [(unit(1), "a3.wav", 1.0)])
    assert again.get("alice").profile.preset == "anime" and again.get("alice").clips == 3
    again.remove("bob")
    assert [s.name for s in again.speakers()] == ["alice"]
    with pytest.raises(ValueError, match="no speaker named 'bob'.*enrolled: alice"):
        again.remove("bob")


def test_profiles_are_validated():
    with pytest.raises(ValueError, match="unknown diffusion option"):
        SpeakerProfile(diffusion={"cfg": 3.0})
    with pytest.raises(ValueError, match="unknown speaker profile key"):
        SpeakerProfile.from_dict({"preset": "anime", "colour": "red"})


@pytest.mark.parametrize(
    "content", [b"this is not a database at all" * 100, b"SQLite format 3\x00" + b"\xff" * 4000]
)
def test_corrupt_registry_is_named_and_left_untouched(tmp_path, content):
    path = tmp_path / "reg.sqlite"
    path.write_bytes(content)
    with pytest.raises(RegistryError, match=f"{path}.*left untouched"):
        SpeakerRegistry(path).enroll("alice", "e", [(unit(1), "a.wav", 6.0)])
    assert path.read_bytes() == content


def test_foreign_sqlite_file_and_newer_schema_are_refused(tmp_path):
    import sqlite3

    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (x)")
    with pytest.raises(RegistryError, match="not a speaker registry"):
        SpeakerRegistry(other)
    path = tmp_path / "reg.sqlite"
    SpeakerRegistry(path).enroll("alice", "e", [(unit(1), "a.wav", 6.0)])
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    with pytest.raises(RegistryError, match="schema version 99"):
        SpeakerRegistry(path)


def test_a_failed_write_loses_no_speaker(tmp_path):
    path = tmp_path / "reg.sqlite"
    registry = SpeakerRegistry(path)
    registry.enroll("alice", "e", [(unit(1), "a.wav", 6.0)])
    # fails inside the transaction, after the new speaker's row was written
    with pytest.raises(RegistryError, match="8-d embeddings"):
        registry.enroll("bob", "e", [(unit(2, dim=16), "b.wav", 6.0)])
    with pytest.raises(ValueError, match="not a finite unit vector"):
        registry.enroll("carol", "e", [(np.full(8, np.nan), "c.wav", 6.0)])
    assert [s.name for s in SpeakerRegistry(path).speakers()] == ["alice"]


def test_a_killed_writer_loses_no_speaker(tmp_path):
    """A process that dies in the middle of a write (no commit) leaves the registry as it was."""
    path = tmp_path / "reg.sqlite"
    SpeakerRegistry(path).enroll("alice", "e", [(unit(1), "a.wav", 6.0)])
    child = f"""
import os
from voice2image.speakers import SpeakerRegistry
reg = SpeakerRegistry({str(path)!r})
with reg._transaction() as conn:
    conn.execute("DELETE FROM speakers")
    conn.execute("INSERT INTO speakers VALUES ('mallory', '{{}}', 'x', 'x')")
    os._exit(9)
"""
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True)
    assert done.returncode == 9, done.stderr
    assert [s.name for s in SpeakerRegistry(path).speakers()] == ["alice"]


# -- enrolment checks --------------------------------------------------------------------


def test_enrolment_rejects_silence_noise_and_music():
    vad, enrol = VadOptions(), EnrolOptions()
    silence = np.zeros(6 * RATE, dtype=np.float32)
    noise = (0.1 * np.random.default_rng(0).normal(size=6 * RATE)).astype(np.float32)
    for name, audio in [("silence", silence), ("noise", noise), ("music", music())]:
        with pytest.raises(AudioError, match=f"{name}: .*(no speech|music)"):
            enrolment_speech(audio, name, vad, enrol)


def test_enrolment_length_warns_below_5_s_and_fails_below_the_minimum():
    enrol = EnrolOptions(min_s=5.0, hard_min_s=1.0)
    assert check_total(6.0, "alice", enrol) is None
    assert "only 3.0 s" in str(check_total(3.0, "alice", enrol))
    with pytest.raises(AudioError, match="too short to enrol"):
        check_total(0.5, "alice", enrol)


def test_enroll_clips_checks_every_clip_before_writing(tmp_path, voices):
    clip, silent = tmp_path / "reader.wav", tmp_path / "silent.wav"
    write_wav(clip, voices["reader_a"])
    write_wav(silent, np.zeros(3 * RATE, dtype=np.float32) + 1e-3)
    registry = SpeakerRegistry(tmp_path / "reg.sqlite")
    embedder, settings = DVectorEmbedder(), SpeakerSettings()
    with pytest.raises(AudioError, match="silent.wav"):
        enroll_clips(registry, "reader", [clip, silent], embedder, settings)
    assert registry.speakers() == []
    short = tmp_path / "short.wav"
    write_wav(short, voices["goforward"])
    done = enroll_clips(registry, "go", [short], embedder, settings)
    assert any("5 s or more" in w for w in done.warnings)
    assert registry.get("go").clips == 1


# -- CLI ---------------------------------------------------------------------------------


def speakers_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    command = [sys.executable, "-c", "from voice2image.cli import main; main()", "speakers"]
    return subprocess.run([*command, *args], capture_output=True, text=True, env=env)


def test_cli_enroll_identify_list_remove(tmp_path, voices):
    registry = str(tmp_path / "reg.sqlite")
    for name in ("reader_a", "reader_b", "cards_a", "goforward"):
        write_wav(tmp_path / f"{name}.wav", voices[name])
    enrol = speakers_cli(
        "--registry", registry, "enroll", "reader", str(tmp_path / "reader_a.wav"),
        "--preset", "watercolor", "--tags", "soft light, paper", "--steps", "3",
    )  # fmt: skip
    assert enrol.returncode == 0, enrol.stderr
    assert "enrolled reader with dvector" in enrol.stdout
    cards_out = speakers_cli(
        "--registry", registry, "enroll", "cards", str(tmp_path / "cards_a.wav")
    )
    assert cards_out.returncode == 0 and "warning:" in cards_out.stdout  # < 5 s of speech
    listed = speakers_cli("--registry", registry, "list")
    assert "reader\t1 clips" in listed.stdout and "preset watercolor" in listed.stdout
    assert "tags: soft light, paper" in listed.stdout and "steps=3" in listed.stdout
    who = speakers_cli(
        "--registry", registry, "identify", str(tmp_path / "reader_b.wav"),
        str(tmp_path / "goforward.wav"),
    )  # fmt: skip
    lines = who.stdout.splitlines()
    assert who.returncode == 0 and lines[0].split("\t")[1] == "reader"
    assert lines[1].split("\t")[1] == "unknown"
    removed = speakers_cli("--registry", registry, "remove", "cards")
    assert removed.returncode == 0


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (None, ["remove", "nobody"], "no speaker named 'nobody'"),
        ("corrupt", ["list"], "left untouched"),
        ("silence", ["enroll", "x", "{silence}"], "audio is silent"),
        (None, ["enroll", "x", "{missing}"], "audio file not found"),
        (None, ["enroll", "x", "{silence}", "--preset", "nope"], "unknown preset 'nope'"),
    ],
)
def test_cli_bad_input_is_one_line_and_status_2(tmp_path, setup, args, message):
    registry = tmp_path / "reg.sqlite"
    SpeakerRegistry(registry).enroll("alice", "dvector", [(unit(1, 256), "a.wav", 6.0)])
    before = registry.read_bytes()
    if setup == "corrupt":
        registry.write_bytes(b"garbage" * 50)
        before = registry.read_bytes()
    silence = tmp_path / "silence.wav"
    write_wav(silence, np.zeros(6 * RATE, dtype=np.float32))
    paths = {"silence": str(silence), "missing": str(tmp_path / "missing.wav")}
    done = speakers_cli("--registry", str(registry), *[a.format(**paths) for a in args])
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("voice2image speakers: error:"), done.stderr
    assert message in lines[0]
    assert registry.read_bytes() == before  # nothing enrolled was lost


# -- presets in prompts ------------------------------------------------------------------


def test_identified_speakers_preset_tags_and_options_reach_the_prompt(compose_cfg, tmp_path):
    from voice2image.records import PromptRecord
    from voice2image.schema import StructuredDescription, Subject

    cfg = compose_cfg()
    fox = StructuredDescription(subjects=[Subject(noun="fox", attributes=["red"])])
    rows = [{"id": i, "status": "ok", "structurer": "rules", "speaker": "voice", "cleaned": "",
             "description": fox.model_dump()} for i in ("a", "b")]  # fmt: skip
    structured = tmp_path / "structured.jsonl"
    structured.write_text("".join(json.dumps(r) + "\n" for r in rows))
    profile = {"preset": "anime", "tags": ["pastel"], "negative": ["dark"],
               "diffusion": {"steps": 3.0}}  # fmt: skip
    identified = tmp_path / "identified.jsonl"
    identified.write_text(
        json.dumps({"id": "a", "true_speaker": "voice", "status": "ok", "speaker": "alice",
                    "profile": profile}) + "\n"
        + json.dumps({"id": "b", "true_speaker": "voice", "status": "ok", "speaker": "unknown",
                      "profile": None}) + "\n"
    )  # fmt: skip
    out = tmp_path / "prompts.jsonl"
    enrich_stage(cfg, structured, out, identified)
    got = {r.id: r for r in map(PromptRecord.model_validate_json, out.read_text().splitlines())}
    assert got["a"].speaker == "alice" and got["a"].preset == "anime"
    assert "anime key visual" in got["a"].prompt and "pastel" in got["a"].prompt
    assert "dark" in got["a"].negative_prompt and got["a"].diffusion == {"steps": 3.0}
    assert got["b"].speaker == "unknown" and got["b"].preset is None
    assert "anime" not in got["b"].prompt and got["b"].diffusion is None
    # with enrich=presets, the speaker's preset is their per-speaker choice
    presets = compose_cfg("enrich=presets", "enrich.preset=cinematic")
    enrich_stage(presets, structured, out, identified)
    got = {r.id: r for r in map(PromptRecord.model_validate_json, out.read_text().splitlines())}
    assert got["a"].preset == "anime" and got["b"].preset == "cinematic"


def test_speaker_files_name_known_presets():
    from voice2image.enrich import load_presets
    from voice2image.speakers.roster import load_speakers

    sentences, specs = load_speakers(CONF_DIR.parent / "data" / "speakers.yaml")
    presets = load_presets("data/presets.yaml")
    assert {"en", "ru"} <= set(sentences)
    chosen = [spec.profile.preset for spec in specs]
    assert all(p in presets for p in chosen) and len(set(chosen)) == len(chosen)


def test_a_speakers_diffusion_options_reach_the_pipeline_call(compose_cfg):
    from voice2image.generate.base import GenerationRequest
    from voice2image.pipeline.generate import build_generator

    cfg = compose_cfg("diffusion=tiny")
    generator = build_generator(cfg.diffusion, cfg.hardware)
    generator.load()
    plain = GenerationRequest(id="a", prompt="a fox", seed=1)
    own = GenerationRequest(id="b", prompt="a fox", seed=1, options={"steps": 3.0,
                            "guidance_scale": 7.0})  # fmt: skip
    assert generator._call_args("text2img", [plain])["num_inference_steps"] == 2
    args = generator._call_args("text2img", [own])
    assert args["num_inference_steps"] == 3 and args["guidance_scale"] == 7.0
    results = generator.generate([plain, own])
    assert [r.id for r in results] == ["a", "b"]


def test_enroll_stage_keeps_people_enrolled_by_hand(
    compose_cfg, real_manifest, tmp_path, voices, caplog
):
    """The registry is a persistent DVC output: rerunning `enroll` updates the bundled
    speakers and keeps everyone else. A speaker with none or only some of their clips in the
    data set is skipped with a warning."""
    cfg = compose_cfg("speaker=dvector")
    rows = [json.loads(line) for line in real_manifest.read_text().splitlines()]
    reader_items = [r["id"] for r in rows if r["id"].startswith("librivox")]
    speakers_file = tmp_path / "speakers.yaml"
    speakers_file.write_text(
        json.dumps(
            {
                "speakers": {
                    "reader": {"items": reader_items, "preset": "anime"},
                    "partial": {"items": [reader_items[0], "librivox_9999"]},
                    "absent": {"items": ["not_in_this_dataset"]},  # e.g. LibriVox in smoke
                }
            }
        )
    )
    registry_path = tmp_path / "registry.sqlite"
    embedder = load_embedder(cfg.speaker)
    settings = SpeakerSettings.from_config(cfg.speaker)
    write_wav(tmp_path / "cards.wav", voices["cards_a"])
    registry = SpeakerRegistry(registry_path)
    enroll_clips(registry, "guest", [tmp_path / "cards.wav"], embedder, settings)

    for _ in range(2):  # a rerun replaces the reader's embeddings instead of adding to them
        summary = enroll.run(
            cfg.speaker, cfg.dataset.voices, cfg.paths.presets, speakers_file, real_manifest,
            tmp_path / "enrol", registry_path,
        )  # fmt: skip
    assert summary["kept"] == ["guest"] and summary["skipped"] == ["partial", "absent"]
    by_name = {s.name: s for s in SpeakerRegistry(registry_path).speakers()}
    assert sorted(by_name) == ["guest", "reader"]
    assert by_name["reader"].clips == len(reader_items)
    assert "partial: librivox_9999 not in" in caplog.text
    assert SpeakerRegistry(registry_path).profiles()["reader"].preset == "anime"


@pytest.mark.parametrize(
    "speakers",
    [
        {"speakers": {}},  # a data set of one's own with nobody to enrol
        {"speakers": None},
        {"speakers": {"ghost": {"voice": "no_such_voice"}}},  # a voice the data set lacks
    ],
)
def test_enroll_stage_with_nobody_to_enrol_writes_an_empty_registry(
    compose_cfg, real_manifest, tmp_path, speakers, caplog
):
    cfg = compose_cfg("speaker=dvector")
    speakers_file = tmp_path / "speakers.yaml"
    speakers_file.write_text(json.dumps(speakers))
    registry_path = tmp_path / "speakers" / "registry.sqlite"
    registry_path.parent.mkdir()
    summary = enroll.run(
        cfg.speaker, cfg.dataset.voices, cfg.paths.presets, speakers_file, real_manifest,
        tmp_path / "enrol", registry_path,
    )  # fmt: skip
    assert summary["speakers"] == {} and summary["kept"] == []
    assert summary["skipped"] == list(speakers["speakers"] or {})
    if summary["skipped"]:
        assert "no voice 'no_such_voice' in dataset.voices; not enrolled" in caplog.text
    assert registry_path.is_file() and SpeakerRegistry(registry_path).speakers() == []
    assert (tmp_path / "enrol").is_dir()  # the stage's other output, empty
    left = sorted(p.name for p in registry_path.parent.iterdir())
    assert left == ["registry.sqlite", "registry.sqlite.summary.json"]  # no temporary copy
