"""Whole-text path of campaign detection (see ``campaigns.py``).

Finds copies that share no two sentences: a single-sentence petition copied with typos, a
letter sent as one unpunctuated paragraph, a small letter whose sentences are all broken by
typos. Each doc of at least ``min_words`` content words (sentences of four words or more,
typo-fixed) becomes a set of character 5-gram hashes (a typo breaks a few of them, not a
whole word shingle), of which one in ``_SAMPLE`` is kept by hash value (the same grams are kept
in every doc, so the Jaccard of the samples estimates the full Jaccard); MinHash and LSH banding
give candidate pairs, and exact Jaccard on the samples verifies each.

Verified pairs are joined strongest first, and never across two campaigns the sentence path
found: a doc joins at most one letter, so the two paths together cannot chain two letters.
Pure numpy; must not import Flask, SQLAlchemy or any ``participation`` package other than
``participation.core`` and ``summaries.textproc``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from participation.summaries.campaign_sentences import U64, UnionFind, jaccard, signatures, unique

__all__ = ["text_features", "text_groups"]

_SHIFT32 = np.uint64(32)
_MASK32 = np.uint64(0xFFFFFFFF)
_GRAM = 5
# One gram in _SAMPLE is kept (by hash), which bounds time and memory at 100,000 comments.
_SAMPLE = 2
_NUM_PERM = 64
# Candidate pairs are verified exactly, so LSH should err on the side of recall.
_FALSE_POSITIVE_WEIGHT = 0.3


@functools.lru_cache(maxsize=16)
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


def text_features(
    split: Sequence[list[list[str]]],
    rows: Sequence[int],
    fixes: dict[str, str],
    min_sentence_words: int,
    min_words: int,
    common: set[tuple[str, ...]],
) -> tuple[npt.NDArray[np.int64], U64, npt.NDArray[np.int64]]:
    """The ``rows`` (doc indexes) with at least ``min_words`` content words, their sampled
    character-gram hashes (sorted, distinct per doc, concatenated) and offsets. Content is the
    sentences of ``min_sentence_words`` words or more, typo-fixed, without the ``common`` ones
    (greetings, signatures, stock remarks) unless it is the doc's longest."""
    texts: list[bytes] = []
    kept: list[int] = []
    for i in rows:
        sents = [tuple(fixes.get(w, w) for w in s) for s in split[i] if len(s) >= min_sentence_words]
        longest = max(map(len, sents), default=0)
        words = [w for s in sents if len(s) == longest or s not in common for w in s]
        if len(words) >= min_words:
            kept.append(i)
            texts.append((" ".join(words) + "\x00").encode("utf-8"))
    if not kept:
        return np.zeros(0, np.int64), np.zeros(0, np.uint64), np.zeros(1, np.int64)
    lens = np.fromiter(map(len, texts), np.int64, count=len(texts))
    b = np.frombuffer(b"".join(texts), dtype=np.uint8).astype(np.uint64)
    n_win = len(b) - _GRAM + 1
    acc = np.zeros(n_win, np.uint64)
    for j in range(_GRAM):
        acc *= np.uint64(0x100000001B3)
        acc += b[j : j + n_win] * np.uint64(0x9E3779B97F4A7C15 >> (j * 3) | 1)
    feat = acc >> _SHIFT32
    doc = np.repeat(np.arange(len(kept), dtype=np.uint64), lens)[:n_win]
    # A gram may not cross a doc's end (marked with a zero byte), and only sampled grams stay.
    end = np.cumsum(lens) - 1
    ok = feat % np.uint64(_SAMPLE) == 0
    bad = (end[:, None] - np.arange(_GRAM - 1)[None, :]).ravel()
    ok[bad[(bad >= 0) & (bad < n_win)]] = False
    keyed = unique((doc[ok] << _SHIFT32) | feat[ok])
    offsets = np.searchsorted(keyed >> _SHIFT32, np.arange(len(kept) + 1, dtype=np.uint64))
    return np.array(kept, np.int64), keyed & _MASK32, offsets.astype(np.int64)


def text_groups(
    labels: Sequence[int],
    rows: npt.NDArray[np.int64],
    feats: U64,
    offsets: npt.NDArray[np.int64],
    threshold: float,
    seed: int,
) -> list[tuple[int, list[int]]]:
    """Groups of two or more docs joined by verified pairs of ``rows`` (Jaccard ≥
    ``threshold``), as (label, doc indexes). ``labels[i]`` is the campaign the sentence path
    gave doc i (or -1): a group holds at most one label, and only pairs with an unlabelled doc
    are joined. In the order of each group's smallest index."""
    if len(rows) < 2:
        return []
    sig = signatures(feats, offsets, _NUM_PERM, seed)
    bands, per_band = _lsh_params(threshold, _NUM_PERM)
    mult = np.random.default_rng(seed + 7919).integers(1, 2**63, size=per_band, dtype=np.uint64) | 1
    lab = np.asarray(labels, np.int64)[rows]
    m = len(rows)
    cand: list[npt.NDArray[np.int64]] = []
    for band in range(bands):
        key = (sig[:, band * per_band : (band + 1) * per_band].astype(np.uint64) * mult).sum(
            axis=1, dtype=np.uint64
        )
        order = np.lexsort((np.arange(m), key))
        skey = key[order]
        same = np.flatnonzero(skey[1:] == skey[:-1]) + 1
        if not len(same):
            continue
        first = np.concatenate(([True], skey[1:] != skey[:-1]))
        head = order[np.maximum.accumulate(np.where(first, np.arange(m), 0))]
        # Each member is checked against the bucket's previous member and its first one.
        for x, y in ((order[same - 1], order[same]), (head[same], order[same])):
            keep = (x != y) & ((lab[x] < 0) | (lab[y] < 0))
            lo, hi = np.minimum(x, y)[keep], np.maximum(x, y)[keep]
            cand.append(lo * m + hi)
    if not cand:
        return []
    pairs = unique(np.concatenate(cand))
    xs, ys = pairs // m, pairs % m
    sim = jaccard(feats, offsets, xs, ys)
    ok = sim >= threshold
    xs, ys, sim = xs[ok], ys[ok], sim[ok]
    uf = UnionFind(m)
    label = lab.tolist()  # label of each root
    for k in np.lexsort((ys, xs, -sim)).tolist():  # strongest pair first, ties by index
        rx, ry = uf.find(int(xs[k])), uf.find(int(ys[k]))
        if rx == ry or (label[rx] >= 0 and label[ry] >= 0 and label[rx] != label[ry]):
            continue
        joined = max(label[rx], label[ry])
        uf.union(rx, ry)
        label[uf.find(rx)] = joined
    groups: dict[int, list[int]] = {}
    for j in range(m):
        root = uf.find(j)
        groups.setdefault(root, []).append(int(rows[j]))
    return [(label[root], members) for root, members in groups.items() if len(members) >= 2]
