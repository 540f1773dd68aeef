"""The ``meta`` block: FRBR Work / Expression / Manifestation URIs (the version's date and
number name the expression) and the TLC organisations and location the FRBR authors point to.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from participation.drafts.akn.elements import sub_element, xml_clean
from participation.drafts.akn.model import CONTENT_TYPE, COUNTRY, LANGUAGE, SUBTYPES, AknVersion


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
    element = sub_element(parent, tag)
    sub_element(element, "FRBRthis", value=this)
    sub_element(element, "FRBRuri", value=uri)
    sub_element(element, "FRBRdate", date=date.isoformat(), name=date_name)
    sub_element(element, "FRBRauthor", href=author)
    for name, attrs in extra:
        sub_element(element, name, **attrs)


def write_meta(
    act: ET.Element, data: AknVersion, uris: dict[str, str], component: str, references: bool = True
) -> None:
    meta = sub_element(act, "meta")
    ident = sub_element(meta, "identification", source="#platform")
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
    refs = sub_element(meta, "references", source="#platform")
    sub_element(
        refs,
        "TLCOrganization",
        eId="platform",
        href="/ontology/organization/id/platform-partisipasi",
        showAs="Platform partisipasi publik",
    )
    sub_element(
        refs,
        "TLCOrganization",
        eId="pemrakarsa",
        href=f"/ontology/organization/id/{_slug(data.initiator) if data.initiator else 'pemrakarsa'}",
        showAs=xml_clean(data.initiator) or "Pemrakarsa",
    )
    sub_element(
        refs,
        "TLCLocation",
        eId="daerah",
        href=f"/ontology/location/id/{_slug(data.city_name)}",
        showAs=xml_clean(data.city_name),
    )
