"""Print every step phrase the acceptance scenarios can use, as Markdown.

Product staff write new scenarios in features/ from these phrases alone. The words a
placeholder takes come from tests/acceptance/vocabulary.py, built from the product's code.

    python scripts/step_glossary.py > docs/steps.md
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

STEPS = Path(__file__).resolve().parents[1] / "tests" / "acceptance" / "steps"
KINDS = ("given", "when", "then")


def _phrase(decorator: ast.expr) -> tuple[str, str] | None:
    if not (isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Name)):
        return None
    kind = decorator.func.id
    if kind == "past":  # an action offered as a precondition in the past tense
        kind = "given"
    elif kind not in KINDS or not decorator.args:
        return None
    arg = decorator.args[0]
    if isinstance(arg, ast.Call) and arg.args:  # P("...") or parsers.parse("...")
        arg = arg.args[0]
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return kind, arg.value
    return None


def _for_engineers(node: ast.FunctionDef) -> bool:
    return any(isinstance(d, ast.Name) and d.id == "for_engineers" for d in node.decorator_list)


Step = tuple[str, str, str]  # phrase, what it does, area


def collect(engineers: bool = False) -> dict[str, list[Step]]:
    """The phrases of product scenarios, or (engineers=True) those of the engineers' annex."""
    found: dict[str, list[Step]] = {kind: [] for kind in KINDS}
    for path in sorted(STEPS.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef) or _for_engineers(node) != engineers:
                continue
            doc = (ast.get_docstring(node) or "").splitlines()
            for decorator in node.decorator_list:
                step = _phrase(decorator)
                if not step:
                    continue
                what = doc[0] if doc else ""
                if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "past":
                    what = f"Already done before the scenario's action (and it succeeded): {what}"
                found[step[0]].append((step[1], what, path.stem))
    return found


def _table(kind: str, steps: list[Step]) -> list[str]:
    lines = [
        f"### {kind.capitalize()}",
        "",
        "| phrase | what it does | area |",
        "|---|---|---|",
    ]
    for phrase, doc, area in sorted(steps):
        lines.append(f"| `{kind.capitalize()} {phrase}` | {doc} | {area} |")
    return [*lines, ""]


def _words(engineers: bool) -> list[str]:
    from tests.acceptance.vocabulary import ALL

    lines: list[str] = []
    for placeholder, words in ALL.items():
        if words.engineers != engineers:
            continue
        values = ", ".join(f"`{w}`" for w in words)
        used_in = words.used_in.replace("{", "`{").replace("}", "}`")
        lines.append(f"- **`{placeholder}`** (in {used_in}): {values}")
    return [*lines, ""]


def render() -> str:
    from tests.acceptance.steps.situations import BUILDS_ON, PHRASES, SITUATIONS
    from tests.acceptance.vocabulary import OUTCOMES, WINDOW_SYNTAX, label_table

    lines = [
        "# Step glossary",
        "",
        "Every phrase a scenario in `features/` can use. Generated from the step definitions",
        "and the product's own tables by `make glossary`; do not edit.",
        "",
        "## How to write a scenario",
        "",
        '- `"{name}"` is any text in double quotes: a tenant, person, customer, location,',
        "  contact, work item, report or file named earlier in the scenario. Naming someone who",
        '  was not introduced stops the scenario with "Paula has not been introduced in this',
        '  scenario".',
        "- `{count:d}` is a whole number; `{article:A}` is a or an.",
        "- A placeholder without quotes takes one word from a fixed set, listed under",
        "  [Words for placeholders](#words-for-placeholders). Any other word stops the scenario",
        "  with a sentence naming the words it could have used.",
        "- Every action (a When phrase) that a later rule builds on has a Given form in the past",
        '  tense ("has revoked the grant of ..."): it must succeed, or the scenario stops there.',
        "- Moving the clock keeps staff able to act: whoever's sign-in ran out signs in again.",
        "",
        "### Outcomes",
        "",
        f"`Then it is {{outcome}}`, where the outcome is one of: {', '.join(OUTCOMES)}.",
        "",
        "Write `Then it is refused` for product rules: any refusal will do. Write the exact kind",
        "only when the kind is the rule, as in security scenarios: *as not found* means the",
        "person must not even learn that the thing exists (another tenant's customer, a location",
        "outside a grant); *as forbidden* means they may know it exists but may not do this;",
        "*as not signed in* means their sign-in is missing or over; *as invalid* means what was",
        "sent is wrong and nothing changed; *as a conflict* means the thing is in a state that",
        "does not allow it.",
        "",
        "## Starting situations",
        "",
        "Begin a Background with one of these instead of repeating the same people and places.",
        "Each is exactly the lines shown; add to it with ordinary Given phrases.",
        "",
    ]
    for name, text in SITUATIONS.items():
        base = BUILDS_ON.get(name)
        lines.append(f"- `Given {PHRASES[name]}`" + (f": `{PHRASES[base]}`, then" if base else ":"))
        lines += ["", "  ```gherkin", *[f"  {line.strip()}" for line in text.strip().splitlines()]]
        lines += ["  ```", ""]
    lines += ["## Phrases", ""]
    for kind, steps in collect().items():
        lines += _table(kind, steps)
    lines += [
        "## Words for placeholders",
        "",
        "Generated from the product's code where it has the list (statuses, roles, scopes,",
        "languages, audit actions, security events).",
        "",
        *_words(engineers=False),
        f"**Time windows** (`preferring {{windows}}`): {WINDOW_SYNTAX}",
        "",
        "## Customer-facing labels",
        "",
        "What a customer reads for each status (the status translation table). A tenant admin may",
        'rename a label per language (`names the status "{key}" "{label}" in {language}`).',
        "",
        "| key | shown for | English | German | Arabic |",
        "|---|---|---|---|---|",
    ]
    for key, shown_for, english, german, arabic in label_table():
        lines.append(f"| `{key}` | {shown_for} | {english} | {german} | {arabic} |")
    lines += [
        "",
        "## Annex for engineers",
        "",
        "Phrases that speak of the wire (JSON bodies, unknown fields, sizes, page cursors,",
        "retry keys, key prefixes, route sweeps, ISO dates). Scenarios that use them live in",
        "`features/engineering/`; product scenarios never do (a test checks).",
        "",
    ]
    for kind, steps in collect(engineers=True).items():
        if steps:
            lines += _table(kind, steps)
    lines += ["### Words", "", *_words(engineers=True)]
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(STEPS.parents[2]))
    sys.stdout.write(render())
