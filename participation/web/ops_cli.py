"""Operations commands: ``participation backup --out FILE``, ``participation restore FILE`` and
``participation files expire``.

The work is done by ``participation.core.backup`` and ``participation.core.files``
(Flask-free); these commands only read the app's settings, own the transaction and turn a
``BackupError`` into a readable message and a non-zero exit code. Uploaded files live in the
database, so a backup holds them with everything else.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from participation.core.backup import BackupError, backup, restore
from participation.core.clock import utcnow
from participation.core.files import expire_files
from participation.web.cli_support import cli_session


@click.command("backup")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Berkas tujuan (ditimpa secara atomik, mode 600).",
)
@with_appcontext
def backup_command(out: Path) -> None:
    """Cadangkan seluruh basis data ke FILE (aman selagi aplikasi berjalan)."""
    try:
        backup(current_app.config["DATABASE_URL"], out, pg_bindir=current_app.config["PG_BINDIR"])
    except BackupError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Cadangan ditulis ke {out} ({out.stat().st_size} bita).")


@click.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Timpa basis data yang sudah berisi data.")
@with_appcontext
def restore_command(source: Path, force: bool) -> None:
    """Pulihkan basis data dari berkas cadangan SOURCE."""
    try:
        restore(
            current_app.config["DATABASE_URL"], source, force=force, pg_bindir=current_app.config["PG_BINDIR"]
        )
    except BackupError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(
        f"Basis data dipulihkan dari {source}. Jalankan 'participation db upgrade' bila "
        "cadangan berasal dari versi aplikasi yang lebih lama, lalu mulai ulang aplikasi."
    )


@click.group("files")
def files_group() -> None:
    """Berkas unggahan yang tersimpan di basis data."""


@files_group.command("expire")
@with_appcontext
def expire_command() -> None:
    """Hapus pratinjau impor yang lewat 24 jam (berkas lain tidak pernah dihapus). Aman
    dijalankan berkala, misalnya tiap jam lewat cron."""
    with cli_session() as session:
        removed = expire_files(session, now=utcnow())
    click.echo(f"{removed} pratinjau impor kedaluwarsa dihapus.")
