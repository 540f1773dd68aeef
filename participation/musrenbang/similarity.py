"""Similar usulan: a cheap token/trigram similarity, so duplicates are merged, not entered twice.

Pure (no Flask, no SQLAlchemy). Fast enough for the few hundred usulan of one kelurahan and
cycle: each comparison is two small set intersections.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# Words that say nothing about *what* is proposed (they appear in most usulan titles).
STOPWORDS = frozenset(
    "dan di ke dari yang untuk pada dengan atau rt rw jl jalan gang gg kel kelurahan kec "
    "kecamatan kota balikpapan pembangunan pengadaan kegiatan usulan program warga lokasi "
    "sekitar depan belakang samping no nomor".split()
)
_WORD = re.compile(r"[a-z0-9]+")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall(_fold(text)) if len(w) > 2 and w not in STOPWORDS)


def trigrams(text: str) -> frozenset[str]:
    compact = " ".join(_WORD.findall(_fold(text)))
    padded = f"  {compact} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def score(title_a: str, title_b: str, *, text_a: str = "", text_b: str = "") -> float:
    """0..1: word overlap of the titles weighs most, title trigrams catch spelling variants
    ("semenisasi" / "semenisasi"), a little of the permasalahan breaks ties."""
    wa, wb = words(title_a), words(title_b)
    value = 0.55 * _jaccard(wa, wb) + 0.35 * _jaccard(trigrams(title_a), trigrams(title_b))
    if text_a and text_b:
        value += 0.10 * _jaccard(words(title_a + " " + text_a), words(title_b + " " + text_b))
    return round(value, 3)


@dataclass(frozen=True, slots=True)
class Candidate:
    id: int
    title: str
    permasalahan: str = ""


def most_similar(
    title: str,
    candidates: Iterable[Candidate],
    *,
    permasalahan: str = "",
    threshold: float = 0.3,
    limit: int = 5,
) -> list[tuple[Candidate, float]]:
    if not words(title) and len(title.strip()) < 4:
        return []
    scored = [(c, score(title, c.title, text_a=permasalahan, text_b=c.permasalahan)) for c in candidates]
    scored = [item for item in scored if item[1] >= threshold]
    scored.sort(key=lambda item: (-item[1], item[0].id))
    return scored[:limit]
