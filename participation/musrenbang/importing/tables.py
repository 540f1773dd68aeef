"""Reading the file by its content: the shared reader in ``participation.core.tables`` (CSV with
its encoding and delimiter sniffed, XLSX with its expansion capped), re-exported here."""

from participation.core.tables import Rows, open_table

__all__ = ["Rows", "open_table"]
