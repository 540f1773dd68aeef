"""One draft version as an Akoma Ntoso 3.0 document (OASIS LegalDocML), and the reader that takes
such a document back into the unit tree (issue 18: "Akoma Ntoso for every version").

The document is ``<akomaNtoso><act name="perda">`` (``perwali`` for a rancangan peraturan wali
kota): ``meta`` (FRBR Work / Expression / Manifestation, the version number in the expression
URI and in ``FRBRversionNumber``; ``references`` with the TLC organisations the FRBR authors
point to), ``preface`` (judul), ``preamble`` (pembukaan, Menimbang as ``recitals``, Mengingat
and Memperhatikan as ``citations``, the diktum "Dengan Persetujuan Bersama … MEMUTUSKAN:
Menetapkan: …" as the enacting ``formula``), ``body``, ``conclusions`` (penutup, pengesahan,
pengundangan) and ``attachments`` (the penjelasan, and each lampiran, as ``doc``).

The hierarchy (UU 12/2011 Lampiran II onto the AKN vocabulary):

* BAB → ``chapter``; Bagian → ``section``; Paragraf → ``subsection``. A Bagian groups the pasal
  of one BAB and a Paragraf those of one Bagian: AKN's ``part`` sits *above* ``chapter`` in the
  usual hierarchy (and is used so by Laws.Africa and Normattiva), while ``section`` /
  ``subsection`` are the grouping levels below a chapter (Italian *Capo → Sezione*), so Bagian
  and Paragraf take those. ``paragraph`` is not used for Paragraf: in AKN it is the numbered
  subdivision of an article, which is what an ayat is.
* Pasal → ``article``; ayat → ``paragraph``; huruf and angka → ``point`` inside a ``list``
  whose ``intro`` holds the parent's own words ("… meliputi:"). The point's ``class`` says
  which (``huruf``/``angka``), since AKN has one element for both.
* A numbered change of an amending regulation (Pasal I: "1. Ketentuan Pasal 5 diubah …") is a
  ``point class="perubahan"`` whose words are a ``mod`` holding the new text as a
  ``quotedStructure`` (the quoted pasal, ayat or huruf rendered by the same rules).

``eId``\\ s follow the AKN naming convention's abbreviations and are derived from the unit keys,
which the platform already keeps stable (a comment is anchored to a key): ``pasal-5/ayat-2/huruf-b``
→ ``art_5__para_2__point_b``; ``bab-2/bagian-1`` → ``chp_2__sec_1``. A pasal's key does not
carry its BAB (pasal are numbered through the whole text), so neither does its eId: moving a pasal
to another BAB between versions keeps its eId, as it keeps its key and its comments. Lists carry
no eId (the schema does not require one) so that ``…__para_2__point_b`` stays the key's image.
The key-derived map is one-to-one, so eIds are unique (the schema's ``eId-act`` constraint) and
the reader recovers every key from them.

The penjelasan is an ``attachment`` holding a ``doc name="penjelasan"`` (not a ``component``:
the schema allows components only at the top of the document, and an attachment is AKN's place
for an annex that belongs to the act): penjelasan umum as an ``hcontainer name="umum"``, then
the pasal demi pasal penjelasan mirroring the body's article / paragraph / point structure for
the units that have one, their eIds prefixed with the attachment's (``att_1__art_5__para_2``) so
that they stay unique in the whole act.

Must not import Flask: the CLI and the download view pass what the app knows (the city's name).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.core.clock import WITA

NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
CONTENT_TYPE = "application/akn+xml"
LANGUAGE = "ind"
COUNTRY = "id"

# unit kind → (AKN element, eId prefix). Anything else becomes an hcontainer named by its kind.
ELEMENTS = {
    "bab": ("chapter", "chp"),
    "bagian": ("section", "sec"),
    "paragraf": ("subsection", "subsec"),
    "pasal": ("article", "art"),
    "ayat": ("paragraph", "para"),
    "huruf": ("point", "point"),
    "angka": ("point", "point"),
    "perubahan": ("point", "point"),
}
POINT_KINDS = frozenset({"huruf", "angka", "perubahan"})
KIND_OF_ELEMENT = {
    "chapter": "bab",
    "section": "bagian",
    "subsection": "paragraf",
    "article": "pasal",
    "paragraph": "ayat",
}
SUBTYPES = {"raperda": "perda", "perwali": "perwali"}
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


# --------------------------------------------------------------------------- the input


class UnitLike(Protocol):
    """A DraftUnit row or a parsing.Unit: what the renderer reads of a unit."""

    kind: str
    number: str | None
    key: str
    heading: str | None
    text: str


@dataclass
class AknUnit:
    """One unit of the tree the renderer writes and the reader gives back."""

    kind: str
    number: str | None
    key: str
    heading: str | None
    text: str
    children: list[AknUnit] = field(default_factory=list)
    penjelasan: str | None = None

    def row(self) -> tuple[str, str | None, str, str | None, str]:
        return (self.kind, self.number, self.key, self.heading, self.text)


@dataclass
class AknVersion:
    """Everything one version's document is made of, as plain data (no database, no app)."""

    draft_id: int
    number: int
    title: str
    draft_kind: str
    initiator: str
    city_name: str
    work_date: dt.date
    version_date: dt.date
    published: bool
    units: list[AknUnit]
    preamble: list[dict[str, Any]] = field(default_factory=list)
    penutup: list[dict[str, Any]] = field(default_factory=list)
    lampiran: list[dict[str, Any]] = field(default_factory=list)
    penjelasan_umum: list[str] = field(default_factory=list)


