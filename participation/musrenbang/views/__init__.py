"""Musrenbang pages under /musrenbang: public tracker and exports, coordinator workspace, forms,
import, verifier queue, resident proposals, berita acara, cycle management.

Views parse → check policy → call a service → commit → redirect; the commit-or-show-the-refusal
step, the acting user and the client hash come from the web toolkit (``participation.web.toolkit``).
Split by audience: ``public`` (anyone), ``coordinator`` (kelurahan work, pokir), ``residents``
(resident proposals, berita acara), ``imports``, ``verifier`` (queue), ``manage`` (cycles,
stages, pagu, lists), ``tracking`` (pelaksanaan).
"""

from __future__ import annotations

import re

from flask import Blueprint, Flask, abort, request

from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.musrenbang import queries, services
from participation.musrenbang.models import MusrenbangCycle
from participation.regions.models import Kelurahan
from participation.web.db import db
from participation.web.i18n import gettext as _
from participation.web.ids import parse_id, parse_ids

bp = Blueprint("musrenbang", __name__, url_prefix="/musrenbang")

KELURAHAN_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")
KECAMATAN_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}")


def cycle_or_404(year: int | None = None) -> MusrenbangCycle:
    try:
        if year is None:
            cycle = services.current_cycle(db())
            if cycle is None:
                abort(404)
            return cycle
        return services.get_cycle_by_year(db(), year)
    except DomainError:
        abort(404)


def kelurahan_arg(value: str | None) -> str:
    value = (value or "").strip()
    if value and not KELURAHAN_CODE.fullmatch(value):
        abort(400)
    return value


def kelurahan_or_404(code: str) -> Kelurahan:
    kelurahan_arg(code)
    kel = db().get(Kelurahan, code)
    if kel is None:
        abort(404)
    return kel


def home_section(session) -> dict:
    cycle = services.current_cycle(session)
    title = _("Musrenbang")
    if cycle is None:
        return {
            "title": title,
            "items": [],
            "empty": _("Belum ada siklus musrenbang. Musrenbang kelurahan biasanya awal Januari."),
        }
    now = utcnow()
    from flask import url_for

    from participation.web.filters import wita as format_wita  # in the reader's language

    counts = queries.status_counts(session, cycle.id)
    items = []
    for stage in cycle.stages:
        state = stage.state(now)
        if state == "open":
            detail = _("dibuka sampai %(d)s", d=format_wita(stage.closes_at))
        elif state == "upcoming":
            detail = _("dibuka %(d)s", d=format_wita(stage.opens_at))
        else:
            continue
        items.append(
            {
                "title": _("Tahap %(t)s — %(n)s", t=_(stage.tier_enum.label), n=cycle.name),
                "url": url_for("musrenbang.index"),
                "detail": detail,
            }
        )
    public = sum(n for s, n in counts.items() if s != "draft")
    items.append(
        {
            "title": _("Pantau %(n)d usulan", n=public),
            "url": url_for("musrenbang.tracker"),
            "detail": _("%(a)d diakomodir", a=counts.get("accepted", 0)),
        }
    )
    return {"title": title, "items": items, "empty": ""}


def init_app(app: Flask) -> None:
    from participation.musrenbang.views import (  # noqa: F401
        coordinator,
        imports,
        manage,
        public,
        residents,
        tracking,
        verifier,
    )

    app.register_blueprint(bp)
    app.extensions.setdefault("participation.home_sections", []).append(home_section)
    from participation.accounts.personal_data import EXPORTERS_KEY
    from participation.musrenbang import personal_data

    app.extensions.setdefault(EXPORTERS_KEY, []).append(personal_data.personal_data)


def request_int_list(name: str) -> list[int]:
    values = request.form.getlist(name)
    if len(values) > 500 or any(parse_id(v) is None for v in values):
        abort(400)  # a page never posts anything else; out-of-range ids would fail the query
    return parse_ids(values)


@bp.app_context_processor
def _labels() -> dict:
    from participation.musrenbang.workflow import Action, UsulanStatus

    def status_label(value: str) -> str:
        try:
            return UsulanStatus(value).label
        except ValueError:
            return value

    def action_label(value: str) -> str:
        try:
            return Action(value).label
        except ValueError:
            return value

    from participation.musrenbang.policies import stage_reason

    # stage_reason(cycle, tier): why a stage's actions are hidden now (not open yet, closed)
    return {"status_label": status_label, "action_label": action_label, "stage_reason": stage_reason}


@bp.app_template_filter("wita_input")
def wita_input(value) -> str:
    """A UTC datetime as the value of a <input type="datetime-local"> in WITA."""
    from participation.core.clock import to_wita

    return to_wita(value).strftime("%Y-%m-%dT%H:%M") if value else ""


@bp.app_template_filter("rt_rw")
def rt_rw(value) -> str:
    """An RT/RW shown one way ("007"), whichever way it was stored before (issue 17)."""
    from participation.musrenbang.rules import rt_label

    return rt_label(value)
