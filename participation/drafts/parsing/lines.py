"""Lines: cleaning extracted text (page numbers, running headers, Markdown) and the patterns that
classify a line (BAB, Pasal, ayat, huruf, angka, changes, preamble, penjelasan, lampiran)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from participation.drafts.parsing.numbering import roman_to_int

_MD_HEADING_RE = re.compile(r"^(\s*)#{1,6}\s+(.*?)(\s+#+)?\s*$")
_MD_BULLET_RE = re.compile(r"^(\s*)(?:[-*+]|>)\s+(.*)$")
_MD_RULE_RE = re.compile(r"^\s*([-*_])(\s*\1){2,}\s*$")
_MD_ESCAPE_RE = re.compile(r"\\([\\.()\-*#_\[\]])")


@dataclass
class Line:
    no: int  # 1-based line number in the input (split on newlines only)
    indent: int
    text: str  # whitespace collapsed
    blank_before: bool
    page: int = 1
    raw: str = ""  # as laid out (indentation and column gaps kept)


def md_clean(raw: str) -> str | None:
    """Markdown markup removed from a line; None for a blank line or a horizontal rule."""
    if not raw.strip() or _MD_RULE_RE.match(raw):
        return None
    heading = _MD_HEADING_RE.match(raw)
    if heading:
        raw = heading.group(1) + heading.group(2)
    else:
        bullet = _MD_BULLET_RE.match(raw)
        if bullet:
            raw = bullet.group(1) + bullet.group(2)
    raw = _MD_ESCAPE_RE.sub(r"\1", raw.replace("**", "").replace("__", ""))
    return raw if raw.strip() else None


# --------------------------------------------------------------------------- line classification

_BAB_NUM = r"(?:[IVXLCDM]+|\d+)(?:\s?[A-Z](?![A-Za-z]))?"
_BAB_RE = re.compile(r"^BAB\s+(?P<num>" + _BAB_NUM + r")(?:\s*[:.\-–]?\s+(?P<rest>.+))?$")
BAGIAN_RE = re.compile(
    r"^Bagian\s*(?P<num>Ke[a-z]+(?:\s+(?:belas|puluh))?"
    r"(?:\s+(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan))?|Pertama)"
    r"(?:\s*[:.\-–]\s*(?P<rest>.+)|\s+(?P<title>\S.*))?$",
    re.I,
)
PARAGRAF_RE = re.compile(r"^Paragraf\s+(?P<num>\d+)(?:\s*[:.\-–]\s*(?P<rest>.+)|\s+(?P<title>\S.*))?$", re.I)
PASAL_RE = re.compile(r"^(?:Pasal|PASAL)\s+(?P<num>\d+\s?[A-Za-z]?|[IVXLC]+)$")
AYAT_RE = re.compile(r"^\(\s?(?P<num>\d+[a-z]?)\s?\)\s*(?P<rest>.*)$")
# Headings as OCR misreads them ("Pasal T", "Pasal l", "Pasal [[", "BABT"): read with a warning.
_OCR_ONES = r"[TlI1\[\]|!]{1,4}"
# "Pasal l0", "Pasal 1O": digits with a letter OCR took for 1 or 0
_OCR_DIGITS = r"(?=[0-9lIO|]*\d)(?=[0-9]*[lIO|])[0-9lIO|]{2,3}"
OCR_PASAL_RE = re.compile(r"^(?:Pasal|PASAL)\s*(?P<num>" + _OCR_ONES + "|" + _OCR_DIGITS + r")$")
OCR_BAB_RE = re.compile(r"^BAB\s*(?P<num>" + _OCR_ONES + r")$")
HURUF_RE = re.compile(r"^(?P<num>[a-z]|(?P<twice>[a-z])(?P=twice))\.(?:\s+(?P<rest>.*))?$")
ANGKA_RE = re.compile(r"^(?P<num>\d{1,3})\.(?:\s+(?P<rest>.*))?$")
_HURUF_PAREN_RE = re.compile(r"^(?P<num>[a-z])\)\s*(?P<rest>.*)$")
_ANGKA_PAREN_RE = re.compile(r"^(?P<num>\d{1,3})\)\s*(?P<rest>.*)$")
_ITEM_PATTERNS = (
    ("huruf", HURUF_RE),
    ("angka", ANGKA_RE),
    ("huruf)", _HURUF_PAREN_RE),
    ("angka)", _ANGKA_PAREN_RE),
)


def match_item(text: str) -> tuple[str, re.Match[str]] | None:
    for style, pattern in _ITEM_PATTERNS:
        match = pattern.match(text)
        if match:
            return style, match
    return None


STYLE_KIND = {"huruf": "huruf", "angka": "angka", "huruf)": "huruf", "angka)": "angka"}

# A hard wrap after one of these words means the next line continues a cross-reference
# ("... sebagaimana dimaksud dalam / Pasal 12 ..."), so a marker there is not a new unit.
INCOMPLETE_END_RE = re.compile(
    r"(?:\b(?:ayat|huruf|angka|pasal|nomor|dan|atau|pada|dalam|dengan|serta|sampai|hingga|"
    r"tentang|oleh|di|ke|dari|yang)|[,(/-])$",
    re.I,
)
CHANGE_RE = re.compile(
    r"^(?:Ketentuan|Di\s*antara|Pasal|Penjelasan|Judul|BAB|Bagian|Paragraf|Lampiran|Setelah|"
    r"Sebelum|Menambah|Menyisipkan)\b.*\b(?:diubah|disisipkan|dihapus|ditambah\w*|dicabut|"
    r"berbunyi|disisipkan)\b",
    re.I,
)

DIKTUM_RE = re.compile(r"^M\s?E\s?M\s?U\s?T\s?U\s?S\s?K\s?A\s?N\s*:?$")
PERSETUJUAN_RE = re.compile(r"^Dengan\s+Persetujuan\s+Bersama\b", re.I)
MENETAPKAN_RE = re.compile(r"^Menetapkan\s*:?\s*(?P<rest>.*)$", re.I)
RAHMAT_RE = re.compile(r"^DENGAN\s+RAHMAT\s+TUHAN\b", re.I)
KONSIDERANS_RE = re.compile(r"^(?P<word>Menimbang|Mengingat|Memperhatikan)\b\s*:?\s*(?P<rest>.*)$", re.I)
JUDUL_START_RE = re.compile(r"^[^\w(]{0,2}(?:RANCANGAN|PERATURAN|QANUN|UNDANG-UNDANG)\b")
# The penutup: the closing formula, the signing ("Ditetapkan di", "Disahkan di"; in a layout with a
# paraf table beside it, not at the start of the line), the pengundangan and the gazette line.
CLOSING_RE = re.compile(r"^Agar\s+setiap\s+orang\b")
SIGNING_RE = re.compile(r"(?:^|\s{2,})(?P<word>Ditetapkan|Disahkan|Diundangkan)\s+di\b")
GAZETTE_RE = re.compile(
    r"^(?:TAMBAHAN\s+)?(?:LEMBARAN|BERITA)\s+(?:DAERAH|NEGARA)\b(?:.*\b(?:NOMOR|TAHUN)\b)?"
)
PENJELASAN_RE = re.compile(r"^PENJELASAN(?:\s+ATAS\b.*)?$")
LAMPIRAN_RE = re.compile(r"^LAMPIRAN(?:\s+(?P<num>[IVXLC]+|\d+))?\b")

_PJ_TAIL = r"\s*(?:(?::\s*(?P<rest>.*))|(?P<cj>(?i:cukup\s+jelas).*))?$"
PJ_PASAL_RE = re.compile(r"^(?:Pasal|PASAL)\s+(?P<num>\d+\s?[A-Za-z]?|[IVXLC]+)" + _PJ_TAIL)
PJ_AYAT_RE = re.compile(r"^Ayat\s*\((?P<num>\d+[a-z]?)\)" + _PJ_TAIL, re.I)
PJ_HURUF_RE = re.compile(r"^Huruf\s+(?P<num>[a-z])\b" + _PJ_TAIL, re.I)
PJ_ANGKA_RE = re.compile(r"^Angka\s+(?P<num>\d+)\b" + _PJ_TAIL, re.I)
PJ_LABEL_RE = re.compile(
    r"^(?:(?:Ayat\s*\(\d+[a-z]?\)|Huruf\s+[a-z]{1,2}|Angka\s+\d+)(?:\s*:?\s*Cukup jelas\.?)?|"
    r"Cukup\s+jelas\.?)$",
    re.I,
)
PJ_UMUM_RE = re.compile(r"^(?:I\.\s*)?UMUM$", re.I)
PJ_PDP_RE = re.compile(r"^(?:II\.\s*)?PASAL\s+DEMI\s+PASAL$", re.I)


def has_lowercase(text: str) -> bool:
    return re.search(r"[a-z]", text) is not None


_CONNECTORS = frozenset(
    "dan atau di ke dari yang untuk serta pada dalam tentang oleh bagi atas terhadap".split()
)


def title_case(text: str) -> bool:
    """Written as a heading in title case ("Ketentuan Umum", "Hak dan Kewajiban")."""
    words = text.split()
    if not words or text[-1] in ".,;:" or not words[0][:1].isupper():
        return False
    return all(word[:1].isupper() or not word[:1].isalpha() or word.lower() in _CONNECTORS for word in words)


def heading_case(text: str) -> bool:
    """Set as a BAB title is: in capitals (allowing an abbreviation such as "BUMDes") or, in
    drafts typed in Word, in title case."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return False
    upper = sum(1 for char in letters if char.isupper())
    capitals = upper / len(letters) >= 0.75 and not re.search(r"(?:^|\s)[a-z]", text)
    return capitals or title_case(text)


