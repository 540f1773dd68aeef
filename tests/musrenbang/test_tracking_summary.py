"""The musrenbang summary's funnel from usulan to realisation (issue 17 point 5): counts against
the data, per kelurahan and per OPD, with a server-drawn chart."""

from __future__ import annotations

from sqlalchemy import select

from participation.musrenbang.models import Opd
from participation.musrenbang.tracking import queries, rules, services
from participation.musrenbang.workflow import Action
from tests.musrenbang.conftest import KEL, KEL_OTHER

ACCEPT = (Action.SUBMIT, Action.VERIFY, Action.ACCEPT)


def _record(session, usulan, now, **values):
    today = services.today_wita(now)
    data = rules.parse_update(
        session,
        {"happened_on": today, **values},
        previous=queries.latest_updates(session, [usulan.id]).get(usulan.id),
        today=today,
    )
    services.record_update(session, usulan=usulan, data=data, actor=None, now=now)
    session.commit()


def _setup(session, new_usulan, now):
    opds = list(session.scalars(select(Opd).order_by(Opd.id).limit(2)))
    a = new_usulan(actions=ACCEPT, title="A")
    b = new_usulan(actions=ACCEPT, title="B")
    c = new_usulan(KEL_OTHER, actions=ACCEPT, title="C")
    d = new_usulan(KEL_OTHER, actions=ACCEPT, title="D")
    new_usulan(actions=ACCEPT, title="E")  # accepted, nothing recorded
    new_usulan(actions=(Action.SUBMIT,), title="F")
    new_usulan(KEL_OTHER, actions=(Action.SUBMIT, Action.REJECT), title="G")
    new_usulan(title="draf, not counted")
    _record(session, a, now, stage="direncanakan", opd_id=str(opds[0].id), pagu_rkpd="100")
    _record(session, a, now, stage="dilaksanakan", progress="50")
    _record(session, b, now, stage="selesai", opd_id=str(opds[0].id), pagu_rkpd="200")
    _record(session, c, now, stage="dianggarkan", opd_id=str(opds[1].id), pagu_rkpd="300")
    _record(session, d, now, stage="batal", note="Lahan tidak tersedia untuk pembangunan.")
    return opds


def test_funnel_counts_against_data(session, people, cycle, new_usulan, now):
    opds = _setup(session, new_usulan, now)
    funnel = queries.realisation_funnel(session, cycle)
    assert [(s["key"], s["count"]) for s in funnel["steps"]] == [
        ("diajukan", 7),
        ("diakomodir", 5),
        ("direncanakan", 3),
        ("dianggarkan", 3),
        ("dilaksanakan", 2),
        ("selesai", 1),
    ]
    assert funnel["total"]["batal"] == 1
    assert funnel["total"]["pagu_rkpd"] == 600
    kel = {r["code"]: r for r in funnel["by_kelurahan"]}
    assert (kel[KEL]["diajukan"], kel[KEL]["diakomodir"], kel[KEL]["dilaksanakan"], kel[KEL]["selesai"]) == (
        4,
        3,
        2,
        1,
    )
    assert (
        kel[KEL_OTHER]["diajukan"],
        kel[KEL_OTHER]["diakomodir"],
        kel[KEL_OTHER]["dianggarkan"],
        kel[KEL_OTHER]["dilaksanakan"],
        kel[KEL_OTHER]["batal"],
    ) == (3, 2, 1, 0, 1)
    opd = {r["name"]: r for r in funnel["by_opd"]}
    assert (opd[opds[0].name]["diakomodir"], opd[opds[0].name]["selesai"]) == (2, 1)
    assert (opd[opds[1].name]["dianggarkan"], opd[opds[1].name]["dilaksanakan"]) == (1, 0)
    # without a recorded OPD, the usulan's OPD tujuan stands in
    assert opd["Dinas Pekerjaan Umum"]["diakomodir"] == 2
    # the kecamatan scope keeps only its kelurahan
    scoped = queries.realisation_funnel(session, cycle, KEL[:8])
    assert scoped["steps"][0]["count"] == 4


def test_summary_page_shows_funnel_and_chart(client, session, people, cycle, new_usulan, now):
    _setup(session, new_usulan, now)
    html = client.get(f"/ringkasan/musrenbang/{cycle.year}").get_data(as_text=True)
    assert "Dari usulan sampai realisasi" in html
    section = html[html.index('id="realisasi"') :]
    assert "<svg" in section
    assert 'id="realisasi-kel"' in section
    assert 'id="realisasi-opd"' in section
    assert "Selesai dibangun" in section


def test_demo_follows_accepted_usulan_past_diakomodir(app, client, session, regions):
    from participation.core.clock import utcnow
    from participation.demo import load_demo_accounts
    from participation.musrenbang import demo
    from participation.musrenbang.tracking.models import UsulanUpdate

    load_demo_accounts(session)
    session.commit()
    with app.app_context():
        report = demo.demo_step(session, now=utcnow())
    session.commit()
    assert "kabar pelaksanaan" in report
    updates = list(session.scalars(select(UsulanUpdate).order_by(UsulanUpdate.id)))
    assert {u.stage for u in updates} == {"direncanakan", "dianggarkan", "dilaksanakan", "selesai", "batal"}
    page = client.get(f"/musrenbang/usulan/{updates[0].usulan_id}").get_data(as_text=True)
    assert "kapan dibangun?" in page
    assert "<progress" in page
