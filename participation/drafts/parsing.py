"""Parser for Indonesian regulation texts (perda, raperda, peraturan DPRD) into a unit tree.

Holds the ``Unit`` / ``ParseResult`` / ``Issue`` data model, ``parse_perda`` and ``iter_units``.
The structure follows UU 12/2011 Lampiran II: judul, pembukaan and konsiderans (preamble),
batang tubuh (BAB -> Bagian -> Paragraf -> Pasal -> ayat -> huruf -> angka -> huruf ``a)`` ->
angka ``1)``), penutup, PENJELASAN and LAMPIRAN, plus the amendment form "Pasal I" with
numbered changes.

Pure functions on plain text. Must not import Flask, the database layer, or any ``participation``
area other than ``participation.core``.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Issue",
    "ParseResult",
    "Unit",
    "content_hash",
    "iter_units",
    "ordinal_to_int",
    "parse_perda",
    "roman_to_int",
]

CONTAINER_KINDS = frozenset({"bab", "bagian", "paragraf"})
COUNTED_KINDS = ("bab", "bagian", "paragraf", "pasal", "ayat", "huruf", "angka", "perubahan")


# --------------------------------------------------------------------------- data model


@dataclass(frozen=True)
class Issue:
    """A parse finding. ``message_id`` is Indonesian text shown to the drafting team."""

    code: str
    message_id: str
    line: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message_id, "line": self.line}


@dataclass
class Unit:
    """One addressable piece of the text; ``text`` is the unit's own text, without children."""

    kind: str
    number: str | None
    key: str
    heading: str | None
    text: str
    children: list[Unit]
    line_start: int
    line_end: int
    content_hash: str
    # Only penjelasan units carry it: the key of the body unit they explain.
    target_key: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "number": self.number,
            "key": self.key,
            "heading": self.heading,
            "text": self.text,
            "children": [child.to_json() for child in self.children],
        }
        if self.target_key is not None:
            data["target_key"] = self.target_key
        return data


@dataclass
class ParseResult:
    title: str
    units: list[Unit]
    penjelasan: list[Unit]
    preamble: list[Unit]
    penutup: list[Unit]
    lampiran: list[Unit]
    counts: dict[str, int]
    warnings: list[Issue]
    errors: list[Issue]

    @property
    def ok(self) -> bool:
        return not self.errors

    def find(self, key: str) -> Unit | None:
        for group in (self.preamble, self.units, self.penutup, self.penjelasan, self.lampiran):
            for unit in iter_units(group):
                if unit.key == key:
                    return unit
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "counts": dict(self.counts),
            "warnings": [issue.to_json() for issue in self.warnings],
            "errors": [issue.to_json() for issue in self.errors],
            "units": [unit.to_json() for unit in self.units],
            "penjelasan": [unit.to_json() for unit in self.penjelasan],
        }


def iter_units(units: Iterable[Unit]) -> Iterator[Unit]:
    """Flat pre-order walk (document order)."""
    for unit in units:
        yield unit
        yield from iter_units(unit.children)


