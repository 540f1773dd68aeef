"""The "Flask stays out of the domain" contract is deny-by-default (issue 19 point 4).

The contract lives in pyproject.toml (``[tool.importlinter]``, id ``flask-free-domain``); CI runs
``lint-imports`` on the real tree. These tests prove it can fail: a copy of the package (Python
files only, in a temporary folder) gets Flask imports in domain modules that no list names, and
``lint-imports`` run on the copy must break the contract and name each of them, while a new view
module importing Flask in the same copy stays allowed. No network: import-linter reads source files.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONTRACT = "flask-free-domain"

# module -> (file, what to add); each is domain code, so each must break the contract
VIOLATIONS = {
    # a long-standing domain module that the old contract (a list of names) did not cover
    "participation.summaries.aggregation": (
        "participation/summaries/aggregation/__init__.py",
        "import flask",
    ),
    "participation.drafts.papers": ("participation/drafts/papers.py", "from flask import request"),
    "participation.musrenbang.similarity": (
        "participation/musrenbang/similarity.py",
        "from werkzeug.utils import secure_filename",
    ),
    "participation.accounts.personal_data": (
        "participation/accounts/personal_data.py",
        "from flask_babel import gettext",
    ),
    # the API's queries and schemas are domain code; only its views are web glue
    "participation.api.queries": ("participation/api/queries.py", "from participation.web.db import db"),
    "participation.api.schemas": ("participation/api/schemas.py", "from flask_login import current_user"),
    # a module that does not exist yet, in a subpackage: covered the moment it is written
    "participation.musrenbang.tracking.brand_new": (
        "participation/musrenbang/tracking/brand_new.py",
        "from wtforms import StringField",
    ),
}
# web glue written in the same copy: allowed, so never named
ALLOWED = {
    "participation.drafts.views.brand_new": ("participation/drafts/views/brand_new.py", "import flask"),
    "participation.api.views": ("participation/api/views/__init__.py", "import flask_wtf"),
}


def _lint(cwd: Path) -> subprocess.CompletedProcess[str]:
    # cwd comes first on lint-imports' sys.path, so the copy is analysed, not the installed tree
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", "--contract", CONTRACT, "pyproject.toml"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _add_line(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else '"""New module."""\n'
    path.write_text(f"{text.rstrip()}\n\n{line}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def broken_run(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    copy = tmp_path_factory.mktemp("architecture")
    shutil.copytree(
        ROOT / "participation",
        copy / "participation",
        ignore=lambda folder, names: [
            n for n in names if n == "__pycache__" or not (n.endswith(".py") or (Path(folder) / n).is_dir())
        ],
    )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    for file, line in [*VIOLATIONS.values(), *ALLOWED.values()]:
        _add_line(copy / file, line)
    return _lint(copy)


def test_the_real_tree_keeps_the_contract() -> None:
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_domain_module_importing_flask_breaks_the_contract(broken_run) -> None:
    assert broken_run.returncode == 1, broken_run.stdout + broken_run.stderr
    assert "Only the web layer imports Flask (domain code never does) BROKEN" in broken_run.stdout


@pytest.mark.parametrize("module", VIOLATIONS)
def test_the_offending_module_is_named(broken_run, module: str) -> None:
    assert f"\n{module} is not allowed to import " in broken_run.stdout, broken_run.stdout


@pytest.mark.parametrize("module", ALLOWED)
def test_a_view_module_may_import_flask(broken_run, module: str) -> None:
    assert f"\n{module} is not allowed to import " not in broken_run.stdout, broken_run.stdout
