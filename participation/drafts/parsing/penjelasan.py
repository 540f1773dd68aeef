"""The penjelasan pass: "I. UMUM", "II. PASAL DEMI PASAL" and the entries that explain a pasal,
ayat, huruf or angka ("Pasal 5 Cukup jelas.", "Ayat (2)", "Huruf a", "Pasal I Angka 3 ..."), each
linked to the body unit it explains."""

from __future__ import annotations

import re

from participation.core.i18n import N_
from participation.drafts.parsing.lines import (
    GAZETTE_RE,
    PJ_ANGKA_RE,
    PJ_AYAT_RE,
    PJ_HURUF_RE,
    PJ_PASAL_RE,
    PJ_PDP_RE,
    PJ_UMUM_RE,
    SIGNING_RE,
    Line,
    pasal_seg,
)
from participation.drafts.parsing.numbering import roman_to_int
from participation.drafts.parsing.tree import Node, Pass, new_node


class PenjelasanPass(Pass):
    def parse(self, start: int, end: int) -> list[Node]:
        nodes: list[Node] = []
        current: Node | None = None
        stack: list[Node] = []
        self.set_aside(self.lines[start], "heading", N_("judul penjelasan"))
        for line in self.lines[start + 1 : end]:
            text = line.text
            if PJ_UMUM_RE.match(text):
                current = new_node("umum", None, "umum", line, heading_parts=["Umum"])
                nodes.append(current)
                stack = []
                continue
            if PJ_PDP_RE.match(text):
                current, stack = None, []
                self.set_aside(line, "heading", N_("judul bagian penjelasan"))
                continue
            if SIGNING_RE.search(line.raw or text) or GAZETTE_RE.match(text):
                current, stack = None, []
                self.set_aside(line, "penutup", N_("nomor tambahan lembaran daerah/negara"))
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
                self.set_aside(line, "unrecognised", N_("baris penjelasan yang tidak dikenali"))
            else:
                self.set_aside(line, "heading", N_("judul penjelasan"))
        return nodes

    def penjelasan_entry(self, text: str, line: Line, stack: list[Node], nodes: list[Node]) -> Node | None:
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