def tree_from_rows(rows: Iterable[Any]) -> list[AknUnit]:
    """DraftUnit rows (``id``, ``parent_id``, ``ordinal``) of one version → the nested tree."""
    ordered = sorted(rows, key=lambda r: r.ordinal)
    made: dict[int, AknUnit] = {}
    roots: list[AknUnit] = []
    for row in ordered:
        unit = AknUnit(
            row.kind,
            row.number,
            row.key,
            row.heading,
            row.text or "",
            penjelasan=getattr(row, "penjelasan_text", None),
        )
        made[row.id] = unit
        parent = made.get(row.parent_id) if row.parent_id is not None else None
        (parent.children if parent is not None else roots).append(unit)
    return roots


def tree_from_parse(units: Sequence[Any], penjelasan: dict[str, str] | None = None) -> list[AknUnit]:
    """parsing.Unit trees (``children``) → the tree; ``penjelasan``: body key → its text."""
    found = penjelasan or {}
    return [
        AknUnit(
            u.kind,
            u.number,
            u.key,
            u.heading,
            u.text or "",
            tree_from_parse(u.children, found),
            found.get(u.key),
        )
        for u in units
    ]


def version_from_parse(
    result: Any,
    *,
    draft_id: int = 1,
    number: int = 1,
    title: str | None = None,
    draft_kind: str = "raperda",
    initiator: str = "Pemerintah Daerah",
    city_name: str = "Kota Balikpapan",
    on: dt.date | None = None,
) -> AknVersion:
    """A parse result as a version, as ``services.add_version`` would store it (the same
    front matter and penjelasan per unit), for exporting a text that is not in the database."""
    from participation.drafts.parsing import iter_units

    def flat(units: Iterable[Any]) -> list[dict[str, Any]]:
        return [
            {"key": u.key, "kind": u.kind, "heading": u.heading, "text": u.text} for u in iter_units(units)
        ]

    explained: dict[str, str] = {}
    for unit in iter_units(result.penjelasan):
        if unit.target_key:
            text = unit.text.strip() or ("Cukup jelas." if not unit.children else "")
            if text:
                explained[unit.target_key] = text
    day = on or dt.date(2026, 1, 1)
    return AknVersion(
        draft_id=draft_id,
        number=number,
        title=title or result.title or "Rancangan",
        draft_kind=draft_kind,
        initiator=initiator,
        city_name=city_name,
        work_date=day,
        version_date=day,
        published=True,
        units=tree_from_parse(result.units, explained),
        preamble=flat(result.preamble),
        penutup=flat(result.penutup),
        lampiran=flat(result.lampiran),
        penjelasan_umum=[u.text for u in result.penjelasan if u.kind == "umum"],
    )


