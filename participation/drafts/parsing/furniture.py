"""The first pass: split the input into pages and lines, and set aside page furniture.

Furniture is decided **per page edge**, never by deleting every copy of a line: a running header
or footer is a line repeated at the same edge (the top or bottom lines) of several pages of the
same part (batang tubuh and penjelasan are judged separately); a page number is a number-shaped
line at an edge; a catchword is a page's last line that repeats the first words of the next page
(usually ending in "…", "..." or ". . ."); an electronic-signature (BSrE) footer is recognised by
its wording. A structural heading ("BAB III", "Pasal 12", "Bagian Kedua"), an ayat or list
marker, a penjelasan label ("Ayat (2)", "Cukup jelas.") or a line that reads as part of a
sentence is never a running header. Every line set aside is listed with the reason.

Text without form feeds (pasted, Word, Markdown) has no pages: there only page-number-shaped lines
and signature footers are furniture.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from participation.core.i18n import N_
from participation.drafts.parsing.lines import (
    AYAT_RE,
    BAGIAN_RE,
    PARAGRAF_RE,
    PASAL_RE,
    PENJELASAN_RE,
    PJ_LABEL_RE,
    Line,
    bab_line,
    match_item,
    md_clean,
)

EDGE_DEPTH = 4  # lines looked at from each page edge
_PAGE_NUMBER_RES = (
    re.compile(r"^\d{1,4}$"),
    re.compile(r"^[-–—]\s*\d{1,4}\s*[-–—]$"),
    re.compile(r"^(?:halaman|hal\.?)\s*\d+(?:\s*(?:dari|/)\s*\d+)?$", re.I),
    re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$"),
    # a gazette header with the page number: "2020, No.240 -2-"
    re.compile(r"^\d{4},\s*No\.\s*\d+\s+[-–—]\s*\d{1,4}\s*[-–—]$"),
)
# The BSrE electronic-signature note: one unmistakable line, and lines that belong to it only
# when such a line stands at the same page edge (a regulation on electronic certificates may
# well print "sertifikat elektronik" at the top of a page).
_SIGNATURE_RE = re.compile(r"ditandatangani\s+secara\s+elektronik|sertifikasi\s+elektronik|\bBSrE\b", re.I)
_SIGNATURE_PART_RE = re.compile(
    r"sertifikat\s+elektronik|dokumen\s+elektronik|informasi\s+elektronik|UU\s+ITE\b|"
    r"alat\s+bukti\s+hukum\s+yang\s+sah|tte\.kominfo|bsre\.bssn",
    re.I,
)
_ELLIPSIS_RE = re.compile(r"\s*(?:…|\.{2,}|(?:\s*\.){3,})\s*$")
_WORD_RE = re.compile(r"[\w()]+")

WHY = {
    "page_number": N_("nomor halaman"),
    "running_header": N_("kepala halaman berulang"),
    "running_footer": N_("kaki halaman berulang"),
    "catchword": N_("kata penyambung ke halaman berikutnya"),
    "signature_footer": N_("catatan tanda tangan elektronik (BSrE)"),
}


@dataclass(frozen=True)
class Furniture:
    line: int
    text: str
    kind: str

    def to_json(self) -> dict[str, object]:
        return {"line": self.line, "text": self.text, "kind": self.kind, "why": WHY[self.kind]}


@dataclass
class Prepared:
    lines: list[Line]
    furniture: list[Furniture]
    pages: list[tuple[int, int]]  # 1-based first and last line of each page
    total: int


def clean_raw(raw: str) -> str:
    raw = raw.replace("\f", " ").expandtabs(8)
    for char in ("\u00a0", "\u2007", "\u202f"):
        raw = raw.replace(char, " ")
    return raw.replace("\u200b", "").replace("\ufeff", "").rstrip()


def is_page_number(text: str) -> bool:
    return any(pattern.match(text) for pattern in _PAGE_NUMBER_RES)


def _shape(text: str) -> str:
    """A running header's identity: digits may differ from page to page ("2020, No.240 -3-")."""
    return re.sub(r"\d+", "#", text.lower())


_LABEL_START_RE = re.compile(r"^(?:Pasal|Ayat|Huruf|Angka|BAB|Bagian|Paragraf)\b", re.I)


def _structural(text: str) -> bool:
    return bool(
        _LABEL_START_RE.match(text)
        or bab_line(text)
        or BAGIAN_RE.match(text)
        or PARAGRAF_RE.match(text)
        or PASAL_RE.match(text)
        or AYAT_RE.match(text)
        or PENJELASAN_RE.match(text)
        or PJ_LABEL_RE.match(text)
        or match_item(text)
    )


def _may_repeat(text: str) -> bool:
    """Could this line be a running header or footer at all?"""
    if not text or len(text) > 100 or _structural(text):
        return False
    if text[0].islower() and not text.lower().startswith("www"):
        return False  # the tail of a sentence
    if text[-1] in ",;:" or (text.endswith(".") and " " in text):
        return False
    return True


def _pages(raw_lines: list[str]) -> list[tuple[int, int]]:
    starts = [0] + [i for i, raw in enumerate(raw_lines) if "\f" in raw and i > 0]
    ends = starts[1:] + [len(raw_lines)]
    return [(start, end) for start, end in zip(starts, ends, strict=True) if start < end]


