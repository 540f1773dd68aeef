"""Summary recomputation as background jobs, and what triggers it.

Handlers: ``summaries.refresh_draft`` (one published raperda version) and
``summaries.refresh_musrenbang`` (one cycle year, optionally one kecamatan). Both call the
services with the job's session and progress bar; an unchanged input costs one narrow check.

Triggers: a summary goes stale when comments change (new, replied, edited, imported, carried to
a later version, answered, hidden, restored, held, approved, released when their author confirms
the e-mail, endorsed) or when usulan change (new, imported, edited, moved through the workflow,
pagu). ``install_triggers`` watches the app's sessions for exactly those rows (``after_flush``,
plus ``do_orm_execute`` for the bulk insert of an usulan import) and *marks* what they belong to
(``jobs.triggers.mark``): no statement, so the comment POST keeps its budget
(tests/drafts/test_hot_path.py). On each sweep (every ``JOBS_SWEEP_SECONDS``), ``flush_marks``
resolves the marks to published versions and cycle years and enqueues one refresh for each, with
a ``dedupe_key`` and a delay of ``SUMMARY_REFRESH_DELAY_SECONDS``: a campaign of 500 comments in
a minute costs one or two recomputations, and the pages show the last snapshot meanwhile.

``summaries.report`` builds the PDF or XLSX of a large summary (more than
``REPORT_JOB_MIN_COMMENTS`` comments or usulan) for the download link, which serves it once built
(``jobs.views.built_download``).

Must not import Flask (handlers run in workers too). Result links name an endpoint, built by the
status page.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Any

from sqlalchemy import event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from participation.accounts.models import User
from participation.comments.models import Comment, Endorsement, Visibility
from participation.core.errors import NotFound
from participation.core.files import REPORT_LIFETIME, FileKind, store_file
from participation.core.i18n import N_
from participation.drafts.models import CommentAnchor, DraftUnit, DraftVersion, VersionStatus
from participation.jobs import JobContext, enqueue, job_handler
from participation.jobs.triggers import Tick, every, mark
from participation.musrenbang.models import MusrenbangCycle, Pagu, Usulan, UsulanEvent
from participation.summaries import inbox_groups as _inbox_groups  # noqa: F401 - the inbox's theme filters
from participation.summaries import queries, rendered_reports, services
from participation.summaries.models import SummaryKind, SummarySnapshot

TOPIC = "summaries"
DEFAULT_DELAY = 30.0  # seconds; config SUMMARY_REFRESH_DELAY_SECONDS
CHUNK = 500  # ids per IN (...): well below every driver's parameter limit


def draft_dedupe_key(version_id: int) -> str:
    return f"summary:draft:{version_id}"


def musrenbang_dedupe_key(year: int, kecamatan_code: str | None = None) -> str:
    return f"summary:musrenbang:{year}:{kecamatan_code or ''}"


# ----------------------------------------------------------------------------- handlers


@job_handler("summaries.refresh_draft", title=N_("Menghitung ulang ringkasan uji publik"), max_attempts=3)
def refresh_draft(ctx: JobContext, *, version_id: int, force: bool = False) -> dict[str, Any]:
    _snap, recomputed = services.refresh_draft_summary(
        ctx.session,
        int(version_id),
        now=ctx.now,
        city=str(ctx.config.get("CITY_NAME", "")),
        actor_id=ctx.actor_id,
        force=bool(force),
        progress=ctx.progress,
    )
    return {
        "endpoint": "summaries.draft_summary",
        "values": {"version_id": int(version_id)},
        "recomputed": recomputed,
    }


@job_handler("summaries.refresh_musrenbang", title=N_("Menghitung ulang rekap musrenbang"), max_attempts=3)
def refresh_musrenbang(
    ctx: JobContext, *, year: int, kecamatan_code: str | None = None, force: bool = False
) -> dict[str, Any]:
    _snap, recomputed = services.refresh_musrenbang_summary(
        ctx.session,
        int(year),
        now=ctx.now,
        city=str(ctx.config.get("CITY_NAME", "")),
        kecamatan_code=kecamatan_code or None,
        actor_id=ctx.actor_id,
        force=bool(force),
        progress=ctx.progress,
    )
    values: dict[str, Any] = {"year": int(year)}
    if kecamatan_code:
        values["kecamatan"] = kecamatan_code
    return {"endpoint": "summaries.musrenbang_summary", "values": values, "recomputed": recomputed}


# ----------------------------------------------------------------------------- triggers


def _changed(obj: object, *attrs: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[a].history.has_changes() for a in attrs)


def _marks_of(session: Session) -> set[str]:
    """What the flush changed that a summary reads, as marks: ``t:`` comment target, ``c:``
    comment, ``a:`` author whose held comments are released, ``v:`` draft version, ``y:``
    musrenbang cycle, ``u:`` usulan; ``h:`` also, for the target of a comment a moderator just
    hid (its version is refreshed at once, not after the debounce)."""
    found: set[str] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Comment):
            if obj.target_id is not None:
                found.add(f"t:{obj.target_id}")
                if (
                    obj in session.dirty
                    and _changed(obj, "visibility")
                    and obj.visibility != Visibility.VISIBLE.value
                ):
                    found.add(f"h:{obj.target_id}")  # hidden: refreshed without the delay
        elif isinstance(obj, Endorsement):
            found.add(f"c:{obj.comment_id}")
        elif isinstance(obj, CommentAnchor):
            found.add(f"v:{obj.version_id}")
        elif isinstance(obj, Usulan | Pagu):
            if obj.cycle_id is not None:
                found.add(f"y:{obj.cycle_id}")
        elif isinstance(obj, UsulanEvent):
            if obj.usulan_id is not None:
                found.add(f"u:{obj.usulan_id}")
        elif (
            isinstance(obj, User)
            and obj in session.dirty
            and obj.id is not None
            and _changed(obj, "email_confirmed_at")
        ):
            # comments held until the e-mail is confirmed are released by Core statements
            # (comments.confirmation.release_after_confirmation): the confirmation is the sign
            found.add(f"a:{obj.id}")
    return found


def _bulk_marks(state: ORMExecuteState) -> set[str]:
    """Marks of an ORM bulk INSERT (the usulan import inserts its rows in one statement)."""
    table = getattr(state.statement, "table", None)
    if table is None or table.name not in (Usulan.__tablename__, UsulanEvent.__tablename__):
        return set()
    params = state.parameters
    rows = params if isinstance(params, list) else [params] if isinstance(params, dict) else []
    found: set[str] = set()
    for row in rows:
        if not isinstance(row, dict):
            continue
        if row.get("cycle_id") is not None:
            found.add(f"y:{row['cycle_id']}")
        elif row.get("usulan_id") is not None:
            found.add(f"u:{row['usulan_id']}")
    return found


def install_triggers(factory: sessionmaker[Session]) -> None:
    """Mark every change a summary reads in sessions of ``factory`` (the app's)."""

    @event.listens_for(factory, "after_flush")
    def _collect(session: Session, _context: object) -> None:
        found = _marks_of(session)
        if found:
            mark(session, TOPIC, *found)

    @event.listens_for(factory, "do_orm_execute")
    def _collect_bulk(state: ORMExecuteState) -> None:
        if state.is_insert:
            found = _bulk_marks(state)
            if found:
                mark(state.session, TOPIC, *found)


def _chunks(values: Iterable[int]) -> Iterator[list[int]]:
    it = iter(sorted(set(values)))
    while chunk := list(islice(it, CHUNK)):
        yield chunk


def resolve_marks(session: Session, values: Iterable[str]) -> tuple[set[int], set[int]]:
    """Marks → (published version ids, cycle years) whose summaries may have changed. A comment
    counts on every version of its draft (it is carried to the later ones)."""
    ids: dict[str, set[int]] = {k: set() for k in "tcavyu"}
    for value in values:
        kind, _sep, number = value.partition(":")
        if kind in ids and number.isdigit():
            ids[kind].add(int(number))
    targets = set(ids["t"])
    for chunk in _chunks(ids["c"]):
        targets.update(session.scalars(select(Comment.target_id).where(Comment.id.in_(chunk))))
    for chunk in _chunks(ids["a"]):
        targets.update(
            session.scalars(select(Comment.target_id).distinct().where(Comment.author_id.in_(chunk)))
        )
    drafts: set[int] = set()
    for chunk in _chunks(targets):
        drafts.update(
            session.scalars(
                select(DraftVersion.draft_id)
                .distinct()
                .join(DraftUnit, DraftUnit.version_id == DraftVersion.id)
                .where(DraftUnit.comment_target_id.in_(chunk))
            )
        )
    for chunk in _chunks(ids["v"]):
        drafts.update(session.scalars(select(DraftVersion.draft_id).where(DraftVersion.id.in_(chunk))))
    versions: set[int] = set()
    for chunk in _chunks(drafts):
        versions.update(
            session.scalars(
                select(DraftVersion.id).where(
                    DraftVersion.draft_id.in_(chunk), DraftVersion.status == VersionStatus.PUBLISHED.value
                )
            )
        )
    cycles = set(ids["y"])
    for chunk in _chunks(ids["u"]):
        cycles.update(session.scalars(select(Usulan.cycle_id).where(Usulan.id.in_(chunk))))
    years: set[int] = set()
    for chunk in _chunks(cycles):
        years.update(session.scalars(select(MusrenbangCycle.year).where(MusrenbangCycle.id.in_(chunk))))
    return versions, years


def _kecamatan_scopes(session: Session, year: int) -> list[str]:
    """Kecamatan whose own rekap has been computed for this year: kept fresh with the city's."""
    prefix = queries.musrenbang_scope_key(year) + ":"
    keys = session.scalars(
        select(SummarySnapshot.scope_key)
        .distinct()
        .where(
            SummarySnapshot.kind == SummaryKind.MUSRENBANG.value,
            SummarySnapshot.scope_key.startswith(prefix, autoescape=True),
        )
    )
    return sorted(k[len(prefix) :] for k in keys if k[len(prefix) :])


def queue_refreshes(
    session: Session, *, versions: Iterable[int], years: Iterable[int], now: Any, delay: float = DEFAULT_DELAY
) -> list[int]:
    """One refresh per version and year (coalesced with one still queued); returns job ids."""
    jobs = []
    for version_id in sorted(set(versions)):
        jobs.append(
            enqueue(
                session,
                "summaries.refresh_draft",
                {"version_id": version_id},
                now=now,
                dedupe_key=draft_dedupe_key(version_id),
                delay=delay,
            ).id
        )
    for year in sorted(set(years)):
        for kecamatan in (None, *_kecamatan_scopes(session, year)):
            jobs.append(
                enqueue(
                    session,
                    "summaries.refresh_musrenbang",
                    {"year": year, "kecamatan_code": kecamatan},
                    now=now,
                    dedupe_key=musrenbang_dedupe_key(year, kecamatan),
                    delay=delay,
                ).id
            )
    return jobs


@every(0, "summaries.flush_marks")
def flush_marks(tick: Tick) -> None:
    """Turn the marks left since the last sweep into (coalesced, delayed) refresh jobs."""
    values = tick.take(TOPIC)
    if not values:
        return
    versions, years = resolve_marks(tick.session, values)
    configured = tick.config.get("SUMMARY_REFRESH_DELAY_SECONDS")
    delay = DEFAULT_DELAY if configured in (None, "") else float(configured)
    queue_refreshes(tick.session, versions=versions, years=years, now=tick.now, delay=delay)
    hidden = {"t:" + v[2:] for v in values if v.startswith("h:")}
    if hidden:
        # a hide is taken out of every page at once (current.py), but figures such as the number
        # of commenters wait for the refresh: no debounce for it (its own dedupe key, so the
        # delayed refresh already queued does not absorb it; that one then finds nothing new)
        urgent, _years = resolve_marks(tick.session, hidden)
        for version_id in sorted(urgent):
            enqueue(
                tick.session,
                "summaries.refresh_draft",
                {"version_id": version_id},
                now=tick.now,
                dedupe_key=draft_dedupe_key(version_id) + ":segera",
            )


RECONCILE_EVERY = 6 * 60 * 60  # seconds


@every(RECONCILE_EVERY, "summaries.reconcile")
def reconcile(tick: Tick) -> None:
    """Queue a refresh of every published version and cycle year when a process starts and every
    six hours after. Marks wait in memory (or in Redis, which may keep nothing on disk) until the
    next sweep, so a crash in between would leave a summary stale until the next change; this
    puts it right. It costs little: a refresh whose input has not changed stops at a narrow check
    (``services.refresh_draft_summary``), and the dedupe keys coalesce it with a queued refresh."""
    versions = set(
        tick.session.scalars(
            select(DraftVersion.id).where(DraftVersion.status == VersionStatus.PUBLISHED.value)
        )
    )
    years = set(tick.session.scalars(select(MusrenbangCycle.year)))
    configured = tick.config.get("SUMMARY_REFRESH_DELAY_SECONDS")
    delay = DEFAULT_DELAY if configured in (None, "") else float(configured)
    queue_refreshes(tick.session, versions=versions, years=years, now=tick.now, delay=delay)


# ----------------------------------------------------------------------------- reports

REPORT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_key(snapshot_id: int, fmt: str, full: bool, variant: str = "") -> str:
    """A built report's identity: its snapshot (immutable), ``variant`` (what else the file
    shows: the comments withdrawn since and the freshness, ``current.report_identity``), format
    and audience."""
    middle = f"{variant}:" if variant else ""
    return f"summary-report:{snapshot_id}:{middle}{fmt}:{'full' if full else 'public'}"


@job_handler("summaries.report", title=N_("Menyusun laporan ringkasan"), max_attempts=2)
def build_report(
    ctx: JobContext,
    *,
    snapshot_id: int,
    fmt: str,
    full: bool,
    endpoint: str,
    values: dict[str, Any],
    filename: str,
) -> dict[str, Any]:
    """The PDF or XLSX of a snapshot, kept as a report file (it expires, then is built again
    when asked for); the status page's result link is the report's own download."""
    if fmt not in REPORT_TYPES:
        raise ValueError(f"report format {fmt!r}")
    snap = ctx.session.get(SummarySnapshot, int(snapshot_id))
    if snap is None:
        raise NotFound(N_("Ringkasan ini sudah tidak ada; hitung ulang lalu unduh lagi."))
    ctx.progress(10, N_("Memuat masukan"))
    from participation.summaries import current  # it imports this module's dedupe keys

    # comments withdrawn by now are taken out, and the file says when the snapshot was
    # computed and whether newer input waits (the download's key covers both)
    if snap.kind == SummaryKind.DRAFT.value:
        result = current.draft_result_of(ctx.session, snap, full=bool(full), complete=True)
    else:
        result = current.musrenbang_result_of(ctx.session, snap)
    ctx.progress(40, N_("Menyusun berkas laporan"))
    data = rendered_reports.render_file(result, fmt)
    ctx.progress(90, N_("Menyimpan berkas laporan"))
    stored = store_file(
        ctx.session,
        data,
        content_type=REPORT_TYPES[fmt],
        filename=f"{filename}.{fmt}",
        kind=FileKind.REPORT,
        actor_id=ctx.actor_id,
        now=ctx.now,
        expires_at=ctx.now + REPORT_LIFETIME,
    )
    return {"file_id": stored.id, "endpoint": endpoint, "values": values, "size": stored.size}


def latest_totals(
    session: Session,
    kind: SummaryKind,
    scope_key: str,
) -> tuple[int, dict[str, Any]] | None:
    """(id, totals) of the newest snapshot of a scope, reading only its totals: whether its
    report is large is known without loading megabytes of JSON in the request."""
    row = session.execute(
        select(SummarySnapshot.id, SummarySnapshot.result["totals"].label("totals"))
        .where(SummarySnapshot.kind == kind.value, SummarySnapshot.scope_key == scope_key)
        .order_by(SummarySnapshot.created_at.desc(), SummarySnapshot.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    return row.id, row.totals if isinstance(row.totals, dict) else {}


def report_size(totals: dict[str, Any]) -> int:
    """Comments (draft) or usulan (musrenbang) a report covers."""
    return int(totals.get("comments") or totals.get("count") or 0)


# the laporan hasil uji publik's job (issue 16) lives with its data builder; importing it here
# registers it wherever summary jobs are loaded (workers included)
from participation.summaries import consultation as _consultation  # noqa: E402, F401
