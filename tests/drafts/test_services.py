"""Draft use cases through the real services: import, publish rules, window in WITA, comments
inside the window only, answers, external CSV import, mapping review and carried comments."""

import datetime as dt

import pytest
from sqlalchemy import select

from participation.comments.models import Notification
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.core.errors import ValidationError
from participation.drafts import services
from participation.drafts.models import CommentAnchor, DraftUnit, UnitMapping
from tests.drafts.conftest import V2, open_window


def test_add_version_stores_units_penjelasan_and_report(session, published):
    units = session.scalars(select(DraftUnit).where(DraftUnit.version_id == published.id)).all()
    kinds = {u.kind for u in units}
    assert {"bab", "pasal", "ayat", "huruf", "angka"} <= kinds
    assert sum(u.kind == "pasal" for u in units) == 48
    ayat = services.get_unit(session, published, "pasal-20/ayat-2")
    assert ayat.comment_target_id is not None
    assert ayat.parent_id is not None
    bab = next(u for u in units if u.kind == "bab")
    assert bab.comment_target_id is None
    assert services.get_unit(session, published, "pasal-1").penjelasan_text == "Cukup jelas."
    assert published.parse_report["counts"]["pasal"] == 48
    assert published.errors == []


def test_publish_refused_with_errors_and_twice(session, drafter, published):
    with pytest.raises(ValidationError):
        services.publish_version(session, version=published, actor=drafter, now=utcnow())
    broken = services.add_version(
        session,
        draft=published.draft,
        actor=drafter,
        now=utcnow(),
        text="Pasal 1\n(1) Satu.\n\nPasal 3\n(1) Tiga.",
    )
    if broken.errors:
        with pytest.raises(ValidationError):
            services.publish_version(session, version=broken, actor=drafter, now=utcnow())


def test_window_typed_in_wita_stored_utc(session, drafter, published):
    services.set_window(
        session,
        version=published,
        actor=drafter,
        now=utcnow(),
        opens_local=dt.datetime(2026, 12, 1, 8, 0),
        closes_local=dt.datetime(2026, 12, 12, 23, 59),
    )
    assert published.closes_at == dt.datetime(2026, 12, 12, 15, 59, tzinfo=dt.UTC)
    now = dt.datetime(2026, 12, 7, 16, 0, tzinfo=dt.UTC)
    assert services.closing_text(published, now) == "ditutup 12 Desember 2026 23.59 WITA (tinggal 5 hari)"
    with pytest.raises(ValidationError):
        services.set_window(
            session,
            version=published,
            actor=drafter,
            now=utcnow(),
            opens_local=dt.datetime(2026, 12, 2),
            closes_local=dt.datetime(2026, 12, 1),
        )
    assert session.scalars(select(AuditEvent).where(AuditEvent.action == "draft.window.set")).first()


def test_comment_only_inside_window(session, drafter, citizen, published):
    unit = services.get_unit(session, published, "pasal-20/ayat-2")
    c = services.comment_on_unit(
        session, unit=unit, author=citizen, body="Keberatan.", stance="object", now=utcnow()
    )
    assert c.target_id == unit.comment_target_id
    services.close_window(session, version=published, actor=drafter, now=utcnow())
    with pytest.raises(ValidationError) as exc:
        services.comment_on_unit(
            session, unit=unit, author=citizen, body="Lagi.", stance="object", now=utcnow()
        )
    assert "tidak sedang dibuka" in exc.value.message


def test_answer_comments_checks_version(session, drafter, citizen, published):
    unit = services.get_unit(session, published, "pasal-5")
    c = services.comment_on_unit(
        session, unit=unit, author=citizen, body="Tanya.", stance="question", now=utcnow()
    )
    with pytest.raises(ValidationError):
        services.answer_comments(
            session,
            version=published,
            comment_ids=[c.id, 999999],
            actor=drafter,
            disposition="explained",
            reason="Penjelasan cukup panjang.",
            now=utcnow(),
        )
    services.answer_comments(
        session,
        version=published,
        comment_ids=[c.id],
        actor=drafter,
        disposition="explained",
        reason="Penjelasan cukup panjang.",
        now=utcnow(),
    )
    assert c.response.disposition == "explained"


CSV_OK = (
    "unit_key,stance,body,author_name,source,external_id\n"
    "pasal-20/ayat-2,object,Surat keberatan paguyuban,PPKL,surat,S-1\n"
    "pasal-5,support,Setuju,RDPU Komisi I,rdpu,R-1\n"
)


