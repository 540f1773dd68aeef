"""What the ``drafts`` and ``comments`` commands share: the ``drafts`` group the commands of
every module here attach to, reading a draft file, printing JSON, and the tim penyusun account
a CLI action is recorded against.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from sqlalchemy import select

from participation.accounts.models import Role, User
from participation.core.errors import DomainError
from participation.core.i18n import N_
from participation.drafts.models import Draft, DraftVersion
from participation.drafts.sources import extract_text


def read_draft_file(path: str) -> str:
    p = Path(path)
    try:
        return extract_text(p.name, p.read_bytes(), max_bytes=50 * 1024 * 1024)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None


def version_or_exit(session, version_id: int) -> DraftVersion:
    """The version a command names, or the command stops with the reason."""
    version = session.get(DraftVersion, version_id)
    if version is None:
        raise click.ClickException(N_("Versi {id} tidak ditemukan.").format(id=version_id))
    return version


def draft_or_exit(session, draft_id: int) -> Draft:
    """The draft a command names, or the command stops with the reason."""
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise click.ClickException(N_("Rancangan {id} tidak ditemukan.").format(id=draft_id))
    return draft


def echo_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def staff_account(session) -> User:
    # CLI actions are recorded in the audit log against the first tim penyusun account, if any
    from participation.accounts.models import RoleAssignment

    user = session.scalar(
        select(User)
        .join(RoleAssignment, RoleAssignment.user_id == User.id)
        .where(RoleAssignment.role == Role.DRAFTER.value)
        .order_by(User.id)
    )
    if user is None:
        raise click.ClickException(
            "Buat dulu akun tim penyusun: participation users create --email … --role drafter"
        )
    return user


@click.group("drafts")
def drafts_group() -> None:
    """Rancangan peraturan: baca, impor, bandingkan versi."""
