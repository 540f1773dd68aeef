"""Theme discovery: clusters of comments about the same subject, with display keywords.

Holds ``find_themes`` and its ``Theme``/``ThemeResult`` records. Method: stemmed, stop-word-free
tokens → TF-IDF (unigrams + bigrams, sublinear tf; ``theme_vectors``) → TruncatedSVD → k-means on
a deterministic sample into more clusters than there are themes (split check: sub-topics and
look-alike themes start apart). Words spread evenly over those clusters (openings, fillers,
closings) are then weighed down and the over-clustering is done again on the reweighted rows.
Clusters are merged while their distinctive profiles (mean TF-IDF row minus the overall mean)
are close (merge check), so the number of themes (2..``max_themes``) comes from the data, not
from a cap; each comment then goes to the theme it is closest to. Each theme gets keywords, a
readable label phrase and its three most central comments. Must not import Flask, SQLAlchemy or
any ``participation`` package other than ``participation.core``.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.preprocessing import normalize

from participation.summaries.corpus_terms import theme_labels
from participation.summaries.textproc import Doc
from participation.summaries.theme_vectors import tfidf

__all__ = ["Theme", "ThemeResult", "find_themes"]

METHOD = "tfidf-svd-kmeans-reweigh-merge-overlap/4"
# Fit on at most this many docs; the rest are assigned to the nearest centroid. Keeps 100k
# comments within the 10 s / 1 GiB budget with no visible change in the themes.
FIT_SAMPLE = 20_000
# Over-clustering: k-means first makes this many clusters (sub-topics), which are then merged.
OVER_CLUSTERS = 40
# Two clusters whose distinctive TF-IDF profiles (mean row minus the mean of all rows) are at
# least this close are one theme.
MERGE_COSINE = 0.25
# ... unless both have at least MERGE_CHECK_SIZE comments and share less than MERGE_OVERLAP of
# their distinctive vocabulary (look-alike themes; see ``_merge``).
MERGE_CHECK_SIZE = 30
MERGE_OVERLAP = 0.25
# Term weight for pass 2 = (1 - spread over pass-1 clusters) ** this: 0.5 keeps the words that
# two look-alike themes share, weighed down less than fillers.
TERM_WEIGHT_POWER = 0.5
# Passes of "each comment to its nearest theme" after the merge.
REFINE_PASSES = 3
# Members (closest to the theme's centre first) whose text the label is read from.
LABEL_SAMPLE = 120
# k-means restarts for the over-clustering: merging makes the result insensitive to a worse
# start, and each restart costs a k-means++ pass over the fit sample.
KMEANS_INIT = 1
SVD_COMPONENTS = 100
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
        return _find_themes(
            docs, max_themes=max_themes, min_size=min_size, seed=seed, exclude_ids=exclude_ids
        )


def _find_themes(
    docs: list[Doc],
    *,
    max_themes: int,
    min_size: int,
    seed: int,
    exclude_ids: Collection[int],
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

    x, terms = tfidf(ordered)
    if x.shape[1] == 0:  # nothing occurs twice: no shared vocabulary, so no themes
        return empty
    n = x.shape[0]
    labels, sims, n_micro, n_fit = _cluster(x, n, max_themes=max_themes, min_size=min_size, seed=seed)
    k = int(labels.max()) + 1
    params["k"] = k
    params["micro_clusters"] = int(n_micro)
    params["fit_sample"] = int(n_fit)
    clusters = [np.flatnonzero(labels == c) for c in range(k)]
    kept = [c for c in clusters if len(c) >= min_size]
    kept.sort(key=lambda c: (-len(c), ordered[int(c[0])].id))
    assigned = np.zeros(n, dtype=bool)
    for c in kept:
        assigned[c] = True

    themes = _describe(kept, x, terms, ordered, sims)
    return ThemeResult(
        themes=tuple(themes),
        unassigned_ids=tuple(ordered[int(i)].id for i in np.flatnonzero(~assigned)),
        excluded_ids=excluded_ids,
        params=params,
    )


def _cluster(
    x: Any, n: int, *, max_themes: int, min_size: int, seed: int
) -> tuple[npt.NDArray[np.intp], Any, int, int]:
    """Each comment's cluster (over-cluster, split check, merge check, refine) and its
    similarities; the number of micro clusters and of comments fitted on."""
    rng = np.random.default_rng(seed)
    fit_idx = np.sort(rng.choice(n, FIT_SAMPLE, replace=False)) if n > FIT_SAMPLE else None
    n_fit = n if fit_idx is None else len(fit_idx)
    n_micro = min(max(OVER_CLUSTERS, max_themes), max(1, n_fit // (2 * min_size)))
    # Split check, twice. Pass 1 over-clusters on TF-IDF; its clusters show which words are
    # spread over all of them (openings, fillers, closings, stance sentences, anyone's
    # complaint): those are weighed down, and pass 2 over-clusters on the words that set
    # subjects apart, so that look-alike themes start apart and side groups held together by
    # a shared filler sentence do not form.
    micro = _over_cluster(x, fit_idx, n_micro, seed)
    if micro.max() > 0:
        xw = sparse.csr_matrix(normalize(x @ sparse.diags(_term_weights(x, micro))))
        micro = _over_cluster(xw, fit_idx, n_micro, seed)
    # Merge check: join the pair of clusters whose distinctive word profiles are closest while
    # they are closer than MERGE_COSINE (and always down to max_themes); then each comment goes
    # to the theme whose words it shares most.
    labels, sims = _refine(x, _merge(x, micro, max_themes))
    return labels, sims, n_micro, n_fit


def _describe(kept: list[Any], x: Any, terms: Any, ordered: list[Doc], sims: Any) -> list[Theme]:
    """The kept clusters as themes: keywords, phrases, a label, stances, units, representatives."""
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
                    _counts(ordered[int(i)].unit_key for i in members if ordered[int(i)].unit_key).items()
                )[:3],
                representatives=_closest(members, sims, ordered),
                label=names[tid - 1],
            )
        )
    return themes


def _onehot(labels: npt.NDArray[np.intp], k: int) -> sparse.csr_matrix:
    """k × n membership matrix: ``_onehot(labels, k) @ x`` sums the rows of each cluster."""
    n = len(labels)
    return sparse.csr_matrix((np.ones(n, np.float32), (labels, np.arange(n))), shape=(k, n))


def _over_cluster(
    x: sparse.csr_matrix,
    fit_idx: npt.NDArray[np.intp] | None,
    n_micro: int,
    seed: int,
) -> npt.NDArray[np.intp]:
    """TruncatedSVD of ``x`` then k-means into ``n_micro`` clusters (fitted on the rows in
    ``fit_idx``, all rows if None); every row goes to its nearest centre (cosine)."""
    x_fit = x if fit_idx is None else x[fit_idx]
    n_comp = min(SVD_COMPONENTS, x.shape[1] - 1, x_fit.shape[0] - 1)
    if n_comp >= 2:
        svd = TruncatedSVD(n_components=n_comp, algorithm="randomized", n_iter=5, random_state=seed)
        with warnings.catch_warnings():
            # Identical comments have zero variance: only the explained-variance ratio (unused
            # here) divides by it.
            warnings.filterwarnings("ignore", "invalid value encountered in divide", RuntimeWarning)
            svd.fit(x_fit)
        z = normalize(svd.transform(x).astype(np.float32))
    else:
        z = normalize(x.toarray())
    if n_micro < 2:
        return np.zeros(x.shape[0], dtype=np.intp)
    with warnings.catch_warnings():
        # Fewer distinct points than clusters (many identical comments) leaves duplicate
        # centres; their clusters end up empty and the merge ignores them.
        warnings.simplefilter("ignore", ConvergenceWarning)
        km = _kmeans(n_micro, seed, n_init=KMEANS_INIT).fit(z if fit_idx is None else z[fit_idx])
    return np.argmax(z @ normalize(km.cluster_centers_).T, axis=1)


def _term_weights(x: sparse.csr_matrix, micro: npt.NDArray[np.intp]) -> npt.NDArray[np.float32]:
    """How much each term says about a subject: 1 - the normalised entropy of its rate (weight
    per comment) over the clusters, to the power TERM_WEIGHT_POWER.

    A filler or a greeting that anyone may write has about the same rate in every cluster
    (weight near 0); a theme's own words live in the few clusters of that theme (near 1).
    Rates, not totals, so a large theme's words are not mistaken for everyone's.
    """
    k0 = int(micro.max()) + 1
    sizes = np.bincount(micro, minlength=k0)
    live = sizes > 0
    mass = np.asarray((_onehot(micro, k0) @ x).todense(), dtype=np.float64)[live]
    rate = mass / sizes[live][:, None]
    p = rate / np.maximum(rate.sum(axis=0), 1e-12)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = -np.where(p > 0, p * np.log(p), 0.0).sum(axis=0)
    spread = entropy / np.log(max(2, int(live.sum())))
    return (np.clip(1.0 - spread, 0.0, 1.0) ** TERM_WEIGHT_POWER).astype(np.float32)


def _merge(x: sparse.csr_matrix, micro: npt.NDArray[np.intp], max_themes: int) -> npt.NDArray[np.intp]:
    """Agglomerate micro-clusters by the cosine of their distinctive TF-IDF profiles, except
    pairs that share too little of their distinctive vocabulary.

    A cluster's distinctive profile is its mean TF-IDF row minus the mean row of all comments:
    what its comments say more than comments in general. Sub-topics of one theme are written
    in the same comments and share those words; two themes that share most of their
    vocabulary stay apart on the words only one of them uses (the shared ones are common in
    both, so the mean row takes much of them out).

    The cosine is ruled by the largest entries, which for two look-alike themes are the words
    and phrases they share, so look-alikes can be as close as two sub-topics. Hence a second
    check before two clusters of at least MERGE_CHECK_SIZE comments are joined: the share of
    distinctive vocabulary they hold in common (``_overlap``). Sub-topics of one theme each hold
    most of the theme's other words and phrases at the theme's rate; look-alike themes hold only
    their shared ones, while each one's own words (and above all its own two-word phrases) are
    near the overall rate in the other. Below MERGE_OVERLAP the pair is not joined and the next
    closest pair is tried. Smaller clusters are joined on the cosine alone: their profiles rest
    on too few comments for the overlap to mean much. Down to ``max_themes`` the closest pair
    is always joined. Ties go to the lower cluster numbers (deterministic).
    """
    k0 = int(micro.max()) + 1
    sizes = np.bincount(micro, minlength=k0).astype(np.float64)
    sums = np.asarray((_onehot(micro, k0) @ x).todense(), dtype=np.float64)
    overall = np.asarray(x.mean(axis=0), dtype=np.float64).ravel()
    alive = np.flatnonzero(sizes).tolist()  # non-empty only
    group = np.arange(k0)
    overlaps: dict[tuple[int, int], float] = {}  # by cluster pair, dropped when one grows
    while len(alive) > 2:
        distinct = sums[alive] / sizes[alive][:, None] - overall
        c = normalize(distinct)
        sim = np.round(c @ c.T, 9)
        np.fill_diagonal(sim, -2.0)
        upper = np.triu_indices(len(alive), 1)
        order = np.argsort(-sim[upper], kind="stable")  # ties: lower cluster numbers first
        chosen = None
        for j in order.tolist():
            a, b = int(upper[0][j]), int(upper[1][j])
            if sim[a, b] < MERGE_COSINE:
                break
            ka, kb = alive[a], alive[b]
            if min(sizes[ka], sizes[kb]) >= MERGE_CHECK_SIZE:
                if (ka, kb) not in overlaps:
                    overlaps[ka, kb] = _overlap(distinct[a], distinct[b])
                if overlaps[ka, kb] < MERGE_OVERLAP:
                    continue
            chosen = j
            break
        if chosen is None:
            if len(alive) <= max_themes:
                break
            chosen = int(order[0])  # over max_themes: the closest pair, whatever it shares
        a, b = int(upper[0][chosen]), int(upper[1][chosen])
        keep, drop = alive[a], alive[b]
        sums[keep] += sums[drop]
        sizes[keep] += sizes[drop]
        group[group == drop] = keep
        alive.remove(drop)
        overlaps = {pair: v for pair, v in overlaps.items() if keep not in pair}
    return group[micro]


def _overlap(a: npt.NDArray[np.float64], b: npt.NDArray[np.float64]) -> float:
    """Share of distinctive vocabulary two clusters hold in common: the mass both positive
    profiles (words used more than in comments in general, by how much) hold on the same terms,
    over the smaller of the two masses."""
    pa, pb = np.clip(a, 0.0, None), np.clip(b, 0.0, None)
    return float(np.minimum(pa, pb).sum() / max(min(pa.sum(), pb.sum()), 1e-12))


def _refine(
    x: sparse.csr_matrix,
    group: npt.NDArray[np.intp],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float32]]:
    """Each comment to the theme whose summed TF-IDF profile is closest (cosine), for up to
    REFINE_PASSES passes (fewer if nothing moves): a comment the over-clustering put with
    another theme's sub-topic comes back. Returns labels 0..k-1 and each comment's cosine to
    its theme."""
    labels = np.unique(group, return_inverse=True)[1].ravel()

    def scores() -> npt.NDArray[np.float64]:
        k = int(labels.max()) + 1
        centres = normalize(np.asarray((_onehot(labels, k) @ x).todense()))
        return np.round(np.asarray(x @ centres.T, dtype=np.float64), 6)

    for _ in range(REFINE_PASSES):
        s = scores()
        new = np.argmax(s, axis=1)
        if (new == labels).all():
            break
        labels = np.unique(new, return_inverse=True)[1].ravel()
    else:
        s = scores()
    sim = s[np.arange(len(labels)), labels].astype(np.float32)
    return labels, sim


def _spread(members: npt.NDArray[np.intp], limit: int) -> npt.NDArray[np.intp]:
    """At most ``limit`` members, evenly spaced in doc-id order."""
    if len(members) <= limit:
        return members
    return members[np.linspace(0, len(members) - 1, limit).round().astype(np.intp)]


def _core(members: npt.NDArray[np.intp], sims: npt.NDArray[np.floating], limit: int) -> list[int]:
    """The ``limit`` members closest to the centre; ties by position (= by doc id)."""
    order = np.lexsort((members, -np.round(sims[members].astype(np.float64), 6)))
    return members[order[:limit]].tolist()


def _kmeans(k: int, seed: int, n_init: int) -> KMeans:
    return KMeans(n_clusters=k, init="k-means++", n_init=n_init, max_iter=100, random_state=seed)


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