def content_hash(heading: str | None, text: str) -> str:
    # Whitespace is normalised so that re-wrapping a PDF does not count as a change of wording.
    normalised = " ".join(f"{heading or ''}\n{text}".split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- numbering helpers

_ROMAN_RE = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(value: str) -> int | None:
    value = value.strip().upper()
    if not value or not _ROMAN_RE.match(value):
        return None
    total = 0
    for index, char in enumerate(value):
        current = _ROMAN_VALUES[char]
        following = _ROMAN_VALUES[value[index + 1]] if index + 1 < len(value) else 0
        total += -current if current < following else current
    return total


_NUMBER_WORDS = {
    "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
    "delapan": 8, "sembilan": 9, "sepuluh": 10, "sebelas": 11, "seratus": 100,
}  # fmt: skip


def ordinal_to_int(words: str) -> int | None:
    """Ordinal as used for Bagian: "Kesatu" 1, "Kedua Belas" 12, "Kedua Puluh Satu" 21."""
    tokens = words.lower().split()
    if tokens == ["pertama"]:
        return 1
    if not tokens or not tokens[0].startswith("ke") or tokens[0][2:] not in _NUMBER_WORDS:
        return None
    value = _NUMBER_WORDS[tokens[0][2:]]
    rest = tokens[1:]
    if rest and rest[0] == "belas" and value < 10:
        value, rest = value + 10, rest[1:]
    elif rest and rest[0] == "puluh" and value < 10:
        value, rest = value * 10, rest[1:]
        if rest and _NUMBER_WORDS.get(rest[0], 99) < 10:
            value, rest = value + _NUMBER_WORDS[rest[0]], rest[1:]
    return None if rest else value


def _pasal_sort_key(number: str) -> tuple[int, str] | None:
    match = re.fullmatch(r"(\d+)([A-Z]*)", number)
    return (int(match.group(1)), match.group(2)) if match else None


def _successor(style: str, number: str) -> str:
    if style.startswith("huruf"):
        return chr(ord(number[0]) + 1) if number and number[0] < "z" else number + "a"
    digits = re.match(r"\d+", number)
    return str(int(digits.group(0)) + 1) if digits else number


def _item_value(number: str) -> int:
    if number.isdigit():
        return int(number)
    return ord(number[0]) - ord("a") + 1 if number else 0


def _first_of(style: str) -> str:
    return "a" if style.startswith("huruf") else "1"


# --------------------------------------------------------------------------- line preparation

_PAGE_NUMBER_RES = (
    re.compile(r"^\d{1,4}$"),
    re.compile(r"^[-–—]\s*\d{1,4}\s*[-–—]$"),
    re.compile(r"^(halaman|hal\.?)\s*\d+(\s*(dari|/)\s*\d+)?$", re.I),
)
_MD_HEADING_RE = re.compile(r"^(\s*)#{1,6}\s+(.*?)(\s+#+)?\s*$")
_MD_BULLET_RE = re.compile(r"^(\s*)(?:[-*+]|>)\s+(.*)$")
_MD_RULE_RE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_MD_ESCAPE_RE = re.compile(r"\\([\\.()\-*#_\[\]])")


@dataclass
class _Line:
    no: int
    indent: int
    text: str
    blank_before: bool


def _clean_raw(raw: str) -> str:
    raw = raw.expandtabs(8)
    for char in ("\u00a0", "\u2007", "\u202f"):
        raw = raw.replace(char, " ")
    return raw.replace("\u200b", "").replace("\ufeff", "").rstrip()


def _is_page_number(stripped: str) -> bool:
    return any(pattern.match(stripped) for pattern in _PAGE_NUMBER_RES)


def _running_furniture(raw_lines: list[str]) -> set[str]:
    """Running headers/footers: the same short line next to two or more page breaks."""
    seen: Counter[str] = Counter()
    for index, raw in enumerate(raw_lines):
        if "\f" not in raw:
            continue
        before = index - 1
        while before >= 0 and not raw_lines[before].strip():
            before -= 1
        if before >= 0:
            seen[" ".join(raw_lines[before].split())] += 1
        after = index + (0 if raw.replace("\f", "").strip() == "" else 1)
        while after < len(raw_lines) and (
            not raw_lines[after].replace("\f", "").strip()
            or _is_page_number(raw_lines[after].replace("\f", "").strip())
        ):
            after += 1
        if after < len(raw_lines) and after != index:
            seen[" ".join(raw_lines[after].split())] += 1
    return {text for text, count in seen.items() if count >= 2 and 0 < len(text) <= 60}


def _prepare(text: str) -> list[_Line]:
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    furniture = _running_furniture(raw_lines)
    lines: list[_Line] = []
    pending_blank = False
    pending_break = False
    for index, original in enumerate(raw_lines):
        if "\f" in original:
            pending_break = True
        raw = _clean_raw(original.replace("\f", " "))
        stripped = " ".join(raw.split())
        if not stripped or _MD_RULE_RE.match(raw):
            pending_blank = True
            continue
        if _is_page_number(stripped) or stripped in furniture:
            pending_break = True
            continue
        heading = _MD_HEADING_RE.match(raw)
        if heading:
            raw = heading.group(1) + heading.group(2)
        else:
            bullet = _MD_BULLET_RE.match(raw)
            if bullet:
                raw = bullet.group(1) + bullet.group(2)
        raw = _MD_ESCAPE_RE.sub(r"\1", raw.replace("**", "").replace("__", ""))
        stripped = " ".join(raw.split())
        if not stripped:
            continue
        lines.append(
            _Line(
                no=index + 1,
                indent=len(raw) - len(raw.lstrip()),
                text=stripped,
                blank_before=pending_blank and not pending_break,
            )
        )
        pending_blank = pending_break = False
    return lines


# --------------------------------------------------------------------------- line classification

_BAB_RE = re.compile(r"^BAB\s+(?P<num>[IVXLCDM]+[A-Z]?|\d+[A-Z]?)(?:\s*[:.\-–]?\s+(?P<rest>.+))?$")
_BAGIAN_RE = re.compile(
    r"^Bagian\s+(?P<num>Ke[a-z]+(?:\s+(?:belas|puluh))?"
    r"(?:\s+(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan))?|Pertama)"
    r"(?:\s*[:.\-–]\s*(?P<rest>.+))?$",
    re.I,
)
_PARAGRAF_RE = re.compile(r"^Paragraf\s+(?P<num>\d+)(?:\s*[:.\-–]\s*(?P<rest>.+))?$", re.I)
_PASAL_RE = re.compile(r"^(?:Pasal|PASAL)\s+(?P<num>\d+\s?[A-Z]?|[IVXLC]+)$")
_AYAT_RE = re.compile(r"^\((?P<num>\d+[a-z]?)\)\s*(?P<rest>.*)$")
_HURUF_RE = re.compile(r"^(?P<num>[a-z])\.(?:\s+(?P<rest>.*))?$")
_ANGKA_RE = re.compile(r"^(?P<num>\d{1,3})\.(?:\s+(?P<rest>.*))?$")
_HURUF_PAREN_RE = re.compile(r"^(?P<num>[a-z])\)\s*(?P<rest>.*)$")
_ANGKA_PAREN_RE = re.compile(r"^(?P<num>\d{1,3})\)\s*(?P<rest>.*)$")
_ITEM_PATTERNS = (
    ("huruf", _HURUF_RE),
    ("angka", _ANGKA_RE),
    ("huruf)", _HURUF_PAREN_RE),
    ("angka)", _ANGKA_PAREN_RE),
)


def _match_item(text: str) -> tuple[str, re.Match[str]] | None:
    for style, pattern in _ITEM_PATTERNS:
        match = pattern.match(text)
        if match:
            return style, match
    return None


_STYLE_KIND = {"huruf": "huruf", "angka": "angka", "huruf)": "huruf", "angka)": "angka"}

# A hard wrap after one of these words means the next line continues a cross-reference
# ("... sebagaimana dimaksud dalam / Pasal 12 ..."), so a marker there is not a new unit.
_INCOMPLETE_END_RE = re.compile(
    r"(?:\b(?:ayat|huruf|angka|pasal|nomor|dan|atau|pada|dalam|dengan|serta|sampai|hingga|"
    r"tentang|oleh|di|ke|dari|yang)|[,(/-])$",
    re.I,
)
_CHANGE_RE = re.compile(
    r"^(?:Ketentuan|Di\s*antara|Pasal|Penjelasan|Judul|BAB|Bagian|Paragraf|Lampiran|Setelah|"
    r"Sebelum|Menambah|Menyisipkan)\b.*\b(?:diubah|disisipkan|dihapus|ditambah\w*|dicabut|"
    r"berbunyi|disisipkan)\b",
    re.I,
)

_DIKTUM_RE = re.compile(r"^M\s?E\s?M\s?U\s?T\s?U\s?S\s?K\s?A\s?N\s*:?$")
_PERSETUJUAN_RE = re.compile(r"^Dengan\s+Persetujuan\s+Bersama\b", re.I)
_MENETAPKAN_RE = re.compile(r"^Menetapkan\s*:?\s*(?P<rest>.*)$", re.I)
_RAHMAT_RE = re.compile(r"^DENGAN\s+RAHMAT\s+TUHAN\b", re.I)
_KONSIDERANS_RE = re.compile(
    r"^(?P<word>Menimbang|Mengingat|Memperhatikan)\b\s*:?\s*(?P<rest>.*)$", re.I
)
_JUDUL_START_RE = re.compile(r"^(?:RANCANGAN|PERATURAN|QANUN)\b")
_PENUTUP_RE = re.compile(
    r"^(?:(?:Ditetapkan|Disahkan|Diundangkan)\s+di\b|(?:TAMBAHAN\s+)?(?:LEMBARAN|BERITA)\s+"
    r"DAERAH\b.*\bNOMOR\b)",
    re.I,
)
_PENJELASAN_RE = re.compile(r"^PENJELASAN(?:\s+ATAS\b.*)?$")
_LAMPIRAN_RE = re.compile(r"^LAMPIRAN(?:\s+(?P<num>[IVXLC]+|\d+))?\b")

_PJ_TAIL = r"\s*(?:(?::\s*(?P<rest>.*))|(?P<cj>(?i:cukup\s+jelas).*))?$"
_PJ_PASAL_RE = re.compile(r"^(?:Pasal|PASAL)\s+(?P<num>\d+\s?[A-Z]?|[IVXLC]+)" + _PJ_TAIL)
_PJ_AYAT_RE = re.compile(r"^Ayat\s*\((?P<num>\d+[a-z]?)\)" + _PJ_TAIL, re.I)
_PJ_HURUF_RE = re.compile(r"^Huruf\s+(?P<num>[a-z])\b" + _PJ_TAIL, re.I)
_PJ_ANGKA_RE = re.compile(r"^Angka\s+(?P<num>\d+)\b" + _PJ_TAIL, re.I)
_PJ_UMUM_RE = re.compile(r"^(?:I\.\s*)?UMUM$", re.I)
_PJ_PDP_RE = re.compile(r"^(?:II\.\s*)?PASAL\s+DEMI\s+PASAL$", re.I)


def _has_lowercase(text: str) -> bool:
    return re.search(r"[a-z]", text) is not None


def _bab_at(lines: list[_Line], index: int) -> tuple[str, str | None, int] | None:
    """(number, inline title, lines used) when a BAB heading starts at ``index``."""
    line = lines[index]
    if line.text == "BAB" and index + 1 < len(lines):
        follower = lines[index + 1].text
        if re.fullmatch(r"[IVXLCDM]+[A-Z]?|\d+[A-Z]?", follower):
            return follower, None, 2
        return None
    match = _BAB_RE.match(line.text)
    if not match:
        return None
    rest = match.group("rest")
    if rest and _has_lowercase(rest):
        return None  # a sentence that happens to start with "BAB II ...": a cross-reference
    return match.group("num"), rest, 1


def _bab_value(number: str) -> int | None:
    if number.isdigit():
        return int(number)
    value = roman_to_int(number)
    if value is None and len(number) > 1:
        value = roman_to_int(number[:-1])  # inserted BAB "IIIA"
    return value


def _pasal_seg(number: str) -> str:
    # Amending "Pasal I" keeps its Roman numeral so it never collides with an Arabic "Pasal 1".
    if not number[:1].isdigit():
        return f"pasal-{number.lower()}"
    return f"pasal-{_key_number(number)}"


def _key_number(number: str) -> str:
    """Normalise a label for use in a key: roman BAB -> arabic, "5 A" -> "5a"."""
    compact = number.replace(" ", "")
    roman = re.fullmatch(r"([IVXLCDM]+)([A-Z]?)", compact)
    if roman and roman_to_int(roman.group(1)) is not None:
        return f"{roman_to_int(roman.group(1))}{roman.group(2).lower()}"
    return compact.lower()


# --------------------------------------------------------------------------- parse tree nodes


@dataclass(eq=False)
class _Node:
    kind: str
    number: str | None
    seg: str
    line_start: int
    flat: bool = False  # key not nested under the parent (body pasal are unique through the text)
    parent: _Node | None = None
    heading_parts: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    line_end: int = 0
    style: str | None = None
    marker_indent: int = 0
    tail_from: int | None = None
    tail_kept: bool = False
    explains: bool = False

    def add(self, child: _Node) -> _Node:
        child.parent = self
        self.children.append(child)
        self.touch(child.line_start)
        return child

    def touch(self, line_no: int) -> None:
        node: _Node | None = self
        while node is not None:
            node.line_end = max(node.line_end, line_no)
            node = node.parent

    def append(self, text: str, line_no: int) -> None:
        if text:
            self.parts.append(text)
        self.touch(line_no)


def _new(kind: str, number: str | None, seg: str, line: _Line, **extra: Any) -> _Node:
    node = _Node(kind=kind, number=number, seg=seg, line_start=line.no, **extra)
    node.line_end = line.no
    return node


def _join(parts: list[str]) -> str:
    joined = ""
    for part in parts:
        if not joined:
            joined = part
        elif joined.endswith("-") and part[:1].islower():
            # Indonesian reduplication wrapped at the hyphen ("rambu-/rambu"): keep the hyphen.
            joined += part
        else:
            joined += " " + part
    return joined


def _freeze(node: _Node, parent_key: str, used: set[str], root: str = "") -> Unit:
    key = node.seg if node.flat or not parent_key else f"{parent_key}/{node.seg}"
    base, suffix = key, 2
    while key in used:
        key, suffix = f"{base}-{suffix}", suffix + 1
    used.add(key)
    heading = " ".join(node.heading_parts) or None
    text = _join(node.parts)
    target = None
    if root and node.explains:
        target = key.removeprefix(root + "/")
    return Unit(
        kind=node.kind,
        number=node.number,
        key=key,
        heading=heading,
        text=text,
        children=[_freeze(child, key, used, root) for child in node.children],
        line_start=node.line_start,
        line_end=max(node.line_end, node.line_start),
        content_hash=content_hash(heading, text),
        target_key=target,
    )


# --------------------------------------------------------------------------- the parser


class _Parser:
    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.warnings: list[Issue] = []
        self.errors: list[Issue] = []
        self.title = ""

    # -- issues

    def warn(self, code: str, message: str, line: int | None) -> None:
        self.warnings.append(Issue(code, message, line))

    def error(self, code: str, message: str, line: int | None) -> None:
        self.errors.append(Issue(code, message, line))

    # -- segmentation

    def segment(self) -> dict[str, tuple[int, int]]:
        lines = self.lines
        total = len(lines)
        search_from = 0
        for index, line in enumerate(lines):
            if _DIKTUM_RE.match(line.text):
                search_from = index
                break
        body_start = total
        for index in range(search_from, total):
            if _bab_at(lines, index) or _PASAL_RE.match(lines[index].text):
                body_start = index
                break
        penjelasan_start = lampiran_start = total
        for index in range(body_start, total):
            text = lines[index].text
            if penjelasan_start == total and _PENJELASAN_RE.match(text):
                penjelasan_start = index
            if lampiran_start == total and _LAMPIRAN_RE.match(text):
                lampiran_start = index
        body_end = min(penjelasan_start, lampiran_start)
        penutup_start = body_end
        for index in range(body_start, body_end):
            if _PENUTUP_RE.match(lines[index].text):
                penutup_start = index
                break
        segments = {
            "preamble": (0, body_start),
            "body": (body_start, penutup_start),
            "penutup": (penutup_start, body_end),
        }
        if penjelasan_start < lampiran_start:
            segments["penjelasan"] = (penjelasan_start, lampiran_start)
            segments["lampiran"] = (lampiran_start, total)
        else:
            segments["lampiran"] = (lampiran_start, penjelasan_start)
            segments["penjelasan"] = (penjelasan_start, total)
        return segments

    # -- preamble: judul, pembukaan, konsiderans, diktum

    def parse_preamble(self, start: int, end: int) -> list[_Node]:
        nodes: list[_Node] = []
        judul: _Node | None = None
        judul_lines: list[str] = []
        current: _Node | None = None
        item_style: str | None = None
        for line in self.lines[start:end]:
            text = line.text
            if judul is None and current is None and _JUDUL_START_RE.match(text):
                judul = _new("judul", None, "judul", line)
                nodes.append(judul)
                current = judul
            if (
                current is judul
                and judul is not None
                and not (_RAHMAT_RE.match(text) or _KONSIDERANS_RE.match(text))
            ):
                judul_lines.append(text)
                judul.touch(line.no)
                continue
            if _RAHMAT_RE.match(text):
                current = _new("pembukaan", None, "pembukaan", line)
                nodes.append(current)
                current.append(text, line.no)
                item_style = None
                continue
            konsiderans = _KONSIDERANS_RE.match(text)
            if konsiderans:
                word = konsiderans.group("word").lower()
                current = _new(word, None, word, line, heading_parts=[word.capitalize()])
                nodes.append(current)
                item_style = "huruf" if word == "menimbang" else "angka"
                text = konsiderans.group("rest")
                if not text:
                    continue
            elif _PERSETUJUAN_RE.match(text) or _DIKTUM_RE.match(text):
                if current is None or current.kind != "diktum":
                    current = _new("diktum", None, "diktum", line)
                    nodes.append(current)
                current.append(text, line.no)
                item_style = None
                continue
            else:
                menetapkan = _MENETAPKAN_RE.match(text)
                if menetapkan:
                    if current is None or current.kind != "diktum":
                        current = _new("diktum", None, "diktum", line)
                        nodes.append(current)
                    current.append(text, line.no)
                    item_style = None
                    continue
            if current is None:
                continue  # kop surat ("PEMERINTAH KOTA ...", "SALINAN") before the judul
            if item_style is not None:
                pattern = _HURUF_RE if item_style == "huruf" else _ANGKA_RE
                match = pattern.match(text)
                container = current if current.style is None else current.parent
                if match and container is not None:
                    siblings = container.children
                    expected = (
                        _successor(item_style, siblings[-1].number or "")
                        if siblings
                        else _first_of(item_style)
                    )
                    if match.group("num") == expected:
                        number = match.group("num")
                        item = _new(item_style, number, f"{item_style}-{number}", line)
                        item.style = item_style
                        container.add(item)
                        item.append(match.group("rest") or "", line.no)
                        current = item
                        continue
            current.append(text, line.no)
        if judul is not None:
            joined = " ".join(judul_lines)
            head, sep, tail = joined.partition(" TENTANG ")
            if not sep and joined.endswith(" TENTANG"):
                head = joined[: -len(" TENTANG")]
            judul.heading_parts = [head.strip()]
            judul.parts = [tail.strip()] if tail.strip() else []
            self.title = tail.strip()
        return nodes

    # -- body

    def parse_body(self, start: int, end: int) -> list[_Node]:
        self.roots: list[_Node] = []
        self.bab: _Node | None = None
        self.bagian: _Node | None = None
        self.paragraf: _Node | None = None
        self.stack: list[_Node] = []  # [pasal, (perubahan, quoted pasal,) ayat, items...]
        self.pasal_seen: dict[str, int] = {}
        self.last_pasal: str | None = None
        self.last_roman = 0
        self.last_bab = 0
        index = start
        previous: _Line | None = None
        while index < end:
            used = self.body_line(index, end, previous)
            previous = self.lines[index + used - 1]
            index += used
        self.close_stack(0)
        return self.roots

    def container_parent(self) -> _Node | None:
        return self.paragraf or self.bagian or self.bab

    def in_amendment(self) -> bool:
        return bool(self.stack) and roman_to_int(self.stack[0].number or "") is not None

    def collect_heading(
        self, node: _Node, index: int, end: int, *, uppercase: bool, limit: int
    ) -> int:
        used = 0
        while index + used < end and used < limit:
            line = self.lines[index + used]
            text = line.text
            if (
                _bab_at(self.lines, index + used)
                or _BAGIAN_RE.match(text)
                or _PARAGRAF_RE.match(text)
                or _PASAL_RE.match(text)
                or _AYAT_RE.match(text)
                or (used and line.blank_before and not uppercase)
            ):
                break
            if uppercase and (_has_lowercase(text) or not re.search(r"[A-Z]", text)):
                break
            node.heading_parts.append(text)
            node.touch(line.no)
            used += 1
        return used

    def body_line(self, index: int, end: int, previous: _Line | None) -> int:
        line = self.lines[index]
        text = line.text
        wrapped = (
            previous is not None
            and not line.blank_before
            and _INCOMPLETE_END_RE.search(previous.text) is not None
        )

        bab = _bab_at(self.lines, index)
        if bab and not wrapped:
            number, inline, used = bab
            node = _new("bab", number, f"bab-{_key_number(number)}", line)
            if inline:
                node.heading_parts.append(inline)
            if self.in_amendment() and len(self.stack) > 1:
                self.close_stack(2)
                self.stack[1].add(node)  # quoted BAB inside a numbered change
            else:
                self.close_stack(0)
                self.check_bab(number, line)
                self.roots.append(node)
                self.bab, self.bagian, self.paragraf = node, None, None
            if not inline:
                used += self.collect_heading(node, index + used, end, uppercase=True, limit=4)
            if not node.heading_parts:
                self.warn("bab_no_title", f"BAB {number} tidak memiliki judul (baris {line.no}).",
                          line.no)  # fmt: skip
            return used

        for kind, pattern in (("bagian", _BAGIAN_RE), ("paragraf", _PARAGRAF_RE)):
            match = pattern.match(text)
            if not match or wrapped:
                continue
            number = match.group("num")
            value = ordinal_to_int(number) if kind == "bagian" else int(number)
            if value is None:
                continue
            node = _new(kind, number, f"{kind}-{value}", line)
            if match.group("rest"):
                node.heading_parts.append(match.group("rest"))
            if self.in_amendment() and len(self.stack) > 1:
                self.close_stack(2)
                self.stack[1].add(node)
            else:
                self.close_stack(0)
                parent = self.bab if kind == "bagian" else (self.bagian or self.bab)
                if parent is not None:
                    parent.add(node)
                else:
                    self.roots.append(node)
                if kind == "bagian":
                    self.bagian, self.paragraf = node, None
                else:
                    self.paragraf = node
            used = 1
            if not match.group("rest"):
                used += self.collect_heading(node, index + 1, end, uppercase=False, limit=3)
            return used

        pasal = _PASAL_RE.match(text)
        if pasal:
            number = pasal.group("num").replace(" ", "")
            if not (wrapped and number != self.expected_pasal()):
                self.start_pasal(number, line)
                return 1

        if not self.stack:
            self.warn(
                "line_unrecognised",
                f"Baris {line.no} tidak dikenali dan dilewati: \u201c{text[:60]}\u201d.",
                line.no,
            )
            return 1

        if self.try_change(line, previous):
            return 1
        if self.try_ayat(line, wrapped):
            return 1
        if self.try_item(line, wrapped):
            return 1
        self.continuation(line)
        return 1

    def expected_pasal(self) -> str:
        if self.last_pasal is None:
            return "1"
        key = _pasal_sort_key(self.last_pasal)
        return str(key[0] + 1) if key else ""

    def check_bab(self, number: str, line: _Line) -> None:
        value = _bab_value(number)
        if value is None:
            return
        bare = re.fullmatch(r"[IVXLCDM]+|\d+", number) is not None
        if bare and value != self.last_bab + 1:
            self.warn(
                "bab_gap",
                f"Nomor BAB melompat dari {self.last_bab} ke {value} (baris {line.no}).",
                line.no,
            )
        self.last_bab = value

    def start_pasal(self, number: str, line: _Line) -> None:
        roman = roman_to_int(number)
        if roman is not None and not number.isdigit():
            self.close_stack(0)
            node = _new("pasal", number, _pasal_seg(number), line, flat=True)
            if roman != self.last_roman + 1:
                self.warn(
                    "pasal_gap",
                    f"Nomor pasal melompat dari {self.last_roman} ke {number} (baris {line.no}).",
                    line.no,
                )
            self.last_roman = roman
            self.attach_top(node)
            return
        if self.in_amendment():
            # A pasal quoted inside "Pasal I": its number belongs to the amended regulation,
            # so it is neither checked for continuity nor flattened.
            node = _new("pasal", number, f"pasal-{_key_number(number)}", line)
            depth = 2 if len(self.stack) > 1 and self.stack[1].kind == "perubahan" else 1
            self.close_stack(depth)
            self.stack[-1].add(node)
            self.stack.append(node)
            return
        self.close_stack(0)
        node = _new("pasal", number, f"pasal-{_key_number(number)}", line, flat=True)
        self.check_pasal(number, line)
        self.attach_top(node)

    def attach_top(self, node: _Node) -> None:
        parent = self.container_parent()
        if parent is not None:
            parent.add(node)
        else:
            self.roots.append(node)
        self.stack = [node]

    def check_pasal(self, number: str, line: _Line) -> None:
        if number in self.pasal_seen:
            self.error(
                "pasal_duplicate",
                f"Pasal {number} muncul lebih dari sekali (baris {self.pasal_seen[number]} "
                f"dan baris {line.no}).",
                line.no,
            )
            return
        self.pasal_seen[number] = line.no
        current = _pasal_sort_key(number)
        previous = _pasal_sort_key(self.last_pasal) if self.last_pasal else (0, "")
        if current and previous:
            same_base_insert = current[0] == previous[0] and current[1] > previous[1]
            next_base = current[0] == previous[0] + 1
            if not (same_base_insert or next_base):
                if self.last_pasal is None:
                    message = f"Pasal pertama bernomor {number}, bukan 1 (baris {line.no})."
                else:
                    message = (
                        f"Nomor pasal melompat dari {self.last_pasal} ke {number} "
                        f"(baris {line.no})."
                    )
                self.warn("pasal_gap", message, line.no)
        self.last_pasal = number

    # -- stack handling

    def close_stack(self, depth: int) -> None:
        """Close open nodes below ``depth``; trailing text of a closed list moves to its parent."""
        while len(self.stack) > depth:
            node = self.stack.pop()
            self.settle_tail(node)

    def settle_tail(self, node: _Node) -> None:
        if node.tail_from is None:
            return
        parent = node.parent
        if parent is None or parent.tail_kept:
            node.tail_from = None
            return
        # Text after the last item of a list, back at the list's indentation, closes the
        # sentence the parent opened ("... maka: a. ...; b. ... / dicabut dan dinyatakan ...").
        tail = node.parts[node.tail_from :]
        del node.parts[node.tail_from :]
        parent.parts.extend(tail)
        node.tail_from = None

    def last_pasal_depth(self) -> int:
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].kind == "pasal":
                return depth
        return 0

    def try_change(self, line: _Line, previous: _Line | None) -> bool:
        if not self.in_amendment():
            return False
        match = _ANGKA_RE.match(line.text)
        if not match:
            return False
        roman = self.stack[0]
        changes = [child for child in roman.children if child.kind == "perubahan"]
        expected = str(len(changes) + 1)
        rest = match.group("rest") or ""
        if match.group("num") != expected:
            return False
        if len(self.stack) > 1 and not _CHANGE_RE.match(rest):
            return False
        self.close_stack(1)
        node = _new("perubahan", expected, f"perubahan-{expected}", line)
        roman.add(node)
        node.append(rest, line.no)
        self.stack.append(node)
        return True

    def try_ayat(self, line: _Line, wrapped: bool) -> bool:
        match = _AYAT_RE.match(line.text)
        if not match:
            return False
        depth = self.last_pasal_depth()
        pasal = self.stack[depth]
        if pasal.kind != "pasal" or (len(self.stack) > 1 and self.stack[1].kind == "perubahan"
                                     and depth < 2):  # fmt: skip
            return False
        number = match.group("num")
        ayat = [child for child in pasal.children if child.kind == "ayat"]
        expected = _successor("angka", ayat[-1].number or "0") if ayat else "1"
        if number != expected:
            if wrapped:
                return False
            label = f"Pasal {pasal.number}"
            if ayat and number == ayat[-1].number:
                self.warn(
                    "ayat_duplicate",
                    f"Ayat ({number}) muncul dua kali di {label} (baris {line.no}).",
                    line.no,
                )
            else:
                self.warn(
                    "ayat_gap",
                    f"Nomor ayat di {label} melompat dari ({ayat[-1].number if ayat else 0}) "
                    f"ke ({number}) (baris {line.no}).",
                    line.no,
                )
        self.close_stack(depth + 1)
        node = _new("ayat", number, f"ayat-{number}", line)
        node.marker_indent = line.indent
        pasal.add(node)
        node.append(match.group("rest"), line.no)
        self.stack.append(node)
        return True

    def try_item(self, line: _Line, wrapped: bool) -> bool:
        found = _match_item(line.text)
        if found is None:
            return False
        style, match = found
        number = match.group("num")
        floor = self.last_pasal_depth()
        open_index = None
        for depth in range(len(self.stack) - 1, floor, -1):
            if self.stack[depth].style == style:
                open_index = depth
                break
        first = _first_of(style)
        if open_index is None:
            if number != first:
                return False  # stray numbering: keep it as text
            parent_depth = len(self.stack) - 1
        else:
            sibling = self.stack[open_index]
            expected = _successor(style, sibling.number or "")
            deepest = self.stack[-1]
            if number == expected:
                parent_depth = open_index - 1
            elif number == first and (
                deepest.style != style or line.indent > sibling.marker_indent + 1
            ):
                parent_depth = len(self.stack) - 1  # a new list nested in the current item
                deepest.tail_from = None
            elif wrapped or _item_value(number) <= _item_value(expected):
                return False
            else:
                parent_depth = open_index - 1
                self.warn(
                    f"{_STYLE_KIND[style]}_gap",
                    f"Urutan {_STYLE_KIND[style]} melompat dari {sibling.number} ke {number} "
                    f"(baris {line.no}).",
                    line.no,
                )
            if parent_depth == open_index - 1 and sibling.tail_from is not None:
                # The previous item kept a blank-separated paragraph although a sibling
                # followed, so in this list such paragraphs belong to their item.
                self.stack[parent_depth].tail_kept = True
                sibling.tail_from = None
        self.close_stack(parent_depth + 1)
        parent = self.stack[parent_depth]
        kind = _STYLE_KIND[style]
        node = _new(kind, number, f"{kind}-{number}", line)
        node.style = style
        node.marker_indent = line.indent
        parent.add(node)
        node.append(match.group("rest") or "", line.no)
        self.stack.append(node)
        return True

    def continuation(self, line: _Line) -> None:
        node = self.stack[-1]
        if (
            node.style is not None
            and node.tail_from is None
            and line.blank_before
            and line.indent <= node.marker_indent
            and not node.children
        ):
            node.tail_from = len(node.parts)
        node.append(line.text, line.no)

    # -- penutup and lampiran

    def parse_block(self, kind: str, start: int, end: int) -> list[_Node]:
        if start >= end:
            return []
        node = _new(kind, None, kind, self.lines[start])
        for line in self.lines[start:end]:
            node.append(line.text, line.no)
        return [node]

    def parse_lampiran(self, start: int, end: int) -> list[_Node]:
        nodes: list[_Node] = []
        current: _Node | None = None
        for line in self.lines[start:end]:
            match = _LAMPIRAN_RE.match(line.text)
            if match:
                number = match.group("num")
                seg = f"lampiran-{_key_number(number)}" if number else "lampiran"
                current = _new("lampiran", number, seg, line, heading_parts=[line.text])
                nodes.append(current)
                continue
            if current is not None:
                current.append(line.text, line.no)
        return nodes

    # -- penjelasan

    def parse_penjelasan(self, start: int, end: int) -> list[_Node]:
        nodes: list[_Node] = []
        current: _Node | None = None
        stack: list[_Node] = []
        for line in self.lines[start + 1 : end]:
            text = line.text
            if _PJ_UMUM_RE.match(text):
                current = _new("umum", None, "umum", line, heading_parts=["Umum"])
                nodes.append(current)
                stack = []
                continue
            if _PJ_PDP_RE.match(text):
                current, stack = None, []
                continue
            if _PENUTUP_RE.match(text):
                current, stack = None, []
                continue
            entry = self.penjelasan_entry(text, line, stack, nodes)
            if entry is not None:
                current = entry
                continue
            if current is not None:
                current.append(text, line.no)
            elif nodes:
                self.warn(
                    "line_unrecognised",
                    f"Baris {line.no} di penjelasan tidak dikenali: \u201c{text[:60]}\u201d.",
                    line.no,
                )
        return nodes

    def penjelasan_entry(
        self, text: str, line: _Line, stack: list[_Node], nodes: list[_Node]
    ) -> _Node | None:
        match = _PJ_PASAL_RE.match(text)
        if match:
            number = match.group("num").replace(" ", "")
            node = _new("pasal", number, _pasal_seg(number), line, explains=True)
            in_change = bool(stack) and stack[0].kind == "perubahan"
            if in_change and roman_to_int(number) is None:
                del stack[1:]
                stack[0].add(node)
                stack.append(node)
            else:
                nodes.append(node)
                stack[:] = [node]
            self.fill_entry(node, match, line)
            return node
        for kind, pattern, parents in (
            ("ayat", _PJ_AYAT_RE, ("pasal",)),
            ("huruf", _PJ_HURUF_RE, ("pasal", "ayat", "angka")),
            ("angka", _PJ_ANGKA_RE, ("pasal", "ayat", "huruf")),
        ):
            match = pattern.match(text)
            if not match or not stack:
                continue
            number = match.group("num")
            top = stack[0]
            roman_root = top.parent if top.kind == "perubahan" else top
            if (
                kind == "angka"
                and roman_root is not None
                and roman_root.kind == "pasal"
                and roman_to_int(roman_root.number or "") is not None
                and stack[-1].kind in ("pasal", "perubahan")
            ):
                # "Pasal I / Angka 3 / Pasal 55 ...": the explanation of the third change.
                node = _new("perubahan", number, f"perubahan-{number}", line, explains=True)
                roman_root.add(node)
                stack[:] = [node]
                self.fill_entry(node, match, line)
                return node
            while stack and stack[-1].kind not in parents:
                stack.pop()
            if not stack:
                return None
            node = _new(kind, number, f"{kind}-{number}", line, explains=True)
            stack[-1].add(node)
            stack.append(node)
            self.fill_entry(node, match, line)
            return node
        return None

    @staticmethod
    def fill_entry(node: _Node, match: re.Match[str], line: _Line) -> None:
        rest = match.group("rest") or match.group("cj") or ""
        node.append(rest.strip(), line.no)


