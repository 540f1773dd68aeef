"""Building a draft through its whole life with the real services (issue 16 tests)."""

from __future__ import annotations

import datetime as dt

from participation.comments import services as comment_services
from participation.comments.models import Stance
from participation.core.clock import today_wita, utcnow
from participation.drafts import services
from participation.drafts.models import DraftVersion
from tests.drafts.conftest import V1, open_window

# the clauses the scenario comments on, and what the final text does to them
PASAL_12_2 = "pasal-12/ayat-2"


def text_with(base: str, old: str, new: str) -> str:
    assert old in base, old
    return base.replace(old, new, 1)


def pasal_12_2(version: DraftVersion, session) -> str:
    return services.get_unit(session, version, PASAL_12_2).text


def close(session, version: DraftVersion, drafter) -> None:
    services.close_window(session, version=version, actor=drafter, now=utcnow())


def comment(session, version, author, key: str, body: str, stance: str = Stance.AMEND):
    unit = services.get_unit(session, version, key)
    return services.comment_on_unit(session, unit=unit, author=author, body=body, stance=stance, now=utcnow())


def answer(session, version, drafter, comments, disposition: str, reason: str = "Alasan tim.") -> None:
    comment_services.answer(
        session, comments=list(comments), actor=drafter, disposition=disposition, reason=reason, now=utcnow()
    )


def second_version(session, draft, drafter, text: str) -> DraftVersion:
    now = utcnow()
    v = services.add_version(session, draft=draft, actor=drafter, text=text, now=now)
    services.confirm_mapping(
        session, version=v, actor=drafter, now=now, default_reason="Dihapus karena digabung."
    )
    services.publish_version(session, version=v, actor=drafter, now=now, acknowledge_warnings=True)
    open_window(session, v, drafter)
    return v


def days_ago(n: int) -> dt.date:
    # the calendar day in Balikpapan (WITA), as the stage dates are checked: from 16.00 UTC the
    # UTC date is a day behind, and "today" would fall before the step the test has just taken
    return today_wita(utcnow()) - dt.timedelta(days=n)


__all__ = ["V1"]
