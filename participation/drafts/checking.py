"""The parse check the tim penyusun reads before publishing a version, shaped for its page: counts
per kind, errors and warnings, numbering problems grouped, the lines set aside (page furniture,
kop, penutup), and the source text block by block — a PDF's pages (form feeds) or, for text
without pages, runs of lines — next to the units parsed from each block.

Pure functions on the stored parse report, the source text and the stored units. The report's
``accounting`` may be missing or partial (versions imported before the parser kept one): every
part here then falls back to what the text itself says, or to nothing. Must not import Flask or
the database layer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from participation.core.i18n import N_
from participation.core.text import truncate
from participation.drafts.parsing import iter_units, parse_perda

# what the counts table calls each kind (COUNTED_KINDS)
KIND_LABELS = {
    "bab": N_("BAB"),
    "bagian": N_("Bagian"),
    "paragraf": N_("Paragraf"),
    "pasal": N_("Pasal"),
    "ayat": N_("Ayat"),
    "huruf": N_("Huruf"),
    "angka": N_("Angka"),
    "perubahan": N_("Butir perubahan"),
}

SECTION_LABELS = {
    "preamble": N_("Pembukaan (judul, konsiderans, dasar hukum)"),
    "body": N_("Batang tubuh"),
    "penutup": N_("Penutup"),
    "penjelasan": N_("Penjelasan"),
    "lampiran": N_("Lampiran"),
}

NUMBERING_LABELS = {
    "bab_gap": N_("Nomor BAB melompat"),
    "bab_duplicate": N_("Nomor BAB ganda"),
    "pasal_gap": N_("Nomor pasal melompat"),
    "pasal_duplicate": N_("Nomor pasal ganda"),
    "ayat_gap": N_("Nomor ayat melompat"),
    "ayat_duplicate": N_("Nomor ayat ganda"),
    "huruf_gap": N_("Urutan huruf melompat"),
    "huruf_duplicate": N_("Huruf ganda"),
    "angka_gap": N_("Urutan angka melompat"),
    "angka_duplicate": N_("Angka ganda"),
}

# Why an error blocks publishing: each names something residents could not point at reliably.
ERROR_REASONS = {
    "pasal_duplicate": N_(
        "Dua pasal bernomor sama: masukan untuk pasal itu tidak dapat "
        "dialamatkan dengan pasti. Perbaiki nomornya di naskah."
    ),
    "no_pasal": N_(
        "Tidak ada pasal yang terbaca: warga tidak punya bagian untuk diberi masukan. "
        "Periksa apakah judul pasal ditulis \u201cPasal 1\u201d pada barisnya "
        "sendiri."
    ),
}
ERROR_REASON_DEFAULT = N_(
    "Kesalahan ini membuat bagian naskah tidak dapat dialamatkan dengan "
    "pasti, sehingga versi ini tidak dapat diterbitkan sampai diperbaiki."
)

LINES_PER_BLOCK = 60  # text without pages is shown in runs of about this many lines


@dataclass
class SourceLine:
    no: int
    text: str
    state: str = ""  # "", "furniture", "set-aside", "penutup"
    why: str | None = None
    issues: list[dict[str, Any]] = field(default_factory=list)
    section: str | None = None  # a section (SECTION_LABELS key) starting on this line

    @property
    def level(self) -> str:
        if any(i["level"] == "error" for i in self.issues):
            return "error"
        return "warn" if self.issues else ""


@dataclass
class UnitRow:
    key: str
    kind: str
    number: str | None
    heading: str | None
    words: str
    depth: int
    line: int | None


@dataclass
class Block:
    number: int
    first: int
    last: int
    lines: list[SourceLine]
    units: list[UnitRow] = field(default_factory=list)

    @property
    def problems(self) -> int:
        return sum(len(line.issues) for line in self.lines)


@dataclass
class Check:
    paged: bool
    line_count: int
    counts: list[tuple[str, str, int]]
    errors: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    numbering: list[tuple[str, list[dict[str, Any]]]]
    furniture: list[dict[str, Any]]
    set_aside: list[dict[str, Any]]
    penutup: list[SourceLine]
    sections: list[tuple[str, int, int]]
    blocks: list[Block]
    has_accounting: bool


def split_lines(text: str) -> list[str]:
    """The text's lines as the parser numbers them (1-based: line n is ``[n - 1]``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _span(value: object, count: int) -> tuple[int, int] | None:
    if isinstance(value, Sequence) and len(value) == 2 and all(isinstance(v, int) for v in value):
        first, last = max(1, value[0]), min(count, value[1])
        if first <= last:
            return first, last
    return None