def bab_line(text: str) -> bool:
    """A line that is a BAB heading on its own ("BAB III", "BAB III KETENTUAN UMUM")."""
    match = _BAB_RE.match(text)
    return bool(match) and (not match.group("rest") or heading_case(match.group("rest")))


def ocr_ones(token: str) -> int:
    """How many "ones" an OCR-misread numeral stands for ("[[" -> 2, "T" -> 1)."""
    return len(token)


def ocr_digits(token: str) -> str | None:
    """The number OCR meant when it mixed digits with look-alike letters ("l0" -> "10")."""
    if not any(char.isdigit() for char in token):
        return None
    return token.translate(str.maketrans("lI|O", "1110"))


def bab_at(lines: list[Line], index: int) -> tuple[str, str | None, int] | None:
    """(number, inline title, lines used) when a BAB heading starts at ``index``."""
    line = lines[index]
    if line.text == "BAB" and index + 1 < len(lines):
        follower = lines[index + 1].text
        if re.fullmatch(_BAB_NUM, follower):
            return follower, None, 2
        return None
    match = _BAB_RE.match(line.text)
    if not match:
        return None
    rest = match.group("rest")
    if rest and not heading_case(rest):
        return None  # a sentence that happens to start with "BAB II ...": a cross-reference
    return match.group("num"), rest, 1


def bab_value(number: str) -> int | None:
    if number.isdigit():
        return int(number)
    value = roman_to_int(number)
    if value is None and len(number) > 1:
        value = roman_to_int(number[:-1])  # inserted BAB "IIIA"
    return value


def pasal_seg(number: str) -> str:
    # Amending "Pasal I" keeps its Roman numeral so it never collides with an Arabic "Pasal 1".
    if not number[:1].isdigit():
        return f"pasal-{number.lower()}"
    return f"pasal-{key_number(number)}"


def key_number(number: str) -> str:
    """Normalise a label for use in a key: roman BAB -> arabic, "5 A" -> "5a"."""
    compact = number.replace(" ", "")
    roman = re.fullmatch(r"([IVXLCDM]+)([A-Z]?)", compact)
    if roman and roman_to_int(roman.group(1)) is not None:
        return f"{roman_to_int(roman.group(1))}{roman.group(2).lower()}"
    return compact.lower()
