"""The parse check before publishing: the page-shaped check (pages, lines set aside, units beside
their lines, old reports without accounting) and its use cases — re-parsing an edited text,
acknowledging warnings, and publishing refused until errors are fixed and warnings confirmed."""

import pytest
from sqlalchemy import func, select

from participation.comments import services as comment_services
from participation.comments.models import CommentTarget, Notification
from participation.core.audit import AuditEvent
from participation.core.clock import utcnow
from participation.core.errors import ValidationError
from participation.drafts import checking, services
from participation.drafts.models import CommentAnchor, DraftUnit, UnitMapping
from participation.drafts.parsing import parse_perda
from tests.drafts.conftest import V2

GAP = "Pasal 1\n(1) Satu.\n(2) Dua.\n\nPasal 3\n(1) Tiga.\n"
FIXED = "Pasal 1\n(1) Satu.\n(2) Dua.\n\nPasal 2\n(1) Tiga.\n"
NO_PASAL = "Naskah tanpa satu pun pasal.\nHanya kalimat biasa.\n"


def _draft(session, drafter, text=GAP):
    draft = services.create_draft(
        session, actor=drafter, title="Raperda Pemeriksaan", initiator="Bagian Hukum", now=utcnow()
    )
    return services.add_version(session, draft=draft, actor=drafter, text=text, now=utcnow())


def _units(session, version):
    return list(
        session.scalars(
            select(DraftUnit).where(DraftUnit.version_id == version.id).order_by(DraftUnit.ordinal)
        )
    )


