"""Word (.docx) uploads: paragraphs and table cells in document order, with the labels of Word's
automatic numbering put back in front of the text.

Drafting teams number ayat "(1)", huruf "a." and angka "1." with Word's list numbering; the
labels live in ``word/numbering.xml``, not in the paragraph, and python-docx's ``paragraph.text``
leaves them out, so without them the parser would see no ayat at all. ``Numbering`` replays
Word's counters (ECMA-376 part 1, section 17.9) to compute each label.

Must not import Flask, the database layer, or any ``participation`` area other than
``participation.core``.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from participation.core.errors import ValidationError
from participation.drafts.sources.messages import MSG_TOO_LARGE, MSG_UNKNOWN, megabytes

__all__ = ["MAX_DOCX_UNCOMPRESSED", "Numbering", "docx_text", "format_number"]

# A .docx is a zip: cap what it may inflate to, so a small upload cannot expand into gigabytes.
MAX_DOCX_UNCOMPRESSED = 50 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LEVELS = 9  # w:ilvl runs 0..8
_PLACEHOLDER_RE = re.compile(r"%([1-9])")
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


def docx_text(data: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ValidationError(MSG_UNKNOWN, field="file") from exc
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise ValidationError(MSG_UNKNOWN, field="file")
        inflated = sum(info.file_size for info in archive.infolist())
        if inflated > MAX_DOCX_UNCOMPRESSED:
            raise ValidationError(
                MSG_TOO_LARGE.format(size=megabytes(inflated), limit=megabytes(MAX_DOCX_UNCOMPRESSED)),
                field="file",
            )
    import docx  # python-docx; imported here so plain-text uploads do not pay for lxml

    try:
        document = docx.Document(io.BytesIO(data))
        numbering = Numbering.of(document)
    except Exception as exc:  # python-docx raises many exception types for broken files
        raise ValidationError(MSG_UNKNOWN, field="file") from exc
    return "\n".join(_block_lines(document, numbering))


def _block_lines(container: object, numbering: Numbering) -> Iterator[str]:
    """Paragraphs and table cells in document order (tables are often used for lampiran)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            label = numbering.label(block._p)
            yield f"{label} {block.text}" if label else block.text
        elif isinstance(block, Table):
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    # Merged cells are returned once per grid column; read each only once.
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _block_lines(cell, numbering)


@dataclass(frozen=True)
class _Level:
    start: int
    fmt: str  # w:numFmt: decimal, lowerLetter, upperRoman, bullet, none, ...
    text: str  # w:lvlText, e.g. "(%1)" or "%1.%2."
    restart: int | None  # w:lvlRestart (1-based level that restarts this one; 0 = never)
    legal: bool  # w:isLgl: every %n of this level's text in decimal
    style: str | None  # w:pStyle: the paragraph style this level is linked to