def _local_date(value: dt.datetime | None) -> dt.date | None:
    return value.astimezone(WITA).date() if value is not None else None


def version_data(session: Session, version: Any, *, city_name: str) -> AknVersion:
    """A stored version (its units in one statement) as the renderer's input."""
    from participation.drafts.models import DraftUnit

    rows = session.scalars(
        select(DraftUnit).where(DraftUnit.version_id == version.id).order_by(DraftUnit.ordinal)
    )
    draft = version.draft
    front = version.frontmatter or {}
    created = _local_date(version.created_at) or dt.date.today()
    return AknVersion(
        draft_id=draft.id,
        number=version.number,
        title=version.title or draft.title,
        draft_kind=draft.kind,
        initiator=draft.initiator,
        city_name=city_name,
        work_date=_local_date(draft.created_at) or created,
        version_date=_local_date(version.published_at) or created,
        published=bool(version.published),
        units=tree_from_rows(rows),
        preamble=list(front.get("preamble") or []),
        penutup=list(front.get("penutup") or []),
        lampiran=list(front.get("lampiran") or []),
        penjelasan_umum=list(front.get("penjelasan_umum") or []),
    )


def version_akn(session: Session, version: Any, *, city_name: str) -> bytes:
    return render_akn(version_data(session, version, city_name=city_name))


# --------------------------------------------------------------------------- eIds and numbers


def _seg_parts(segment: str) -> tuple[str, str]:
    kind, _, rest = segment.partition("-")
    return kind, rest


def _component(unit: AknUnit) -> str:
    segment = unit.key.rsplit("/", 1)[-1]
    kind, rest = _seg_parts(segment)
    prefix = ELEMENTS.get(unit.kind, (None, unit.kind))[1] if kind == unit.kind else kind
    return f"{prefix}_{_token(rest or unit.number or '')}"


def _token(text: str) -> str:
    """Keys are already lower-case ASCII words; anything else is escaped reversibly."""
    return re.sub(r"[^a-z0-9-]", lambda m: f".{ord(m.group(0)):x}.", text)


def _untoken(text: str) -> str:
    return re.sub(r"\.([0-9a-f]+)\.", lambda m: chr(int(m.group(1), 16)), text)


def unit_eid(unit: AknUnit, parent_eid: str | None, parent_key: str | None) -> str:
    """The unit's eId: its key's image (``pasal-5/ayat-2`` → ``art_5__para_2``)."""
    if parent_key and unit.key.startswith(parent_key + "/") and parent_eid:
        return f"{parent_eid}__{_component(unit)}"
    return _component(unit)


def _num(unit: AknUnit, nested: set[str]) -> str:
    number = unit.number or ""
    if unit.kind == "bab":
        return f"BAB {number}"
    if unit.kind == "bagian":
        return f"Bagian {number}"
    if unit.kind == "paragraf":
        return f"Paragraf {number}"
    if unit.kind == "pasal":
        return f"Pasal {number}"
    if unit.kind == "ayat":
        return f"({number})"
    if unit.kind in POINT_KINDS:
        # a huruf inside a huruf (or angka inside angka) is written "a)" / "1)"
        return f"{number})" if unit.kind in nested else f"{number}."
    return number


_NUM_WORDS = re.compile(r"^(?:BAB|Bagian|Paragraf|Pasal)\s+", re.IGNORECASE)


def _number_from_num(text: str) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    text = _NUM_WORDS.sub("", text)
    if text.startswith("(") and text.endswith(")"):
        return text[1:-1]
    return text[:-1] if text.endswith((".", ")")) else text


# --------------------------------------------------------------------------- writing


def _clean(text: str | None) -> str:
    return _XML_ILLEGAL.sub("", text or "")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    # written unqualified under the root's xmlns (ElementTree's default_namespace option
    # refuses unqualified attribute names); read back qualified
    element = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        element.text = _clean(text)
    return element


