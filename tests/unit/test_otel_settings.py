"""ORDINAVO_OTEL: a flag, off by default; on needs the `otel` extra, else one line says so."""

from __future__ import annotations

import sys

import pytest

from ordinavo.entrypoints import settings as settings_module
from ordinavo.entrypoints.settings import OTEL_MODULES, Settings, SettingsError


def test_off_by_default() -> None:
    assert Settings.from_env({}).otel is False


@pytest.mark.parametrize(("value", "expected"), [("off", False), ("false", False), ("0", False)])
def test_read_as_a_flag(value: str, expected: bool) -> None:
    assert Settings.from_env({"ORDINAVO_OTEL": value}).otel is expected


def test_a_value_that_is_not_a_flag_is_refused() -> None:
    with pytest.raises(SettingsError, match=r"^ORDINAVO_OTEL is 'maybe'; use one of: true, false"):
        Settings.from_env({"ORDINAVO_OTEL": "maybe"})


def test_on_with_the_extra_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "otel_installed", lambda: True)
    assert Settings.from_env({"ORDINAVO_OTEL": "on"}).otel is True


def test_on_without_the_extra_names_it_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    # A module set to None in sys.modules is one Python refuses to import.
    for name in ("opentelemetry", *OTEL_MODULES):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"ORDINAVO_OTEL": "on"})
    message = str(refused.value)
    assert "\n" not in message
    assert "pip install 'ordinavo[otel]'" in message
    assert message.startswith("ORDINAVO_OTEL is on")
