"""Repositories of the mail module, built for one tenant like every other."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from ordinavo.adapters.persistence.mail import mappers
from ordinavo.adapters.persistence.mail.models import (
    NotificationPreferenceModel,
    OutgoingMailModel,
)
from ordinavo.adapters.persistence.repositories import TenantScoped
from ordinavo.application.ports.mail import ClaimedMail, QueuedMail
from ordinavo.domain.mail import MailKind, MailStatus, NotificationPreferences, OutgoingMail
from ordinavo.domain.paging import Page, PageRequest


class SqlaMailOutbox(TenantScoped[OutgoingMailModel]):
    model = OutgoingMailModel

    def __init__(self, session: AsyncSession, tenant_id: UUID) -> None:
        super().__init__(session, tenant_id)
        self._added: list[QueuedMail] = []

    async def add(self, mail: OutgoingMail, sealed: str) -> None:
        self._session.add(mappers.mail_row(mail, sealed))
        self._added.append(QueuedMail(mail.tenant_id, mail.id))

    def added(self) -> list[QueuedMail]:
        added, self._added = self._added, []
        return added

    def _update(self, mail_id: UUID):  # type: ignore[no-untyped-def]
        return (
            update(OutgoingMailModel)
            .where(OutgoingMailModel.tenant_id == self._tenant_id)
            .where(OutgoingMailModel.id == mail_id)
            .execution_options(synchronize_session=False)
        )

    async def claim(
        self, mail_id: UUID, now: datetime, lease_until: datetime, token: UUID
    ) -> ClaimedMail | None:
        # One conditional UPDATE: of two workers racing for the same mail, exactly one matches.
        result = await self._session.execute(
            self._update(mail_id)
            .where(OutgoingMailModel.status == MailStatus.QUEUED.value)
            .where(OutgoingMailModel.next_attempt_at <= now)
            .where(
                or_(OutgoingMailModel.lease_until.is_(None), OutgoingMailModel.lease_until <= now)
            )
            .values(lease_until=lease_until, lease_token=token)
            .returning(OutgoingMailModel)
            .execution_options(populate_existing=True)
        )
        row = result.scalar_one_or_none()
        if row is None or row.sealed_content is None:
            return None
        return ClaimedMail(mappers.mail_from_row(row), row.sealed_content)

    async def settle(self, mail: OutgoingMail, token: UUID) -> bool:
        values = mappers.mail_state(mail)
        if mail.status is not MailStatus.QUEUED:
            values["sealed_content"] = None
        result = await self._session.execute(
            self._update(mail.id)
            .where(OutgoingMailModel.lease_token == token)
            .values(**values, lease_until=None, lease_token=None)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def page(self, page: PageRequest, status: str | None) -> Page[OutgoingMail]:
        stmt = self._select()
        if status is not None:
            stmt = stmt.where(OutgoingMailModel.status == status)
        return await self._page(stmt, page, mappers.mail_from_row, newest_first=True)

    async def to_recipient(self, email: str) -> list[OutgoingMail]:
        rows = await self._session.scalars(
            self._select()
            .where(func.lower(OutgoingMailModel.recipient) == email.lower())
            .order_by(OutgoingMailModel.id)
        )
        return [mappers.mail_from_row(r) for r in rows]


class SqlaNotificationPreferences(TenantScoped[NotificationPreferenceModel]):
    model = NotificationPreferenceModel

    async def of_users(self, portal_user_ids: list[UUID]) -> dict[UUID, NotificationPreferences]:
        if not portal_user_ids:
            return {}
        rows = (
            await self._session.execute(
                select(
                    NotificationPreferenceModel.portal_user_id,
                    NotificationPreferenceModel.kind,
                    NotificationPreferenceModel.receive,
                )
                .where(NotificationPreferenceModel.tenant_id == self._tenant_id)
                .where(NotificationPreferenceModel.portal_user_id.in_(portal_user_ids))
            )
        ).all()
        found: dict[UUID, dict[MailKind, bool]] = {}
        for user_id, kind, receive in rows:
            found.setdefault(user_id, {})[MailKind(kind)] = receive
        return {user_id: NotificationPreferences(choices) for user_id, choices in found.items()}

    async def choose(
        self, portal_user_id: UUID, kind: MailKind, receive: bool, now: datetime
    ) -> None:
        row = (
            await self._session.execute(
                self._select()
                .where(NotificationPreferenceModel.portal_user_id == portal_user_id)
                .where(NotificationPreferenceModel.kind == kind.value)
            )
        ).scalar_one_or_none()
        if row is None:
            self._session.add(
                NotificationPreferenceModel(
                    tenant_id=self._tenant_id,
                    portal_user_id=portal_user_id,
                    kind=kind.value,
                    receive=receive,
                    updated_at=now,
                )
            )
        else:
            row.receive = receive
            row.updated_at = now
        await self._session.flush()