class Numbering:
    """Word's list numbering of one document, with the running counters.

    Call ``label`` once per paragraph, in document order (table cells included): it advances the
    counters as Word does and returns the label Word shows ("(2)", "b.", "1.3."), "-" for a
    bullet, or "" for a paragraph without numbering. Counters are kept per numbering instance
    (w:numId) and level; a level restarts when a shallower level of the same instance advances,
    unless its w:lvlRestart says otherwise.
    """

    def __init__(self, numbering: Any | None, styles: Any | None) -> None:
        self._abstracts: dict[str, tuple[dict[int, _Level], str | None]] = {}
        self._nums: dict[str, tuple[str | None, dict[int, tuple[int | None, _Level | None]]]] = {}
        self._styles: dict[str, tuple[str | None, str | None, int | None]] = {}
        self._default_style: str | None = None
        self._levels_cache: dict[str, dict[int, _Level]] = {}
        self._counters: dict[str, list[int | None]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    @classmethod
    def of(cls, document: Any) -> Numbering:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        def part(reltype: str) -> Any | None:
            try:
                return document.part.part_related_by(reltype).element
            except (KeyError, AttributeError):
                return None  # a document without lists or styles has no such part

        return cls(part(RT.NUMBERING), part(RT.STYLES))

    # ------------------------------------------------------------------ reading the parts

    def _read_numbering(self, root: Any) -> None:
        for abstract in root.iterfind(f"{_W}abstractNum"):
            levels = {}
            for lvl in abstract.iterfind(f"{_W}lvl"):
                ilvl = _int(lvl.get(f"{_W}ilvl"))
                if ilvl is not None and 0 <= ilvl < _LEVELS:
                    levels[ilvl] = _level(lvl)
            link = _val(abstract.find(f"{_W}numStyleLink"))
            self._abstracts[abstract.get(f"{_W}abstractNumId") or ""] = (levels, link)
        for num in root.iterfind(f"{_W}num"):
            overrides: dict[int, tuple[int | None, _Level | None]] = {}
            for override in num.iterfind(f"{_W}lvlOverride"):
                ilvl = _int(override.get(f"{_W}ilvl"))
                if ilvl is None or not 0 <= ilvl < _LEVELS:
                    continue
                lvl = override.find(f"{_W}lvl")
                overrides[ilvl] = (
                    _int(_val(override.find(f"{_W}startOverride"))),
                    _level(lvl) if lvl is not None else None,
                )
            self._nums[num.get(f"{_W}numId") or ""] = (_val(num.find(f"{_W}abstractNumId")), overrides)

    def _read_styles(self, root: Any) -> None:
        for style in root.iterfind(f"{_W}style"):
            style_id = style.get(f"{_W}styleId")
            if not style_id:
                continue
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            num_id = ilvl = None
            if num_pr is not None:
                num_id = _val(num_pr.find(f"{_W}numId"))
                ilvl = _int(_val(num_pr.find(f"{_W}ilvl")))
            self._styles[style_id] = (_val(style.find(f"{_W}basedOn")), num_id, ilvl)
            if style.get(f"{_W}type") == "paragraph" and style.get(f"{_W}default") in {"1", "true"}:
                self._default_style = style_id

    # ------------------------------------------------------------------ resolving a paragraph

    def label(self, paragraph: Any) -> str:
        found = self._reference(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        levels = self._levels(num_id)
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, [None] * _LEVELS)
        current = counters[ilvl]
        counters[ilvl] = levels[ilvl].start if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or restart > deeper:  # absent, or naming a deeper level: default
                counters[deeper] = None
            elif restart != 0 and ilvl < restart:
                counters[deeper] = None
        return _render(levels, counters, ilvl)

    def _reference(self, paragraph: Any) -> tuple[str, int] | None:
        """(numId, level) of a paragraph: its own w:numPr first, then its style chain's."""
        num_id: str | None = None
        ilvl: int | None = None
        style_id: str | None = None
        ppr = paragraph.find(f"{_W}pPr")
        if ppr is not None:
            num_pr = ppr.find(f"{_W}numPr")
            if num_pr is not None:
                num_id = _val(num_pr.find(f"{_W}numId"))
                ilvl = _int(_val(num_pr.find(f"{_W}ilvl")))
            style_id = _val(ppr.find(f"{_W}pStyle"))
        chain = self._style_chain(style_id or self._default_style)
        if num_id is None:
            for sid in chain:
                _, style_num, style_ilvl = self._styles[sid]
                if style_num is not None:
                    num_id = style_num
                    ilvl = style_ilvl if ilvl is None else ilvl
                    break
        if num_id is None or num_id == "0":  # numId 0 switches inherited numbering off
            return None
        if ilvl is None:
            # A style linked to a list level (Heading 2 -> level 1) names it in the level's w:pStyle.
            linked = {lvl.style: n for n, lvl in self._levels(num_id).items() if lvl.style}
            ilvl = next((linked[sid] for sid in chain if sid in linked), 0)
        return num_id, min(max(ilvl, 0), _LEVELS - 1)

    def _style_chain(self, style_id: str | None) -> list[str]:
        chain: list[str] = []
        while style_id and style_id in self._styles and style_id not in chain:
            chain.append(style_id)
            style_id = self._styles[style_id][0]
        return chain

    def _levels(self, num_id: str) -> dict[int, _Level]:
        if num_id not in self._levels_cache:
            self._levels_cache[num_id] = self._resolve_levels(num_id, set())
        return self._levels_cache[num_id]

    def _resolve_levels(self, num_id: str, seen: set[str]) -> dict[int, _Level]:
        if num_id in seen or num_id not in self._nums:
            return {}
        seen.add(num_id)
        abstract_id, overrides = self._nums[num_id]
        levels, link = self._abstracts.get(abstract_id or "", ({}, None))
        if link is not None:
            # The list is defined by a numbering style, whose w:numPr names another instance.
            linked_num = self._styles.get(link, (None, None, None))[1]
            if linked_num is not None:
                levels = self._resolve_levels(linked_num, seen) or levels
        levels = dict(levels)
        for ilvl, (start, level) in overrides.items():
            base = level or levels.get(ilvl)
            if base is not None:
                levels[ilvl] = base if start is None else replace(base, start=start)
        return levels


def _render(levels: dict[int, _Level], counters: list[int | None], ilvl: int) -> str:
    level = levels[ilvl]
    if level.fmt == "bullet":
        return "-"  # the bullet glyph is decoration (often a Symbol-font character)

    def value(match: re.Match[str]) -> str:
        n = int(match.group(1)) - 1
        other = levels.get(n)
        if other is None:
            return ""
        count = counters[n] if counters[n] is not None else other.start
        return format_number(count, "decimal" if level.legal else other.fmt)

    return _PLACEHOLDER_RE.sub(value, level.text).strip()


def format_number(value: int, fmt: str) -> str:
    """A counter as Word shows it in format ``fmt`` (unknown formats fall back to decimal)."""
    if fmt in {"none", "bullet"}:
        return ""
    if value <= 0:
        return str(value)
    if fmt in {"lowerLetter", "upperLetter"}:
        # Word goes a..z, then aa..zz, aaa..: the letter repeated, not base 26.
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in {"lowerRoman", "upperRoman"} and value < 4000:
        roman = ""
        for amount, digits in _ROMAN:
            count, value = divmod(value, amount)
            roman += digits * count
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _level(lvl: Any) -> _Level:
    start = _int(_val(lvl.find(f"{_W}start")))
    return _Level(
        # ECMA-376 says an absent w:start means 0, but Word always writes it; 1 is what a
        # hand-made file without it means.
        start=1 if start is None else start,
        fmt=_val(lvl.find(f"{_W}numFmt")) or "decimal",
        text=_val(lvl.find(f"{_W}lvlText")) or "",
        restart=_int(_val(lvl.find(f"{_W}lvlRestart"))),
        legal=_on(lvl.find(f"{_W}isLgl")),
        style=_val(lvl.find(f"{_W}pStyle")),
    )


def _val(element: Any | None) -> str | None:
    return None if element is None else element.get(f"{_W}val")


def _int(text: str | None) -> int | None:
    try:
        return None if text is None else int(text)
    except ValueError:
        return None


def _on(element: Any | None) -> bool:
    return element is not None and element.get(f"{_W}val", "true") not in {"0", "false", "off"}
