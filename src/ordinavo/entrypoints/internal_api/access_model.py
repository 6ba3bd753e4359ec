"""The role model as each tenant's switches make it: `GET /tenant/access-model` and the
switches tenant admins set. Bodies and answers are built from `domain/role_model.py`, so a new
switch or a changed cell reaches the API (and its OpenAPI document) without an edit here."""

from __future__ import annotations

from typing import Literal

import msgspec
from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, patch
from litestar.params import JSONBody
from msgspec import UNSET, UnsetType

from ordinavo.application.use_cases.tenants.change_access_switches import ChangeAccessSwitches
from ordinavo.application.use_cases.tenants.show_access_model import ShowAccessModel
from ordinavo.domain import role_model as model
from ordinavo.domain.identity import Actor
from ordinavo.entrypoints.internal_api.schemas import Input, Output

# One optional field per switch, taking only the switch's values: validation and the OpenAPI
# document follow the table.
AccessSwitchesChange = msgspec.defstruct(
    "AccessSwitchesChange",
    [
        (name, Literal.__getitem__(switch.values) | UnsetType, UNSET)  # type: ignore[attr-defined]
        for name, switch in model.SWITCHES.items()
    ],
    bases=(Input,),
)


class AccessSwitchOut(Output):
    name: str
    value: str
    default: str
    values: list[str]
    explanation: str


class AccessCellOut(Output):
    """One reader's cell of a row: how much it reads, whether it writes, on which records,
    and the fields that gives it per kind of record."""

    reader: str
    read: str
    write: bool
    condition: str
    fields: dict[str, list[str]]


class AccessRowOut(Output):
    row: str
    explanation: str
    cells: list[AccessCellOut]
    limited_means: str | None = None


class AccessOperationsOut(Output):
    reader: str
    actions: list[str]


class ApiScopeOut(Output):
    scope: str
    actions: list[str]


class AccessModelOut(Output):
    switches: list[AccessSwitchOut]
    rows: list[AccessRowOut]
    operations: list[AccessOperationsOut]
    api_scopes: list[ApiScopeOut]


def access_model_out(switches: model.AccessSwitches) -> AccessModelOut:
    rows = []
    for row, spec in model.ROWS.items():
        cells = []
        for reader in model.Reader:
            cell = model.cell(row, reader, switches)
            fields = {
                record.value: sorted(model.readable(row, reader, record, switches))
                for record in spec.full
            }
            cells.append(
                AccessCellOut(
                    reader=reader.value,
                    read=cell.read.value,
                    write=cell.write,
                    condition=cell.condition.value,
                    fields={k: v for k, v in fields.items() if v},
                )
            )
        rows.append(
            AccessRowOut(
                row=row.value,
                explanation=spec.explanation,
                limited_means=spec.limited_means or None,
                cells=cells,
            )
        )
    return AccessModelOut(
        switches=[
            AccessSwitchOut(
                name=switch.api_name,
                value=switches.value(name),
                default=switch.default,
                values=list(switch.values),
                explanation=switch.explanation,
            )
            for name, switch in model.SWITCHES.items()
        ],
        rows=rows,
        operations=[
            AccessOperationsOut(
                reader=reader.value,
                actions=sorted(
                    a.value for a in model.Action if model.permits(reader, a, switches, scopes)
                ),
            )
            for reader, scopes in (
                *((r, frozenset()) for r in model.Reader if r is not model.Reader.INTEGRATION),
                (model.Reader.INTEGRATION, frozenset(model.SCOPES)),
            )
        ],
        api_scopes=[
            ApiScopeOut(scope=scope, actions=sorted(a.value for a in actions))
            for scope, actions in model.SCOPES.items()
        ],
    )


class AccessModelController(Controller):
    path = "/tenant"
    tags = ["tenant"]

    @get(
        "/access-model",
        summary="Who sees and changes what in this tenant: the role model with its switches",
        description="Each row of the role matrix, for each reader (the four staff roles and "
        "integration keys): how much it reads (full, view, limited, none), whether it writes, "
        "on which records, and the fields that gives per kind of record. `operations` lists "
        "every action each reader may take (an integration key: with all scopes; each key "
        "only within its own, see `apiScopes`). Any staff user may read it.",
    )
    async def show_access_model(
        self, actor: FromDishka[Actor], use_case: FromDishka[ShowAccessModel]
    ) -> AccessModelOut:
        return access_model_out(await use_case(actor))

    @patch(
        "/access-switches",
        summary="Set access switches (tenant admins)",
        description="Switches not named keep their value. A switch that does not exist or a "
        "value it does not take is refused and nothing changes. Applies from the next request.",
    )
    async def change_access_switches(
        self,
        data: JSONBody[AccessSwitchesChange],  # type: ignore[valid-type]
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeAccessSwitches],
    ) -> AccessModelOut:
        tenant = await use_case(actor, data.present())  # type: ignore[attr-defined]
        return access_model_out(tenant.access_switches)
