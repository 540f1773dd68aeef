"""``participation demo``: a ready-to-try database for Kota Balikpapan.

Creates (or with ``--reset`` recreates) the database, migrates it, loads the regions and one
account per role, then runs each area's demo step (registered in ``DEMO_STEPS``). Refuses to run
in production. Sits at the top of the dependency graph: it may import every area.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from participation.accounts import services as account_services
from participation.accounts.models import Role
from participation.core.clock import utcnow
from participation.regions import services as region_services
from participation.web.cli_support import cli_session

DEMO_PASSWORD = "Balikpapan-Demo-2026"  # noqa: S105 - printed demo credential, refused in production
KEL_GUNUNG_SAMARINDA = "64.71.03.1002"
KEC_BALIKPAPAN_UTARA = "64.71.03"

# (e-mail, name, role, kelurahan scope, kecamatan scope, home kelurahan)
DEMO_ACCOUNTS: list[tuple[str, str, Role, str | None, str | None, str | None]] = [
    ("warga@demo.partisipasi.id", "Siti Warga", Role.CITIZEN, None, None, KEL_GUNUNG_SAMARINDA),
    ("koordinator@demo.partisipasi.id", "Budi Koordinator", Role.COORDINATOR,
     KEL_GUNUNG_SAMARINDA, None, KEL_GUNUNG_SAMARINDA),
    ("verifikator@demo.partisipasi.id", "Rina Verifikator Balut", Role.VERIFIER, None,
     KEC_BALIKPAPAN_UTARA, None),
    ("bappeda@demo.partisipasi.id", "Agus Bappeda", Role.VERIFIER, None, None, None),
    ("penyusun@demo.partisipasi.id", "Dewi Tim Penyusun", Role.DRAFTER, None, None, None),
    ("dprd@demo.partisipasi.id", "H. Anggota DPRD", Role.DPRD_MEMBER, None, None, None),
    ("moderator@demo.partisipasi.id", "Yusuf Moderator", Role.MODERATOR, None, None, None),
    ("admin@demo.partisipasi.id", "Admin Kota", Role.ADMIN, None, None, None),
]

# Each area with demo data has a module ``participation.<area>.demo`` exposing
# ``demo_step(session: Session, *, now: datetime) -> str`` (idempotent; returns a one-line report).
# Allowlisted here, in dependency order, so the demo grows as areas land.
AREA_DEMO_MODULES: tuple[str, ...] = (
    "participation.drafts.demo",
    "participation.musrenbang.demo",
    "participation.summaries.demo",
)


def area_demo_steps() -> list[tuple[str, Callable[..., str]]]:
    steps = []
    for name in AREA_DEMO_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        steps.append((name.split(".")[1], module.demo_step))
    return steps


def _reset_database(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            for suffix in ("", "-wal", "-shm"):
                Path(database + suffix).unlink(missing_ok=True)
        return
    engine = current_app.extensions["participation.engine"]
    from participation.schema import metadata

    with engine.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def load_demo_accounts(session: Session) -> list[tuple[str, str]]:
    created = []
    now = utcnow()
    for email, name, role, kel, kec, home in DEMO_ACCOUNTS:
        if account_services.find_user_by_email(session, email) is not None:
            continue
        user = account_services.create_user(
            session, email=email, name=name, password=DEMO_PASSWORD, now=now,
            roles=[(role, kel, kec)],
        )
        user.kelurahan_code = home
        created.append((email, role.value))
    session.flush()
    return created


@click.command("demo")
@click.option("--reset", is_flag=True, help="Hapus basis data lalu buat ulang dari awal.")
@with_appcontext
def demo_command(reset: bool) -> None:
    """Siapkan basis data demo Kota Balikpapan dan tampilkan akun demo."""
    config = current_app.config
    if config["ENV_NAME"] == "production":
        raise click.ClickException("Data demo tidak boleh dimuat dalam mode production.")
    url = config["DATABASE_URL"]
    if reset:
        current_app.extensions["participation.engine"].dispose()
        _reset_database(url)
        click.echo("Basis data lama dihapus.")
    from participation.schema import upgrade

    upgrade(url)
    click.echo("Skema basis data mutakhir.")
    with cli_session() as session:
        report = region_services.load_regions(
            session, region_services.parse_regions_csv(region_services.default_regions_csv())
        )
        click.echo(f"Wilayah: {report.kecamatan_added} kecamatan dan "
                   f"{report.kelurahan_added} kelurahan baru.")
    with cli_session() as session:
        load_demo_accounts(session)
    for name, step in area_demo_steps():
        with cli_session() as session:
            click.echo(f"{name}: {step(session, now=utcnow())}")
    engine = current_app.extensions["participation.engine"]
    tables = len(inspect(engine).get_table_names())
    click.echo(f"\nBasis data siap ({tables} tabel): {make_url(url).render_as_string()}")
    click.echo(f"\nAkun demo (kata sandi semua akun: {DEMO_PASSWORD}):")
    for email, _name, role, kel, kec, _home in DEMO_ACCOUNTS:
        scope = f" — kelurahan {kel}" if kel else f" — kecamatan {kec}" if kec else (
            " — seluruh kota" if role == Role.VERIFIER else "")
        click.echo(f"  {role.value:<12} {email}{scope}")
    click.echo("\nJalankan: participation run   lalu buka http://127.0.0.1:5000/")
