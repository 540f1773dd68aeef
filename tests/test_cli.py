from click.testing import CliRunner
from sqlalchemy import select

from participation.accounts.models import Role, User
from participation.cli import main


def _env(app, tmp_path):
    return {"PARTICIPATION_DATABASE_URL": app.config["DATABASE_URL"],
            "PARTICIPATION_SECRET_KEY": app.config["SECRET_KEY"],
            "PARTICIPATION_INSTANCE_PATH": str(tmp_path)}


def test_help_lists_area_groups():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for group in ("db", "regions", "users", "demo"):
        assert f"  {group} " in result.output


def test_users_create_and_set_password(app, session, regions, tmp_path):
    runner = CliRunner()
    env = _env(app, tmp_path)
    result = runner.invoke(main, ["users", "create", "--email", "koor@contoh.id", "--role",
                                  "coordinator", "--kelurahan", "Gunungsamarinda",
                                  "--password", "kopi-susu-pagi-hari"], env=env)
    assert result.exit_code == 0, result.output
    user = session.scalar(select(User).where(User.email == "koor@contoh.id"))
    assert user.assignments(Role.COORDINATOR)[0].kelurahan_code == "64.71.03.1002"
    bad = runner.invoke(main, ["users", "create", "--email", "x@contoh.id", "--role", "admin",
                               "--password", "123"], env=env)
    assert bad.exit_code != 0 and "minimal 10 karakter" in bad.output
    result = runner.invoke(main, ["users", "set-password", "--email", "koor@contoh.id",
                                  "--password", "teh-manis-sore-hari"], env=env)
    assert result.exit_code == 0, result.output
    listing = runner.invoke(main, ["users", "list"], env=env)
    assert "koor@contoh.id" in listing.output and "COORDINATOR(64.71.03.1002)" in listing.output
