"""Import of implementation updates from CSV/XLSX, as Bappeda keeps them in a spreadsheet: all
rows or none, with a report per row. Each row is one update of one accepted usulan ("No. Usulan"
is its number on this site) and goes through the same rules as the form
(``rules.parse_update``); several rows for one usulan are applied in file order.

Headers (Indonesian, compared ignoring case, spaces and decoration): No. Usulan, Tahap,
Progres (%), Pagu RKPD, Status APBD, Kode Program, Nama Program, Kode Kegiatan, Nama Kegiatan,
OPD, Tanggal, Catatan; "Usulan" and "Kelurahan" are for reading only. A row whose update cells
are all empty is skipped (the downloaded template, ``import_template``, lists every accepted
usulan).

Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from participation.accounts.models import User
from participation.core import audit
from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.core.tables import (
    EMPTY_RUN,
    Rows,
    norm_header,
    open_table,
)
from participation.musrenbang.models import Usulan
from participation.musrenbang.tracking import queries
from participation.musrenbang.tracking.models import UsulanUpdate
from participation.musrenbang.tracking.rules import UpdateInput, UpdateInvalid, parse_update
from participation.musrenbang.tracking.services import check_can_record, record_update
from participation.musrenbang.workflow import UsulanStatus

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000

# (key, header, required, explanation, example)
COLUMNS: list[tuple[str, str, bool, str, str]] = [
    ("usulan_id", N_("No. Usulan"), True, N_("Nomor usulan di situs ini (lihat halaman usulan)."), "12"),
    ("title", N_("Usulan"), False, N_("Untuk dibaca saja; tidak diimpor."), "Semenisasi jalan RT 03"),
    ("kelurahan", N_("Kelurahan"), False, N_("Untuk dibaca saja; tidak diimpor."), "Gunung Samarinda"),
    (
        "stage",
        N_("Tahap"),
        True,
        N_("direncanakan, dianggarkan, dilaksanakan, selesai atau batal."),
        "dilaksanakan",
    ),
    (
        "progress",
        N_("Progres (%)"),
        False,
        N_("Bilangan bulat 0–100; kosong = progres terakhir (100 untuk selesai)."),
        "40",
    ),
    ("pagu_rkpd", N_("Pagu RKPD"), False, N_("Rupiah tanpa sen."), "150000000"),
    (
        "apbd_status",
        N_("Status APBD"),
        False,
        N_("belum dibahas, RAPBD, APBD, APBD Perubahan atau tidak dianggarkan."),
        "APBD",
    ),
    ("program_code", N_("Kode Program"), False, N_("Kode Kemendagri (Permendagri 90/2019)."), "1.03.10"),
    ("program_name", N_("Nama Program"), False, N_("Kosong = nama dari nomenklatur."), ""),
    ("kegiatan_code", N_("Kode Kegiatan"), False, N_("Di bawah kode programnya."), "1.03.10.2.01"),
    ("kegiatan_name", N_("Nama Kegiatan"), False, N_("Kosong = nama dari nomenklatur."), ""),
    (
        "opd_id",
        N_("OPD"),
        False,
        N_("Nama perangkat daerah persis seperti daftar OPD."),
        "Dinas Pekerjaan Umum dan Penataan Ruang",
    ),
    (
        "happened_on",
        N_("Tanggal"),
        True,
        N_("Tanggal tahap dicapai: 2027-03-15 atau 15-03-2027."),
        "2027-03-15",
    ),
    ("note", N_("Catatan"), False, N_("Wajib bila batal: mengapa."), "Pengecoran 40% selesai."),
]
_INFO = {"title", "kelurahan"}
_UPDATE_KEYS = [k for k, *_rest in COLUMNS if k not in _INFO and k != "usulan_id"]
_BY_HEADER = {norm_header(str(h)): k for k, h, *_rest in COLUMNS}
_BY_HEADER.update(
    {
        "no": "usulan_id",
        "nomorusulan": "usulan_id",
        "idusulan": "usulan_id",
        "progres": "progress",
        "progress": "progress",
        "opdpelaksana": "opd_id",
        "tanggaltahap": "happened_on",
        "keterangan": "note",
    }
)
REQUIRED = [k for k, _h, required, *_rest in COLUMNS if required]


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def clean(text: str) -> str:
    """Trimmed, without control characters or a leading apostrophe guarding a formula."""
    text = "".join(ch for ch in text if ch.isprintable() or ch in "\n\t").strip()
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return "" if text in ("-", "—") else text


@dataclass
class RowReport:
    number: int  # spreadsheet row number
    usulan_id: int | None = None
    title: str = ""
    data: UpdateInput | None = None
    errors: list[str] = field(default_factory=list)
    skipped: bool = False


@dataclass
class TrackingImport:
    rows: list[RowReport] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # about the whole file
    notes: list[str] = field(default_factory=list)

    @property
    def error_rows(self) -> list[RowReport]:
        return [r for r in self.rows if r.errors]

    @property
    def ready(self) -> list[RowReport]:
        return [r for r in self.rows if r.data is not None and not r.errors]

    @property
    def importable(self) -> bool:
        return not self.problems and not self.error_rows and bool(self.ready)


def _field_label(key: str) -> str:
    return next((str(h) for k, h, *_rest in COLUMNS if k == key), key)


def parse_file(
    session: Session, *, filename: str, data: bytes, today: dt.date, actor: User | None
) -> TrackingImport:
    """Read and check every row; nothing is written."""
    result = TrackingImport()
    if len(data) > MAX_BYTES:
        result.problems.append(N_("Berkas terlalu besar (maksimal 10 MB)."))
        return result
    try:
        rows, _fmt, _enc, _delim = open_table(filename, data, record_errors=True)
    except ValidationError as exc:
        result.problems.append(exc.message)
        return result
    read = _read_rows(rows, result)
    if read is None:
        return result
    header, width, raw = read
    if not _check_header(header, raw, result):
        return result

    usulan = _load_usulan(session, header, raw)
    state: dict[int, UsulanUpdate | UpdateInput | None] = dict(queries.latest_updates(session, usulan))

    for number, cells in raw:
        report = RowReport(number)
        result.rows.append(report)
        _check_row(
            session, report, cells, header=header, width=width, usulan=usulan, state=state, today=today
        )
    if actor is not None and result.ready:
        check_can_record(actor, usulan[result.ready[0].usulan_id])  # type: ignore[index]
    unknown = [h for h in header if h is None]
    if unknown:
        result.notes.append(N_("Kolom yang tidak dikenal dilewati."))
    return result


Header = list[str | None]
RawRow = tuple[int, list[object] | None]


def _read_rows(rows: Rows, result: TrackingImport) -> tuple[Header | None, int, list[RawRow]] | None:
    """The header (the first row naming "No. Usulan"), its width and the data rows up to a run
    of empty ones; None, with the problem in ``result``, when the file cannot be read."""
    header: list[str | None] | None = None
    width = 0
    raw: list[tuple[int, list[object] | None]] = []
    empty_run = 0
    try:
        for number, cells in rows:
            if header is None:
                if cells is None:
                    continue
                keys = [_BY_HEADER.get(norm_header(clean(cell_text(c)))) for c in cells]
                if "usulan_id" in keys:
                    header = keys
                    width = max(i for i, c in enumerate(cells) if clean(cell_text(c))) + 1
                continue
            if cells is not None and not any(clean(cell_text(c)) for c in cells):
                empty_run += 1
                if empty_run >= EMPTY_RUN:
                    break
                continue
            empty_run = 0
            raw.append((number, cells))
            if len(raw) > MAX_ROWS:
                result.problems.append(N_("Terlalu banyak baris (maksimal %(n)d).") % {"n": MAX_ROWS})
                return None
    except ValidationError as exc:
        result.problems.append(exc.message)
        return None
    finally:
        rows.close()
    return header, width, raw


def _check_header(header: Header | None, raw: list[RawRow], result: TrackingImport) -> bool:
    """Whether the file has the "No. Usulan" header, every required column and a data row;
    if not, the problem is in ``result``."""
    if header is None:
        result.problems.append(
            N_(
                "Judul kolom \u201cNo. Usulan\u201d tidak ditemukan: pakai templat "
                "yang dapat diunduh di halaman ini."
            )
        )
        return False
    missing = [_field_label(k) for k in REQUIRED if k not in header]
    if missing:
        result.problems.append(N_("Kolom wajib tidak ada: %(c)s.") % {"c": ", ".join(missing)})
        return False
    if not raw:
        result.problems.append(N_("Berkas tidak berisi baris data."))
        return False
    return True


def _load_usulan(session: Session, header: Header, raw: list[RawRow]) -> dict[int, Usulan]:
    """The usulan the rows name, by id, with their kelurahan."""
    ids = []
    for _number, cells in raw:
        value = (
            clean(cell_text(cells[header.index("usulan_id")]))
            if cells and len(cells) > header.index("usulan_id")
            else ""
        )
        value = value.lstrip("#")
        if value.isascii() and value.isdigit() and len(value) < 10:
            ids.append(int(value))
    return (
        {
            u.id: u
            for u in session.scalars(
                select(Usulan).where(Usulan.id.in_(ids)).options(selectinload(Usulan.kelurahan))
            )
        }
        if ids
        else {}
    )


def _check_row(
    session: Session,
    report: RowReport,
    cells: list[object] | None,
    *,
    header: Header,
    width: int,
    usulan: dict[int, Usulan],
    state: dict[int, UsulanUpdate | UpdateInput | None],
    today: dt.date,
) -> None:
    """One row into ``report``: its errors, or it is skipped, or its update (which becomes the
    usulan's state in ``state`` for the rows after it)."""
    if cells is None:
        report.errors.append(N_("Baris tidak terbaca (tanda kutip tidak ditutup?)."))
        return
    filled = max((i for i, c in enumerate(cells) if clean(cell_text(c))), default=-1) + 1
    if filled > width:
        report.errors.append(
            N_("Baris ini berisi %(n)d kolom, judul %(m)d: ada koma atau titik koma tanpa tanda kutip?")
            % {"n": filled, "m": width}
        )
        return
    values: dict[str, object] = {}
    for i, key in enumerate(header):
        if key and i < len(cells):
            cell = cells[i]
            values[key] = cell if isinstance(cell, dt.date) else clean(cell_text(cell))
    if not any(values.get(k) not in (None, "") for k in _UPDATE_KEYS):
        report.skipped = True
        return
    text_id = str(values.get("usulan_id") or "").lstrip("#")
    if not (text_id.isascii() and text_id.isdigit() and len(text_id) < 10):
        report.errors.append(N_("No. Usulan harus nomor usulan (angka)."))
        return
    report.usulan_id = int(text_id)
    target = usulan.get(report.usulan_id)
    if target is None:
        report.errors.append(N_("Usulan nomor %(n)s tidak ada.") % {"n": text_id})
        return
    report.title = target.title
    if target.status != UsulanStatus.ACCEPTED.value:
        report.errors.append(
            N_("Usulan nomor %(n)s berstatus \u201c%(s)s\u201d, bukan diakomodir.")
            % {"n": text_id, "s": target.status_enum.label}
        )
        return
    try:
        parsed = parse_update(
            session, values, previous=state.get(report.usulan_id), today=today, opd_by="name"
        )
    except UpdateInvalid as exc:
        report.errors.extend(f"{_field_label(k)}: {m}" for k, m in exc.errors.items())
        return
    report.data = parsed
    state[report.usulan_id] = parsed


def commit_file(
    session: Session, result: TrackingImport, *, source_name: str, actor: User | None, now: dt.datetime
) -> int:
    """Record every ready row (the caller commits once: all rows or none)."""
    if not result.importable:
        raise ValidationError(N_("Berkas masih berisi kesalahan; tidak ada yang diimpor."))
    targets = {
        u.id: u
        for u in session.scalars(select(Usulan).where(Usulan.id.in_({r.usulan_id for r in result.ready})))
    }
    for row in result.ready:
        assert row.data is not None and row.usulan_id is not None  # noqa: S101
        record_update(
            session, usulan=targets[row.usulan_id], data=row.data, actor=actor, now=now, source="impor"
        )
    audit.record(
        session,
        actor_id=actor.id if actor else None,
        action="musrenbang.progress.import",
        target_type="musrenbang",
        target_id=None,
        now=now,
        after={
            "file": source_name[:200],
            "rows": len(result.ready),
            "usulan": sorted({r.usulan_id for r in result.ready}),
        },
    )
    return len(result.ready)
