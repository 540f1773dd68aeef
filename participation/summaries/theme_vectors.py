"""TF-IDF rows for theme discovery: stemmed, stop-word-free unigrams and bigrams counted with
numpy on integer ids, with the display (surface) form of each column.

Pure functions on ``Doc`` records. Must not import Flask, SQLAlchemy or any ``participation``
package other than ``participation.core``.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from participation.summaries.lexicon import STOPWORDS
from participation.summaries.textproc import Doc, normalise_word, raw_words, stem

__all__ = ["MAX_FEATURES", "tfidf"]

# Vocabulary cap (most frequent terms): bounds SVD cost and memory; rarer terms do not shape
# themes of hundreds of comments.
MAX_FEATURES = 20_000


def tfidf(ordered: list[Doc]) -> tuple[sparse.csr_matrix, list[str]]:
    """TF-IDF over stemmed unigrams and bigrams (min_df 2, sublinear tf, l2 rows) and the
    display form of each column.

    Equivalent to ``TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)`` on the
    stemmed strings, but counts n-grams with numpy on integer ids: the vectorizer's per-doc
    Python n-gram loop alone took most of the 10 s budget at 100k comments.
    """
    # Pass 1: each distinct raw word gets an id in order of first appearance (docs are in id
    # order, so ids are deterministic); docs become int32 arrays, not lists of str objects.
    raw_ids = _Ids()
    get = raw_ids.__getitem__
    per_doc = [np.fromiter(map(get, raw_words(d.text)), dtype=np.int32) for d in ordered]
    lengths = np.array([len(a) for a in per_doc], dtype=np.int64)
    raw_tok = np.concatenate(per_doc) if per_doc else np.zeros(0, np.int32)
    del per_doc
    raw_counts = np.bincount(raw_tok, minlength=len(raw_ids))
    # Sastrawi costs about a millisecond per word; a word seen once can only matter through
    # its stem, so singletons (mostly typos and names) keep their surface form unstemmed.
    stems: dict[str, int] = {}
    stem_list: list[str] = []
    forms: dict[int, Counter[str]] = {}
    exp_len = np.zeros(len(raw_ids), dtype=np.int64)
    exp_ids: list[int] = []
    for w, rid in raw_ids.items():
        count = int(raw_counts[rid])
        for s in normalise_word(w):
            if len(s) < 2 or s in STOPWORDS:
                continue
            st = stem(s) if count > 1 else s
            sid = stems.get(st)
            if sid is None:
                sid = stems[st] = len(stem_list)
                stem_list.append(st)
            forms.setdefault(sid, Counter())[s] += count
            exp_ids.append(sid)
            exp_len[rid] += 1
    # Pass 2 (vectorised): expand raw tokens into 0..n stem tokens each.
    exp_start = np.concatenate(([0], np.cumsum(exp_len)[:-1]))
    tok_len = exp_len[raw_tok]
    total = int(tok_len.sum())
    first = np.repeat(exp_start[raw_tok], tok_len)
    within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(tok_len) - tok_len, tok_len)
    tok = np.asarray(exp_ids, dtype=np.int32)[first + within] if total else np.zeros(0, np.int32)
    doc = np.repeat(np.repeat(np.arange(len(ordered), dtype=np.int32), lengths), tok_len)
    del first, within, raw_tok, tok_len
    v = len(stem_list)
    n = len(ordered)
    uni = sparse.csr_matrix((np.ones(len(tok), np.float32), (doc, tok)), shape=(n, v))
    same = doc[:-1] == doc[1:]
    bcode = tok[:-1][same].astype(np.int64) * v + tok[1:][same]
    ub, binv = np.unique(bcode, return_inverse=True)
    bi = sparse.csr_matrix(
        (np.ones(len(bcode), np.float32), (doc[:-1][same], binv.astype(np.int32))),
        shape=(n, len(ub)),
    )
    del bcode, binv, same, tok, doc
    counts = sparse.hstack([uni, bi], format="csr")
    counts.sum_duplicates()
    uniq = np.concatenate((np.arange(v, dtype=np.int64), v + ub))
    df = np.bincount(counts.indices, minlength=len(uniq))
    keep = np.flatnonzero(df >= 2)
    if len(keep) > MAX_FEATURES:
        # Most frequent terms; ties by code, which is fixed by the sorted vocabulary.
        keep = np.sort(keep[np.argsort(-df[keep], kind="stable")[:MAX_FEATURES]])
    counts = counts[:, keep]
    if counts.shape[1] == 0:
        return sparse.csr_matrix(counts), []
    x = TfidfTransformer(sublinear_tf=True).fit_transform(counts).astype(np.float32)
    surface = [min(forms[i].items(), key=lambda kv: (-kv[1], kv[0]))[0] for i in range(v)]
    terms = []
    for c in uniq[keep].tolist():
        if c < v:
            terms.append(surface[c])
        else:
            a, b = divmod(c - v, v)
            terms.append(f"{surface[a]} {surface[b]}")
    return sparse.csr_matrix(x), terms


class _Ids(dict[str, int]):
    """Assigns the next integer to each new key on lookup."""

    def __missing__(self, key: str) -> int:
        value = self[key] = len(self)
        return value
