"""The whole usulan: ``FIELDS`` (the fields it is typed with, in the order problems are
reported), the jenis and sumber words, and ``check_usulan``, the verdict the form, the import
and the resident proposal form share (one named step per field or group of fields). Part of
``participation.musrenbang.rules`` (its docstring lists the rules).

Must not import Flask or SQLAlchemy: ``participation.core`` only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from participation.core.i18n import N_
from participation.core.tables import norm_header
from participation.musrenbang import nomenclature
from participation.musrenbang.rules.numbers import (
    VOLUME_NOT_A_NUMBER,
    normalise_rt,
    parse_coordinate,
    parse_rupiah,
    parse_volume,
)
from participation.musrenbang.rules.text import CellError, check_free_text, multi_line, one_line, tidy

# The fields an usulan is typed with, in the order problems are reported.
FIELDS = (
    "title",
    "permasalahan",
    "alamat",
    "rt",
    "rw",
    "latitude",
    "longitude",
    "bidang",
    "opd",
    "jenis",
    "volume",
    "satuan",
    "anggaran",
    "pengusul",
    "kode_program",
    "kode_kegiatan",
    "kode_sub_kegiatan",
)

# --- enumerations ----------------------------------------------------------------------------

JENIS = {
    "sarpras": "SARPRAS",
    "saranaprasarana": "SARPRAS",
    "saranadanprasarana": "SARPRAS",
    "lk": "LK",
    "lembagakemasyarakatan": "LK",
    "kelembagaan": "LK",
    "kelembagaankemasyarakatan": "LK",
    "pm": "PM",
    "pemberdayaanmasyarakat": "PM",
    "pemberdayaan": "PM",
}
SUMBER = {
    "warga": "warga",
    "masyarakat": "warga",
    "koordinator": "koordinator",
    "koordinatorkelurahan": "koordinator",
    "kelurahan": "koordinator",
    "lurah": "koordinator",
    "pokir": "pokir",
    "dprd": "pokir",
    "reses": "pokir",
    "pokokpikiran": "pokir",
    "pokokpikirandprd": "pokir",
    "opd": "opd",
    "skpd": "opd",
    "perangkatdaerah": "opd",
}


# --- the whole usulan --------------------------------------------------------------------------


@dataclass(slots=True)
class Checked:
    """``values`` holds every field (``None`` when empty or wrong); ``errors`` maps a field to
    its untranslated Indonesian message, in ``FIELDS`` order; ``warnings`` likewise (the usulan
    is still acceptable). Acceptable when ``errors`` is empty."""

    values: dict[str, Any]
    errors: dict[str, str]
    warnings: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def check_usulan(typed: Mapping[str, str | None]) -> Checked:
    """The verdict on an usulan from the texts as typed (keys of ``FIELDS``; missing keys are
    empty)."""
    raw = {key: tidy(typed.get(key)) for key in FIELDS}
    values: dict[str, Any] = {}
    found: dict[str, str] = {}

    _tidy_texts(raw, values)
    _check_rt_rw(raw, values, found)
    _check_coordinates(raw, values, found)
    _check_jenis(raw, values, found)
    _check_volume_and_satuan(raw, values, found)
    _check_anggaran(raw, values, found)
    _check_free_texts(values, found)

    codes = nomenclature.check_codes(raw["kode_program"], raw["kode_kegiatan"], raw["kode_sub_kegiatan"])
    values.update(codes.values)
    found.update(codes.errors)
    return Checked(
        values=values,
        errors={key: found[key] for key in FIELDS if key in found},
        warnings=dict(codes.warnings),
    )


# The steps of ``check_usulan``: each reads the tidied texts (``raw``), puts its fields' typed
# values in ``values`` and its fields' problems in ``found``.


def _tidy_texts(raw: dict[str, str], values: dict[str, Any]) -> None:
    for key in ("title", "alamat", "bidang", "opd", "pengusul"):
        values[key] = one_line(raw[key])
    values["permasalahan"] = multi_line(raw["permasalahan"])


def _check_rt_rw(raw: dict[str, str], values: dict[str, Any], found: dict[str, str]) -> None:
    for key, what in (("rt", "RT"), ("rw", "RW")):
        try:
            values[key] = normalise_rt(raw[key], what)
        except CellError as exc:
            values[key] = None
            found[key] = exc.message


def _check_coordinates(raw: dict[str, str], values: dict[str, Any], found: dict[str, str]) -> None:
    values["latitude"] = values["longitude"] = None
    lat_text, lon_text = raw["latitude"], raw["longitude"]
    if bool(lat_text) != bool(lon_text):
        found["latitude" if not lat_text else "longitude"] = N_(
            "Isi lintang dan bujur, atau kosongkan keduanya (contoh: -1.2290 dan 116.9790)."
        )
    elif lat_text:
        for key, text, limit, what in (
            ("latitude", lat_text, 90, N_("lintang (latitude)")),
            ("longitude", lon_text, 180, N_("bujur (longitude)")),
        ):
            try:
                values[key] = parse_coordinate(text, limit, what)
            except CellError as exc:
                found[key] = exc.message


def _check_jenis(raw: dict[str, str], values: dict[str, Any], found: dict[str, str]) -> None:
    values["jenis"] = None
    if raw["jenis"]:
        values["jenis"] = JENIS.get(norm_header(raw["jenis"]))
        if values["jenis"] is None:
            found["jenis"] = N_("Jenis \u201c%(v)s\u201d tidak dikenal; pilih SARPRAS, LK atau PM.") % {
                "v": one_line(raw["jenis"])[:60]
            }


def _check_volume_and_satuan(raw: dict[str, str], values: dict[str, Any], found: dict[str, str]) -> None:
    """The volume, required; a Satuan typed separately wins over the unit typed after it."""
    volume, unit = None, ""
    if raw["volume"]:
        try:
            volume, unit = parse_volume(raw["volume"])
        except CellError as exc:
            found["volume"] = exc.message
    else:
        found["volume"] = VOLUME_NOT_A_NUMBER
    values["volume"] = volume
    values["satuan"] = one_line(raw["satuan"]) or unit


def _check_anggaran(raw: dict[str, str], values: dict[str, Any], found: dict[str, str]) -> None:
    values["anggaran"] = None
    if raw["anggaran"]:
        try:
            values["anggaran"] = parse_rupiah(raw["anggaran"])
        except CellError as exc:
            found["anggaran"] = N_("Perkiraan anggaran %(m)s.") % {"m": exc.message}


def _check_free_texts(values: dict[str, Any], found: dict[str, str]) -> None:
    """Lengths and personal data in every free text; then an empty optional text becomes None."""
    for key in ("title", "permasalahan", "alamat", "satuan", "bidang", "opd", "pengusul"):
        if (problem := check_free_text(key, values[key])) is not None:
            found[key] = problem

    for key in ("bidang", "opd", "pengusul", "satuan"):
        values[key] = values[key] or None
