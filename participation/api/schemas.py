"""What the public API returns, as marshmallow schemas: each response is dumped through one, and
the OpenAPI document (``spec.py``) is generated from the same classes, so the document cannot
drift from the responses. Every schema lists its fields exactly (``additionalProperties: false``
in the document): a personal field can only appear by being added here on purpose.

Must not import Flask.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from participation.comments.models import Disposition, Stance
from participation.musrenbang.models import Jenis, Sumber
from participation.musrenbang.workflow import UsulanStatus

MAX_ID = 2_147_483_647
KEY_PATTERN = r"^[a-z0-9][a-z0-9.-]*(/[a-z0-9][a-z0-9.-]*)*$"


def _enum(values) -> validate.OneOf:
    return validate.OneOf([v.value if hasattr(v, "value") else v for v in values])


class Link(Schema):
    href = fields.String(required=True)


class VersionRef(Schema):
    id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    published_at = fields.DateTime(required=True, allow_none=True)
    opens_at = fields.DateTime(required=True, allow_none=True)
    closes_at = fields.DateTime(required=True, allow_none=True)
    url = fields.String(required=True, metadata={"description": "Alamat versi ini di API."})


class DraftSchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["raperda", "perwali"]))
    title = fields.String(required=True)
    initiator = fields.String(required=True)
    summary = fields.String(required=True, allow_none=True)
    stage = fields.String(required=True)
    stage_on = fields.Date(required=True, allow_none=True)
    perda_number = fields.String(required=True, allow_none=True)
    enacted_on = fields.Date(required=True, allow_none=True)
    gazette_number = fields.String(required=True, allow_none=True)
    promulgated_on = fields.Date(required=True, allow_none=True)
    versions = fields.List(
        fields.Nested(VersionRef),
        required=True,
        metadata={"description": "Versi yang sudah diterbitkan, urut nomor."},
    )
    web_url = fields.String(required=True, metadata={"description": "Halaman raperda di situs."})


class UnitSchema(Schema):
    key = fields.String(required=True, metadata={"description": "Kunci stabil unit, mis. pasal-5/ayat-2."})
    label = fields.String(required=True, metadata={"description": "Mis. 'Pasal 5 ayat (2)'."})
    kind = fields.String(required=True)
    number = fields.String(required=True, allow_none=True)
    heading = fields.String(required=True, allow_none=True)
    text = fields.String(required=True)
    content_hash = fields.String(required=True)
    children = fields.List(fields.Nested(lambda: UnitSchema()), required=True)


class VersionSchema(VersionRef):
    draft_id = fields.Integer(required=True)
    previous_id = fields.Integer(required=True, allow_none=True)
    web_url = fields.String(required=True)


class VersionWithUnits(VersionSchema):
    units = fields.List(fields.Nested(UnitSchema), required=True)


class AnswerSchema(Schema):
    disposition = fields.String(required=True, validate=_enum(Disposition))
    disposition_label = fields.String(required=True)
    reason = fields.String(required=True)
    resulting_wording = fields.String(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)


class ReplySchema(Schema):
    id = fields.Integer(required=True)
    display_name = fields.String(required=True)
    body = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class CommentSchema(Schema):
    id = fields.Integer(required=True)
    unit_key = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Unit tempat masukan berada pada versi ini; null bila pasalnya dihapus."},
    )
    from_unit_key = fields.String(
        required=True, metadata={"description": "Unit tempat masukan dibuat, pada versi asalnya."}
    )
    origin_version = fields.Integer(required=True, metadata={"description": "Nomor versi asal."})
    origin_version_id = fields.Integer(required=True)
    status = fields.String(
        required=True,
        validate=validate.OneOf(["own", "same", "changed", "removed"]),
        metadata={
            "description": "own: dibuat pada versi ini; same/changed/removed: "
            "dibawa dari versi sebelumnya (teks tetap, berubah, dihapus)."
        },
    )
    stance = fields.String(required=True, allow_none=True, validate=_enum(Stance))
    display_name = fields.String(
        required=True,
        metadata={"description": "Nama tampilan saja (tanpa e-mail, NIK, telepon, atau id akun)."},
    )
    source = fields.String(required=True)
    quote = fields.String(required=True, allow_none=True)
    body = fields.String(required=True)
    suggested_wording = fields.String(required=True, allow_none=True)
    endorsements = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    answer = fields.Nested(AnswerSchema, required=True, allow_none=True)
    replies = fields.List(fields.Nested(ReplySchema), required=True)


class MatriksRowSchema(CommentSchema):
    unit_label = fields.String(required=True, allow_none=True)
    unit_text = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Bunyi unit pada versi ini (pasal dihapus: bunyi pada versi asal)."},
    )


class StageSchema(Schema):
    tier = fields.String(required=True)
    opens_at = fields.DateTime(required=True)
    closes_at = fields.DateTime(required=True)


class CycleSchema(Schema):
    id = fields.Integer(required=True)
    year = fields.Integer(required=True)
    rkpd_year = fields.Integer(required=True)
    name = fields.String(required=True)
    stages = fields.List(fields.Nested(StageSchema), required=True)


class UsulanSchema(Schema):
    """An usulan of the public tracker: ``musrenbang.queries.public_row`` (the one source of its
    fields) plus ``id``, ``year`` and ``web_url``; tests/api/test_api.py keeps the two the same."""

    id = fields.Integer(required=True)
    year = fields.Integer(required=True)
    external_id = fields.String(required=True)
    sumber = fields.String(required=True, validate=_enum(Sumber))
    title = fields.String(required=True)
    permasalahan = fields.String(required=True)
    alamat = fields.String(required=True)
    rt = fields.String(required=True, allow_none=True)
    rw = fields.String(required=True, allow_none=True)
    kelurahan_code = fields.String(required=True)
    kelurahan = fields.String(required=True)
    kecamatan = fields.String(required=True)
    bidang = fields.String(required=True, allow_none=True)
    opd = fields.String(required=True, allow_none=True)
    jenis = fields.String(required=True, allow_none=True)
    volume = fields.Float(required=True, allow_none=True)
    satuan = fields.String(required=True, allow_none=True)
    anggaran = fields.Integer(required=True, allow_none=True)
    prioritas = fields.Integer(required=True, allow_none=True)
    status = fields.String(required=True, validate=_enum(UsulanStatus))
    tier = fields.String(required=True, allow_none=True)
    latitude = fields.Float(required=True, allow_none=True)
    longitude = fields.Float(required=True, allow_none=True)
    # the Kemendagri nomenclature codes, when the kelurahan gave them (musrenbang.nomenclature)
    kode_program = fields.String(required=True, allow_none=True)
    kode_kegiatan = fields.String(required=True, allow_none=True)
    kode_sub_kegiatan = fields.String(required=True, allow_none=True)
    web_url = fields.String(required=True)


class SummarySchema(Schema):
    """The public summary (``participation summarize draft VERSION_ID --public``): its many parts
    are described in docs; here the keys every summary has."""

    class Meta:
        # the summary's parts (themes, campaigns, by_pasal ...) grow with the summary method
        unknown = "include"

    kind = fields.String(required=True)
    totals = fields.Dict(required=True)
    computed_at = fields.String(required=True, allow_none=True)
    newer_input_waiting = fields.Boolean(required=True)


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The envelope of a list: ``data`` and the ``next`` page's URL (null on the last page)."""
    return Schema.from_dict(
        {
            "data": fields.List(fields.Nested(item), required=True),
            "next": fields.String(
                required=True,
                allow_none=True,
                metadata={
                    "description": "URL halaman berikutnya (juga di header Link), null pada halaman terakhir."
                },
            ),
        },
        name=name,
    )


