"""``participation drafts finalize | enact | promulgate``: the draft's life after the
consultation (issue 16): the naskah akhir sent to the DPRD (refused with exit code 3 while
comments are unanswered), the enacted perda, and its pengundangan.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask.cli import with_appcontext

from participation.accounts.models import User
from participation.core.clock import utcnow
from participation.core.errors import DomainError
from participation.core.i18n import N_
from participation.drafts.cli.support import (
    draft_or_exit,
    drafts_group,
    echo_json,
    read_draft_file,
    staff_account,
    version_or_exit,
)
from participation.web.cli_support import cli_session

EXIT_UNANSWERED = 3  # `drafts finalize` refused because comments are unanswered
DATE_FORMAT = "%Y-%m-%d"


class UnansweredExit(click.ClickException):
    exit_code = EXIT_UNANSWERED


def _date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.datetime.strptime(value.strip(), DATE_FORMAT).date()
    except ValueError:
        raise click.ClickException(
            N_("{option} harus berbentuk \u201cYYYY-MM-DD\u201d, misalnya \u201c2026-12-07\u201d.").format(
                option=option
            )
        ) from None


def _actor(session, email: str | None) -> User:
    """The account the action is recorded against: --as EMAIL, else the first tim penyusun."""
    if not email:
        return staff_account(session)
    from participation.accounts.services import find_user_by_email
    from participation.drafts import policies

    user = find_user_by_email(session, email)
    if user is None or not user.is_active:
        raise click.ClickException(N_("Akun {email} tidak ditemukan atau tidak aktif.").format(email=email))
    if not policies.can_manage_drafts(user):
        raise click.ClickException(N_("Akun {email} bukan anggota tim penyusun.").format(email=email))
    return user


def _reasons(path: str | None) -> dict[int, str]:
    """comment_id,reason per line (a header line is allowed); UTF-8, also with a BOM."""
    if path is None:
        return {}
    import csv
    import io

    text = Path(path).read_text(encoding="utf-8-sig")
    reasons: dict[int, str] = {}
    for n, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not "".join(row).strip():
            continue
        first = row[0].strip().lstrip("#")
        if not first.isdigit():
            if n == 1:
                continue  # the header
            raise click.ClickException(
                N_("{path} baris {n}: kolom pertama harus nomor masukan (comment_id).").format(path=path, n=n)
            )
        reasons[int(first)] = ",".join(row[1:]).strip()
    return reasons


@drafts_group.command("finalize")
@click.argument("version_id", type=int)
@click.option(
    "--date",
    "on",
    metavar="YYYY-MM-DD",
    help="Tanggal naskah akhir dikirim ke DPRD (bawaan: hari ini, WITA).",
)
@click.option("--note", help="Catatan untuk linimasa publik.")
@click.option(
    "--reasons",
    "reasons_file",
    type=click.Path(exists=True, dir_okay=False),
    help="CSV comment_id,reason: mengapa tiap masukan yang belum ditanggapi tidak "
    "ditanggapi. Hanya untuk ketua tim penyusun (--as); dimuat dalam laporan hasil "
    "uji publik.",
)
@click.option(
    "--as",
    "as_email",
    metavar="EMAIL",
    help="Akun tim penyusun yang mencatat (bawaan: akun tim penyusun pertama).",
)
@with_appcontext
def finalize_command(
    version_id: int, on: str | None, note: str | None, reasons_file: str | None, as_email: str | None
) -> None:
    """Tetapkan versi VERSION_ID sebagai naskah akhir hasil uji publik yang dikirim ke DPRD.

    Ditolak (kode keluar 3) selama ada masukan pada versi itu yang belum ditanggapi; jumlah dan
    daftarnya (nomor, pasal, kutipan) dicetak ke stderr. Ketua tim penyusun dapat tetap mengirim
    dengan --reasons: satu alasan untuk setiap masukan yang tidak ditanggapi."""
    from participation.core.errors import PermissionDenied
    from participation.core.text import truncate
    from participation.drafts import final
    from participation.drafts.models import unit_label

    happened_on = _date(on, "--date")
    reasons = _reasons(reasons_file)
    with cli_session() as session:
        version = version_or_exit(session, version_id)
        actor = _actor(session, as_email)
        try:
            details = final.finalize(
                session,
                version=version,
                actor=actor,
                now=utcnow(),
                reasons=reasons or None,
                happened_on=happened_on,
                note=note,
            )
        except final.UnansweredError as exc:
            for m in exc.missing:
                where = (
                    unit_label(m.unit_key)
                    if m.unit_key
                    else N_("{unit} (dihapus)").format(unit=unit_label(m.origin_key))
                )
                pending = " [" + N_("menunggu moderasi") + "]" if m.pending else ""
                click.echo(f"#{m.comment_id}\t{where}\t{truncate(m.body, 80)}{pending}", err=True)
            raise UnansweredExit(exc.message) from None
        except PermissionDenied as exc:
            hint = " " + N_("Jalankan dengan --as EMAIL akun ketua tim penyusun.") if reasons else ""
            raise click.ClickException(exc.message + hint) from None
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        number, draft_id = version.number, version.draft_id
    click.echo(
        N_(
            "Versi {n} rancangan #{draft} tercatat sebagai naskah akhir yang dikirim ke DPRD; "
            "tahap sekarang: pembahasan di DPRD."
        ).format(n=number, draft=draft_id)
    )
    if details.get("exempted"):
        click.echo(
            N_(
                "{k} masukan tidak ditanggapi, dengan alasan tercatat (dimuat dalam laporan "
                "hasil uji publik)."
            ).format(k=details["exempted"])
        )


@drafts_group.command("enact")
@click.argument("draft_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--number", required=True, help="Nomor perda, misalnya \u201c5 Tahun 2026\u201d.")
@click.option("--date", "on", required=True, metavar="YYYY-MM-DD", help="Tanggal penetapan.")
@click.option("--note", help="Catatan untuk linimasa publik.")
@click.option(
    "--as",
    "as_email",
    metavar="EMAIL",
    help="Akun tim penyusun yang mencatat (bawaan: akun tim penyusun pertama).",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Cetak {draft_id, version_id, number, comments, accepted, changed_the_law, "
    "pasal_changed} sebagai JSON.",
)
@with_appcontext
def enact_command(
    draft_id: int, file: str, number: str, on: str, note: str | None, as_email: str | None, as_json: bool
) -> None:
    """Catat penetapan perda rancangan DRAFT_ID: FILE (.txt/.md/.docx/.pdf) menjadi versi terakhir.

    Naskah yang ditetapkan dipetakan dari naskah akhir; setiap pemberi masukan diberi tahu
    apakah masukannya ikut mengubah perda. Mencetak id versi baru dan jumlah masukan yang
    diterima dan yang mengubah perda."""
    from participation.drafts import final, outcomes

    text = read_draft_file(file)
    original = Path(file).read_bytes()
    enacted_on = _date(on, "--date")
    with cli_session() as session:
        draft = draft_or_exit(session, draft_id)
        actor = _actor(session, as_email)
        try:
            version = final.enact(
                session,
                draft=draft,
                actor=actor,
                text=text,
                number=number,
                enacted_on=enacted_on,
                now=utcnow(),
                filename=Path(file).name[:255],
                original=original,
                note=note,
            )
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        figures = outcomes.figures(outcomes.for_draft(session, draft))
        done = {
            "draft_id": draft.id,
            "version_id": version.id,
            "version": version.number,
            "number": draft.perda_number,
            "comments": figures.comments,
            "accepted": figures.accepted,
            "changed_the_law": figures.changed_the_law,
            "pasal_changed": figures.pasal_changed,
        }
    # printed once committed
    if as_json:
        echo_json(done)
        return
    click.echo(done["version_id"])
    click.echo(
        N_("Perda Nomor {number} tercatat; naskah yang ditetapkan menjadi versi {n}.").format(
            number=done["number"], n=done["version"]
        ),
        err=True,
    )
    click.echo(
        N_("{n} masukan diterima, {m} mengubah perda ({pasal}).").format(
            n=done["accepted"], m=done["changed_the_law"], pasal=", ".join(done["pasal_changed"]) or "-"
        )
    )


@drafts_group.command("promulgate")
@click.argument("draft_id", type=int)
@click.option("--number", required=True, help="Nomor Lembaran Daerah.")
@click.option("--date", "on", required=True, metavar="YYYY-MM-DD", help="Tanggal pengundangan.")
@click.option("--note", help="Catatan untuk linimasa publik.")
@click.option(
    "--as",
    "as_email",
    metavar="EMAIL",
    help="Akun tim penyusun yang mencatat (bawaan: akun tim penyusun pertama).",
)
@with_appcontext
def promulgate_command(draft_id: int, number: str, on: str, note: str | None, as_email: str | None) -> None:
    """Catat pengundangan perda rancangan DRAFT_ID dalam Lembaran Daerah (nomor dan tanggal)."""
    from participation.drafts import final

    promulgated_on = _date(on, "--date")
    with cli_session() as session:
        draft = draft_or_exit(session, draft_id)
        actor = _actor(session, as_email)
        try:
            final.promulgate(
                session,
                draft=draft,
                actor=actor,
                gazette_number=number,
                promulgated_on=promulgated_on,
                now=utcnow(),
                note=note,
            )
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
    click.echo(
        N_("Pengundangan rancangan #{draft} tercatat: Lembaran Daerah Nomor {number}.").format(
            draft=draft_id, number=number
        )
    )
