"""Verifier ranking within scope (#5 §3): kecamatan verifiers set rank_kecamatan for their own
kecamatan, city verifiers rank_kota; all or nothing, with history and audit; a verifier bound to
several kecamatan sees all of them; berita acara of a kecamatan forum links that kecamatan's
usulan."""

import io

import pytest
from sqlalchemy import select

from participation.accounts import services as account_services
from participation.accounts.models import Role
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.core.errors import PermissionDenied, ValidationError
from participation.musrenbang import policies, services
from participation.musrenbang.models import BeritaAcara, Usulan, UsulanEvent
from participation.musrenbang.workflow import Action, Tier
from tests.helpers import DEMO_PASSWORD_FOR_TESTS as PW
from tests.musrenbang.conftest import KEC, KEC_OTHER, KEL, KEL_OTHER, KEL_SAME_KEC, open_cycle

SUBMIT = (Action.SUBMIT,)


def test_rank_policies_both_ways(people, new_usulan):
    mine, other = new_usulan(actions=SUBMIT), new_usulan(KEL_OTHER, actions=SUBMIT)
    assert policies.rank_level(people.verifier) == "kecamatan"
    assert policies.rank_level(people.city_verifier) == "kota"
    assert policies.rank_level(people.admin) == "kota"
    assert policies.rank_level(people.coordinator) is None
    assert policies.rank_level(None) is None
    assert policies.can_rank(people.verifier, mine, "kecamatan")
    assert not policies.can_rank(people.verifier, other, "kecamatan")
    assert not policies.can_rank(people.verifier, mine, "kota")
    assert policies.can_rank(people.city_verifier, other, "kota")
    assert not policies.can_rank(people.city_verifier, other, "kecamatan")
    assert not policies.can_rank(people.coordinator, mine, "kecamatan")
    assert not policies.can_rank(None, mine, "kota")


def test_rank_service_all_or_nothing(session, cycle, people, new_usulan, now):
    a, b = new_usulan(actions=SUBMIT, title="A"), new_usulan(KEL_SAME_KEC, actions=SUBMIT, title="B")
    other = new_usulan(KEL_OTHER, actions=SUBMIT, title="C")
    draft = new_usulan(title="D")
    n = services.rank_usulan(
        session, cycle=cycle, ranks={a.id: 2, b.id: 1}, level=Tier.KECAMATAN, actor=people.verifier, now=now
    )
    assert n == 2
    assert (a.rank_kecamatan, b.rank_kecamatan) == (2, 1)
    event = session.scalars(
        select(UsulanEvent).where(UsulanEvent.usulan_id == a.id, UsulanEvent.action == "rank")
    ).one()
    assert "Peringkat kecamatan menjadi 2" in event.reason
    assert (
        session.scalar(
            select(AuditEvent.id).where(
                AuditEvent.action == "musrenbang.usulan.rank_kecamatan", AuditEvent.target_id == str(a.id)
            )
        )
        is not None
    )
    refused = [
        ({a.id: 1}, ValidationError, "dipakai dua kali"),  # b already holds 1
        ({a.id: 3, other.id: 1}, PermissionDenied, "di luar wilayah"),
        ({draft.id: 4}, ValidationError, "tidak lagi dalam antrean"),
        ({a.id: 0}, ValidationError, "1–9999"),
        ({999_999: 1}, ValidationError, "tidak ada"),
    ]
    for ranks, error, text in refused:
        with pytest.raises(error) as exc:
            services.rank_usulan(
                session, cycle=cycle, ranks=ranks, level=Tier.KECAMATAN, actor=people.verifier, now=now
            )
        assert text in exc.value.message
    assert a.rank_kecamatan == 2  # nothing of a refused batch was applied
    # swapping within one save is fine; clearing sets None
    services.rank_usulan(
        session,
        cycle=cycle,
        ranks={a.id: 1, b.id: None},
        level=Tier.KECAMATAN,
        actor=people.verifier,
        now=now,
    )
    assert (a.rank_kecamatan, b.rank_kecamatan) == (1, None)
    with pytest.raises(PermissionDenied):
        services.rank_usulan(
            session, cycle=cycle, ranks={a.id: 1}, level=Tier.KOTA, actor=people.verifier, now=now
        )
    # the kota stage of this cycle is not open yet: city ranks are locked
    with pytest.raises(ValidationError) as exc:
        services.rank_usulan(
            session, cycle=cycle, ranks={other.id: 1}, level=Tier.KOTA, actor=people.city_verifier, now=now
        )
    assert "tidak sedang dibuka" in exc.value.message