def _paras(parent: ET.Element, text: str) -> None:
    for line in text.split("\n") if text else [""]:
        _sub(parent, "p", line)


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
            container = _sub(parent, "list")
            if intro:
                _paras(_sub(container, "intro"), intro)
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
        element = _sub(parent, tag, **attrs)
        if unit.number is not None:
            _sub(element, "num", _num(unit, set(nested)))
        if unit.heading:
            _sub(element, "heading", unit.heading)
        inner = nested | {unit.kind} if unit.kind in POINT_KINDS else nested
        if unit.kind == "perubahan":
            # the amending instruction and the new text it gives, quoted
            content = _sub(element, "content")
            p = _sub(content, "p")
            mod = _sub(p, "mod", unit.text, eId=f"{self.prefix}{eid}__mod_1")
            if unit.children:
                quoted = _sub(
                    mod,
                    "quotedStructure",
                    eId=f"{self.prefix}{eid}__mod_1__qstr_1",
                    startQuote="\u201c",
                    endQuote="\u201d",
                )
                self.units(quoted, unit.children, eid, unit.key, frozenset())
            return
        if not unit.children:
            _paras(_sub(element, "content"), unit.text)
            return
        text = unit.text
        if text and unit.children[0].kind not in POINT_KINDS:
            _paras(_sub(element, "intro"), text)
            text = ""
        self.units(element, unit.children, eid, unit.key, inner, intro=text or None)


def _slug(text: str) -> str:
    text = re.sub(
        r"^(kota|kabupaten|kab\.?)\s+",
        lambda m: "" if m.group(1).lower() == "kota" else "kab-",
        text.strip(),
        flags=re.IGNORECASE,
    )
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "daerah"


def frbr_uris(data: AknVersion) -> dict[str, str]:
    """Work, expression and manifestation URIs, e.g.
    ``/akn/id/act/perda/balikpapan/2026/7/ind@2026-12-07!v2``: the version's date and number
    name the expression (two versions can share a date; the number cannot)."""
    subtype = SUBTYPES.get(data.draft_kind, data.draft_kind)
    work = f"/akn/{COUNTRY}/act/{subtype}/{_slug(data.city_name)}/{data.work_date.year}/{data.draft_id}"
    expression = f"{work}/{LANGUAGE}@{data.version_date.isoformat()}!v{data.number}"
    return {"work": work, "expression": expression, "manifestation": expression + ".xml"}


def _frbr(
    parent: ET.Element,
    tag: str,
    this: str,
    uri: str,
    date: dt.date,
    date_name: str,
    author: str,
    extra: list[tuple[str, dict[str, str]]],
) -> None:
    element = _sub(parent, tag)
    _sub(element, "FRBRthis", value=this)
    _sub(element, "FRBRuri", value=uri)
    _sub(element, "FRBRdate", date=date.isoformat(), name=date_name)
    _sub(element, "FRBRauthor", href=author)
    for name, attrs in extra:
        _sub(element, name, **attrs)