DraftPage = page_of(DraftSchema, "DraftPage")
VersionPage = page_of(VersionSchema, "VersionPage")
CommentPage = page_of(CommentSchema, "CommentPage")
MatriksPage = page_of(MatriksRowSchema, "MatriksPage")
CyclePage = page_of(CycleSchema, "CyclePage")
UsulanPage = page_of(UsulanSchema, "UsulanPage")


class ProblemSchema(Schema):
    """RFC 9457 problem details (``application/problem+json``)."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String(required=True)


# ----------------------------------------------------------------------------- query parameters


def _limit() -> fields.Integer:
    return fields.Integer(
        load_default=20,
        validate=validate.Range(1, 100),
        metadata={"description": "Jumlah baris per halaman (1-100, bawaan 20)."},
    )


def _cursor() -> fields.String:
    return fields.String(
        load_default="",
        validate=validate.Length(max=64),
        metadata={"description": "Penanda halaman (nilai buram dari tautan `next`)."},
    )


class PageArgs(Schema):
    limit = _limit()
    cursor = _cursor()


class CommentArgs(PageArgs):
    pasal = fields.String(
        load_default="",
        validate=validate.Regexp(r"^(pasal-[0-9a-z-]{1,20}|dihapus)?$"),
        metadata={"description": "Kunci pasal (mis. pasal-5), atau 'dihapus'."},
    )
    sikap = fields.String(load_default="", validate=validate.OneOf(["", *(s.value for s in Stance)]))
    status = fields.String(
        load_default="",
        validate=validate.OneOf(["", "sudah", "belum"]),
        metadata={"description": "sudah/belum ditanggapi."},
    )
    asal = fields.String(
        load_default="",
        validate=validate.OneOf(["", "ini", "sebelumnya"]),
        metadata={"description": "Dibuat pada versi ini, atau dibawa dari versi sebelumnya."},
    )


class UsulanArgs(PageArgs):
    tahun = fields.Integer(load_default=None, validate=validate.Range(1000, 9999))
    kecamatan = fields.String(load_default="", validate=validate.Regexp(r"^([0-9]{2}\.[0-9]{2}\.[0-9]{2})?$"))
    kelurahan = fields.String(
        load_default="", validate=validate.Regexp(r"^([0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4})?$")
    )
    status = fields.String(
        load_default="",
        validate=validate.OneOf(["", *(s.value for s in UsulanStatus if s != UsulanStatus.DRAFT)]),
    )
    jenis = fields.String(load_default="", validate=validate.OneOf(["", *Jenis.__members__]))
    sumber = fields.String(load_default="", validate=validate.OneOf(["", *(s.value for s in Sumber)]))
    bidang = fields.String(load_default="", validate=validate.Length(max=200))
    opd = fields.String(load_default="", validate=validate.Length(max=200))
    q = fields.String(load_default="", validate=validate.Length(max=200))
