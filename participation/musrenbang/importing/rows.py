"""One row of an usulan list into an ``UsulanRow`` or errors: the usulan's own fields by the
single-usulan form's rules (``rules.check_usulan``), then what only a file has — kelurahan,
prioritas, sumber, status and its reason, an id — and the OPD and bidang matched to our lists
(unknown ones are warnings, one per distinct value).

Split from ``parse``, which reads the table and calls ``RowParser.parse`` for each data row.
Must not import Flask, SQLAlchemy or any ``participation`` package other than
``participation.core`` (see the package docstring).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from participation.core.i18n import N_
from participation.musrenbang.importing.cells import (
    COORDINATE_PAIR,
    PRIORITAS,
    SUMBER,
    Matcher,
    multi_line,
    one_line,
)
from participation.musrenbang.importing.columns import BY_KEY, MAX_LEN, norm_header
from participation.musrenbang.importing.header import ColumnMapping
from participation.musrenbang.importing.model import ImportResult, RowError, UsulanRow
from participation.musrenbang.rules import FIELDS, check_free_text, check_usulan
from participation.musrenbang.workflow import UsulanStatus, status_from_text


class RowParser:
    def __init__(
        self,
        *,
        mapping: ColumnMapping,
        resolve_kelurahan: Callable[[str], str | None],
        default_kelurahan_code: str | None,
        override_kelurahan: bool,
        default_sumber: str,
        opd: Matcher,
        bidang: Matcher,
    ) -> None:
        self.mapping = mapping
        self.resolve = resolve_kelurahan
        self.default_kelurahan = default_kelurahan_code
        self.override = override_kelurahan
        self.default_sumber = default_sumber
        self.matchers = {"opd": opd, "bidang": bidang}
        self.resolved: dict[str, str | None] = {}  # one lookup per distinct kelurahan text
        self.unknown: dict[tuple[str, str], list[int]] = {}  # (key, value) → rows
        self.seen: dict[tuple[str, ...], int] = {}
        self.matched: dict[tuple[str, str], str | None] = {}  # one match per distinct value

    def header(self, key: str) -> str:
        return self.mapping.header_of.get(key) or BY_KEY[key].header

    def column_of(self, key: str) -> str:
        """The file's column a field's problem is shown in: Satuan typed in the Volume cell
        ("60 m") and coordinates in one Koordinat cell are named as the file has them."""
        index = self.mapping.index
        if key not in index:
            if key == "satuan" and "volume" in index:
                return self.header("volume")
            if key in ("latitude", "longitude") and "coordinates" in index:
                return self.header("coordinates")
        return self.header(key)

    def parse(self, number: int, cleaned: dict[str, str], result: ImportResult) -> None:
        errors: list[RowError] = []

        def cell(key: str) -> str:
            return cleaned.get(key, "")

        def fail(key: str, message: str) -> None:
            errors.append(RowError(number, self.header(key), message))

        # The usulan's own fields: the single-usulan form's rules, word for word (rules/).
        typed = {key: cell(key) for key in FIELDS}
        if not (typed["latitude"] or typed["longitude"]) and (pair := cell("coordinates")):
            m = COORDINATE_PAIR.fullmatch(pair)
            if m is None:
                fail(
                    "coordinates",
                    N_("tulis lintang dan bujur dipisah koma (contoh: -1.2290, 116.9790)"),
                )
            else:
                typed["latitude"], typed["longitude"] = m.group(1), m.group(2)
        checked = check_usulan(typed)
        values, problems = checked.values, checked.errors
        for key, message in problems.items():
            errors.append(RowError(number, self.column_of(key), message))
        for key, message in checked.warnings.items():
            result.warnings.append(RowError(number, self.column_of(key), message))

        # What only a file has: kelurahan, prioritas, sumber, status, its reason, an id.
        values["kelurahan_code"] = self._kelurahan(cell, fail)
        values.update(self._numbers_and_codes(cell, fail))
        for key in ("status_reason", "external_id"):
            text = multi_line(cell(key)) if key == "status_reason" else one_line(cell(key))
            if (problem := check_free_text(key, text, most=MAX_LEN[key])) is not None:
                fail(key, problem)
            values[key] = text or None
        for key in ("opd", "bidang"):
            values[key] = self._known(key, values[key], number) if key not in problems else None
        values.update(self._status(cell, fail, values.pop("status_reason")))

        if errors:
            result.errors.extend(errors)
            return
        signature = (
            values["kelurahan_code"],
            values["title"].casefold(),
            values["permasalahan"].casefold(),
            values["alamat"].casefold(),
        )
        if (first := self.seen.setdefault(signature, number)) != number:
            result.warnings.append(
                RowError(
                    number,
                    self.header("title"),
                    N_("sama persis dengan baris %(row)d; periksa apakah ganda") % {"row": first},
                )
            )
        result.rows.append(UsulanRow(row_number=number, **values))

    def _kelurahan(self, cell: Callable[[str], str], fail: Callable[[str, str], None]) -> str:
        if self.override:
            return self.default_kelurahan or ""
        key = "kelurahan_code" if cell("kelurahan_code") else "kelurahan"
        typed = one_line(cell(key))
        if not typed:
            if self.default_kelurahan:
                return self.default_kelurahan
            fail("kelurahan", N_("wajib diisi"))
            return ""
        if typed not in self.resolved:
            self.resolved[typed] = self.resolve(typed)
        code = self.resolved[typed]
        if code is None:
            fail(
                key,
                N_(
                    "kelurahan \u201c%(v)s\u201d tidak ditemukan dalam daftar kelurahan; "
                    "periksa ejaannya atau kosongkan dan pilih kelurahan saat mengimpor"
                )
                % {"v": typed},
            )
            return ""
        return code

    def _numbers_and_codes(
        self, cell: Callable[[str], str], fail: Callable[[str, str], None]
    ) -> dict[str, Any]:
        values: dict[str, Any] = {"prioritas": None, "sumber": self.default_sumber}
        if raw := cell("prioritas"):
            m = PRIORITAS.fullmatch(raw)
            if m is None or int(m.group(1)) == 0:
                fail("prioritas", N_("prioritas harus angka bulat positif (contoh: 1 atau P-01)"))
            else:
                values["prioritas"] = int(m.group(1))
        if raw := cell("sumber"):
            sumber = SUMBER.get(norm_header(raw))
            if sumber is None:
                fail(
                    "sumber",
                    N_("sumber \u201c%(v)s\u201d tidak dikenal; gunakan warga, koordinator, pokir atau opd")
                    % {"v": one_line(raw)},
                )
            else:
                values["sumber"] = sumber
        return values

    def _known(self, key: str, value: str, number: int) -> str | None:
        if not value:
            return None
        matcher = self.matchers[key]
        if not matcher.enabled:
            return value
        if (key, value) not in self.matched:
            self.matched[key, value] = matcher.match(value)
        known = self.matched[key, value]
        if known is None:
            self.unknown.setdefault((key, value), []).append(number)
            return value
        return known

    def _status(
        self, cell: Callable[[str], str], fail: Callable[[str, str], None], reason: str | None
    ) -> dict[str, Any]:
        raw = one_line(cell("status"))
        if not raw:
            return {"status": UsulanStatus.DRAFT, "status_reason": reason}
        status = status_from_text(raw)
        if status is not None:
            return {"status": status, "status_reason": reason}
        if self.mapping.keterangan_is_status:
            # A SIPD keterangan that is not a status word is a note about the usulan.
            return {"status": UsulanStatus.DRAFT, "status_reason": reason or raw}
        fail(
            "status",
            N_(
                "status \u201c%(v)s\u201d tidak dikenal; gunakan misalnya diajukan, "
                "diakomodir, tidak diakomodir, dialihkan, ditolak atau batal"
            )
            % {"v": raw},
        )
        return {"status": UsulanStatus.DRAFT, "status_reason": reason}

    def finish(self, result: ImportResult) -> None:
        for (key, value), numbers in self.unknown.items():
            label = N_("OPD") if key == "opd" else N_("bidang")
            result.warnings.append(
                RowError(
                    numbers[0],
                    self.header(key),
                    N_("%(what)s \u201c%(v)s\u201d tidak ada di daftar (%(n)d baris); disimpan sesuai isian")
                    % {"what": label, "v": value, "n": len(numbers)},
                )
            )
        result.warnings.sort(key=lambda w: w.row)
