"""``participation demo``: a ready-to-try database for Kota Balikpapan.

Creates (or with ``--reset`` recreates) the database, migrates it, loads the regions and one
account per role, then runs each area's demo step (registered in ``DEMO_STEPS``). Refuses to run
in production. Sits at the top of the dependency graph: it may import every area.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from participation.accounts.demo import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    load_demo_accounts,
    roles_of,
)
from participation.accounts.models import Role
from participation.core.clock import utcnow
from participation.core.db import session_scope
from participation.regions import services as region_services
from participation.regions.services import LoadReport

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


def load_demo(
    factory: sessionmaker[Session], *, areas: bool = True, now: dt.datetime | None = None
) -> tuple[LoadReport, list[tuple[str, str]]]:
    """Regions, one account per role and (with ``areas``) every area's demo step, each in a
    transaction of its own; ``now`` fixes the steps' clock (default: the time each one starts).
    Returns the regions report and each step's one-line report. Used by ``participation demo``
    and by the tests that need the whole demo."""
    with session_scope(factory) as session:
        regions = region_services.load_regions(
            session, region_services.parse_regions_csv(region_services.default_regions_csv())
        )
    with session_scope(factory) as session:
        load_demo_accounts(session)
    reports = []
    for name, step in area_demo_steps() if areas else []:
        with session_scope(factory) as session:
            reports.append((name, step(session, now=now or utcnow())))
    return regions, reports


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
    regions, reports = load_demo(current_app.extensions["participation.sessionmaker"])
    click.echo(f"Wilayah: {regions.kecamatan_added} kecamatan dan {regions.kelurahan_added} kelurahan baru.")
    for name, report in reports:
        click.echo(f"{name}: {report}")
    engine = current_app.extensions["participation.engine"]
    tables = len(inspect(engine).get_table_names())
    click.echo(f"\nBasis data siap ({tables} tabel): {make_url(url).render_as_string()}")
    click.echo(f"\nAkun demo (kata sandi semua akun: {DEMO_PASSWORD}):")
    for email, _name, role, kel, kec, _home in DEMO_ACCOUNTS:
        scope = (
            f" — kelurahan {kel}"
            if kel
            else f" — kecamatan {kec}"
            if kec
            else (" — seluruh kota" if role == Role.VERIFIER else "")
        )
        roles = "+".join(r.value for r in roles_of(email, role))
        click.echo(f"  {roles:<12} {email}{scope}")
    click.echo("\nJalankan: participation run   lalu buka http://127.0.0.1:5000/")