def test_queue_rank_ui_and_sort(client, session, people, new_usulan):
    a = new_usulan(actions=SUBMIT, title="Drainase Alpha")
    b = new_usulan(KEL_SAME_KEC, actions=SUBMIT, title="Jalan Beta")
    other = new_usulan(KEL_OTHER, actions=SUBMIT, title="Lampu Gamma")
    client.login("ver@contoh.id", PW)
    html = client.get("/musrenbang/verifikasi").get_data(as_text=True)
    assert f'name="peringkat-{a.id}"' in html
    assert "Simpan peringkat" in html
    assert 'formaction="/musrenbang/verifikasi/peringkat"' in html
    r = client.submit(
        "/musrenbang/verifikasi/peringkat",
        {f"peringkat-{a.id}": "2", f"peringkat-{b.id}": "1"},
        page="/musrenbang/verifikasi",
    )
    assert r.status_code == 302
    session.expire_all()
    assert (session.get(Usulan, a.id).rank_kecamatan, session.get(Usulan, b.id).rank_kecamatan) == (2, 1)
    html = client.get("/musrenbang/verifikasi?urut=peringkat").get_data(as_text=True)
    assert html.index("Jalan Beta") < html.index("Drainase Alpha")
    # out of scope: refused, nothing saved
    r = client.submit(
        "/musrenbang/verifikasi/peringkat",
        {f"peringkat-{a.id}": "5", f"peringkat-{other.id}": "1"},
        page="/musrenbang/verifikasi",
    )
    session.expire_all()
    assert session.get(Usulan, a.id).rank_kecamatan == 2
    assert session.get(Usulan, other.id).rank_kecamatan is None
    assert "di luar wilayah" in client.get("/musrenbang/verifikasi").get_data(as_text=True)
    r = client.submit(
        "/musrenbang/verifikasi/peringkat", {f"peringkat-{a.id}": "satu"}, page="/musrenbang/verifikasi"
    )
    assert r.status_code == 302
    assert "bilangan bulat" in client.get("/musrenbang/verifikasi").get_data(as_text=True)
    assert (
        client.submit(
            "/musrenbang/verifikasi/peringkat", {"peringkat-x": "1"}, page="/musrenbang/verifikasi"
        ).status_code
        == 400
    )
    client.submit("/keluar", {})
    client.login("koor@contoh.id", PW)
    assert (
        client.submit(
            "/musrenbang/verifikasi/peringkat", {f"peringkat-{a.id}": "1"}, page="/musrenbang/usulan"
        ).status_code
        == 403
    )


def test_city_verifier_ranks_kota_when_open(client, session, regions, people, now):
    cycle = open_cycle(session, now=now, year=2027, kota_open=True)
    u = services.create_usulan(
        session, cycle=cycle, kelurahan_code=KEL_OTHER, data=_input(), actor=None, now=now
    )
    services.apply_action(
        session, usulan=u, action=Action.SUBMIT, reason="Alasan cukup panjang.", actor=None, now=now
    )
    session.commit()
    client.login("bappeda@contoh.id", PW)
    html = client.get("/musrenbang/verifikasi").get_data(as_text=True)
    assert f'name="peringkat-{u.id}"' in html
    r = client.submit(
        "/musrenbang/verifikasi/peringkat", {f"peringkat-{u.id}": "7"}, page="/musrenbang/verifikasi"
    )
    assert r.status_code == 302
    session.expire_all()
    assert session.get(Usulan, u.id).rank_kota == 7
    assert session.get(Usulan, u.id).rank_kecamatan is None


def _input():
    from tests.musrenbang.conftest import usulan_input

    return usulan_input("Perbaikan jembatan kayu")


def test_verifier_of_two_kecamatan_sees_both(client, session, people, new_usulan):
    account_services.create_user(
        session,
        email="ver-dua@contoh.id",
        name="Verifikator Dua",
        password=PW,
        now=utcnow(),
        roles=[(Role.VERIFIER, None, KEC), (Role.VERIFIER, None, KEC_OTHER)],
    )
    session.commit()
    new_usulan(actions=SUBMIT, title="Drainase Utara")
    new_usulan(KEL_OTHER, actions=SUBMIT, title="Lampu Timur")
    client.login("ver-dua@contoh.id", PW)
    html = client.get("/musrenbang/verifikasi").get_data(as_text=True)
    assert "Drainase Utara" in html
    assert "Lampu Timur" in html
    client.submit("/keluar", {})
    client.login("ver@contoh.id", PW)
    html = client.get("/musrenbang/verifikasi").get_data(as_text=True)
    assert "Drainase Utara" in html
    assert "Lampu Timur" not in html


def test_berita_acara_kecamatan_forum_lists_its_usulan(client, session, people, new_usulan):
    mine = new_usulan(actions=SUBMIT, title="Drainase Utara")
    sibling = new_usulan(KEL_SAME_KEC, actions=SUBMIT, title="Jalan Utara")
    new_usulan(title="Draf belum diajukan")
    new_usulan(KEL_OTHER, actions=SUBMIT, title="Lampu Timur")
    client.login("ver@contoh.id", PW)
    html = client.get("/musrenbang/berita-acara").get_data(as_text=True)
    # the verifier records only the forum of their kecamatan: its usulan are listed at once
    assert "Drainase Utara" in html
    assert "Jalan Utara" in html
    assert "Lampu Timur" not in html
    assert "Draf belum diajukan" not in html
    r = client.submit(
        "/musrenbang/berita-acara",
        {
            "region": f"kec:{KEC}",
            "forum_date": "2026-01-20",
            "attendance": "120",
            "usulan_ids": [str(mine.id), str(sibling.id)],
            "minutes": (io.BytesIO(b"%PDF-1.4\n%%EOF"), "ba-kec.pdf"),
        },
        page="/musrenbang/berita-acara",
        content_type="multipart/form-data",
    )
    assert r.status_code == 302
    ba = session.scalars(select(BeritaAcara)).one()
    assert ba.kecamatan_code == KEC
    assert {u.id for u in ba.usulan_list} == {mine.id, sibling.id}


def test_berita_acara_forum_chooser_for_admin(client, session, people, new_usulan):
    new_usulan(KEL_OTHER, actions=SUBMIT, title="Lampu Timur")
    client.login("admin@contoh.id", PW)
    html = client.get("/musrenbang/berita-acara").get_data(as_text=True)
    assert "Tampilkan usulan forum ini" in html
    assert "Lampu Timur" not in html
    html = client.get(f"/musrenbang/berita-acara?forum=kec:{KEC_OTHER}").get_data(as_text=True)
    assert "Lampu Timur" in html
    assert f'value="kec:{KEC_OTHER}" selected' in html
    html = client.get(f"/musrenbang/berita-acara?forum=kel:{KEL}").get_data(as_text=True)
    assert "Lampu Timur" not in html
