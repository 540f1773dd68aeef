"""``participation drafts parse | compare | import | export``: reading a draft's text, mapping
two texts, importing a text as a new version, and exporting a version in an open standard
(Akoma Ntoso 3.0, issue 18) or as plain text.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.drafts import services
from participation.drafts.anchoring import compare_units, mapping_to_json
from participation.drafts.cli.support import (
    drafts_group,
    echo_json,
    read_draft_file,
    staff_account,
    version_or_exit,
)
from participation.drafts.parsing import parse_perda
from participation.web.cli_support import cli_session


@drafts_group.command("parse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Cetak hasil lengkap sebagai JSON.")
def parse_command(file: str, as_json: bool) -> None:
    """Baca FILE (.txt/.md/.docx/.pdf) dan tampilkan struktur atau laporannya."""
    result = parse_perda(read_draft_file(file))
    if as_json:
        echo_json(result.to_json())
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
    mappings = compare_units(parse_perda(read_draft_file(old)), parse_perda(read_draft_file(new)))
    if as_json:
        echo_json(mapping_to_json(mappings))
        return
    for m in mappings:
        if m.status != "unchanged":
            click.echo(f"{m.status:<10} {m.old_key or '—'} → {m.new_key or '—'}")


@drafts_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--title", required=True, help="Judul rancangan (untuk rancangan baru).")
@click.option("--draft", "draft_id", type=int, help="Tambahkan sebagai versi baru rancangan ini.")
@click.option("--initiator", default="Pemerintah Daerah", show_default=True)
@click.option(
    "--json", "as_json", is_flag=True, help="Cetak {draft_id, version_id, counts, warnings} sebagai JSON."
)
@with_appcontext
def import_command(file: str, title: str, draft_id: int | None, initiator: str, as_json: bool) -> None:
    """Impor FILE (.txt/.md/.docx/.pdf) sebagai versi baru (belum terbit); mencetak id versinya
    (dengan --json: id rancangan dan versi, jumlah unsur, dan peringatan pemeriksaan naskah).
    Hanya hasil itu yang tercetak ke stdout; log ke stderr."""
    text = read_draft_file(file)
    original = Path(file).read_bytes()  # kept as the version's original, offered for download
    now = utcnow()
    with cli_session() as session:
        actor = staff_account(session)
        try:
            draft = (
                services.get_draft(session, draft_id)
                if draft_id
                else services.create_draft(session, actor=actor, title=title, initiator=initiator, now=now)
            )
            version = services.add_version(
                session,
                draft=draft,
                actor=actor,
                text=text,
                now=now,
                filename=Path(file).name[:255],
                original=original,
            )
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        session.flush()
        done = {
            "draft_id": draft.id,
            "version_id": version.id,
            "counts": dict(version.parse_report.get("counts", {})),
            "warnings": version.warnings,
        }
    # printed once committed: a script never gets the id of a version that was not stored
    if as_json:
        echo_json(done)
    else:
        click.echo(done["version_id"])
    current_app.logger.info("draft version imported")


@drafts_group.command("export")
@click.argument("version_id", type=int)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["akn", "txt"]),
    default="akn",
    show_default=True,
    help="akn: Akoma Ntoso 3.0 (XML, OASIS LegalDocML); txt: teks hasil baca, per unsur.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Tulis ke berkas ini (bawaan: stdout).",
)
@with_appcontext
def export_command(version_id: int, fmt: str, output: str | None) -> None:
    """Ekspor versi VERSION_ID (terbit atau belum) sebagai Akoma Ntoso 3.0 atau teks."""
    from participation.drafts import akn  # only this command needs it: --help stays fast

    with cli_session() as session:
        version = version_or_exit(session, version_id)
        data = akn.version_data(session, version, city_name=current_app.config["CITY_NAME"])
    payload = akn.render_akn(data) if fmt == "akn" else akn.render_text(data).encode("utf-8")
    if output:
        Path(output).write_bytes(payload)
    else:
        click.echo(payload, nl=False)  # bytes: written as they are
