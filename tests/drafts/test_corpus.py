"""Every fact of every real regulation in ``tests/fixtures/regulations`` (18 documents, raw
``pdftotext -layout`` output, hand-checked ``facts.json``; see its README), plus: no body word
lost, and every input line accounted for.

The three OCR scans must be right too, or carry a warning that names the line the parser could
not read; none of them needs that today except Kendari's misread headings, which are read and
warned about (``ocr_heading``)."""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from participation.drafts.parsing import ParseResult, iter_units, parse_perda
from tests.drafts.corpus_facts import compare_text, observed

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "regulations"
FACTS = {fact["id"]: fact for fact in json.loads((CORPUS / "facts.json").read_text("utf-8"))}
OCR_SCANS = {
    "pergub_sulut_2015_13_perubahan_uptd_dinas_kesehatan",
    "pergub_sulut_2016_13_tarif_angkutan",
    "perwali_kota_kendari_2024_08_perubahan_kedua_tim_percepatan",
}
IDS = sorted(FACTS)
# every other real text the project holds: no facts file, but nothing may be lost either
EARLIER = sorted([*(CORPUS.parent / "perda").glob("*.txt"), *(CORPUS.parent / "perda").glob("*.md")])
ALL_TEXTS = [CORPUS / f"{doc}.txt" for doc in IDS] + EARLIER


@cache
def _parsed(doc: str) -> ParseResult:
    return parse_perda((CORPUS / f"{doc}.txt").read_text("utf-8"))


def _observed(doc: str) -> dict:
    return observed(_parsed(doc), isinstance(FACTS[doc]["pasal"], dict))


def test_corpus_is_complete() -> None:
    assert len(FACTS) == 18
    assert all((CORPUS / f"{doc}.txt").exists() for doc in FACTS)
    assert len(OCR_SCANS & set(FACTS)) == 3


@pytest.mark.parametrize("doc", IDS)
def test_bab_labels(doc: str) -> None:
    want = [label.replace(" ", "") for label in FACTS[doc]["babs"]]
    assert _observed(doc)["babs"] == want


@pytest.mark.parametrize("doc", IDS)
def test_bagian_and_paragraf_counts(doc: str) -> None:
    got = _observed(doc)
    assert (got["bagian_count"], got["paragraf_count"]) == (
        FACTS[doc]["bagian_count"],
        FACTS[doc]["paragraf_count"],
    )


@pytest.mark.parametrize("doc", IDS)
def test_pasal_sequence(doc: str) -> None:
    assert _observed(doc)["pasal"] == FACTS[doc]["pasal"]


@pytest.mark.parametrize("doc", IDS)
def test_ayat_samples(doc: str) -> None:
    got = _observed(doc)["ayat"]
    assert {pasal: got.get(pasal) for pasal in FACTS[doc]["ayat_samples"]} == FACTS[doc]["ayat_samples"]


@pytest.mark.parametrize("doc", IDS)
def test_last_pasal_and_closing_formula(doc: str) -> None:
    """The facts give the last pasal with the closing formula; the parser keeps the formula as
    the penutup's first unit, so the two together must read exactly as printed."""
    want = FACTS[doc]["last_pasal"]
    got = _observed(doc)["last_pasal"]
    assert got["number"] == want["number"]
    assert compare_text(got["text"], want["text"]), got["text"]
    assert "Agar setiap orang" not in got["own_text"]


@pytest.mark.parametrize("doc", IDS)
def test_penjelasan(doc: str) -> None:
    assert _observed(doc)["penjelasan"] == FACTS[doc]["penjelasan"]


@pytest.mark.parametrize("doc", IDS)
def test_no_errors_and_ocr_only_warned(doc: str) -> None:
    result = _parsed(doc)
    assert result.errors == []
    ocr = [w for w in result.warnings if w.code == "ocr_heading"]
    if doc not in OCR_SCANS:
        assert ocr == []
    for warning in ocr:
        assert warning.line
        assert f"Baris {warning.line}" in warning.message_id