def _events(session, action):
    return list(session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


# ------------------------------------------------------------------ the check, pure


class _U:
    def __init__(self, key, kind="pasal", number="1", depth=0, text="Isi."):
        self.key, self.kind, self.number, self.depth, self.text = key, kind, number, depth, text
        self.heading = None


def test_pages_from_form_feeds_when_the_report_kept_none():
    lines = checking.split_lines("a\nb\n\fc\nd\ne\f\nf")
    assert checking.page_ranges(lines, {}) == [(1, 2), (3, 5), (6, 6)]
    assert checking.page_ranges(lines, {"pages": [[1, 4], [5, 6]]}) == [(1, 4), (5, 6)]
    # a broken record is not trusted: the form feeds decide
    assert checking.page_ranges(lines, {"pages": [[1, "x"]]}) == [(1, 2), (3, 5), (6, 6)]


def test_old_report_without_accounting_still_checks():
    text = "Pasal 1\nSatu.\n\fPasal 3\nTiga.\n"
    report = {
        "counts": {"pasal": 2},
        "errors": [],
        "warnings": [{"code": "pasal_gap", "message": "Nomor pasal melompat.", "line": 3}],
    }
    check = checking.build(
        report, text, [_U("pasal-1"), _U("pasal-3", number="3")], {"pasal-1": 1, "pasal-3": 3}
    )
    assert not check.has_accounting
    assert check.furniture == []
    assert check.penutup == []
    assert check.paged
    assert [(b.first, b.last) for b in check.blocks] == [(1, 2), (3, 5)]
    assert [u.key for u in check.blocks[1].units] == ["pasal-3"]
    assert check.blocks[1].lines[0].issues[0]["code"] == "pasal_gap"
    assert check.blocks[1].lines[0].text == "Pasal 3"  # the form feed is not shown
    assert [(label, len(found)) for label, found in check.numbering] == [("Nomor pasal melompat", 1)]
    assert check.counts == [("pasal", "Pasal", 2)]
    assert checking.build(None, "", [], {}).blocks[0].lines[0].no == 1


def test_accounting_marks_furniture_set_aside_and_penutup():
    text = "KOP\nPasal 1\nSatu.\n12\n\fPasal 2\nDua.\nDitetapkan di Balikpapan\n"
    accounting = {
        "lines": 8,
        "pages": [[1, 4], [5, 8]],
        "body": [2, 6],
        "penutup": [7, 8],
        "furniture": [{"line": 4, "text": "12", "kind": "page_number", "why": "nomor halaman"}],
        "set_aside": [
            {"line": 1, "text": "KOP", "kind": "kop", "why": "kop surat"},
            {"line": 99, "text": "?", "kind": "x", "why": "out of range"},
        ],
    }
    report = {
        "counts": {},
        "warnings": [],
        "accounting": accounting,
        "errors": [{"code": "pasal_duplicate", "message": "Ganda.", "line": 500}],
    }
    check = checking.build(
        report, text, [_U("pasal-1"), _U("pasal-2", number="2")], {"pasal-1": 2, "pasal-2": 5}
    )
    lines = {line.no: line for block in check.blocks for line in block.lines}
    assert lines[4].state == "furniture"
    assert lines[4].why == "nomor halaman"
    assert lines[1].state == "set-aside"
    assert lines[2].section == "body"
    assert [line.text for line in check.penutup] == ["Ditetapkan di Balikpapan"]
    assert check.set_aside[1]["line"] is None  # a line the text does not have is not linked
    assert check.errors[0]["line"] is None
    assert "dialamatkan" in check.errors[0]["reason"]
    assert [[u.key for u in b.units] for b in check.blocks] == [["pasal-1"], ["pasal-2"]]


def test_text_without_pages_is_cut_into_runs_where_a_unit_starts():
    text = "\n".join(f"baris {n}" for n in range(1, 151))
    units = [_U(f"pasal-{n}", number=str(n)) for n in range(1, 6)]
    starts = {"pasal-1": 1, "pasal-2": 40, "pasal-3": 70, "pasal-4": 100, "pasal-5": 149}
    check = checking.build({}, text, units, starts)
    assert not check.paged
    assert [(b.first, b.last) for b in check.blocks] == [(1, 69), (70, 148), (149, 150)]
    assert [len(b.units) for b in check.blocks] == [2, 2, 1]


def test_unit_lines_follow_the_parser():
    lines = checking.unit_lines(GAP)
    assert lines["pasal-1"] == 1
    assert lines["pasal-3"] == 5
    assert lines["pasal-1/ayat-2"] == 3


# ------------------------------------------------------------------ use cases


def test_add_version_keeps_the_accounting(session, drafter):
    version = _draft(session, drafter)
    assert version.parse_report["accounting"] == parse_perda(GAP).accounting


def test_reparse_replaces_units_and_is_audited(session, drafter):
    version = _draft(session, drafter)
    assert [w["code"] for w in version.warnings] == ["pasal_gap"]
    services.acknowledge_warnings(session, version=version, actor=drafter, now=utcnow())
    session.commit()
    services.reparse_version(
        session, version=version, actor=drafter, text=FIXED.replace("\n", "\r\n"), now=utcnow()
    )
    session.commit()
    units = _units(session, version)
    assert [u.key for u in units if u.kind == "pasal"] == ["pasal-1", "pasal-2"]
    assert [u.text for u in units if u.key == "pasal-2/ayat-1"] == ["Tiga."]
    assert len(units) == 5  # the old units are gone, not kept beside the new ones
    # and so are their comment targets: one per commentable unit, none left over
    assert session.scalar(select(func.count()).select_from(CommentTarget)) == len(
        {u.comment_target_id for u in units if u.comment_target_id}
    )
    assert version.warnings == []
    assert "acknowledged" not in version.parse_report
    assert version.parse_report["reparsed"]["times"] == 1
    assert "\r" not in version.source_text
    [event] = _events(session, "draft.version.reparse")
    assert event.before["warnings"] == 1
    assert event.after["warnings"] == 0
    assert event.before["counts"]["pasal"] == 2
    assert event.after["counts"]["pasal"] == 2
    services.publish_version(session, version=version, actor=drafter, now=utcnow())
    assert version.published


def test_reparse_refused_once_published_or_commented_or_built_upon(session, drafter, citizen, published):
    with pytest.raises(ValidationError) as exc:
        services.reparse_version(session, version=published, actor=drafter, text=FIXED, now=utcnow())
    assert "diterbitkan" in exc.value.message
    version = _draft(session, drafter)
    with pytest.raises(ValidationError) as exc:
        services.reparse_version(session, version=version, actor=drafter, text=" \n", now=utcnow())
    assert exc.value.field == "text"
    unit = services.get_unit(session, version, "pasal-1/ayat-1")
    comment_services.add_comment(
        session,
        target=unit.comment_target,
        author=citizen,
        body="Masukan sebelum terbit.",
        stance="question",
        now=utcnow(),
    )
    with pytest.raises(ValidationError) as exc:
        services.reparse_version(session, version=version, actor=drafter, text=FIXED, now=utcnow())
    assert "masukan" in exc.value.message
    other = _draft(session, drafter)
    services.add_version(session, draft=other.draft, actor=drafter, text=FIXED, now=utcnow())
    with pytest.raises(ValidationError) as exc:
        services.reparse_version(session, version=other, actor=drafter, text=FIXED, now=utcnow())
    assert "Versi 2" in exc.value.message
    assert _events(session, "draft.version.reparse") == []


def test_reparse_rebuilds_the_mapping_and_withdraws_its_confirmation(session, drafter, citizen, published):
    unit = services.get_unit(session, published, "pasal-28/ayat-1")
    services.comment_on_unit(
        session, unit=unit, author=citizen, body="Jam terlalu pendek.", stance="object", now=utcnow()
    )
    v2 = services.add_version(session, draft=published.draft, actor=drafter, text=V2, now=utcnow())
    services.confirm_mapping(session, version=v2, actor=drafter, now=utcnow(), default_reason="Dihapus.")
    session.commit()
    assert (
        session.scalar(
            select(func.count()).select_from(CommentAnchor).where(CommentAnchor.version_id == v2.id)
        )
        == 1
    )
    services.reparse_version(
        session, version=v2, actor=drafter, now=utcnow(), text=V2.replace("15.00", "16.00")
    )
    session.commit()
    assert v2.mapping_confirmed_at is None
    assert (
        session.scalar(
            select(func.count()).select_from(CommentAnchor).where(CommentAnchor.version_id == v2.id)
        )
        == 0
    )
    new_ids = {u.id for u in _units(session, v2)}
    mapped = set(
        session.scalars(
            select(UnitMapping.new_unit_id).where(
                UnitMapping.version_id == v2.id, UnitMapping.new_unit_id.is_not(None)
            )
        )
    )
    assert mapped
    assert mapped <= new_ids
    [event] = _events(session, "draft.version.reparse")
    assert event.before["mapping_confirmed"] is True
    assert event.after["carried_comments_dropped"] == 1
    with pytest.raises(ValidationError):  # the mapping must be reviewed again
        services.publish_version(session, version=v2, actor=drafter, now=utcnow())
    services.confirm_mapping(session, version=v2, actor=drafter, now=utcnow(), default_reason="Dihapus.")
    services.publish_version(session, version=v2, actor=drafter, now=utcnow(), acknowledge_warnings=True)
    assert v2.published
    # confirmed twice, told once
    assert (
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == citizen.id, Notification.kind == "unit_changed")
        )
        == 1
    )


