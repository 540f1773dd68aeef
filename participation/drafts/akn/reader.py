"""Reading a document written by ``render_akn`` back: the unit tree (keys recovered from the
eIds, each unit's penjelasan from the attachment), the front matter rows and the FRBR
identification.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from participation.drafts.akn.model import KIND_OF_ELEMENT, NS, AknUnit, walk
from participation.drafts.akn.naming import eid_untoken, number_from_num


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@dataclass
class AknDocument:
    """What ``read_akn`` gives back: the body tree (with each unit's penjelasan), the front
    matter rows, and the FRBR identification."""

    units: list[AknUnit]
    preamble: list[dict[str, Any]]
    penutup: list[dict[str, Any]]
    penjelasan_umum: list[str]
    frbr: dict[str, dict[str, str]]

    def rows(self) -> list[tuple[str, str | None, str, str | None, str]]:
        return [unit.row() for unit in walk(self.units)]


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, tag: str) -> ET.Element | None:
    return element.find(_q(tag))


def _ptext(container: ET.Element | None) -> str:
    if container is None:
        return ""
    return "\n".join((p.text or "").strip() for p in container.findall(_q("p")))


def _kind(element: ET.Element) -> str | None:
    tag = _local(element)
    if tag in KIND_OF_ELEMENT:
        return KIND_OF_ELEMENT[tag]
    if tag == "point":
        return element.get("class") or "huruf"
    if tag == "hcontainer":
        return element.get("name")
    return None


def _key(element: ET.Element, kind: str, parent: AknUnit | None, parent_eid: str | None, prefix: str) -> str:
    eid = (element.get("eId") or "").removeprefix(prefix)
    local = eid
    nested = parent is not None and parent_eid is not None and eid.startswith(parent_eid + "__")
    if nested and parent_eid is not None:
        local = eid[len(parent_eid) + 2 :]
    rest = eid_untoken(local.split("_", 1)[1] if "_" in local else local)
    segment = f"{kind}-{rest}"
    return f"{parent.key}/{segment}" if nested and parent is not None else segment


class _Reader:
    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix

    def children(
        self, element: ET.Element, parent: AknUnit | None, parent_eid: str | None
    ) -> tuple[list[AknUnit], str]:
        """The units under ``element``, and the intro of a first list (the parent's words)."""
        units: list[AknUnit] = []
        intro = ""
        for child in element:
            tag = _local(child)
            if tag == "list":
                if not units:
                    intro = _ptext(_child(child, "intro"))
                found, _ = self.children(child, parent, parent_eid)
                units.extend(found)
            elif (
                tag in KIND_OF_ELEMENT
                or tag == "point"
                or (tag == "hcontainer" and child.get("name") != "kosong")
            ):
                units.append(self.unit(child, parent, parent_eid))
        return units, intro

    def unit(self, element: ET.Element, parent: AknUnit | None, parent_eid: str | None) -> AknUnit:
        kind = _kind(element) or "hcontainer"
        eid = (element.get("eId") or "").removeprefix(self.prefix)
        key = _key(element, kind, parent, parent_eid, self.prefix)
        num = _child(element, "num")
        heading = _child(element, "heading")
        unit = AknUnit(
            kind,
            number_from_num(num.text or "") if num is not None else None,
            key,
            (heading.text or "").strip() or None if heading is not None else None,
            "",
        )
        content = _child(element, "content")
        if kind == "perubahan" and content is not None:
            mod = content.find(f"{_q('p')}/{_q('mod')}")
            if mod is not None:
                unit.text = (mod.text or "").strip()
                quoted = _child(mod, "quotedStructure")
                if quoted is not None:
                    unit.children, _ = self.children(quoted, unit, eid)
            return unit
        if content is not None:
            unit.text = _ptext(content)
            return unit
        intro = _child(element, "intro")
        unit.children, list_intro = self.children(element, unit, eid)
        unit.text = _ptext(intro) if intro is not None else list_intro
        return unit


def _frbr_read(meta: ET.Element | None) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    if meta is None:
        return found
    ident = _child(meta, "identification")
    for level in ("FRBRWork", "FRBRExpression", "FRBRManifestation"):
        node = ident.find(_q(level)) if ident is not None else None
        if node is None:
            continue
        values: dict[str, str] = {}
        for item in node:
            name = _local(item)
            values[name] = (
                item.get("value") or item.get("date") or item.get("href") or item.get("language") or ""
            )
        found[level] = values
    return found


def read_akn(xml: bytes | str) -> AknDocument:
    """Read a document written by ``render_akn`` back into the unit tree, the front matter rows
    (key, kind, heading, text) and the penjelasan (on each unit, and umum)."""
    root = ET.fromstring(xml)  # noqa: S314 - our own output; no DTD or entity is ever read
    act = root.find(_q("act"))
    if act is None:
        raise ValueError("bukan dokumen Akoma Ntoso act")
    body = _child(act, "body")
    units, _ = _Reader().children(body, None, None) if body is not None else ([], "")
    preamble: list[dict[str, Any]] = []
    preface = _child(act, "preface")
    title = preface.find(f"{_q('longTitle')}/{_q('p')}") if preface is not None else None
    if title is not None and (_child(preface, "longTitle") or ET.Element("x")).get("class") == "judul":
        doc_type, doc_title = _child(title, "docType"), _child(title, "docTitle")
        preamble.append(
            {
                "key": "judul",
                "kind": "judul",
                "heading": doc_type.text if doc_type is not None else None,
                "text": doc_title.text if doc_title is not None else "",
            }
        )
    pre = _child(act, "preamble")
    for block in pre if pre is not None else []:
        tag = _local(block)
        key = block.get("class") or ""
        kind = (block.get("name") if tag == "formula" else re.sub(r"-\d+$", "", key)) or ""
        if tag == "formula":
            preamble.append({"key": key, "kind": kind, "heading": None, "text": _ptext(block)})
            continue
        preamble.append(
            {"key": key, "kind": kind, "heading": _ptext(_child(block, "intro")) or None, "text": ""}
        )
        for item in block:
            if _local(item) not in ("recital", "citation"):
                continue
            if item.get("class") == "teks":
                preamble[-1]["text"] = _ptext(item)
                continue
            component = (item.get("eId") or "").split("__", 1)[1].split("_", 1)[1]
            sub_kind = item.get("class") or ""
            sub_key = (
                f"{sub_kind}-{eid_untoken(component)}" if sub_kind != "kunci" else eid_untoken(component)
            )
            preamble.append(
                {
                    "key": f"{key}/{sub_key}",
                    "kind": sub_key.split("-", 1)[0],
                    "heading": None,
                    "text": _ptext(item),
                }
            )
    penutup: list[dict[str, Any]] = []
    conclusions = _child(act, "conclusions")
    for block in conclusions if conclusions is not None else []:
        kind = block.get("name") or ""
        penutup.append({"key": kind, "kind": kind, "text": _ptext(block)})
    umum: list[str] = []
    attachments = _child(act, "attachments")
    for attachment in attachments if attachments is not None else []:
        doc = _child(attachment, "doc")
        if doc is None or doc.get("name") != "penjelasan":
            continue
        prefix = (attachment.get("eId") or "") + "__"
        main = _child(doc, "mainBody")
        for block in main if main is not None else []:
            if block.get("name") == "umum":
                umum.append(_ptext(_child(block, "content")))
            elif block.get("name") == "pasalDemiPasal":
                explained, _ = _Reader(prefix).children(block, None, None)
                _attach_penjelasan(units, explained)
    return AknDocument(
        units=units,
        preamble=preamble,
        penutup=penutup,
        penjelasan_umum=umum,
        frbr=_frbr_read(_child(act, "meta")),
    )


def _attach_penjelasan(units: list[AknUnit], explained: list[AknUnit]) -> None:
    by_key = {unit.key: unit for unit in walk(units)}
    for item in walk(explained):
        target = by_key.get(item.key)
        if target is not None and item.text:
            target.penjelasan = item.text
