"""``participation drafts …`` and ``participation comments import`` (external input onto a
version; lives here because the comment engine knows nothing of drafts)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from participation.accounts.models import Role, User
from participation.core.clock import WITA, utcnow
from participation.core.errors import DomainError
from participation.core.i18n import N_
from participation.drafts import importing, queries, services
from participation.drafts.anchoring import compare_units, mapping_to_json
from participation.drafts.models import Draft, DraftVersion
from participation.drafts.parsing import parse_perda
from participation.drafts.sources import extract_text
from participation.web.cli_support import cli_session


def _read(path: str) -> str:
    p = Path(path)
    try:
        return extract_text(p.name, p.read_bytes(), max_bytes=50 * 1024 * 1024)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None


def _json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _staff(session) -> User:
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


@drafts_group.command("parse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Cetak hasil lengkap sebagai JSON.")
def parse_command(file: str, as_json: bool) -> None:
    """Baca FILE (.txt/.md/.docx/.pdf) dan tampilkan struktur atau laporannya."""
    result = parse_perda(_read(file))
    if as_json:
        _json(result.to_json())
        return
    click.echo(result.title)
    click.echo(", ".join(f"{k}: {v}" for k, v in result.counts.items()))
    for issue in result.errors:
        click.echo(f"KESALAHAN baris {issue.line}: {issue.message_id}")
    for issue in result.warnings:
        click.echo(f"peringatan baris {issue.line}: {issue.message_id}")
    if result.errors:
        raise SystemExit(1)


@drafts_group.command("compare")
@click.argument("old", type=click.Path(exists=True, dir_okay=False))
@click.argument("new", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Cetak pemetaan sebagai JSON.")
def compare_command(old: str, new: str, as_json: bool) -> None:
    """Petakan unsur naskah OLD ke NEW (tidak berubah, bernomor baru, berubah, dihapus, baru)."""
    mappings = compare_units(parse_perda(_read(old)), parse_perda(_read(new)))
    if as_json:
        _json(mapping_to_json(mappings))
        return
    for m in mappings:
        if m.status != "unchanged":
            click.echo(f"{m.status:<10} {m.old_key or '—'} → {m.new_key or '—'}")


@drafts_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--title", required=True, help="Judul rancangan (untuk rancangan baru).")
@click.option("--draft", "draft_id", type=int, help="Tambahkan sebagai versi baru rancangan ini.")
@click.option("--initiator", default="Pemerintah Daerah", show_default=True)
@click.option(
    "--json", "as_json", is_flag=True, help="Cetak {draft_id, version_id, counts, warnings} sebagai JSON."
)
@with_appcontext
def import_command(file: str, title: str, draft_id: int | None, initiator: str, as_json: bool) -> None:
    """Impor FILE (.txt/.md/.docx/.pdf) sebagai versi baru (belum terbit); mencetak id versinya
    (dengan --json: id rancangan dan versi, jumlah unsur, dan peringatan pemeriksaan naskah).
    Hanya hasil itu yang tercetak ke stdout; log ke stderr."""
    text = _read(file)
    original = Path(file).read_bytes()  # kept as the version's original, offered for download
    now = utcnow()
    with cli_session() as session:
        actor = _staff(session)
        try:
            draft = (
                services.get_draft(session, draft_id)
                if draft_id
                else services.create_draft(session, actor=actor, title=title, initiator=initiator, now=now)
            )
            version = services.add_version(
                session,
                draft=draft,
                actor=actor,
                text=text,
                now=now,
                filename=Path(file).name[:255],
                original=original,
            )
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        session.flush()
        done = {
            "draft_id": draft.id,
            "version_id": version.id,
            "counts": dict(version.parse_report.get("counts", {})),
            "warnings": version.warnings,
        }
    # printed once committed: a script never gets the id of a version that was not stored
    if as_json:
        _json(done)
    else:
        click.echo(done["version_id"])
    current_app.logger.info("draft version imported")


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
        version = session.get(DraftVersion, version_id)
        if version is None:
            raise click.ClickException(N_("Versi {id} tidak ditemukan.").format(id=version_id))
        actor = _staff(session)
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


comments_group = click.Group(
    "comments", help="Masukan: impor masukan dari luar platform, daftar masukan pada satu versi."
)


@comments_group.command("import")
@click.argument("version_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def comments_import_command(version_id: int, file: str) -> None:
    """Impor FILE (CSV atau XLSX, seperti contoh di halaman "Masukan dari luar platform":
    Pasal/Bagian, Sikap, Isi masukan, Nama pemberi masukan, Sumber, Nomor surat, Tanggal
    diterima) ke versi VERSION_ID: semua baris atau tidak sama sekali."""
    path = Path(file)
    if path.stat().st_size > services.MAX_ORIGINAL_BYTES:
        raise click.ClickException("Berkas terlalu besar (maksimal 50 MB).")
    with cli_session() as session:
        version = session.get(DraftVersion, version_id)
        if version is None:
            raise click.ClickException(f"Versi {version_id} tidak ditemukan.")
        try:
            report = importing.import_comments_file(
                session,
                version=version,
                actor=_staff(session),
                filename=path.name,
                data=path.read_bytes(),
                now=utcnow(),
            )
        except importing.ImportFailed as exc:
            for row in exc.rows:
                click.echo(row, err=True)
            raise click.ClickException(exc.message) from None
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(f"{report.count} masukan diimpor ke versi {version_id}.")
        if report.skipped:
            click.echo(f"{len(report.skipped)} baris kosong dilewati.")
        if report.ignored_columns:
            click.echo("Kolom diabaikan: " + ", ".join(report.ignored_columns))


@comments_group.command("list")
@click.argument("version_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Cetak sebagai JSON.")
@with_appcontext
def comments_list_command(version_id: int, as_json: bool) -> None:
    """Masukan yang tampil pada versi VERSION_ID: yang diberikan pada versi ini (own) dan yang
    dibawa dari versi sebelumnya (same, changed, removed; unit_key null bila ketentuannya
    dihapus). Seperti halaman publik: masukan yang disembunyikan moderator ikut (tempatnya tetap
    tampil dengan alasannya), masukan yang menunggu moderasi tidak; balasan tidak."""
    with cli_session() as session:
        version = session.get(DraftVersion, version_id)
        if version is None:
            raise click.ClickException(N_("Versi {id} tidak ditemukan.").format(id=version_id))
        rows = queries.shown_comments(session, version)
    if as_json:
        _json(rows)
        return
    for row in rows:
        click.echo(
            f"#{row['id']:<6} {row['status']:<8} {row['unit_key'] or '—':<28} "
            f"{N_('dijawab') if row['answered'] else N_('belum dijawab'):<14} "
            f"{row['external_id'] or ''}".rstrip()
        )


# --- the draft's life after the consultation (issue 16) ---------------------------------------

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
        return _staff(session)
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
        version = session.get(DraftVersion, version_id)
        if version is None:
            raise click.ClickException(N_("Versi {id} tidak ditemukan.").format(id=version_id))
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

    text = _read(file)
    original = Path(file).read_bytes()
    enacted_on = _date(on, "--date")
    with cli_session() as session:
        draft = session.get(Draft, draft_id)
        if draft is None:
            raise click.ClickException(N_("Rancangan {id} tidak ditemukan.").format(id=draft_id))
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
        _json(done)
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
        draft = session.get(Draft, draft_id)
        if draft is None:
            raise click.ClickException(N_("Rancangan {id} tidak ditemukan.").format(id=draft_id))
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


# --- open standards (issue 18) -----------------------------------------------------------------


@drafts_group.command("export")
@click.argument("version_id", type=int)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["akn", "txt"]),
    default="akn",
    show_default=True,
    help="akn: Akoma Ntoso 3.0 (XML, OASIS LegalDocML); txt: teks hasil baca, per unsur.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Tulis ke berkas ini (bawaan: stdout).",
)
@with_appcontext
def export_command(version_id: int, fmt: str, output: str | None) -> None:
    """Ekspor versi VERSION_ID (terbit atau belum) sebagai Akoma Ntoso 3.0 atau teks."""
    from participation.drafts import akn  # only this command needs it: --help stays fast

    with cli_session() as session:
        version = session.get(DraftVersion, version_id)
        if version is None:
            raise click.ClickException(N_("Versi {id} tidak ditemukan.").format(id=version_id))
        data = akn.version_data(session, version, city_name=current_app.config["CITY_NAME"])
    payload = akn.render_akn(data) if fmt == "akn" else akn.render_text(data).encode("utf-8")
    if output:
        Path(output).write_bytes(payload)
    else:
        click.echo(payload, nl=False)  # bytes: written as they are
