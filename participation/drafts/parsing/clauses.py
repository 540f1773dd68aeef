"""Inside a pasal: the open-unit stack and its clauses (numbered changes of an amendment, ayat,
huruf/angka lists at any depth, and the text that continues them)."""

from __future__ import annotations

import re

from participation.drafts.parsing.lines import (
    ANGKA_RE,
    AYAT_RE,
    CHANGE_RE,
    STYLE_KIND,
    Line,
    match_item,
)
from participation.drafts.parsing.numbering import first_of, item_value, roman_to_int, successor
from participation.drafts.parsing.tree import Node, Pass, new_node

_AFTER_AYAT_RE = re.compile(r"\bayat$", re.I)
_REFERENCE_RE = re.compile(r"^(?:huruf|angka|ayat|pasal|dan|atau|sampai|s\.d\.|[,;)])", re.I)


class ClausePass(Pass):
    stack: list[Node]
    previous_text = ""

    def in_amendment(self) -> bool:
        return bool(self.stack) and roman_to_int(self.stack[0].number or "") is not None

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
        if wrapped and (
            _AFTER_AYAT_RE.search(self.previous_text) or _REFERENCE_RE.match(match.group("rest"))
        ):
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
            elif number == first and (deepest.style != style or line.indent > sibling.marker_indent + 1):
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
