"""docs/steps.md is what product staff read to write scenarios; it must match the code."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _glossary_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "step_glossary", ROOT / "scripts/step_glossary.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_step_glossary_is_up_to_date() -> None:
    expected = _glossary_module().render()
    current = (ROOT / "docs/steps.md").read_text(encoding="utf-8")
    assert current == expected, "docs/steps.md is out of date: run `make glossary`."


def test_every_step_explains_itself_to_product_staff() -> None:
    steps = _glossary_module().collect()
    assert sum(len(v) for v in steps.values()) > 50
    undocumented = [phrase for kind in steps.values() for phrase, doc, _ in kind if not doc]
    assert undocumented == []
