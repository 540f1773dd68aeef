"""Create, list, revoke and check API tokens. ``verb_noun(session, ..., *, now)``: validate,
change, flush; never commit. Every create and revoke is audit-logged (name, prefix, scopes),
never the secret. Must not import Flask.

What a token may do is decided at each request from its owner's *current* roles: a token whose
owner lost the role, or whose account was deactivated or erased, does nothing. The scopes only
narrow what the owner may do; they never widen it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from participation.accounts.api_tokens.models import ApiToken
from participation.accounts.models import Role, User
from participation.accounts.policies import has_role
from participation.core import audit
from participation.core.errors import NotFound, PermissionDenied, ValidationError
from participation.core.i18n import N_

PREFIX = "ppt_"  # "partisipasi publik token": recognisable in logs and secret scanners
PREFIX_LENGTH = len(PREFIX) + 8
SCOPE_COMMENTS = "comments_import"
SCOPE_USULAN = "usulan_import"
SCOPES = {
    SCOPE_COMMENTS: N_("Impor masukan dari luar platform (tim penyusun)"),
    SCOPE_USULAN: N_("Impor usulan musrenbang (koordinator kelurahan, admin)"),
}
MAX_NAME = 80
MAX_REASON = 500
MAX_ACTIVE_PER_USER = 20
STAFF_ROLES = tuple(r for r in Role if r != Role.CITIZEN)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def can_hold_tokens(actor: User | None) -> bool:
    """Staff (any role but warga) see and manage their tokens."""
    return has_role(actor, *STAFF_ROLES)


def scope_allowed(actor: User | None, scope: str) -> bool:
    """Whether ``actor``'s roles now allow what ``scope`` does (the area's own policy is asked
    again for the exact draft or kelurahan when the token is used)."""
    if scope == SCOPE_COMMENTS:
        return has_role(actor, Role.DRAFTER)
    if scope == SCOPE_USULAN:
        return has_role(actor, Role.ADMIN) or bool(
            actor is not None and actor.is_active and actor.assignments(Role.COORDINATOR)
        )
    return False


def allowed_scopes(actor: User | None) -> list[str]:
    return [s for s in SCOPES if scope_allowed(actor, s)]


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The account's tokens, newest first, revoked ones too (they stay, as a record)."""
    return list(
        session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc()))
    )


def create_token(
    session: Session,
    *,
    user: User,
    name: str,
    scopes: Iterable[str],
    now: dt.datetime,
    expires_at: dt.datetime | None = None,
    ip_hash: str | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret, which is returned here once and stored nowhere."""
    if not can_hold_tokens(user):
        raise PermissionDenied(N_("Hanya akun petugas yang dapat membuat token API."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(N_("Nama token wajib diisi."), field="name")
    if len(name) > MAX_NAME:
        raise ValidationError(N_("Nama token paling banyak %(n)d karakter.") % {"n": MAX_NAME}, field="name")
    chosen = sorted(set(scopes))
    if not chosen:
        raise ValidationError(N_("Pilih sedikitnya satu izin."), field="scopes")
    refused = [s for s in chosen if s not in SCOPES or not scope_allowed(user, s)]
    if refused:
        raise ValidationError(
            N_("Peran Anda tidak mengizinkan izin ini: %(s)s.") % {"s": ", ".join(refused)}, field="scopes"
        )
    if expires_at is not None and expires_at <= now:
        raise ValidationError(N_("Tanggal kedaluwarsa harus di masa depan."), field="expires")
    active = [t for t in list_tokens(session, user) if t.usable(now)]
    if len(active) >= MAX_ACTIVE_PER_USER:
        raise ValidationError(
            N_("Anda sudah punya %(n)d token aktif; cabut yang tidak dipakai lagi.") % {"n": len(active)}
        )
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=raw[:PREFIX_LENGTH],
        token_hash=hash_token(raw),
        scopes=" ".join(chosen),
        created_at=now,
        created_by_id=user.id,
        expires_at=expires_at,
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        actor_id=user.id,
        action="api_token.create",
        target_type="api_token",
        target_id=token.id,
        now=now,
        ip_hash=ip_hash,
        after={
            "name": name,
            "prefix": token.prefix,
            "scopes": chosen,
            "expires_at": expires_at.isoformat() if expires_at else None,
        },
    )
    return token, raw


def get_own_token(session: Session, user: User, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(N_("Token tidak ditemukan."))
    return token


def revoke_token(
    session: Session,
    *,
    token: ApiToken,
    actor: User,
    now: dt.datetime,
    reason: str | None = None,
    ip_hash: str | None = None,
) -> None:
    """Stops the token at once (the next request is refused). The row stays, as a record."""
    if token.user_id != actor.id:
        raise PermissionDenied(N_("Token ini milik akun lain."))
    if token.revoked_at is not None:
        raise ValidationError(N_("Token ini sudah dicabut."))
    reason = " ".join((reason or "").split())[:MAX_REASON] or None
    token.revoked_at = now
    token.revoked_by_id = actor.id
    token.revoke_reason = reason
    audit.record(
        session,
        actor_id=actor.id,
        action="api_token.revoke",
        target_type="api_token",
        target_id=token.id,
        now=now,
        reason=reason,
        ip_hash=ip_hash,
        before={"name": token.name, "prefix": token.prefix, "scopes": token.scope_list},
        after={"revoked_at": now.isoformat()},
    )
    session.flush()


def authenticate(session: Session, raw: str | None, *, now: dt.datetime) -> ApiToken | None:
    """The usable token ``raw`` is, with its owner loaded; None for a missing, unknown,
    revoked or expired token or an inactive owner. Marks it used."""
    if not raw or not raw.startswith(PREFIX) or len(raw) > 200:
        return None
    token = session.scalar(
        select(ApiToken).options(joinedload(ApiToken.user)).where(ApiToken.token_hash == hash_token(raw))
    )
    if token is None or not token.usable(now):
        return None
    token.last_used_at = now
    session.flush()
    return token


def record_use(
    session: Session,
    *,
    token: ApiToken,
    what: str,
    target_type: str,
    target_id: object,
    rows: int,
    now: dt.datetime,
    ip_hash: str | None = None,
) -> None:
    """Which token made an import (the import's own audit event names the owner)."""
    audit.record(
        session,
        actor_id=token.user_id,
        action="api_token.use",
        target_type="api_token",
        target_id=token.id,
        now=now,
        ip_hash=ip_hash,
        after={
            "prefix": token.prefix,
            "import": what,
            "target_type": target_type,
            "target_id": str(target_id),
            "rows": rows,
        },
    )