def _meta(
    act: ET.Element, data: AknVersion, uris: dict[str, str], component: str, references: bool = True
) -> None:
    meta = _sub(act, "meta")
    ident = _sub(meta, "identification", source="#platform")
    work, expr, manif = uris["work"], uris["expression"], uris["manifestation"]
    subtype = SUBTYPES.get(data.draft_kind, data.draft_kind)
    _frbr(
        ident,
        "FRBRWork",
        f"{work}/!{component}",
        work,
        data.work_date,
        "pengajuan",
        "#pemrakarsa",
        [
            ("FRBRcountry", {"value": COUNTRY}),
            ("FRBRsubtype", {"value": subtype}),
            ("FRBRnumber", {"value": str(data.draft_id)}),
            ("FRBRname", {"value": subtype}),
            ("FRBRprescriptive", {"value": "true"}),
            ("FRBRauthoritative", {"value": "false"}),
        ],
    )
    _frbr(
        ident,
        "FRBRExpression",
        f"{expr}/!{component}",
        expr,
        data.version_date,
        "diterbitkan" if data.published else "diimpor",
        "#pemrakarsa",
        [("FRBRversionNumber", {"value": str(data.number)}), ("FRBRlanguage", {"language": LANGUAGE})],
    )
    _frbr(
        ident,
        "FRBRManifestation",
        f"{expr}/!{component}.xml",
        manif,
        data.version_date,
        "dibuat",
        "#platform",
        [("FRBRformat", {"value": CONTENT_TYPE})],
    )
    if not references:  # an attachment's authors are the act's (eIds are unique in the act)
        return
    refs = _sub(meta, "references", source="#platform")
    _sub(
        refs,
        "TLCOrganization",
        eId="platform",
        href="/ontology/organization/id/platform-partisipasi",
        showAs="Platform partisipasi publik",
    )
    _sub(
        refs,
        "TLCOrganization",
        eId="pemrakarsa",
        href=f"/ontology/organization/id/{_slug(data.initiator) if data.initiator else 'pemrakarsa'}",
        showAs=_clean(data.initiator) or "Pemrakarsa",
    )
    _sub(
        refs,
        "TLCLocation",
        eId="daerah",
        href=f"/ontology/location/id/{_slug(data.city_name)}",
        showAs=_clean(data.city_name),
    )


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
    kind, rest = _seg_parts(sub_key)
    if "/" in sub_key or kind != row.get("kind"):
        return f"{short}_{_token(sub_key)}", ""
    return f"{short}_{_token(rest)}", kind


def _preface_preamble(act: ET.Element, data: AknVersion) -> None:
    groups = _preamble_tree(data.preamble)
    judul = [row for row, _items in groups if row.get("kind") == "judul"]
    preface = _sub(act, "preface")
    if judul:
        row = judul[0]
        p = _sub(_sub(preface, "longTitle", eId="longTitle_1", class_="judul"), "p")
        if row.get("heading"):
            _sub(p, "docType", row["heading"]).tail = " "
        _sub(p, "docTitle", row.get("text") or "")
    else:
        _sub(_sub(_sub(preface, "longTitle", eId="longTitle_1"), "p"), "docTitle", data.title)
    rest = [(row, items) for row, items in groups if row.get("kind") != "judul"]
    if not rest:
        return
    preamble = _sub(act, "preamble")
    counters: dict[str, int] = {}
    for row, items in rest:
        kind = str(row.get("kind") or "")
        if kind in ("mengingat", "memperhatikan"):
            tag, item_tag, short = "citations", "citation", "cits"
        elif kind == "menimbang" or items:
            tag, item_tag, short = "recitals", "recital", "recs"
        else:  # pembukaan, diktum: formulas, in their place
            counters["formula"] = counters.get("formula", 0) + 1
            formula = _sub(
                preamble,
                "formula",
                name=kind or "formula",
                eId=f"formula_{counters['formula']}",
                class_=str(row.get("key") or kind),
            )
            _paras(formula, row.get("text") or "")
            continue
        counters[tag] = counters.get(tag, 0) + 1
        eid = f"{short}_{counters[tag]}"
        # the schema has no @name here; the class keeps the key ("menimbang", "mengingat-2")
        block = _sub(preamble, tag, eId=eid, class_=str(row.get("key") or kind))
        _paras(_sub(block, "intro"), row.get("heading") or "")
        item_short = item_tag[:3]
        if row.get("text") or not items:
            # a single consideration written after the heading itself: an item without num
            _paras(_sub(block, item_tag, eId=f"{eid}__{item_short}_0", class_="teks"), row.get("text") or "")
        for sub in items:
            component, sub_kind = _item_component(item_short, sub)
            item = _sub(block, item_tag, eId=f"{eid}__{component}", class_=sub_kind or "kunci")
            if sub_kind:
                _sub(item, "num", component.split("_", 1)[1] + ".")
            _paras(item, sub.get("text") or "")


def _text_element(tag: str, text: str) -> ET.Element:
    element = ET.Element(tag)
    element.text = _clean(text)
    return element


