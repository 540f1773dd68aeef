"""The rules of an update on an accepted usulan, one set for the form and the import:
``parse_update`` turns what was typed (a form) or read (an import row) into an ``UpdateInput``
or raises ``UpdateInvalid`` with every problem at once; ``services.record_update`` then stores
it. Also the words an office writes for a stage or an APBD status, dates and whole Rupiah.

Blank fields carry the previous update's value forward, so a report of "progres 60%" does not
erase the program, OPD or pagu recorded before.

Must not import Flask.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.core.errors import ValidationError
from participation.core.i18n import N_
from participation.musrenbang import nomenclature
from participation.musrenbang.models import Opd
from participation.musrenbang.tracking.models import (
    APBD_LABELS,
    STAGE_LABELS,
    ApbdStatus,
    TrackingStage,
    UsulanUpdate,
)
from participation.musrenbang.workflow import MAX_REASON_LENGTH, MIN_REASON_LENGTH

__all__ = [
    "FIELDS",
    "UpdateInput",
    "UpdateInvalid",
    "apbd_from_text",
    "parse_rupiah",
    "parse_update",
    "stage_from_text",
]

MAX_NAME = 500

# the fields of an update, in form order (also the keys of UpdateInput)
FIELDS = (
    "stage",
    "happened_on",
    "progress",
    "program_code",
    "program_name",
    "kegiatan_code",
    "kegiatan_name",
    "opd_id",
    "pagu_rkpd",
    "apbd_status",
    "note",
)


class UpdateInvalid(ValidationError):
    """Every problem of one update at once: ``errors`` maps a field to its message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        first = next(iter(errors.values()))
        super().__init__(first, field=next(iter(errors)))
        self.errors = dict(errors)


@dataclass(frozen=True)
class UpdateInput:
    stage: TrackingStage
    happened_on: dt.date
    progress: int
    program_code: str | None = None
    program_name: str | None = None
    kegiatan_code: str | None = None
    kegiatan_name: str | None = None
    opd_id: int | None = None
    pagu_rkpd: int | None = None
    apbd_status: ApbdStatus | None = None
    note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["stage"] = self.stage.value
        out["happened_on"] = self.happened_on.isoformat()
        out["apbd_status"] = self.apbd_status.value if self.apbd_status else None
        return out


def _norm(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


_STAGE_WORDS: dict[str, TrackingStage] = {}
for _s in TrackingStage:
    _STAGE_WORDS[_s.value] = _s
    _STAGE_WORDS[_norm(str(STAGE_LABELS[_s]))] = _s
_STAGE_WORDS.update(
    {
        "rkpd": TrackingStage.DIRENCANAKAN,
        "apbd": TrackingStage.DIANGGARKAN,
        "pelaksanaan": TrackingStage.DILAKSANAKAN,
        "berjalan": TrackingStage.DILAKSANAKAN,
        "dibangun": TrackingStage.DILAKSANAKAN,
        "dibatalkan": TrackingStage.BATAL,
        "tuntas": TrackingStage.SELESAI,
    }
)
_APBD_WORDS: dict[str, ApbdStatus] = {}
for _a in ApbdStatus:
    _APBD_WORDS[_norm(_a.value)] = _a
    _APBD_WORDS[_norm(str(APBD_LABELS[_a]))] = _a
_APBD_WORDS.update(
    {
        "belum": ApbdStatus.BELUM,
        "rapbd": ApbdStatus.RAPBD,
        "apbd murni": ApbdStatus.APBD,
        "apbd": ApbdStatus.APBD,
        "apbd-p": ApbdStatus.APBD_PERUBAHAN,
        "apbdp": ApbdStatus.APBD_PERUBAHAN,
        "apbd p": ApbdStatus.APBD_PERUBAHAN,
        "apbd perubahan": ApbdStatus.APBD_PERUBAHAN,
        "tidak masuk": ApbdStatus.TIDAK,
        "tidak dianggarkan": ApbdStatus.TIDAK,
    }
)
del _s, _a


def stage_from_text(text: str) -> TrackingStage | None:
    return _STAGE_WORDS.get(_norm(text))


def apbd_from_text(text: str) -> ApbdStatus | None:
    return _APBD_WORDS.get(_norm(text))


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def _parse_date(text: str) -> dt.date | None:
    text = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


_RUPIAH_NOISE = re.compile(r"^rp\.?|[,.]-$", re.IGNORECASE)
_ID_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})+(?:,(0+))?")
_EN_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.(0+))?")
_PLAIN = re.compile(r"\d+(?:[.,](0+))?")


