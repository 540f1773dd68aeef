"""Pages anyone may read: the cycle overview, the public tracker, a page per usulan with its
history, exports (CSV/XLSX, SIPD layout) and the recap per kelurahan. No personal data."""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_login import current_user

from participation.core.clock import utcnow
from participation.musrenbang import exports, files, policies, queries, services
from participation.musrenbang.models import Jenis, Sumber, UsulanPhoto
from participation.musrenbang.views import (
    KECAMATAN_CODE,
    bp,
    cycle_or_404,
    kelurahan_arg,
)
from participation.musrenbang.workflow import Action, UsulanStatus
from participation.web.db import db
from participation.web.files import file_response
from participation.web.i18n import gettext as _
from participation.web.pagination import Page, page_arg
from participation.web.toolkit import current_actor

PER_PAGE = 25
_TEXT_FILTERS = ("bidang", "opd", "q")


@bp.get("")
def index():
    cycle = services.current_cycle(db())
    me = current_actor()
    counts = queries.status_counts(db(), cycle.id) if cycle else {}
    my_kelurahan = [a.kelurahan_code for a in me.assignments("COORDINATOR")] if me else []
    return render_template(
        "musrenbang/index.html",
        cycle=cycle,
        now=utcnow(),
        counts=counts,
        statuses=list(UsulanStatus),
        my_kelurahan=my_kelurahan,
        can_queue=policies.can_view_queue(me),
        can_manage=policies.can_manage_cycles(me),
        can_propose=policies.can_propose(me),
        can_pokir=policies.can_enter_pokir(me),
        can_import=policies.can_import_statuses(me) or bool(my_kelurahan),
    )


def filters_from_args(*, default_year: int | None) -> queries.UsulanFilter:
    """Filters from the query string; malformed values are a 400, never a 500."""
    args = request.args
    year = args.get("tahun", "")
    if year and (not (year.isascii() and year.isdigit()) or len(year) != 4):
        abort(400)
    kecamatan = args.get("kecamatan", "").strip()
    if kecamatan and not KECAMATAN_CODE.fullmatch(kecamatan):
        abort(400)
    status = args.get("status", "")
    if status and status not in {s.value for s in UsulanStatus}:
        abort(400)
    jenis = args.get("jenis", "")
    if jenis and jenis not in Jenis.__members__:
        abort(400)
    sumber = args.get("sumber", "")
    if sumber and sumber not in {s.value for s in Sumber}:
        abort(400)
    text = {k: " ".join(args.get(k, "").split())[:200] for k in _TEXT_FILTERS}
    return queries.UsulanFilter(
        year=int(year) if year else default_year,
        kecamatan=kecamatan,
        kelurahan=kelurahan_arg(args.get("kelurahan")),
        status=status,
        jenis=jenis,
        sumber=sumber,
        **text,
    )


def _default_year() -> int | None:
    cycle = services.current_cycle(db())
    return cycle.year if cycle else None


@bp.get("/usulan")
def tracker():
    f = filters_from_args(default_year=_default_year())
    page = page_arg()
    rows, total = queries.usulan_page(db(), f, page=page, per_page=PER_PAGE)
    return render_template(
        "musrenbang/tracker.html",
        rows=rows,
        f=f,
        choices=queries.filter_choices(db()),
        statuses=[s for s in UsulanStatus if s != UsulanStatus.DRAFT],
        jenis=list(Jenis),
        page_info=Page(page, PER_PAGE, total),
    )


