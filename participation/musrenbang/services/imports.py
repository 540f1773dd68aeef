"""Bulk import of usulan: preview (parse and check, write nothing), then commit all rows in one
bulk insert, or none.

Decision — imported statuses: a file may carry SIPD statuses ("Diakomodir"). Only an ADMIN (and
the CLI, which runs as the system) imports them as they are, because they rewrite the record
of decisions other people made. For anyone else every row enters as draf, and the preview says
so in a warning before anything is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.core import audit
from participation.core.errors import PermissionDenied, ValidationError
from participation.core.files import PREVIEW_LIFETIME, FileKind, StoredFile, load_file, store_file
from participation.core.i18n import N_
from participation.musrenbang import policies
from participation.musrenbang.importing import ImportResult, RowError, UsulanRow, parse_usulan_file
from participation.musrenbang.models import MusrenbangCycle, Usulan, UsulanEvent
from participation.musrenbang.services.cycles import known_bidang, known_opd
from participation.musrenbang.workflow import Tier, UsulanStatus
from participation.regions import services as region_services

__all__ = [
    "PREVIEW_EXPIRED",
    "ImportPreview",
    "assign_prioritas",
    "commit_import",
    "discard_import_upload",
    "keep_import_upload",
    "load_import_upload",
    "preview_import",
]

PREVIEW_EXPIRED = N_("Pratinjau impor sudah kedaluwarsa (lebih dari 24 jam). Unggah berkasnya lagi.")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class ImportPreview:
    result: ImportResult
    kelurahan_code: str | None  # the kelurahan every row was put in (override), if any
    statuses_kept: bool
    # row number → the prioritas the row will get: after the kelurahan's existing ones
    prioritas: dict[int, int] = field(default_factory=dict)
    # kelurahan code → its highest prioritas in the cycle before the import
    prioritas_before: dict[str, int] = field(default_factory=dict)

    @property
    def renumbered(self) -> bool:
        """Some row's prioritas from the file changes (shown in the preview)."""
        return any(
            r.prioritas is not None and self.prioritas.get(r.row_number) != r.prioritas
            for r in self.result.rows
        )

    @property
    def importable(self) -> bool:
        return self.result.importable

    @property
    def total_anggaran(self) -> int:
        return sum(r.anggaran or 0 for r in self.result.rows)


def _resolver(session: Session):
    @cache
    def resolve(text: str) -> str | None:
        kel = region_services.resolve_kelurahan(session, text)
        return kel.code if kel else None

    return resolve


def preview_import(
    session: Session,
    *,
    cycle: MusrenbangCycle,
    filename: str,
    data: bytes,
    actor: User | None,
    kelurahan_code: str | None,
    override_kelurahan: bool,
    now: dt.datetime,
) -> ImportPreview:
    """Parse and check a file. ``actor=None`` is the CLI (system): any kelurahan, statuses kept.

    A coordinator must name their own kelurahan; rows resolving to any other kelurahan are
    errors. The kelurahan stage must be open for everyone but the system and admins.
    """
    admin_like = _check_may_import(
        cycle, actor=actor, kelurahan_code=kelurahan_code, override_kelurahan=override_kelurahan, now=now
    )
    result = parse_usulan_file(
        filename,
        data,
        resolve_kelurahan=_resolver(session),
        default_kelurahan_code=kelurahan_code,
        known_opd=known_opd(session),
        known_bidang=known_bidang(session),
        override_kelurahan=override_kelurahan,
    )
    if kelurahan_code and not admin_like:
        _refuse_other_kelurahan(result, kelurahan_code)
    if not admin_like:
        _import_as_drafts(result)
    result.errors.sort(key=lambda e: (e.row, e.column))
    before = _top_prioritas(session, cycle.id, result.rows)
    return ImportPreview(
        result=result,
        kelurahan_code=kelurahan_code,
        statuses_kept=admin_like,
        prioritas=assign_prioritas(result.rows, before),
        prioritas_before=before,
    )


