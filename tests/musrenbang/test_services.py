"""Musrenbang use cases: cycles, stages and locking, usulan entry, ranking, transitions (single
and bulk), resident proposals, berita acara, photos, similar usulan, import."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from participation.core.audit import AuditEvent
from participation.core.errors import PermissionDenied, ValidationError
from participation.core.files import FileKind, load_file
from participation.musrenbang import services
from participation.musrenbang.models import ProposalOutcome, Sumber, Usulan, UsulanEvent
from participation.musrenbang.workflow import Action, Tier, TransitionRefused, UsulanStatus
from tests.musrenbang.conftest import KEL, KEL_OTHER, KEL_SAME_KEC, usulan_input

FIXTURES = Path(__file__).parent.parent / "fixtures" / "musrenbang"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n%%EOF\n"


def _audit(session, action: str) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_create_cycle_rules(session, regions, people, now):
    with pytest.raises(PermissionDenied):
        services.create_cycle(session, year=2026, rkpd_year=2027, name="", actor=people.verifier, now=now)
    cycle = services.create_cycle(
        session, year=2026, rkpd_year=None, name="", actor=people.city_verifier, now=now
    )
    assert (cycle.rkpd_year, cycle.name) == (2027, "Musrenbang 2026 (RKPD 2027)")
    with pytest.raises(ValidationError, match="sudah ada"):
        services.create_cycle(session, year=2026, rkpd_year=None, name="", actor=people.admin, now=now)
    with pytest.raises(ValidationError, match="RKPD tahun 2031"):
        services.create_cycle(session, year=2030, rkpd_year=2035, name="", actor=people.admin, now=now)
    assert _audit(session, "musrenbang.cycle.create")


def test_pagu_integer_rupiah_and_scope(session, cycle, people, now):
    pagu = services.set_pagu(
        session, cycle=cycle, amount=1_500_000_000, actor=people.admin, now=now, kelurahan_code=KEL
    )
    services.set_pagu(
        session, cycle=cycle, amount=2_000_000_000, actor=people.city_verifier, now=now, kelurahan_code=KEL
    )
    assert pagu.amount == 2_000_000_000
    with pytest.raises(PermissionDenied):
        services.set_pagu(
            session, cycle=cycle, amount=1, actor=people.coordinator, now=now, kelurahan_code=KEL
        )
    with pytest.raises(ValidationError):
        services.set_pagu(session, cycle=cycle, amount=-5, actor=people.admin, now=now, kelurahan_code=KEL)
    with pytest.raises(ValidationError):
        services.set_pagu(
            session,
            cycle=cycle,
            amount=5,
            actor=people.admin,
            now=now,
            kelurahan_code=KEL,
            kecamatan_code="64.71.03",
        )
    assert services.pagu_map(session, cycle.id) == {KEL: 2_000_000_000}


def test_coordinator_enters_own_kelurahan_only(session, cycle, people, now):
    usulan = services.create_usulan(
        session, cycle=cycle, kelurahan_code=KEL, data=usulan_input(), actor=people.coordinator, now=now
    )
    assert (usulan.status, usulan.sumber, usulan.prioritas) == ("draft", "koordinator", 1)
    for other in (KEL_OTHER, KEL_SAME_KEC):
        with pytest.raises(PermissionDenied):
            services.create_usulan(
                session,
                cycle=cycle,
                kelurahan_code=other,
                data=usulan_input(),
                actor=people.coordinator,
                now=now,
            )
    second = services.create_usulan(
        session,
        cycle=cycle,
        kelurahan_code=KEL,
        data=usulan_input("Drainase"),
        actor=people.coordinator,
        now=now,
    )
    assert second.prioritas == 2
    assert [e.action for e in usulan.events] == ["create"]


def test_form_validation_collects_indonesian_errors():
    with pytest.raises(services.UsulanInvalid) as info:
        services.parse_usulan_form(
            {
                "title": "x",
                "volume": "abc",
                "anggaran": "Rp 1.500,50",
                "rt": "tiga",
                "jenis": "XX",
                "latitude": "1",
            }
        )
    errors = info.value.errors
    assert set(errors) >= {
        "title",
        "permasalahan",
        "alamat",
        "volume",
        "satuan",
        "anggaran",
        "rt",
        "jenis",
        "longitude",  # latitude without longitude: the empty one is named
    }
    assert "Rupiah" in errors["anggaran"]
    ok = services.parse_usulan_form(
        {
            "title": "Semenisasi jalan",
            "permasalahan": "Jalan rusak parah sekali",
            "alamat": "Gg. Mawar",
            "volume": "2,5",
            "satuan": "km",
            "anggaran": "Rp 75.000.000",
            "rt": "RT 3",
            "jenis": "sarpras",
        }
    )
    assert (str(ok.volume), ok.anggaran, ok.rt, ok.jenis) == ("2.5", 75_000_000, "003", "SARPRAS")


def test_closed_stage_locks_entry_and_edits(session, cycle, people, new_usulan, now):
    usulan = new_usulan(actor=people.coordinator)
    later = now + dt.timedelta(days=11)  # kelurahan stage closed
    with pytest.raises(ValidationError, match="terkunci"):
        services.create_usulan(
            session, cycle=cycle, kelurahan_code=KEL, data=usulan_input(), actor=people.coordinator, now=later
        )
    with pytest.raises(ValidationError, match="terkunci"):
        services.update_usulan(
            session,
            usulan=usulan,
            data=usulan_input("Judul baru sekali"),
            actor=people.coordinator,
            now=later,
        )
    with pytest.raises(TransitionRefused) as info:
        services.apply_action(
            session, usulan=usulan, action=Action.SUBMIT, reason=None, actor=people.coordinator, now=later
        )
    assert info.value.code == "stage_closed"
    # an admin reopens with a reason, recorded in the audit log
    stage = cycle.stage(Tier.KELURAHAN)
    with pytest.raises(PermissionDenied):
        services.reopen_stage(
            session,
            stage=stage,
            closes_at=later + dt.timedelta(days=3),
            reason="Banyak RT belum hadir",
            actor=people.city_verifier,
            now=later,
        )
    with pytest.raises(ValidationError, match="Alasan"):
        services.reopen_stage(
            session,
            stage=stage,
            closes_at=later + dt.timedelta(days=3),
            reason="x",
            actor=people.admin,
            now=later,
        )
    services.reopen_stage(
        session,
        stage=stage,
        closes_at=later + dt.timedelta(days=3),
        reason="Banyak RT belum hadir karena banjir",
        actor=people.admin,
        now=later,
    )
    services.update_usulan(
        session, usulan=usulan, data=usulan_input("Judul baru sekali"), actor=people.coordinator, now=later
    )
    event = _audit(session, "musrenbang.stage.reopen")[0]
    assert event.reason == "Banyak RT belum hadir karena banjir"
    assert event.actor_id == people.admin.id


def test_set_stage_cannot_silently_reopen(session, cycle, people, now):
    later = now + dt.timedelta(days=11)
    with pytest.raises((PermissionDenied, ValidationError)):
        services.set_stage(
            session,
            cycle=cycle,
            tier=Tier.KELURAHAN,
            opens_at=now,
            closes_at=later + dt.timedelta(days=5),
            actor=people.city_verifier,
            now=later,
        )


def test_edit_records_before_after_and_only_drafts(session, people, new_usulan, now):
    usulan = new_usulan(actor=people.coordinator)
    services.update_usulan(
        session, usulan=usulan, data=usulan_input(anggaran=80_000_000), actor=people.coordinator, now=now
    )
    event = _audit(session, "musrenbang.usulan.edit")[0]
    assert event.before == {"anggaran": 75_000_000}
    assert event.after == {"anggaran": 80_000_000}
    with pytest.raises(PermissionDenied):
        services.update_usulan(
            session, usulan=usulan, data=usulan_input(), actor=people.other_coordinator, now=now
        )
    services.apply_action(
        session, usulan=usulan, action=Action.SUBMIT, reason=None, actor=people.coordinator, now=now
    )
    with pytest.raises(ValidationError, match="tidak dapat diubah"):
        services.update_usulan(session, usulan=usulan, data=usulan_input(), actor=people.coordinator, now=now)


def test_rank_moves_within_kelurahan(session, people, new_usulan, now):
    a, b, c = (new_usulan(title=t) for t in ("Drainase RT 1", "Lampu PJU RT 2", "Posyandu RT 3"))
    services.move_usulan(session, usulan=c, direction="up", actor=people.coordinator, now=now)
    assert (a.prioritas, b.prioritas, c.prioritas) == (1, 3, 2)
    services.move_usulan(session, usulan=a, direction="up", actor=people.coordinator, now=now)  # already top
    assert a.prioritas == 1
    with pytest.raises(PermissionDenied):
        services.move_usulan(session, usulan=a, direction="down", actor=people.other_coordinator, now=now)


def test_workflow_reasons_scope_and_history(session, people, new_usulan, now):
    usulan = new_usulan(actor=people.coordinator)
    services.apply_action(
        session, usulan=usulan, action=Action.SUBMIT, reason=None, actor=people.coordinator, now=now
    )
    with pytest.raises(TransitionRefused) as info:
        services.apply_action(
            session, usulan=usulan, action=Action.VERIFY, reason="oke", actor=people.verifier, now=now
        )
    assert info.value.code == "reason"
    with pytest.raises(TransitionRefused) as info:
        services.apply_action(
            session,
            usulan=usulan,
            action=Action.VERIFY,
            reason="Lokasi sudah ditinjau",
            actor=people.other_verifier,
            now=now,
        )
    assert info.value.code == "scope"
    with pytest.raises(TransitionRefused):
        services.apply_action(
            session,
            usulan=usulan,
            action=Action.VERIFY,
            reason="Lokasi sudah ditinjau",
            actor=people.coordinator,
            now=now,
        )
    services.apply_action(
        session,
        usulan=usulan,
        action=Action.VERIFY,
        reason="Lokasi sudah ditinjau",
        actor=people.verifier,
        now=now,
    )
    services.apply_action(
        session,
        usulan=usulan,
        action=Action.FORWARD,
        reason="Kewenangan dinas kota",
        actor=people.verifier,
        now=now,
    )
    with pytest.raises(TransitionRefused) as info:  # kota stage not open yet
        services.apply_action(
            session,
            usulan=usulan,
            action=Action.ACCEPT,
            reason="Masuk RKPD 2027",
            actor=people.city_verifier,
            now=now,
        )
    assert info.value.code == "stage_closed"
    history = [(e.action, e.from_status, e.to_status, e.actor_id) for e in usulan.events]
    assert history == [
        ("create", None, "draft", people.coordinator.id),
        ("submit", "draft", "submitted", people.coordinator.id),
        ("verify", "submitted", "verified", people.verifier.id),
        ("forward", "verified", "forwarded", people.verifier.id),
    ]
    assert usulan.events[2].reason == "Lokasi sudah ditinjau"
    assert services.actions_for(usulan, people.coordinator, now) == []


def test_bulk_is_all_or_nothing_with_one_reason(session, people, new_usulan, now):
    a = new_usulan(actions=(Action.SUBMIT,))
    b = new_usulan(KEL_SAME_KEC, actions=(Action.SUBMIT,))
    c = new_usulan(KEL_OTHER, actions=(Action.SUBMIT,))
    result = services.bulk_action(
        session,
        usulan_ids=[a.id, b.id, c.id],
        action=Action.VERIFY,
        reason="Sesuai hasil peninjauan lapangan",
        actor=people.verifier,
        now=now,
    )
    assert result.done == []
    assert [i for i, _ in result.refused] == [c.id]
    session.rollback()
    assert session.get(Usulan, a.id).status == "submitted"
    result = services.bulk_action(
        session,
        usulan_ids=[a.id, b.id],
        action=Action.REJECT,
        reason="Lahan milik swasta, tidak dapat dibiayai",
        actor=people.verifier,
        now=now,
    )
    assert sorted(result.done) == sorted([a.id, b.id])
    assert {session.get(Usulan, i).status for i in (a.id, b.id)} == {"rejected"}
    assert len(_audit(session, "musrenbang.usulan.reject")) == 2
    with pytest.raises(ValidationError):
        services.bulk_action(
            session, usulan_ids=[], action=Action.VERIFY, reason="x" * 20, actor=people.verifier, now=now
        )


def test_pokir_enters_submitted(session, cycle, people, now):
    usulan = services.create_usulan(
        session,
        cycle=cycle,
        kelurahan_code=KEL_OTHER,
        data=usulan_input(),
        actor=people.dprd,
        now=now,
        sumber=Sumber.POKIR,
    )
    assert (usulan.status, usulan.sumber) == ("submitted", "pokir")
    with pytest.raises(PermissionDenied):
        services.create_usulan(
            session,
            cycle=cycle,
            kelurahan_code=KEL,
            data=usulan_input(),
            actor=people.coordinator,
            now=now,
            sumber=Sumber.POKIR,
        )


def test_resident_proposal_outcomes(session, cycle, people, new_usulan, now):
    existing = new_usulan()
    made = [
        services.propose_usulan(
            session,
            cycle=cycle,
            actor=people.citizen,
            title=f"Lampu jalan {i}",
            permasalahan="Gang gelap di malam hari",
            alamat="Gg. Damai",
            rt="12",
            now=now,
        )
        for i in range(3)
    ]
    assert made[0].kelurahan_code == KEL
    assert made[0].rt == "012"
    with pytest.raises(PermissionDenied):
        services.decide_proposal(
            session,
            proposal=made[0],
            outcome=ProposalOutcome.DECLINED,
            reason="Tidak sesuai kewenangan",
            actor=people.other_coordinator,
            now=now,
        )
    with pytest.raises(ValidationError, match="Alasan"):
        services.decide_proposal(
            session,
            proposal=made[0],
            outcome=ProposalOutcome.DECLINED,
            reason="",
            actor=people.coordinator,
            now=now,
        )
    services.decide_proposal(
        session,
        proposal=made[0],
        outcome=ProposalOutcome.ADOPTED,
        reason="Disepakati dalam forum kelurahan",
        actor=people.coordinator,
        now=now,
    )
    assert made[0].usulan.sumber == "warga"
    assert made[0].usulan.status == "draft"
    services.decide_proposal(
        session,
        proposal=made[1],
        outcome=ProposalOutcome.MERGED,
        reason="Sama dengan usulan lampu yang ada",
        actor=people.coordinator,
        now=now,
        merge_into=existing,
    )
    assert made[1].usulan_id == existing.id
    assert existing.events[-1].action == "merge"
    services.decide_proposal(
        session,
        proposal=made[2],
        outcome=ProposalOutcome.DECLINED,
        reason="Sudah dikerjakan tahun ini",
        actor=people.coordinator,
        now=now,
    )
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        services.decide_proposal(
            session,
            proposal=made[2],
            outcome=ProposalOutcome.ADOPTED,
            reason="Berubah pikiran ternyata",
            actor=people.coordinator,
            now=now,
        )
    people.citizen.kelurahan_code = None
    with pytest.raises(PermissionDenied):
        services.propose_usulan(
            session,
            cycle=cycle,
            actor=people.citizen,
            title="Taman bermain",
            permasalahan="Anak tidak punya tempat bermain",
            alamat="Gg. X",
            rt=None,
            now=now,
        )


def test_berita_acara_pdf_only(session, cycle, people, new_usulan, now):
    usulan = new_usulan()
    other = new_usulan(KEL_OTHER)
    kw = {
        "cycle": cycle,
        "forum_date": dt.date(2026, 1, 6),
        "attendance": 87,
        "filename": "C:\\Dokumen\\ba.pdf",
        "actor": people.coordinator,
        "now": now,
        "kelurahan_code": KEL,
    }
    with pytest.raises(ValidationError, match="PDF"):
        services.record_berita_acara(session, data=b"<html>", usulan_ids=[usulan.id], **kw)
    with pytest.raises(ValidationError, match="bukan usulan forum ini"):
        services.record_berita_acara(session, data=PDF, usulan_ids=[other.id], **kw)
    ba = services.record_berita_acara(session, data=PDF, usulan_ids=[usulan.id], **kw)
    assert [u.id for u in ba.usulan_list] == [usulan.id]
    stored = load_file(session, ba.file_id)
    assert stored.content == PDF
    assert stored.kind == FileKind.BERITA_ACARA
    assert stored.filename == "ba.pdf"
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    with pytest.raises(PermissionDenied):
        services.record_berita_acara(
            session, data=PDF, usulan_ids=[], **{**kw, "actor": people.other_coordinator}
        )


def test_photo_checked_by_content(session, people, new_usulan, now):
    usulan = new_usulan()
    with pytest.raises(ValidationError, match="JPEG, PNG"):
        services.add_photo(
            session,
            usulan=usulan,
            data=b"GIF89a....",
            actor=people.coordinator,
            now=now,
        )
    with pytest.raises(ValidationError, match="terlalu besar"):
        services.add_photo(
            session,
            usulan=usulan,
            data=PNG + b"\0" * 6 * 1024 * 1024,
            actor=people.coordinator,
            now=now,
        )
    photo = services.add_photo(session, usulan=usulan, data=PNG, actor=people.coordinator, now=now)
    assert photo.file.content_type == "image/png"
    assert photo.file.kind == FileKind.USULAN_PHOTO
    assert load_file(session, photo.file_id).content == PNG
    with pytest.raises(PermissionDenied):
        services.add_photo(session, usulan=usulan, data=PNG, actor=people.other_coordinator, now=now)


def test_similar_usulan_same_kelurahan_and_cycle(session, cycle, new_usulan):
    mine = new_usulan(title="Semenisasi jalan lingkungan RT 03")
    new_usulan(title="Pelatihan kader posyandu")
    new_usulan(KEL_OTHER, title="Semenisasi jalan lingkungan RT 03")
    found = services.similar_usulan(
        session, cycle_id=cycle.id, kelurahan_code=KEL, title="semenisasi jln lingkungan"
    )
    assert [u.id for u, _ in found] == [mine.id]
    assert services.similar_usulan(session, cycle_id=cycle.id, kelurahan_code=KEL, title="taman") == []


def test_import_preview_then_commit_all_or_nothing(session, cycle, people, now):
    good = (FIXTURES / "usulan_balikpapan_contoh.csv").read_bytes()
    preview = services.preview_import(
        session,
        cycle=cycle,
        filename="contoh.csv",
        data=good,
        actor=people.coordinator,
        kelurahan_code=KEL,
        override_kelurahan=False,
        now=now,
    )
    # the file names other kelurahan: a coordinator may not import them
    assert not preview.importable
    assert {e.column for e in preview.result.errors} == {"kelurahan"}
    assert session.scalar(select(func.count(Usulan.id))) == 0
    preview = services.preview_import(
        session,
        cycle=cycle,
        filename="contoh.csv",
        data=good,
        actor=people.coordinator,
        kelurahan_code=KEL,
        override_kelurahan=True,
        now=now,
    )
    assert preview.importable
    count = services.commit_import(
        session, cycle=cycle, preview=preview, source_name="contoh.csv", actor=people.coordinator, now=now
    )
    assert count == 4
    rows = list(session.scalars(select(Usulan).order_by(Usulan.id)))
    # the file's prioritas 1, 2, 3, 1 in their order, no number taken twice (issue 17)
    assert {u.kelurahan_code for u in rows} == {KEL}
    assert [u.prioritas for u in rows] == [1, 3, 4, 2]
    assert session.scalar(select(func.count(UsulanEvent.id)).where(UsulanEvent.action == "import")) == 4
    with pytest.raises(PermissionDenied):
        services.preview_import(
            session,
            cycle=cycle,
            filename="contoh.csv",
            data=good,
            actor=people.coordinator,
            kelurahan_code=KEL_OTHER,
            override_kelurahan=True,
            now=now,
        )


def test_import_statuses_only_for_admin(session, cycle, people, now):
    data = (FIXTURES / "musrenbang_kelurahan_kauman_kota_malang_usulan.csv").read_bytes()
    kw = {
        "cycle": cycle,
        "filename": "kauman.csv",
        "data": data,
        "kelurahan_code": KEL,
        "override_kelurahan": True,
        "now": now,
    }
    preview = services.preview_import(session, actor=people.coordinator, **kw)
    assert preview.importable
    assert {r.status for r in preview.result.rows} == {UsulanStatus.DRAFT}
    assert any("hanya admin" in w.message for w in preview.result.warnings)
    preview = services.preview_import(session, actor=people.admin, **kw)
    assert {r.status for r in preview.result.rows} == {UsulanStatus.ACCEPTED, UsulanStatus.NOT_ACCEPTED}
    assert (
        services.commit_import(
            session, cycle=cycle, preview=preview, source_name="kauman.csv", actor=people.admin, now=now
        )
        == 138
    )


def test_import_closed_stage_refused_for_coordinator(session, cycle, people, now):
    data = (FIXTURES / "usulan_balikpapan_contoh.csv").read_bytes()
    with pytest.raises(ValidationError, match="terkunci"):
        services.preview_import(
            session,
            cycle=cycle,
            filename="c.csv",
            data=data,
            actor=people.coordinator,
            kelurahan_code=KEL,
            override_kelurahan=True,
            now=now + dt.timedelta(days=30),
        )


def test_lists_seeded_and_editable(session, cycle, people, now):
    assert "Dinas Pekerjaan Umum" in services.known_opd(session)
    assert "Kecamatan Balikpapan Utara" in services.known_opd(session)
    assert services.seed_lists(session) == 0  # idempotent
    item = services.add_list_item(session, kind="opd", name="Dinas Baru Uji", actor=people.admin, now=now)
    with pytest.raises(ValidationError):
        services.add_list_item(session, kind="opd", name="dinas baru uji", actor=people.admin, now=now)
    services.set_list_item_active(
        session, kind="opd", item_id=item.id, active=False, actor=people.admin, now=now
    )
    assert "Dinas Baru Uji" not in services.known_opd(session)
    with pytest.raises(PermissionDenied):
        services.add_list_item(session, kind="bidang", name="Apa saja", actor=people.coordinator, now=now)


@pytest.mark.parametrize("rt", ["²", "RT ³", "١٢"])
def test_rt_in_other_scripts_is_a_form_error_not_a_crash(rt):
    """ "²" passes str.isdigit() but not int(): it must be the ordinary "numbers only" error."""
    with pytest.raises(services.UsulanInvalid) as info:
        services.parse_usulan_form(
            {
                "title": "Semenisasi jalan",
                "permasalahan": "Jalan rusak parah",
                "alamat": "Gg. Mawar",
                "volume": "2",
                "satuan": "km",
                "anggaran": "Rp 75.000.000",
                "rt": rt,
                "jenis": "sarpras",
            }
        )
    assert set(info.value.errors) == {"rt"}
    assert "nomor saja" in info.value.errors["rt"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("permasalahan", "Hubungi saya di 0812-3456-7890 soal gang gelap", "nomor telepon"),
        ("alamat", "Gg. Damai, NIK 6471031234567890", "NIK"),
        ("rt", "RT tujuh", "Tulis nomor saja"),
        ("rt", "RW 3", "Tulis nomor saja"),
    ],
)
def test_resident_proposal_follows_the_usulan_rules(session, cycle, people, now, field, value, message):
    """A proposal the kelurahan adopts becomes an usulan: it is held to the same rules as the
    coordinator's form and the import (rules/), not to a copy of them."""
    from participation.musrenbang.services.usulan import UsulanInvalid

    typed = {
        "title": "Lampu jalan",
        "permasalahan": "Gang gelap di malam hari",
        "alamat": "Gg. Damai",
        "rt": "RT 7",
    }
    typed[field] = value
    with pytest.raises(UsulanInvalid) as refused:
        services.propose_usulan(session, cycle=cycle, actor=people.citizen, now=now, **typed)
    assert set(refused.value.errors) == {field}
    assert message in refused.value.errors[field]


def test_resident_proposal_rt_is_stored_as_the_usulan_form_stores_it(session, cycle, people, now):
    made = services.propose_usulan(
        session,
        cycle=cycle,
        actor=people.citizen,
        now=now,
        title="Lampu jalan",
        permasalahan="Gang gelap di malam hari",
        alamat="Gg. Damai",
        rt="rt. 7",
    )
    assert made.rt == "007"
