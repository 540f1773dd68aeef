"""``participation regions load [FILE]``: idempotent load of kecamatan and kelurahan."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from participation.core.errors import ValidationError
from participation.regions import services
from participation.web.cli_support import cli_session


@click.group("regions")
def regions_group() -> None:
    """Wilayah: kecamatan dan kelurahan (kode Kemendagri)."""


@regions_group.command("load")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def load(file: Path | None) -> None:
    """Muat wilayah dari FILE (CSV berbentuk sama dengan data Balikpapan bawaan)."""
    text = file.read_text(encoding="utf-8-sig") if file else services.default_regions_csv()
    try:
        rows = services.parse_regions_csv(text)
    except ValidationError as exc:
        raise click.ClickException(exc.message) from exc
    with cli_session() as session:
        report = services.load_regions(session, rows)
    click.echo(
        f"Kecamatan baru: {report.kecamatan_added}, kelurahan baru: {report.kelurahan_added}, "
        f"diperbarui: {report.updated}, tidak berubah: {report.unchanged}."
    )
