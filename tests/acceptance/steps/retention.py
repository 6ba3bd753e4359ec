"""Steps about how long records are kept and the retention job that removes older ones."""

from __future__ import annotations

from pytest_bdd import then, when

from tests.acceptance.steps.phrases import P, past
from tests.acceptance.vocabulary import RETENTION_KINDS, SECURITY_EVENTS
from tests.acceptance.world import World


def _periods(world: World, person: str) -> dict[str, int | None]:
    response = world.h.internal.get("/tenant/retention", headers=world.as_person(person))
    assert response.status_code == 200, response.text
    return {k["kind"]: k["days"] for k in response.json()["kinds"] if k["adjustable"]}


@past('"{person}" has set {records:W} to be kept for {days:d} days')
@when(P('"{person}" sets {records:W} to be kept for {days:d} days'))
def sets_period(world: World, person: str, records: str, days: int) -> None:
    """A tenant admin changes how long one kind of record is kept; the others stay as set."""
    kind = RETENTION_KINDS[records]
    periods = {**_periods(world, person), kind: days}
    world.response = world.h.internal.put(
        "/tenant/retention", json={"periods": periods}, headers=world.as_person(person)
    )


@when("the retention job runs")
def retention_runs(world: World) -> None:
    """The worker removes what is older than each tenant's periods, as it does every hour."""
    world.h.run_retention()


@then(P('{records:W} of "{tenant}" are kept for {days:d} days'))
def kept_for(world: World, records: str, tenant: str, days: int) -> None:
    """The tenant's period for that kind of record, as its tenant admin reads it."""
    response = world.h.internal.get("/tenant/retention", headers=world.admin(tenant))
    assert response.status_code == 200, response.text
    found = {k["kind"]: k["days"] for k in response.json()["kinds"]}
    assert found[RETENTION_KINDS[records]] == days, found


@then(P("the refusal names {records:W} and {days:d} days"))
def refusal_names(world: World, records: str, days: int) -> None:
    """The problem says which kind of record and which bound the period broke."""
    detail = world.response.json()["detail"]
    assert RETENTION_KINDS[records] in detail and str(days) in detail, detail


@then(P('the security events of "{tenant}" hold {count:d} "{kind}"'))
def security_events_hold(world: World, tenant: str, count: int, kind: str) -> None:
    """How many login and security events of this kind the tenant admin can still list."""
    response = world.h.internal.get(
        "/security-events",
        params={"kind": SECURITY_EVENTS[kind], "limit": 100},
        headers=world.admin(tenant),
    )
    assert response.status_code == 200, response.text
    assert len(response.json()["items"]) == count, response.json()["items"]
