"""``participation users …``: create users with roles, set passwords, list users."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from participation.accounts import services
from participation.accounts.models import Role, User
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.regions.services import resolve_kecamatan, resolve_kelurahan
from participation.web.cli_support import cli_session

ROLE_CHOICE = click.Choice([r.value for r in Role] + [r.value.lower() for r in Role])


@click.group("users")
def users_group() -> None:
    """Pengguna dan peran."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--name", default="", help="Nama tampilan (bawaan: bagian depan e-mail).")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=ROLE_CHOICE,
    default=["CITIZEN"],
    show_default=True,
    help="Boleh diulang.",
)
@click.option("--kelurahan", help="Kode atau nama kelurahan (untuk COORDINATOR).")
@click.option("--kecamatan", help="Kode atau nama kecamatan (untuk VERIFIER; kosong = kota).")
@click.option(
    "--password", prompt=True, hide_input=True, confirmation_prompt=True, envvar="PARTICIPATION_NEW_PASSWORD"
)
@with_appcontext
def create(
    email: str, name: str, roles: tuple[str, ...], kelurahan: str | None, kecamatan: str | None, password: str
) -> None:
    """Buat pengguna terkonfirmasi dengan peran."""
    with cli_session() as session:
        kel_code = kec_code = None
        if kelurahan:
            kel = resolve_kelurahan(session, kelurahan)
            if kel is None:
                raise click.ClickException(f"Kelurahan tidak dikenal: {kelurahan}")
            kel_code = kel.code
        if kecamatan:
            kec = resolve_kecamatan(session, kecamatan)
            if kec is None:
                raise click.ClickException(f"Kecamatan tidak dikenal: {kecamatan}")
            kec_code = kec.code
        wanted = [Role(r.upper()) for r in roles]
        try:
            user = services.create_user(
                session,
                email=email,
                name=name,
                password=password,
                now=utcnow(),
                roles=[
                    (r, kel_code if r == Role.COORDINATOR else None, kec_code if r == Role.VERIFIER else None)
                    for r in wanted
                ],
            )
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(
            f"Pengguna #{user.id} {user.email} dibuat dengan peran "
            + ", ".join(r.value for r in wanted)
            + "."
        )


@users_group.command("set-password")
@click.option("--email", required=True)
@click.option(
    "--password", prompt=True, hide_input=True, confirmation_prompt=True, envvar="PARTICIPATION_NEW_PASSWORD"
)
@with_appcontext
def set_password(email: str, password: str) -> None:
    """Setel kata sandi baru (mengakhiri semua sesi pengguna itu)."""
    with cli_session() as session:
        user = services.find_user_by_email(session, email)
        if user is None:
            raise click.ClickException(f"Tidak ada pengguna dengan e-mail {email}.")
        try:
            services.set_password(session, user, password, now=utcnow())
        except DomainError as exc:
            raise click.ClickException(exc.message) from exc
        click.echo(f"Kata sandi {user.email} diganti.")


@users_group.command("list")
@with_appcontext
def list_users() -> None:
    """Daftar pengguna dengan perannya."""
    with cli_session() as session:
        for user in session.scalars(select(User).order_by(User.id)):
            roles = ", ".join(
                a.role
                + (
                    f"({a.kelurahan_code or a.kecamatan_code})"
                    if a.kelurahan_code or a.kecamatan_code
                    else ""
                )
                for a in user.role_assignments
            )
            state = "" if user.active else " [nonaktif]"
            click.echo(f"#{user.id}\t{user.email}\t{roles}{state}")
