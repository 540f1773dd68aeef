"""Import of comments received outside the platform (letters, e-mail, RDPU, forums), as
Indonesian offices send them (issue 15):

- CSV in UTF-8 (with or without BOM), UTF-16 or Windows-1252, separated by ``,`` ``;`` or tab,
  and XLSX, read by ``participation.core.tables`` (the musrenbang importer's reader);
- the header row found even below a title row or two; Indonesian headers and their variants
  (``columns``), case and spacing aside, and the first format's English headers;
- the unit as key or as people cite it, the stance and source as the UI labels them or their
  codes, the date received as offices write it or as Excel stores it (``values``);
- every bad row named with its row, column and reason; nothing saved when any row is bad;
  empty rows skipped and counted; the comment form's NIK check; a letter number already
  imported, or twice in the file, refused (``parse``, ``service``);
- example files to download (``templates``).

``parse`` and ``values`` read no database; ``service`` writes and never commits. Must not
import Flask.
"""

from participation.drafts.importing.columns import COLUMNS, CSV_COLUMNS
from participation.drafts.importing.parse import (
    MAX_ROWS,
    WHOLE_ROW,
    ParsedFile,
    RowError,
    parse_comments_file,
)
from participation.drafts.importing.service import (
    ImportFailed,
    ImportReport,
    import_comments_file,
    import_external_comments,
    unit_index,
)
from participation.drafts.importing.templates import XLSX, template_csv, template_xlsx

__all__ = [
    "COLUMNS",
    "CSV_COLUMNS",
    "MAX_ROWS",
    "WHOLE_ROW",
    "XLSX",
    "ImportFailed",
    "ImportReport",
    "ParsedFile",
    "RowError",
    "import_comments_file",
    "import_external_comments",
    "parse_comments_file",
    "template_csv",
    "template_xlsx",
    "unit_index",
]
