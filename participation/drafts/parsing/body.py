"""The batang tubuh pass: a state machine over the body lines following UU 12/2011 Lampiran II
(BAB -> Bagian -> Paragraf -> Pasal -> ayat -> huruf/angka lists), including the amendment form
"Pasal I" with numbered changes that quote whole pasal."""

from __future__ import annotations

import re

from participation.drafts.parsing.lines import (
    ANGKA_RE,
    AYAT_RE,
    BAGIAN_RE,
    CHANGE_RE,
    INCOMPLETE_END_RE,
    OCR_BAB_RE,
    OCR_PASAL_RE,
    PARAGRAF_RE,
    PASAL_RE,
    STYLE_KIND,
    Line,
    bab_at,
    bab_value,
    heading_case,
    key_number,
    match_item,
    ocr_ones,
    pasal_seg,
)
from participation.drafts.parsing.numbering import (
    first_of,
    item_value,
    ordinal_to_int,
    pasal_sort_key,
    roman_to_int,
    successor,
)
from participation.drafts.parsing.tree import Node, Pass, new_node

_AFTER_AYAT_RE = re.compile(r"\bayat$", re.I)
_REFERENCE_RE = re.compile(r"^(?:huruf|angka|ayat|pasal|dan|atau|sampai|s\.d\.|[,;)])", re.I)


class BodyPass(Pass):
    previous_text = ""
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

    def in_amendment(self) -> bool:
        return bool(self.stack) and roman_to_int(self.stack[0].number or "") is not None

    def collect_heading(
        self, node: Node, index: int, end: int, *, uppercase: bool, limit: int
    ) -> int:
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

        bab = bab_at(self.lines, index)
        ocr = OCR_BAB_RE.match(text) if bab is None and not wrapped else None
        if ocr:
            bab = "I" * min(ocr_ones(ocr.group("num")), 3), None, 1
            self.warn("ocr_heading", f"Baris {line.no}: \u201c{text}\u201d dibaca sebagai "
                      f"\u201cBAB {bab[0]}\u201d (teks hasil pindaian/OCR); periksa naskah "
                      "sumbernya.", line.no)
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

        for kind, pattern in (("bagian", BAGIAN_RE), ("paragraf", PARAGRAF_RE)):
            match = pattern.match(text)
            if not match or wrapped:
                continue
            number = match.group("num")
            value = ordinal_to_int(number) if kind == "bagian" else int(number)
            if value is None:
                continue
            node = new_node(kind, number, f"{kind}-{value}", line)
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
            self.heading_done = True
            return used

        pasal = PASAL_RE.match(text)
        if pasal:
            number = pasal.group("num").replace(" ", "").upper()
            if not (wrapped and number != self.expected_pasal()):
                self.start_pasal(number, line)
                self.heading_done = True
                return 1
        ocr = OCR_PASAL_RE.match(text)
        if ocr and not wrapped:
            number = self.ocr_pasal(ocr.group("num"), index, end)
            self.warn("ocr_heading", f"Baris {line.no}: \u201c{text}\u201d dibaca sebagai "
                      f"\u201cPasal {number}\u201d (teks hasil pindaian/OCR); periksa naskah "
                      "sumbernya.", line.no)
            self.start_pasal(number, line)
            return 1

        if not self.stack:
            self.warn(
                "line_unrecognised",
                f"Baris {line.no} tidak dikenali dan dilewati: \u201c{text[:60]}\u201d.",
                line.no,
            )
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

    def ocr_pasal(self, token: str, index: int, end: int) -> str:
        """Roman (amending "Pasal I"/"II") or Arabic, whichever the sequence expects."""
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

    def settle_tail(self, node: Node) -> None:
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

    def try_change(self, line: Line, following: str) -> bool:
        if not self.in_amendment():
            return False
        match = ANGKA_RE.match(line.text)
        if not match:
            return False
        roman = self.stack[0]
        changes = [child for child in roman.children if child.kind == "perubahan"]
        expected = str(len(changes) + 1)
        rest = match.group("rest") or ""
        if match.group("num") != expected:
            return False
        # the verb ("diubah", "disisipkan" ...) may come after a hard wrap
        if len(self.stack) > 1 and not CHANGE_RE.match(f"{rest} {following}"):
            return False
        self.close_stack(1)
        node = new_node("perubahan", expected, f"perubahan-{expected}", line)
        roman.add(node)
        node.append(rest, line.no)
        self.stack.append(node)
        return True

    def try_ayat(self, line: Line, wrapped: bool) -> bool:
        match = AYAT_RE.match(line.text)
        if not match:
            return False
        depth = self.last_pasal_depth()
        pasal = self.stack[depth]
        if pasal.kind != "pasal" or (len(self.stack) > 1 and self.stack[1].kind == "perubahan"
                                     and depth < 2):  # fmt: skip
            return False
        number = match.group("num")
        if wrapped and (_AFTER_AYAT_RE.search(self.previous_text)
                        or _REFERENCE_RE.match(match.group("rest"))):
            return False  # "... Pasal 9 ayat / (1) huruf b ...": a wrapped cross-reference
        ayat = [child for child in pasal.children if child.kind == "ayat"]
        expected = successor("angka", ayat[-1].number or "0") if ayat else "1"
        inserted = bool(ayat) and re.fullmatch(rf"{re.escape(ayat[-1].number or '')}[a-z]", number)
        if number != expected and not inserted:
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
        node = new_node("ayat", number, f"ayat-{number}", line)
        node.marker_indent = line.indent
        pasal.add(node)
        node.append(match.group("rest"), line.no)
        self.stack.append(node)
        return True

    def try_item(self, line: Line, wrapped: bool) -> bool:
        found = match_item(line.text)
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
        first = first_of(style)
        if open_index is None:
            if number != first:
                return False  # stray numbering: keep it as text
            parent_depth = len(self.stack) - 1
        else:
            sibling = self.stack[open_index]
            expected = successor(style, sibling.number or "")
            deepest = self.stack[-1]
            if number == expected:
                parent_depth = open_index - 1
            elif number == first and (
                deepest.style != style or line.indent > sibling.marker_indent + 1
            ):
                parent_depth = len(self.stack) - 1  # a new list nested in the current item
                deepest.tail_from = None
            elif wrapped or item_value(number) <= item_value(expected):
                return False
            else:
                parent_depth = open_index - 1
                self.warn(
                    f"{STYLE_KIND[style]}_gap",
                    f"Urutan {STYLE_KIND[style]} melompat dari {sibling.number} ke {number} "
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
        kind = STYLE_KIND[style]
        node = new_node(kind, number, f"{kind}-{number}", line)
        node.style = style
        node.marker_indent = line.indent
        parent.add(node)
        node.append(match.group("rest") or "", line.no)
        self.stack.append(node)
        return True

    def continuation(self, line: Line) -> None:
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
