"""The parser proper: segments the text, then walks its lines as a state machine over the
structure of UU 12/2011 Lampiran II; ``parse_perda`` is the entry point."""

from __future__ import annotations

import re

from participation.drafts.parsing.lines import (
    ANGKA_RE,
    AYAT_RE,
    BAGIAN_RE,
    CHANGE_RE,
    DIKTUM_RE,
    HURUF_RE,
    INCOMPLETE_END_RE,
    JUDUL_START_RE,
    KONSIDERANS_RE,
    LAMPIRAN_RE,
    MENETAPKAN_RE,
    PARAGRAF_RE,
    PASAL_RE,
    PENJELASAN_RE,
    PENUTUP_RE,
    PERSETUJUAN_RE,
    PJ_ANGKA_RE,
    PJ_AYAT_RE,
    PJ_HURUF_RE,
    PJ_PASAL_RE,
    PJ_PDP_RE,
    PJ_UMUM_RE,
    RAHMAT_RE,
    STYLE_KIND,
    Line,
    bab_at,
    bab_value,
    has_lowercase,
    key_number,
    match_item,
    pasal_seg,
    prepare,
)
from participation.drafts.parsing.model import COUNTED_KINDS, Issue, ParseResult, iter_units
from participation.drafts.parsing.numbering import (
    first_of,
    item_value,
    ordinal_to_int,
    pasal_sort_key,
    roman_to_int,
    successor,
)
from participation.drafts.parsing.tree import Node, freeze_node, new_node