def _check_may_import(
    cycle: MusrenbangCycle,
    *,
    actor: User | None,
    kelurahan_code: str | None,
    override_kelurahan: bool,
    now: dt.datetime,
) -> bool:
    """Refuse an import the actor may not make; whether the actor imports like an admin (any
    kelurahan, statuses kept, the stage open or not)."""
    is_system = actor is None
    if kelurahan_code is not None and not is_system and not policies.can_import(actor, kelurahan_code):
        raise PermissionDenied(N_("Anda hanya dapat mengimpor usulan untuk kelurahan Anda sendiri."))
    if kelurahan_code is None and not is_system and not policies.can_import_statuses(actor):
        raise ValidationError(N_("Pilih kelurahan tujuan impor."), field="kelurahan_code")
    if override_kelurahan and not kelurahan_code:
        raise ValidationError(
            N_("Pilih kelurahan bila semua baris dimasukkan ke satu kelurahan."), field="kelurahan_code"
        )
    stage = cycle.stage(Tier.KELURAHAN)
    admin_like = is_system or policies.can_import_statuses(actor)
    if not admin_like and not (stage and stage.is_open(now)):
        raise ValidationError(N_("Tahap musrenbang kelurahan tidak sedang dibuka; impor usulan terkunci."))
    return admin_like


def _refuse_other_kelurahan(result: ImportResult, kelurahan_code: str) -> None:
    """A coordinator's rows for another kelurahan are errors (and nothing is imported)."""
    bad = [r for r in result.rows if r.kelurahan_code != kelurahan_code]
    for row in bad:
        result.errors.append(
            RowError(
                row.row_number,
                "kelurahan",
                N_(
                    "di luar kelurahan Anda; hapus baris ini atau centang \u201csemua baris untuk "
                    "kelurahan saya\u201d"
                ),
            )
        )
    if bad:
        result.parsed_row_count -= len(bad)
        result.rows = []


def _import_as_drafts(result: ImportResult) -> None:
    """Only admins import statuses: everyone else's rows come in as drafts, with a warning."""
    changed = [r for r in result.rows if r.status != UsulanStatus.DRAFT]
    if changed:
        result.warnings.append(
            RowError(
                changed[0].row_number,
                "status",
                N_(
                    "%(n)d baris berstatus selain draf; hanya admin yang boleh mengimpor status, jadi "
                    "semua baris masuk sebagai draf"
                )
                % {"n": len(changed)},
            )
        )
        result.rows = [
            r if r.status == UsulanStatus.DRAFT else replace(r, status=UsulanStatus.DRAFT, status_reason=None)
            for r in result.rows
        ]


def _top_prioritas(session: Session, cycle_id: int, rows: Sequence[UsulanRow]) -> dict[str, int]:
    codes = {r.kelurahan_code for r in rows}
    if not codes:
        return {}
    found = session.execute(
        select(Usulan.kelurahan_code, func.max(Usulan.prioritas))
        .where(Usulan.cycle_id == cycle_id, Usulan.kelurahan_code.in_(codes))
        .group_by(Usulan.kelurahan_code)
    ).all()
    return {code: top or 0 for code, top in found}


def assign_prioritas(rows: Sequence[UsulanRow], before: dict[str, int]) -> dict[int, int]:
    """Row number → prioritas: imported usulan follow the kelurahan's existing ones in the
    cycle (a file's "1" becomes 13 after twelve), in the file's order of prioritas (rows
    without one after, in file order), so no number is taken twice (issue 17)."""
    assigned: dict[int, int] = {}
    next_rank = {code: top + 1 for code, top in before.items()}
    ordered = sorted(rows, key=lambda r: (r.prioritas is None, r.prioritas or 0, r.row_number))
    for row in ordered:
        number = next_rank.get(row.kelurahan_code, 1)
        assigned[row.row_number] = number
        next_rank[row.kelurahan_code] = number + 1
    return assigned


