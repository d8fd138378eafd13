"""Exact and near-duplicate detection: a text hash, and MinHash over word shingles.

A re-published copy of an article (a syndicated wire story, a mirror, the same page
saved twice with different site furniture) shares nearly all its five-word shingles
with the original; two reports of the same event written by different people share
few. The Jaccard similarity of shingle sets separates the two, and MinHash estimates
it from a fixed-size signature; locality-sensitive hashing (LSH) over bands of the
signature finds candidates across the whole store without comparing every pair.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SHINGLE_WORDS = 5
NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS

_PRIME = (1 << 61) - 1
_MAX32 = (1 << 32) - 1
_WORD = re.compile(r"\w+", re.UNICODE)
_rng = np.random.default_rng(20240601)  # fixed: signatures must be stable across runs
_A = _rng.integers(1, _MAX32, size=NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, _MAX32, size=NUM_PERM, dtype=np.uint64)

Signature = npt.NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class Match:
    """The stored (or pending) document a new one duplicates, and how similar they are."""

    doc_id: str
    relation: str  # "exact" or "near"
    similarity: float


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[str]:
    """Word ``size``-grams of the casefolded text (the whole text when it is shorter)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def minhash(text: str) -> Signature:
    """The MinHash signature (``NUM_PERM`` 32-bit values) of the text's shingles."""
    grams = shingles(text)
    if not grams:
        return np.full(NUM_PERM, _MAX32, dtype=np.uint64)
    hashes = np.fromiter(
        (_hash32(gram) for gram in grams), dtype=np.uint64, count=len(grams)
    ).reshape(-1, 1)
    permuted = (hashes * _A + _B) % np.uint64(_PRIME) & np.uint64(_MAX32)
    result: Signature = permuted.min(axis=0)
    return result


def similarity(first: Signature, second: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets (share of equal values)."""
    return float(np.count_nonzero(first == second)) / NUM_PERM


def lsh_keys(signature: Signature) -> list[int]:
    """One signed 64-bit key per band; texts sharing a key are near-duplicate candidates."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS].astype("<u4").tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(struct.unpack("<q", digest)[0])
    return keys


def to_bytes(signature: Signature) -> bytes:
    """The signature as stored (little-endian 32-bit values)."""
    return signature.astype("<u4").tobytes()


def from_bytes(data: bytes) -> Signature:
    """Inverse of :func:`to_bytes`."""
    values: Signature = np.frombuffer(data, dtype="<u4").astype(np.uint64)
    return values


def best_match(
    signature: Signature, candidates: Iterable[tuple[str, Signature]], *, threshold: float
) -> Match | None:
    """The most similar candidate at or above ``threshold``, or None."""
    best: Match | None = None
    for doc_id, other in candidates:
        score = similarity(signature, other)
        if score >= threshold and (best is None or score > best.similarity):
            best = Match(doc_id=doc_id, relation="near", similarity=round(score, 4))
    return best


def _hash32(gram: str) -> int:
    return int.from_bytes(hashlib.blake2b(gram.encode("utf-8"), digest_size=4).digest(), "little")
