"""A clean PDF rendering of one parsed draft version, for residents to download and print: judul
and preamble, every BAB / Bagian / Paragraf heading, each Pasal with its ayat, huruf and angka
labelled and indented, the penutup, the penjelasan and any lampiran; a running header (draft
title, version, publication date in WITA) and "Halaman n dari m" on every page.

Built from the stored unit rows and front matter (plain attributes only; nothing is loaded
here). Must not import Flask or ``participation.web``; fonts and the page template are
``participation.core.pdf``'s, shared with the summaries' official reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any, Protocol

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from participation.core.clock import format_wita
from participation.core.pdf import FONT, FONT_BOLD, FONT_ITALIC, INK, MUTED, build_pdf, markup
from participation.drafts.models import unit_label

__all__ = ["LAYOUT", "version_pdf"]

# bumped when the layout changes, so cached copies and browsers' ETags of the old one expire
LAYOUT = 1

CONTAINER_KINDS = frozenset({"bab", "bagian", "paragraf"})
INDENT = 22.0  # points per level below the pasal: room for a label such as "(12)" or "aa."


class UnitRow(Protocol):
    kind: str
    number: str | None
    key: str
    heading: str | None
    text: str
    penjelasan_text: str | None


@cache
def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "naskah",
        fontName=FONT,
        fontSize=10,
        leading=13.5,
        textColor=INK,
        alignment=TA_JUSTIFY,
        spaceAfter=4,
        bulletFontName=FONT,
        bulletFontSize=10,
    )
    heading = ParagraphStyle(
        "heading", body, fontName=FONT_BOLD, alignment=TA_CENTER, keepWithNext=1, spaceAfter=2
    )
    return {
        "body": body,
        "center": ParagraphStyle("center", body, alignment=TA_CENTER),
        "note": ParagraphStyle(
            "note",
            body,
            fontName=FONT_ITALIC,
            fontSize=8,
            leading=10,
            textColor=MUTED,
            alignment=TA_CENTER,
            spaceAfter=10,
        ),
        "judul": ParagraphStyle("judul", heading, fontSize=12, leading=16, spaceAfter=4),
        "section": ParagraphStyle("section", heading, fontSize=12, leading=16, spaceBefore=6, spaceAfter=8),
        "bab": ParagraphStyle("bab", heading, fontSize=11, leading=14.5, spaceBefore=14),
        "bagian": ParagraphStyle("bagian", heading, spaceBefore=10),
        "pasal": ParagraphStyle("pasal", heading, spaceBefore=10, spaceAfter=4),
        "label": ParagraphStyle(
            "label", body, fontName=FONT_BOLD, alignment=0, keepWithNext=1, spaceBefore=6, spaceAfter=2
        ),
    }


@cache
def _level_style(level: int, labelled: bool) -> ParagraphStyle:
    """Text ``level`` steps below its pasal; a label ("(1)", "a.", "1.") hangs to its left."""
    return ParagraphStyle(
        f"level-{level}-{labelled}",
        _styles()["body"],
        leftIndent=level * INDENT,
        bulletIndent=max(level - 1, 0) * INDENT if labelled else 0,
    )


@cache
def _nested_pasal_style(level: int) -> ParagraphStyle:
    # a pasal quoted inside an amendment ("Pasal I" angka 1: "Pasal 49 diubah ...")
    return ParagraphStyle(f"pasal-{level}", _styles()["pasal"], leftIndent=level * INDENT)


def _label(kind: str, number: str | None) -> str | None:
    if not number:
        return None
    return f"({number})" if kind == "ayat" else f"{number}."


def _level(key: str, depth: int = 0) -> int:
    """Steps below the (outermost) pasal the key belongs to: 'pasal-3/ayat-2/huruf-a' → 2."""
    segments = key.split("/")
    for index, segment in enumerate(segments):
        if segment.startswith("pasal-"):
            return len(segments) - 1 - index
    return depth


def _para(text: Any, style: ParagraphStyle, label: str | None = None) -> Paragraph:
    return Paragraph(markup(text), style, bulletText=markup(label) if label else None)


def _container(unit: UnitRow) -> list[Flowable]:
    st = _styles()
    word = {"bab": "BAB", "bagian": "Bagian", "paragraf": "Paragraf"}[unit.kind]
    style = st["bab"] if unit.kind == "bab" else st["bagian"]
    out: list[Flowable] = [_para(f"{word} {unit.number or ''}".strip(), style)]
    if unit.heading:
        out.append(_para(unit.heading, ParagraphStyle(f"{style.name}-h", style, spaceBefore=0)))
    return out


def _body(units: Sequence[UnitRow]) -> list[Flowable]:
    story: list[Flowable] = []
    for unit in units:
        if unit.kind in CONTAINER_KINDS:
            story.extend(_container(unit))
            continue
        level = _level(unit.key, getattr(unit, "depth", 0))
        if unit.kind == "pasal":
            style = _styles()["pasal"] if level == 0 else _nested_pasal_style(level)
            story.append(_para(f"Pasal {unit.number or ''}".strip(), style))
            if unit.text.strip():
                story.append(_para(unit.text, _level_style(level, False)))
            continue
        label = _label(unit.kind, unit.number)
        if unit.text.strip() or label:
            story.append(_para(unit.text, _level_style(level, label is not None), label))
    return story


def _preamble(rows: Sequence[Mapping[str, Any]]) -> list[Flowable]:
    st = _styles()
    story: list[Flowable] = []
    for row in rows:
        kind, key = row.get("kind") or "", row.get("key") or ""
        heading, text = row.get("heading"), row.get("text") or ""
        if kind == "judul":
            if heading:
                story.append(_para(heading, st["judul"]))
            if text:
                story += [_para("TENTANG", st["judul"]), _para(text, st["judul"])]
            story.append(Spacer(1, 8))
        elif kind in {"pembukaan", "diktum"}:
            story.append(_para(text, st["center"]))
        elif "/" in key:  # a point of Menimbang (huruf) or Mengingat (angka)
            number = key.rsplit("/", 1)[1].partition("-")[2] or None
            label = _label(kind, number)
            story.append(_para(text, _level_style(1, label is not None), label))
        else:
            if heading:
                story.append(_para(f"{heading}:", st["label"]))
            if text:
                story.append(_para(text, _level_style(1 if heading else 0, False)))
    return story


def _plain(rows: Sequence[Mapping[str, Any]]) -> list[Flowable]:
    st = _styles()
    story: list[Flowable] = []
    for row in rows:
        if row.get("heading"):
            story.append(_para(row["heading"], st["label"]))
        if row.get("text"):
            story.append(_para(row["text"], st["body"]))
    return story


def _penjelasan(general: Sequence[str], units: Sequence[UnitRow]) -> list[Flowable]:
    st = _styles()
    explained = [u for u in units if u.penjelasan_text]
    if not general and not explained:
        return []
    story: list[Flowable] = [PageBreak(), _para("PENJELASAN", st["section"])]
    if general:
        story.append(_para("I. UMUM", st["label"]))
        story += [_para(text, st["body"]) for text in general if text]
    if explained:
        story.append(_para("II. PASAL DEMI PASAL", st["label"]))
        for unit in explained:
            story.append(_para(unit_label(unit.key), st["label"]))
            story.append(_para(unit.penjelasan_text, _level_style(1, False)))
    return story


def version_pdf(
    *,
    draft_title: str,
    kind_label: str,
    initiator: str,
    number: int,
    version_title: str,
    published_at: dt.datetime | None,
    frontmatter: Mapping[str, Any],
    units: Sequence[UnitRow],
) -> bytes:
    """The version as A4 PDF bytes; ``units`` in document order (by ordinal). The same input
    gives the same bytes."""
    st = _styles()
    shown = f"diterbitkan {format_wita(published_at)}" if published_at is not None else "belum diterbitkan"
    story: list[Flowable] = [
        _para(
            f"Salinan bersih versi {number} hasil pembacaan naskah oleh sistem ({shown}). "
            "Rujukan resmi adalah berkas asli yang diunggah tim penyusun.",
            st["note"],
        ),
    ]
    preamble = list(frontmatter.get("preamble") or [])
    if not any(row.get("kind") == "judul" for row in preamble):
        story.append(_para(version_title or draft_title, st["judul"]))
    story += _preamble(preamble)
    story += _body(units)
    penutup = list(frontmatter.get("penutup") or [])
    if penutup:
        story.append(Spacer(1, 10))
        story += _plain(penutup)
    story += _penjelasan(list(frontmatter.get("penjelasan_umum") or []), units)
    lampiran = list(frontmatter.get("lampiran") or [])
    if lampiran:
        story.append(PageBreak())
        if not str(lampiran[0].get("heading") or "").upper().startswith("LAMPIRAN"):
            story.append(_para("LAMPIRAN", st["section"]))
        story += _plain(lampiran)
    return build_pdf(
        story,
        title=f"{draft_title} — versi {number}",
        author=initiator,
        subject=kind_label,
        header=(draft_title, f"Versi {number} · {shown}"),
        footer="Salinan bersih dari platform partisipasi publik; rujukan resmi: berkas asli.",
    )
