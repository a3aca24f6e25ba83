"""Near-duplicate detection on clean article bodies (MinHash + LSH, with rensa).

A document is a copy of an earlier one when their clean bodies are the same after
folding letters and white space (exact), or when the MinHash estimate of the Jaccard
similarity of their word 3-gram shingles reaches `threshold` (near: other chrome, a
dropped or added sentence or dateline, light edits). Bodies, not raw pages, are
compared, so chrome neither hides a copy nor makes two articles copies.

rensa (MIT, Rust) computes the sketches and the banded LSH index: 32 bands of 4 rows,
so a pair at the threshold 0.5 is a candidate with probability 0.87 and at 0.6 with
0.99; every candidate is then checked against the threshold. The first document seen
wins: `check_and_add` returns the earliest indexed document the new one copies, so
the same inputs in the same order give the same `duplicate_of`.

The index persists in an append-only file (`DedupIndex(path=...)`): one record per
indexed document (its id, the hash of its folded words, the sketch in rensa's own
serialisation), so a later run finds copies of documents indexed before. A record cut
by a crash is dropped when the file is next opened.

The threshold (0.5 by default) comes from the precision/recall curve measured by
`bench/dedup_bench.py` (see bench/README.md).
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from rensa import RMinHash, RMinHashLSH

from rasad.arabic import fold
from rasad.types import RasadError

NUM_PERM = 128
NUM_BANDS = 32
SEED = 20241107
SHINGLE = 3
DEFAULT_THRESHOLD = 0.5
_MAGIC = b"RASADDUP2\n"
_HEAD = struct.Struct("<16s8sH")  # id, body key, length of the sketch state
_PUNCT = "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum()) + "،؛؟«»“”‘’…–—ـ•·"


class DedupIndexError(RasadError):
    """The dedup index file is unreadable or cannot be written."""


def words_of(text: str) -> list[str]:
    """The folded words of a text without edge punctuation.

    Split on white space in C, then strip punctuation per word: several times faster
    than a regular expression over the whole text (this is the dedup hot path)."""
    return [w for w in (w.strip(_PUNCT) for w in fold(text).split()) if w]


def shingles(text: str, k: int = SHINGLE) -> list[str]:
    """Word k-grams of the folded text (letters normalised, punctuation dropped)."""
    return _shingles(words_of(text), k)


def _shingles(words: list[str], k: int = SHINGLE) -> list[str]:
    if len(words) < k:
        return [" ".join(words)] if words else []
    if k == 3:  # (the default: zip builds the triples in C)
        return list(map(" ".join, zip(words, words[1:], words[2:], strict=False)))
    return [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]


def body_key(text: str) -> bytes:
    """Hash of the folded words of a body: equal for exact copies whatever the spacing."""
    return _key(words_of(text))


def _key(words: list[str]) -> bytes:
    return hashlib.sha1(" ".join(words).encode()).digest()[:8]


def sketch(words: list[str]) -> RMinHash:
    m = RMinHash(num_perm=NUM_PERM, seed=SEED)
    sh = _shingles(words)
    if sh:
        m.update(sh)
    return m


def sketch_body(text: str) -> tuple[bytes, bytes]:
    """(body key, serialised sketch) of a clean body: what `check_and_add_sketch` takes.

    Workers compute this in parallel; the index itself stays in one process."""
    words = words_of(text)
    state: bytes = sketch(words).__getstate__()
    return _key(words), state


@dataclass(frozen=True, slots=True)
class Match:
    duplicate_of: str
    similarity: float  # 1.0 for an exact copy


class DedupIndex:
    """Exact and near-duplicate index of clean bodies, optionally backed by a file."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, path: str | os.PathLike[str] | None = None):
        if not 0.0 < threshold <= 1.0:
            raise DedupIndexError(f"dedup threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self._lsh = RMinHashLSH(threshold=threshold, num_perm=NUM_PERM, num_bands=NUM_BANDS)
        self._exact: dict[bytes, str] = {}
        self._ids: list[str] = []  # LSH keys are positions in this list: earlier = smaller
        self._sketches: list[RMinHash] = []
        self._known: set[str] = set()
        self._file: BinaryIO | None = None
        if path is not None:
            self._open(Path(path))

    def __len__(self) -> int:
        return len(self._ids)

    def _open(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if path.exists() and path.stat().st_size > 0:
                whole = len(_MAGIC)
                for doc_id, key, m, size in _read_records(path):
                    self._insert(doc_id, key, m)
                    whole += size
                if path.stat().st_size > whole:
                    os.truncate(path, whole)  # drop a record cut by a crash, keep appends aligned
            fh = path.open("ab")
        except OSError as exc:
            raise DedupIndexError(f"cannot use dedup index {path}: {exc.strerror or exc}") from None
        if fh.tell() == 0:
            fh.write(_MAGIC)
        self._file = fh

    def _insert(self, doc_id: str, key: bytes, m: RMinHash) -> None:
        if doc_id in self._known:
            return
        self._known.add(doc_id)
        self._exact.setdefault(key, doc_id)
        self._lsh.insert(len(self._ids), m)
        self._ids.append(doc_id)
        self._sketches.append(m)

    def find(self, text: str) -> Match | None:
        """The earliest indexed document `text` copies, without adding it."""
        words = words_of(text)
        return self._find(_key(words), sketch(words))

    def _find(self, key: bytes, m: RMinHash) -> Match | None:
        exact = self._exact.get(key)
        if exact is not None:
            return Match(exact, 1.0)
        for pos in sorted(self._lsh.query(m)):
            sim = m.jaccard(self._sketches[pos])
            if sim >= self.threshold:
                return Match(self._ids[pos], sim)
        return None

    def check_and_add(self, doc_id: str, text: str) -> Match | None:
        """The document `doc_id` copies, if any; otherwise index it (and persist it)."""
        words = words_of(text)
        return self._check_and_add(doc_id, _key(words), sketch(words))

    def check_and_add_sketch(self, doc_id: str, key: bytes, state: bytes) -> Match | None:
        """`check_and_add` for a body sketched elsewhere (`sketch_body`, in a worker process)."""
        m = RMinHash(num_perm=NUM_PERM, seed=SEED)
        m.__setstate__(state)
        return self._check_and_add(doc_id, key, m)

    def _check_and_add(self, doc_id: str, key: bytes, m: RMinHash) -> Match | None:
        match = self._find(key, m)
        if match is None:
            self._insert(doc_id, key, m)
            if self._file is not None:
                state = m.__getstate__()
                self._file.write(_HEAD.pack(doc_id.encode("ascii", "replace")[:16].ljust(16), key, len(state)) + state)
        return match

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()
            os.fsync(self._file.fileno())

    def __enter__(self) -> DedupIndex:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._file is not None:
            self.flush()
            self._file.close()
            self._file = None


def _read_records(path: Path) -> Iterator[tuple[str, bytes, RMinHash, int]]:
    with path.open("rb") as fh:
        if fh.read(len(_MAGIC)) != _MAGIC:
            raise DedupIndexError(f"{path} is not a rasad dedup index")
        while True:
            head = fh.read(_HEAD.size)
            if len(head) < _HEAD.size:
                return
            raw_id, key, size = _HEAD.unpack(head)
            state = fh.read(size)
            if len(state) < size:
                return
            m = RMinHash(num_perm=NUM_PERM, seed=SEED)
            try:
                m.__setstate__(state)
            except Exception:  # rensa's error types are not exported; a bad record ends the file
                return
            yield raw_id.decode("ascii", "replace").strip(), key, m, _HEAD.size + size
