"""The expected authorisation of every endpoint, written out by hand, and how to build its URL
from demo objects. Shared by the authorisation matrix, CSRF and hostile-parameter tests.

Rules: ``"public"`` (everyone, also visitors), ``"login"`` (any signed-in account) or
``"roles:A,B"`` (only those roles; role names as in ``tests/security/conftest.py::ROLES``:
CITIZEN, COORDINATOR (kelurahan 64.71.03.1002), VERIFIER_KEC (kecamatan 64.71.03),
VERIFIER_CITY, DRAFTER, DPRD_MEMBER, MODERATOR, ADMIN), or ``"token:A,B"``: an API token
(``Authorization: Bearer``) of an account holding one of those roles, and nothing else — no
cookie is read, so every client of the matrix, signed in or not, is refused with 401, and CSRF
does not apply (the tokens themselves are tested in tests/api/test_tokens.py).

A new endpoint must get an entry in ``TABLE`` (and in ``URL_VALUES``/``QUERY`` when its URL needs
more than the shared parameter names below), or test_authorization_matrix fails.
"""

from __future__ import annotations

from werkzeug.routing import Rule

ROLE_NAMES = (
    "ANON",
    "CITIZEN",
    "COORDINATOR",
    "VERIFIER_KEC",
    "VERIFIER_CITY",
    "DRAFTER",
    "DPRD_MEMBER",
    "MODERATOR",
    "ADMIN",
)

DRAFTER = "roles:DRAFTER"
KELURAHAN_STAFF = "roles:COORDINATOR,ADMIN"
CYCLE_MANAGERS = "roles:VERIFIER_CITY,ADMIN"
VERIFIERS = "roles:VERIFIER_KEC,VERIFIER_CITY,ADMIN"
ADMIN = "roles:ADMIN"
MODERATORS = "roles:MODERATOR,ADMIN"
STAFF = "roles:COORDINATOR,VERIFIER_KEC,VERIFIER_CITY,DRAFTER,DPRD_MEMBER,MODERATOR,ADMIN"

