"""Theme discovery: clusters of comments about the same subject, with display keywords.

Holds ``find_themes`` and its ``Theme``/``ThemeResult`` records. Method: stemmed, stop-word-free
tokens → TF-IDF (unigrams + bigrams, sublinear tf) → TruncatedSVD → k-means on a deterministic
sample into more clusters than there are themes (split check: sub-topics and look-alike themes
start apart), every doc assigned to its nearest of those; then clusters are merged while their
mean TF-IDF profiles are close (merge check), so the number of themes (2..``max_themes``) comes
from the data, not from a cap. Each theme gets keywords, a readable label phrase and its three
most central comments. Must not import Flask, SQLAlchemy or any ``participation`` package other
than ``participation.core``.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.preprocessing import normalize

from participation.summaries.textproc import (
    STOPWORDS,
    Doc,
    normalise_word,
    raw_words,
    stem,
    theme_labels,
)

__all__ = ["Theme", "ThemeResult", "find_themes"]

METHOD = "tfidf-svd-kmeans-merge/2"
# Fit on at most this many docs; the rest are assigned to the nearest centroid. Keeps 100k
# comments within the 10 s / 1 GiB budget with no visible change in the themes.
FIT_SAMPLE = 20_000
# Over-clustering: k-means first makes this many clusters (sub-topics), which are then merged.
OVER_CLUSTERS = 40
# Two clusters whose mean TF-IDF profiles are at least this close are one theme.
MERGE_COSINE = 0.35
# Members (closest to the theme's centre first) whose text the label is read from.
LABEL_SAMPLE = 120
# k-means restarts for the over-clustering: merging makes the result insensitive to a worse
# start, and each restart costs a k-means++ pass over the fit sample.
KMEANS_INIT = 1
SVD_COMPONENTS = 100
# Vocabulary cap (most frequent terms): bounds SVD cost and memory; rarer terms do not shape
# themes of hundreds of comments.
MAX_FEATURES = 20_000
KEYWORDS = 8
PHRASES = 3


@dataclass(frozen=True, slots=True)
class Theme:
    id: int
    keywords: tuple[str, ...]
    phrases: tuple[str, ...]
    size: int
    doc_ids: tuple[int, ...]
    stance_mix: dict[str, int]
    top_unit_keys: tuple[tuple[str, int], ...]
    representatives: tuple[int, ...]
    # A readable phrase of 2-5 words from the members' own text (surface form, not stems).
    label: str = ""


@dataclass(frozen=True, slots=True)
class ThemeResult:
    themes: tuple[Theme, ...]
    unassigned_ids: tuple[int, ...]
    excluded_ids: tuple[int, ...]
    # Method and parameters, so a summary snapshot can be regenerated and cited.
    params: dict[str, object] = field(default_factory=dict)


def find_themes(
    docs: list[Doc],
    *,
    max_themes: int = 25,
    min_size: int = 3,
    seed: int = 0,
    exclude_ids: Collection[int] = (),
) -> ThemeResult:
    """Group ``docs`` into 2..``max_themes`` themes of at least ``min_size`` docs; how many
    comes from the data.

    ``exclude_ids`` (e.g. members of mass campaigns) are left out before clustering, so a
    campaign cannot become a theme by sheer numbers. Same input (in any order) → same result.
    """
    from threadpoolctl import threadpool_limits

    # One BLAS/OpenMP thread: the matrices here (20,000 × 110 at most) gain nothing from more,
    # and on a busy 2-core server OpenBLAS's threads spin against the web workers and each
    # other: the SVD took 16 s of wall time (8 s of CPU) instead of 0.5 s at 100,000 comments.
    with threadpool_limits(limits=1):
        return _find_themes(docs, max_themes=max_themes, min_size=min_size, seed=seed,
                            exclude_ids=exclude_ids)


def _find_themes(
    docs: list[Doc], *, max_themes: int, min_size: int, seed: int, exclude_ids: Collection[int],
) -> ThemeResult:
    if max_themes < 1 or min_size < 1:
        raise ValueError("max_themes and min_size must be >= 1")
    excluded = set(exclude_ids)
    ordered = sorted((d for d in docs if d.id not in excluded), key=lambda d: d.id)
    if len({d.id for d in ordered}) != len(ordered):
        raise ValueError("doc ids must be unique")
    params: dict[str, object] = {
        "method": METHOD,
        "max_themes": max_themes,
        "min_size": min_size,
        "seed": seed,
        "n_docs": len(ordered),
        "n_excluded": len(docs) - len(ordered),
    }
    excluded_ids = tuple(sorted(d.id for d in docs if d.id in excluded))
    empty = ThemeResult((), tuple(d.id for d in ordered), excluded_ids, params)
    if len(ordered) < 2 * min_size or max_themes < 2 and len(ordered) < min_size:
        return empty

    x, terms = _tfidf(ordered)
    if x.shape[1] == 0:  # nothing occurs twice: no shared vocabulary, so no themes
        return empty
    n = x.shape[0]
    rng = np.random.default_rng(seed)
    fit_idx = np.sort(rng.choice(n, FIT_SAMPLE, replace=False)) if n > FIT_SAMPLE else None
    x_fit = x if fit_idx is None else x[fit_idx]

    n_comp = min(SVD_COMPONENTS, x.shape[1] - 1, x_fit.shape[0] - 1)
    if n_comp >= 2:
        svd = TruncatedSVD(n_components=n_comp, algorithm="randomized", n_iter=5,
                           random_state=seed)
        with warnings.catch_warnings():
            # Identical comments have zero variance: only the explained-variance ratio (unused
            # here) divides by it.
            warnings.filterwarnings("ignore", "invalid value encountered in divide",
                                    RuntimeWarning)
            svd.fit(x_fit)
        z = normalize(svd.transform(x).astype(np.float32))
    else:
        z = normalize(x.toarray())
    z_fit = z if fit_idx is None else z[fit_idx]

    # Split check: over-cluster, so that themes sharing most of their words start apart ...
    n_micro = min(max(OVER_CLUSTERS, max_themes), max(1, z_fit.shape[0] // (2 * min_size)))
    if n_micro < 2:
        micro = np.zeros(n, dtype=np.int64)
    else:
        with warnings.catch_warnings():
            # Fewer distinct points than clusters (many identical comments) leaves duplicate
            # centres; their clusters end up empty and the merge below ignores them.
            warnings.simplefilter("ignore", ConvergenceWarning)
            km = _kmeans(n_micro, seed, n_init=KMEANS_INIT).fit(z_fit)
        micro = np.argmax(z @ normalize(km.cluster_centers_).T, axis=1)
    # ... merge check: then join the pair whose word profiles are closest while they are
    # closer than MERGE_COSINE (and always down to max_themes).
    group = _merge(x, micro, max_themes)
    labels = np.unique(group, return_inverse=True)[1].ravel()
    k = int(labels.max()) + 1
    params["k"] = k
    params["micro_clusters"] = int(n_micro)
    params["fit_sample"] = int(z_fit.shape[0])
    centroids = normalize(_onehot(labels, k) @ z)
    sims = np.einsum("ij,ij->i", z, centroids[labels])

    clusters = [np.flatnonzero(labels == c) for c in range(k)]
    kept = [c for c in clusters if len(c) >= min_size]
    kept.sort(key=lambda c: (-len(c), ordered[int(c[0])].id))
    assigned = np.zeros(n, dtype=bool)
    for c in kept:
        assigned[c] = True

    global_mean = np.asarray(x.mean(axis=0)).ravel()
    is_bigram = np.array([" " in t for t in terms])
    keywords = []
    for members in kept:
        score = np.asarray(x[members].mean(axis=0)).ravel() - global_mean
        keywords.append(_top_terms(score, terms, ~is_bigram, KEYWORDS))
    # Labels are read from an evenly spaced sample of the members (a bounded amount of text
    # at any size; the most central members alone over-represent one way of saying it).
    cores = [[ordered[int(i)].text for i in _spread(members, LABEL_SAMPLE)] for members in kept]
    names = theme_labels(cores, keywords)
    themes = []
    for tid, members in enumerate(kept, start=1):
        score = np.asarray(x[members].mean(axis=0)).ravel() - global_mean
        themes.append(
            Theme(
                id=tid,
                keywords=keywords[tid - 1],
                phrases=_top_terms(score, terms, is_bigram, PHRASES),
                size=len(members),
                doc_ids=tuple(ordered[int(i)].id for i in members),
                stance_mix=_counts(ordered[int(i)].stance for i in members),
                top_unit_keys=tuple(
                    _counts(ordered[int(i)].unit_key for i in members if ordered[int(i)].unit_key)
                    .items()
                )[:3],
                representatives=_closest(members, sims, ordered),
                label=names[tid - 1],
            )
        )
    return ThemeResult(
        themes=tuple(themes),
        unassigned_ids=tuple(ordered[int(i)].id for i in np.flatnonzero(~assigned)),
        excluded_ids=excluded_ids,
        params=params,
    )


def _onehot(labels: npt.NDArray[np.intp], k: int) -> sparse.csr_matrix:
    """k × n membership matrix: ``_onehot(labels, k) @ x`` sums the rows of each cluster."""
    n = len(labels)
    return sparse.csr_matrix((np.ones(n, np.float32), (labels, np.arange(n))), shape=(k, n))


def _merge(x: sparse.csr_matrix, micro: npt.NDArray[np.intp], max_themes: int) -> npt.NDArray[np.intp]:
    """Agglomerate micro-clusters by the cosine of their mean TF-IDF profiles.

    The cosine of two mean profiles is their average cross-pair similarity over the geometric
    mean of their internal similarities, so the threshold does not depend on comment length or
    cluster size. Sub-topics of one theme are written in the same comments and their profiles
    share those words; two themes that share vocabulary stay below the threshold on the words
    only one of them uses. Ties go to the lower cluster numbers (deterministic).
    """
    k0 = int(micro.max()) + 1
    sums = np.asarray((_onehot(micro, k0) @ x).todense(), dtype=np.float64)
    alive = np.flatnonzero(np.bincount(micro, minlength=k0)).tolist()  # non-empty only
    group = np.arange(k0)
    while len(alive) > 2:
        c = normalize(sums[alive])
        sim = c @ c.T
        np.fill_diagonal(sim, -1.0)
        a, b = divmod(int(np.argmax(np.round(sim, 9))), len(alive))
        if sim[a, b] < MERGE_COSINE and len(alive) <= max_themes:
            break
        keep, drop = alive[min(a, b)], alive[max(a, b)]
        sums[keep] += sums[drop]
        group[group == drop] = keep
        alive.remove(drop)
    return group[micro]


def _spread(members: npt.NDArray[np.intp], limit: int) -> npt.NDArray[np.intp]:
    """At most ``limit`` members, evenly spaced in doc-id order."""
    if len(members) <= limit:
        return members
    return members[np.linspace(0, len(members) - 1, limit).round().astype(np.intp)]


def _core(members: npt.NDArray[np.intp], sims: npt.NDArray[np.floating], limit: int) -> list[int]:
    """The ``limit`` members closest to the centre; ties by position (= by doc id)."""
    order = np.lexsort((members, -np.round(sims[members].astype(np.float64), 6)))
    return members[order[:limit]].tolist()


def _tfidf(ordered: list[Doc]) -> tuple[sparse.csr_matrix, list[str]]:
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


def _kmeans(k: int, seed: int, n_init: int) -> KMeans:
    return KMeans(n_clusters=k, init="k-means++", n_init=n_init, max_iter=100,
                  random_state=seed)


def _top_terms(
    score: npt.NDArray[np.floating],
    terms: list[str],
    mask: npt.NDArray[np.bool_],
    limit: int,
) -> tuple[str, ...]:
    idx = np.flatnonzero(mask & (score > 0))
    # Highest score first; equal scores by term so the order never depends on the sort.
    ranked = sorted(idx.tolist(), key=lambda i: (-round(float(score[i]), 9), terms[i]))
    out: list[str] = []
    for i in ranked:
        display = terms[i]
        if display not in out:
            out.append(display)
        if len(out) == limit:
            break
    return tuple(out)


def _closest(
    members: npt.NDArray[np.intp], sims: npt.NDArray[np.floating], ordered: list[Doc]
) -> tuple[int, ...]:
    return tuple(ordered[i].id for i in _core(members, sims, 3))


def _counts(values: Iterable[str | None]) -> dict[str, int]:
    """Counts by value ("" for missing), most frequent first, ties by value."""
    c = Counter("" if v is None else v for v in values)
    return dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
