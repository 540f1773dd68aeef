"""The batang tubuh pass: a state machine over the body lines following UU 12/2011 Lampiran II
(BAB -> Bagian -> Paragraf -> Pasal -> ayat -> huruf/angka lists), including the amendment form
"Pasal I" with numbered changes that quote whole pasal."""

from __future__ import annotations

import re

from participation.core.i18n import N_
from participation.drafts.parsing.clauses import ClausePass
from participation.drafts.parsing.lines import (
    AYAT_RE,
    BAGIAN_RE,
    INCOMPLETE_END_RE,
    OCR_BAB_RE,
    OCR_PASAL_RE,
    PARAGRAF_RE,
    PASAL_RE,
    Line,
    bab_at,
    bab_value,
    heading_case,
    key_number,
    ocr_digits,
    ocr_ones,
    pasal_seg,
    title_case,
)
from participation.drafts.parsing.numbering import (
    ordinal_to_int,
    pasal_sort_key,
    roman_to_int,
)
from participation.drafts.parsing.tree import Node, new_node


class BodyPass(ClausePass):
    heading_done = False

    def parse(self, start: int, end: int) -> list[Node]:
        self.roots: list[Node] = []
        self.bab: Node | None = None
        self.bagian: Node | None = None
        self.paragraf: Node | None = None
        self.stack: list[Node] = []  # [pasal, (perubahan, quoted pasal,) ayat, items...]
        self.pasal_seen: dict[str, int] = {}
        self.last_pasal: str | None = None
        self.last_roman = 0
        self.last_bab = 0
        index = start
        previous: Line | None = None
        while index < end:
            self.heading_done = False
            used = self.body_line(index, end, previous)
            # a heading's last word ("... DAN", "... OLEH") does not make the next line a wrap
            previous = None if self.heading_done else self.lines[index + used - 1]
            index += used
        self.close_stack(0)
        return self.roots

    def container_parent(self) -> Node | None:
        return self.paragraf or self.bagian or self.bab

    def collect_heading(self, node: Node, index: int, end: int, *, uppercase: bool, limit: int) -> int:
        used = 0
        while index + used < end and used < limit:
            line = self.lines[index + used]
            text = line.text
            if (
                bab_at(self.lines, index + used)
                or BAGIAN_RE.match(text)
                or PARAGRAF_RE.match(text)
                or PASAL_RE.match(text)
                or AYAT_RE.match(text)
                or (used and line.blank_before and not uppercase)
            ):
                break
            if uppercase and not heading_case(text):
                break
            node.heading_parts.append(text)
            node.touch(line.no)
            used += 1
        return used

    def body_line(self, index: int, end: int, previous: Line | None) -> int:
        line = self.lines[index]
        text = line.text
        self.previous_text = previous.text if previous is not None else ""
        wrapped = (
            previous is not None
            and not line.blank_before
            and INCOMPLETE_END_RE.search(previous.text) is not None
        )

        for heading in (self.bab_heading, self.section_heading, self.pasal_heading):
            used = heading(index, end, wrapped)
            if used is not None:
                return used

        if not self.stack:
            self.warn(
                "line_unrecognised",
                f"Baris {line.no} tidak dikenali dan dilewati: \u201c{text[:60]}\u201d.",
                line.no,
            )
            self.set_aside(line, "unrecognised", N_("teks di luar pasal, tidak dikenali"))
            return 1

        following = " ".join(line.text for line in self.lines[index + 1 : min(index + 3, end)])
        if self.try_change(line, following):
            return 1
        if self.try_ayat(line, wrapped):
            return 1
        if self.try_item(line, wrapped):
            return 1
        self.continuation(line)
        return 1

    def bab_heading(self, index: int, end: int, wrapped: bool) -> int | None:
        """A BAB heading (or an OCR-garbled one) at ``index``: lines used, or None."""
        line = self.lines[index]
        text = line.text
        bab = bab_at(self.lines, index)
        ocr = OCR_BAB_RE.match(text) if bab is None and not wrapped else None
        if ocr:
            bab = "I" * min(ocr_ones(ocr.group("num")), 3), None, 1
            self.warn(
                "ocr_heading",
                f"Baris {line.no}: \u201c{text}\u201d dibaca sebagai "
                f"\u201cBAB {bab[0]}\u201d (teks hasil pindaian/OCR); periksa naskah "
                "sumbernya.",
                line.no,
            )
        if bab and not wrapped:
            number, inline, used = bab
            node = new_node("bab", number, f"bab-{key_number(number)}", line)
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
            self.heading_done = True
            return used
        return None

    def section_heading(self, index: int, end: int, wrapped: bool) -> int | None:
        """A Bagian or Paragraf heading at ``index``: lines used, or None."""
        line = self.lines[index]
        text = line.text
        for kind, pattern in (("bagian", BAGIAN_RE), ("paragraf", PARAGRAF_RE)):
            match = pattern.match(text)
            if not match or wrapped:
                continue
            number = match.group("num")
            value = ordinal_to_int(number) if kind == "bagian" else int(number)
            title = match.group("title")
            if value is None or (title and not title_case(title)):
                continue  # "Bagian Kedua dari ...": a sentence, not a heading with its title
            rest = match.group("rest") or title
            node = new_node(kind, number, f"{kind}-{value}", line)
            if rest:
                node.heading_parts.append(rest)
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
            if not rest:
                used += self.collect_heading(node, index + 1, end, uppercase=False, limit=3)
            self.heading_done = True
            return used
        return None

    def pasal_heading(self, index: int, end: int, wrapped: bool) -> int | None:
        """A Pasal heading (or an OCR-garbled one) at ``index``: 1, or None."""
        line = self.lines[index]
        text = line.text
        pasal = PASAL_RE.match(text)
        if (
            pasal
            and re.fullmatch(r"\d+[lI]", pasal.group("num"))
            and ocr_digits(pasal.group("num")) == self.expected_pasal()
        ):
            pasal = None  # "Pasal 1l" where Pasal 11 is due: OCR, read below with a warning
        if pasal:
            number = pasal.group("num").replace(" ", "").upper()
            if not (wrapped and number != self.expected_pasal()):
                self.start_pasal(number, line)
                self.heading_done = True
                return 1
        ocr = OCR_PASAL_RE.match(text)
        if ocr and not wrapped:
            number = self.ocr_pasal(ocr.group("num"), index, end)
            self.warn(
                "ocr_heading",
                f"Baris {line.no}: \u201c{text}\u201d dibaca sebagai "
                f"\u201cPasal {number}\u201d (teks hasil pindaian/OCR); periksa naskah "
                "sumbernya.",
                line.no,
            )
            self.start_pasal(number, line)
            return 1
        return None

    def ocr_pasal(self, token: str, index: int, end: int) -> str:
        """Roman (amending "Pasal I"/"II") or Arabic, whichever the sequence expects."""
        digits = ocr_digits(token)
        if digits is not None:
            return digits
        ones = ocr_ones(token)
        roman = "I" * ones if ones <= 3 else None
        if roman and self.last_roman and ones == self.last_roman + 1:
            return roman
        if roman == "I" and not self.last_roman and self.last_pasal is None:
            following = " ".join(line.text for line in self.lines[index + 1 : min(index + 5, end)])
            if re.search(r"\bdiubah\b|\bBeberapa\s+ketentuan\b", following, re.I):
                return roman
        return "1" * ones

    def expected_pasal(self) -> str:
        if self.last_pasal is None:
            return "1"
        key = pasal_sort_key(self.last_pasal)
        return str(key[0] + 1) if key else ""

    def check_bab(self, number: str, line: Line) -> None:
        value = bab_value(number)
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

    def start_pasal(self, number: str, line: Line) -> None:
        roman = roman_to_int(number)
        if roman is not None and not number.isdigit():
            self.close_stack(0)
            node = new_node("pasal", number, pasal_seg(number), line, flat=True)
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
            node = new_node("pasal", number, f"pasal-{key_number(number)}", line)
            depth = 2 if len(self.stack) > 1 and self.stack[1].kind == "perubahan" else 1
            self.close_stack(depth)
            self.stack[-1].add(node)
            self.stack.append(node)
            return
        self.close_stack(0)
        node = new_node("pasal", number, f"pasal-{key_number(number)}", line, flat=True)
        self.check_pasal(number, line)
        self.attach_top(node)

    def attach_top(self, node: Node) -> None:
        parent = self.container_parent()
        if parent is not None:
            parent.add(node)
        else:
            self.roots.append(node)
        self.stack = [node]

    def check_pasal(self, number: str, line: Line) -> None:
        if number in self.pasal_seen:
            self.error(
                "pasal_duplicate",
                f"Pasal {number} muncul lebih dari sekali (baris {self.pasal_seen[number]} "
                f"dan baris {line.no}).",
                line.no,
            )
            return
        self.pasal_seen[number] = line.no
        current = pasal_sort_key(number)
        previous = pasal_sort_key(self.last_pasal) if self.last_pasal else (0, "")
        if current and previous:
            same_base_insert = current[0] == previous[0] and current[1] > previous[1]
            next_base = current[0] == previous[0] + 1
            if not (same_base_insert or next_base):
                if self.last_pasal is None:
                    message = f"Pasal pertama bernomor {number}, bukan 1 (baris {line.no})."
                else:
                    message = f"Nomor pasal melompat dari {self.last_pasal} ke {number} (baris {line.no})."
                self.warn("pasal_gap", message, line.no)
        self.last_pasal = number
