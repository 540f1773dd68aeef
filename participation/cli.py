"""The ``participation`` console script: Flask's CLI plus one group per area.

Every admin task has a command here. Commands own their transaction (commit or roll back).

Area commands are registered in ``COMMANDS`` below, one line each, and imported only when they
run (or their own ``--help`` is asked for): ``participation --help`` lists them from the
registry without importing any area, so the console script starts in well under a second.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import click
from flask import current_app
from flask.cli import FlaskGroup

# Top-level commands: name → ("module:attribute" of the click command or group, its short help).
# The short help is what ``participation --help`` shows without importing the module; it must be
# the first sentence of the command's own docstring (tests/test_cli.py checks they agree and
# that every entry imports and shows its own --help). Adding a command is one line here.
COMMANDS: dict[str, tuple[str, str]] = {
    "regions": (
        "participation.regions.cli:regions_group",
        "Wilayah: kecamatan dan kelurahan (kode Kemendagri).",
    ),
    "users": ("participation.accounts.cli:users_group", "Pengguna dan peran."),
    "demo": (
        "participation.demo:demo_command",
        "Siapkan basis data demo Kota Balikpapan dan tampilkan akun demo.",
    ),
    "drafts": (
        "participation.drafts.cli:drafts_group",
        "Rancangan peraturan: baca, impor, bandingkan versi.",
    ),
    "comments": (
        "participation.drafts.cli:comments_group",
        "Masukan: impor masukan dari luar platform, daftar masukan pada satu versi.",
    ),
    "musrenbang": ("participation.musrenbang.cli:musrenbang_group", "Musrenbang: impor dan ekspor usulan."),
    "summarize": (
        "participation.summaries.cli:summarize_group",
        "Ringkasan: hitung snapshot dan tulis laporan (JSON, XLSX, PDF).",
    ),
    "backup": (
        "participation.web.ops_cli:backup_command",
        "Cadangkan seluruh basis data ke FILE (aman selagi aplikasi berjalan).",
    ),
    "restore": (
        "participation.web.ops_cli:restore_command",
        "Pulihkan basis data dari berkas cadangan SOURCE.",
    ),
    "worker": (
        "participation.jobs.cli:worker_command",
        "Jalankan pekerja antrean pekerjaan latar (RQ di Redis).",
    ),
    "files": ("participation.web.ops_cli:files_group", "Berkas unggahan yang tersimpan di basis data."),
}


def load_command(target: str) -> click.Command:
    """The click command named by ``"module:attribute"``, importing its module."""
    module, _, attribute = target.partition(":")
    command = getattr(importlib.import_module(module), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{target} is not a click command")
    return command


class LazyFlaskGroup(FlaskGroup):
    """Flask's group with the registry's commands loaded on first use (click's "lazily loading
    subcommands"); the help listing takes their short help from the registry instead."""

    def __init__(self, *args: object, lazy_commands: dict[str, tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        # Flask's list_commands also builds the app to add its ``app.cli`` commands, which
        # costs the whole app's import for a help page. This app registers none (commands go in
        # COMMANDS; tests/test_cli.py holds it to that), so the listing skips the app.
        self._load_plugin_commands()
        return sorted(set(self.commands) | set(self.lazy_commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy_commands and name not in self.commands:
            self.add_command(load_command(self.lazy_commands[name][0]), name)
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        commands: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            if name in self.lazy_commands and name not in self.commands:
                # a stand-in carrying the registry's help: listing imports nothing
                commands.append((name, click.Command(name, help=self.lazy_commands[name][1])))
                continue
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                commands.append((name, command))
        if commands:
            limit = formatter.width - 6 - max(len(name) for name, _ in commands)
            with formatter.section("Commands"):
                formatter.write_dl([(name, command.get_short_help_str(limit)) for name, command in commands])


def _create_app(*_args: object, **_kwargs: object):
    from participation import create_app

    # CLI commands are short-lived: no connection pool, so nothing stays open when they end
    return create_app({"DATABASE_POOLED": False})


@click.group(
    cls=LazyFlaskGroup,
    create_app=_create_app,
    add_version_option=False,
    add_default_commands=True,
    lazy_commands=COMMANDS,
)
def main() -> None:
    """Platform partisipasi publik: uji publik raperda, musrenbang, ringkasan."""


# a plain click group: an AppGroup (main.group's default) would wrap every command in
# with_appcontext and so build the app, which these commands do not need (see _config)
@main.group("db", cls=click.Group)
def db_group() -> None:
    """Skema basis data (migrasi Alembic)."""


def _config() -> Mapping[str, Any]:
    """Settings for the db commands: the running app's, else read from the environment as
    create_app would. The db commands build no app: they need only the database URL, and an app
    would import every area (half a second) for a command that takes a few milliseconds."""
    if current_app:
        return current_app.config
    from participation.config import load_config

    return load_config()


@db_group.command("upgrade")
@click.argument("revision", default="heads")
def db_upgrade(revision: str) -> None:
    """Migrasikan basis data ke revisi terbaru (atau REVISION)."""
    from participation.schema import upgrade

    upgrade(_config()["DATABASE_URL"], revision)
    click.echo(f"Basis data dimigrasikan ke {revision}.")


# "-1" (one step back, as the help says) would otherwise be read as an unknown option
@db_group.command("downgrade", context_settings={"ignore_unknown_options": True})
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Kembalikan skema ke REVISION (misalnya -1)."""
    from participation.schema import downgrade

    downgrade(_config()["DATABASE_URL"], revision)
    click.echo(f"Basis data dikembalikan ke {revision}.")


@db_group.command("current")
def db_current() -> None:
    """Tampilkan revisi skema saat ini."""
    from alembic import command

    from participation.schema import alembic_config

    command.current(alembic_config(_config()["DATABASE_URL"]))
