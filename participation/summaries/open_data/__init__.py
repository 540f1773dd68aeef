"""Open data: the CSV files the site publishes, their Table Schemas and the Frictionless Data
Package that lists them (``/data``, ``/data/datapackage.json``).

One source for each shape and field list: a schema's field names are the header row its CSV
writer writes, read from the same list (``COMMENT_COLUMNS`` of ``comments``,
``drafts.exports.HEADERS``, ``musrenbang.exports.PUBLIC_COLUMNS`` and ``RECAP_COLUMNS``);
``schemas`` adds only each field's type, description and constraints. A column without a
description there fails the build (``MissingFieldSpec``), so a column added to a writer cannot
leave the schema behind.

Split by subject: ``comments`` (masukan.csv), ``schemas`` (field specs and Table Schemas),
``package`` (the list of files and the Data Package). This package re-exports their public names
deliberately: the README documents it as the open-data module and the views use it as
``open_data.<name>``.

Domain code: no Flask. The views pass the URLs in (``url_of``) and serve what this returns.
"""

from participation.summaries.open_data.comments import COMMENT_COLUMNS, comments_csv, version_comments
from participation.summaries.open_data.package import (
    ENCODING,
    LICENSE,
    MEDIATYPE,
    OpenDataFile,
    attribution,
    data_package,
    list_files,
)
from participation.summaries.open_data.schemas import (
    COMMENT_SPECS,
    MATRIX_SPECS,
    SHAPES,
    USULAN_SPECS,
    FieldSpec,
    MissingFieldSpec,
    table_schemas,
)

__all__ = [
    "COMMENT_COLUMNS",
    "COMMENT_SPECS",
    "ENCODING",
    "LICENSE",
    "MATRIX_SPECS",
    "MEDIATYPE",
    "SHAPES",
    "USULAN_SPECS",
    "FieldSpec",
    "MissingFieldSpec",
    "OpenDataFile",
    "attribution",
    "comments_csv",
    "data_package",
    "list_files",
    "table_schemas",
    "version_comments",
]
