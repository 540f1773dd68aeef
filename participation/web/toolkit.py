"""What every view does the same way: who is acting, the hashed client address for the audit log,
a domain refusal shown on its form field (or flashed), and the one step that records a change:
commit the request's session, or roll it back and show the refusal.

    form = DraftForm()
    if form.validate_on_submit():
        with committing(form=form) as step:
            draft = services.create_draft(db(), actor=current_actor(), ..., ip_hash=client_hash())
        if step.ok:
            flash(_("Rancangan dibuat."), "success")
            return redirect(url_for("drafts.manage", draft_id=draft.id))
    return render_template("drafts/new.html", form=form), 422 if form.errors else 200

Only ``DomainError`` is caught: anything else propagates, and the request's session is rolled back
when the request ends (``participation.web.db``). Messages are shown through ``gettext`` so a
domain ``Message`` is translated into the reader's language when it is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any

import flask
from flask import current_app, request
from flask_login import current_user

from participation.core.audit import hash_ip
from participation.core.errors import DomainError
from participation.core.i18n import N_, Message, to_data
from participation.web.db import db
from participation.web.i18n import gettext as _


def current_actor() -> Any:
    """The logged-in ``User`` as the domain services and policies take it, or None for a
    visitor (never Flask-Login's proxy or its anonymous user)."""
    if not current_user.is_authenticated:
        return None
    return current_user._get_current_object()


def client_hash() -> str | None:
    """The client address as the audit log keeps it: a keyed hash (the app's secret key), so staff
    can see that two actions came from one address; the address itself is never stored or logged."""
    return hash_ip(request.remote_addr, current_app.config["SECRET_KEY"])


def flash(message: str, category: str = "message") -> None:
    """``flask.flash`` that keeps a domain ``Message`` as a message: the session holds its msgid
    and parameters (``core.i18n.to_data``), and the page that shows it translates it then, in
    the reader's language, with what it quotes (a title, a name people wrote) marked
    ``lang="id"`` (the ``|flashed`` filter). Any other text is flashed as it is."""
    if isinstance(message, Message):
        flask.flash({"message": to_data(message)}, category)
    else:
        flask.flash(message, category)


def flash_error(exc: DomainError) -> None:
    """A refusal as a flash message, translated when it is shown (a plain ``str`` refusal is
    looked up as a msgid then)."""
    message = exc.message
    flash(message if isinstance(message, Message) else N_(str(message)), "error")


def form_errors(
    form: Any,
    exc: DomainError,
    *,
    field: str | None = None,
    field_names: Mapping[str, str] | None = None,
) -> None:
    """Put a refusal's message next to the form field it names: ``exc.errors`` when it is a
    mapping of field → message (several fields at once), else ``exc.field``, else ``field`` (the
    form's usual culprit). ``field_names`` maps a domain's field name to the form's where they
    differ. A refusal none of whose fields the form has is flashed instead."""
    errors = getattr(exc, "errors", None)
    if not isinstance(errors, dict) or not errors:
        errors = {exc.field or field: exc.message}
    fields = getattr(form, "_fields", None) or {}
    renamed = field_names or {}
    shown = False
    for name, message in errors.items():
        target = fields.get(renamed.get(name, name)) if name else None
        if target is not None:
            target.errors = [*target.errors, _(message)]
            shown = True
    if not shown:
        flash_error(exc)


class Step:
    """The outcome of one ``committing`` block: ``ok`` once committed, else ``error`` is the
    refusal (already rolled back and shown)."""

    def __init__(
        self, form: Any, field: str | None, field_names: Mapping[str, str] | None, success: str | None
    ) -> None:
        self.form = form
        self.field = field
        self.field_names = field_names
        self.success = success
        self.ok = False
        self.error: DomainError | None = None

    def __bool__(self) -> bool:
        return self.ok

    def __enter__(self) -> Step:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool:
        if exc is None:
            db().commit()
            self.ok = True
            if self.success is not None:
                flash(self.success, "success")
            return False
        if not isinstance(exc, DomainError):
            return False
        db().rollback()
        self.error = exc
        if self.form is not None:
            form_errors(self.form, exc, field=self.field, field_names=self.field_names)
        else:
            flash_error(exc)
        return True


def committing(
    *,
    form: Any = None,
    field: str | None = None,
    field_names: Mapping[str, str] | None = None,
    success: str | None = None,
) -> Step:
    """Run the block's domain step and commit the request's session (then flash ``success``, if
    given); on a ``DomainError`` roll back and show it: on ``form``'s field (see ``form_errors``
    for ``field`` and ``field_names``), else flashed. The block's outcome is the ``Step`` it
    binds: ``step.ok``, ``step.error``."""
    return Step(form, field, field_names, success)
