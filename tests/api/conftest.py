"""The API tests read the full demo data, built once for the package as the security suite
builds it (``tests/security/conftest.py::demo_site``; re-exported here, so this package gets its
own copy). Tests here must not use the function-scoped ``app`` fixture, which wipes every table.
"""

from __future__ import annotations

from tests.security.conftest import demo_site  # noqa: F401 - a fixture, re-exported
