"""The home page's summaries card (issue 15, For the DPRD): links named by scope, one per raperda
version and one per musrenbang year."""

from __future__ import annotations

from flask import url_for

from participation.summaries import queries
from participation.summaries.models import SummaryKind
from participation.web.filters import wita as format_wita  # in the reader's language
from participation.web.i18n import gettext as _

HOME_ITEMS = 6


def home_scopes(snaps: list[queries.SnapshotRow]) -> list[queries.SnapshotRow]:
    """One snapshot per raperda version and one per musrenbang year (the city-wide rekap),
    newest first: a kecamatan's own rekap is reached from its year's page, so it never gives
    the home page a second "Rekap musrenbang 2026" link (issue 15, problem 5)."""
    seen: set[tuple[str, str]] = set()
    out = []
    for s in snaps:
        if s.kind == SummaryKind.MUSRENBANG.value and s.scope.get("kecamatan_code"):
            continue
        if (s.kind, s.scope_key) not in seen:
            seen.add((s.kind, s.scope_key))
            out.append(s)
    return out


def home_section(session) -> dict:
    items = []
    for s in home_scopes(queries.snapshot_index(session))[:HOME_ITEMS]:
        totals = s.result.get("totals") or {}
        if s.kind == SummaryKind.DRAFT.value:
            items.append(
                {
                    "title": _(
                        "Ringkasan uji publik: %(t)s — versi %(n)s",
                        t=s.scope.get("draft_title", ""),
                        n=s.scope.get("version_number", ""),
                    ),
                    "url": url_for("summaries.draft_summary", version_id=s.scope["version_id"]),
                    "detail": _(
                        "%(n)s masukan · dihitung %(t)s",
                        n=totals.get("comments", 0),
                        t=format_wita(s.created_at),
                    ),
                }
            )
        else:
            items.append(
                {
                    "title": _("Rekap musrenbang %(y)s (kota)", y=s.scope.get("year")),
                    "url": url_for("summaries.musrenbang_summary", year=s.scope["year"]),
                    "detail": _(
                        "%(n)s usulan · dihitung %(t)s", n=totals.get("count", 0), t=format_wita(s.created_at)
                    ),
                }
            )
    return {
        "title": _("Ringkasan untuk DPRD dan tim penyusun"),
        "items": items,
        "empty": _(
            "Belum ada ringkasan. Ringkasan muncul setelah uji publik atau musrenbang berjalan dan dihitung."
        ),
    }
