"""What the parser says about one document, in the shape of ``facts.json`` (see
``tests/fixtures/regulations/README.md``), so the corpus test can compare fact by fact."""

from __future__ import annotations

import re
from typing import Any

from participation.drafts.parsing import ParseResult, Unit, iter_units


def _norm(text: str) -> str:
    return " ".join(text.split())


def unit_text(unit: Unit) -> str:
    """The unit's whole text with its children, markers included ("(1) ... a. ...")."""
    parts = [unit.heading or "", unit.text]
    for child in unit.children:
        label = child.number or ""
        if child.kind == "ayat":
            label = f"({label})"
        elif child.kind in ("huruf", "angka") and label:
            label = f"{label}."
        parts.append(f"{label} {unit_text(child)}")
    return _norm(" ".join(parts))


def observed(result: ParseResult, amendment: bool) -> dict[str, Any]:
    body = list(iter_units(result.units))
    babs = [u.number or "" for u in body if u.kind == "bab"]
    top_pasal = [u for u in body if u.kind == "pasal" and u.key.startswith("pasal-") and "/" not in u.key]
    data: dict[str, Any] = {
        "babs": [b.replace(" ", "") for b in babs],
        "bagian_count": sum(1 for u in body if u.kind == "bagian"),
        "paragraf_count": sum(1 for u in body if u.kind == "paragraf"),
    }
    if amendment:
        outer = [u for u in top_pasal if not (u.number or "")[:1].isdigit()]
        inner = [u for o in outer[:1] for u in iter_units(o.children) if u.kind == "pasal"]
        data["pasal"] = {
            "outer": [u.number for u in outer],
            "inner": [(u.number or "").replace(" ", "") for u in inner],
            "change_points": sum(1 for o in outer[:1] for u in o.children if u.kind == "perubahan"),
        }
        by_number = {(u.number or "").replace(" ", ""): u for u in inner}
    else:
        data["pasal"] = [u.number for u in top_pasal]
        by_number = {u.number: u for u in top_pasal}
    data["ayat"] = {
        number: sum(1 for c in unit.children if c.kind == "ayat") for number, unit in by_number.items()
    }
    last = top_pasal[-1] if top_pasal else None
    closing = [u for u in result.penutup if u.kind == "penutup"]
    data["last_pasal"] = {
        "number": last.number if last else None,
        "text": _norm(" ".join([unit_text(last) if last else ""] + [unit_text(u) for u in closing])),
        "own_text": unit_text(last) if last else "",
    }
    pj_pasal = [u for u in iter_units(result.penjelasan) if u.kind == "pasal"]
    data["penjelasan"] = {"present": bool(result.penjelasan), "pasal_count": len(pj_pasal)}
    return data


def compare_text(a: str, b: str) -> bool:
    """Equal once whitespace, and spaces next to punctuation, are normalised."""

    def squash(text: str) -> str:
        text = _norm(text)
        return re.sub(r"\s*([,.;:])\s*", r"\1 ", text).strip()

    return squash(a) == squash(b)
