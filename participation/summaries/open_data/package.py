"""The list of published files and the Frictionless Data Package that describes them
(``/data``, ``/data/datapackage.json``), under CC BY 4.0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from participation.comments.models import Comment, Response, Visibility
from participation.core.clock import format_wita
from participation.core.i18n import N_
from participation.drafts.models import Draft, DraftUnit, DraftVersion, VersionStatus
from participation.musrenbang.models import MusrenbangCycle, Usulan
from participation.summaries.open_data.schemas import table_schemas

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def attribution(city: str) -> str:
    """The credit line CC BY asks of a re-user, e.g. "Pemerintah Kota Balikpapan, participation"."""
    return f"Pemerintah {city}, participation"


ENCODING = "utf-8"
MEDIATYPE = "text/csv"


# ----------------------------------------------------------------------------- the list of files


@dataclass(frozen=True)
class OpenDataFile:
    """One published file: ``endpoint`` and ``values`` for the view to build its URL."""

    name: str  # the Data Package resource name: lower case, digits, "-"
    shape: str  # a key of table_schemas()
    title: str
    description: str
    endpoint: str
    values: dict[str, Any]
    modified: dt.datetime | None
    group: str  # the heading it is listed under on /data

    @property
    def modified_wita(self) -> str:
        return format_wita(self.modified)


def _latest(*values: dt.datetime | None) -> dt.datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def list_files(session: Session) -> list[OpenDataFile]:
    """Every open-data file, newest raperda and musrenbang year first: four statements, however
    many versions and years there are."""
    return _version_files(session) + _cycle_files(session)


def _version_files(session: Session) -> list[OpenDataFile]:
    """Two files per published draft version (masukan, matriks), newest raperda first."""
    versions = session.execute(
        select(DraftVersion.id, DraftVersion.number, DraftVersion.published_at, Draft.id, Draft.title)
        .join(Draft, Draft.id == DraftVersion.draft_id)
        .where(DraftVersion.status == VersionStatus.PUBLISHED.value)
        .order_by(Draft.id.desc(), DraftVersion.number.desc())
    ).all()
    # the last comment written or answered on each version's own units
    changed = dict(
        session.execute(
            select(DraftUnit.version_id, func.max(func.coalesce(Response.created_at, Comment.created_at)))
            .join(Comment, Comment.target_id == DraftUnit.comment_target_id)
            .outerjoin(Response, Response.id == Comment.response_id)
            .where(Comment.visibility == Visibility.VISIBLE.value)
            .group_by(DraftUnit.version_id)
        ).all()
    )

    files: list[OpenDataFile] = []
    for version_id, number, published_at, draft_id, title in versions:
        group = N_("%(title)s, versi %(n)s") % {"title": title, "n": number}
        modified = _latest(published_at, changed.get(version_id))
        files.append(
            OpenDataFile(
                name=f"masukan-raperda-{draft_id}-versi-{number}",
                shape="masukan",
                title=N_("Masukan dan tanggapan: %(t)s, versi %(n)s") % {"t": title, "n": number},
                description=N_(
                    "Setiap masukan dan balasan yang tampil untuk umum pada versi ini, dengan "
                    "keputusan dan alasan tim penyusun. Tanpa nama atau data pribadi penulis."
                ),
                endpoint="summaries.open_data_comments",
                values={"version_id": version_id},
                modified=modified,
                group=group,
            )
        )
        files.append(
            OpenDataFile(
                name=f"matriks-raperda-{draft_id}-versi-{number}",
                shape="matriks",
                title=N_("Matriks tanggapan: %(t)s, versi %(n)s") % {"t": title, "n": number},
                description=N_(
                    "Matriks tanggapan versi ini: satu baris per masukan (termasuk masukan "
                    "pada pasal yang dipindahkan dari versi sebelumnya) dengan tanggapannya."
                ),
                endpoint="summaries.open_data_matrix",
                values={"version_id": version_id},
                modified=modified,
                group=group,
            )
        )
    return files


def _cycle_files(session: Session) -> list[OpenDataFile]:
    """Two files per musrenbang year (usulan, rekap), newest first."""
    cycles = session.execute(
        select(MusrenbangCycle.id, MusrenbangCycle.year, MusrenbangCycle.name).order_by(
            MusrenbangCycle.year.desc()
        )
    ).all()
    usulan_changed = dict(
        session.execute(select(Usulan.cycle_id, func.max(Usulan.updated_at)).group_by(Usulan.cycle_id)).all()
    )

    files: list[OpenDataFile] = []
    for cycle_id, year, name in cycles:
        group = N_("Musrenbang %(name)s") % {"name": name}
        modified = usulan_changed.get(cycle_id)
        files.append(
            OpenDataFile(
                name=f"usulan-musrenbang-{year}",
                shape="usulan",
                title=N_("Usulan musrenbang %(y)s") % {"y": year},
                description=N_(
                    "Setiap usulan yang sudah diajukan, dengan status, alasan keputusan dan "
                    "kode nomenklatur. Tanpa nama pengusul."
                ),
                endpoint="musrenbang.export",
                values={"fmt": "csv", "tahun": year},
                modified=modified,
                group=group,
            )
        )
        files.append(
            OpenDataFile(
                name=f"rekap-musrenbang-{year}",
                shape="rekap",
                title=N_("Rekap usulan musrenbang %(y)s per kelurahan") % {"y": year},
                description=N_(
                    "Per kelurahan: jumlah dan anggaran usulan per status, pagu indikatif dan sisa pagu."
                ),
                endpoint="musrenbang.recap_export",
                values={"fmt": "csv", "tahun": year},
                modified=modified,
                group=group,
            )
        )
    return files


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def data_package(
    files: Sequence[OpenDataFile],
    *,
    url_of: Callable[[OpenDataFile], str],
    homepage: str,
    city: str,
    now: dt.datetime,
) -> dict[str, Any]:
    """The Frictionless Data Package descriptor: one resource per file, each with its schema
    inline, ``path`` the file's absolute URL."""
    schemas = table_schemas()
    resources = []
    for f in files:
        resource: dict[str, Any] = {
            "name": f.name,
            "title": f.title,
            "description": f.description,
            "path": url_of(f),
            "format": "csv",
            "mediatype": MEDIATYPE,
            "encoding": ENCODING,
            "profile": "tabular-data-resource",
            "licenses": [LICENSE],
            "schema": schemas[f.shape],
        }
        if f.modified is not None:
            resource["lastModified"] = _iso(f.modified)
        resources.append(resource)
    return {
        "profile": "tabular-data-package",
        "name": "partisipasi-publik",
        "title": N_("Data terbuka partisipasi publik %(city)s") % {"city": city},
        "description": N_(
            "Masukan warga atas rancangan peraturan daerah beserta tanggapannya, dan "
            "usulan musrenbang. Tanpa data pribadi."
        ),
        "homepage": homepage,
        "licenses": [LICENSE],
        "contributors": [{"title": attribution(city), "role": "publisher"}],
        "created": _iso(now),
        "resources": resources,
    }
