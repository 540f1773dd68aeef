"""The Kemendagri planning nomenclature (Permendagri 90/2019 and its Kepmendagri updates), as
package data under ``data/nomenklatur`` (sources, legal basis and gaps: its README.md).

Kab/kota edition: urusan ``U``, bidang ``U.BB``, program ``U.BB.PP``, kegiatan ``U.BB.PP.2.KK``,
sub kegiatan ``U.BB.PP.2.KK.SSSS``. Codes are text: leading zeros are kept.

- The generic penunjang block (``X.XX.01…``, one copy per perangkat daerah in SIPD) is expanded
  once per kab/kota bidang, as SIPD does: ``1.01.01``, ``1.01.01.2.01``, ``1.01.01.2.01.0001`` …
  (``Entry.penunjang`` is True for those rows).
- The SIPD "pemutakhiran 2027" difference list is a flag on each entry (``status_2027``): rows
  removed or renumbered in 2027 stay valid (with a warning), rows new in 2027 are entries too.

The checks used by the usulan form and the import (``check_codes``, ``bidang_name``) live here
so both give the same verdict and the same Indonesian message. No Flask, no database.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from participation.core.i18n import N_

__all__ = [
    "LEVELS",
    "LEVEL_LABELS",
    "CodeCheck",
    "Entry",
    "Nomenclature",
    "bidang_name",
    "check_codes",
    "children",
    "get",
    "kabkota_bidang",
    "load",
    "search",
    "validate",
]

LEVELS = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")
LEVEL_LABELS = {
    "urusan": N_("urusan"),
    "bidang": N_("bidang urusan"),
    "program": N_("program"),
    "kegiatan": N_("kegiatan"),
    "sub_kegiatan": N_("sub kegiatan"),
}
UNCHANGED, REMOVED_IN_2027, NEW_IN_2027 = "unchanged", "removed_in_2027", "new_in_2027"

# the shape of each level's code (kab/kota kegiatan: 5th segment is 2)
_PATTERNS = {
    "urusan": re.compile(r"\d"),
    "bidang": re.compile(r"\d\.\d\d"),
    "program": re.compile(r"\d\.\d\d\.\d\d"),
    "kegiatan": re.compile(r"\d\.\d\d\.\d\d\.\d\.\d\d"),
    "sub_kegiatan": re.compile(r"\d\.\d\d\.\d\d\.\d\.\d\d\.\d{4}"),
}
# bidang listed for reference but not a kab/kota bidang (provincial, DKI, special autonomy)
_NOT_KABKOTA = {"5.07", "7.02", "7.03", "9.01", "9.02", "9.03"}
_PENUNJANG = "X.XX"


@dataclass(frozen=True)
class Entry:
    level: str
    code: str
    name: str
    parent: str | None
    status_2027: str = UNCHANGED
    penunjang: bool = False
    kabkota: bool = True

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"


@dataclass
class Nomenclature:
    entries: dict[str, Entry]
    by_parent: dict[str | None, list[str]]
    folded: dict[str, str]  # code → folded name, for search

    def get(self, code: str | None) -> Entry | None:
        return self.entries.get(normalise_code(code))


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("participation.musrenbang").joinpath(f"data/nomenklatur/{name}").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _parent(code: str) -> str | None:
    parts = code.split(".")
    return {1: None, 2: parts[0], 3: ".".join(parts[:2]), 5: ".".join(parts[:3]), 6: ".".join(parts[:5])}.get(
        len(parts)
    )


def fold_words(text: str | None) -> str:
    """Lower-case, accent-free words separated by single spaces (for loose matching)."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


def normalise_code(code: str | None) -> str:
    """``' 1.01.02 '`` → ``'1.01.02'``; spaces inside and a trailing dot are dropped."""
    return re.sub(r"\s+", "", code or "").strip(".")