TABLE: dict[str, dict[str, str]] = {
    # web
    "web.home": {"GET": "public"},
    "web.about": {"GET": "public"},
    "web.healthz": {"GET": "public"},
    "web.area_placeholder": {"GET": "public"},
    "web.set_language": {"POST": "public"},
    # accounts
    "accounts.register": {"GET": "public", "POST": "public"},
    "accounts.login": {"GET": "public", "POST": "public"},
    "accounts.logout": {"POST": "public"},
    "accounts.forgot_password": {"GET": "public", "POST": "public"},
    "accounts.reset_password": {"GET": "public", "POST": "public"},
    "accounts.confirm_email": {"GET": "public"},
    "accounts.profile": {"GET": "login", "POST": "login"},
    "accounts.change_password": {"POST": "login"},
    "accounts.resend_confirmation": {"POST": "login"},
    "accounts.export_data": {"GET": "login"},
    "accounts.delete_account": {"GET": "login", "POST": "login"},
    "accounts.logout_everywhere": {"POST": "login"},
    # API tokens (issue 18): staff only; revoking an unknown id is a 404 for them
    "api_tokens.index": {"GET": STAFF, "POST": STAFF},
    "api_tokens.revoke": {"POST": STAFF},
    # admin
    "admin.dashboard": {"GET": ADMIN},
    "admin.users": {"GET": ADMIN},
    "admin.user_detail": {"GET": ADMIN},
    "admin.audit_log": {"GET": ADMIN},
    "admin.assign_role": {"POST": ADMIN},
    "admin.revoke_role": {"POST": ADMIN},
    "admin.set_active": {"POST": ADMIN},
    # moderation
    "moderation.queue": {"GET": MODERATORS},
    "moderation.public_log": {"GET": "public"},
    "moderation.hide": {"POST": MODERATORS},
    "moderation.restore": {"POST": MODERATORS},
    "moderation.approve": {"POST": MODERATORS},
    "moderation.resolve": {"POST": MODERATORS},
    # drafts: reading is public; the tim penyusun manages and answers
    "drafts.index": {"GET": "public"},
    "drafts.read": {"GET": "public"},
    "drafts.unit": {"GET": "public"},
    "drafts.unit_version": {"GET": "public", "POST": "login"},
    "drafts.history": {"GET": "public"},
    # an unpublished version is compared for the tim penyusun only, 404 for anyone else
    # (tests/security/test_compare_versions.py); without parameters the published ones
    "drafts.compare": {"GET": "public"},
    "drafts.compare_xlsx": {"GET": "public"},
    "drafts.matrix": {"GET": "public"},
    "drafts.matrix_xlsx": {"GET": "public"},
    "drafts.mine": {"GET": "login"},
    "drafts.mark_read": {"POST": "login"},
    # comments: every notification of the signed-in account
    "comments.notifications_page": {"GET": "login"},
    "comments.mark_all_read": {"POST": "login"},
    "drafts.endorse": {"POST": "login"},
    "drafts.flag": {"POST": "login"},
    "drafts.reply": {"POST": "login"},
    "drafts.paper": {"GET": "public"},
    # a published version's downloads; an unpublished one's are 404 to all but the tim penyusun
    # (tests/security/test_version_downloads.py)
    "drafts.version_original": {"GET": "public"},
    "drafts.version_pdf": {"GET": "public"},
    "drafts.version_akn": {"GET": "public"},  # Akoma Ntoso 3.0 (issue 18)
    "drafts.create": {"GET": DRAFTER, "POST": DRAFTER},
    "drafts.edit": {"GET": DRAFTER, "POST": DRAFTER},
    "drafts.manage": {"GET": DRAFTER},
    "drafts.new_version": {"GET": DRAFTER, "POST": DRAFTER},
    "drafts.report": {"GET": DRAFTER},
    "drafts.publish": {"POST": DRAFTER},
    "drafts.reparse": {"POST": DRAFTER},
    "drafts.acknowledge": {"POST": DRAFTER},
    "drafts.window": {"POST": DRAFTER},
    "drafts.close": {"POST": DRAFTER},
    "drafts.inbox": {"GET": DRAFTER, "POST": DRAFTER},
    "drafts.answer_one": {"GET": DRAFTER, "POST": DRAFTER},
    "drafts.external": {"GET": DRAFTER, "POST": DRAFTER},
    "drafts.external_one": {"POST": DRAFTER},
    "drafts.external_template": {"GET": DRAFTER},
    "drafts.explain": {"POST": DRAFTER},
    "drafts.mapping": {"GET": DRAFTER, "POST": DRAFTER},
    "drafts.premoderation": {"POST": "roles:DRAFTER,MODERATOR,ADMIN"},
    # the draft's life after the consultation (issue 16): naskah akhir, penetapan,
    # pengundangan, dibatalkan / ditarik; the override of the naskah akhir gate is refused in the
    # domain to a DRAFTER without DRAFT_LEAD (tests/drafts/test_lifecycle_views.py)
    "drafts.finalize": {"GET": DRAFTER, "POST": DRAFTER},
    "drafts.enact": {"GET": DRAFTER, "POST": DRAFTER},
    "drafts.promulgate": {"GET": DRAFTER, "POST": DRAFTER},
    "drafts.end": {"GET": DRAFTER, "POST": DRAFTER},
    # musrenbang
    "musrenbang.index": {"GET": "public"},
    "musrenbang.tracker": {"GET": "public"},
    "musrenbang.export": {"GET": "public"},
    "musrenbang.recap": {"GET": "public"},
    "musrenbang.recap_export": {"GET": "public"},
    "musrenbang.nomenclature_search": {"GET": "public"},  # Kemendagri reference data
    "musrenbang.detail": {"GET": "public"},
    # the fixture's photo belongs to a draf usulan: as private as the draf (issue 13)
    "musrenbang.photo": {"GET": "roles:COORDINATOR,VERIFIER_KEC,VERIFIER_CITY,ADMIN"},
    "musrenbang.import_template": {"GET": "public"},
    "musrenbang.workspace": {"GET": KELURAHAN_STAFF},
    "musrenbang.inbox": {"GET": KELURAHAN_STAFF},
    "musrenbang.new_usulan": {"GET": KELURAHAN_STAFF, "POST": KELURAHAN_STAFF},
    "musrenbang.edit_usulan": {"GET": KELURAHAN_STAFF, "POST": KELURAHAN_STAFF},
    "musrenbang.similar_json": {"GET": "roles:COORDINATOR,DPRD_MEMBER,ADMIN"},
    "musrenbang.move": {"POST": KELURAHAN_STAFF},
    "musrenbang.act": {"POST": "roles:COORDINATOR,VERIFIER_KEC,VERIFIER_CITY,ADMIN"},
    "musrenbang.upload_photo": {"POST": KELURAHAN_STAFF},
    "musrenbang.new_pokir": {"GET": "roles:DPRD_MEMBER,ADMIN", "POST": "roles:DPRD_MEMBER,ADMIN"},
    "musrenbang.import_usulan": {"GET": KELURAHAN_STAFF, "POST": KELURAHAN_STAFF},
    # any signed-in account may post; the token names the uploader's own preview (else 400/403)
    "musrenbang.import_commit": {"POST": "login"},
    "musrenbang.propose": {"GET": "login", "POST": "login"},
    "musrenbang.my_proposals": {"GET": "login"},
    "musrenbang.decide": {"POST": KELURAHAN_STAFF},
    "musrenbang.berita_acara": {
        "GET": "roles:COORDINATOR,VERIFIER_KEC,VERIFIER_CITY,ADMIN",
        "POST": "roles:COORDINATOR,VERIFIER_KEC,VERIFIER_CITY,ADMIN",
    },
    # minutes name attendees: staff of the forum's scope only
    "musrenbang.berita_acara_file": {"GET": "roles:COORDINATOR,VERIFIER_KEC,VERIFIER_CITY,ADMIN"},
    "musrenbang.queue": {"GET": VERIFIERS},
    "musrenbang.bulk": {"POST": VERIFIERS},
    "musrenbang.rank": {"POST": VERIFIERS},
    "musrenbang.manage": {"GET": CYCLE_MANAGERS},
    "musrenbang.create_cycle": {"POST": CYCLE_MANAGERS},
    "musrenbang.set_stage": {"POST": CYCLE_MANAGERS},
    "musrenbang.reopen": {"POST": ADMIN},
    "musrenbang.set_pagu": {"POST": CYCLE_MANAGERS},
    "musrenbang.add_item": {"POST": CYCLE_MANAGERS},
    "musrenbang.toggle_item": {"POST": CYCLE_MANAGERS},
    # pelaksanaan after diakomodir (issue 17 point 5): Bappeda (city verifier) and admin record;
    # everyone reads the trail on the usulan's page and the photos of the work
    "musrenbang.progress": {"GET": CYCLE_MANAGERS, "POST": CYCLE_MANAGERS},
    "musrenbang.progress_list": {"GET": CYCLE_MANAGERS},
    "musrenbang.progress_import": {"GET": CYCLE_MANAGERS, "POST": CYCLE_MANAGERS},
    "musrenbang.progress_template": {"GET": CYCLE_MANAGERS},
    "musrenbang.progress_photo": {"GET": "public"},
    # summaries: public reading; recomputation and group answers for staff
    "summaries.index": {"GET": "public"},
    "summaries.draft_summary": {"GET": "public"},
    "summaries.draft_report": {"GET": "public"},
    "summaries.open_data_comments": {"GET": "public"},
    "summaries.open_data_index": {"GET": "public"},
    "summaries.open_data_package": {"GET": "public"},
    "summaries.open_data_schema": {"GET": "public"},
    "summaries.open_data_matrix": {"GET": "public"},
    "summaries.musrenbang_summary": {"GET": "public"},
    "summaries.musrenbang_report": {"GET": "public"},
    "summaries.refresh_draft": {"POST": "roles:DRAFTER,ADMIN"},
    "summaries.refresh_musrenbang": {"POST": "roles:VERIFIER_KEC,VERIFIER_CITY,DPRD_MEMBER,ADMIN"},
    "summaries.answer_campaign": {"POST": DRAFTER},
    # the ringkasan eksekutif is public like the summary it condenses (issue 15)
    "summaries.executive_summary": {"GET": "public"},
    "summaries.executive_summary_pdf": {"GET": "public"},
    # the laporan hasil uji publik of a draft (issue 16): public once a version was published
    "summaries.consultation_report": {"GET": "public"},
    "summaries.consultation_report_file": {"GET": "public"},
    # the drafting team's theme edits (issue 15): the tim penyusun and admins only
    "summaries.themes_page": {"GET": "roles:DRAFTER,ADMIN"},
    "summaries.theme_members": {"GET": "roles:DRAFTER,ADMIN"},
    "summaries.split_theme": {"POST": "roles:DRAFTER,ADMIN"},
    "summaries.merge_themes": {"POST": "roles:DRAFTER,ADMIN"},
    "summaries.rename_theme": {"POST": "roles:DRAFTER,ADMIN"},
    "summaries.move_comment": {"POST": "roles:DRAFTER,ADMIN"},
    # jobs: the one who started a job (the demo's is the tim penyusun's) and admins; anyone
    # else gets a 404, as if the job did not exist
    "jobs.status": {"GET": "roles:DRAFTER,ADMIN"},
    "jobs.status_json": {"GET": "roles:DRAFTER,ADMIN"},
    "jobs.retry": {"POST": "roles:DRAFTER,ADMIN"},
    "jobs.admin_list": {"GET": ADMIN},
    # the public read-only API (issue 18): GET only, public data only, for everyone
    "api.drafts": {"GET": "public"},
    "api.draft": {"GET": "public"},
    "api.draft_versions": {"GET": "public"},
    "api.version": {"GET": "public"},
    "api.unit": {"GET": "public"},
    "api.comments": {"GET": "public"},
    "api.matriks": {"GET": "public"},
    "api.summary": {"GET": "public"},
    "api.cycles": {"GET": "public"},
    "api.usulan": {"GET": "public"},
    "api.openapi": {"GET": "public"},
    # the batch imports for integrations (issue 18): an API token only, as its owner
    "api.import_comments": {"POST": "token:DRAFTER"},
    "api.import_usulan": {"POST": "token:COORDINATOR,ADMIN"},
    "api.docs": {"GET": "public"},
}

