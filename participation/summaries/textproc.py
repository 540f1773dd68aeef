"""Indonesian text normalisation for the summaries: the ``Doc`` input record, slang map,
stop words, repeated-letter collapsing and cached Sastrawi stemming.

Pure functions on plain strings. Must not import Flask, SQLAlchemy or any ``participation``
package other than ``participation.core``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "NEGATIONS",
    "SLANG",
    "STOPWORDS",
    "Doc",
    "normalise",
    "normalise_word",
    "raw_words",
    "sentences",
    "stem",
    "theme_labels",
    "tokens",
    "typo_corrections",
]


@dataclass(frozen=True, slots=True)
class Doc:
    """One comment or usulan text as the analysis sees it (no ORM object crosses this line)."""

    id: int
    text: str
    stance: str | None = None
    unit_key: str | None = None
    external_id: str | None = None


# Informal spellings seen in Indonesian public comments (WhatsApp/social-media register).
# Values may hold several words ("dll" -> "dan lain lain"); keys are already lowercase and
# have had repeated letters collapsed, because lookup happens after collapsing.
SLANG: dict[str, str] = {
    "yg": "yang",
    "yng": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "dng": "dengan",
    "tdk": "tidak",
    "gak": "tidak",
    "ga": "tidak",
    "gk": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "enggak": "tidak",
    "engga": "tidak",
    "tak": "tidak",
    "kagak": "tidak",
    "utk": "untuk",
    "untk": "untuk",
    "u": "untuk",
    "krn": "karena",
    "karna": "karena",
    "sdh": "sudah",
    "udah": "sudah",
    "udh": "sudah",
    "dah": "sudah",
    "blm": "belum",
    "blom": "belum",
    "bgt": "banget",
    "tp": "tapi",
    "tpi": "tapi",
    "jd": "jadi",
    "jdi": "jadi",
    "dr": "dari",
    "dri": "dari",
    "pd": "pada",
    "sy": "saya",
    "aku": "saya",
    "gw": "saya",
    "gue": "saya",
    "gua": "saya",
    "kalo": "kalau",
    "klo": "kalau",
    "kl": "kalau",
    "dll": "dan lain lain",
    "dsb": "dan sebagainya",
    "pemkot": "pemerintah kota",
    "pemda": "pemerintah daerah",
    "perda": "peraturan daerah",
    "raperda": "rancangan peraturan daerah",
    "perwali": "peraturan wali kota",
    "ortu": "orang tua",
    "bpk": "bapak",
    "bp": "bapak",
    "ibu2": "ibu ibu",
    "sm": "sama",
    "sma": "sama",
    "aja": "saja",
    "aj": "saja",
    "sj": "saja",
    "jg": "juga",
    "jga": "juga",
    "lg": "lagi",
    "lgi": "lagi",
    "bs": "bisa",
    "bsa": "bisa",
    "hrs": "harus",
    "msh": "masih",
    "masi": "masih",
    "org": "orang",
    "orng": "orang",
    "bnyk": "banyak",
    "byk": "banyak",
    "skrg": "sekarang",
    "skg": "sekarang",
    "sekrg": "sekarang",
    "trs": "terus",
    "trus": "terus",
    "gmn": "bagaimana",
    "gimana": "bagaimana",
    "knp": "kenapa",
    "kpn": "kapan",
    "dmn": "di mana",
    "mksd": "maksud",
    "tsb": "tersebut",
    "spt": "seperti",
    "kyk": "seperti",
    "kayak": "seperti",
    "sblm": "sebelum",
    "stlh": "setelah",
    "thd": "terhadap",
    "trhdp": "terhadap",
    "dpt": "dapat",
    "dapet": "dapat",
    "mrk": "mereka",
    "kami2": "kami",
    "tlg": "tolong",
    "mhn": "mohon",
    "makasih": "terima kasih",
    "mksh": "terima kasih",
    "trims": "terima kasih",
    "thx": "terima kasih",
    "bener": "benar",
    "emang": "memang",
    "mmg": "memang",
    "kok": "kok",
    "pake": "pakai",
    "pk": "pakai",
    "gratisan": "gratis",
    "duit": "uang",
    "mobil2": "mobil mobil",
    "jln": "jalan",
    "jl": "jalan",
    "kec": "kecamatan",
    "kel": "kelurahan",
    "pkl": "pedagang kaki lima",
    "dprd": "dprd",
    "wali2": "wali",
    "nyampah": "membuang sampah",
    "ngurus": "mengurus",
    "bikin": "membuat",
    "cuma": "hanya",
    "cuman": "hanya",
    "doang": "saja",
}

# Words that carry stance ("tidak setuju" vs "setuju"); callers that judge stance keep them.
NEGATIONS: frozenset[str] = frozenset({"tidak", "bukan", "jangan", "belum"})

# Common Indonesian function words (~200). Kept deliberately short of Sastrawi's 800-word list,
# which also drops content words such as "jalan" and "bisa" that matter for themes.
STOPWORDS: frozenset[str] = frozenset(
    """
    ada adalah adanya agar akan akankah akhirnya aku amat anda antara apa apakah apalagi atas
    atau bagaimana bagi bahkan bahwa banget banyak beberapa begitu belum benar berapa berbagai
    bersama beserta bila bisa boleh bukan bukankah cukup dahulu dalam dan dapat dari daripada
    demi demikian dengan di dia dini diri dong dulu guna hal hanya harus hingga ia ialah ini
    itu jadi jangan jika juga justru kala kalau kami kamu kan kapan karena kata ke kecuali
    kemudian kenapa kepada ketika kini kita kok lagi lah lain lalu lebih maka malah mana
    masih mau melainkan memang mereka merupakan meski mungkin namun nanti nya oleh pada
    padahal paling para per pernah pula pun saat saja sama sambil sampai sangat saya se
    sebab sebagai sebagaimana sebelum sebenarnya sebuah sedang sedangkan sehingga sekali
    sekarang selain selalu seluruh semua sementara sendiri seperti sering serta sesuai
    setelah setiap sini situ supaya tadi tanpa tapi telah tentang tentu terhadap terlalu
    tersebut tetapi tidak tiap toh untuk walau walaupun yaitu yakni yang ya pak bu bapak ibu
    mohon tolong terima kasih salam hormat assalamualaikum wassalamualaikum wr wb selamat
    pagi siang sore malam sih deh nah kah tah pula hanya sudah akan sedang lagi pun
    mari ayo oke ok iya tuh nih gitu begini begitulah dimana kemana darimana sana situlah
    agak baik baiklah beri bilang buat ingin jelas kasih kembali kurang lama maupun menurut
    misalnya nantinya pertama kedua ketiga rasa saja sebanyak secara sedikit segera sekitar
    semacam sesudah tahu tampak tetap tiba ujar umumnya
    """.split()
)

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


def _normal_words(text: str) -> list[str]:
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
    return " ".join(_normal_words(text))


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
    words = _normal_words(text)
    if drop_stopwords:
        words = [
            w for w in words if len(w) > 1 and (w not in STOPWORDS or (keep_negations and w in NEGATIONS))
        ]
    if stemmed:
        words = [stem(w) for w in words]
    return words


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
        words = _normal_words(chunk)
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
