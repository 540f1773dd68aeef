"""Mass-campaign detection: groups of near-duplicate comments (templated submissions).

Holds ``find_campaigns`` and its ``Campaign``/``Variant`` records. Method: word shingles taken
*within* sentences of the slang-normalised text (so reordered sentences keep every shingle),
a vectorised numpy MinHash, LSH banding for candidates, exact Jaccard on the shingle sets to
verify each candidate pair, and union-find to close groups. Pure numpy; must not import Flask,
SQLAlchemy or any ``participation`` package other than ``participation.core``.
"""

from __future__ import annotations

import functools
import zlib
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from participation.summaries.textproc import Doc, sentences, typo_corrections

__all__ = ["Campaign", "Variant", "campaign_doc_ids", "find_campaigns"]

U64 = npt.NDArray[np.uint64]
_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT32 = np.uint64(32)
# Stands for "no word" when a sentence is shorter than the shingle, so a two-word sentence
# still yields one feature instead of none.
_PAD_HASH = 0x9E3779B9
# Candidate pairs are verified exactly, so LSH should err on the side of recall.
_FALSE_POSITIVE_WEIGHT = 0.3
# Per bucket, a member is checked against at most this many earlier members in other groups;
# this bounds work on huge buckets while union-find closure keeps recall.
_MAX_CHECKS = 3


@dataclass(frozen=True, slots=True)
class Variant:
    """One distinct (normalised) wording inside a campaign; ``text`` is its first raw text."""

    text: str
    count: int
    doc_id: int


@dataclass(frozen=True, slots=True)
class Campaign:
    id: int
    size: int
    doc_ids: tuple[int, ...]
    canonical_id: int
    canonical_text: str
    variants: tuple[Variant, ...]
    stance_mix: dict[str, int]
    unit_keys: dict[str, int]


def campaign_doc_ids(campaigns: Iterable[Campaign]) -> set[int]:
    """All doc ids in the campaigns, e.g. for ``find_themes(..., exclude_ids=...)``."""
    return {i for c in campaigns for i in c.doc_ids}


def _word_hash(word: str) -> int:
    # crc32, not hash(): Python's str hash changes per process (PYTHONHASHSEED).
    return zlib.crc32(word.encode("utf-8"))


@functools.lru_cache(maxsize=64)
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """Bands and rows minimising weighted false-positive/negative area (as datasketch does)."""
    xs = np.linspace(0.0, 1.0, 401)
    below = xs <= threshold
    best: tuple[float, int, int] | None = None
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            p = 1.0 - (1.0 - xs**rows) ** bands
            fp = float(np.trapezoid(p[below], xs[below]))
            fn = float(np.trapezoid(1.0 - p[~below], xs[~below]))
            err = _FALSE_POSITIVE_WEIGHT * fp + (1.0 - _FALSE_POSITIVE_WEIGHT) * fn
            if best is None or err < best[0]:
                best = (err, bands, rows)
    assert best is not None  # noqa: S101 - num_perm >= 1 guarantees one candidate
    return best[1], best[2]


