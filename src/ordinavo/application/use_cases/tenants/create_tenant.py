from __future__ import annotations

from dataclasses import dataclass

from ordinavo.application.errors import Conflict
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWorkFactory
from ordinavo.application.ports.security import PasswordHasher, SecretGenerator
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.identity import InternalUser, Role
from ordinavo.domain.tenants import Tenant


@dataclass(frozen=True, slots=True)
class NewTenant:
    tenant: Tenant
    admin: InternalUser
    admin_password: str  # shown once to the operator, never stored


class CreateTenant:
    """Open a tenant with its first tenant admin, who gets a one-time generated password."""

    def __init__(
        self,
        directory: TenantDirectory,
        uows: UnitOfWorkFactory,
        hasher: PasswordHasher,
        secrets: SecretGenerator,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._directory = directory
        self._uows = uows
        self._hasher = hasher
        self._secrets = secrets
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(
        self,
        *,
        slug: str,
        name: str,
        admin_email: str,
        admin_name: str,
        admin_password: str | None = None,
    ) -> NewTenant:
        now = self._clock.now()
        tenant = Tenant.open(id=self._ids.new_id(), slug=slug, name=name, now=now)
        if await self._directory.find_by_slug(tenant.slug) is not None:
            raise Conflict("A tenant with this slug already exists.")
        password = admin_password or self._secrets.token()[:24]
        await self._directory.add(tenant)
        uow = self._uows.for_tenant(tenant.id)
        admin = InternalUser.enrol(
            id=self._ids.new_id(),
            tenant_id=tenant.id,
            email=admin_email,
            display_name=admin_name,
            role=Role.TENANT_ADMIN,
            password_hash=self._hasher.hash(password),
            now=now,
        )
        await uow.users.add(admin)
        self._recorder.record(
            uow, None, "tenant.created", subject_type="tenant", subject_id=tenant.id
        )
        self._recorder.record(
            uow,
            None,
            "user.enrolled",
            subject_type="user",
            subject_id=admin.id,
            payload={"role": admin.role.value},
        )
        await uow.commit()
        return NewTenant(tenant=tenant, admin=admin, admin_password=password)
