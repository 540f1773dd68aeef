import json
import os
import subprocess
import sys
from pathlib import Path

import click
from click.testing import CliRunner
from sqlalchemy import select

from participation import create_app
from participation.accounts.models import Role, User
from participation.cli import COMMANDS, load_command, main

# Libraries that cost most of a second to import: loaded by the work that needs them (themes,
# campaigns, XLSX and PDF writers, Word reader), never by the CLI's help or by create_app.
HEAVY = ("sklearn", "scipy", "numpy", "reportlab", "openpyxl", "docx", "datasketch", "Sastrawi", "PIL")
PARTICIPATION = Path(sys.executable).parent / "participation"


def _env(app, tmp_path):
    return {
        "PARTICIPATION_DATABASE_URL": app.config["DATABASE_URL"],
        "PARTICIPATION_SECRET_KEY": app.config["SECRET_KEY"],
        "PARTICIPATION_INSTANCE_PATH": str(tmp_path),
    }


def test_help_lists_area_groups():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for group in ("db", "regions", "users", "demo"):
        assert f"  {group} " in result.output


def test_users_create_and_set_password(app, session, regions, tmp_path):
    runner = CliRunner()
    env = _env(app, tmp_path)
    result = runner.invoke(
        main,
        [
            "users",
            "create",
            "--email",
            "koor@contoh.id",
            "--role",
            "coordinator",
            "--kelurahan",
            "Gunungsamarinda",
            "--password",
            "kopi-susu-pagi-hari",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "koor@contoh.id"))
    assert user.assignments(Role.COORDINATOR)[0].kelurahan_code == "64.71.03.1002"
    bad = runner.invoke(
        main, ["users", "create", "--email", "x@contoh.id", "--role", "admin", "--password", "123"], env=env
    )
    assert bad.exit_code != 0
    assert "minimal 10 karakter" in bad.output
    result = runner.invoke(
        main,
        ["users", "set-password", "--email", "koor@contoh.id", "--password", "teh-manis-sore-hari"],
        env=env,
    )
    assert result.exit_code == 0, result.output
    listing = runner.invoke(main, ["users", "list"], env=env)
    assert "koor@contoh.id" in listing.output
    assert "COORDINATOR(64.71.03.1002)" in listing.output


def _listed(help_text: str) -> list[str]:
    """Command names from the "Commands:" section of a help page."""
    section = help_text.split("Commands:", 1)[1] if "Commands:" in help_text else ""
    return [
        line.split()[0]
        for line in section.splitlines()
        if line.startswith("  ") and not line.startswith("   ") and line.strip()
    ]


# Run in a fresh interpreter: build the top help, every command's help (recursively), and the
# app; then report which heavy libraries got imported.
_FRESH = """
import json, sys
import click
from click.testing import CliRunner
from participation.cli import main
runner = CliRunner()
pages = {}
def walk(path, command):
    result = runner.invoke(main, [*path, "--help"], prog_name="participation",
                           catch_exceptions=False)
    pages[" ".join(path)] = [result.exit_code, result.output]
    if isinstance(command, click.Group):
        ctx = click.Context(command, info_name=path[-1] if path else "participation")
        for name in command.list_commands(ctx):
            walk([*path, name], command.get_command(ctx, name))
walk([], main)
after_help = sorted(m for m in HEAVY_NAMES if m in sys.modules)
from participation import create_app
create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "x" * 40, "INSTANCE_PATH": sys.argv[2]})
after_app = sorted(m for m in HEAVY_NAMES if m in sys.modules)
print(json.dumps({"pages": pages, "after_help": after_help, "after_app": after_app}))
""".replace("HEAVY_NAMES", repr(HEAVY))


def test_help_imports_no_heavy_library_and_every_command_shows_its_help(tmp_path):
    env = {
        **os.environ,
        "PARTICIPATION_INSTANCE_PATH": str(tmp_path),
        "PARTICIPATION_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
    }
    top = subprocess.run(
        [str(PARTICIPATION), "--help"], capture_output=True, text=True, env=env, timeout=120, check=True
    )
    listed = _listed(top.stdout)
    assert set(COMMANDS) | {"db", "run", "shell", "routes"} <= set(listed)

    fresh = subprocess.run(
        [sys.executable, "-c", _FRESH, f"sqlite:///{tmp_path / 'app.db'}", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert fresh.returncode == 0, fresh.stderr
    report = json.loads(fresh.stdout)
    assert report["after_help"] == [], "a help page imported " + ", ".join(report["after_help"])
    assert report["after_app"] == [], "create_app imported " + ", ".join(report["after_app"])
    pages = report["pages"]
    assert _listed(pages[""][1]) == listed
    # every command the top page lists resolves and shows its own help, and so does every
    # subcommand below it: lazy loading must not hide a broken import
    for name in listed:
        assert name in pages, name
    for path, (code, output) in pages.items():
        assert code == 0, (path, output)
        assert output.startswith(f"Usage: participation {path}".rstrip()), (path, output)


def test_registry_help_is_the_commands_own():
    for name, (target, short_help) in COMMANDS.items():
        command = load_command(target)
        assert command.name == name, target
        assert short_help == command.get_short_help_str(limit=1000), (
            f"COMMANDS[{name!r}] help differs from the first sentence of {target}'s docstring"
        )


def test_app_registers_no_cli_commands_of_its_own():
    # `participation --help` lists commands without building the app, so a command on app.cli
    # (or a blueprint's cli) would be missing from it: commands go in participation.cli.COMMANDS
    app = create_app({"DATABASE_URL": "sqlite://", "SECRET_KEY": "x" * 40})
    assert app.cli.list_commands(click.Context(app.cli)) == []
    assert not [bp.name for bp in app.blueprints.values() if bp.cli.commands]


def test_unknown_command_is_refused():
    result = CliRunner().invoke(main, ["tidak-ada"])
    assert result.exit_code == 2
    assert "No such command" in result.output


def test_db_commands_use_the_configured_database_without_an_app(tmp_path):
    env = {
        **os.environ,
        "PARTICIPATION_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
        "PARTICIPATION_INSTANCE_PATH": str(tmp_path / "instance"),
    }

    def db(*args: str) -> str:
        done = subprocess.run(
            [str(PARTICIPATION), "db", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    db("upgrade")
    assert "(head)" in db("current")
    # no app is built for it: no area's views get imported
    probe = (
        "import sys\nfrom participation.cli import main\n"
        "main.main(['db', 'current'], prog_name='participation', standalone_mode=False)\n"
        "print('views:', sorted(m for m in sys.modules if m.endswith('.views')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=300, check=True
    )
    assert "(head)" in done.stdout
    assert done.stdout.rsplit("views:", 1)[1].split() == ["[]"]
    db("downgrade", "-1")
    previous = db("current")
    assert previous.strip()
    assert "(head)" not in previous
