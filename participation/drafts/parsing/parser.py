"""The parser's entry point: runs the passes (furniture, segmentation, preamble, batang tubuh,
penutup, penjelasan, lampiran), freezes the trees into units and accounts for every input line."""

from __future__ import annotations

from typing import Any

from participation.drafts.parsing.body import BodyPass
from participation.drafts.parsing.furniture import Prepared, prepare
from participation.drafts.parsing.model import COUNTED_KINDS, Issue, ParseResult, iter_units
from participation.drafts.parsing.penjelasan import PenjelasanPass
from participation.drafts.parsing.penutup import PenutupPass
from participation.drafts.parsing.preamble import PreamblePass
from participation.drafts.parsing.tree import Node, freeze_node

SEGMENTS = ("preamble", "body", "penutup", "penjelasan", "lampiran")


def parse_perda(text: str) -> ParseResult:
    """Parse a regulation text (plain, Markdown, or ``pdftotext -layout`` output)."""
    prepared = prepare(text or "")
    lines = prepared.lines
    warnings: list[Issue] = []
    errors: list[Issue] = []
    aside: list[dict[str, Any]] = []
    if not lines:
        errors.append(Issue("empty", "Teks kosong: unggah berkas yang berisi naskah peraturan.", None))
        return ParseResult(
            "",
            [],
            [],
            [],
            [],
            [],
            dict.fromkeys(COUNTED_KINDS, 0),
            warnings,
            errors,
            _accounting(prepared, {}, []),
        )
    penutup_pass = PenutupPass(lines, warnings, errors, aside)
    segments = penutup_pass.segment()
    preamble_pass = PreamblePass(lines, warnings, errors, aside)
    preamble_nodes = preamble_pass.parse(*segments["preamble"])
    body_nodes = BodyPass(lines, warnings, errors, aside).parse(*segments["body"])
    penutup_nodes = penutup_pass.parse(*segments["penutup"])
    penjelasan_nodes: list[Node] = []
    start, end = segments["penjelasan"]
    if start < end:
        penjelasan_nodes = PenjelasanPass(lines, warnings, errors, aside).parse(start, end)
    lampiran_nodes = penutup_pass.parse_lampiran(*segments["lampiran"])

    used: set[str] = set()
    preamble = [freeze_node(node, "", used) for node in preamble_nodes]
    units = [freeze_node(node, "", used) for node in body_nodes]
    penutup = [freeze_node(node, "", used) for node in penutup_nodes]
    penjelasan = [freeze_node(node, "penjelasan", used, "penjelasan") for node in penjelasan_nodes]
    lampiran = [freeze_node(node, "", used) for node in lampiran_nodes]

    counts = dict.fromkeys(COUNTED_KINDS, 0)
    for unit in iter_units(units):
        counts[unit.kind] = counts.get(unit.kind, 0) + 1
    if counts["pasal"] == 0:
        errors.append(
            Issue(
                "no_pasal",
                "Tidak ditemukan satu pun pasal. Pastikan setiap judul pasal ditulis sendiri di "
                "barisnya, misalnya \u201cPasal 1\u201d.",
                None,
            )
        )
    body_keys = {unit.key for unit in iter_units(units)}
    for unit in iter_units(penjelasan):
        if unit.target_key and unit.target_key not in body_keys:
            warnings.append(
                Issue(
                    "penjelasan_unlinked",
                    f"Penjelasan {unit.kind} {unit.number} tidak menemukan padanannya di batang "
                    f"tubuh ({unit.target_key}, baris {unit.line_start}).",
                    unit.line_start,
                )
            )
    set_aside = sorted(aside, key=lambda item: item["line"])
    return ParseResult(
        title=preamble_pass.title,
        units=units,
        penjelasan=penjelasan,
        preamble=preamble,
        penutup=penutup,
        lampiran=lampiran,
        counts=counts,
        warnings=warnings,
        errors=errors,
        accounting=_accounting(prepared, segments, set_aside),
    )


def _accounting(
    prepared: Prepared, segments: dict[str, tuple[int, int]], set_aside: list[dict[str, Any]]
) -> dict[str, Any]:
    lines = prepared.lines
    data: dict[str, Any] = {"lines": prepared.total, "pages": [list(page) for page in prepared.pages]}
    for name in SEGMENTS:
        start, end = segments.get(name, (0, 0))
        if name == "preamble":
            # the kop before the judul is set aside, not part of the preamble
            kop = {item["line"] for item in set_aside if item["kind"] == "kop"}
            while start < end and lines[start].no in kop:
                start += 1
        data[name] = [lines[start].no, lines[end - 1].no] if start < end else None
    data["furniture"] = [item.to_json() for item in prepared.furniture]
    data["set_aside"] = set_aside
    return data
