"""Demo step for ``participation demo``: the demo raperda with an open consultation, 197 comments
by 25 demo residents, the official answers, and version 2 imported with its mapping confirmed
(awaiting publication) so that changed and removed clauses are marked.

Idempotent. Must not import ``participation.demo`` (it sits above every area).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts import services as account_services
from participation.accounts.demo import DEMO_PASSWORD
from participation.accounts.models import Role, User
from participation.comments import services as comment_services
from participation.drafts import services
from participation.drafts.models import Draft, DraftVersion

DEMO_DATA = Path(__file__).resolve().parents[1] / "demo_data"
DEMO_TITLE = (
    "Rancangan Peraturan Daerah tentang Penyelenggaraan Ketertiban Umum, Kebersihan dan "
    "Pengelolaan Pedagang Kaki Lima"
)
DRAFTER_EMAIL = "penyusun@demo.partisipasi.id"
CITIZENS = 25


def _user(session: Session, email: str, name: str, role: Role, now: dt.datetime) -> User:
    user = account_services.find_user_by_email(session, email)
    if user is None:
        user = account_services.create_user(
            session, email=email, name=name, password=DEMO_PASSWORD, roles=[(role, None, None)], now=now
        )
    return user


def demo_step(session: Session, *, now: dt.datetime) -> str:
    if session.scalar(select(Draft.id).where(Draft.title == DEMO_TITLE)) is not None:
        return "raperda demo sudah ada."
    drafter = _user(session, DRAFTER_EMAIL, "Dewi Tim Penyusun", Role.DRAFTER, now)
    citizens = {
        f"citizen-{n}": _user(session, f"warga{n}@demo.partisipasi.id", f"Warga Demo {n}", Role.CITIZEN, now)
        for n in range(1, CITIZENS + 1)
    }
    session.flush()
    draft = services.create_draft(
        session,
        actor=drafter,
        title=DEMO_TITLE,
        initiator="Satuan Polisi Pamong Praja",
        now=now,
        summary="Menyatukan pengaturan ketertiban umum, kebersihan dan penataan PKL di Kota "
        "Balikpapan. (Contoh untuk demo; bukan rancangan sungguhan.)",
    )
    v1 = _first_version(session, draft=draft, drafter=drafter, now=now)
    rows, groups = _comments_and_answers(session, v1, citizens=citizens, drafter=drafter, now=now)
    v2 = services.add_version(
        session,
        draft=draft,
        actor=drafter,
        now=now,
        text=(DEMO_DATA / "raperda_v2.txt").read_text(encoding="utf-8"),
        filename="raperda_v2.txt",
    )
    # the automatic mapping calls the rewritten Pasal 22 ayat (2) removed (too little text in
    # common); the tim penyusun corrects it in the review step, as a real team would
    rewritten = services.get_unit(session, v1, "pasal-22/ayat-2")
    counts = services.confirm_mapping(
        session,
        version=v2,
        actor=drafter,
        now=now,
        corrections={rewritten.id: "pasal-23/ayat-2"},
        default_reason="Larangan berjualan dalam radius 100 meter dari pasar rakyat dihapus: hasil "
        "uji publik menunjukkan aturan ini mematikan usaha kecil di sekitar pasar.",
    )
    session.flush()
    return (
        f"raperda demo #{draft.id}: versi 1 terbit ({len(rows)} masukan, {len(groups)} "
        f"tanggapan), versi 2 menunggu terbit (masukan tidak berubah {counts['unchanged']}, "
        f"berubah {counts['changed']}, dihapus {counts['removed']})."
    )


def _first_version(session: Session, *, draft: Draft, drafter: User, now: dt.datetime) -> DraftVersion:
    """Version 1, published a week ago and open for three weeks more."""
    v1 = services.add_version(
        session,
        draft=draft,
        actor=drafter,
        now=now - dt.timedelta(days=7),
        text=(DEMO_DATA / "raperda_v1.txt").read_text(encoding="utf-8"),
        filename="raperda_v1.txt",
    )
    # the demo's own text, read through by hand: its warnings (if the parser finds any) are known
    services.publish_version(
        session, version=v1, actor=drafter, now=now - dt.timedelta(days=7), acknowledge_warnings=True
    )
    opens = (now - dt.timedelta(days=7)).astimezone(dt.timezone(dt.timedelta(hours=8)))
    closes = (now + dt.timedelta(days=21)).astimezone(dt.timezone(dt.timedelta(hours=8)))
    services.set_window(
        session,
        version=v1,
        actor=drafter,
        now=now,
        opens_local=opens.replace(tzinfo=None, second=0, microsecond=0),
        closes_local=closes.replace(tzinfo=None, hour=23, minute=59, second=0, microsecond=0),
    )
    return v1


def _comments_and_answers(
    session: Session, v1: DraftVersion, *, citizens: dict[str, User], drafter: User, now: dt.datetime
) -> tuple[list[dict[str, Any]], dict[tuple[str, str, str], list[Any]]]:
    """The demo's comments on version 1 (40 minutes apart), answered in groups by the drafter."""
    rows = json.loads((DEMO_DATA / "comments.json").read_text(encoding="utf-8"))
    units: dict = {}
    groups: dict[tuple[str, str, str], list] = {}
    for n, row in enumerate(rows):
        key = row["unit_key"]
        if key not in units:
            units[key] = services.get_unit(session, v1, key)
        when = now - dt.timedelta(days=6) + dt.timedelta(minutes=40 * n)
        comment = services.comment_on_unit(
            session,
            unit=units[key],
            author=citizens[row["author"]],
            body=row["body"],
            stance=row["stance"],
            suggested_wording=row.get("suggested_wording"),
            now=min(when, now),
        )
        answer = row.get("answer")
        if answer:
            group = (answer["disposition"], answer["reason"], answer.get("resulting_wording") or "")
            groups.setdefault(group, []).append(comment)
    for (disposition, reason, wording), comments in groups.items():
        comment_services.answer(
            session,
            comments=comments,
            actor=drafter,
            disposition=disposition,
            reason=reason,
            resulting_wording=wording or None,
            now=now,
        )
    return rows, groups
