"""eIds and numbers: a unit's eId is its key's image (``pasal-5/ayat-2/huruf-b`` →
``art_5__para_2__point_b``), escaped reversibly so the reader recovers the key; its ``num`` is the
label the text writes ("Pasal 5", "(2)", "b." or "b)" inside a huruf), read back to the number.
"""

from __future__ import annotations

import re

from participation.drafts.akn.model import ELEMENTS, POINT_KINDS, AknUnit


def segment_parts(segment: str) -> tuple[str, str]:
    kind, _, rest = segment.partition("-")
    return kind, rest


def _component(unit: AknUnit) -> str:
    segment = unit.key.rsplit("/", 1)[-1]
    kind, rest = segment_parts(segment)
    prefix = ELEMENTS.get(unit.kind, (None, unit.kind))[1] if kind == unit.kind else kind
    return f"{prefix}_{eid_token(rest or unit.number or '')}"


def eid_token(text: str) -> str:
    """Keys are already lower-case ASCII words; anything else is escaped reversibly."""
    return re.sub(r"[^a-z0-9-]", lambda m: f".{ord(m.group(0)):x}.", text)


def eid_untoken(text: str) -> str:
    return re.sub(r"\.([0-9a-f]+)\.", lambda m: chr(int(m.group(1), 16)), text)


def unit_eid(unit: AknUnit, parent_eid: str | None, parent_key: str | None) -> str:
    """The unit's eId: its key's image (``pasal-5/ayat-2`` → ``art_5__para_2``)."""
    if parent_key and unit.key.startswith(parent_key + "/") and parent_eid:
        return f"{parent_eid}__{_component(unit)}"
    return _component(unit)


def num_label(unit: AknUnit, nested: set[str]) -> str:
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


def number_from_num(text: str) -> str | None:
    text = (text or "").strip()
    if not text:
        return None
    text = _NUM_WORDS.sub("", text)
    if text.startswith("(") and text.endswith(")"):
        return text[1:-1]
    return text[:-1] if text.endswith((".", ")")) else text