def page_ranges(lines: list[str], accounting: Mapping[str, Any]) -> list[tuple[int, int]]:
    """(first, last) line of every page: the parser's own when it kept them, else found from the
    form feeds (pdftotext starts each page's first line with one)."""
    count = len(lines)
    kept = [_span(p, count) for p in accounting.get("pages") or []]
    if kept and all(kept):
        return [p for p in kept if p]
    starts = [1]
    for no, line in enumerate(lines, start=1):
        if "\f" not in line:
            continue
        before, _sep, after = line.rpartition("\f")
        # "last words\f": the next line opens the page; "\fFirst words": this one does
        start = no + 1 if before.replace("\f", "").strip() and not after.strip() else no
        if start <= count and start > starts[-1]:
            starts.append(start)
    return [(start, (starts[i + 1] - 1) if i + 1 < len(starts) else count) for i, start in enumerate(starts)]


def unit_lines(text: str) -> dict[str, int]:
    """The first line of every body unit, by key: the stored units keep no line numbers, so the
    text is parsed again (the same parser gives the same keys)."""
    return {unit.key: unit.line_start for unit in iter_units(parse_perda(text).units)}


def _issues(report: Mapping[str, Any], name: str, level: str) -> list[dict[str, Any]]:
    out = []
    for issue in report.get(name) or []:
        if isinstance(issue, Mapping):
            line = issue.get("line")
            out.append(
                {
                    "code": str(issue.get("code") or ""),
                    "message": str(issue.get("message") or ""),
                    "line": line if isinstance(line, int) else None,
                    "level": level,
                }
            )
    return out


def _entries(accounting: Mapping[str, Any], name: str, count: int) -> list[dict[str, Any]]:
    out = []
    for entry in accounting.get(name) or []:
        if isinstance(entry, Mapping) and isinstance(entry.get("line"), int):
            line = entry["line"]
            out.append(
                {
                    "line": line if 1 <= line <= count else None,
                    "text": str(entry.get("text") or ""),
                    "kind": str(entry.get("kind") or ""),
                    "why": str(entry.get("why") or ""),
                }
            )
    return out


def _blocks_without_pages(count: int, unit_starts: list[int]) -> list[tuple[int, int]]:
    """Runs of about LINES_PER_BLOCK lines, each cut where a unit starts so no unit straddles."""
    starts = sorted({line for line in unit_starts if 1 < line <= count})
    ranges, first = [], 1
    for start in starts:
        if start - first >= LINES_PER_BLOCK:
            ranges.append((first, start - 1))
            first = start
    ranges.append((first, count))
    return ranges


def build(
    report: Mapping[str, Any] | None, text: str, units: Iterable[Any], lines_of: Mapping[str, int]
) -> Check:
    """``units``: the stored units in document order (``key``, ``kind``, ``number``, ``heading``,
    ``text``, ``depth``); ``lines_of``: first line per key (``unit_lines``)."""
    report = report or {}
    accounting = report.get("accounting")
    accounting = accounting if isinstance(accounting, Mapping) else {}
    raw = split_lines(text)
    count = len(raw)
    lines = [SourceLine(no=n, text=line.replace("\f", "").rstrip()) for n, line in enumerate(raw, start=1)]

    errors, warnings = _issues(report, "errors", "error"), _issues(report, "warnings", "warn")
    _attach_issues(lines, errors, warnings, count)
    furniture = _entries(accounting, "furniture", count)
    set_aside = _entries(accounting, "set_aside", count)
    sections, penutup = _mark_lines(lines, accounting, count, furniture=furniture, set_aside=set_aside)

    rows = _unit_rows(units, lines_of, count)
    paged, blocks = _blocks(raw, accounting, lines, rows, count)

    numbering: dict[str, list[dict[str, Any]]] = {}
    for issue in errors + warnings:
        if issue["code"].endswith(("_gap", "_duplicate")):
            numbering.setdefault(issue["code"], []).append(issue)
    counts = report.get("counts") if isinstance(report.get("counts"), Mapping) else {}
    return Check(
        paged=paged,
        line_count=count,
        counts=[
            (kind, KIND_LABELS.get(kind, kind), int(n)) for kind, n in counts.items() if isinstance(n, int)
        ],
        errors=errors,
        warnings=warnings,
        numbering=[(numbering_label(code), found) for code, found in numbering.items()],
        furniture=furniture,
        set_aside=set_aside,
        penutup=penutup,
        sections=sections,
        blocks=blocks,
        has_accounting=bool(accounting),
    )