def test_kendari_misread_headings_are_named() -> None:
    result = _parsed("perwali_kota_kendari_2024_08_perubahan_kedua_tim_percepatan")
    lines = (
        (CORPUS / "perwali_kota_kendari_2024_08_perubahan_kedua_tim_percepatan.txt")
        .read_text("utf-8")
        .split("\n")
    )
    named = {w.line: lines[w.line - 1].strip() for w in result.warnings if w.code == "ocr_heading"}
    assert sorted(named.values()) == sorted(["Pasal T", "BABT", "Pasal l", "Pasal [["])


# --------------------------------------------------------------------------- nothing lost

_LABELS = {"bab": "BAB", "bagian": "Bagian", "paragraf": "Paragraf", "pasal": "Pasal"}


def _words(text: str) -> list[str]:
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text)  # "BagianKedua" reads as "Bagian Kedua"
    return re.findall(r"[^\W\d_]{2,}", text.lower())


def body_word_counts(doc_text: str, result: ParseResult) -> tuple[Counter, Counter]:
    """(words of the body's input lines, words of the body units), furniture left out of the
    first and headings misread by OCR left out of both."""
    span = result.accounting["body"]
    skip = {item["line"] for item in result.accounting["furniture"]}
    skip |= {w.line for w in result.warnings if w.code == "ocr_heading"}
    lines = doc_text.replace("\r\n", "\n").split("\n")
    source: Counter[str] = Counter()
    for no in range(span[0], span[1] + 1):
        if no not in skip:
            source.update(_words(lines[no - 1]))
    parsed: Counter[str] = Counter()
    for unit in iter_units(result.units):
        if unit.line_start in skip and unit.kind in _LABELS:
            parsed.update(_words(unit.heading or ""))
            parsed.update(_words(unit.text))
            continue
        label = _LABELS.get(unit.kind, "")
        number = unit.number or ""
        parsed.update(_words(f"{label} {number} {unit.heading or ''} {unit.text}"))
    return source, parsed


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: p.stem)
def test_no_body_word_lost_or_added(path: Path) -> None:
    text = path.read_text("utf-8")
    source, parsed = body_word_counts(text, parse_perda(text))
    assert source - parsed == Counter(), "lost"
    assert parsed - source == Counter(), "added"


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: p.stem)
def test_every_line_accounted_for_once(path: Path) -> None:
    """Each non-blank line is in exactly one segment, or set aside with a reason."""
    text = path.read_text("utf-8")
    result = parse_perda(text)
    acc = result.accounting
    groups = {
        "preamble": result.preamble,
        "body": result.units,
        "penutup": result.penutup,
        "penjelasan": result.penjelasan,
        "lampiran": result.lampiran,
    }
    covered = {
        name: {no for unit in iter_units(units) for no in range(unit.line_start, unit.line_end + 1)}
        for name, units in groups.items()
    }
    lines = text.split("\n")
    assert acc["lines"] == len(lines)
    spans = [acc[name] for name in ("preamble", "body", "penutup", "penjelasan", "lampiran") if acc[name]]
    spans.sort()
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        assert end < start  # segments never overlap
    aside = {item["line"]: item for item in acc["furniture"] + acc["set_aside"]}
    assert len(aside) == len(acc["furniture"]) + len(acc["set_aside"])
    for no, line in enumerate(lines, start=1):
        if not line.strip() or not re.search(r"\w", line):
            continue
        if no in aside:
            continue  # set aside (furniture within a segment's range, or the kop before it)
        inside = [name for name in groups if acc[name] and acc[name][0] <= no <= acc[name][1]]
        assert len(inside) == 1, (no, line)
        assert no in covered[inside[0]], (no, line)  # in a unit of its segment
    for item in aside.values():
        assert item["why"]
        assert item["kind"]
    assert acc["pages"][0][0] == 1
    assert acc["pages"][-1][1] == len(lines)


@pytest.mark.parametrize("doc", IDS)
def test_title_is_the_subject_after_tentang(doc: str) -> None:
    want = FACTS[doc]["title"].split(" tentang ", 1)[1]
    got = _parsed(doc).title
    if doc in OCR_SCANS:  # as OCR read it ("WALT KOTA KENDARlNOMOR"): most words right
        words = set(want.lower().split())
        assert len(words & set(got.lower().split())) >= 0.7 * len(words), got
    else:
        assert " ".join(got.lower().split()) == " ".join(want.lower().split())