def _part_of(pages: list[tuple[int, int]], texts: list[str]) -> list[int]:
    """0 for pages of the regulation, 1 from the page where PENJELASAN begins."""
    part, parts = 0, []
    for start, end in pages:
        if part == 0 and any(PENJELASAN_RE.match(texts[i]) for i in range(start, end)):
            part = 1
        parts.append(part)
    return parts


def _edge(texts: list[str], start: int, end: int, top: bool) -> list[int]:
    indices = [i for i in range(start, end) if texts[i]]
    return indices[:EDGE_DEPTH] if top else indices[::-1][:EDGE_DEPTH]


def _catchword(last: str, first: str, indent: int) -> bool:
    stripped = _ELLIPSIS_RE.sub("", last)
    if stripped == last:
        # Without an ellipsis: a repeated heading ("Pasal 12" twice across the break), or a few
        # words set at the right margin as catchwords are.
        if last == first and _structural(last) and not match_item(last):
            return True
        if indent < 35 or len(last.split()) > 3:
            return False
    words = _WORD_RE.findall(stripped.lower())
    following = _WORD_RE.findall(first.lower())
    if not words or len(following) < len(words):
        return False
    if stripped == last:
        return words == following[: len(words)]
    # before an ellipsis the last word may be cut short ("Penjamin…" for "Penjaminan")
    return words[:-1] == following[: len(words) - 1] and following[len(words) - 1].startswith(words[-1])


def find_furniture(raw_lines: list[str], texts: list[str]) -> dict[int, str]:
    """Index -> kind for every line set aside as furniture."""
    found: dict[int, str] = {}
    pages = _pages(raw_lines)
    if len(pages) < 2:
        for index, text in enumerate(texts):
            if text and is_page_number(text):
                found[index] = "page_number"
            elif text and _SIGNATURE_RE.search(text) and len(text) < 160:
                found[index] = "signature_footer"
        return found
    parts = _part_of(pages, texts)
    repeated: dict[tuple[int, bool], set[str]] = {}
    for part in set(parts):
        in_part = [page for page, p in zip(pages, parts, strict=True) if p == part]
        for top in (True, False):
            seen: Counter[str] = Counter()
            for start, end in in_part:
                seen.update(
                    {_shape(texts[i]) for i in _edge(texts, start, end, top) if _may_repeat(texts[i])}
                )
            floor = max(2, len(in_part) // 4)
            repeated[(part, top)] = {shape for shape, n in seen.items() if n >= floor}
    for number, ((start, end), part) in enumerate(zip(pages, parts, strict=True)):
        for top in (True, False):
            # The first page opens with the kop and the judul, which a running header may copy
            # ("RANCANGAN PERATURAN DAERAH ..."): there only page numbers count as furniture.
            headers = repeated[(part, top)] if number or not top else set()
            edge = _edge(texts, start, end, top)
            signed = any(_SIGNATURE_RE.search(texts[i]) for i in edge)
            for index in edge:
                text = texts[index]
                if is_page_number(text):
                    found[index] = "page_number"
                elif _SIGNATURE_RE.search(text) or (signed and _SIGNATURE_PART_RE.search(text)):
                    found[index] = "signature_footer"
                elif _shape(text) in headers and _may_repeat(text):
                    found[index] = "running_header" if top else "running_footer"
                else:
                    break
    for index, text in enumerate(texts):
        # "- 2 -" standing alone between blank lines, wherever the page break was put
        isolated = (index == 0 or not texts[index - 1]) and (index + 1 == len(texts) or not texts[index + 1])
        if isolated and text and is_page_number(text) and not text.isdigit():
            found.setdefault(index, "page_number")
    content = [[i for i in range(start, end) if texts[i] and i not in found] for start, end in pages]
    for page, following in zip(content, content[1:], strict=False):
        if not (page and following):
            continue
        last = clean_raw(raw_lines[page[-1]])
        indent = len(last) - len(last.lstrip())
        if _catchword(texts[page[-1]], texts[following[0]], indent):
            found[page[-1]] = "catchword"
    return found


def prepare(text: str) -> Prepared:
    """Lines of the input with furniture set aside; line numbers are 1-based, split on newlines."""
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cleaned = [clean_raw(raw) for raw in raw_lines]
    texts = [" ".join(raw.split()) for raw in cleaned]
    furniture_at = find_furniture(raw_lines, texts)
    lines: list[Line] = []
    furniture: list[Furniture] = []
    pending_blank = pending_break = False
    page = 1
    for index, raw in enumerate(cleaned):
        if "\f" in raw_lines[index] and index > 0:
            pending_break = True
            page += 1
        if index in furniture_at:
            furniture.append(Furniture(index + 1, texts[index], furniture_at[index]))
            continue
        raw = md_clean(raw)
        if raw is None:
            pending_blank = True
            continue
        stripped = " ".join(raw.split())
        lines.append(
            Line(
                no=index + 1,
                indent=len(raw) - len(raw.lstrip()),
                text=stripped,
                blank_before=pending_blank and not pending_break,
                page=page,
                raw=raw,
            )
        )
        pending_blank = pending_break = False
    pages = [(start + 1, end) for start, end in _pages(raw_lines)]
    return Prepared(lines=lines, furniture=furniture, pages=pages, total=len(raw_lines))
