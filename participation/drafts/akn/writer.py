"""Writing a version: the body (units → chapter / section / article / paragraph / point,
points in lists, amending changes as ``mod`` with a ``quotedStructure``), the attachments
(penjelasan and each lampiran as a ``doc``), ``render_akn`` that puts the act together, and
``render_text``, the same version as plain text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from participation.drafts.akn.elements import add_paras, sub_element, text_element, xml_clean
from participation.drafts.akn.frontmatter import write_conclusions, write_preface_preamble
from participation.drafts.akn.meta import frbr_uris, write_meta
from participation.drafts.akn.model import ELEMENTS, NS, POINT_KINDS, SUBTYPES, AknUnit, AknVersion
from participation.drafts.akn.naming import num_label, unit_eid


class _Writer:
    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix  # attachments: their eIds start with the attachment's

    def units(
        self,
        parent: ET.Element,
        units: list[AknUnit],
        parent_eid: str | None,
        parent_key: str | None,
        nested: frozenset[str] = frozenset(),
        intro: str | None = None,
    ) -> None:
        """Write ``units`` under ``parent``; runs of points go into a ``list`` (the first one
        taking ``intro``, the parent's own words, when given)."""
        run: list[AknUnit] = []

        def flush() -> None:
            nonlocal intro
            if not run:
                return
            container = sub_element(parent, "list")
            if intro:
                add_paras(sub_element(container, "intro"), intro)
                intro = None
            for unit in run:
                self.unit(container, unit, parent_eid, parent_key, nested)
            run.clear()

        for unit in units:
            if unit.kind in POINT_KINDS:
                run.append(unit)
                continue
            flush()
            self.unit(parent, unit, parent_eid, parent_key, nested)
        flush()

    def unit(
        self,
        parent: ET.Element,
        unit: AknUnit,
        parent_eid: str | None,
        parent_key: str | None,
        nested: frozenset[str],
    ) -> None:
        tag, _prefix = ELEMENTS.get(unit.kind, ("hcontainer", unit.kind))
        eid = unit_eid(unit, parent_eid, parent_key)
        attrs = {"eId": self.prefix + eid}
        if tag == "hcontainer":
            attrs["name"] = unit.kind
        elif tag == "point":
            attrs["class"] = unit.kind
        element = sub_element(parent, tag, **attrs)
        if unit.number is not None:
            sub_element(element, "num", num_label(unit, set(nested)))
        if unit.heading:
            sub_element(element, "heading", unit.heading)
        inner = nested | {unit.kind} if unit.kind in POINT_KINDS else nested
        if unit.kind == "perubahan":
            # the amending instruction and the new text it gives, quoted
            content = sub_element(element, "content")
            p = sub_element(content, "p")
            mod = sub_element(p, "mod", unit.text, eId=f"{self.prefix}{eid}__mod_1")
            if unit.children:
                quoted = sub_element(
                    mod,
                    "quotedStructure",
                    eId=f"{self.prefix}{eid}__mod_1__qstr_1",
                    startQuote="\u201c",
                    endQuote="\u201d",
                )
                self.units(quoted, unit.children, eid, unit.key, frozenset())
            return
        if not unit.children:
            add_paras(sub_element(element, "content"), unit.text)
            return
        text = unit.text
        if text and unit.children[0].kind not in POINT_KINDS:
            add_paras(sub_element(element, "intro"), text)
            text = ""
        self.units(element, unit.children, eid, unit.key, inner, intro=text or None)


def _explained(units: list[AknUnit]) -> list[AknUnit]:
    """The units that have a penjelasan (or whose descendants do), containers dropped: the
    penjelasan pasal demi pasal goes by pasal, not by BAB."""
    kept: list[AknUnit] = []
    for unit in units:
        children = _explained(unit.children)
        if unit.kind in ("bab", "bagian", "paragraf"):
            kept.extend(children)
        elif unit.penjelasan or children:
            kept.append(AknUnit(unit.kind, unit.number, unit.key, None, unit.penjelasan or "", children))
    return kept


def _attachment_doc(
    attachments: ET.Element, data: AknVersion, uris: dict[str, str], index: int, name: str, heading: str
) -> tuple[ET.Element, str]:
    prefix = f"att_{index}"
    attachment = sub_element(attachments, "attachment", eId=prefix)
    doc = sub_element(attachment, "doc", name=name)
    write_meta(doc, data, uris, f"{name}_{index}" if name == "lampiran" else name, references=False)
    preface = sub_element(doc, "preface")
    sub_element(sub_element(preface, "longTitle", eId=f"{prefix}__longTitle_1"), "p", heading)
    return sub_element(doc, "mainBody"), prefix


def _attachments(act: ET.Element, data: AknVersion, uris: dict[str, str]) -> None:
    explained = _explained(data.units)
    if not (explained or data.penjelasan_umum or data.lampiran):
        return
    attachments = sub_element(act, "attachments")
    index = 0
    if explained or data.penjelasan_umum:
        index += 1
        body, prefix = _attachment_doc(attachments, data, uris, index, "penjelasan", "PENJELASAN")
        for n, text in enumerate(data.penjelasan_umum, start=1):
            umum = sub_element(body, "hcontainer", name="umum", eId=f"{prefix}__hcontainer_{n}")
            sub_element(umum, "heading", "Umum")
            add_paras(sub_element(umum, "content"), text)
        if explained:
            demi = sub_element(
                body,
                "hcontainer",
                name="pasalDemiPasal",
                eId=f"{prefix}__hcontainer_{len(data.penjelasan_umum) + 1}",
            )
            sub_element(demi, "heading", "Pasal demi Pasal")
            _Writer(prefix + "__").units(demi, explained, None, None)
    for n, row in enumerate(data.lampiran, start=1):
        index += 1
        body, prefix = _attachment_doc(
            attachments, data, uris, index, "lampiran", xml_clean(row.get("heading")) or "LAMPIRAN"
        )
        block = sub_element(body, "hcontainer", name="lampiran", eId=f"{prefix}__hcontainer_{n}")
        add_paras(sub_element(block, "content"), row.get("text") or "")


def render_akn(data: AknVersion) -> bytes:
    """The version as an Akoma Ntoso 3.0 document (UTF-8 bytes with the XML declaration)."""
    root = ET.Element("akomaNtoso", {"xmlns": NS})
    subtype = SUBTYPES.get(data.draft_kind, data.draft_kind)
    act = sub_element(root, "act", name=subtype)
    uris = frbr_uris(data)
    write_meta(act, data, uris, "main")
    write_preface_preamble(act, data)
    body = sub_element(act, "body")
    if data.units:
        _Writer().units(body, data.units, None, None)
    else:  # the schema wants something in the body
        sub_element(sub_element(body, "hcontainer", name="kosong", eId="hcontainer_1"), "content").append(
            text_element("p", "")
        )
    write_conclusions(act, data)
    _attachments(act, data, uris)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def render_text(data: AknVersion) -> str:
    """The same version as plain text, one unit per paragraph (``drafts export --format txt``)."""
    lines: list[str] = []
    for row in data.preamble:
        lines.extend(part for part in (row.get("heading"), row.get("text")) if part)

    def write(units: list[AknUnit], depth: int, nested: frozenset[str]) -> None:
        for unit in units:
            pad = "  " * depth
            head = " ".join(
                part
                for part in (num_label(unit, set(nested)) if unit.number else "", unit.heading or "")
                if part
            )
            if unit.kind in ("bab", "bagian", "paragraf", "pasal"):
                lines.append("")
                if head:
                    lines.append(pad + head)
                if unit.text:
                    lines.append(pad + unit.text)
            else:
                lines.append(pad + " ".join(part for part in (head, unit.text) if part))
            inner = nested | {unit.kind} if unit.kind in POINT_KINDS else nested
            write(unit.children, depth + 1, inner)

    write(data.units, 0, frozenset())
    lines.append("")
    lines.extend(row.get("text") or "" for row in data.penutup)
    return "\n".join(lines).strip() + "\n"
