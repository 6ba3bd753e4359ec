"""Print docs/roles.md from the role model in code (`make roles`); a test keeps them equal.

Product staff and security reviewers read here the rules the code enforces: the matrix with
each tenant switch at its default, what "limited" means per row, the operations beside the
data rows, the API key scopes and the switches a tenant admin may set.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from ordinavo.domain import role_model as model

READERS = {
    model.Reader.TENANT_ADMIN: "Tenant admin",
    model.Reader.MANAGER: "Manager",
    model.Reader.DISPATCHER: "Dispatcher",
    model.Reader.EMPLOYEE: "Employee",
    model.Reader.INTEGRATION: "Integration key",
}
CONDITIONS = {
    model.Condition.ALL: "",
    model.Condition.ASSIGNED: "assigned",
    model.Condition.OWN_OR_ASSIGNED: "own / assigned",
    model.Condition.API_SCOPE: "by scope",
    model.Condition.API_SOURCE_SCOPE: "by scope and source",
    model.Condition.WEBHOOK_OPT_IN: "webhook opt-in",
    model.Condition.EVENTS_ONLY: "events",
    model.Condition.OWN_SECRET: "own secret",
    model.Condition.NEVER: "",
}


def _cell(cell: model.Cell) -> str:
    writes = cell.write and cell.read is not model.Level.FULL
    text = cell.read.value + (" + write" if writes else "")
    if cell.read is model.Level.FULL and not cell.write:
        text = "full, read only"
    condition = CONDITIONS[cell.condition]
    return f"{text} ({condition})" if condition else text


def render() -> str:
    out = [
        "# Who sees and changes what",
        "",
        "Generated from `src/ordinavo/domain/role_model.py` by `make roles`; do not edit by "
        "hand. `GET /tenant/access-model` answers the same table for one tenant, with its "
        "switches applied.",
        "",
        "**full**: every field, and changing them. **view**: every field, read only. "
        "**limited**: the fields the row names below, read only. **none**: no field of the row. "
        "The portal is not in this table: a customer's contacts see only what their grants "
        "share (see the scenarios in `features/portal/`).",
        "",
        "## The matrix (every switch at its default)",
        "",
        "| Data | " + " | ".join(READERS.values()) + " |",
        "|---|" + "---|" * len(READERS),
    ]
    for row in model.ROWS:
        cells = [_cell(model.cell(row, reader)) for reader in READERS]
        out.append(f"| {row.value[0].upper() + row.value[1:]} | " + " | ".join(cells) + " |")
    out += ["", "## The rows", ""]
    for row, spec in model.ROWS.items():
        out += [f"### {row.value[0].upper() + row.value[1:]}", "", spec.explanation, ""]
        for record, fields in spec.full.items():
            out.append(f"- Fields of the {record.value}: {', '.join(sorted(fields))}.")
        if spec.limited_means:
            limited = "; ".join(
                f"{record.value}: {', '.join(sorted(fields))}"
                for record, fields in spec.limited.items()
            )
            out.append(f"- Limited means {spec.limited_means} ({limited}).")
        if not spec.full:
            out.append("- The row is a feature, not fields: full means using it at all.")
        out.append("")
    out += [
        "## Every action, reader by reader",
        "",
        "| Action | " + " | ".join(READERS.values()) + " |",
        "|---|" + "---|" * len(READERS),
    ]
    for action in model.Action:
        if action in model.ROW_ACTIONS:
            row, mode = model.ROW_ACTIONS[action]
            rule = f"{mode}s *{row.value}*"
        else:
            rule = ""
        marks = [
            "yes" if model.permits(r, action, scopes=frozenset(model.SCOPES)) else ""
            for r in READERS
        ]
        note = f" ({rule})" if rule else ""
        out.append(f"| `{action.value}`{note} | " + " | ".join(marks) + " |")
    out += [
        "",
        "An integration key may take an action only if one of its scopes opens it:",
        "",
        "| Scope | Opens |",
        "|---|---|",
    ]
    for scope, actions in model.SCOPES.items():
        out.append(f"| `{scope}` | " + ", ".join(f"`{a.value}`" for a in sorted(actions)) + " |")
    out += [
        "",
        "## Tenant switches",
        "",
        "A tenant admin sets these (`PATCH /tenant/access-switches`); each change is audited. "
        "No switch gives an employee or an integration key more than the matrix above.",
        "",
        "| Switch | Values (default first) | What it does |",
        "|---|---|---|",
    ]
    for switch in model.SWITCHES.values():
        values = ", ".join(switch.values)
        out.append(f"| `{switch.api_name}` | {values} | {switch.explanation} |")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
