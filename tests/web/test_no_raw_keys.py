"""No raw key or code enum reaches a reader (issue 19 point 2): every GET page of the URL map and
every XLSX/CSV/PDF export, rendered as each demo role on the full demo data in Indonesian, shows
unit keys as people cite them ("Pasal 5 ayat (2) huruf c", never "pasal-5/ayat-2/huruf-c") and
the code's enum values as their labels ("diubah", never "changed"; "Anggota DPRD", never
"DPRD_MEMBER").

What is read: the visible text of a page (tags, attributes, <script> and <style> stripped: a key
in a URL or a data attribute is not shown), every cell of an XLSX, a PDF through pdftotext, a CSV
as text. Machine-readable outputs meant for import or reuse keep their codes where a program
expects them; those are listed in ``CODE_COLUMNS``/``MACHINE_READABLE`` with the reason.

User content is fine: the demo's own texts (comments, answers, usulan, the raperda's text) are
Indonesian and contain none of the words checked (asserted below, so a new demo text that does
cannot turn this test into a false alarm unnoticed).
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import tempfile
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from participation.comments.models import Comment, Response
from participation.drafts.models import DraftUnit, DraftVersion
from participation.musrenbang.models import Usulan
from tests.security.conftest import demo_site  # noqa: F401 - a fixture, re-exported
from tests.security.endpoints import ROLE_NAMES, TABLE, allowed_roles, app_endpoints, build_url

# a unit key: "bab-1", "pasal-5/ayat-2/huruf-c", "pasal-3a"
UNIT_KEY = re.compile(r"\b(?:bab|pasal|ayat|huruf|angka|bagian|paragraf)-\d+[a-z]?(?:/[a-z]+-\w+)*\b")

# enum values of the code that must never be shown as words; matched case-sensitively as a whole
# word (an Indonesian label starts with a capital or is another word altogether). Left out on
# purpose: values that are ordinary Indonesian words or acronyms people write in lower case
# (Source "surat", "forum", "email", "platform"; Sumber "warga", "koordinator", "pokir", "opd";
# Tier "kelurahan", "kecamatan", "kota"; TrackingStage/ApbdStatus "selesai", "belum", "tidak", ...;
# Stage "penyusunan", "ditetapkan" ...; DraftKind "raperda", "perwali"): the label of those is the
# word itself, so a leak would not be wrong to a reader.
ENUM_WORDS = {
    word
    for words in (
        "CITIZEN COORDINATOR VERIFIER DRAFTER DRAFT_LEAD DPRD_MEMBER MODERATOR ADMIN",  # Role
        "unchanged changed removed renumbered added moved",  # AnchorStatus, mapping statuses
        "draft published",  # VersionStatus
        "accepted partially_accepted not_accepted explained",  # Disposition
        "support object amend question",  # Stance
        "submitted verified forwarded redirected rejected cancelled",  # UsulanStatus, the rest
        "withdraw verify forward accept not_accept redirect reject reopen",  # musrenbang Action
        "rdpu other",  # Source codes that are not Indonesian words
        "visible hidden pending unconfirmed unconfirmed_held",  # Visibility
        "abuse sara personal_data spam off_topic",  # ModerationReason
        "queued running done failed",  # JobStatus
        "adopted merged declined",  # ProposalOutcome
        "changed_law removed_law accepted_unchanged changed_otherwise",  # outcomes.Verdict
        "uji_publik apbd_perubahan",  # Stage, ApbdStatus with an underscore (others: Indonesian)
    )
    for word in words.split()
}
ENUM_WORD = re.compile(
    r"(?<![\w/.-])(" + "|".join(sorted(ENUM_WORDS, key=len, reverse=True)) + r")(?![\w/-]|\.\w)"
)

# outputs meant for programs, which keep codes by design: never scanned
MACHINE_READABLE = {
    *(
        f"api.{name}"
        for name in (  # the JSON API
            "drafts draft draft_versions version unit comments matriks summary cycles usulan openapi"
        ).split()
    ),
    "drafts.version_akn",  # Akoma Ntoso XML: eIds and refersTo are codes by the standard
    "drafts.version_original",  # the uploaded file as the tim penyusun gave it
    "summaries.draft_report",  # fmt=json in the table: a data export (XLSX/PDF added below)
    "summaries.musrenbang_report",  # the same
    "musrenbang.similar_json",  # JSON for the page's script
    "jobs.status_json",  # JSON for the page's script
    "musrenbang.nomenclature_search",  # JSON for the page's script
    "web.healthz",
    # the API's documentation: its types and examples are the codes the API returns and takes
    "api.docs",
}
# CSV columns that hold codes for a program (an import, a join); their label sits in another
# column where a reader needs one. Header names as the CSV writes them.
CODE_COLUMNS = {
    # open data: the unit's key joins with the API and the AKN eIds ("unit" holds the label);
    # "sumber" is the channel code, documented in the API (platform, surat, email, rdpu ...)
    "summaries.open_data_comments": {"kunci_unit", "sumber"},
}


# files that are the same for every reader, read once (as the first role allowed them) rather than
# rendered again for each role: the laporan hasil uji publik (consultation.report_key names no
# audience; ~1.5 s of CPU per role for its PDF and XLSX)
SAME_FOR_EVERY_READER = {"summaries.consultation_report_file"}


# sentences that name a key on purpose: they tell the tim penyusun that a key is accepted where
# they type one (the external-input column help, on its page and in its XLSX template; the
# mapping review's example of a target key)
DOCUMENTED_KEYS = (
    "atau kuncinya (pasal-5/ayat-2/huruf-c)",
    "Ubah kunci tujuan bila keliru (contoh: pasal-23/ayat-2)",
)


class _Text(HTMLParser):
    """The visible text of an HTML page: text nodes outside <script>, <style> and <template>,
    and outside <code>/<kbd>/<samp>, which mark code shown as code on purpose (the audit log's
    recorded action and before/after values, a command to type)."""

    SKIP = {"script", "style", "template", "code", "kbd", "samp"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(body: str) -> str:
    parser = _Text()
    parser.feed(body)
    return "\n".join(p for p in (" ".join(part.split()) for part in parser.parts) if p)


def xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            lines.append(" | ".join(str(v) for v in row if v is not None))
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout


def csv_text(data: bytes, code_columns: set[str]) -> str:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    if not rows:
        return ""
    header, body = rows[0], rows[1:]
    keep = [i for i, name in enumerate(header) if name not in code_columns]
    return "\n".join(" | ".join(row[i] for i in keep if i < len(row)) for row in [header, *body])


def visible_text(endpoint: str, response) -> str | None:
    """What a reader sees of a response, or None when it is not for reading."""
    kind = response.mimetype or ""
    data = response.get_data()
    if kind == "text/html":
        return html_text(data.decode("utf-8"))
    if kind == "application/pdf":
        return pdf_text(data)
    if kind.endswith("spreadsheetml.sheet"):
        return xlsx_text(data)
    if kind == "text/csv":
        return csv_text(data, CODE_COLUMNS.get(endpoint, set()))
    if kind == "text/plain":
        return data.decode("utf-8")
    return None


def leaks(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        for documented in DOCUMENTED_KEYS:
            line = line.replace(documented, "")
        for match in UNIT_KEY.finditer(line):
            found.append(f"key {match.group(0)!r} in {line.strip()[:140]!r}")
        for match in ENUM_WORD.finditer(line):
            found.append(f"code {match.group(0)!r} in {line.strip()[:140]!r}")
    return found


def _get(client, url: str):
    response = client.get(url, headers={"Accept-Language": "id"})
    response.close()  # send_file responses hold the file open until closed
    return response


def _second_version(demo_site) -> dict[str, object]:  # noqa: F811
    """The demo draft's version 2 (the tim penyusun's, unpublished, its mapping confirmed): where
    carried comments, mapping statuses and the comparison show, which version 1 has none of."""
    values = demo_site.objects.values
    with demo_site.session() as s:
        version = s.scalar(
            select(DraftVersion)
            .where(DraftVersion.draft_id == values["draft_id"])
            .order_by(DraftVersion.number.desc())
        )
        assert version.number > values["number"], "the demo lost its second version"
        # the rewritten ayat the demo's tim penyusun mapped by hand: its comments are carried
        return {**values, "number": version.number, "version_id": version.id, "unit_path": "pasal-23/ayat-2"}


def _urls(demo_site, role: str) -> Iterable[tuple[str, str]]:  # noqa: F811
    values = demo_site.objects.values
    second = _second_version(demo_site)
    for rule, method in app_endpoints(demo_site.app):
        if method != "GET" or rule.endpoint in MACHINE_READABLE:
            continue
        expected = TABLE.get(rule.endpoint, {}).get("GET")
        if expected is None or role not in allowed_roles(expected):
            continue
        yield rule.endpoint, build_url(rule, values)
        if {"number", "version_id"} & set(rule.arguments):
            yield rule.endpoint, build_url(rule, second)
    version, draft = values["version_id"], values["draft_id"]
    yield "drafts.compare", f"/raperda/{draft}/bandingkan?dari=1&ke={second['number']}"
    yield "drafts.compare_xlsx", f"/raperda/{draft}/bandingkan.xlsx?dari=1&ke={second['number']}"
    # the other formats of the exports the URL map's table builds one way
    yield "summaries.draft_report", f"/ringkasan/raperda/{version}/laporan.xlsx"
    yield "summaries.draft_report", f"/ringkasan/raperda/{version}/laporan.pdf"
    yield "summaries.musrenbang_report", f"/ringkasan/musrenbang/{values['year']}/rekap.xlsx"
    yield "summaries.musrenbang_report", f"/ringkasan/musrenbang/{values['year']}/rekap.pdf"
    yield "summaries.consultation_report_file", f"/raperda/{draft}/laporan-uji-publik.pdf"
    yield "musrenbang.export", "/musrenbang/usulan/ekspor.xlsx"
    yield "musrenbang.recap_export", "/musrenbang/rekap/ekspor.xlsx"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<td>pasal-5/ayat-2/huruf-c</td>", ["key 'pasal-5/ayat-2/huruf-c'"]),
        ("<td>BAB | bab-1</td>", ["key 'bab-1'"]),
        ("<p>dari versi sebelumnya: unchanged</p>", ["code 'unchanged'"]),
        ("<span class=badge>DPRD_MEMBER</span>", ["code 'DPRD_MEMBER'"]),
        ("<td>renumbered / changed / added</td>", ["code 'renumbered'", "code 'changed'", "code 'added'"]),
        ("<td>Pasal 5 ayat (2) huruf c</td><td>tidak berubah</td>", []),
        ('<a href="/raperda/1/versi/1/pasal-5/ayat-2" data-status="changed">Pasal 5</a>', []),
        ("<script>const s = 'draft';</script><style>.changed{}</style>", []),
        ('<td><code>draft.version.publish</code></td><td><code>{"status": "draft"}</code>', []),
        ("<p>Draf peraturan (raperda), Anggota DPRD, diteruskan, Platform</p>", []),
    ],
)
def test_the_check_finds_keys_and_codes_in_visible_text_only(html, expected):
    assert [hit.split(" in ")[0] for hit in leaks(html_text(html))] == expected


def test_the_exemptions_name_real_endpoints(demo_site):  # noqa: F811
    endpoints = {rule.endpoint for rule in demo_site.app.url_map.iter_rules()}
    assert sorted((MACHINE_READABLE | set(CODE_COLUMNS) | SAME_FOR_EVERY_READER) - endpoints) == []


def test_demo_content_has_none_of_the_checked_words(demo_site):  # noqa: F811
    """The exemption for user content rests on this: the demo's texts never contain a checked word
    (if one ever does, the page test would blame the UI for it)."""
    with demo_site.session() as s:
        texts = [
            *s.scalars(select(Comment.body)),
            *s.scalars(select(Comment.suggested_wording)),
            *s.scalars(select(Response.reason)),
            *s.scalars(select(Response.resulting_wording)),
            *s.scalars(select(DraftUnit.text)),
            *s.scalars(select(Usulan.title)),
            *s.scalars(select(Usulan.permasalahan)),
        ]
    found = [f"{hit}" for text in texts if text for hit in leaks(text)]
    assert found == []


def _first_reader(endpoint: str) -> str:
    return next(r for r in ROLE_NAMES if r in allowed_roles(TABLE[endpoint]["GET"]))


@pytest.mark.parametrize("role", ROLE_NAMES)
def test_no_raw_key_or_code_is_shown(demo_site, role):  # noqa: F811
    client = demo_site.client(role)
    found = []
    seen = set()
    for endpoint, url in _urls(demo_site, role):
        if url in seen:
            continue
        seen.add(url)
        if endpoint in SAME_FOR_EVERY_READER and role != _first_reader(endpoint):
            continue
        try:
            response = _get(client, url)
        except Exception:  # noqa: S112 - a failing page is test_authorization_matrix's
            continue
        if response.status_code != 200:
            continue  # refusals and redirects are the authorisation matrix's business
        text = visible_text(endpoint, response)
        if text is None:
            continue
        found.extend(f"{url}: {hit}" for hit in leaks(text))
    assert found == [], "\n".join(found)
