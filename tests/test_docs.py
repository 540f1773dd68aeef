"""The documentation cannot silently go stale (issue 19 point 8).

- The README's quick start is exactly the two documented commands: install-and-run, and the
  whole test suite. A newcomer copies them as they are, so they are pinned here; changing them
  is a decision, made in this file too.
- Every repository path that ``docs/architecture.md`` names in backticks exists, every
  ``path::NAME`` names something defined in that file, every dotted ``participation.…`` module
  resolves, every module its "Areas" table lists is in that package, and every relative link
  of the map and of the README leads to a file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

QUICK_START = [
    "python3.11 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/participation demo"
    " && .venv/bin/participation run",
    "bash .ci/run",
]

# what a repository path starts with; anything else in backticks (commands, keys, URLs) is not one
PATH_ROOTS = ("participation", "tests", "bench", "docs", "deploy")
_PATH = re.compile(rf"^(?:{'|'.join(PATH_ROOTS)})/[\w./-]*(?:::\w+)?$")
_MODULE = re.compile(r"^participation(?:\.\w+)+$")
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start:] if end == -1 else text[start:end]


def _code_spans(text: str) -> list[str]:
    # fenced blocks hold diagrams and examples, not references
    text = re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE)
    return _CODE_SPAN.findall(text)


def _defines(source: str, name: str) -> bool:
    pattern = rf"^(?:def|class) {re.escape(name)}\b|^{re.escape(name)}\s*[:=]"
    return re.search(pattern, source, flags=re.MULTILINE) is not None


def _architecture_paths() -> list[str]:
    return sorted(
        {span for span in _code_spans(ARCHITECTURE.read_text(encoding="utf-8")) if _PATH.match(span)}
    )


def _architecture_modules() -> list[str]:
    return sorted(
        {span for span in _code_spans(ARCHITECTURE.read_text(encoding="utf-8")) if _MODULE.match(span)}
    )


def _area_modules() -> list[tuple[str, str]]:
    """(package, module) for every module the map's "Areas" table lists for a package."""
    section = _section(ARCHITECTURE.read_text(encoding="utf-8"), "## 4. Areas")
    pairs = []
    for line in section.splitlines():
        cells = line.split("|")
        if len(cells) < 4 or not cells[1].strip().startswith("`participation/"):
            continue
        package = cells[1].strip().strip("`")
        for span in _CODE_SPAN.findall(cells[-2]):
            if span.endswith((".py", "/")):
                pairs.append((package, span))
    return pairs


def _relative_links(path: Path) -> list[str]:
    links = _LINK.findall(path.read_text(encoding="utf-8"))
    return sorted({link for link in links if not link.startswith(("http://", "https://", "mailto:", "#"))})


def test_quick_start_is_the_two_documented_commands():
    section = _section(README.read_text(encoding="utf-8"), "## Mulai cepat / Quick start")
    blocks = re.findall(r"^```sh\n(.*?)\n```", section, flags=re.DOTALL | re.MULTILINE)
    assert blocks == QUICK_START


def test_the_map_names_enough_paths_to_be_checked():
    # guards the checks below against a regex that quietly matches nothing
    assert len(_architecture_paths()) >= 40


@pytest.mark.parametrize("span", _architecture_paths())
def test_path_in_the_map_exists(span):
    path, _, name = span.partition("::")
    target = ROOT / path
    assert target.exists(), f"docs/architecture.md names `{span}`, which does not exist"
    if name:
        assert _defines(target.read_text(encoding="utf-8"), name), (
            f"docs/architecture.md names `{span}`, but {path} defines no {name}"
        )


def test_the_areas_table_lists_modules():
    assert len(_area_modules()) >= 60


@pytest.mark.parametrize(("package", "module"), _area_modules())
def test_module_of_an_area_exists(package, module):
    assert (ROOT / package / module).exists(), (
        f"docs/architecture.md lists `{module}` under `{package}`, which has no such module"
    )


@pytest.mark.parametrize("module", _architecture_modules())
def test_module_in_the_map_exists(module):
    parts = module.split(".")
    base = ROOT.joinpath(*parts)
    assert base.with_suffix(".py").is_file() or (base / "__init__.py").is_file(), (
        f"docs/architecture.md names `{module}`, which is not a module of the package"
    )


@pytest.mark.parametrize(
    ("document", "link"),
    [(doc, link) for doc in (ARCHITECTURE, README) for link in _relative_links(doc)],
    ids=lambda value: value.name if isinstance(value, Path) else value,
)
def test_relative_link_leads_to_a_file(document, link):
    target = (document.parent / link.partition("#")[0]).resolve()
    assert target.exists(), f"{document.name} links {link}, which does not exist"


def test_readme_points_to_the_map_and_the_benchmarks():
    links = _relative_links(README)
    assert "docs/architecture.md" in links
    assert "bench/README.md" in links
