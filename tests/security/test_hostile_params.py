"""Hostile query strings on every GET endpoint: a 4xx or a normal page, never a 500.

The names each view reads are found in its source (``request.args.get("…")``, ``page_arg()``,
the musrenbang filters), following the helpers it calls; every GET endpoint also gets the whole
hostile set under made-up and repeated names.
"""

from __future__ import annotations

import inspect
import re
from urllib.parse import urlencode

import pytest

from tests.security.endpoints import TABLE, allowed_roles, app_endpoints, build_url

HOSTILE = [
    "-1",
    "abc",
    "99999999999",
    "9" * 40,
    "x" * 5000,
    "a\x00b",
    "%00",
    "ünïcødé ✓ 漢字 😀",
    "' OR 1=1--",
    "tidak-ada-nilai",
]
PREFERENCE = ("ADMIN", "VERIFIER_CITY", "DRAFTER", "COORDINATOR", "DPRD_MEMBER", "CITIZEN", "ANON")
ARG = re.compile(r"""(?:args|values)\.get(?:list)?\(\s*["']([^"']+)["']""")
CALL = re.compile(r"\b([A-Za-z_]\w*)\(")
FILTER_NAMES = {"tahun", "kecamatan", "kelurahan", "status", "jenis", "sumber", "bidang", "opd", "q"}


def arg_names(func, depth: int = 3, seen: set | None = None) -> set[str]:
    func = inspect.unwrap(func)
    seen = seen if seen is not None else set()
    if func in seen:
        return set()
    seen.add(func)
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return set()
    names = set(ARG.findall(source))
    if "page_arg(" in source:
        names.add("hal")
    if "_TEXT_FILTERS" in source:
        names |= FILTER_NAMES
    if depth:
        for ident in set(CALL.findall(source)):
            obj = func.__globals__.get(ident)
            if inspect.isfunction(obj) and obj.__module__.startswith("participation"):
                names |= arg_names(obj, depth - 1, seen)
    return names


def _get_endpoints(app):
    return [rule for rule, method in app_endpoints(app) if method == "GET"]


def _check(client, url: str, problems: list[str]) -> None:
    try:
        response = client.get(url)
        response.close()
    except Exception as exc:
        problems.append(f"{url[:160]}: {type(exc).__name__}: {str(exc)[:200]}")
        return
    if response.status_code >= 500:
        problems.append(f"{url[:160]}: {response.status_code}")


def _with_query(url: str, query: str) -> str:
    return url + ("&" if "?" in url else "?") + query


def test_arg_names_are_found_in_the_views(demo_site):
    views = demo_site.app.view_functions
    assert {"status", "sikap", "pasal"} <= arg_names(views["drafts.inbox"])
    assert {"hal", "tahun", "kecamatan", "urut", "q"} <= arg_names(views["musrenbang.queue"])
    assert {"q", "peran", "hal"} <= arg_names(views["admin.users"])


def test_nul_bytes_are_a_400_on_every_database(demo_site):
    # PostgreSQL refuses NUL in text parameters: these were 500s (psycopg DataError) there
    admin = demo_site.client("ADMIN")
    for url in (
        "/admin/pengguna?q=a%00b",
        "/musrenbang/usulan/ekspor.csv?q=a%00b",
        "/moderasi/?q=a%00b",
        f"/ringkasan/musrenbang/{demo_site.objects['year']}/rekap.json?kecamatan=a%00b",
    ):
        assert admin.get(url).status_code == 400, url
    unit = "/raperda/{}/versi/{}/{}".format(
        demo_site.objects["draft_id"], demo_site.objects["number"], demo_site.objects["unit_path"]
    )
    citizen = demo_site.client("CITIZEN")
    response = citizen.submit(unit, {"stance": "object", "body": "isi dengan \x00 NUL di tengah"})
    assert response.status_code == 400


@pytest.mark.parametrize("part", [0, 1])
def test_hostile_values_for_every_argument_a_view_reads(demo_site, part):
    app = demo_site.app
    rules = _get_endpoints(app)[part::2]
    problems: list[str] = []
    tried = 0
    for rule in rules:
        expected = TABLE.get(rule.endpoint, {}).get("GET", "public")
        role = next(r for r in PREFERENCE if r in allowed_roles(expected))
        client = demo_site.client(role)
        base = build_url(rule, demo_site.objects.values)
        names = sorted(arg_names(app.view_functions[rule.endpoint]))
        for name in names:
            for value in HOSTILE:
                _check(client, _with_query(base, urlencode({name: value})), problems)
                tried += 1
            # arrays and an empty value
            _check(client, _with_query(base, f"{name}=1&{name}=2&{name}=abc"), problems)
            _check(client, _with_query(base, f"{name}="), problems)
        # every name at once, made-up names, raw %-escapes that do not decode as UTF-8
        for value in ("abc", "-1", "%00"):
            _check(client, _with_query(base, urlencode({n: value for n in [*names, "x", "hal"]})), problems)
        _check(client, _with_query(base, "x=1&x=2&hal=%ff%fe&q=%C0%AF&tahun[]=1"), problems)
        tried += 5
    assert tried > 300
    assert not problems, "server errors:\n  " + "\n  ".join(problems)
