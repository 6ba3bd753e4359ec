"""Every state change that matters leaves a domain event and an audit entry, in its transaction."""

from __future__ import annotations

from uuid import UUID

from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.domain.audit import AuditEntry, AuditResult
from ordinavo.domain.events import DomainEvent
from ordinavo.domain.identity import Actor
from ordinavo.domain.security_events import SecurityEvent, SecurityEventKind
from ordinavo.domain.visibility import PortalSubject


def _who(actor: Actor | PortalSubject | None) -> tuple[str, UUID | None]:
    if isinstance(actor, PortalSubject):
        return "portal_user", actor.user_id
    if actor is None:
        return "system", None
    return actor.kind.value, actor.id


def _work_of(subject_type: str, subject_id: UUID, payload: dict[str, object]) -> UUID | None:
    if subject_type == "target":
        return subject_id
    target = payload.get("targetId")
    return UUID(target) if isinstance(target, str) else None


class ChangeRecorder:
    """Writes the event and the audit entry of a change into the caller's unit of work."""

    def __init__(self, clock: Clock, ids: IdGenerator) -> None:
        self._clock = clock
        self._ids = ids

    def record(
        self,
        uow: UnitOfWork,
        actor: Actor | PortalSubject | None,
        event_type: str,
        *,
        subject_type: str,
        subject_id: UUID,
        customer_id: UUID | None = None,
        location_id: UUID | None = None,
        payload: dict[str, str | int | bool | list[str] | None] | None = None,
        audit: bool = True,
        work_id: UUID | None = None,
    ) -> None:
        """`work_id` names the work (target) the change is about; for a target itself and for
        payloads that name a `targetId` it is found without being given."""
        now = self._clock.now()
        if work_id is None:
            work_id = _work_of(subject_type, subject_id, payload or {})
        actor_type, actor_id = _who(actor)
        uow.events.append(
            DomainEvent(
                id=self._ids.new_id(),
                tenant_id=uow.tenant_id,
                type=event_type,
                occurred_at=now,
                subject_type=subject_type,
                subject_id=subject_id,
                customer_id=customer_id,
                location_id=location_id,
                actor_type=actor_type,
                actor_id=actor_id,
                work_id=work_id,
                payload=payload or {},
            )
        )
        if audit:
            uow.audit.record(
                AuditEntry(
                    id=self._ids.new_id(),
                    tenant_id=uow.tenant_id,
                    occurred_at=now,
                    actor_type=actor_type,
                    actor_id=actor_id,
                    action=event_type,
                    object_type=subject_type,
                    object_id=subject_id,
                    result=AuditResult.SUCCEEDED,
                )
            )

    def audit_only(
        self,
        uow: UnitOfWork,
        actor: Actor | PortalSubject | None,
        action: str,
        *,
        object_type: str,
        object_id: UUID,
    ) -> None:
        """An audit entry without a domain event: for reads worth tracing, such as downloads,
        and for erasures (an event would carry what is being erased). No actor: the system."""
        actor_type, actor_id = _who(actor)
        uow.audit.record(
            AuditEntry(
                id=self._ids.new_id(),
                tenant_id=uow.tenant_id,
                occurred_at=self._clock.now(),
                actor_type=actor_type,
                actor_id=actor_id,
                action=action,
                object_type=object_type,
                object_id=object_id,
                result=AuditResult.SUCCEEDED,
            )
        )

    def security(
        self,
        uow: UnitOfWork,
        kind: SecurityEventKind,
        *,
        portal_user_id: UUID | None = None,
        internal_user_id: UUID | None = None,
        actor_id: UUID | None = None,
        client_address: str | None = None,
    ) -> None:
        """A login or security event, listed for tenant admins."""
        uow.security_events.append(
            SecurityEvent(
                id=self._ids.new_id(),
                tenant_id=uow.tenant_id,
                occurred_at=self._clock.now(),
                kind=kind,
                portal_user_id=portal_user_id,
                internal_user_id=internal_user_id,
                actor_id=actor_id,
                client_address=client_address,
            )
        )