# URL parameters per endpoint where the shared names (DemoObjects.values) are not enough
URL_VALUES: dict[str, dict[str, str]] = {
    "accounts.confirm_email": {"token": "confirm_token"},
    "accounts.reset_password": {"token": "reset_token"},
    "musrenbang.edit_usulan": {"usulan_id": "draft_usulan_id"},
    "musrenbang.upload_photo": {"usulan_id": "draft_usulan_id"},
    "musrenbang.move": {"usulan_id": "draft_usulan_id"},
    "api.unit": {"unit_key": "unit_path"},
    # the demo has no API token: any id does (refused roles are refused before the lookup)
    "api_tokens.revoke": {"token_id": "user_id"},
}
CONSTANTS: dict[str, dict[str, str]] = {
    "web.area_placeholder": {"slug": "raperda"},
    "musrenbang.export": {"fmt": "csv"},
    "musrenbang.recap_export": {"fmt": "csv"},
    "musrenbang.import_template": {"fmt": "csv"},
    "musrenbang.progress_template": {"fmt": "xlsx"},
    "drafts.external_template": {"fmt": "xlsx"},
    "musrenbang.add_item": {"kind": "opd"},
    "musrenbang.toggle_item": {"kind": "opd"},
    "summaries.draft_report": {"fmt": "json"},
    "summaries.consultation_report_file": {"fmt": "xlsx"},
    "summaries.musrenbang_report": {"fmt": "json"},
    "summaries.open_data_schema": {"shape": "masukan"},
    "summaries.theme_members": {"ref": "t1"},
    "summaries.split_theme": {"ref": "t1"},
}
SHARED = {
    "draft_id": "draft_id",
    "number": "number",
    "unit_path": "unit_path",
    "comment_id": "comment_id",
    "usulan_id": "usulan_id",
    "photo_id": "photo_id",
    "ba_id": "ba_id",
    "proposal_id": "proposal_id",
    "stage_id": "stage_id",
    "item_id": "opd_id",
    "code": "kelurahan",
    "year": "year",
    "version_id": "version_id",
    "campaign_id": "campaign_id",
    "user_id": "user_id",
    "job_id": "job_id",
}
# the demo has no such file: allowed roles get 404 (refused ones still the login page or 403);
# musrenbang.progress_photo: the demo records no photo of the work (tested in tests/musrenbang)
ABSENT_IN_DEMO = {"drafts.paper", "musrenbang.progress_photo"}
# refused with 404, as if absent: what is refused is whether the thing exists at all (a photo of
# a draf usulan must not confirm that the draf exists)
NOT_FOUND_WHEN_REFUSED = {"musrenbang.photo", "jobs.status", "jobs.status_json", "jobs.retry"}
QUERY: dict[str, str] = {
    "musrenbang.new_usulan": "?kelurahan=64.71.03.1002",
    "musrenbang.similar_json": "?kelurahan=64.71.03.1002&judul=Semenisasi+jalan",
}


