"""Tracking after diakomodir (issue 17 point 5): who may record (both ways), append-only
history whose latest update is the current state, the form's rules, the public trail on the
usulan's page and the tracker, photos, audit, and the list's constant statement count."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from sqlalchemy import func, select

from participation.core.audit import AuditEvent
from participation.core.errors import PermissionDenied, ValidationError
from participation.musrenbang.models import Opd
from participation.musrenbang.tracking import policies, queries, rules, services
from participation.musrenbang.tracking.models import (
    HistoryIsAppendOnly,
    TrackingStage,
    UsulanUpdate,
    UsulanUpdatePhoto,
)
from participation.musrenbang.workflow import Action
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import KEL, KEL_OTHER

ACCEPT = (Action.SUBMIT, Action.VERIFY, Action.ACCEPT)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _today(now: dt.datetime) -> dt.date:
    return services.today_wita(now)


def _record(session, usulan, actor, now, **values):
    data = rules.parse_update(
        session,
        {"happened_on": _today(now).isoformat(), **values},
        previous=queries.latest_updates(session, [usulan.id]).get(usulan.id),
        today=_today(now),
    )
    update = services.record_update(session, usulan=usulan, data=data, actor=actor, now=now)
    session.commit()
    return update


def test_policy_who_may_record_both_ways(people, new_usulan):
    accepted = new_usulan(actions=ACCEPT)
    verified = new_usulan(actions=(Action.SUBMIT, Action.VERIFY), title="Masih diverifikasi")
    for allowed in (people.city_verifier, people.admin):
        assert policies.can_record_progress(allowed)
        assert policies.can_record_on(allowed, accepted)
        assert not policies.can_record_on(allowed, verified)  # only what is diakomodir now
    for refused in (
        people.verifier,
        people.other_verifier,
        people.coordinator,
        people.citizen,
        people.dprd,
        people.drafter,
        None,
    ):
        assert not policies.can_record_progress(refused)
        assert not policies.can_record_on(refused, accepted)
    assert policies.can_read_progress(None, accepted)


def test_service_refuses_outsiders_and_unaccepted(session, people, new_usulan, now):
    accepted = new_usulan(actions=ACCEPT)
    data = rules.parse_update(
        session, {"stage": "direncanakan", "happened_on": _today(now)}, previous=None, today=_today(now)
    )
    with pytest.raises(PermissionDenied):
        services.record_update(session, usulan=accepted, data=data, actor=people.verifier, now=now)
    session.rollback()
    verified = new_usulan(actions=(Action.SUBMIT, Action.VERIFY), title="Belum diputus")
    with pytest.raises(ValidationError, match="diakomodir"):
        services.record_update(session, usulan=verified, data=data, actor=people.city_verifier, now=now)
    session.rollback()
    assert session.scalar(select(func.count(UsulanUpdate.id))) == 0


def test_history_is_append_only_and_latest_is_current(session, people, new_usulan, now):
    usulan = new_usulan(actions=ACCEPT)
    opd = session.scalar(select(Opd).order_by(Opd.id))
    first = _record(
        session,
        usulan,
        people.city_verifier,
        now,
        stage="direncanakan",
        program_code="1.03.10",
        kegiatan_code="1.03.10.2.01",
        pagu_rkpd="Rp 150.000.000,-",
        opd_id=str(opd.id),
        apbd_status="belum",
    )
    second = _record(
        session,
        usulan,
        people.admin,
        now,
        stage="dilaksanakan",
        progress="40%",
        note="Pengecoran tahap pertama.",
    )
    # blank fields carried forward: the program, OPD and pagu recorded before stay
    assert (second.program_code, second.kegiatan_code, second.pagu_rkpd, second.opd_id) == (
        "1.03.10",
        "1.03.10.2.01",
        150_000_000,
        opd.id,
    )
    assert queries.latest_updates(session, [usulan.id])[usulan.id].id == second.id
    assert [u.id for u in queries.history(session, usulan.id)] == [first.id, second.id]
    # an old update can be neither changed nor deleted
    first.progress = 90
    with pytest.raises(HistoryIsAppendOnly):
        session.flush()
    session.rollback()
    session.delete(session.get(UsulanUpdate, first.id))
    with pytest.raises(HistoryIsAppendOnly):
        session.flush()
    session.rollback()
    assert session.get(UsulanUpdate, first.id).progress == 0
    events = list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == "musrenbang.usulan.progress")
            .order_by(AuditEvent.id)
        )
    )
    assert [(e.actor_id, e.after["stage"], e.target_id) for e in events] == [
        (people.city_verifier.id, "direncanakan", str(usulan.id)),
        (people.admin.id, "dilaksanakan", str(usulan.id)),
    ]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"stage": "dibongkar"}, "stage"),
        ({"stage": ""}, "stage"),
        ({"stage": "dilaksanakan", "progress": "120"}, "progress"),
        ({"stage": "dilaksanakan", "progress": "4,5"}, "progress"),
        ({"stage": "selesai", "progress": "80"}, "progress"),
        ({"stage": "batal", "note": "dana"}, "note"),
        ({"stage": "direncanakan", "program_code": "jalan"}, "program_code"),
        (
            {"stage": "direncanakan", "program_code": "1.03.10", "kegiatan_code": "2.01.02.1.01"},
            "kegiatan_code",
        ),
        ({"stage": "direncanakan", "pagu_rkpd": "150.000.000,50"}, "pagu_rkpd"),
        ({"stage": "direncanakan", "pagu_rkpd": "-5"}, "pagu_rkpd"),
        ({"stage": "dianggarkan", "apbd_status": "mungkin"}, "apbd_status"),
        ({"stage": "direncanakan", "opd_id": "999999"}, "opd_id"),
        ({"stage": "direncanakan", "happened_on": "31-02-2027"}, "happened_on"),
        ({"stage": "direncanakan", "happened_on": "2999-01-01"}, "happened_on"),
    ],
)
def test_form_rules(session, cycle, now, values, field):
    data = {"happened_on": _today(now).isoformat(), **values}
    with pytest.raises(rules.UpdateInvalid) as info:
        rules.parse_update(session, data, previous=None, today=_today(now))
    assert field in info.value.errors


def test_selesai_is_100_and_labels_are_accepted(session, cycle, now):
    done = rules.parse_update(
        session, {"stage": "Selesai", "happened_on": "01/02/2026"}, previous=None, today=dt.date(2026, 12, 1)
    )
    assert (done.stage, done.progress, done.happened_on) == (TrackingStage.SELESAI, 100, dt.date(2026, 2, 1))
    budgeted = rules.parse_update(
        session,
        {"stage": "dianggarkan (APBD)", "apbd_status": "APBD-P", "happened_on": "2026-02-01"},
        previous=None,
        today=dt.date(2026, 12, 1),
    )
    assert budgeted.stage == TrackingStage.DIANGGARKAN
    assert budgeted.apbd_status.value == "apbd_perubahan"


def _login(client, user):
    assert client.login(user.email, PW).status_code in (200, 302)


def test_web_form_records_and_public_sees_trail(client, session, people, new_usulan, now):
    usulan = new_usulan(actions=ACCEPT)
    url = f"/musrenbang/usulan/{usulan.id}/pelaksanaan"
    # visitors and other staff are refused
    assert client.get(url).status_code in (302, 401)
    _login(client, people.verifier)
    assert client.get(url).status_code == 403
    response = client.submit(
        url,
        {"stage": "selesai", "happened_on": _today(now).isoformat()},
        page=f"/musrenbang/usulan/{usulan.id}",
    )
    assert response.status_code == 403
    client.post("/keluar", data={"csrf_token": client.csrf_token("/")})
    _login(client, people.city_verifier)
    # bad input: 422, the message, what was typed kept, nothing written
    response = client.submit(
        url,
        {
            "stage": "dilaksanakan",
            "progress": "150",
            "happened_on": _today(now).isoformat(),
            "note": "Catatan saya",
        },
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "0–100" in html
    assert "Catatan saya" in html
    assert session.scalar(select(func.count(UsulanUpdate.id))) == 0
    response = client.post(
        url,
        data={
            "csrf_token": client.csrf_token(url),
            "stage": "dilaksanakan",
            "progress": "45",
            "happened_on": _today(now).isoformat(),
            "pagu_rkpd": "90.000.000",
            "note": "Pekerjaan drainase berjalan.",
            "foto": (io.BytesIO(PNG), "kerja.png"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    photo = session.scalar(select(UsulanUpdatePhoto))
    assert photo is not None
    client.post("/keluar", data={"csrf_token": client.csrf_token("/")})
    # a visitor sees the answer to "kapan dibangun?" on the usulan's page and on the tracker
    page = client.get(f"/musrenbang/usulan/{usulan.id}").get_data(as_text=True)
    assert "kapan dibangun" in page.lower()
    assert re.search(r'<progress max="100" value="45"', page)
    assert "Pekerjaan drainase berjalan." in page
    assert "Rp 90.000.000" in page or "90.000.000" in page
    for step in ("diajukan kelurahan", "diverifikasi kecamatan", "Diakomodir", "Dilaksanakan", "Selesai"):
        assert step.lower() in page.lower()
    assert client.get(f"/musrenbang/pelaksanaan/foto/{photo.id}").status_code == 200
    tracker = client.get("/musrenbang/usulan").get_data(as_text=True)
    assert 'value="45"' in tracker


@pytest.mark.parametrize(
    ("lang", "shown"), [("id", "sejak 17 Agustus 2026"), ("en", "since August 17, 2026")]
)
def test_tracking_dates_are_written_in_the_readers_language(
    client, session, people, new_usulan, now, lang, shown
):
    usulan = new_usulan(actions=ACCEPT)
    _record(session, usulan, people.city_verifier, now, stage="direncanakan", happened_on="2026-08-17")
    assert client.submit("/bahasa", {"lang": lang, "next": "/"}).status_code == 302
    page = client.get(f"/musrenbang/usulan/{usulan.id}").get_data(as_text=True)
    assert shown in page
    assert "17-08-2026" not in page


def test_trail_dates_and_kota_skipped_for_kecamatan_decision(session, people, new_usulan, now):
    usulan = new_usulan(actions=ACCEPT)
    _record(session, usulan, people.city_verifier, now, stage="dilaksanakan", progress="10")
    session.refresh(usulan)
    steps = {s.key: s for s in queries.trail(usulan, usulan.events, queries.history(session, usulan.id))}
    assert steps["kelurahan"].reached
    assert steps["kecamatan"].reached
    assert steps["diakomodir"].reached
    assert not steps["kota"].reached  # decided at the kecamatan
    # a report straight to "dilaksanakan" reaches direncanakan and dianggarkan on its date
    for key in ("direncanakan", "dianggarkan", "dilaksanakan"):
        assert steps[key].reached
        assert steps[key].on == _today(now)
    assert not steps["selesai"].reached
    assert steps["dilaksanakan"].current


def test_batal_needs_why_and_shows_it(client, session, people, new_usulan, now):
    usulan = new_usulan(actions=ACCEPT)
    _record(
        session,
        usulan,
        people.admin,
        now,
        stage="batal",
        note="Lahan masih sengketa, dialihkan ke tahun berikutnya.",
    )
    page = client.get(f"/musrenbang/usulan/{usulan.id}").get_data(as_text=True)
    assert "Lahan masih sengketa" in page


def test_list_filters_and_constant_queries(client, session, people, new_usulan, now, count_queries):
    a = new_usulan(actions=ACCEPT, title="Drainase A")
    b = new_usulan(KEL_OTHER, actions=ACCEPT, title="Jalan B")
    new_usulan(actions=ACCEPT, title="Lampu C")
    opd = session.scalar(select(Opd).order_by(Opd.id))
    _record(session, a, people.city_verifier, now, stage="dilaksanakan", progress="30", opd_id=str(opd.id))
    _record(session, b, people.city_verifier, now, stage="selesai")
    _login(client, people.city_verifier)
    html = client.get("/musrenbang/pelaksanaan").get_data(as_text=True)
    assert all(t in html for t in ("Drainase A", "Jalan B", "Lampu C"))
    html = client.get("/musrenbang/pelaksanaan?tahap=selesai").get_data(as_text=True)
    assert "Jalan B" in html
    assert "Drainase A" not in html
    html = client.get("/musrenbang/pelaksanaan?tahap=belum").get_data(as_text=True)
    assert "Lampu C" in html
    assert "Jalan B" not in html
    html = client.get(f"/musrenbang/pelaksanaan?opd={opd.id}").get_data(as_text=True)
    assert "Drainase A" in html
    assert "Jalan B" not in html
    html = client.get(f"/musrenbang/pelaksanaan?kelurahan={KEL_OTHER}").get_data(as_text=True)
    assert "Jalan B" in html
    assert "Drainase A" not in html
    assert client.get("/musrenbang/pelaksanaan?tahap=x").status_code == 400
    assert client.get("/musrenbang/pelaksanaan?opd=1e9").status_code == 400

    def statements(url: str) -> int:
        client.get(url)
        with count_queries() as counter:
            assert client.get(url).status_code == 200
        return counter.count

    urls = ("/musrenbang/pelaksanaan", "/musrenbang/usulan", f"/musrenbang/usulan/{a.id}")
    small = {u: statements(u) for u in urls}
    for i in range(12):
        u = new_usulan(KEL if i % 2 else KEL_OTHER, actions=ACCEPT, title=f"Usulan tambahan {i}")
        _record(
            session, u, people.city_verifier, now, stage="dilaksanakan", progress=str(i), opd_id=str(opd.id)
        )
        _record(session, a, people.city_verifier, now, stage="dilaksanakan", progress=str(30 + i))
    assert {u: statements(u) for u in urls} == small


def test_refused_roles_over_http(client, people, new_usulan):
    usulan = new_usulan(actions=ACCEPT)
    for user in (people.coordinator, people.verifier, people.citizen):
        _login(client, user)
        for url in (
            "/musrenbang/pelaksanaan",
            "/musrenbang/pelaksanaan/impor",
            "/musrenbang/pelaksanaan/templat.csv",
            f"/musrenbang/usulan/{usulan.id}/pelaksanaan",
        ):
            assert client.get(url).status_code == 403, (user.email, url)
        client.post("/keluar", data={"csrf_token": client.csrf_token("/")})
    _login(client, people.admin)
    assert client.get(f"/musrenbang/usulan/{usulan.id}/pelaksanaan").status_code == 200
