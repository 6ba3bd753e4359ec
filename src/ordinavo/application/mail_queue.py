"""Queuing a mail: render it in the recipient's language, seal it, add it to the unit of work's
mail outbox. It leaves with the transaction's commit, or not at all."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping

from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.mail import (
    MailPolicy,
    MailRenderer,
    UnsubscribeRequest,
    UnsubscribeTokens,
)
from ordinavo.application.ports.portal import PortalLinks
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.webhooks import SecretBox
from ordinavo.domain.mail import MailContent, MailKind, OutgoingMail


def seal_content(box: SecretBox, content: MailContent) -> str:
    return box.seal(
        json.dumps(
            {
                "subject": content.subject,
                "text": content.text,
                "html": content.html,
                "unsubscribe": content.unsubscribe_url,
            }
        )
    )


def open_content(box: SecretBox, sealed: str) -> MailContent:
    data = json.loads(box.open(sealed))
    return MailContent(
        subject=data["subject"],
        text=data["text"],
        html=data["html"],
        unsubscribe_url=data["unsubscribe"],
    )


class MailQueue:
    def __init__(
        self,
        renderer: MailRenderer,
        box: SecretBox,
        links: PortalLinks,
        unsubscribe_tokens: UnsubscribeTokens,
        ids: IdGenerator,
        clock: Clock,
        policy: MailPolicy,
    ) -> None:
        self._renderer = renderer
        self._box = box
        self._links = links
        self._tokens = unsubscribe_tokens
        self._ids = ids
        self._clock = clock
        self._policy = policy

    @property
    def renderer(self) -> MailRenderer:
        return self._renderer

    async def queue(
        self,
        uow: UnitOfWork,
        kind: MailKind,
        *,
        to: str,
        language: str,
        values: Mapping[str, object],
        unsubscribe: UnsubscribeRequest | None = None,
    ) -> OutgoingMail:
        now = self._clock.now()
        unsubscribe_url = (
            self._links.unsubscribe(self._tokens.issue(unsubscribe, now)) if unsubscribe else None
        )
        content = dataclasses.replace(
            self._renderer.render(kind, language, {**values, "unsubscribe_url": unsubscribe_url}),
            unsubscribe_url=unsubscribe_url,
        )
        mail = OutgoingMail.queue(
            id=self._ids.new_id(),
            tenant_id=uow.tenant_id,
            kind=kind,
            recipient=to,
            language=language,
            domain=self._policy.message_id_domain,
            now=now,
        )
        await uow.mails.add(mail, seal_content(self._box, content))
        return mail
