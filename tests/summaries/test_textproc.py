"""Indonesian normalisation: slang, repeated letters, stop words, cached stemming."""

import pytest

from participation.summaries import textproc
from participation.summaries.corpus_terms import typo_corrections
from participation.summaries.lexicon import SLANG, STOPWORDS
from participation.summaries.textproc import normalise, sentences, stem, tokens


def test_slang_map_is_large_and_expands() -> None:
    assert len(SLANG) >= 60
    assert normalise("yg gak dtg krn hujan, tdk jd") == "yang tidak dtg karena hujan tidak jadi"
    assert normalise("pemkot & perda dll") == ("pemerintah kota peraturan daerah dan lain lain")
    assert normalise("ortu sy udah bayar") == "orang tua saya sudah bayar"


def test_strips_urls_mentions_digits_punctuation() -> None:
    assert normalise("Cek https://x.id/a?b=1 @walikota!!! Rp 5.000,- #parkir") == "cek rp parkir"


def test_repeated_letters_collapse_but_real_double_letters_stay() -> None:
    assert normalise("bangeeeet parahhhh") == "banget parah"
    assert normalise("maaaaf") == "maaf"
    assert normalise("saat taat") == "saat taat"


def test_reduplication_with_digit() -> None:
    assert normalise("anak2 sekolah") == "anak anak sekolah"


def test_stopwords_and_negation_flag() -> None:
    assert 150 <= len(STOPWORDS) <= 300
    assert tokens("saya tidak setuju dengan tarif parkir", stemmed=False) == [
        "setuju",
        "tarif",
        "parkir",
    ]
    kept = tokens("saya gak setuju dengan tarif parkir", stemmed=False, keep_negations=True)
    assert kept == ["tidak", "setuju", "tarif", "parkir"]


def test_stemming() -> None:
    assert stem("pembangunan") == "bangun"
    assert stem("pedagang") == "dagang"
    assert tokens("Pembangunan drainase yg terlambat") == ["bangun", "drainase", "lambat"]


def test_stem_is_cached_per_word(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = textproc._stemmer()

    class Counting:
        def stem(self, word: str) -> str:
            calls.append(word)
            return real.stem(word)

    monkeypatch.setattr(textproc, "_stemmer", lambda: Counting())
    stem.cache_clear()
    try:
        assert stem("perbaikan") == "baik"
        assert stem("perbaikan") == "baik"
        assert calls == ["perbaikan"]
        assert stem.cache_info().hits >= 1
    finally:
        stem.cache_clear()


def test_sentences_split_and_normalise() -> None:
    assert sentences("Tarif naik!! Sy keberatan. Kenapa?") == [
        ["tarif", "naik"],
        ["saya", "keberatan"],
        ["kenapa"],
    ]


def test_typo_corrections_from_corpus_counts() -> None:
    counts = {
        "musyawarah": 50,
        "musyawarh": 1,
        "muysawarah": 1,
        "parkir": 40,
        "parker": 1,
        "kota": 30,
        "kita": 1,
        "retribusi": 3,
        "retibusi": 1,
    }
    fixes = typo_corrections(counts)
    assert fixes["musyawarh"] == "musyawarah"  # dropped letter
    assert fixes["muysawarah"] == "musyawarah"  # swapped neighbours
    assert fixes["parker"] == "parkir"  # changed letter
    assert "retibusi" not in fixes  # the common word is not common enough
    assert "kita" not in fixes  # short words are left alone: kita is not a typo of kota
    assert "musyawarah" not in fixes