@lru_cache(maxsize=1)
def load() -> Nomenclature:
    """Read the CSV files once per process."""
    selisih = {r["kode"]: r for r in _rows("selisih_pemutakhiran_2027.csv")}

    def status(code: str) -> str:
        row = selisih.get(code)
        if row is None:
            return UNCHANGED
        return REMOVED_IN_2027 if row["status"].startswith("tidak_ada") else NEW_IN_2027

    entries: dict[str, Entry] = {}

    def add(entry: Entry) -> None:
        entries[entry.code] = entry

    kabkota_bidang: list[str] = []
    for row in _rows("urusan_bidang.csv"):
        if row["kode_urusan"] not in entries:
            add(Entry("urusan", row["kode_urusan"], row["urusan"], None))
        kabkota = row["kode_bidang"] not in _NOT_KABKOTA
        add(Entry("bidang", row["kode_bidang"], row["bidang_urusan"], row["kode_urusan"], kabkota=kabkota))
        if kabkota:
            kabkota_bidang.append(row["kode_bidang"])
    for file, level, column in (
        ("program.csv", "program", "kode_program"),
        ("kegiatan.csv", "kegiatan", "kode_kegiatan"),
        ("sub_kegiatan.csv", "sub_kegiatan", "kode_sub_kegiatan"),
    ):
        for row in _rows(file):
            code = row[column]
            add(Entry(level, code, row["nomenklatur"], _parent(code), status(code)))
    for code, row in selisih.items():  # new in 2027: entries of their own
        if code not in entries and not row["status"].startswith("tidak_ada"):
            add(Entry(row["tingkat"], code, row["nomenklatur"], _parent(code), NEW_IN_2027))
    template = _rows("penunjang_template.csv")
    for bidang in kabkota_bidang:
        for row in template:
            code = row["kode"].replace(_PENUNJANG, bidang, 1)
            if code not in entries:
                add(Entry(row["tingkat"], code, row["nomenklatur"], _parent(code), penunjang=True))

    by_parent: dict[str | None, list[str]] = {}
    for entry in entries.values():
        by_parent.setdefault(entry.parent, []).append(entry.code)
    for codes in by_parent.values():
        codes.sort(key=_sort_key)
    folded = {code: fold_words(entry.name) for code, entry in entries.items()}
    return Nomenclature(entries=entries, by_parent=by_parent, folded=folded)


def _sort_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in code.split("."))


def get(code: str | None) -> Entry | None:
    return load().get(code)


def children(code: str | None) -> list[Entry]:
    """The entries directly below ``code`` (``None``: the urusan), in code order."""
    nom = load()
    key = normalise_code(code) or None
    return [nom.entries[c] for c in nom.by_parent.get(key, [])]


def kabkota_bidang() -> list[Entry]:
    """The bidang urusan a kabupaten/kota has (43), in code order."""
    return sorted(
        (e for e in load().entries.values() if e.level == "bidang" and e.kabkota),
        key=lambda e: _sort_key(e.code),
    )


def search(query: str | None, level: str | None = None, limit: int = 20) -> list[Entry]:
    """Entries whose name holds every word of ``query`` (case- and accent-insensitive), or whose
    code starts with ``query`` when it looks like a code. Shallower levels first, then by code."""
    nom = load()
    code_query = normalise_code(query)
    words = fold_words(query).split()
    if not words or limit <= 0:
        return []
    levels = {level} if level else set(LEVELS)
    found: list[Entry] = []
    if re.fullmatch(r"\d+(\.\d+)*", code_query):
        found = [
            e
            for c, e in nom.entries.items()
            if e.level in levels and (c == code_query or c.startswith(code_query + "."))
        ]
    else:
        for code, name in nom.folded.items():
            entry = nom.entries[code]
            if entry.level in levels and all(_has_word(name, w) for w in words):
                found.append(entry)
    found.sort(key=lambda e: (LEVELS.index(e.level), e.penunjang, _sort_key(e.code)))
    return found[:limit]


def _has_word(folded_name: str, word: str) -> bool:
    return (" " + folded_name).find(" " + word) >= 0


