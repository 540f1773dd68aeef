"""Schemathesis against the app (WSGI, no server): for every operation of /api/v1/openapi.json,
generated requests on the demo data must never meet a server error, and every answer must match
the document (status code listed, body valid against its schema, declared content type).

A bounded number of examples per operation keeps the run well under a minute on two cores; the
hand-picked examples (real ids and keys of the demo) make sure rows are found, not only 404s.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]
EXAMPLES = 25


def test_every_operation_matches_the_document(demo_site):
    app = demo_site.app
    values = demo_site.objects.values
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    real = {
        "draft_id": values["draft_id"],
        "version_id": values["version_id"],
        "unit_key": values["unit_path"],
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 10
    failures: list[str] = []
    for operation in operations:
        strategy = operation.as_strategy()
        path_names = [p.name for p in operation.path_parameters]
        # a share of the cases use the demo's real ids, so found rows are checked too
        found = operation.as_strategy().map(lambda case, names=path_names: _with_real(case, names, real))
        cases = st.one_of(strategy, found) if path_names else strategy

        @given(case=cases)
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case) -> None:
            response = case.call()
            case.validate_response(response, checks=CHECKS)

        try:
            run()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


def _with_real(case, names: list[str], real: dict[str, object]):
    for name in names:
        if name in real:
            case.path_parameters[name] = real[name]
    return case
