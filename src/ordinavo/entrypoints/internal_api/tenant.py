from __future__ import annotations

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, patch, put
from litestar.params import JSONBody

from ordinavo.application.use_cases.retention.change_retention_policy import (
    ChangeRetentionPolicy,
)
from ordinavo.application.use_cases.retention.get_retention_policy import GetRetentionPolicy
from ordinavo.application.use_cases.tenants.change_tenant_settings import ChangeTenantSettings
from ordinavo.application.use_cases.tenants.get_tenant import GetTenant
from ordinavo.domain.identity import Actor
from ordinavo.domain.retention import RULES, RetentionKind, RetentionPolicy
from ordinavo.domain.tenants import Tenant
from ordinavo.entrypoints.internal_api.schemas import (
    RetentionChange,
    RetentionOut,
    RetentionPeriodOut,
    TenantOut,
    TenantSettingsBody,
    TenantSettingsChange,
)


def _tenant_out(tenant: Tenant) -> TenantOut:
    return TenantOut(
        id=tenant.id,
        slug=tenant.slug,
        name=tenant.name,
        created_at=tenant.created_at,
        settings=TenantSettingsBody(**tenant.settings.as_dict()),
    )


def _retention_out(policy: RetentionPolicy) -> RetentionOut:
    return RetentionOut(
        kinds=[
            RetentionPeriodOut(
                kind=kind.value,
                days=policy.days(kind),
                default_days=RULES[kind].default_days,
                minimum_days=RULES[kind].minimum_days,
                maximum_days=RULES[kind].maximum_days,
                adjustable=RULES[kind].adjustable,
            )
            for kind in RetentionKind
        ]
    )


class TenantController(Controller):
    path = "/tenant"
    tags = ["tenant"]

    @get("/", summary="My tenant and its settings (tenant admins)")
    async def get_tenant(
        self, actor: FromDishka[Actor], use_case: FromDishka[GetTenant]
    ) -> TenantOut:
        return _tenant_out(await use_case(actor))

    @patch("/settings", summary="Change tenant settings (tenant admins)")
    async def change_settings(
        self,
        data: JSONBody[TenantSettingsChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeTenantSettings],
    ) -> TenantOut:
        return _tenant_out(await use_case(actor, data.present()))

    @get("/retention", summary="How long each kind of record is kept (tenant admins)")
    async def get_retention(
        self, actor: FromDishka[Actor], use_case: FromDishka[GetRetentionPolicy]
    ) -> RetentionOut:
        return _retention_out(await use_case(actor))

    @put("/retention", summary="Set how long each kind of record is kept (tenant admins)")
    async def change_retention(
        self,
        data: JSONBody[RetentionChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeRetentionPolicy],
    ) -> RetentionOut:
        return _retention_out(await use_case(actor, dict(data.periods)))