def _features(
    split: Sequence[list[list[str]]], shingle: int, fix_typos: bool
) -> tuple[U64, npt.NDArray[np.int64]]:
    """Sorted unique shingle hashes per doc (given as sentences of words), concatenated, with
    offsets (len(split) + 1)."""
    counts: Counter[str] = Counter()
    for doc in split:
        for sent in doc:
            counts.update(sent)
    fixes = typo_corrections(counts) if fix_typos else {}
    # One hash per distinct word (after its typo fix), looked up per occurrence.
    hmap = {w: _word_hash(fixes.get(w, w)) for w in counts}
    # Typed arrays, not lists: at 100,000 comments a list of ~5 million word hashes plus one of
    # their sentence numbers (each a Python int) and their numpy copies took ~300 MB at once.
    word_h = array("Q")
    sent_len = array("q")
    doc_of_sent = array("q")
    pad = [_PAD_HASH] * shingle
    for di, doc in enumerate(split):
        for sent in doc:
            hs = [hmap[w] for w in sent]
            if len(hs) < shingle:
                hs += pad[: shingle - len(hs)]
            word_h.extend(hs)
            sent_len.append(len(hs))
            doc_of_sent.append(di)
    w = np.frombuffer(word_h, dtype=np.uint64) if word_h else np.zeros(0, np.uint64)
    n_win = len(w) - shingle + 1
    if n_win <= 0:
        return np.zeros(0, np.uint64), np.zeros(len(split) + 1, np.int64)
    s = np.repeat(np.arange(len(sent_len), dtype=np.int64), np.frombuffer(sent_len, np.int64))
    # A window counts only if it starts and ends in the same sentence.
    ok = s[:n_win] == s[shingle - 1 :]
    mult = np.random.default_rng(0x5EED).integers(1, 2**63, size=shingle, dtype=np.uint64) | 1
    acc = np.zeros(n_win, dtype=np.uint64)
    for j in range(shingle):  # in place (uint64 wraps alike): one temporary instead of three
        acc *= np.uint64(0x100000001B3)
        acc += w[j : j + n_win] * mult[j]
    feat = (acc >> _SHIFT32)[ok]
    doc = np.frombuffer(doc_of_sent, dtype=np.int64)[s[:n_win][ok]]
    del acc, ok, s, w
    # One sort gives per-doc unique features in doc order.
    keyed = np.sort((doc.astype(np.uint64) << _SHIFT32) | feat)
    if len(keyed):
        keyed = keyed[np.concatenate(([True], keyed[1:] != keyed[:-1]))]
    docs_sorted = (keyed >> _SHIFT32).astype(np.int64)
    offsets = np.searchsorted(docs_sorted, np.arange(len(split) + 1), side="left")
    return keyed & _MASK32, offsets.astype(np.int64)


def _signatures(
    feats: U64, offsets: npt.NDArray[np.int64], num_perm: int, seed: int
) -> npt.NDArray[np.uint32]:
    """MinHash signatures (n × num_perm) with multiply-shift hashes; empty docs get all ones."""
    n = len(offsets) - 1
    sig = np.full((n, num_perm), np.iinfo(np.uint32).max, dtype=np.uint32)
    nonempty = np.flatnonzero(offsets[1:] > offsets[:-1])
    if len(nonempty) == 0:
        return sig
    starts = offsets[nonempty]
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63, size=num_perm, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=num_perm, dtype=np.uint64)
    for p in range(num_perm):
        # uint64 arithmetic wraps (mod 2**64); the high 32 bits are a 2-universal hash.
        hv = (feats * a[p] + b[p]) >> _SHIFT32
        sig[nonempty, p] = np.minimum.reduceat(hv, starts).astype(np.uint32)
    return sig


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, x: int, y: int) -> None:
        rx, ry = self.find(x), self.find(y)
        # The smaller index wins so roots do not depend on the order unions happen in.
        if rx < ry:
            self.parent[ry] = rx
        elif ry < rx:
            self.parent[rx] = ry


