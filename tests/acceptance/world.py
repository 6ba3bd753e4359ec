"""What a scenario knows: the apps, the people in it and the records they created, by name.

Steps speak in names ("Bakery Müller", "Jana"); the world turns names into ids and tokens.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from tests.acceptance.vocabulary import ScenarioMistake
from tests.support.harness import ADMIN_PASSWORD, Harness

STAFF_PASSWORD = "Field-service-2026!"
PORTAL_PASSWORD = "Bright-morning-walk-7"
# Staff tokens last 12 hours (the tenant default); renew them a little before.
STAFF_SESSION_MARGIN = timedelta(hours=11)


@dataclass
class Person:
    name: str
    tenant: str
    kind: str  # "staff", "integration" or "portal"
    token: str | None = None
    email: str | None = None
    role: str | None = None


@dataclass
class World:
    h: Harness
    tenants: dict[str, str] = field(default_factory=dict)  # tenant name -> slug
    admins: dict[str, str] = field(default_factory=dict)  # tenant name -> admin token
    people: dict[str, Person] = field(default_factory=dict)
    records: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    response: Any = None
    remembered: dict[str, Any] = field(default_factory=dict)
    since_sign_in: timedelta = timedelta()

    # --- tenants and people -----------------------------------------------------------------

    def slug(self, tenant: str) -> str:
        if tenant not in self.tenants:
            raise ScenarioMistake(
                f'There is no tenant "{tenant}" in this scenario; start with '
                f'Given a tenant "{tenant}" (tenants so far: {_listed(self.tenants)}).'
            )
        return self.tenants[tenant]

    def open_tenant(self, tenant: str, admin_name: str | None = None) -> None:
        slug = tenant.lower().replace(" ", "-")
        self.tenants[tenant] = slug
        token = self.h.open_tenant(slug, tenant)
        self.admins[tenant] = token
        if admin_name:
            self.people[admin_name] = Person(
                admin_name, tenant, "staff", token, f"admin@{slug}.example", "tenant_admin"
            )

    def admin(self, tenant: str) -> dict[str, str]:
        self.slug(tenant)
        return {"Authorization": f"Bearer {self.admins[tenant]}"}

    def as_person(self, name: str) -> dict[str, str]:
        person = self.person(name)
        return {"Authorization": f"Bearer {person.token}"} if person.token else {}

    def person(self, name: str) -> Person:
        if name not in self.people:
            raise ScenarioMistake(
                f"{name} has not been introduced in this scenario "
                f"(people so far: {_listed(self.people)})."
            )
        return self.people[name]

    def sign_in_again(self, name: str) -> None:
        """A fresh token for a staff member (theirs run out when the clock moves far)."""
        person = self.person(name)
        assert self._try_sign_in(person), f"{name} could not sign in again"

    def everyone_signs_in_again(self) -> None:
        """After days have passed: every staff member and every tenant's first admin."""
        self._renew_sessions(after_expiry=False)

    def clock_moved(self, by: timedelta) -> None:
        """Staff sessions last 12 hours; past that, everyone who could act signs in again."""
        self.since_sign_in += by
        if self.since_sign_in >= STAFF_SESSION_MARGIN:
            self.since_sign_in = timedelta()
            self._renew_sessions(after_expiry=True)

    def _renew_sessions(self, *, after_expiry: bool) -> None:
        """After the clock ran past their sessions, a token a person had is kept as their old
        one (so "uses the internal app again" still shows it ran out), and someone disabled
        meanwhile simply stays out; asked for by a step, everyone must get back in."""
        for tenant in self.tenants:
            self.admins[tenant] = self.h.log_in_admin(self.slug(tenant))
        for name, person in self.people.items():
            if person.kind != "staff":
                continue
            if after_expiry:
                self.remembered.setdefault(f"old token of {name}", person.token)
                self._try_sign_in(person)
            else:
                self.sign_in_again(name)

    def _try_sign_in(self, person: Person) -> bool:
        slug = self.slug(person.tenant)
        first_admin = person.email == f"admin@{slug}.example"
        answer = self.h.internal.post(
            "/auth/login",
            json={
                "tenant": slug,
                "email": person.email,
                "password": ADMIN_PASSWORD if first_admin else STAFF_PASSWORD,
            },
        )
        if answer.status_code != 200:
            return False
        person.token = answer.json()["token"]
        if first_admin:
            self.admins[person.tenant] = person.token
        return True

    def client_for(self, name: str) -> Any:
        return self.h.portal if self.person(name).kind == "portal" else self.h.internal

    # --- records ------------------------------------------------------------------------------

    def remember(self, kind: str, name: str, body: dict[str, Any]) -> None:
        self.records[(kind, name)] = body

    def record(self, kind: str, name: str) -> dict[str, Any]:
        if (kind, name) not in self.records:
            known = [n for k, n in self.records if k == kind]
            raise ScenarioMistake(
                f'There is no {kind} "{name}" in this scenario '
                f"({kind} records so far: {_listed(known)})."
            )
        return self.records[(kind, name)]

    def id_of(self, kind: str, name: str) -> str:
        return self.record(kind, name)["id"]

    def new_number(self) -> str:
        return f"C-{uuid.uuid4().hex[:6].upper()}"

    # --- answers ------------------------------------------------------------------------------

    @property
    def status(self) -> int:
        return self.response.status_code

    def body(self) -> Any:
        return self.response.json()


def _listed(names: Any) -> str:
    return ", ".join(f'"{n}"' for n in names) or "none"
