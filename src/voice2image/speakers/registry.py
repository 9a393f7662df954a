"""The speaker registry: enrolled speakers, their embeddings and presets, in one SQLite file.

Every change is one SQLite transaction: a crash or an error part-way leaves the file as it was
before, so no enrolled speaker is ever lost. A file that is not a registry (corrupt, or some
other file) is an error naming it, and is never overwritten.

Schema (version 1):
  meta(key, value)                      schema_version, created_by
  speakers(name, profile, created, updated)        profile: SpeakerProfile as JSON
  embeddings(speaker, embedder, dim, vector, clip, speech_s)   vector: float32 bytes, L2 = 1
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from voice2image.records import SpeakerProfile

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE speakers (
  name TEXT PRIMARY KEY, profile TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL);
CREATE TABLE embeddings (
  id INTEGER PRIMARY KEY, speaker TEXT NOT NULL REFERENCES speakers(name) ON DELETE CASCADE,
  embedder TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL, clip TEXT NOT NULL,
  speech_s REAL NOT NULL);
CREATE INDEX embeddings_by_speaker ON embeddings (speaker, embedder);
"""


class RegistryError(ValueError):
    """The registry file cannot be used; the message names it and what to do."""


@dataclass
class Speaker:
    name: str
    profile: SpeakerProfile
    clips: int
    speech_s: float
    embedders: list[str]


