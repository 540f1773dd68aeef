"""Mass-campaign detection: groups of copies of one letter (templated submissions).

Holds ``find_campaigns`` and its ``Campaign``/``Variant`` records. Method, on sentences of the
slang-normalised, typo-fixed text (sentences of fewer than four words are ignored):

1. Near-identical sentences are merged into the more frequent one (word-pair Jaccard, MinHash
   candidates verified exactly), so a copied sentence with a typo or a dropped word still counts.
2. A *letter* is a set of sentences that travel together: two sentences are linked when the docs
   holding both are more than half of the docs holding either (cohesion). A paraphrase or a
   translation that some copies use instead joins the letter it co-occurs with as a leaf.
3. A doc is a copy when at least two of its sentences (and enough words) belong to one letter.

So copies that rewrite half of the letter or switch language sentence by sentence are still
found, short remarks many residents write alike never form a campaign, and two letters about
the same clause stay apart. Deterministic for the same docs in any order. Pure numpy; must not
import Flask, SQLAlchemy or any ``participation`` package other than ``participation.core``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from participation.summaries.campaign_sentences import (
    U64,
    cooccurrence,
    letters,
    sentence_ids,
    snap,
    typo_fixes,
)
from participation.summaries.campaign_texts import text_features, text_groups
from participation.summaries.textproc import Doc, sentences

__all__ = ["Campaign", "Variant", "campaign_doc_ids", "find_campaigns"]

# Sentences shorter than this (greetings, "Terima kasih.", one-line remarks) carry no weight.
_MIN_SENTENCE_WORDS = 4
# "Rp15.000", "10.30", "3,5": a mark between digits ends no sentence. Left in, it split one
# sentence into two halves that always come together, which look like a two-sentence letter.
_NUMBER_MARK = re.compile(r"([0-9])[.,:](?=[0-9])")
_HAS_NUMBER_MARK = re.compile(r"[0-9][.,:][0-9]")
# Members of each letter the sentence path found that the whole-text path compares with.
_ANCHORS = 8
# A sentence holding this share of a doc's content words is the doc's body (a petition).
_DOMINANT = 0.6
# A sentence in this many docs that forms no letter is a common one (a template, a stock remark):
# a letter with a handful of copies has reached a letter by then.
_COMMON_DF = 5


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


def find_campaigns(
    docs: list[Doc],
    *,
    min_size: int = 3,
    min_shared_sentences: int = 2,
    min_shared_words: int = 15,
    cohesion: float = 0.5,
    attach: float = 0.5,
    similarity: float = 0.6,
    text_similarity: float = 0.65,
    text_min_words: int = 15,
    seed: int = 1,
    fix_typos: bool = True,
) -> list[Campaign]:
    """Groups of at least ``min_size`` copies of one letter, largest first, then by smallest id.

    A doc is a copy of a letter when at least ``min_shared_sentences`` of its sentences, with at
    least ``min_shared_words`` words between them, belong to that letter. Sentences merge when
    their word-pair Jaccard is at least ``similarity``; ``cohesion`` and ``attach`` decide which
    sentences form a letter (see ``campaign_sentences.letters``). A doc of at least
    ``text_min_words`` content words is also a copy of another when the Jaccard of their
    character-gram samples is at least ``text_similarity`` (``campaign_texts``): a
    one-sentence petition or an unpunctuated letter. ``fix_typos`` first maps rare words to a
    common word one edit away (``corpus_terms.typo_corrections``).
    """
    if not 0.0 < cohesion <= 1.0:
        raise ValueError("cohesion must be in (0, 1]")
    if min_size < 2 or min_shared_sentences < 1:
        raise ValueError("min_size must be >= 2, min_shared_sentences >= 1")
    ordered = sorted(docs, key=lambda d: d.id)  # input order must not matter
    if len({d.id for d in ordered}) != len(ordered):
        raise ValueError("doc ids must be unique")
    n = len(ordered)
    if n < min_size:
        return []
    split = [
        sentences(_NUMBER_MARK.sub(r"\1", d.text) if _HAS_NUMBER_MARK.search(d.text) else d.text)
        for d in ordered
    ]
    fixes = typo_fixes(split) if fix_typos else {}
    per_doc, words = sentence_ids(split, _MIN_SENTENCE_WORDS, fixes)
    per_doc = snap(per_doc, words, similarity, 2, seed)
    pair, both, df = cooccurrence(per_doc, len(words))
    letter_of = letters(pair, both, df, len(words), cohesion, attach)
    groups = _sentence_groups(
        per_doc, letter_of, [len(w) for w in words], min_shared_sentences, min_shared_words
    )
    # A doc with two sentences other docs repeat, none of them most of the doc, was judged by
    # the sentence path: its sentences are common (stock remarks, a template many people vary)
    # but form no letter. (A petition with a repeated greeting or signature is not judged.)
    df_list = df.tolist()
    judged = [_judged(d, df_list, words) for d in per_doc]
    common = {words[s] for s in np.flatnonzero(df >= _COMMON_DF).tolist()}
    groups += _text_path(split, fixes, groups, judged, common, text_similarity, text_min_words, seed)
    found = [sorted(g) for g in groups if len(g) >= min_size]
    found.sort(key=lambda g: (-len(g), ordered[g[0]].id))
    return [
        _describe(cid, g, ordered, split, [np.array(per_doc[i], dtype=np.uint64) for i in g])
        for cid, g in enumerate(found, start=1)
    ]


def _sentence_groups(
    per_doc: list[list[int]],
    letter_of: list[int],
    lengths: list[int],
    min_sentences: int,
    min_words: int,
) -> list[list[int]]:
    """Docs holding at least ``min_sentences`` sentences (``min_words`` words) of one letter,
    per letter (the letter with most of the doc's sentences, then words, then lowest root)."""
    groups: dict[int, list[int]] = {}
    for i, d in enumerate(per_doc):
        tally: dict[int, list[int]] = {}
        for s in d:
            if letter_of[s] >= 0:
                t = tally.setdefault(letter_of[s], [0, 0])
                t[0] += 1
                t[1] += lengths[s]
        if not tally:
            continue
        root, (count, n_words) = max(tally.items(), key=lambda kv: (kv[1][0], kv[1][1], -kv[0]))
        if count >= min_sentences and n_words >= min_words:
            groups.setdefault(root, []).append(i)
    return list(groups.values())


def _judged(sent_ids: list[int], df: list[int], words: list[tuple[str, ...]]) -> bool:
    repeated = [s for s in sent_ids if df[s] >= _COMMON_DF]
    total = sum(len(words[s]) for s in sent_ids)
    return len(repeated) >= 2 and max(len(words[s]) for s in sent_ids) < _DOMINANT * total


def _text_path(
    split: Sequence[list[list[str]]],
    fixes: dict[str, str],
    groups: list[list[int]],
    judged: list[bool],
    common: set[tuple[str, ...]],
    threshold: float,
    min_words: int,
    seed: int,
) -> list[list[int]]:
    """Whole-text copies (``campaign_texts``) of the docs no letter holds: those that match a
    few members of a letter join it (``groups`` grows in place); the others form new groups,
    which are returned. A doc never joins two letters; ``judged`` docs are left out."""
    n = len(judged)
    labels = [-1] * n
    anchors: list[int] = []
    for g, members in enumerate(groups):
        for i in members:
            labels[i] = g
        anchors += members[:_ANCHORS]  # members are in index order
    rows = sorted([i for i in range(n) if labels[i] < 0 and not judged[i]] + anchors)
    kept, feats, offsets = text_features(split, rows, fixes, _MIN_SENTENCE_WORDS, min_words, common)
    new: list[list[int]] = []
    for label, members in text_groups(labels, kept, feats, offsets, threshold, seed):
        if label >= 0:
            groups[label].extend(i for i in members if labels[i] < 0)
        else:
            new.append(members)
    return new


def _describe(
    cid: int,
    members: list[int],
    ordered: list[Doc],
    split: Sequence[list[list[str]]],
    parts: list[U64],
) -> Campaign:
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