def test_import_csv_all_or_nothing(session, drafter, published):
    bad = CSV_OK + "pasal-999,maybe,,,surat,S-1\n"
    with pytest.raises(services.ImportFailed) as exc:
        services.import_external_comments(
            session, version=published, actor=drafter, csv_text=bad, now=utcnow()
        )
    rows = exc.value.rows  # one line per problem: row, column as the file names it, reason
    assert all(r.startswith("Baris 4, kolom ") for r in rows)
    assert any("kolom unit_key:" in r and "pasal-999" in r for r in rows)
    assert any("kolom stance:" in r and "maybe" in r for r in rows)
    assert any("kolom author_name: wajib diisi" in r for r in rows)
    assert any("kolom external_id:" in r and "S-1" in r and "baris 2" in r for r in rows)
    n = services.import_external_comments(
        session, version=published, actor=drafter, csv_text=CSV_OK, now=utcnow()
    )
    assert n == 2
    with pytest.raises(services.ImportFailed):  # same external ids again
        services.import_external_comments(
            session, version=published, actor=drafter, csv_text=CSV_OK, now=utcnow()
        )
    with pytest.raises(services.ImportFailed):
        services.import_external_comments(
            session, version=published, actor=drafter, csv_text="a,b\n1,2\n", now=utcnow()
        )


def test_new_version_mapping_review_and_carried_comments(session, drafter, citizen, published):
    def on(key, body):
        return services.comment_on_unit(
            session,
            unit=services.get_unit(session, published, key),
            author=citizen,
            body=body,
            stance="object",
            now=utcnow(),
        )

    removed = on("pasal-20/ayat-2/huruf-c", "hapus radius pasar")
    changed = on("pasal-28/ayat-1", "jam terlalu pendek")
    moved = on("pasal-18/ayat-1", "tetap")
    rewritten = on("pasal-22/ayat-2", "14 hari terlalu singkat")
    v2 = services.add_version(session, draft=published.draft, actor=drafter, text=V2, now=utcnow())
    with pytest.raises(ValidationError):  # mapping not yet reviewed
        services.publish_version(session, version=v2, actor=drafter, now=utcnow())
    with pytest.raises(ValidationError):
        services.confirm_mapping(
            session, version=v2, actor=drafter, now=utcnow(), corrections={rewritten.id: "pasal-99"}
        )
    old = services.get_unit(session, published, "pasal-22/ayat-2")
    with pytest.raises(ValidationError) as exc:
        services.confirm_mapping(
            session, version=v2, actor=drafter, now=utcnow(), corrections={old.id: "pasal-99/ayat-1"}
        )
    assert "pasal-99/ayat-1" in exc.value.message
    with pytest.raises(ValidationError) as exc:  # a removal needs its reason
        services.confirm_mapping(
            session, version=v2, actor=drafter, now=utcnow(), corrections={old.id: "pasal-23/ayat-2"}
        )
    assert "alasan penghapusan" in exc.value.message
    assert "huruf c" in exc.value.message
    gone = services.get_unit(session, published, "pasal-20/ayat-2/huruf-c")
    counts = services.confirm_mapping(
        session,
        version=v2,
        actor=drafter,
        now=utcnow(),
        corrections={old.id: "pasal-23/ayat-2"},
        reasons={gone.id: "Radius pasar diatur dalam Perwali."},
    )
    assert counts == {"unchanged": 1, "changed": 2, "removed": 1}
    assert (
        session.scalar(select(UnitMapping.reason).where(UnitMapping.old_unit_id == gone.id))
        == "Radius pasar diatur dalam Perwali."
    )
    anchors = {
        a.comment_id: a
        for a in session.scalars(select(CommentAnchor).where(CommentAnchor.version_id == v2.id))
    }
    assert anchors[removed.id].status == "removed"
    assert anchors[removed.id].unit_id is None
    assert anchors[changed.id].status == "changed"
    assert "15.00" in anchors[changed.id].new_text
    assert anchors[changed.id].unit.key == "pasal-29/ayat-1"
    assert anchors[moved.id].status == "unchanged"
    assert anchors[moved.id].unit.key == "pasal-19/ayat-1"
    assert anchors[rewritten.id].unit.key == "pasal-23/ayat-2"

    def told():
        return [
            n.kind for n in session.scalars(select(Notification).where(Notification.user_id == citizen.id))
        ].count("unit_changed")

    assert told() == 0  # not before residents can open version 2
    services.publish_version(session, version=v2, actor=drafter, now=utcnow())
    assert told() == 3
    open_window(session, v2, drafter)
    with pytest.raises(ValidationError):
        services.confirm_mapping(session, version=v2, actor=drafter, now=utcnow())