def level_of(code: str | None) -> str | None:
    """The level a code's shape belongs to (whether or not the code exists)."""
    code = normalise_code(code)
    for level, pattern in _PATTERNS.items():
        if pattern.fullmatch(code):
            return level
    return None


@dataclass(frozen=True)
class Verdict:
    entry: Entry | None
    error: str | None = None
    warning: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _what(level: str) -> str:
    return LEVEL_LABELS[level]


def validate(code: str | None, level: str) -> Verdict:
    """Is ``code`` a known ``level`` code? An error (Indonesian) when unknown or of another
    level; a warning when the 2027 update removed or renumbered it."""
    if level not in LEVELS:
        raise ValueError(level)
    code = normalise_code(code)
    entry = get(code)
    if entry is None:
        shape = level_of(code)
        if shape is None:
            return Verdict(
                None,
                error=N_("Kode %(what)s \u201c%(code)s\u201d tidak sesuai format (contoh: %(example)s).")
                % {"what": _what(level), "code": code, "example": _EXAMPLES[level]},
            )
        return Verdict(
            None,
            error=N_(
                "Kode %(what)s \u201c%(code)s\u201d tidak ada dalam nomenklatur Kemendagri "
                "(Permendagri 90/2019 dan pemutakhirannya)."
            )
            % {"what": _what(level), "code": code},
        )
    if entry.level != level:
        return Verdict(
            entry,
            error=N_("\u201c%(code)s\u201d adalah kode %(actual)s (%(name)s), bukan kode %(what)s.")
            % {"code": code, "actual": _what(entry.level), "name": entry.name, "what": _what(level)},
        )
    if entry.status_2027 == REMOVED_IN_2027:
        return Verdict(
            entry,
            warning=N_(
                "Kode %(what)s %(code)s (%(name)s) tidak ada lagi dalam pemutakhiran nomenklatur 2027 "
                "(dihapus atau diberi kode baru); periksa di SIPD."
            )
            % {"what": _what(level), "code": code, "name": entry.name},
        )
    return Verdict(entry)


_EXAMPLES = {
    "urusan": "1",
    "bidang": "1.03",
    "program": "1.03.10",
    "kegiatan": "1.03.10.2.01",
    "sub_kegiatan": "1.03.10.2.01.0001",
}


# --- usulan: kode program / kegiatan / sub kegiatan -------------------------------------------

CODE_FIELDS = ("kode_program", "kode_kegiatan", "kode_sub_kegiatan")
_FIELD_LEVEL = {"kode_program": "program", "kode_kegiatan": "kegiatan", "kode_sub_kegiatan": "sub_kegiatan"}