# --------------------------------------------------------------------------- entry point


def parse_perda(text: str) -> ParseResult:
    """Parse a regulation text (plain, Markdown, or ``pdftotext -layout`` output)."""
    lines = _prepare(text or "")
    parser = _Parser(lines)
    if not lines:
        parser.error("empty", "Teks kosong: unggah berkas yang berisi naskah peraturan.", None)
        return ParseResult("", [], [], [], [], [], dict.fromkeys(COUNTED_KINDS, 0),
                           [], parser.errors)  # fmt: skip
    segments = parser.segment()
    preamble_nodes = parser.parse_preamble(*segments["preamble"])
    body_nodes = parser.parse_body(*segments["body"])
    penutup_nodes = parser.parse_block("penutup", *segments["penutup"])
    penjelasan_nodes: list[_Node] = []
    start, end = segments["penjelasan"]
    if start < end:
        penjelasan_nodes = parser.parse_penjelasan(start, end)
    lampiran_nodes = parser.parse_lampiran(*segments["lampiran"])

    used: set[str] = set()
    preamble = [_freeze(node, "", used) for node in preamble_nodes]
    units = [_freeze(node, "", used) for node in body_nodes]
    penutup = [_freeze(node, "", used) for node in penutup_nodes]
    penjelasan = [_freeze(node, "penjelasan", used, "penjelasan") for node in penjelasan_nodes]
    lampiran = [_freeze(node, "", used) for node in lampiran_nodes]

    counts = dict.fromkeys(COUNTED_KINDS, 0)
    for unit in iter_units(units):
        counts[unit.kind] = counts.get(unit.kind, 0) + 1
    if counts["pasal"] == 0:
        parser.error(
            "no_pasal",
            "Tidak ditemukan satu pun pasal. Pastikan setiap judul pasal ditulis sendiri di "
            "barisnya, misalnya \u201cPasal 1\u201d.",
            None,
        )
    body_keys = {unit.key for unit in iter_units(units)}
    for unit in iter_units(penjelasan):
        if unit.target_key and unit.target_key not in body_keys:
            parser.warn(
                "penjelasan_unlinked",
                f"Penjelasan {unit.kind} {unit.number} tidak menemukan padanannya di batang "
                f"tubuh ({unit.target_key}, baris {unit.line_start}).",
                unit.line_start,
            )
    return ParseResult(
        title=parser.title,
        units=units,
        penjelasan=penjelasan,
        preamble=preamble,
        penutup=penutup,
        lampiran=lampiran,
        counts=counts,
        warnings=parser.warnings,
        errors=parser.errors,
    )