def parse_rupiah(text: str) -> int | None:
    """Whole Rupiah as offices write them ("Rp 150.000.000,-", "150,000,000", "150000000");
    None when it is not such a number (negative, with sen, or over 15 digits)."""
    compact = _RUPIAH_NOISE.sub("", "".join(text.split()))
    match = _ID_THOUSANDS.fullmatch(compact) or _EN_THOUSANDS.fullmatch(compact) or _PLAIN.fullmatch(compact)
    if match is None:
        return None
    whole = compact[: len(compact) - len(match.group(1)) - 1] if match.group(1) else compact
    digits = re.sub(r"[.,]", "", whole)
    return int(digits) if 0 < len(digits) <= 15 else None


def _text(data: Mapping[str, object], key: str) -> str:
    value = data.get(key)
    return "" if value is None else " ".join(str(value).split()) if key != "note" else str(value).strip()


def parse_update(
    session: Session,
    data: Mapping[str, object],
    *,
    previous: UsulanUpdate | UpdateInput | None,
    today: dt.date,
    opd_by: str = "id",
) -> UpdateInput:
    """An update from what was typed (form) or read (import row); raises ``UpdateInvalid``.

    ``previous``: the usulan's current state, whose values fill blank fields. ``today``: the
    date in WITA (a report is about a day that came). ``opd_by``: "id" (the form's select) or
    "name" (an import cell, matched to the OPD list ignoring case and spaces).

    One step per field, in form order; each step adds its problems to ``errors``.
    """
    errors: dict[str, str] = {}

    def prev(name: str) -> Any:
        return getattr(previous, name, None) if previous is not None else None

    stage = _read_stage(data, errors)
    happened_on = _read_happened_on(data, errors, today=today)
    progress = _read_progress(data, errors, stage=stage, prev=prev)
    codes, names = _read_program_and_kegiatan(data, errors, prev=prev)
    opd_id = _read_opd(session, data, errors, prev=prev, opd_by=opd_by)
    pagu = _read_pagu(data, errors, prev=prev)
    apbd = _read_apbd(data, errors, prev=prev)
    note = _read_note(data, errors, stage=stage)

    if errors:
        raise UpdateInvalid(errors)
    assert stage is not None and happened_on is not None and progress is not None  # noqa: S101
    return UpdateInput(
        stage=stage,
        happened_on=happened_on,
        progress=progress,
        program_code=codes["program"],
        program_name=names["program"],
        kegiatan_code=codes["kegiatan"],
        kegiatan_name=names["kegiatan"],
        opd_id=opd_id,
        pagu_rkpd=pagu,
        apbd_status=apbd,
        note=note,
    )


# A step's ``prev(name)`` reads the usulan's current state (None without one).
Previous = Callable[[str], Any]


def _read_stage(data: Mapping[str, object], errors: dict[str, str]) -> TrackingStage | None:
    stage_text = _text(data, "stage")
    stage = stage_from_text(stage_text) if stage_text else None
    if stage is None:
        errors["stage"] = (
            N_("Tahap tidak dikenal: pilih direncanakan, dianggarkan, dilaksanakan, selesai atau batal.")
            if stage_text
            else N_("Tahap wajib diisi.")
        )
    return stage


def _read_happened_on(
    data: Mapping[str, object], errors: dict[str, str], *, today: dt.date
) -> dt.date | None:
    happened_on: dt.date | None = None
    raw_date = data.get("happened_on")
    if isinstance(raw_date, dt.datetime):
        happened_on = raw_date.date()
    elif isinstance(raw_date, dt.date):
        happened_on = raw_date
    elif _text(data, "happened_on"):
        happened_on = _parse_date(_text(data, "happened_on"))
        if happened_on is None:
            errors["happened_on"] = N_("Tanggal tidak terbaca; tulis seperti 2027-03-15 atau 15-03-2027.")
    else:
        errors["happened_on"] = N_("Tanggal wajib diisi.")
    if happened_on is not None:
        if happened_on > today:
            errors["happened_on"] = N_("Tanggal tidak boleh setelah hari ini: catat yang sudah terjadi.")
        elif happened_on.year < 2000:
            errors["happened_on"] = N_("Tanggal terlalu lampau.")
    return happened_on


