"""Home page, language switch and health check."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from participation.web.db import db
from participation.web.security import safe_next

bp = Blueprint("web", __name__)

# Areas add what is open now to the home page by registering a provider:
# a callable returning a list of dicts {"title", "url", "kind", "detail"}.
HOME_SECTIONS_KEY = "participation.home_sections"


@bp.get("/")
def home():
    sections = []
    for provider in current_app.extensions.get(HOME_SECTIONS_KEY, []):
        sections.append(provider(db()))
    return render_template("home.html", sections=sections)


@bp.post("/bahasa")
def set_language():
    lang = request.form.get("lang", "id")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    return redirect(safe_next(request.form.get("next"), "/"))


# Until an area registers its own index page, its menu entry leads to an explanatory page.
AREA_PAGES = {
    "raperda": ("drafts.index", "Uji Publik Raperda"),
    "musrenbang": ("musrenbang.index", "Musrenbang"),
    "ringkasan": ("summaries.index", "Ringkasan"),
}
NAV_URLS_KEY = "participation.nav_urls"


def _nav_urls() -> dict[str, str]:
    urls = {}
    for slug, (endpoint, _title) in AREA_PAGES.items():
        urls[slug] = (
            url_for(endpoint)
            if endpoint in current_app.view_functions
            else url_for("web.area_placeholder", slug=slug)
        )
    return urls


@bp.app_context_processor
def nav_urls() -> dict:
    # the same on every page of a running app (per mount point): built once, not per render
    if not has_request_context():
        return {"nav_urls": _nav_urls()}
    built: dict[str, dict[str, str]] = current_app.extensions.setdefault(NAV_URLS_KEY, {})
    urls = built.get(request.script_root)
    if urls is None:
        urls = built[request.script_root] = _nav_urls()
    return {"nav_urls": urls}


@bp.get("/segera/<slug>")
def area_placeholder(slug: str):
    if slug not in AREA_PAGES:
        abort(404)
    return render_template("placeholder.html", title=AREA_PAGES[slug][1])


@bp.get("/tentang")
def about():
    return render_template("about.html")


@bp.get("/healthz")
def healthz():
    # a pooled connection and one round trip, without an ORM session: a monitor may call this
    # every few seconds, and the session's setup and teardown cost five times the query
    # (bench/pages.py). Checkout pre-pings PostgreSQL, as a page's first statement does.
    try:
        connection = current_app.extensions["participation.engine"].raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute("SELECT 1")
            cursor.fetchall()
            cursor.close()
            # commit, not the pool's rollback: psycopg forgets its prepared statements on a
            # ROLLBACK (participation.core.db.end_session)
            connection.commit()
        finally:
            connection.close()
    except Exception:
        current_app.logger.warning("healthz: database unreachable")
        return {"status": "error", "database": "unreachable"}, 503
    # what jsonify makes of {"status": "ok", "database": "ok"}, without making it every time
    return Response(HEALTHY, mimetype="application/json")


HEALTHY = b'{"database":"ok","status":"ok"}\n'
