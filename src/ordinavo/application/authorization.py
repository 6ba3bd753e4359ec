"""Helpers that turn the domain's role matrix into application errors."""

from __future__ import annotations

from ordinavo.application.errors import Forbidden
from ordinavo.domain.access import Action, foreign_references, may
from ordinavo.domain.identity import Actor
from ordinavo.domain.values import ExternalReference


def require(actor: Actor, action: Action) -> None:
    if not may(actor, action):
        raise Forbidden()


def require_own_references(actor: Actor, references: tuple[ExternalReference, ...]) -> None:
    """A key bound to one connected system writes that system's external references only."""
    if foreign_references(actor, references):
        raise Forbidden(
            f"This key writes only external references of the system {actor.source_system!r}."
        )
