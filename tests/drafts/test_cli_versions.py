"""CLI for versions, for scripts and tests: ``drafts import --json``, ``drafts publish`` and
``comments list --json``, through the real Click runner (and one real process, for stdout)."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from participation.accounts.models import Role
from participation.cli import main
from participation.comments import moderation as comment_moderation
from participation.comments import services as comment_services
from participation.comments.models import Comment
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.drafts import queries, services
from participation.drafts.models import DraftUnit, DraftVersion
from tests.factories import make_user

DEMO = Path(__file__).resolve().parents[2] / "participation" / "demo_data"
V1, V2 = DEMO / "raperda_v1.txt", DEMO / "raperda_v2.txt"
# a pasal gap: a warning, no error (as in test_checking.py)
GAP = "Pasal 1\n(1) Satu.\n(2) Dua.\n\nPasal 3\n(1) Tiga.\n"
NO_PASAL = "Naskah tanpa satu pun pasal.\nHanya kalimat biasa.\n"
CSV_HEADER = "unit_key,stance,body,author_name,source,external_id\n"


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def drafter(session, regions):
    user = make_user(session, Role.DRAFTER, email="penyusun@contoh.id")
    session.commit()  # the CLI runs in its own session: nothing may be left uncommitted here
    return user


def _ok(runner, *args):
    result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr or result.output
    return result


def _import(runner, path, *extra) -> dict:
    return json.loads(
        _ok(runner, "drafts", "import", path, "--title", "Raperda Lewat CLI", "--json", *extra).stdout
    )


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _version(session, version_id) -> DraftVersion:
    session.expire_all()  # written by the command's own session
    return session.get(DraftVersion, version_id)


# ------------------------------------------------------------------ import --json


def test_import_json_shape(runner, session, drafter, tmp_path):
    data = _import(runner, V1)
    assert set(data) == {"draft_id", "version_id", "counts", "warnings"}
    version = _version(session, data["version_id"])
    assert version.draft_id == data["draft_id"]
    assert version.number == 1
    assert data["counts"] == version.parse_report["counts"]
    assert data["counts"]["pasal"] > 40
    assert data["warnings"] == []
    second = _import(runner, V2, "--draft", data["draft_id"])
    assert second["draft_id"] == data["draft_id"]
    assert _version(session, second["version_id"]).number == 2
    # warnings are the parser's issue dicts
    gap = _import(runner, _write(tmp_path, "gap.txt", GAP))
    [warning] = gap["warnings"]
    assert set(warning) == {"code", "message", "line"}
    assert warning["code"] == "pasal_gap"
    assert warning["line"] == 5
    # without --json: the version id alone
    plain = _ok(runner, "drafts", "import", V1, "--title", "Raperda Tanpa JSON")
    assert plain.stdout.strip().isdigit()
    assert plain.stdout.count("\n") == 1


def test_import_json_stdout_is_only_the_json_in_a_real_process(app, drafter, tmp_path):
    """The real console script, where Flask's own log handler is installed (the test runner's
    log capture replaces it in-process): logs go to stderr, stdout is the JSON alone."""
    env = {
        **os.environ,
        "PARTICIPATION_DATABASE_URL": app.config["DATABASE_URL"],
        "PARTICIPATION_SECRET_KEY": app.config["SECRET_KEY"],
        "PARTICIPATION_INSTANCE_PATH": str(tmp_path / "instance"),
        "PARTICIPATION_LOG_LEVEL": "INFO",
    }
    script = Path(sys.executable).parent / "participation"
    done = subprocess.run(
        [str(script), "drafts", "import", str(V1), "--title", "Raperda Proses", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)  # nothing else on stdout
    assert done.stdout == json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    assert "draft version imported" in done.stderr


# ------------------------------------------------------------------ publish


def test_publish_and_window_in_wita(runner, session, drafter):
    vid = _import(runner, V1)["version_id"]
    result = _ok(
        runner, "drafts", "publish", vid, "--opens", "2026-07-01 08:00", "--closes", "2026-07-31 23:59"
    )
    assert "diterbitkan" in result.stdout
    version = _version(session, vid)
    assert version.published
    # typed in WITA (UTC+8), stored in UTC, as the web form does
    assert version.opens_at == dt.datetime(2026, 7, 1, 0, 0, tzinfo=dt.UTC)
    assert version.closes_at == dt.datetime(2026, 7, 31, 15, 59, tzinfo=dt.UTC)
    events = {
        e.action: e
        for e in session.scalars(
            select(AuditEvent).where(
                AuditEvent.target_type == "draft_version", AuditEvent.target_id == str(vid)
            )
        )
    }
    assert events["draft.version.publish"].actor_id == drafter.id
    assert events["draft.window.set"].actor_id == drafter.id
    # once published it stays as it is
    again = runner.invoke(main, ["drafts", "publish", str(vid)])
    assert again.exit_code != 0
    assert "sudah diterbitkan" in again.stderr


def test_window_needs_both_ends_and_the_right_format(runner, session, drafter):
    vid = _import(runner, V1)["version_id"]
    bad = runner.invoke(main, ["drafts", "publish", str(vid), "--opens", "1 Juli 2026"])
    assert bad.exit_code != 0
    assert "YYYY-MM-DD HH:MM" in bad.stderr
    assert bad.stdout == ""
    half = runner.invoke(main, ["drafts", "publish", str(vid), "--opens", "2026-07-01 08:00"])
    assert half.exit_code != 0
    assert "--closes" in half.stderr
    backwards = runner.invoke(
        main, ["drafts", "publish", str(vid), "--opens", "2026-07-02 08:00", "--closes", "2026-07-01 08:00"]
    )
    assert backwards.exit_code != 0
    assert "sesudah waktu pembukaan" in backwards.stderr
    assert not _version(session, vid).published  # nothing kept from a refused command


def test_publish_refused_with_errors(runner, session, drafter, tmp_path):
    vid = _import(runner, _write(tmp_path, "kosong.txt", NO_PASAL))["version_id"]
    assert _version(session, vid).errors
    result = runner.invoke(main, ["drafts", "publish", str(vid), "--accept-warnings"])
    assert result.exit_code != 0
    assert "belum dapat diterbitkan" in result.stderr
    assert "KESALAHAN" in result.stderr
    assert not _version(session, vid).published


def test_publish_refused_with_warnings_until_accepted(runner, session, drafter, tmp_path):
    vid = _import(runner, _write(tmp_path, "gap.txt", GAP))["version_id"]
    [warning] = _version(session, vid).warnings
    result = runner.invoke(main, ["drafts", "publish", str(vid)])
    assert result.exit_code != 0
    assert warning["message"] in result.stderr
    assert "baris 5" in result.stderr
    assert "--accept-warnings" in result.stderr
    assert "peringatan" in result.stderr
    assert not _version(session, vid).published
    result = _ok(runner, "drafts", "publish", vid, "--accept-warnings")
    assert warning["message"] in result.stderr  # shown again to whoever accepts them
    version = _version(session, vid)
    assert version.published
    assert version.parse_report["acknowledged"]["by"] == drafter.id


def test_publish_refused_until_the_mapping_is_accepted(runner, session, drafter):
    first = _import(runner, V1)
    _ok(runner, "drafts", "publish", first["version_id"])
    vid2 = _import(runner, V2, "--draft", first["draft_id"])["version_id"]
    result = runner.invoke(main, ["drafts", "publish", str(vid2)])
    assert result.exit_code != 0
    assert "pemetaan" in result.stderr
    assert "--accept-mapping" in result.stderr
    version = _version(session, vid2)
    assert not version.published
    assert version.mapping_confirmed_at is None


# ------------------------------------------------------------------ comments list


def _rows(runner, vid) -> list[dict]:
    return json.loads(_ok(runner, "comments", "list", vid, "--json").stdout)


def test_comments_list_own_then_carried(runner, session, drafter, tmp_path):
    first = _import(runner, V1)
    vid1 = first["version_id"]
    csv = _write(
        tmp_path,
        "masukan.csv",
        CSV_HEADER
        + "pasal-1,support,Setuju dengan definisi.,RT 1,surat,s-1\n"
        + "pasal-20/ayat-2,amend,Mohon diperjelas.,RT 2,email,s-2\n"
        + "pasal-20/ayat-2/huruf-c,object,Keberatan atas huruf ini.,RT 3,rdpu,s-3\n"
        + "pasal-1,question,Apa maksudnya?,RT 4,surat,s-4\n",
    )
    _ok(runner, "comments", "import", vid1, csv)
    comments = {c.external_id: c for c in session.scalars(select(Comment))}
    moderator = make_user(session, Role.MODERATOR, email="moderator@contoh.id")
    # answered; hidden by a moderator (listed, as the public page keeps its place); held for
    # pre-moderation and a reply (neither listed)
    comment_services.answer(
        session,
        comments=[comments["s-1"]],
        actor=drafter,
        disposition="accepted",
        reason="Diterima, terima kasih atas masukannya.",
        now=utcnow(),
    )
    comment_moderation.set_visibility(
        session,
        comment=comments["s-4"],
        actor=moderator,
        hidden=True,
        reason="Di luar pokok bahasan.",
        now=utcnow(),
    )
    pasal_1 = services.get_unit(session, _version(session, vid1), "pasal-1")
    held = comment_services.add_comment(
        session,
        target=pasal_1.comment_target_id,
        author=None,
        author_name="Warga",
        body="Menunggu moderasi.",
        stance="support",
        now=utcnow(),
        held=True,
    )
    citizen = make_user(session, email="warga@contoh.id")
    comment_services.add_reply(
        session, parent=comments["s-2"], author=citizen, body="Setuju, perlu diperjelas.", now=utcnow()
    )
    session.commit()

    own = _rows(runner, vid1)
    ids = {c: comments[c].id for c in ("s-1", "s-2", "s-3", "s-4")}
    assert [r["external_id"] for r in own] == ["s-1", "s-4", "s-2", "s-3"]  # unit order, then id
    assert held.id not in {r["id"] for r in own}
    assert own[0] == {
        "id": ids["s-1"],
        "external_id": "s-1",
        "origin_version_id": vid1,
        "unit_key": "pasal-1",
        "status": "own",
        "answered": True,
    }
    assert {r["status"] for r in own} == {"own"}
    assert [r["answered"] for r in own] == [True, False, False, False]
    assert [r["unit_key"] for r in own] == [
        "pasal-1",
        "pasal-1",
        "pasal-20/ayat-2",
        "pasal-20/ayat-2/huruf-c",
    ]

    _ok(runner, "drafts", "publish", vid1)
    vid2 = _import(runner, V2, "--draft", first["draft_id"])["version_id"]
    # a removed clause needs the reason its commenters will read
    refused = runner.invoke(main, ["drafts", "publish", str(vid2), "--accept-mapping"])
    assert refused.exit_code != 0
    assert "--removal-reason" in refused.stderr
    assert _version(session, vid2).mapping_confirmed_at is None
    result = _ok(
        runner,
        "drafts",
        "publish",
        vid2,
        "--accept-mapping",
        "--removal-reason",
        "Digabung ke ketentuan lain.",
    )
    assert "Pemetaan dikonfirmasi" in result.stdout
    carried = _rows(runner, vid2)
    by_ext = {r["external_id"]: r for r in carried}
    assert set(by_ext) == {"s-1", "s-2", "s-3", "s-4"}
    assert {r["origin_version_id"] for r in carried} == {vid1}
    assert (by_ext["s-1"]["status"], by_ext["s-1"]["unit_key"]) == ("same", "pasal-1")
    assert by_ext["s-1"]["answered"]
    assert not by_ext["s-2"]["answered"]
    assert (by_ext["s-2"]["status"], by_ext["s-2"]["unit_key"]) == ("changed", "pasal-21/ayat-2")
    assert (by_ext["s-3"]["status"], by_ext["s-3"]["unit_key"]) == ("removed", None)
    # document order of the new version; the removed one, which has no place there, last
    assert [r["external_id"] for r in carried] == ["s-1", "s-4", "s-2", "s-3"]
    assert carried == queries.shown_comments(session, _version(session, vid2))
    # a comment made on version 2 itself is its own
    unit = session.scalar(select(DraftUnit).where(DraftUnit.version_id == vid2, DraftUnit.key == "pasal-1"))
    made = comment_services.add_comment(
        session,
        target=unit.comment_target_id,
        author=None,
        author_name="Warga",
        body="Untuk versi dua.",
        stance="support",
        now=utcnow(),
    )
    session.commit()
    rows = _rows(runner, vid2)
    assert rows[:3] == [
        by_ext["s-1"],
        by_ext["s-4"],
        {
            "id": made.id,
            "external_id": None,
            "origin_version_id": vid2,
            "unit_key": "pasal-1",
            "status": "own",
            "answered": False,
        },
    ]
    # the plain listing, for people
    plain = _ok(runner, "comments", "list", vid2).stdout.splitlines()
    assert len(plain) == 5
    assert "removed" in plain[-1]
    assert "s-3" in plain[-1]


def test_comments_list_unknown_version(runner, drafter):
    result = runner.invoke(main, ["comments", "list", "999", "--json"])
    assert result.exit_code != 0
    assert "tidak ditemukan" in result.stderr
    assert result.stdout == ""
