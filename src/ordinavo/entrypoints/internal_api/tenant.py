from __future__ import annotations

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, patch
from litestar.params import JSONBody

from ordinavo.application.use_cases.tenants.change_tenant_settings import ChangeTenantSettings
from ordinavo.application.use_cases.tenants.get_tenant import GetTenant
from ordinavo.domain.identity import Actor
from ordinavo.domain.tenants import Tenant
from ordinavo.entrypoints.internal_api.schemas import (
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
