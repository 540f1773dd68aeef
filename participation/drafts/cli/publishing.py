"""``participation drafts publish``: publishing a version (after its mapping and its parse check
warnings are confirmed) and setting its uji publik window, given in WITA.
"""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import with_appcontext

from participation.core.clock import WITA, utcnow
from participation.core.errors import DomainError
from participation.core.i18n import N_
from participation.drafts import services
from participation.drafts.cli.support import drafts_group, staff_account, version_or_exit
from participation.web.cli_support import cli_session

WINDOW_FORMAT = "%Y-%m-%d %H:%M"


def _wita(value: str | None, option: str) -> dt.datetime | None:
    if value is None:
        return None
    try:
        return dt.datetime.strptime(" ".join(value.split()), WINDOW_FORMAT)
    except ValueError:
        raise click.ClickException(
            N_(
                "{option} harus berbentuk \u201cYYYY-MM-DD HH:MM\u201d (WITA), "
                "misalnya \u201c2026-07-01 08:00\u201d."
            ).format(option=option)
        ) from None


def _issue_lines(label: str, issues: list[dict]) -> None:
    for issue in issues:
        where = N_("baris {line}").format(line=issue["line"]) if issue.get("line") else "-"
        click.echo(f"{label} {where}: {issue.get('message')}", err=True)


@drafts_group.command("publish")
@click.argument("version_id", type=int)
@click.option(
    "--accept-mapping",
    is_flag=True,
    help="Konfirmasi dulu pemetaan usulan dari versi sebelumnya (tanpa koreksi; periksa "
    "dengan `drafts compare`) bila belum dikonfirmasi.",
)
@click.option(
    "--removal-reason",
    metavar="TEXT",
    help="Dengan --accept-mapping: alasan penghapusan untuk ketentuan yang dihapus, "
    "dibaca warga yang memberi masukan padanya.",
)
@click.option(
    "--accept-warnings",
    is_flag=True,
    help="Terbitkan walau pemeriksaan naskah memberi peringatan: Anda menyatakan sudah "
    "meninjau setiap peringatan (dicetak ke stderr), tercatat atas nama akun tim "
    "penyusun di log audit.",
)
@click.option("--opens", metavar='"YYYY-MM-DD HH:MM"', help="Uji publik dibuka (WITA).")
@click.option("--closes", metavar='"YYYY-MM-DD HH:MM"', help="Uji publik ditutup (WITA).")
@with_appcontext
def publish_command(
    version_id: int,
    accept_mapping: bool,
    removal_reason: str | None,
    accept_warnings: bool,
    opens: str | None,
    closes: str | None,
) -> None:
    """Terbitkan versi VERSION_ID, dan atur masa uji publiknya bila --opens/--closes diberi.

    Ditolak (kode keluar bukan 0, alasannya di stderr) bila naskah punya kesalahan, bila pemetaan
    dari versi sebelumnya belum dikonfirmasi (tanpa --accept-mapping), atau bila ada peringatan
    pemeriksaan naskah yang belum dikonfirmasi (tanpa --accept-warnings). Setiap peringatan
    dicetak ke stderr, juga saat diterima: seperti kotak centang di halaman pemeriksaan naskah,
    --accept-warnings adalah konfirmasi orang yang menjalankan perintah ini."""
    opens_local, closes_local = _wita(opens, "--opens"), _wita(closes, "--closes")
    now = utcnow()
    with cli_session() as session:
        version = version_or_exit(session, version_id)
        actor = staff_account(session)
        _issue_lines(N_("KESALAHAN"), version.errors)
        pending = services.warnings_pending(version)
        if pending:
            _issue_lines(N_("peringatan"), version.warnings)
        unconfirmed = (
            version.previous_id is not None and version.mapping_confirmed_at is None and not version.published
        )
        try:
            if pending and not accept_warnings and not version.errors:
                raise click.ClickException(
                    N_(
                        "Versi ini belum dapat diterbitkan: ada {n} peringatan pemeriksaan naskah "
                        "(di atas). Tinjau setiap peringatan, lalu ulangi dengan --accept-warnings."
                    ).format(n=len(version.warnings))
                )
            carried = None
            if accept_mapping and unconfirmed and not version.errors:
                reason = {"default_reason": removal_reason} if removal_reason else {}
                carried = services.confirm_mapping(session, version=version, actor=actor, now=now, **reason)
            services.publish_version(
                session, version=version, actor=actor, now=now, acknowledge_warnings=accept_warnings
            )
            if opens_local or closes_local:
                services.set_window(
                    session,
                    version=version,
                    actor=actor,
                    now=now,
                    opens_local=opens_local or _local(version.opens_at, "--opens"),
                    closes_local=closes_local or _local(version.closes_at, "--closes"),
                )
        except DomainError as exc:
            message = exc.message
            if unconfirmed and not accept_mapping and not version.errors:
                message += " " + N_(
                    "Periksa pemetaannya (`participation drafts compare`, atau "
                    "halaman pemetaan), lalu ulangi dengan --accept-mapping."
                )
            elif exc.field == "reasons":
                message += " " + N_("Tuliskan alasannya dengan --removal-reason.")
            raise click.ClickException(message) from None
        draft_id, number = version.draft_id, version.number
        window = (
            N_("Uji publik: {text}").format(text=services.closing_text(version, now))
            if version.opens_at and version.closes_at
            else N_(
                "Masa uji publik belum dijadwalkan: atur dengan --opens dan --closes, atau di "
                "halaman kelola rancangan."
            )
        )
    click.echo(N_("Versi {n} rancangan #{draft} diterbitkan.").format(n=number, draft=draft_id))
    if carried is not None:
        click.echo(
            N_("Pemetaan dikonfirmasi: {u} masukan tidak berubah, {c} berubah, {r} dihapus.").format(
                u=carried["unchanged"], c=carried["changed"], r=carried["removed"]
            )
        )
    click.echo(window)


def _local(value: dt.datetime | None, option: str) -> dt.datetime:
    if value is None:
        raise click.ClickException(
            N_("Masa uji publik belum dijadwalkan: beri juga {option}.").format(option=option)
        )
    return value.astimezone(WITA).replace(tzinfo=None)