@dataclass
class CodeCheck:
    """The verdict on an usulan's three optional codes. ``values`` fills a missing program or
    kegiatan from a deeper code given; ``errors``/``warnings`` map a field to its message."""

    values: dict[str, str | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    warnings: dict[str, str] = field(default_factory=dict)


def check_codes(
    kode_program: str | None, kode_kegiatan: str | None, kode_sub_kegiatan: str | None
) -> CodeCheck:
    """One rule for the usulan form and the import: each code given must be a known code of its
    level, a kegiatan must sit under the program given and a sub kegiatan under the kegiatan
    given; codes removed in the 2027 update pass with a warning. A missing program/kegiatan is
    filled from the deeper code."""
    typed = {
        "kode_program": normalise_code(kode_program),
        "kode_kegiatan": normalise_code(kode_kegiatan),
        "kode_sub_kegiatan": normalise_code(kode_sub_kegiatan),
    }
    result = CodeCheck(values={k: (v or None) for k, v in typed.items()})
    entries: dict[str, Entry] = {}
    for name, code in typed.items():
        if not code:
            continue
        verdict = validate(code, _FIELD_LEVEL[name])
        if verdict.error:
            result.errors[name] = verdict.error
        else:
            assert verdict.entry is not None  # noqa: S101 - no error means an entry
            entries[name] = verdict.entry
            if verdict.warning:
                result.warnings[name] = verdict.warning
    sub, keg, prog = (entries.get(n) for n in ("kode_sub_kegiatan", "kode_kegiatan", "kode_program"))
    if sub and keg and sub.parent != keg.code:
        result.errors["kode_sub_kegiatan"] = N_(
            "Sub kegiatan %(sub)s tidak berada di bawah kegiatan %(keg)s (kegiatannya %(parent)s)."
        ) % {"sub": sub.code, "keg": keg.code, "parent": sub.parent}
    if keg and prog and keg.parent != prog.code:
        result.errors["kode_kegiatan"] = N_(
            "Kegiatan %(keg)s tidak berada di bawah program %(prog)s (programnya %(parent)s)."
        ) % {"keg": keg.code, "prog": prog.code, "parent": keg.parent}
    if sub and prog and not typed["kode_kegiatan"] and _parent(sub.parent or "") != prog.code:
        result.errors["kode_sub_kegiatan"] = N_(
            "Sub kegiatan %(sub)s tidak berada di bawah program %(prog)s (programnya %(parent)s)."
        ) % {"sub": sub.code, "prog": prog.code, "parent": _parent(sub.parent or "")}
    if result.errors:
        return result
    # fill what the deeper code implies
    if sub and not typed["kode_kegiatan"]:
        result.values["kode_kegiatan"] = sub.parent
    deepest = keg or (get(sub.parent) if sub else None)
    if deepest and not typed["kode_program"]:
        result.values["kode_program"] = deepest.parent
    return result


# --- bidang urusan by name --------------------------------------------------------------------

# other wordings of kab/kota bidang names seen in offices' files and in law (README "Known gaps")
_BIDANG_ALIASES = {
    "ketenagakerjaan": "2.07",
    "tenaga kerja": "2.07",
    "kewilayahan kecamatan dan kelurahan": "7.01",
    "kewilayahan": "7.01",
    "kecamatan dan kelurahan": "7.01",
    "ketenteraman ketertiban umum dan perlindungan masyarakat": "1.05",
    "ketentraman dan ketertiban umum serta perlindungan masyarakat": "1.05",
    "perumahan rakyat dan kawasan permukiman": "1.04",
    "kependudukan dan pencatatan sipil": "2.12",
    "pengendalian penduduk dan kb": "2.14",
    "komunikasi dan informatika": "2.16",
    "inspektorat": "6.01",
}
_BIDANG_PREFIXES = ("urusan pemerintahan bidang ", "urusan ", "bidang ")


def _bidang_key(text: str) -> str:
    key = fold_words(text.replace("&", " dan "))
    key = re.sub(r"\bpelindungan\b", "perlindungan", key)
    for prefix in _BIDANG_PREFIXES:
        key = key.removeprefix(prefix)
    return key


@lru_cache(maxsize=1)
def _bidang_index() -> dict[str, str]:
    index = dict(_BIDANG_ALIASES)
    for entry in kabkota_bidang():
        index[_bidang_key(entry.name)] = entry.code
        index[entry.code] = entry.code
    return index


def bidang_name(text: str | None) -> str | None:
    """The official name of the kab/kota bidang urusan ``text`` means: its name in any case or
    accent, with "Pelindungan" (UU 23/2014) or "Perlindungan", the prefix "Urusan Pemerintahan
    Bidang", its code ("2.23"), code and name ("2.23 Perpustakaan"), or a known older wording
    ("Ketenagakerjaan"). ``None`` when it is none of these."""
    text = (text or "").strip()
    if not text:
        return None
    index = _bidang_index()
    m = re.match(r"^\s*(\d\.\d\d)\b\s*[-–:]?\s*(.*)$", text)
    candidates: Iterable[str] = (m.group(1), _bidang_key(m.group(2))) if m else (_bidang_key(text),)
    for key in candidates:
        code = index.get(key)
        if code is not None:
            entry = get(code)
            return entry.name if entry else None
    return None
