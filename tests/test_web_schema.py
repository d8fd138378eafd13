"""Schemathesis against our own OpenAPI schema, on a real uvicorn server on loopback.

Every operation of ``/openapi.json`` is fuzzed with a bounded number of generated
requests (valid and invalid); each response must not be a 5xx and must conform to
the schema: documented status code, content type, headers and body shape, invalid
input rejected with a 4xx. The writes are fuzzed too, on the read-only server, where
they must answer the documented 403.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers.web import Running

schemathesis = pytest.importorskip("schemathesis")
hypothesis = pytest.importorskip("hypothesis")

pytestmark = pytest.mark.model

# Bounded so that the sweep takes well under a minute on a 2-core machine.
MAX_EXAMPLES = 25


@pytest.fixture(scope="session")
def operations(server: Running) -> list[Any]:
    """Every operation of the schema as the running server publishes it."""
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def _fuzz(operation: Any, mode: Any) -> None:
    """Up to ``MAX_EXAMPLES`` generated requests; each response checked by every check."""

    @hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
    )
    @hypothesis.given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        case.call_and_validate(timeout=30)

    run()


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_every_operation_conforms_to_its_schema(operations: list[Any], mode: str) -> None:
    assert len(operations) >= 15
    failures: list[str] = []
    for operation in operations:
        try:
            _fuzz(operation, schemathesis.GenerationMode(mode))
        except hypothesis.errors.Unsatisfiable:  # no parameters: nothing invalid to send
            continue
        except Exception as exc:  # a failed check: collect them all, then report
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
