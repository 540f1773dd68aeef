"""A built wheel carries what the app reads from disk (issue 19 point 7): ``pip install .`` without
``-e`` must give a working app, so templates, static files, the Alembic migrations and the
compiled translations are package data. The wheel is built offline from a copy of the sources
(pyproject.toml, README.md, participation/), never from the checkout itself, whose build/ folder
could hold files of an earlier build. .ci/run goes further: installs the wheel into a fresh venv
and serves pages from it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from participation.config import PACKAGE_ROOT, PROJECT_ROOT


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    src = tmp_path_factory.mktemp("src")
    shutil.copy2(PROJECT_ROOT / "pyproject.toml", src)
    shutil.copy2(PROJECT_ROOT / "README.md", src)
    shutil.copytree(
        PACKAGE_ROOT, src / "participation", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation"]
        + ["-w", str(out), "."],
        cwd=src,
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("participation-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def _package_files(folder: str, pattern: str) -> list[str]:
    base = PACKAGE_ROOT / folder
    return sorted(
        f"participation/{folder}/{p.relative_to(base).as_posix()}"
        for p in base.glob(pattern)
        if p.is_file() and "__pycache__" not in p.parts
    )


@pytest.mark.parametrize(
    ("folder", "pattern"),
    [
        ("templates", "**/*.html"),
        ("static", "**/*"),
        ("migrations", "versions/*.py"),
        ("migrations", "*.py"),
        ("migrations", "script.py.mako"),
        ("translations", "*/LC_MESSAGES/*.mo"),
        ("demo_data", "**/*"),
        ("musrenbang/data", "**/*"),
        ("regions/data", "**/*"),
    ],
)
def test_wheel_ships_every_file_the_app_reads(wheel_names: set[str], folder: str, pattern: str) -> None:
    expected = _package_files(folder, pattern)
    assert expected, f"no {pattern} in participation/{folder}: the test would prove nothing"
    missing = [name for name in expected if name not in wheel_names]
    assert missing == []


def test_wheel_ships_the_pages_the_app_starts_with(wheel_names: set[str]) -> None:
    # named, so the parametrised test above cannot pass on an empty folder that moved
    for name in (
        "participation/templates/base.html",
        "participation/static/css/app.css",
        "participation/migrations/env.py",
        "participation/translations/en/LC_MESSAGES/messages.mo",
    ):
        assert name in wheel_names, name


def test_wheel_has_no_top_level_folders_besides_the_package(wheel_names: set[str]) -> None:
    tops = {name.split("/", 1)[0] for name in wheel_names}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"participation"}


def test_instance_folder_is_the_checkouts_in_a_clone_and_the_working_directorys_when_installed(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from participation import config

    installed = tmp_path / "site-packages"
    installed.mkdir()
    cwd = tmp_path / "srv"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setattr(config, "PROJECT_ROOT", installed)
    assert config.load_config(environ={})["INSTANCE_PATH"] == str(cwd / "instance")

    (installed / "pyproject.toml").write_text("[project]\n")
    assert config.load_config(environ={})["INSTANCE_PATH"] == str(installed / "instance")