def find_campaigns(
    docs: list[Doc],
    *,
    threshold: float = 0.6,
    num_perm: int = 128,
    shingle: int = 3,
    min_size: int = 3,
    seed: int = 1,
    fix_typos: bool = True,
) -> list[Campaign]:
    """Groups of at least ``min_size`` near-duplicate docs (Jaccard ≥ ``threshold`` on word
    shingles, closed transitively), largest first, then by smallest doc id.

    ``fix_typos`` first maps rare words to a common word one edit away (corpus statistics, see
    ``textproc.typo_corrections``), so a copied template with a typo keeps its shingles.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError("threshold must be in (0, 1]")
    if shingle < 1 or num_perm < 1 or min_size < 2:
        raise ValueError("shingle and num_perm must be >= 1, min_size >= 2")
    ordered = sorted(docs, key=lambda d: d.id)  # input order must not matter
    if len({d.id for d in ordered}) != len(ordered):
        raise ValueError("doc ids must be unique")
    n = len(ordered)
    if n < min_size:
        return []
    split = [sentences(d.text) for d in ordered]
    feats, offsets = _features(split, shingle, fix_typos)
    sig = _signatures(feats, offsets, num_perm, seed)
    bands, rows = _lsh_params(threshold, num_perm)
    sizes = offsets[1:] - offsets[:-1]

    uf = _UnionFind(n)
    sets: dict[int, frozenset[int]] = {}

    def fset(i: int) -> frozenset[int]:
        s = sets.get(i)
        if s is None:
            s = frozenset(feats[offsets[i] : offsets[i + 1]].tolist())
            sets[i] = s
        return s

    def similar(i: int, j: int) -> bool:
        si, sj = fset(i), fset(j)
        inter = len(si & sj)
        return inter >= threshold * (len(si) + len(sj) - inter)

    band_rng = np.random.default_rng(seed + 7919)
    mult = band_rng.integers(1, 2**63, size=rows, dtype=np.uint64) | np.uint64(1)
    nonempty = sizes > 0
    for band in range(bands):
        cols = sig[:, band * rows : (band + 1) * rows].astype(np.uint64)
        key = (cols * mult).sum(axis=1, dtype=np.uint64)  # wraps; collisions are verified
        idx = np.flatnonzero(nonempty)
        key = key[idx]
        order = np.argsort(key, kind="stable")
        skey = key[order]
        sidx = idx[order]
        cut = np.flatnonzero(skey[1:] != skey[:-1]) + 1
        starts = np.concatenate(([0], cut))
        ends = np.concatenate((cut, [len(skey)]))
        multi = np.flatnonzero(ends - starts >= 2)
        for g in multi.tolist():
            members = sidx[starts[g] : ends[g]].tolist()
            for pos in range(1, len(members)):
                m = members[pos]
                checks = 0
                for other in members[:pos]:
                    if uf.find(other) == uf.find(m):
                        break  # already joined through another pair
                    if similar(m, other):
                        uf.union(m, other)
                        break
                    checks += 1
                    if checks >= _MAX_CHECKS:
                        break

    groups: dict[int, list[int]] = {}
    for i in range(n):
        if sizes[i] > 0:
            groups.setdefault(uf.find(i), []).append(i)
    found = [g for g in groups.values() if len(g) >= min_size]
    found.sort(key=lambda g: (-len(g), ordered[g[0]].id))
    return [
        _describe(cid, g, ordered, split, feats, offsets)
        for cid, g in enumerate(found, start=1)
    ]


def _describe(
    cid: int,
    members: list[int],
    ordered: list[Doc],
    split: Sequence[list[list[str]]],
    feats: U64,
    offsets: npt.NDArray[np.int64],
) -> Campaign:
    parts = [feats[offsets[i] : offsets[i + 1]] for i in members]
    lens = np.array([len(p) for p in parts], dtype=np.float64)
    allf = np.concatenate(parts)
    uniq, inv, counts = np.unique(allf, return_inverse=True, return_counts=True)
    per_doc = np.repeat(np.arange(len(members)), lens.astype(np.int64))
    shared = np.bincount(per_doc, weights=counts[inv].astype(np.float64), minlength=len(members))
    # Σ_j |A∩B_j| / (|A| + mean|B|): the Dice-style similarity summed over the group, so the
    # medoid is found in linear time instead of comparing every pair of a 5,000-doc campaign.
    score = shared / (lens + lens.mean())
    best = int(np.flatnonzero(score == score.max())[0])  # members are in id order: ties → id
    canonical = ordered[members[best]]

    # Texts that normalise alike (case, punctuation, slang) count as one variant.
    variants: dict[tuple[str, ...], list[int]] = {}
    for i in members:
        variants.setdefault(tuple(w for sent in split[i] for w in sent), []).append(i)
    top = sorted(variants.values(), key=lambda v: (-len(v), ordered[v[0]].id))[:5]
    docs = [ordered[i] for i in members]
    return Campaign(
        id=cid,
        size=len(members),
        doc_ids=tuple(d.id for d in docs),
        canonical_id=canonical.id,
        canonical_text=canonical.text,
        variants=tuple(Variant(ordered[v[0]].text, len(v), ordered[v[0]].id) for v in top),
        stance_mix=_counts(d.stance for d in docs),
        unit_keys=_counts(d.unit_key for d in docs),
    )


def _counts(values: Iterable[str | None]) -> dict[str, int]:
    """Counts by value ("" for missing), most frequent first, ties by value."""
    c = Counter("" if v is None else v for v in values)
    return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
