"""The whole schema: imports every area's models so ``Base.metadata`` is complete, and runs
Alembic migrations programmatically (``participation db upgrade``, tests, demo).

Must not import Flask.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from participation.accounts import models as _accounts  # noqa: F401
from participation.accounts.api_tokens import models as _api_tokens  # noqa: F401
from participation.comments import models as _comments  # noqa: F401
from participation.config import PACKAGE_ROOT
from participation.core import audit as _audit  # noqa: F401
from participation.core import files as _files  # noqa: F401
from participation.core.db import Base
from participation.drafts import models as _drafts  # noqa: F401
from participation.jobs import models as _jobs  # noqa: F401
from participation.musrenbang import models as _musrenbang  # noqa: F401
from participation.musrenbang.tracking import models as _musrenbang_tracking  # noqa: F401
from participation.regions import models as _regions  # noqa: F401
from participation.summaries import models as _summaries  # noqa: F401

metadata = Base.metadata
# inside the package, so an installed wheel carries its migrations (package data: env.py,
# script.py.mako, versions/*.py); the configuration is built here, no alembic.ini is read at run time
MIGRATIONS_DIR = PACKAGE_ROOT / "migrations"
# new revision files: <yyyymmdd>_<rev>_<slug>.py (docs/architecture.md, "a schema change")
FILE_TEMPLATE = "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s"

# made by migrations beside the models, which autogenerate must not drop: the full-text search
# over comment bodies (0014: SQLite's FTS5 table and its shadow tables, PostgreSQL's GIN index)
NOT_IN_MODELS = {"table": ("comment_fts",), "index": ("ix_comment_body_fts",)}


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's ``include_name`` hook: what autogenerate compares with the models."""
    return not (name and name.startswith(NOT_IN_MODELS.get(type_, ())))


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("file_template", FILE_TEMPLATE)
    cfg.set_main_option("path_separator", "os")
    # '%' must be escaped for configparser (URL-encoded passwords contain it)
    cfg.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return cfg


def upgrade(
    database_url: str, revision: str = "heads", *, legacy_upload_dir: str | Path | None = None
) -> None:
    """``legacy_upload_dir``: where files lived before they moved into the database (migration
    0011 reads them from there); by default the old ``PARTICIPATION_UPLOAD_DIR`` setting."""
    cfg = alembic_config(database_url)
    if legacy_upload_dir is not None:
        cfg.attributes["legacy_upload_dir"] = str(legacy_upload_dir)
    command.upgrade(cfg, revision)


def downgrade(database_url: str, revision: str, *, legacy_upload_dir: str | Path | None = None) -> None:
    cfg = alembic_config(database_url)
    if legacy_upload_dir is not None:
        cfg.attributes["legacy_upload_dir"] = str(legacy_upload_dir)
    command.downgrade(cfg, revision)
