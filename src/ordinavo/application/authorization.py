"""Helpers that turn the domain's role matrix into application errors."""

from __future__ import annotations

from ordinavo.application.errors import Forbidden
from ordinavo.domain.access import Action, may
from ordinavo.domain.identity import Actor


def require(actor: Actor, action: Action) -> None:
    if not may(actor, action):
        raise Forbidden()
