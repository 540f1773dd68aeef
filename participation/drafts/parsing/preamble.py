"""The preamble pass: judul, pembukaan ("DENGAN RAHMAT TUHAN ..."), konsiderans (Menimbang,
Mengingat, Memperhatikan) and diktum ("Dengan Persetujuan Bersama ... MEMUTUSKAN: Menetapkan:")."""

from __future__ import annotations

from participation.core.i18n import N_
from participation.drafts.parsing.lines import (
    ANGKA_RE,
    DIKTUM_RE,
    HURUF_RE,
    JUDUL_START_RE,
    KONSIDERANS_RE,
    MENETAPKAN_RE,
    PERSETUJUAN_RE,
    RAHMAT_RE,
)
from participation.drafts.parsing.numbering import first_of, successor
from participation.drafts.parsing.tree import Node, Pass, new_node


class PreamblePass(Pass):
    title = ""

    def parse(self, start: int, end: int) -> list[Node]:
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
                judul_lines.append(text.lstrip("`'\u2018\u2019*\u2022 ") if not judul_lines else text)
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
            elif PERSETUJUAN_RE.match(text) or DIKTUM_RE.match(text) or MENETAPKAN_RE.match(text):
                if current is None or current.kind != "diktum":
                    current = new_node("diktum", None, "diktum", line)
                    nodes.append(current)
                current.append(text, line.no)
                item_style = None
                continue
            if current is None:
                # kop surat ("PEMERINTAH KOTA ...", "SALINAN") before the judul
                self.set_aside(line, "kop", N_("kop surat atau tanda salinan sebelum judul"))
                continue
            if item_style is not None:
                pattern = HURUF_RE if item_style == "huruf" else ANGKA_RE
                match = pattern.match(text)
                container = current if current.style is None else current.parent
                if match and container is not None:
                    siblings = container.children
                    expected = (
                        successor(item_style, siblings[-1].number or "") if siblings else first_of(item_style)
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
