"""Indonesian text normalisation for the summaries: the ``Doc`` input record, repeated-letter
collapsing, slang expansion (word lists in ``lexicon``), sentences, tokens and cached Sastrawi
stemming. What a corpus teaches about its own words (typo corrections, theme labels) is in
``corpus_terms``.

Pure functions on plain strings. Must not import Flask, SQLAlchemy or any ``participation``
package other than ``participation.core``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from participation.summaries.lexicon import NEGATIONS, SLANG, STOPWORDS

__all__ = [
    "Doc",
    "normal_words",
    "normalise",
    "normalise_word",
    "raw_words",
    "sentences",
    "stem",
    "tokens",
]


@dataclass(frozen=True, slots=True)
class Doc:
    """One comment or usulan text as the analysis sees it (no ORM object crosses this line)."""

    id: int
    text: str
    stance: str | None = None
    unit_key: str | None = None
    external_id: str | None = None


_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"@\w+")
# "anak2" is written Indonesian reduplication ("anak-anak"); expand it before digits go.
_REDUP = re.compile(r"\b([^\W\d_]{2,})2\b")
# Letters only: digits, underscores and punctuation separate words and are dropped.
_WORD = re.compile(r"[^\W\d_]+")
# Same as _WORD for ASCII text, about twice as fast; most comments are plain ASCII.
_WORD_ASCII = re.compile(r"[a-z]+")
_REPEAT3 = re.compile(r"(.)\1{2,}")
# URLs are removed before this runs, so their dots do not end sentences.
_WORD_OR_END = re.compile(r"([^\W\d_]+)|[.!?;:\n\r]+")
_WORD_OR_END_ASCII = re.compile(r"([a-z]+)|[.!?;:\n\r]+")

# Per-distinct-word caches: the same few thousand words repeat across 100k comments, so word
# normalisation and stemming run once per word, not once per occurrence.
_WORD_CACHE_LIMIT = 500_000
_norm_cache: dict[str, tuple[str, ...]] = {}


@functools.lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return frozenset(w for w in StemmerFactory().get_words() if w)


@functools.lru_cache(maxsize=1)
def _stemmer() -> Any:
    # The bare Stemmer, not StemmerFactory().create_stemmer(): that wraps an unbounded private
    # cache and re-normalises every call; our own cache below is the one that counts.
    from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
    from Sastrawi.Stemmer.Stemmer import Stemmer

    return Stemmer(ArrayDictionary(list(_dictionary())))


def _collapse(word: str) -> str:
    """Collapse runs of 3+ equal letters ("bangeeet" -> "banget", "maaaaf" -> "maaf")."""
    if not _REPEAT3.search(word):
        return word
    single = _REPEAT3.sub(r"\1", word)
    double = _REPEAT3.sub(r"\1\1", word)
    # Indonesian has real double letters (maaf, saat, taat): prefer the dictionary form.
    if single not in _dictionary() and double in _dictionary():
        return double
    return single


def normalise_word(word: str) -> tuple[str, ...]:
    """Normalise one lowercase word: collapse repeats, then expand slang (may give several)."""
    cached = _norm_cache.get(word)
    if cached is not None:
        return cached
    collapsed = _collapse(word)
    out = tuple(SLANG.get(collapsed, collapsed).split())
    if len(_norm_cache) >= _WORD_CACHE_LIMIT:
        _norm_cache.clear()
    _norm_cache[word] = out
    return out


def _clean(text: str) -> str:
    text = text.lower()
    # Cheap substring tests first: most comments have no URL, mention or "kata2".
    if "://" in text or "www." in text:
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _MENTION.sub(" ", text)
    if "2" in text:
        text = _REDUP.sub(r"\1 \1", text)
    return text


def raw_words(text: str) -> list[str]:
    """Lowercase words of ``text`` before slang expansion (URLs, mentions, digits gone).

    For callers that cache their own per-distinct-word analysis (``normalise_word``, ``stem``).
    """
    text = _clean(text)
    return (_WORD_ASCII if text.isascii() else _WORD).findall(text)


def normal_words(text: str) -> list[str]:
    out: list[str] = []
    cache_get = _norm_cache.get
    text = _clean(text)
    for raw in (_WORD_ASCII if text.isascii() else _WORD).findall(text):
        norm = cache_get(raw)
        out.extend(norm if norm is not None else normalise_word(raw))
    return out


def normalise(text: str) -> str:
    """Lowercase words with URLs, mentions, digits and punctuation gone and slang expanded.

    Stop words stay and nothing is stemmed: near-duplicate detection needs the word order.
    """
    return " ".join(normal_words(text))


def sentences(text: str) -> list[list[str]]:
    """Split into sentences (on . ! ? ; : and newlines) of normalised words; empty ones dropped."""
    out: list[list[str]] = []
    cur: list[str] = []
    cache_get = _norm_cache.get
    # One pass: each match is either a word (group 1) or a run of sentence-ending marks ("").
    text = _clean(text)
    for raw in (_WORD_OR_END_ASCII if text.isascii() else _WORD_OR_END).findall(text):
        if raw:
            norm = cache_get(raw)
            cur.extend(norm if norm is not None else normalise_word(raw))
        elif cur:
            out.append(cur)
            cur = []
    if cur:
        out.append(cur)
    return out


@functools.lru_cache(maxsize=262_144)
def stem(word: str) -> str:
    """Sastrawi stem of one normalised word ("pembangunan" -> "bangun"), cached per word."""
    result: str = _stemmer().stem(word)
    # Sastrawi returns "" for some non-words; keep the word rather than lose it.
    return result or word


def tokens(
    text: str,
    *,
    stemmed: bool = True,
    drop_stopwords: bool = True,
    keep_negations: bool = False,
) -> list[str]:
    """Normalised (and by default stemmed, stop-word-free) tokens of ``text``.

    ``keep_negations`` keeps "tidak", "bukan", ... even when stop words are dropped, because
    they flip a stance.
    """
    words = normal_words(text)
    if drop_stopwords:
        words = [
            w for w in words if len(w) > 1 and (w not in STOPWORDS or (keep_negations and w in NEGATIONS))
        ]
    if stemmed:
        words = [stem(w) for w in words]
    return words
