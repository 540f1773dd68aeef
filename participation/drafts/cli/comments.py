"""``participation comments import | list``: external input imported onto a version, and the
comments shown on a version. Here, not in the comment engine, because that engine knows nothing
of drafts.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.core.i18n import N_
from participation.drafts import importing, queries, services
from participation.drafts.cli.support import echo_json, staff_account, version_or_exit
from participation.drafts.models import DraftVersion
from participation.web.cli_support import cli_session

comments_group = click.Group(
    "comments", help="Masukan: impor masukan dari luar platform, daftar masukan pada satu versi."
)


@comments_group.command("import")
@click.argument("version_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def comments_import_command(version_id: int, file: str) -> None:
    """Impor FILE (CSV atau XLSX, seperti contoh di halaman "Masukan dari luar platform":
    Pasal/Bagian, Sikap, Isi masukan, Nama pemberi masukan, Sumber, Nomor surat, Tanggal
    diterima) ke versi VERSION_ID: semua baris atau tidak sama sekali."""
    path = Path(file)
    if path.stat().st_size > services.MAX_ORIGINAL_BYTES:
        raise click.ClickException("Berkas terlalu besar (maksimal 50 MB).")
    with cli_session() as session:
        version = session.get(DraftVersion, version_id)
        if version is None:
            raise click.ClickException(f"Versi {version_id} tidak ditemukan.")
        try:
            report = importing.import_comments_file(
                session,
                version=version,
                actor=staff_account(session),
                filename=path.name,
                data=path.read_bytes(),
                now=utcnow(),
            )
        except importing.ImportFailed as exc:
            for row in exc.rows:
                click.echo(row, err=True)
            raise click.ClickException(exc.message) from None
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"{report.count} masukan diimpor ke versi {version_id}.")
        if report.skipped:
            click.echo(f"{len(report.skipped)} baris kosong dilewati.")
        if report.ignored_columns:
            click.echo("Kolom diabaikan: " + ", ".join(report.ignored_columns))


@comments_group.command("list")
@click.argument("version_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Cetak sebagai JSON.")
@with_appcontext
def comments_list_command(version_id: int, as_json: bool) -> None:
    """Masukan yang tampil pada versi VERSION_ID: yang diberikan pada versi ini (own) dan yang
    dibawa dari versi sebelumnya (same, changed, removed; unit_key null bila ketentuannya
    dihapus). Seperti halaman publik: masukan yang disembunyikan moderator ikut (tempatnya tetap
    tampil dengan alasannya), masukan yang menunggu moderasi tidak; balasan tidak."""
    with cli_session() as session:
        version = version_or_exit(session, version_id)
        rows = queries.shown_comments(session, version)
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        click.echo(
            f"#{row['id']:<6} {row['status']:<8} {row['unit_key'] or '—':<28} "
            f"{N_('dijawab') if row['answered'] else N_('belum dijawab'):<14} "
            f"{row['external_id'] or ''}".rstrip()
        )
