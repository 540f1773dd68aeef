"""``participation musrenbang import|export``: the CLI forms of the web import and export.

Import runs the same checks as the web (participation.musrenbang.importing): on any bad row
nothing is imported, every row's errors are printed and the command exits non-zero. The CLI acts
as the system (like an admin): any kelurahan, statuses in the file are kept.
"""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.web.cli_support import cli_session


@click.group("musrenbang")
def musrenbang_group() -> None:
    """Musrenbang: impor dan ekspor usulan."""


@musrenbang_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--cycle", "year", type=int, required=True, help="Tahun musrenbang, misalnya 2026.")
@click.option("--kelurahan", default=None, help="Masukkan semua baris ke kelurahan ini (kode atau nama).")
@with_appcontext
def import_command(file: Path, year: int, kelurahan: str | None) -> None:
    """Impor usulan dari FILE (CSV atau XLSX): semua baris atau tidak sama sekali."""
    from participation.musrenbang import services
    from participation.regions import services as region_services

    data = file.read_bytes()
    with cli_session() as session:
        try:
            cycle = services.get_cycle_by_year(session, year)
            code = None
            if kelurahan:
                kel = region_services.resolve_kelurahan(session, kelurahan)
                if kel is None:
                    raise click.ClickException(f"Kelurahan tidak dikenal: {kelurahan}")
                code = kel.code
            preview = services.preview_import(
                session,
                cycle=cycle,
                filename=file.name,
                data=data,
                actor=None,
                kelurahan_code=code,
                override_kelurahan=code is not None,
                now=utcnow(),
            )
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        for warning in preview.result.warnings:
            click.echo(f"catatan: {warning}", err=True)
        if not preview.importable:
            for error in preview.result.errors:
                click.echo(str(error), err=True)
            raise click.ClickException(
                f"Tidak ada yang diimpor: {len(preview.result.errors)} kesalahan "
                f"({preview.result.parsed_row_count} baris tanpa kesalahan)."
            )
        count = services.commit_import(
            session, cycle=cycle, preview=preview, source_name=file.name, actor=None, now=utcnow()
        )
    click.echo(f"{count} usulan diimpor ke {cycle.name}.")


@musrenbang_group.command("export")
@click.option("--cycle", "year", type=int, required=True, help="Tahun musrenbang, misalnya 2026.")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Berkas tujuan: .csv atau .xlsx.",
)
@with_appcontext
def export_command(year: int, out: Path) -> None:
    """Ekspor usulan satu siklus (tata letak SIPD, tanpa data pribadi) ke OUT."""
    from participation.musrenbang import exports, queries, services

    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise click.ClickException("Nama berkas harus berakhiran .csv atau .xlsx.")
    with cli_session() as session:
        try:
            cycle = services.get_cycle_by_year(session, year)
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        rows = queries.usulan_export_rows(
            session, queries.UsulanFilter(year=year, exclude_draft=False), limit=1_000_000
        )
        columns = [c for c in exports.SIPD_COLUMNS if c[0] != "pengusul"]
        if suffix == ".csv":
            out.write_bytes(exports.rows_to_csv(rows, columns=columns))
        else:
            out.write_bytes(exports.rows_to_xlsx(rows, title=cycle.name, columns=columns))
    click.echo(f"{len(rows)} usulan diekspor ke {out}.")
