"""Sentence path of campaign detection (see ``campaigns.py``): sentence ids, merging of
near-identical sentences, sentence co-occurrence and letters, plus the MinHash and exact
Jaccard helpers the whole-text path shares. Pure numpy; must not import Flask, SQLAlchemy or
any ``participation`` package other than ``participation.core`` and ``summaries.textproc``.
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Sequence
from itertools import chain
from typing import Any

import numpy as np
import numpy.typing as npt

from participation.summaries.corpus_terms import typo_corrections

U64 = npt.NDArray[np.uint64]
_MASK32 = np.uint64(0xFFFFFFFF)
_SHIFT32 = np.uint64(32)
# MinHash values per sentence used to find near-identical sentences.
_SNAP_KEYS = 4
# Repeated sentences of one doc that are paired with each other (in id order).
_MAX_PAIRED = 60


def word_hash(word: str) -> int:
    # crc32, not hash(): Python's str hash changes per process (PYTHONHASHSEED).
    return zlib.crc32(word.encode("utf-8"))


def signatures(
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


class UnionFind:
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


def typo_fixes(split: Sequence[list[list[str]]]) -> dict[str, str]:
    """Rare word -> common word one typo away, learned from the docs (``typo_corrections``)."""
    counts = Counter(chain.from_iterable(chain.from_iterable(split)))
    # A typo copied into hundreds of letters is no longer rare: let "rare" grow with the corpus.
    return typo_corrections(counts, rare_max=max(2, len(split) // 500))


def sentence_ids(
    split: Sequence[list[list[str]]], min_words: int, fixes: dict[str, str]
) -> tuple[list[list[int]], list[tuple[str, ...]]]:
    """Each doc's distinct content sentences (at least ``min_words`` words) as ids, and the
    word count of every id. Two sentences get one id when their normalised words (slang
    expanded, corpus-learned typos fixed) are the same, so case, punctuation, "yg"/"yang" and
    a typo do not matter. Ids are given in doc order, so they do not depend on input order."""
    ids: dict[tuple[str, ...], int] = {}
    words: list[tuple[str, ...]] = []
    per_doc: list[list[int]] = []
    for doc in split:
        mine: list[int] = []
        for sent in doc:
            if len(sent) < min_words:
                continue
            if fixes.keys().isdisjoint(sent):
                key = tuple(sent)
            else:
                key = tuple([fixes.get(w, w) for w in sent])
            sid = ids.get(key)
            if sid is None:
                sid = ids[key] = len(words)
                words.append(key)
            mine.append(sid)
        per_doc.append(sorted(set(mine)))
    return per_doc, words


def snap(
    per_doc: list[list[int]],
    words: list[tuple[str, ...]],
    similarity: float,
    min_count: int,
    seed: int,
) -> list[list[int]]:
    """Map each sentence onto a more frequent near-identical one (word-pair Jaccard ≥
    ``similarity``, seen in at least ``min_count`` docs), so a copied sentence with a dropped
    word, a synonym or an unfixed typo counts as the sentence it copies. Candidates share a
    MinHash value; each is checked against the most frequent sentence holding that value."""
    n_sent = len(words)
    df = np.bincount(np.fromiter((s for d in per_doc for s in d), np.int64), minlength=n_sent)
    feats, offsets = pair_features(words)
    sig = signatures(feats, offsets, _SNAP_KEYS, seed)
    order_rank = np.lexsort((np.arange(n_sent), -df))  # most frequent first, then lowest id
    rank = np.empty(n_sent, np.int64)
    rank[order_rank] = np.arange(n_sent)
    cand_s: list[npt.NDArray[np.int64]] = []
    cand_r: list[npt.NDArray[np.int64]] = []
    for k in range(sig.shape[1]):
        col = sig[:, k]
        order = np.lexsort((rank, col))
        scol = col[order]
        first = np.concatenate(([True], scol[1:] != scol[:-1]))
        head = order[np.maximum.accumulate(np.where(first, np.arange(n_sent), 0))]
        ok = (~first) & (df[head] >= min_count) & (df[head] > df[order])
        cand_s.append(order[ok])
        cand_r.append(head[ok])
    if not cand_s:
        return per_doc
    s_all = np.concatenate(cand_s)
    r_all = np.concatenate(cand_r)
    if not len(s_all):
        return per_doc
    # Most frequent candidate first for each sentence; the first that is similar enough wins.
    pairs = unique(s_all * n_sent + rank[r_all])
    cs, cr = pairs // n_sent, order_rank[pairs % n_sent]
    ok = jaccard(feats, offsets, cs, cr) >= similarity
    cs, cr = cs[ok], cr[ok]
    first = np.concatenate(([True], cs[1:] != cs[:-1])) if len(cs) else np.zeros(0, bool)
    target = list(range(n_sent))
    for x, y in zip(cs[first].tolist(), cr[first].tolist(), strict=True):
        target[x] = y
    # Follow chains (each step goes to a strictly more frequent sentence, so they end).
    for s in range(n_sent):
        t = target[s]
        while target[t] != t:
            t = target[t]
        target[s] = t
    return [sorted({target[s] for s in d}) for d in per_doc]


def unique(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """Sorted distinct values (a sort, where numpy's hash-based unique was slower here)."""
    values = np.sort(values)
    if len(values):
        values = values[np.concatenate(([True], values[1:] != values[:-1]))]
    return values


def gather(
    feats: U64, offsets: npt.NDArray[np.int64], rows: npt.NDArray[np.int64]
) -> tuple[U64, npt.NDArray[np.int64]]:
    """The features of ``rows`` concatenated, and each row's count."""
    lens = offsets[rows + 1] - offsets[rows]
    ends = np.cumsum(lens)
    pos = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(offsets[rows] - (ends - lens), lens)
    return feats[pos], lens


def jaccard(
    feats: U64, offsets: npt.NDArray[np.int64], xs: npt.NDArray[np.int64], ys: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Exact Jaccard of the feature sets of rows ``xs[k]`` and ``ys[k]``, for every k at once."""
    if not len(xs):
        return np.zeros(0)
    fx, lx = gather(feats, offsets, xs)
    fy, ly = gather(feats, offsets, ys)
    k = np.arange(len(xs), dtype=np.uint64)
    keyed = np.sort(
        np.concatenate(((np.repeat(k, lx) << _SHIFT32) | fx, (np.repeat(k, ly) << _SHIFT32) | fy))
    )
    # Each row's features are distinct, so an equal neighbour is a feature the two share.
    same = keyed[1:] == keyed[:-1]
    inter = np.bincount((keyed[1:][same] >> _SHIFT32).astype(np.int64), minlength=len(xs))
    union = lx + ly - inter
    return np.where(union > 0, inter / np.maximum(union, 1), 0.0)


def pair_features(words: list[tuple[str, ...]]) -> tuple[U64, npt.NDArray[np.int64]]:
    """Sorted unique word-pair hashes per sentence, concatenated, with offsets."""
    lens = np.fromiter((len(s) for s in words), np.int64, count=len(words))
    hmap = {w: word_hash(w) for w in set(chain.from_iterable(words))}
    w = np.fromiter(map(hmap.__getitem__, chain.from_iterable(words)), np.uint64, count=int(lens.sum()))
    sent = np.repeat(np.arange(len(words), dtype=np.uint64), lens)
    # A pair counts only inside one sentence.
    ok = sent[:-1] == sent[1:]
    feat = ((w[:-1] * np.uint64(0x100000001B3) + w[1:]) & _MASK32)[ok]
    keyed = unique((sent[:-1][ok] << _SHIFT32) | feat)
    offsets = np.searchsorted(keyed >> _SHIFT32, np.arange(len(words) + 1, dtype=np.uint64))
    return keyed & _MASK32, offsets.astype(np.int64)


def cooccurrence(
    per_doc: list[list[int]], n_sent: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Sentence pairs (a < b) that occur together in at least one doc, with the number of
    docs holding both; only sentences seen in two or more docs take part."""
    df = np.bincount(np.fromiter((s for d in per_doc for s in d), np.int64), minlength=n_sent)
    by_len: dict[int, list[list[int]]] = {}
    seen = df.tolist()
    for d in per_doc:
        # A letter has a few dozen sentences at most; the cap bounds pairs for a long document.
        rep = [s for s in d if seen[s] >= 2][:_MAX_PAIRED]
        if len(rep) >= 2:
            by_len.setdefault(len(rep), []).append(rep)
    keys = []
    for m, rows in by_len.items():
        arr = np.array(rows, dtype=np.int64)  # sorted ids per row, so a < b below
        ia, ib = np.triu_indices(m, k=1)
        keys.append((arr[:, ia] * n_sent + arr[:, ib]).ravel())
    if not keys:
        empty = np.zeros(0, np.int64)
        return empty, empty, df
    pair, both = np.unique(np.concatenate(keys), return_counts=True)
    return pair, both, df


def letters(
    pair: npt.NDArray[np.int64],
    both: npt.NDArray[np.int64],
    df: npt.NDArray[np.int64],
    n_sent: int,
    cohesion: float,
    attach: float,
) -> list[int]:
    """The letter each sentence belongs to (its smallest sentence id), or -1.

    A letter's core is a set of sentences that travel together: two sentences are linked when
    more than ``cohesion`` of the docs holding either one hold both (``both > cohesion * max``),
    closed transitively. With ``cohesion`` at 0.5 or more, a sentence that two letters share
    (a common closing) links to at most one of them, since the two letters' copies cannot both
    be more than half of its docs: two letters never chain through one sentence. Then a sentence
    outside every core (a paraphrase or a translation that some copies use instead) joins the
    letter whose sentence it comes with in at least ``attach`` of its docs, as a leaf: it links
    no two letters either.
    """
    letter = [-1] * n_sent
    if not len(pair):
        return letter
    a, b = pair // n_sent, pair % n_sent
    core = (both >= 2) & (both > cohesion * np.maximum(df[a], df[b]))
    uf = UnionFind(n_sent)
    for x, y in zip(a[core].tolist(), b[core].tolist(), strict=True):
        uf.union(x, y)
    for s in np.unique(np.concatenate((a[core], b[core]))).tolist():
        letter[s] = uf.find(s)
    best: dict[int, tuple[float, int]] = {}
    for x, y, n in zip(a[~core].tolist(), b[~core].tolist(), both[~core].tolist(), strict=True):
        if n < 2 or (letter[x] >= 0) == (letter[y] >= 0):
            continue
        out, root = (y, letter[x]) if letter[x] >= 0 else (x, letter[y])
        conf = n / df[out]
        if conf >= attach and (conf, -root) > best.get(out, (0.0, 0)):
            best[out] = (conf, -root)
    for out, (_, neg_root) in best.items():
        letter[out] = -neg_root
    return letter