def _read_progress(
    data: Mapping[str, object], errors: dict[str, str], *, stage: TrackingStage | None, prev: Previous
) -> int | None:
    progress: int | None = None
    progress_text = _text(data, "progress").rstrip("%").strip().replace(",", ".")
    if progress_text:
        try:
            number = float(progress_text)
        except ValueError:
            number = -1.0
        if not (0 <= number <= 100) or number != int(number):
            errors["progress"] = N_("Progres harus bilangan bulat 0–100 (persen).")
        else:
            progress = int(number)
    if progress is None and "progress" not in errors:
        progress = 100 if stage == TrackingStage.SELESAI else (prev("progress") or 0)
    if stage == TrackingStage.SELESAI and progress is not None and progress != 100:
        errors["progress"] = N_("Tahap selesai berarti progres 100%.")
    return progress


def _read_program_and_kegiatan(
    data: Mapping[str, object], errors: dict[str, str], *, prev: Previous
) -> tuple[dict[str, str | None], dict[str, str | None]]:
    """The program and kegiatan codes and names: codes checked against the nomenclature (a
    blank name takes the nomenclature's), the kegiatan under its program."""
    codes: dict[str, str | None] = {}
    names: dict[str, str | None] = {}
    for kind in ("program", "kegiatan"):
        code = nomenclature.normalise_code(_text(data, f"{kind}_code")) or prev(f"{kind}_code")
        name = _text(data, f"{kind}_name") or None
        if code:
            verdict = nomenclature.validate(code, kind)
            if not verdict.ok:
                errors[f"{kind}_code"] = str(verdict.error)
            elif verdict.entry is not None:
                name = name or verdict.entry.name
        if name and len(name) > MAX_NAME:
            errors[f"{kind}_name"] = N_("Nama terlalu panjang (maksimal %(n)d karakter).") % {"n": MAX_NAME}
        codes[kind] = code or None
        names[kind] = name or (prev(f"{kind}_name") if code and code == prev(f"{kind}_code") else None)
    if (
        codes["program"]
        and codes["kegiatan"]
        and "kegiatan_code" not in errors
        and not codes["kegiatan"].startswith(codes["program"] + ".")
    ):
        errors["kegiatan_code"] = N_(
            "Kode kegiatan harus berada di bawah kode programnya "
            "(kegiatan 1.03.02.1.01 di bawah program 1.03.02)."
        )
    return codes, names


def _read_opd(
    session: Session, data: Mapping[str, object], errors: dict[str, str], *, prev: Previous, opd_by: str
) -> int | None:
    opd_id: int | None = prev("opd_id")
    opd_text = _text(data, "opd_id")
    if opd_text:
        if opd_by == "id":
            opd = (
                session.get(Opd, int(opd_text))
                if opd_text.isascii() and opd_text.isdigit() and len(opd_text) < 10
                else None
            )
        else:
            opd = session.scalar(select(Opd).where(func.lower(Opd.name) == opd_text.casefold()))
        if opd is None:
            errors["opd_id"] = N_(
                "OPD tidak ada di daftar perangkat daerah; pilih dari daftar atau minta admin menambahkannya."
            )
        else:
            opd_id = opd.id
    return opd_id


def _read_pagu(data: Mapping[str, object], errors: dict[str, str], *, prev: Previous) -> int | None:
    pagu: int | None = prev("pagu_rkpd")
    pagu_text = _text(data, "pagu_rkpd")
    if pagu_text:
        pagu = parse_rupiah(pagu_text)
        if pagu is None:
            errors["pagu_rkpd"] = N_(
                "Pagu RKPD harus Rupiah bulat tanpa sen, misalnya 150000000 atau 150.000.000."
            )
    return pagu


def _read_apbd(data: Mapping[str, object], errors: dict[str, str], *, prev: Previous) -> ApbdStatus | None:
    apbd: ApbdStatus | None = prev("apbd_status")
    if isinstance(apbd, str):
        apbd = ApbdStatus(apbd)
    apbd_text = _text(data, "apbd_status")
    if apbd_text:
        apbd = apbd_from_text(apbd_text)
        if apbd is None:
            errors["apbd_status"] = N_(
                "Status APBD tidak dikenal: belum dibahas, RAPBD, APBD, "
                "APBD Perubahan atau tidak dianggarkan."
            )
    return apbd


def _read_note(
    data: Mapping[str, object], errors: dict[str, str], *, stage: TrackingStage | None
) -> str | None:
    note = _text(data, "note") or None
    if note and len(note) > MAX_REASON_LENGTH:
        errors["note"] = N_("Catatan terlalu panjang (maksimal %(n)d karakter).") % {"n": MAX_REASON_LENGTH}
    if stage == TrackingStage.BATAL and len(note or "") < MIN_REASON_LENGTH:
        errors["note"] = N_("Tulis mengapa batal (minimal %(n)d karakter): warga berhak tahu sebabnya.") % {
            "n": MIN_REASON_LENGTH
        }
    return note
