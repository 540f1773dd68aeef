"""Template rules axe-core only sees when a page happens to overflow: every scrollable table
wrapper is focusable and named, so keyboard users can scroll it (WCAG 2.1.1)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "participation" / "templates"


def test_every_table_wrap_is_a_focusable_named_region():
    wrong = []
    for path in TEMPLATES.rglob("*.html"):
        for tag in re.findall(r"<div[^>]*\btable-wrap\b[^>]*>", path.read_text(encoding="utf-8")):
            if not all(a in tag for a in ('tabindex="0"', 'role="region"', "aria-label=")):
                wrong.append(f"{path.relative_to(TEMPLATES)}: {tag}")
    assert not wrong, 'add tabindex="0" role="region" aria-label=… to:\n  ' + "\n  ".join(wrong)
