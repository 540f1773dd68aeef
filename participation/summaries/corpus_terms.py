"""What a corpus teaches about its own words: typo corrections learned from word counts (used by
the campaign finder) and a readable label per theme, its most distinctive word n-gram (used by
the theme finder). Both work on ``textproc``'s normalised words; pure and deterministic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from participation.summaries.lexicon import STOPWORDS
from participation.summaries.textproc import normal_words

__all__ = ["theme_labels", "typo_corrections"]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def typo_corrections(
    counts: Mapping[str, int],
    *,
    min_len: int = 5,
    rare_max: int = 2,
    common_min: int = 5,
    ratio: int = 10,
) -> dict[str, str]:
    """Map rare words to a common word one typo away, learned from the corpus itself.

    A word seen at most ``rare_max`` times that is one dropped letter, swapped pair or changed
    letter away (SymSpell-style shared deletions) from a word seen at least ``common_min`` and
    ``ratio`` times as often is taken as a typo of it ("musyawarh" -> "musyawarah"). Ties go to
    the more frequent word, then alphabetical, so the result does not depend on input order.
    """
    by_delete: dict[str, list[str]] = {}
    common = {w: c for w, c in counts.items() if c >= common_min and len(w) >= min_len}
    for w in common:
        by_delete.setdefault(w, []).append(w)
        for d in _deletes(w):
            by_delete.setdefault(d, []).append(w)
    out: dict[str, str] = {}
    for w, c in counts.items():
        if c > rare_max or len(w) < min_len or w in common:
            continue
        cands: set[str] = set(by_delete.get(w, ()))
        for d in _deletes(w):
            cands.update(by_delete.get(d, ()))
        cands = {x for x in cands if common[x] >= ratio * c}
        if cands:
            out[w] = min(cands, key=lambda x: (-common[x], x))
    return out


# Labels do not run across a comma or a bracket either.
_CLAUSE_END = re.compile(r"[,.!?;:()\n\r]+")


def _label_grams(text: str) -> set[tuple[str, ...]]:
    """Word 2-4-grams within one sentence of the normalised text that neither start nor end
    with a stop word (the same gram counts once per comment)."""
    out: set[tuple[str, ...]] = set()
    for chunk in _CLAUSE_END.split(text):
        words = normal_words(chunk)
        ok = [len(w) > 1 and w not in STOPWORDS for w in words]
        for i, w in enumerate(words):
            if not ok[i]:
                continue
            for n in (2, 3, 4):
                j = i + n - 1
                if j >= len(words):
                    break
                if ok[j] and words[j] != w:
                    out.add(tuple(words[i : j + 1]))
    return out


def theme_labels(
    texts: Sequence[Sequence[str]], keywords: Sequence[Sequence[str]], *, min_share: float = 0.05
) -> list[str]:
    """A readable label per theme: its most distinctive frequent word n-gram (2-4 words).

    ``texts[t]`` are (a sample of) theme t's comments, ``keywords[t]`` its top keywords (surface
    forms, best first). An n-gram scores its share of theme t's comments minus its share of the
    other themes' comments, a little more for each extra word; it must occur in at least
    ``min_share`` of the theme's comments (and twice). N-grams holding one of the first four
    keywords come first, so the label names what the theme is about, not a side remark. Labels
    are in surface form (slang expanded, not stemmed) and distinct between themes; ties go to
    the longer, then alphabetically first phrase. With no such n-gram the label is the top two
    keywords.
    """
    df: list[Counter[tuple[str, ...]]] = []
    for docs in texts:
        c: Counter[tuple[str, ...]] = Counter()
        for text in docs:
            c.update(_label_grams(text))
        df.append(c)
    total: Counter[tuple[str, ...]] = Counter()
    for c in df:
        total.update(c)
    n_all = sum(len(d) for d in texts)
    used: set[str] = set()
    out: list[str] = []
    for t, docs in enumerate(texts):
        n_in = max(1, len(docs))
        n_out = n_all - len(docs)
        floor = max(2.0, min_share * n_in)
        top = set(keywords[t][:4])
        ranked = []
        for gram, k in df[t].items():
            if k < floor:
                continue
            p_out = (total[gram] - k) / n_out if n_out else 0.0
            score = (k / n_in - p_out) * (1 + 0.1 * (len(gram) - 2))
            if score > 0:
                named = any(w in top for w in gram)
                ranked.append((not named, -round(score, 9), -len(gram), " ".join(gram)))
        ranked.sort()
        label = next((r[-1] for r in ranked if r[-1] not in used), "")
        if not label:
            label = " ".join(keywords[t][:2])
        used.add(label)
        out.append(label)
    return out
