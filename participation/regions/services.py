"""Loading regions from a CSV of the shape of ``data/wilayah_balikpapan.csv``; resolving names.

Must not import Flask. ``load_regions`` is idempotent: loading the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.core.errors import ValidationError
from participation.core.text import fold, squash
from participation.regions.models import Kecamatan, Kelurahan

REQUIRED_COLUMNS = ("kode_kecamatan", "kecamatan", "kode_kelurahan", "kelurahan")
CODE_KECAMATAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
CODE_KELURAHAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")

# Spellings seen in real documents (shared/reference/README.md); folded forms map to canonical.
KELURAHAN_VARIANTS = {
    "gnsariilir": "Gunung Sari Ilir",
    "gnsariulu": "Gunung Sari Ulu",
    "lemaru": "Lamaru",
    "gnsamarinda": "Gunung Samarinda",
    "gnbahagia": "Gunung Bahagia",
}
KECAMATAN_ABBREVIATIONS = {
    "baltim": "Balikpapan Timur",
    "balbar": "Balikpapan Barat",
    "balut": "Balikpapan Utara",
    "balteng": "Balikpapan Tengah",
    "balsel": "Balikpapan Selatan",
    "balkot": "Balikpapan Kota",
}


@dataclass(frozen=True)
class LoadReport:
    kecamatan_added: int
    kelurahan_added: int
    updated: int
    unchanged: int


def default_regions_csv() -> str:
    return (
        resources.files("participation.regions")
        .joinpath("data/wilayah_balikpapan.csv")
        .read_text(encoding="utf-8")
    )


def parse_regions_csv(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise ValidationError("Kolom wajib tidak ada: " + ", ".join(missing))
    rows: list[dict[str, str]] = []
    errors: list[str] = []
    for line, raw in enumerate(reader, start=2):
        row = {k.strip(): squash(v) for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        if not CODE_KECAMATAN.match(row["kode_kecamatan"]):
            errors.append(f"baris {line}, kolom kode_kecamatan: format harus seperti 64.71.01")
        if not CODE_KELURAHAN.match(row["kode_kelurahan"]):
            errors.append(f"baris {line}, kolom kode_kelurahan: format harus seperti 64.71.01.1001")
        elif not row["kode_kelurahan"].startswith(row["kode_kecamatan"] + "."):
            errors.append(f"baris {line}, kolom kode_kelurahan: tidak berada di kode_kecamatan")
        for col in ("kecamatan", "kelurahan"):
            if not row[col]:
                errors.append(f"baris {line}, kolom {col}: wajib diisi")
        if row.get("jumlah_rt") and not row["jumlah_rt"].isdigit():
            errors.append(f"baris {line}, kolom jumlah_rt: harus bilangan bulat")
        rows.append(row)
    if errors:
        raise ValidationError("; ".join(errors))
    if not rows:
        raise ValidationError("Berkas wilayah kosong.")
    return rows


def load_regions(session: Session, rows: list[dict[str, str]]) -> LoadReport:
    kec_added = kel_added = updated = unchanged = 0
    kecamatan = {k.code: k for k in session.scalars(select(Kecamatan))}
    kelurahan = {k.code: k for k in session.scalars(select(Kelurahan))}
    for row in rows:
        kcode = row["kode_kecamatan"]
        kec = kecamatan.get(kcode)
        if kec is None:
            kec = Kecamatan(code=kcode, name=row["kecamatan"], city_code=kcode[:5])
            session.add(kec)
            kecamatan[kcode] = kec
            kec_added += 1
        elif kec.name != row["kecamatan"]:
            kec.name = row["kecamatan"]
            updated += 1
        values = {
            "name": row["kelurahan"],
            "kecamatan_code": kcode,
            "postcode": row.get("kode_pos") or None,
            "bps_code": row.get("kode_bps") or None,
            "rt_count": int(row["jumlah_rt"]) if row.get("jumlah_rt") else None,
        }
        kel = kelurahan.get(row["kode_kelurahan"])
        if kel is None:
            session.add(Kelurahan(code=row["kode_kelurahan"], **values))
            kel_added += 1
            continue
        if any(getattr(kel, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(kel, k, v)
            updated += 1
        else:
            unchanged += 1
    session.flush()
    return LoadReport(kec_added, kel_added, updated, unchanged)


def _name_key(name: str) -> str:
    key = fold(name)
    for prefix in ("kelurahan", "kel", "desa"):
        if key.startswith(prefix) and len(key) > len(prefix) + 3:
            key = key[len(prefix) :]
            break
    return key


def resolve_kelurahan(session: Session, name_or_code: str) -> Kelurahan | None:
    """Find a kelurahan by code or by a name as people write it ("Gunungsamarinda", "Kel. Gn.
    Sari Ilir", "MUARA RAPAK")."""
    value = squash(name_or_code)
    if not value:
        return None
    if CODE_KELURAHAN.match(value):
        return session.get(Kelurahan, value)
    key = _name_key(value)
    key = fold(KELURAHAN_VARIANTS.get(key, key))
    for kel in session.scalars(select(Kelurahan)):
        if fold(kel.name) == key:
            return kel
    return None


def resolve_kecamatan(session: Session, name_or_code: str) -> Kecamatan | None:
    value = squash(name_or_code)
    if not value:
        return None
    if CODE_KECAMATAN.match(value):
        return session.get(Kecamatan, value)
    key = fold(value)
    key = fold(KECAMATAN_ABBREVIATIONS.get(key, key))
    if key.startswith("kecamatan"):
        key = key[len("kecamatan") :]
    elif key.startswith("kec"):
        key = key[3:]
    for kec in session.scalars(select(Kecamatan)):
        if fold(kec.name) == key:
            return kec
    return None