class _Parser:
    def __init__(self, lines: list[Line]) -> None:
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
            if DIKTUM_RE.match(line.text):
                search_from = index
                break
        body_start = total
        for index in range(search_from, total):
            if bab_at(lines, index) or PASAL_RE.match(lines[index].text):
                body_start = index
                break
        penjelasan_start = lampiran_start = total
        for index in range(body_start, total):
            text = lines[index].text
            if penjelasan_start == total and PENJELASAN_RE.match(text):
                penjelasan_start = index
            if lampiran_start == total and LAMPIRAN_RE.match(text):
                lampiran_start = index
        body_end = min(penjelasan_start, lampiran_start)
        penutup_start = body_end
        for index in range(body_start, body_end):
            if PENUTUP_RE.match(lines[index].text):
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

    def parse_preamble(self, start: int, end: int) -> list[Node]:
        nodes: list[Node] = []
        judul: Node | None = None
        judul_lines: list[str] = []
        current: Node | None = None
        item_style: str | None = None
        for line in self.lines[start:end]:
            text = line.text
            if judul is None and current is None and JUDUL_START_RE.match(text):
                judul = new_node("judul", None, "judul", line)
                nodes.append(judul)
                current = judul
            if (
                current is judul
                and judul is not None
                and not (RAHMAT_RE.match(text) or KONSIDERANS_RE.match(text))
            ):
                judul_lines.append(text)
                judul.touch(line.no)
                continue
            if RAHMAT_RE.match(text):
                current = new_node("pembukaan", None, "pembukaan", line)
                nodes.append(current)
                current.append(text, line.no)
                item_style = None
                continue
            konsiderans = KONSIDERANS_RE.match(text)
            if konsiderans:
                word = konsiderans.group("word").lower()
                current = new_node(word, None, word, line, heading_parts=[word.capitalize()])
                nodes.append(current)
                item_style = "huruf" if word == "menimbang" else "angka"
                text = konsiderans.group("rest")
                if not text:
                    continue
            elif PERSETUJUAN_RE.match(text) or DIKTUM_RE.match(text):
                if current is None or current.kind != "diktum":
                    current = new_node("diktum", None, "diktum", line)
                    nodes.append(current)
                current.append(text, line.no)
                item_style = None
                continue
            else:
                menetapkan = MENETAPKAN_RE.match(text)
                if menetapkan:
                    if current is None or current.kind != "diktum":
                        current = new_node("diktum", None, "diktum", line)
                        nodes.append(current)
                    current.append(text, line.no)
                    item_style = None
                    continue
            if current is None:
                continue  # kop surat ("PEMERINTAH KOTA ...", "SALINAN") before the judul
            if item_style is not None:
                pattern = HURUF_RE if item_style == "huruf" else ANGKA_RE
                match = pattern.match(text)
                container = current if current.style is None else current.parent
                if match and container is not None:
                    siblings = container.children
                    expected = (
                        successor(item_style, siblings[-1].number or "")
                        if siblings
                        else first_of(item_style)
                    )
                    if match.group("num") == expected:
                        number = match.group("num")
                        item = new_node(item_style, number, f"{item_style}-{number}", line)
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

    def parse_body(self, start: int, end: int) -> list[Node]:
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
            used = self.body_line(index, end, previous)
            previous = self.lines[index + used - 1]
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
            if uppercase and (has_lowercase(text) or not re.search(r"[A-Z]", text)):
                break
            node.heading_parts.append(text)
            node.touch(line.no)
            used += 1
        return used

    def body_line(self, index: int, end: int, previous: Line | None) -> int:
        line = self.lines[index]
        text = line.text
        wrapped = (
            previous is not None
            and not line.blank_before
            and INCOMPLETE_END_RE.search(previous.text) is not None
        )

        bab = bab_at(self.lines, index)
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
            return used

        pasal = PASAL_RE.match(text)
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

    def try_change(self, line: Line, previous: Line | None) -> bool:
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
        if len(self.stack) > 1 and not CHANGE_RE.match(rest):
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
        ayat = [child for child in pasal.children if child.kind == "ayat"]
        expected = successor("angka", ayat[-1].number or "0") if ayat else "1"
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

    # -- penutup and lampiran

    def parse_block(self, kind: str, start: int, end: int) -> list[Node]:
        if start >= end:
            return []
        node = new_node(kind, None, kind, self.lines[start])
        for line in self.lines[start:end]:
            node.append(line.text, line.no)
        return [node]

    def parse_lampiran(self, start: int, end: int) -> list[Node]:
        nodes: list[Node] = []
        current: Node | None = None
        for line in self.lines[start:end]:
            match = LAMPIRAN_RE.match(line.text)
            if match:
                number = match.group("num")
                seg = f"lampiran-{key_number(number)}" if number else "lampiran"
                current = new_node("lampiran", number, seg, line, heading_parts=[line.text])
                nodes.append(current)
                continue
            if current is not None:
                current.append(line.text, line.no)
        return nodes

    # -- penjelasan

    def parse_penjelasan(self, start: int, end: int) -> list[Node]:
        nodes: list[Node] = []
        current: Node | None = None
        stack: list[Node] = []
        for line in self.lines[start + 1 : end]:
            text = line.text
            if PJ_UMUM_RE.match(text):
                current = new_node("umum", None, "umum", line, heading_parts=["Umum"])
                nodes.append(current)
                stack = []
                continue
            if PJ_PDP_RE.match(text):
                current, stack = None, []
                continue
            if PENUTUP_RE.match(text):
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
        self, text: str, line: Line, stack: list[Node], nodes: list[Node]
    ) -> Node | None:
        match = PJ_PASAL_RE.match(text)
        if match:
            number = match.group("num").replace(" ", "")
            node = new_node("pasal", number, pasal_seg(number), line, explains=True)
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
            ("ayat", PJ_AYAT_RE, ("pasal",)),
            ("huruf", PJ_HURUF_RE, ("pasal", "ayat", "angka")),
            ("angka", PJ_ANGKA_RE, ("pasal", "ayat", "huruf")),
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
                node = new_node("perubahan", number, f"perubahan-{number}", line, explains=True)
                roman_root.add(node)
                stack[:] = [node]
                self.fill_entry(node, match, line)
                return node
            while stack and stack[-1].kind not in parents:
                stack.pop()
            if not stack:
                return None
            node = new_node(kind, number, f"{kind}-{number}", line, explains=True)
            stack[-1].add(node)
            stack.append(node)
            self.fill_entry(node, match, line)
            return node
        return None

    @staticmethod
    def fill_entry(node: Node, match: re.Match[str], line: Line) -> None:
        rest = match.group("rest") or match.group("cj") or ""
        node.append(rest.strip(), line.no)


# --------------------------------------------------------------------------- entry point


def parse_perda(text: str) -> ParseResult:
    """Parse a regulation text (plain, Markdown, or ``pdftotext -layout`` output)."""
    lines = prepare(text or "")
    parser = _Parser(lines)
    if not lines:
        parser.error("empty", "Teks kosong: unggah berkas yang berisi naskah peraturan.", None)
        return ParseResult("", [], [], [], [], [], dict.fromkeys(COUNTED_KINDS, 0),
                           [], parser.errors)  # fmt: skip
    segments = parser.segment()
    preamble_nodes = parser.parse_preamble(*segments["preamble"])
    body_nodes = parser.parse_body(*segments["body"])
    penutup_nodes = parser.parse_block("penutup", *segments["penutup"])
    penjelasan_nodes: list[Node] = []
    start, end = segments["penjelasan"]
    if start < end:
        penjelasan_nodes = parser.parse_penjelasan(start, end)
    lampiran_nodes = parser.parse_lampiran(*segments["lampiran"])

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