def token_only(rule: str) -> bool:
    """A ``token:`` rule: reached with an API token only, never with the matrix's cookies."""
    return rule.startswith("token:")


def allowed_roles(rule: str) -> set[str]:
    """Who may; for a ``token:`` rule, whose tokens may (their cookies still may not)."""
    if rule == "public":
        return set(ROLE_NAMES)
    if rule == "login":
        return set(ROLE_NAMES) - {"ANON"}
    kind, _sep, names = rule.partition(":")
    assert kind in ("roles", "token"), f"unknown rule {rule!r}"
    assert names, f"unknown rule {rule!r}"
    roles = set(names.split(","))
    assert roles <= set(ROLE_NAMES), f"unknown role in {rule!r}"
    return roles


def app_endpoints(app) -> list[tuple[Rule, str]]:
    """Every (rule, method) the app answers, static files excepted."""
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            out.append((rule, method))
    return sorted(out, key=lambda rm: (rm[0].rule, rm[1]))


def build_url(rule: Rule, values: dict[str, object]) -> str:
    endpoint = rule.endpoint
    params: dict[str, object] = {}
    for arg in rule.arguments:
        if arg in CONSTANTS.get(endpoint, {}):
            params[arg] = CONSTANTS[endpoint][arg]
            continue
        name = URL_VALUES.get(endpoint, {}).get(arg) or SHARED.get(arg)
        assert name is not None, (
            f"{endpoint}: no value for URL parameter <{arg}>; add it to URL_VALUES, CONSTANTS or "
            "SHARED in tests/security/endpoints.py"
        )
        params[arg] = values[name]
    built = rule.build(params, append_unknown=False)
    assert built is not None, (endpoint, params)
    return built[1] + QUERY.get(endpoint, "")