def test_publish_waits_for_acknowledged_warnings(session, drafter):
    version = _draft(session, drafter)
    with pytest.raises(ValidationError) as exc:
        services.publish_version(session, version=version, actor=drafter, now=utcnow())
    assert "peringatan" in exc.value.message
    assert not version.published
    assert services.warnings_pending(version)
    services.acknowledge_warnings(session, version=version, actor=drafter, now=utcnow())
    session.commit()
    session.expire_all()  # stored, not only set on the object
    assert version.parse_report["acknowledged"]["by"] == drafter.id
    assert version.parse_report["acknowledged"]["warnings"] == 1
    [event] = _events(session, "draft.version.acknowledge_warnings")
    assert event.after == {"warnings": 1, "codes": ["pasal_gap"]}
    services.acknowledge_warnings(session, version=version, actor=drafter, now=utcnow())
    assert len(_events(session, "draft.version.acknowledge_warnings")) == 1  # once is enough
    services.publish_version(session, version=version, actor=drafter, now=utcnow())
    assert version.published
    with pytest.raises(ValidationError):
        services.acknowledge_warnings(session, version=version, actor=drafter, now=utcnow())


def test_publish_by_a_caller_that_reviewed_the_warnings_records_it(session, drafter):
    version = _draft(session, drafter)
    services.publish_version(session, version=version, actor=drafter, now=utcnow(), acknowledge_warnings=True)
    assert version.published
    assert version.parse_report["acknowledged"]["by"] == drafter.id
    assert len(_events(session, "draft.version.acknowledge_warnings")) == 1


def test_errors_block_even_when_warnings_are_acknowledged(session, drafter):
    version = _draft(session, drafter, text=NO_PASAL)
    assert [e["code"] for e in version.errors] == ["no_pasal"]
    with pytest.raises(ValidationError):
        services.acknowledge_warnings(session, version=version, actor=drafter, now=utcnow())
    with pytest.raises(ValidationError) as exc:
        services.publish_version(
            session, version=version, actor=drafter, now=utcnow(), acknowledge_warnings=True
        )
    assert "kesalahan" in exc.value.message
    assert not version.published
    services.reparse_version(session, version=version, actor=drafter, text=FIXED, now=utcnow())
    services.publish_version(session, version=version, actor=drafter, now=utcnow())
    assert version.published
