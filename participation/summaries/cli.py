"""``participation summarize …``: compute summary snapshots and write JSON, XLSX or PDF reports.

This is the "CLI or background job" that computes summaries (pages never do it on a view):
``summarize refresh`` suits a cron entry or systemd timer; ``summarize draft`` and
``summarize musrenbang`` write one report.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.core.formatting import format_number
from participation.drafts.models import DraftVersion, VersionStatus
from participation.musrenbang.models import MusrenbangCycle
from participation.summaries import current, services
from participation.summaries.rendered_reports import render_summary
from participation.web.cli_support import cli_session

FORMATS = click.Choice(["json", "xlsx", "pdf"])


def _write(data: bytes, out: str | None) -> None:
    if out in (None, "-"):
        sys.stdout.buffer.write(data)
        return
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    click.echo(f"Ditulis: {path} ({format_number(len(data))} bita)", err=True)


@click.group("summarize")
def summarize_group() -> None:
    """Ringkasan: hitung snapshot dan tulis laporan (JSON, XLSX, PDF)."""


@summarize_group.command("draft")
@click.argument("version_id", type=int)
@click.option("--format", "fmt", type=FORMATS, default="json", show_default=True)
@click.option("--out", help="Berkas keluaran (bawaan: layar).")
@click.option("--public", is_flag=True, help="Versi publik: tanpa nama pemberi masukan.")
@click.option("--force", is_flag=True, help="Hitung ulang walau masukan tidak berubah.")
@with_appcontext
def summarize_draft(version_id: int, fmt: str, out: str | None, public: bool, force: bool) -> None:
    """Ringkasan uji publik VERSION_ID (Laporan Hasil Uji Publik)."""
    with cli_session() as session:
        try:
            snap, fresh = services.refresh_draft_summary(
                session, version_id, now=utcnow(), city=current_app.config["CITY_NAME"], force=force
            )
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        # as the site shows it: without comments withdrawn meanwhile, with computed_at and
        # newer_input_waiting (issue 15)
        result = current.draft_result_of(session, snap, full=not public, complete=True)
    click.echo(
        ("Dihitung ulang" if fresh else "Masukan tidak berubah; memakai snapshot") + f" #{snap.id}.", err=True
    )
    _write(render_summary(result, fmt), out)


@summarize_group.command("musrenbang")
@click.argument("year", type=int)
@click.option("--kecamatan", help="Kode kecamatan (bawaan: seluruh kota).")
@click.option("--format", "fmt", type=FORMATS, default="json", show_default=True)
@click.option("--out", help="Berkas keluaran (bawaan: layar).")
@click.option("--force", is_flag=True, help="Hitung ulang walau data tidak berubah.")
@with_appcontext
def summarize_musrenbang(year: int, kecamatan: str | None, fmt: str, out: str | None, force: bool) -> None:
    """Rekap musrenbang tahun YEAR (per kota, atau per kecamatan)."""
    with cli_session() as session:
        try:
            snap, fresh = services.refresh_musrenbang_summary(
                session,
                year,
                now=utcnow(),
                city=current_app.config["CITY_NAME"],
                kecamatan_code=kecamatan,
                force=force,
            )
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        result = current.musrenbang_result_of(session, snap)
    click.echo(
        ("Dihitung ulang" if fresh else "Data tidak berubah; memakai snapshot") + f" #{snap.id}.", err=True
    )
    _write(render_summary(result, fmt), out)


@summarize_group.command("refresh")
@with_appcontext
def summarize_refresh() -> None:
    """Perbarui snapshot semua versi terbit dan semua siklus musrenbang (untuk cron/timer)."""
    city = current_app.config["CITY_NAME"]
    with cli_session() as session:
        version_ids = list(
            session.scalars(
                select(DraftVersion.id)
                .where(DraftVersion.status == VersionStatus.PUBLISHED.value)
                .order_by(DraftVersion.id)
            )
        )
        years = list(session.scalars(select(MusrenbangCycle.year).order_by(MusrenbangCycle.year)))
    for vid in version_ids:
        with cli_session() as session:
            snap, fresh = services.refresh_draft_summary(session, vid, now=utcnow(), city=city)
        click.echo(f"versi {vid}: {'dihitung ulang' if fresh else 'tidak berubah'} (#{snap.id})")
    for year in years:
        with cli_session() as session:
            snap, fresh = services.refresh_musrenbang_summary(session, year, now=utcnow(), city=city)
        click.echo(f"musrenbang {year}: {'dihitung ulang' if fresh else 'tidak berubah'} (#{snap.id})")
