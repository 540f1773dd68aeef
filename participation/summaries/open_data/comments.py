"""masukan.csv, one per published raperda version: every visible comment and reply with its unit
and its answer, no personal data. ``COMMENT_COLUMNS`` is the header row and the Table Schema's
field list alike (``open_data.schemas``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.comments.models import DISPOSITION_LABELS, STANCE_LABELS, Comment, Response, Visibility
from participation.core.clock import format_wita
from participation.core.i18n import N_
from participation.drafts.models import DraftUnit, unit_label

# (header, title): the header row of /data/raperda/<version_id>/masukan.csv
COMMENT_COLUMNS: list[tuple[str, str]] = [
    ("id", N_("Nomor masukan")),
    ("id_eksternal", N_("Nomor di sumber luar")),
    ("balasan_untuk", N_("Balasan untuk masukan")),
    ("kunci_unit", N_("Kunci unit")),
    ("unit", N_("Pasal/ayat")),
    ("sikap", N_("Sikap")),
    ("isi", N_("Isi masukan")),
    ("usul_rumusan", N_("Usul rumusan")),
    ("dukungan", N_("Dukungan")),
    ("waktu_wita", N_("Waktu (WITA)")),
    ("sumber", N_("Sumber")),
    ("keputusan", N_("Keputusan")),
    ("alasan_tanggapan", N_("Alasan tanggapan")),
    ("rumusan_hasil", N_("Rumusan hasil")),
]


def _csv_safe(value: object) -> object:
    # a cell starting with = + - @ would run as a formula in a spreadsheet
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def version_comments(session: Session, version_id: int) -> list[tuple[Comment, str, Response | None]]:
    """Every visible comment (and reply) on a version's units with its unit key and its answer:
    two statements. Hidden, held and unconfirmed comments never come back."""
    rows = session.execute(
        select(Comment, DraftUnit.key)
        .join(DraftUnit, DraftUnit.comment_target_id == Comment.target_id)
        .where(DraftUnit.version_id == version_id, Comment.visibility == Visibility.VISIBLE.value)
        .order_by(Comment.id)
    ).all()
    response_ids = {c.response_id for c, _k in rows if c.response_id}
    responses: dict[int, Response] = {}
    if response_ids:
        responses = {r.id: r for r in session.scalars(select(Response).where(Response.id.in_(response_ids)))}
    return [(c, key, responses.get(c.response_id) if c.response_id else None) for c, key in rows]


def comments_csv(rows: Iterable[tuple[Comment, str, Response | None]]) -> bytes:
    """masukan.csv: UTF-8 with a BOM, CRLF lines, the header ``COMMENT_COLUMNS``."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([name for name, _title in COMMENT_COLUMNS])
    for c, key, r in rows:
        writer.writerow(
            [
                _csv_safe(v)
                for v in (
                    c.id,
                    c.external_id or "",
                    c.parent_id or "",
                    key,
                    unit_label(key),
                    STANCE_LABELS.get(c.stance or "", ""),
                    c.body,
                    c.suggested_wording or "",
                    c.endorsement_count or 0,
                    format_wita(c.created_at),
                    c.source,
                    DISPOSITION_LABELS.get(r.disposition, "") if r else "",
                    r.reason if r else "",
                    (r.resulting_wording or "") if r else "",
                )
            ]
        )
    return out.getvalue().encode("utf-8")
