"""What a scenario knows: the apps, the people in it and the records they created, by name.

Steps speak in names ("Bakery Müller", "Jana"); the world turns names into ids and tokens.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from tests.support.harness import ADMIN_PASSWORD, Harness

ROLE_NAMES = {
    "tenant admin": "tenant_admin",
    "manager": "manager",
    "dispatcher": "dispatcher",
    "employee": "employee",
}
SCOPE_NAMES = {
    "read customers": ["core:read"],
    "change customers": ["core:write"],
    "read contacts": ["contacts:read"],
    "read customers and contacts": ["core:read", "contacts:read"],
}
STAFF_PASSWORD = "Field-service-2026!"
PORTAL_PASSWORD = "Bright-morning-walk-7"


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

    # --- tenants and people -----------------------------------------------------------------

    def slug(self, tenant: str) -> str:
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
        return {"Authorization": f"Bearer {self.admins[tenant]}"}

    def as_person(self, name: str) -> dict[str, str]:
        person = self.people[name]
        return {"Authorization": f"Bearer {person.token}"} if person.token else {}

    def person(self, name: str) -> Person:
        return self.people[name]

    def sign_in_again(self, name: str) -> None:
        """A fresh token for a staff member (theirs run out when the clock moves far)."""
        person = self.people[name]
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
        assert answer.status_code == 200, answer.text
        person.token = answer.json()["token"]
        if first_admin:
            self.admins[person.tenant] = person.token

    def everyone_signs_in_again(self) -> None:
        """After days have passed: every staff member and every tenant's first admin."""
        for tenant in self.tenants:
            self.admins[tenant] = self.h.log_in_admin(self.slug(tenant))
        for name, person in self.people.items():
            if person.kind == "staff":
                self.sign_in_again(name)

    def client_for(self, name: str) -> Any:
        return self.h.portal if self.people[name].kind == "portal" else self.h.internal

    # --- records ------------------------------------------------------------------------------

    def remember(self, kind: str, name: str, body: dict[str, Any]) -> None:
        self.records[(kind, name)] = body

    def record(self, kind: str, name: str) -> dict[str, Any]:
        return self.records[(kind, name)]

    def id_of(self, kind: str, name: str) -> str:
        return self.records[(kind, name)]["id"]

    def new_number(self) -> str:
        return f"C-{uuid.uuid4().hex[:6].upper()}"

    # --- answers ------------------------------------------------------------------------------

    @property
    def status(self) -> int:
        return self.response.status_code

    def body(self) -> Any:
        return self.response.json()