def _attach_issues(
    lines: list[SourceLine], errors: list[dict[str, Any]], warnings: list[dict[str, Any]], count: int
) -> None:
    """Each error gets its reason; each issue goes on its line (or loses a line out of range)."""
    for issue in errors:
        issue["reason"] = error_reason(issue["code"])
    for issue in errors + warnings:
        if issue["line"] is not None and 1 <= issue["line"] <= count:
            lines[issue["line"] - 1].issues.append(issue)
        else:
            issue["line"] = None


def _mark_lines(
    lines: list[SourceLine],
    accounting: Mapping[str, Any],
    count: int,
    *,
    furniture: list[dict[str, Any]],
    set_aside: list[dict[str, Any]],
) -> tuple[list[tuple[Any, ...]], list[SourceLine]]:
    """Lines marked as page furniture, set aside, a section's first line or the penutup; the
    sections found and the penutup's lines."""
    for entries, state in ((furniture, "furniture"), (set_aside, "set-aside")):
        for entry in entries:
            if entry["line"] is not None:
                lines[entry["line"] - 1].state = state
                lines[entry["line"] - 1].why = entry["why"]
    sections = []
    for name in SECTION_LABELS:
        span = _span(accounting.get(name), count)
        if span:
            sections.append((name, *span))
            lines[span[0] - 1].section = name
    penutup: list[SourceLine] = []
    span = _span(accounting.get("penutup"), count)
    if span:
        penutup = [line for line in lines[span[0] - 1 : span[1]] if line.text.strip()]
        for line in penutup:
            line.state = line.state or "penutup"
    return sections, penutup


def _unit_rows(units: Iterable[Any], lines_of: Mapping[str, int], count: int) -> list[UnitRow]:
    """A row per unit with its first line (a unit without one takes the line before)."""
    rows, last_line = [], None
    for unit in units:
        line = lines_of.get(unit.key)
        line = line if isinstance(line, int) and 1 <= line <= count else last_line
        last_line = line
        rows.append(
            UnitRow(
                key=unit.key,
                kind=unit.kind,
                number=unit.number,
                heading=unit.heading,
                words=truncate(unit.text or "", 90),
                depth=unit.depth,
                line=line,
            )
        )
    return rows


def _blocks(
    raw: list[str], accounting: Mapping[str, Any], lines: list[SourceLine], rows: list[UnitRow], count: int
) -> tuple[bool, list[Block]]:
    """The text in blocks (its pages, or blocks of lines when it has none), each with its units;
    whether the blocks are pages."""
    pages = page_ranges(raw, accounting)
    paged = len(pages) > 1
    if not paged:
        pages = _blocks_without_pages(count, [r.line for r in rows if r.line])
    blocks = [
        Block(number=n, first=first, last=last, lines=lines[first - 1 : last])
        for n, (first, last) in enumerate(pages, start=1)
    ]
    at = 0
    for row in rows:  # both in document order
        line = row.line or 1
        while at + 1 < len(blocks) and line > blocks[at].last:
            at += 1
        blocks[at].units.append(row)
    return paged, blocks


def numbering_label(code: str) -> str:
    if code in NUMBERING_LABELS:
        return NUMBERING_LABELS[code]
    return N_("Penomoran ganda") if code.endswith("_duplicate") else N_("Penomoran melompat")


def error_reason(code: str) -> str:
    return ERROR_REASONS.get(code, ERROR_REASON_DEFAULT)