def download(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Pengusul is personal data (UU 27/2022): the public export leaves the column out.
PUBLIC_COLUMNS = exports.PUBLIC_COLUMNS


@bp.get("/usulan/ekspor.<fmt>")
def export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    f = filters_from_args(default_year=_default_year())
    rows = queries.usulan_export_rows(db(), f)
    name = f"usulan-musrenbang-{f.year or 'semua'}"
    if fmt == "csv":
        return download(exports.rows_to_csv(rows, columns=PUBLIC_COLUMNS), name + ".csv", "text/csv")
    title = _("Usulan Musrenbang %(y)s", y=f.year or "")
    return download(exports.rows_to_xlsx(rows, title=title, columns=PUBLIC_COLUMNS), name + ".xlsx", XLSX)


def _recap(year: int | None) -> tuple[object, list[dict]]:
    cycle = cycle_or_404(year)
    f = filters_from_args(default_year=cycle.year)
    rows = queries.recap_rows(db(), cycle.id, f)
    pagu = {k: v for k, v in services.pagu_map(db(), cycle.id).items() if k.count(".") == 3}
    if f.kecamatan:
        pagu = {k: v for k, v in pagu.items() if k.startswith(f.kecamatan + ".")}
    recap = exports.recap_by_kelurahan(rows, pagu)
    names = queries.kelurahan_names(db())
    for item in recap:
        kel, kec = names.get(item["kelurahan_code"], (item["kelurahan_code"], ""))
        item["kelurahan"] = item["kelurahan"] or kel
        item["kecamatan"] = item["kecamatan"] or kec
    return cycle, recap


def _year_arg() -> int | None:
    year = request.args.get("tahun", "")
    if year and (not (year.isascii() and year.isdigit()) or len(year) != 4):
        abort(400)
    return int(year) if year else None


@bp.get("/rekap")
def recap():
    cycle, recap_rows = _recap(_year_arg())
    return render_template(
        "musrenbang/recap.html",
        cycle=cycle,
        recap=recap_rows,
        choices=queries.filter_choices(db()),
        f=filters_from_args(default_year=cycle.year),
        statuses=list(UsulanStatus),
    )


@bp.get("/rekap/ekspor.<fmt>")
def recap_export(fmt: str):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    cycle, recap_rows = _recap(_year_arg())
    name = f"rekap-musrenbang-{cycle.year}"
    if fmt == "csv":
        return download(
            exports.rows_to_csv(recap_rows, columns=exports.RECAP_COLUMNS), name + ".csv", "text/csv"
        )
    data = exports.rows_to_xlsx(
        recap_rows, title=_("Rekap %(n)s", n=cycle.name), columns=exports.RECAP_COLUMNS
    )
    return download(data, name + ".xlsx", XLSX)


@bp.get("/usulan/<int:usulan_id>")
def detail(usulan_id: int):
    usulan = queries.usulan_detail(db(), usulan_id)
    if usulan is None:
        abort(404)
    me = current_actor()
    staff_view = policies.can_edit_usulan(me, usulan) or policies.can_verify_in(me, usulan.kelurahan_code)
    if not policies.can_see_usulan(me, usulan):
        abort(404)  # a draf is the kelurahan's work in progress, not yet public
    now = utcnow()
    actions = services.actions_for(usulan, me, now) if me else []
    return render_template(
        "musrenbang/detail.html",
        u=usulan,
        actions=actions,
        # a staff member whose actions are hidden reads why (stage dates, scope, decided)
        why=policies.why_no_action(me, usulan, now=now) if staff_view else None,
        Action=Action,
        now=now,
        can_edit=policies.can_edit_usulan(me, usulan) and usulan.status == UsulanStatus.DRAFT,
        can_photo=policies.can_edit_usulan(me, usulan) and len(usulan.photos) < services.MAX_PHOTOS,
        staff_view=staff_view,
        berita_acara=queries.berita_acara_for_usulan(db(), usulan.id),
        is_authenticated=current_user.is_authenticated,
    )


@bp.get("/foto/<int:photo_id>")
def photo(photo_id: int):
    item = db().get(UsulanPhoto, photo_id)
    if item is None or not policies.can_see_usulan(current_actor(), item.usulan):
        abort(404)  # a draf's photos are as private as the draf itself
    stored = item.file
    if stored is None:
        abort(404)  # its file was already missing when the files moved into the database
    # a submitted usulan's photo is public and never changes; a draf's is its kelurahan's only
    public = item.usulan.status != UsulanStatus.DRAFT
    return file_response(
        db(),
        stored,
        download_name=f"foto-usulan-{item.id}{files.EXTENSIONS.get(stored.media_type, '')}",
        inline=True,
        cache_control="public, max-age=86400" if public else "private, no-store",
    )
