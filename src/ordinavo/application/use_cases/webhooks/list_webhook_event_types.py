from __future__ import annotations

from dataclasses import dataclass

from ordinavo.application.authorization import require
from ordinavo.domain.access import Action
from ordinavo.domain.identity import Actor
from ordinavo.domain.webhooks import CATALOGUE, PAYLOAD_VERSION


@dataclass(frozen=True, slots=True)
class EventTypeInfo:
    name: str
    subject: str
    description: str
    version: int


class ListWebhookEventTypes:
    """The event catalogue an endpoint can subscribe to."""

    async def __call__(self, actor: Actor) -> list[EventTypeInfo]:
        require(actor, Action.MANAGE_WEBHOOKS)
        return [
            EventTypeInfo(name, subject.value, description, PAYLOAD_VERSION)
            for name, (subject, description) in sorted(CATALOGUE.items())
        ]
