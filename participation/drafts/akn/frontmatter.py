"""The version's front and back matter: judul as the ``preface``; pembukaan,
Menimbang (``recitals``), Mengingat and Memperhatikan (``citations``) and the diktum (``formula``)
as the ``preamble``; penutup, pengesahan and pengundangan as the ``conclusions``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from participation.drafts.akn.elements import add_paras, sub_element
from participation.drafts.akn.model import AknVersion
from participation.drafts.akn.naming import eid_token, segment_parts


def _preamble_tree(rows: list[dict[str, Any]]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Front-matter rows are flat with nested keys; group the items under their heading."""
    top: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for row in rows:
        key = str(row.get("key") or "")
        if "/" in key and top and key.startswith(str(top[-1][0].get("key")) + "/"):
            top[-1][1].append(row)
        else:
            top.append((row, []))
    return top


def _item_component(short: str, row: dict[str, Any]) -> tuple[str, str]:
    """A Menimbang/Mengingat item's eId component and its kind: ``mengingat/angka-3`` →
    ``cit_3`` (kind ``angka``); deeper keys keep their whole path, escaped."""
    sub_key = str(row["key"]).split("/", 1)[1]
    kind, rest = segment_parts(sub_key)
    if "/" in sub_key or kind != row.get("kind"):
        return f"{short}_{eid_token(sub_key)}", ""
    return f"{short}_{eid_token(rest)}", kind


def write_preface_preamble(act: ET.Element, data: AknVersion) -> None:
    groups = _preamble_tree(data.preamble)
    judul = [row for row, _items in groups if row.get("kind") == "judul"]
    preface = sub_element(act, "preface")
    if judul:
        row = judul[0]
        p = sub_element(sub_element(preface, "longTitle", eId="longTitle_1", class_="judul"), "p")
        if row.get("heading"):
            sub_element(p, "docType", row["heading"]).tail = " "
        sub_element(p, "docTitle", row.get("text") or "")
    else:
        sub_element(
            sub_element(sub_element(preface, "longTitle", eId="longTitle_1"), "p"), "docTitle", data.title
        )
    rest = [(row, items) for row, items in groups if row.get("kind") != "judul"]
    if not rest:
        return
    preamble = sub_element(act, "preamble")
    counters: dict[str, int] = {}
    for row, items in rest:
        kind = str(row.get("kind") or "")
        if kind in ("mengingat", "memperhatikan"):
            tag, item_tag, short = "citations", "citation", "cits"
        elif kind == "menimbang" or items:
            tag, item_tag, short = "recitals", "recital", "recs"
        else:  # pembukaan, diktum: formulas, in their place
            counters["formula"] = counters.get("formula", 0) + 1
            formula = sub_element(
                preamble,
                "formula",
                name=kind or "formula",
                eId=f"formula_{counters['formula']}",
                class_=str(row.get("key") or kind),
            )
            add_paras(formula, row.get("text") or "")
            continue
        counters[tag] = counters.get(tag, 0) + 1
        eid = f"{short}_{counters[tag]}"
        # the schema has no @name here; the class keeps the key ("menimbang", "mengingat-2")
        block = sub_element(preamble, tag, eId=eid, class_=str(row.get("key") or kind))
        add_paras(sub_element(block, "intro"), row.get("heading") or "")
        item_short = item_tag[:3]
        if row.get("text") or not items:
            # a single consideration written after the heading itself: an item without num
            add_paras(
                sub_element(block, item_tag, eId=f"{eid}__{item_short}_0", class_="teks"),
                row.get("text") or "",
            )
        for sub in items:
            component, sub_kind = _item_component(item_short, sub)
            item = sub_element(block, item_tag, eId=f"{eid}__{component}", class_=sub_kind or "kunci")
            if sub_kind:
                sub_element(item, "num", component.split("_", 1)[1] + ".")
            add_paras(item, sub.get("text") or "")


def write_conclusions(act: ET.Element, data: AknVersion) -> None:
    if not data.penutup:
        return
    conclusions = sub_element(act, "conclusions")
    for index, row in enumerate(data.penutup, start=1):
        block = sub_element(
            conclusions, "container", name=str(row.get("kind") or "penutup"), eId=f"container_{index}"
        )
        add_paras(block, row.get("text") or "")
