"""Issue 16 on the command line: ``drafts finalize`` refuses with exit code 3 and the list of
unanswered comments on stderr (and takes a ketua tim penyusun's reasons from a CSV), ``drafts
enact`` imports the enacted text and prints its outcome, ``drafts promulgate``."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from participation.accounts.models import Role
from participation.cli import main
from participation.comments.models import Disposition
from participation.core.clock import utcnow
from participation.drafts import lifecycle
from participation.drafts.models import Draft, DraftVersion, Stage, UnansweredExemption
from tests.drafts.lifecycle_helpers import PASAL_12_2, V1, answer, close, comment, text_with
from tests.factories import make_user

OLD_12_2 = "rumah sakit, sekolah dan pos pemadam kebakaran sehingga menghalangi"
NEW_12_2 = "rumah sakit, sekolah, tempat ibadah dan pos pemadam kebakaran sehingga menghalangi"
ENACTED = text_with(V1, OLD_12_2, NEW_12_2)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def closed(session, published, drafter, citizen, citizen2):
    v = published
    c_accept = comment(session, v, citizen, PASAL_12_2, "Tambahkan tempat ibadah.")
    c_open = comment(session, v, citizen2, "pasal-4", "Apa maksud pasal ini sebenarnya?", "question")
    answer(session, v, drafter, [c_accept], Disposition.ACCEPTED)
    close(session, v, drafter)
    session.commit()
    return v, c_accept, c_open


def _run(runner, *args):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


def _today() -> str:
    return lifecycle.today_wita(utcnow()).isoformat()


def _draft(session, draft_id: int) -> Draft:
    session.expire_all()
    return session.get(Draft, draft_id)


def test_finalize_refuses_with_exit_code_3_and_the_list(runner, session, closed):
    v, c_accept, c_open = closed
    result = _run(runner, "drafts", "finalize", v.id)
    assert result.exit_code == 3
    assert "1 masukan belum ditanggapi" in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("#")]
    assert lines == [f"#{c_open.id}\tPasal 4\tApa maksud pasal ini sebenarnya?"]
    assert result.stdout == ""
    assert _draft(session, v.draft_id).stage == Stage.UJI_PUBLIK


def test_finalize_succeeds_once_answered(runner, session, closed, drafter):
    v, _a, c_open = closed
    answer(session, v, drafter, [c_open], Disposition.EXPLAINED, "Pasal ini mengatur izin.")
    session.commit()
    result = _run(runner, "drafts", "finalize", v.id, "--date", _today(), "--note", "Surat 7.")
    assert result.exit_code == 0, result.stderr
    assert "naskah akhir" in result.stdout
    assert "pembahasan di DPRD" in result.stdout
    draft = _draft(session, v.draft_id)
    assert draft.stage == Stage.PEMBAHASAN
    assert draft.final_version_id == v.id


def test_reasons_only_count_for_a_ketua_tim_penyusun(runner, session, closed, tmp_path):
    v, _a, c_open = closed
    reasons = tmp_path / "alasan.csv"
    reasons.write_text(
        f"comment_id,reason\n{c_open.id},Dijawab langsung dalam rapat dengar pendapat umum.\n",
        encoding="utf-8",
    )
    # the first tim penyusun account has no DRAFT_LEAD: refused, nothing stored
    result = _run(runner, "drafts", "finalize", v.id, "--reasons", reasons)
    assert result.exit_code == 1
    assert "Hanya ketua tim penyusun" in result.stderr
    assert "--as" in result.stderr
    make_user(session, Role.DRAFTER, Role.DRAFT_LEAD, email="ketua@contoh.id")
    result = _run(runner, "drafts", "finalize", v.id, "--reasons", reasons, "--as", "warga@contoh.id")
    assert result.exit_code == 1
    assert "bukan anggota tim penyusun" in result.stderr
    assert not session.scalars(select(UnansweredExemption)).all()
    result = _run(runner, "drafts", "finalize", v.id, "--reasons", reasons, "--as", "ketua@contoh.id")
    assert result.exit_code == 0, result.stderr
    assert "1 masukan tidak ditanggapi" in result.stdout
    kept = session.scalars(select(UnansweredExemption)).all()
    assert [(e.comment_id, e.reason) for e in kept] == [
        (c_open.id, "Dijawab langsung dalam rapat dengar pendapat umum.")
    ]


def test_enact_and_promulgate(runner, session, closed, drafter, tmp_path):
    v, _a, c_open = closed
    answer(session, v, drafter, [c_open], Disposition.EXPLAINED, "Dijelaskan.")
    session.commit()
    assert _run(runner, "drafts", "finalize", v.id).exit_code == 0
    text = tmp_path / "perda.txt"
    text.write_text(ENACTED, encoding="utf-8")
    # a bad date is refused before anything is read into the database
    result = _run(runner, "drafts", "enact", v.draft_id, text, "--number", "5", "--date", "7-12-2026")
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.stderr
    result = _run(
        runner, "drafts", "enact", v.draft_id, text, "--number", "5 Tahun 2026", "--date", _today(), "--json"
    )
    assert result.exit_code == 0, result.stderr
    done = json.loads(result.stdout)
    enacted = session.get(DraftVersion, done["version_id"])
    assert enacted.number == 2
    assert enacted.draft_id == v.draft_id
    assert (done["comments"], done["accepted"], done["changed_the_law"]) == (2, 1, 1)
    assert done["pasal_changed"] == ["Pasal 12"]
    draft = _draft(session, v.draft_id)
    assert draft.stage == Stage.DITETAPKAN
    assert draft.perda_number == "5 Tahun 2026"
    # enacting twice is refused
    again = _run(runner, "drafts", "enact", v.draft_id, text, "--number", "6", "--date", _today())
    assert again.exit_code == 1
    assert "Penetapan dicatat setelah naskah akhir" in again.stderr
    result = _run(runner, "drafts", "promulgate", v.draft_id, "--number", "12", "--date", _today())
    assert result.exit_code == 0, result.stderr
    assert "Lembaran Daerah Nomor 12" in result.stdout
    assert _draft(session, v.draft_id).stage == Stage.DIUNDANGKAN


def test_enact_prints_the_version_id_and_the_outcome(runner, session, closed, drafter, tmp_path):
    v, _a, c_open = closed
    answer(session, v, drafter, [c_open], Disposition.EXPLAINED, "Dijelaskan.")
    session.commit()
    assert _run(runner, "drafts", "finalize", v.id).exit_code == 0
    text = tmp_path / "perda.txt"
    text.write_text(ENACTED, encoding="utf-8")
    result = _run(runner, "drafts", "enact", v.draft_id, text, "--number", "5", "--date", _today())
    assert result.exit_code == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert int(first) == _draft(session, v.draft_id).enacted_version_id
    assert second == "1 masukan diterima, 1 mengubah perda (Pasal 12)."
