"""The musrenbang part of a resident's personal-data export (UU 27/2022): usulan they entered and
resident proposals they sent. Read-only; must not import Flask."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from participation.accounts.models import User
from participation.musrenbang.models import ResidentProposal, Usulan


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(session: Session, user: User) -> tuple[str, dict[str, Any]]:
    usulan_list = session.scalars(select(Usulan).where(Usulan.created_by_id == user.id).order_by(Usulan.id))
    proposals = session.scalars(
        select(ResidentProposal).where(ResidentProposal.author_id == user.id).order_by(ResidentProposal.id)
    )
    return "musrenbang", {
        "usulan": [
            {
                "id": u.id,
                "kelurahan": u.kelurahan_code,
                "title": u.title,
                "permasalahan": u.permasalahan,
                "alamat": u.alamat,
                "rt": u.rt,
                "status": u.status,
                "created_at": _iso(u.created_at),
            }
            for u in usulan_list
        ],
        "resident_proposals": [
            {
                "id": p.id,
                "kelurahan": p.kelurahan_code,
                "title": p.title,
                "permasalahan": p.permasalahan,
                "alamat": p.alamat,
                "rt": p.rt,
                "outcome": p.outcome,
                "outcome_reason": p.outcome_reason,
                "created_at": _iso(p.created_at),
            }
            for p in proposals
        ],
    }
