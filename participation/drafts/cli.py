"""``participation drafts …`` and ``participation comments import`` (external input onto a
version; lives here because the comment engine knows nothing of drafts)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from participation.accounts.models import Role, User
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.drafts import services
from participation.drafts.anchoring import compare_units, mapping_to_json
from participation.drafts.models import DraftVersion
from participation.drafts.parsing import parse_perda
from participation.drafts.sources import extract_text
from participation.drafts.views import originals_dir
from participation.web.cli_support import cli_session


def _read(path: str) -> str:
    p = Path(path)
    try:
        return extract_text(p.name, p.read_bytes(), max_bytes=50 * 1024 * 1024)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None


def _json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _staff(session) -> User:  # noqa: ANN001
    # CLI actions are recorded in the audit log against the first tim penyusun account, if any
    from participation.accounts.models import RoleAssignment

    user = session.scalar(select(User).join(RoleAssignment, RoleAssignment.user_id == User.id)
                          .where(RoleAssignment.role == Role.DRAFTER.value).order_by(User.id))
    if user is None:
        raise click.ClickException("Buat dulu akun tim penyusun: participation users create "
                                   "--email … --role drafter")
    return user


@click.group("drafts")
def drafts_group() -> None:
    """Rancangan peraturan: baca, impor, bandingkan versi."""


@drafts_group.command("parse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Cetak hasil lengkap sebagai JSON.")
def parse_command(file: str, as_json: bool) -> None:
    """Baca FILE (.txt/.md/.docx/.pdf) dan tampilkan struktur atau laporannya."""
    result = parse_perda(_read(file))
    if as_json:
        _json(result.to_json())
        return
    click.echo(result.title)
    click.echo(", ".join(f"{k}: {v}" for k, v in result.counts.items()))
    for issue in result.errors:
        click.echo(f"KESALAHAN baris {issue.line}: {issue.message_id}")
    for issue in result.warnings:
        click.echo(f"peringatan baris {issue.line}: {issue.message_id}")
    if result.errors:
        raise SystemExit(1)


@drafts_group.command("compare")
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Cetak pemetaan sebagai JSON.")
def compare_command(old: str, new: str, as_json: bool) -> None:
    """Petakan unsur naskah OLD ke NEW (tidak berubah, bernomor baru, berubah, dihapus, baru)."""
    mappings = compare_units(parse_perda(_read(old)), parse_perda(_read(new)))
    if as_json:
        _json(mapping_to_json(mappings))
        return
    for m in mappings:
        if m.status != "unchanged":
            click.echo(f"{m.status:<10} {m.old_key or '—'} → {m.new_key or '—'}")


@drafts_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--title", required=True, help="Judul rancangan (untuk rancangan baru).")
@click.option("--draft", "draft_id", type=int, help="Tambahkan sebagai versi baru rancangan ini.")
@click.option("--initiator", default="Pemerintah Daerah", show_default=True)
@with_appcontext
def import_command(file: str, title: str, draft_id: int | None, initiator: str) -> None:
    """Impor FILE (.txt/.md/.docx/.pdf) sebagai versi baru (belum terbit); mencetak id versinya."""
    text = _read(file)
    original = Path(file).read_bytes()  # kept as the version's original, offered for download
    now = utcnow()
    with cli_session() as session:
        actor = _staff(session)
        try:
            draft = (services.get_draft(session, draft_id) if draft_id else
                     services.create_draft(session, actor=actor, title=title, initiator=initiator,
                                           now=now))
            version = services.add_version(session, draft=draft, actor=actor, text=text, now=now,
                                           filename=Path(file).name[:255], original=original,
                                           storage_dir=originals_dir())
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        session.flush()
        click.echo(version.id)
    current_app.logger.info("draft version imported")


comments_group = click.Group("comments", help="Masukan: impor masukan dari luar platform.")


@comments_group.command("import")
@click.argument("version_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def comments_import_command(version_id: int, file: str) -> None:
    """Impor FILE.csv (unit_key, stance, body, author_name, source, external_id) ke versi
    VERSION_ID: semua baris atau tidak sama sekali."""
    try:
        text = Path(file).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException("Berkas harus CSV dengan pengodean UTF-8.") from None
    with cli_session() as session:
        version = session.get(DraftVersion, version_id)
        if version is None:
            raise click.ClickException(f"Versi {version_id} tidak ditemukan.")
        try:
            n = services.import_external_comments(session, version=version, actor=_staff(session),
                                                  csv_text=text, now=utcnow())
        except services.ImportFailed as exc:
            for row in exc.rows:
                click.echo(row, err=True)
            raise click.ClickException(exc.message) from None
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"{n} masukan diimpor ke versi {version_id}.")
