"""The penutup pass: where the batang tubuh ends, and the closing formula ("Agar setiap orang
mengetahuinya ..."), the signing, the pengundangan, the gazette line and the LAMPIRAN, each a
unit of its own.

The body ends at the first of these that starts a line on its own terms: a hard-wrapped
"Lembaran Daerah ..." inside a pasal (the citation of a repealed perda) is not an end, nor is a
sentence that merely goes on with "Agar ...".
"""

from __future__ import annotations

from participation.drafts.parsing.lines import (
    BAGIAN_RE,
    CLOSING_RE,
    DIKTUM_RE,
    GAZETTE_RE,
    INCOMPLETE_END_RE,
    LAMPIRAN_RE,
    OCR_PASAL_RE,
    PASAL_RE,
    PENJELASAN_RE,
    SIGNING_RE,
    Line,
    bab_at,
    heading_case,
    key_number,
)
from participation.drafts.parsing.tree import Node, Pass, new_node

PARTS = {"Ditetapkan": "pengesahan", "Disahkan": "pengesahan", "Diundangkan": "pengundangan"}


def _continues(previous: Line | None, line: Line) -> bool:
    """Does ``line`` carry on the sentence of ``previous`` (a hard wrap, not a new block)?"""
    if previous is None or line.blank_before:
        return False
    return INCOMPLETE_END_RE.search(previous.text) is not None or not previous.text.endswith((".", ":", ";"))


def penutup_kind(line: Line, previous: Line | None) -> str | None:
    """The penutup part that ``line`` opens, if any."""
    if CLOSING_RE.match(line.text) and not _continues(previous, line):
        return "penutup"
    signing = SIGNING_RE.search(line.raw or line.text)
    if signing:
        return PARTS[signing.group("word")]
    if GAZETTE_RE.match(line.text) and heading_case(line.text) and not _continues(previous, line):
        return "lembaran"
    return None


class PenutupPass(Pass):
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
            text = lines[index].text
            if bab_at(lines, index) or PASAL_RE.match(text) or OCR_PASAL_RE.match(text):
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
            previous = lines[index - 1] if index > body_start else None
            if penutup_kind(lines[index], previous):
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

    def parse(self, start: int, end: int) -> list[Node]:
        nodes: list[Node] = []
        current: Node | None = None
        previous: Line | None = None
        for index in range(start, end):
            line = self.lines[index]
            kind = penutup_kind(line, previous)
            if kind is not None and (current is None or current.kind != kind):
                current = new_node(kind, None, kind, line)
                nodes.append(current)
            elif current is None or (
                kind is None
                and current.kind == "penutup"
                and current.parts
                and current.parts[-1].endswith(".")
            ):
                # After the closing sentence, before "Ditetapkan di": a paraf table beside the
                # signature belongs to the signing block.
                current = new_node(
                    "pengesahan" if current else "penutup", None, "pengesahan" if current else "penutup", line
                )
                nodes.append(current)
            if PASAL_RE.match(line.text) or bab_at(self.lines, index) or BAGIAN_RE.match(line.text):
                self.warn(
                    "body_after_penutup",
                    f"Baris {line.no} (\u201c{line.text[:40]}\u201d) tampak seperti batang tubuh "
                    "tetapi letaknya sesudah penutup (halaman ganda?); tidak dimasukkan ke pasal.",
                    line.no,
                )
            current.append(line.text, line.no)
            previous = line
        return nodes

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
