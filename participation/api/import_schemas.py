"""The write operations' shapes (issue 18, write access for integrations): the batch imports'
query parameters, their 201 answers and the 422 problem with its per-row report. Apart from
``schemas.py`` (the public reads) so the write side reads as one piece. Must not import Flask.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from participation.api.schemas import ProblemSchema

KELURAHAN_PATTERN = r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$"


class RowProblemSchema(Schema):
    """One problem of the file, as the web importer names it."""

    row = fields.Integer(
        required=True,
        allow_none=True,
        metadata={
            "description": "Nomor baris di berkas (judul kolom = baris 1); null bila tentang seluruh berkas."
        },
    )
    column = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "Kolom seperti dinamai berkas; null bila tentang seluruh baris atau berkas."
        },
    )
    message = fields.String(required=True)


class ImportProblemSchema(ProblemSchema):
    """422: nothing was stored; ``errors`` lists every problem found."""

    errors = fields.List(fields.Nested(RowProblemSchema), required=True)


class CommentsImportedSchema(Schema):
    version_id = fields.Integer(required=True)
    count = fields.Integer(required=True, metadata={"description": "Masukan yang tersimpan."})
    ids = fields.List(
        fields.Integer(), required=True, metadata={"description": "Id masukan baru, urut baris berkas."}
    )
    skipped = fields.List(
        fields.Integer(), required=True, metadata={"description": "Baris kosong yang dilewati (200 pertama)."}
    )
    skipped_count = fields.Integer(required=True)
    ignored_columns = fields.List(
        fields.String(), required=True, metadata={"description": "Kolom tak dikenal; isinya tidak disimpan."}
    )
    above_header = fields.Integer(
        required=True, metadata={"description": "Baris judul berkas di atas judul kolom."}
    )
    format = fields.String(required=True, validate=validate.OneOf(["csv", "xlsx"]))
    comments_url = fields.String(required=True)


class UsulanImportedSchema(Schema):
    year = fields.Integer(required=True)
    count = fields.Integer(required=True, metadata={"description": "Usulan yang tersimpan."})
    ids = fields.List(fields.Integer(), required=True, metadata={"description": "Id usulan baru."})
    kelurahan = fields.String(required=True, allow_none=True)
    statuses_kept = fields.Boolean(
        required=True,
        metadata={
            "description": "false: semua baris masuk sebagai draf (hanya admin yang boleh mengimpor status)."
        },
    )
    warnings = fields.List(fields.Nested(RowProblemSchema), required=True)


class UsulanImportArgs(Schema):
    kelurahan = fields.String(
        load_default=None,
        validate=validate.Regexp(KELURAHAN_PATTERN),
        metadata={
            "description": "Kode kelurahan tujuan, mis. `64.71.03.1002`; wajib bagi "
            "koordinator (kelurahannya sendiri). Admin boleh kosong: "
            "kelurahan dari kolom Kelurahan di berkas."
        },
    )
    semua_baris = fields.Boolean(
        load_default=False,
        metadata={
            "description": "true: semua baris dimasukkan ke `kelurahan`, apa pun kolom "
            "Kelurahan di berkas (seperti centang di halaman impor)."
        },
    )
