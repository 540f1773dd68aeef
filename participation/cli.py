"""The ``participation`` console script: Flask's CLI plus one group per area.

Every admin task has a command here. Commands own their transaction (commit or roll back).
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext


def _create_app(*_args: object, **_kwargs: object):  # noqa: ANN202
    from participation import create_app

    # CLI commands are short-lived: no connection pool, so nothing stays open when they end
    return create_app({"DATABASE_POOLED": False})


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False,
             add_default_commands=True)
def main() -> None:
    """Platform partisipasi publik: uji publik raperda, musrenbang, ringkasan."""


@main.group("db")
def db_group() -> None:
    """Skema basis data (migrasi Alembic)."""


@db_group.command("upgrade")
@click.argument("revision", default="heads")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Migrasikan basis data ke revisi terbaru (atau REVISION)."""
    from participation.schema import upgrade

    upgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Basis data dimigrasikan ke {revision}.")


@db_group.command("downgrade")
@click.argument("revision")
@with_appcontext
def db_downgrade(revision: str) -> None:
    """Kembalikan skema ke REVISION (misalnya -1)."""
    from participation.schema import downgrade

    downgrade(current_app.config["DATABASE_URL"], revision)
    click.echo(f"Basis data dikembalikan ke {revision}.")


@db_group.command("current")
@with_appcontext
def db_current() -> None:
    """Tampilkan revisi skema saat ini."""
    from alembic import command

    from participation.schema import alembic_config

    command.current(alembic_config(current_app.config["DATABASE_URL"]))


def _register() -> None:
    from participation.accounts.cli import users_group
    from participation.demo import demo_command
    from participation.drafts.cli import comments_group, drafts_group
    from participation.jobs.cli import worker_command
    from participation.musrenbang.cli import musrenbang_group
    from participation.regions.cli import regions_group
    from participation.summaries.cli import summarize_group
    from participation.web.ops_cli import backup_command, restore_command

    main.add_command(regions_group)
    main.add_command(users_group)
    main.add_command(demo_command)
    main.add_command(drafts_group)
    main.add_command(comments_group)
    main.add_command(musrenbang_group)
    main.add_command(summarize_group)
    main.add_command(backup_command)
    main.add_command(restore_command)
    main.add_command(worker_command)


_register()