def commit_import(
    session: Session,
    *,
    cycle: MusrenbangCycle,
    preview: ImportPreview,
    source_name: str,
    actor: User | None,
    now: dt.datetime,
) -> int:
    """Insert every row of an importable preview in bulk (one INSERT per table); return count."""
    result = preview.result
    if not result.importable:
        raise ValidationError(N_("Berkas masih berisi kesalahan; tidak ada usulan yang diimpor."))
    actor_id = actor.id if actor else None
    codes = {r.kelurahan_code for r in result.rows}
    # Counted again: another usulan may have been entered since the preview.
    prioritas = assign_prioritas(result.rows, _top_prioritas(session, cycle.id, result.rows))
    values = [
        _usulan_values(row, cycle=cycle, prioritas=prioritas, actor_id=actor_id, now=now)
        for row in result.rows
    ]
    ids = list(session.scalars(insert(Usulan).returning(Usulan.id, sort_by_parameter_order=True), values))
    note = N_("Diimpor dari berkas %(f)s.") % {"f": source_name[:200]}
    session.execute(
        insert(UsulanEvent),
        [
            {
                "usulan_id": usulan_id,
                "actor_id": actor_id,
                "at": now,
                "action": "import",
                "from_status": None,
                "to_status": row.status.value,
                "reason": f"{note} {row.status_reason}" if row.status_reason else note,
            }
            for usulan_id, row in zip(ids, result.rows, strict=True)
        ],
    )
    audit.record(
        session,
        actor_id=actor_id,
        action="musrenbang.usulan.import",
        target_type="musrenbang_cycle",
        target_id=cycle.id,
        now=now,
        after={
            "file": source_name[:200],
            "rows": len(ids),
            "kelurahan": sorted(codes)[:50],
            "first_id": ids[0],
            "last_id": ids[-1],
            "prioritas_renumbered": sum(
                1 for r in result.rows if r.prioritas is not None and prioritas[r.row_number] != r.prioritas
            ),
        },
    )
    session.flush()
    return len(ids)


def _usulan_values(
    row: UsulanRow,
    *,
    cycle: MusrenbangCycle,
    prioritas: dict[int, int],
    actor_id: int | None,
    now: dt.datetime,
) -> dict[str, Any]:
    """The columns of the usulan one row becomes."""
    return {
        "cycle_id": cycle.id,
        "kelurahan_code": row.kelurahan_code,
        "title": row.title,
        "permasalahan": row.permasalahan,
        "alamat": row.alamat,
        "rt": row.rt,
        "rw": row.rw,
        "latitude": row.latitude,
        "longitude": row.longitude,
        "bidang": row.bidang,
        "opd": row.opd,
        "jenis": row.jenis,
        "volume": row.volume,
        "satuan": row.satuan[:64],
        "anggaran": row.anggaran,
        "prioritas": prioritas[row.row_number],
        "sumber": row.sumber,
        "status": row.status.value,
        "pengusul": row.pengusul,
        "external_id": row.external_id,
        "kode_program": row.kode_program,
        "kode_kegiatan": row.kode_kegiatan,
        "kode_sub_kegiatan": row.kode_sub_kegiatan,
        "created_by_id": actor_id,
        "created_at": now,
        "updated_at": now,
    }


# --- the uploaded sheet between preview and confirmation ------------------------------------
# Kept in the database (not the session, not a hidden field, not one machine's disk), so the
# confirmation may reach any app machine; parsed again on confirmation. It expires after
# PREVIEW_LIFETIME and ``core.files.expire_files`` removes it; a confirmed one goes at once.


def keep_import_upload(
    session: Session, *, data: bytes, filename: str, actor: User, now: dt.datetime
) -> StoredFile:
    content_type = XLSX if data.startswith(b"PK\x03\x04") else "text/csv"
    return store_file(
        session,
        data,
        content_type=content_type,
        filename=filename,
        kind=FileKind.IMPORT_PREVIEW,
        actor_id=actor.id,
        now=now,
        expires_at=now + PREVIEW_LIFETIME,
    )


def load_import_upload(session: Session, file_id: int, *, actor: User, now: dt.datetime) -> StoredFile:
    """The sheet ``actor`` previewed; expired or gone: ``PREVIEW_EXPIRED``; someone else's:
    ``PermissionDenied``."""
    stored = load_file(session, file_id, kind=FileKind.IMPORT_PREVIEW)
    if stored is None or stored.expires_at is None or stored.expires_at <= now:
        raise ValidationError(PREVIEW_EXPIRED, field="file")
    if stored.created_by_id != actor.id:
        raise PermissionDenied(N_("Pratinjau impor ini milik pengguna lain."))
    return stored


def discard_import_upload(session: Session, stored: StoredFile) -> None:
    """A confirmed preview has served its purpose: the imported rows hold what it said."""
    session.delete(stored)
    session.flush()