@dataclass(frozen=True)
class Identification:
    """`name` is None for an unknown voice; `best` is the closest enrolled speaker anyway."""

    name: str | None
    score: float
    best: str | None = None

    @property
    def label(self) -> str:
        return self.name or "unknown"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class SpeakerRegistry:
    """`SpeakerRegistry(path)`; the file is created on the first enrolment."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._centroids: dict[str, tuple[list[str], np.ndarray]] = {}
        if self.path.exists():
            with self._connect() as conn:
                self._check(conn)

    # -- connection -------------------------------------------------------------------------

    def _fail(self, problem: str) -> RegistryError:
        return RegistryError(
            f"{self.path}: {problem}; the file was left untouched (move it away to start a new "
            "registry, or give another --registry path)"
        )

    @contextmanager
    def _connect(self, create: bool = False) -> Iterator[sqlite3.Connection]:
        if not self.path.exists() and not create:
            raise FileNotFoundError(f"{self.path}: no speaker registry here (enrol someone first)")
        if self.path.is_dir():
            raise self._fail("is a directory, not a speaker registry")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as exc:
            raise self._fail(f"cannot open ({exc})") from None
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            yield conn
        except sqlite3.DatabaseError as exc:
            raise self._fail(f"not a readable speaker registry ({exc})") from None
        finally:
            conn.close()

    def _check(self, conn: sqlite3.Connection) -> None:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables:
            return  # an empty database file: initialised on the first write
        if not {"meta", "speakers", "embeddings"} <= tables:
            raise self._fail("is an SQLite file but not a speaker registry")
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        version = int(row[0]) if row else -1
        if version != SCHEMA_VERSION:
            raise self._fail(
                f"has schema version {version}; this voice2image reads version {SCHEMA_VERSION}"
            )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One atomic write: everything inside commits together or not at all."""
        with self._connect(create=True) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                self._check(conn)
                if not conn.execute("SELECT name FROM sqlite_master").fetchone():
                    for statement in filter(str.strip, _SCHEMA.split(";")):
                        conn.execute(statement)
                    conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
                    conn.execute("INSERT INTO meta VALUES ('created', ?)", (_now(),))
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        self._centroids.clear()

    # -- writes -----------------------------------------------------------------------------

    def create(self) -> None:
        """Write the registry file with nobody in it, unless it exists: a data set that enrols
        no one still gives a registry, one that identifies everybody as unknown."""
        with self._transaction():
            pass

    def enroll(
        self,
        name: str,
        embedder: str,
        embeddings: list[tuple[np.ndarray, str, float]],
        profile: SpeakerProfile | None = None,
        replace: bool = False,
    ) -> Speaker:
        """Add `embeddings` ((vector, clip name, speech seconds) each, from `embedder`) to
        `name`, creating the speaker; `replace` drops that embedder's earlier embeddings.
        `profile` (when given) replaces the stored one."""
        name = name.strip()
        if not name:
            raise ValueError("a speaker needs a non-empty name")
        if not embeddings:
            raise ValueError(f"no embeddings to enrol for '{name}'")
        rows = []
        for vector, clip, seconds in embeddings:
            vector = np.asarray(vector, dtype=np.float32).reshape(-1)
            if not np.all(np.isfinite(vector)) or not np.isclose(np.linalg.norm(vector), 1, 1e-3):
                raise ValueError(f"{clip}: embedding is not a finite unit vector")
            rows.append((name, embedder, len(vector), vector.tobytes(), str(clip), float(seconds)))
        with self._transaction() as conn:
            existing = conn.execute("SELECT profile FROM speakers WHERE name=?", (name,)).fetchone()
            stored = json.dumps(asdict(profile or SpeakerProfile()))
            if existing is None:
                conn.execute(
                    "INSERT INTO speakers VALUES (?,?,?,?)", (name, stored, _now(), _now())
                )
            else:
                keep = stored if profile is not None else existing[0]
                conn.execute(
                    "UPDATE speakers SET profile=?, updated=? WHERE name=?", (keep, _now(), name)
                )
            if replace:
                conn.execute(
                    "DELETE FROM embeddings WHERE speaker=? AND embedder=?", (name, embedder)
                )
            dims = {r[0] for r in conn.execute("SELECT dim FROM embeddings WHERE embedder=?",
                                               (embedder,))}  # fmt: skip
            if dims and dims != {rows[0][2]}:
                raise RegistryError(
                    f"{self.path}: embedder '{embedder}' has {dims.pop()}-d embeddings here, "
                    f"the new ones are {rows[0][2]}-d"
                )
            conn.executemany(
                "INSERT INTO embeddings (speaker, embedder, dim, vector, clip, speech_s) "
                "VALUES (?,?,?,?,?,?)",
                rows,
            )
        return self.get(name)

    def set_profile(self, name: str, profile: SpeakerProfile) -> None:
        with self._transaction() as conn:
            self._require(conn, name)
            conn.execute(
                "UPDATE speakers SET profile=?, updated=? WHERE name=?",
                (json.dumps(asdict(profile)), _now(), name),
            )

    def remove(self, name: str) -> None:
        with self._transaction() as conn:
            self._require(conn, name)
            conn.execute("DELETE FROM speakers WHERE name=?", (name,))

    def _require(self, conn: sqlite3.Connection, name: str) -> None:
        if conn.execute("SELECT 1 FROM speakers WHERE name=?", (name,)).fetchone() is None:
            known = [r[0] for r in conn.execute("SELECT name FROM speakers ORDER BY name")]
            raise ValueError(
                f"no speaker named '{name}' in {self.path} (enrolled: {', '.join(known) or 'none'})"
            )

    # -- reads ------------------------------------------------------------------------------

    def speakers(self) -> list[Speaker]:
        if not self.path.exists():
            return []
        with self._connect() as conn:
            self._check(conn)
            if not conn.execute("SELECT name FROM sqlite_master").fetchone():
                return []
            rows = conn.execute(
                "SELECT s.name, s.profile, COUNT(e.id), COALESCE(SUM(e.speech_s), 0), "
                "GROUP_CONCAT(DISTINCT e.embedder) FROM speakers s "
                "LEFT JOIN embeddings e ON e.speaker = s.name GROUP BY s.name ORDER BY s.name"
            ).fetchall()
        return [
            Speaker(
                name=r[0],
                profile=SpeakerProfile.from_dict(json.loads(r[1])),
                clips=int(r[2]),
                speech_s=round(float(r[3]), 2),
                embedders=sorted((r[4] or "").split(",")) if r[4] else [],
            )
            for r in rows
        ]

    def get(self, name: str) -> Speaker:
        for speaker in self.speakers():
            if speaker.name == name:
                return speaker
        raise ValueError(f"no speaker named '{name}' in {self.path}")

    def profiles(self) -> dict[str, SpeakerProfile]:
        return {s.name: s.profile for s in self.speakers()}

    def centroids(self, embedder: str) -> tuple[list[str], np.ndarray]:
        """Names and their mean embeddings (unit length) for one embedder."""
        if embedder in self._centroids:
            return self._centroids[embedder]
        vectors: dict[str, list[np.ndarray]] = {}
        if self.path.exists():
            with self._connect() as conn:
                self._check(conn)
                if conn.execute("SELECT name FROM sqlite_master").fetchone():
                    query = "SELECT speaker, vector FROM embeddings WHERE embedder=? ORDER BY id"
                    for speaker, blob in conn.execute(query, (embedder,)):
                        vectors.setdefault(speaker, []).append(np.frombuffer(blob, np.float32))
        names = sorted(vectors)
        matrix = np.stack([np.mean(vectors[n], axis=0) for n in names]) if names else None
        if matrix is None:
            result: tuple[list[str], np.ndarray] = ([], np.zeros((0, 0), np.float32))
        else:
            result = (names, matrix / np.linalg.norm(matrix, axis=1, keepdims=True))
        self._centroids[embedder] = result
        return result

    def identify(self, embedding: np.ndarray, embedder: str, threshold: float) -> Identification:
        """The enrolled speaker closest to `embedding` (cosine similarity), or unknown when the
        best score is below `threshold`."""
        names, matrix = self.centroids(embedder)
        if not names:
            return Identification(None, 0.0, None)
        scores = matrix @ np.asarray(embedding, dtype=np.float32).reshape(-1)
        best = int(np.argmax(scores))
        score = round(float(scores[best]), 4)
        return Identification(names[best] if score >= threshold else None, score, names[best])