def _conclusions(act: ET.Element, data: AknVersion) -> None:
    if not data.penutup:
        return
    conclusions = _sub(act, "conclusions")
    for index, row in enumerate(data.penutup, start=1):
        block = _sub(
            conclusions, "container", name=str(row.get("kind") or "penutup"), eId=f"container_{index}"
        )
        _paras(block, row.get("text") or "")


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
    attachment = _sub(attachments, "attachment", eId=prefix)
    doc = _sub(attachment, "doc", name=name)
    _meta(doc, data, uris, f"{name}_{index}" if name == "lampiran" else name, references=False)
    preface = _sub(doc, "preface")
    _sub(_sub(preface, "longTitle", eId=f"{prefix}__longTitle_1"), "p", heading)
    return _sub(doc, "mainBody"), prefix


def _attachments(act: ET.Element, data: AknVersion, uris: dict[str, str]) -> None:
    explained = _explained(data.units)
    if not (explained or data.penjelasan_umum or data.lampiran):
        return
    attachments = _sub(act, "attachments")
    index = 0
    if explained or data.penjelasan_umum:
        index += 1
        body, prefix = _attachment_doc(attachments, data, uris, index, "penjelasan", "PENJELASAN")
        for n, text in enumerate(data.penjelasan_umum, start=1):
            umum = _sub(body, "hcontainer", name="umum", eId=f"{prefix}__hcontainer_{n}")
            _sub(umum, "heading", "Umum")
            _paras(_sub(umum, "content"), text)
        if explained:
            demi = _sub(
                body,
                "hcontainer",
                name="pasalDemiPasal",
                eId=f"{prefix}__hcontainer_{len(data.penjelasan_umum) + 1}",
            )
            _sub(demi, "heading", "Pasal demi Pasal")
            _Writer(prefix + "__").units(demi, explained, None, None)
    for n, row in enumerate(data.lampiran, start=1):
        index += 1
        body, prefix = _attachment_doc(
            attachments, data, uris, index, "lampiran", _clean(row.get("heading")) or "LAMPIRAN"
        )
        block = _sub(body, "hcontainer", name="lampiran", eId=f"{prefix}__hcontainer_{n}")
        _paras(_sub(block, "content"), row.get("text") or "")


def render_akn(data: AknVersion) -> bytes:
    """The version as an Akoma Ntoso 3.0 document (UTF-8 bytes with the XML declaration)."""
    root = ET.Element("akomaNtoso", {"xmlns": NS})
    subtype = SUBTYPES.get(data.draft_kind, data.draft_kind)
    act = _sub(root, "act", name=subtype)
    uris = frbr_uris(data)
    _meta(act, data, uris, "main")
    _preface_preamble(act, data)
    body = _sub(act, "body")
    if data.units:
        _Writer().units(body, data.units, None, None)
    else:  # the schema wants something in the body
        _sub(_sub(body, "hcontainer", name="kosong", eId="hcontainer_1"), "content").append(
            _text_element("p", "")
        )
    _conclusions(act, data)
    _attachments(act, data, uris)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --------------------------------------------------------------------------- reading


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


def walk(units: Iterable[AknUnit]) -> Iterable[AknUnit]:
    for unit in units:
        yield unit
        yield from walk(unit.children)


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
    rest = _untoken(local.split("_", 1)[1] if "_" in local else local)
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
            _number_from_num(num.text or "") if num is not None else None,
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
            sub_key = f"{sub_kind}-{_untoken(component)}" if sub_kind != "kunci" else _untoken(component)
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


def render_text(data: AknVersion) -> str:
    """The same version as plain text, one unit per paragraph (``drafts export --format txt``)."""
    lines: list[str] = []
    for row in data.preamble:
        lines.extend(part for part in (row.get("heading"), row.get("text")) if part)

    def write(units: list[AknUnit], depth: int, nested: frozenset[str]) -> None:
        for unit in units:
            pad = "  " * depth
            head = " ".join(
                part for part in (_num(unit, set(nested)) if unit.number else "", unit.heading or "") if part
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
