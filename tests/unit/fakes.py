"""In-memory stand-ins for every port, so use cases run without a database.

The unit of work stages nothing: repositories write into a per-test store, and the fake
records whether the use case committed. Changes made by a use case that then fails are
rolled back by restoring a snapshot, like a real transaction.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from ordinavo.adapters.storage.memory_storage import InMemoryFileStorage
from ordinavo.application.mail_queue import MailQueue, open_content
from ordinavo.application.ports.mail import ClaimedMail, MailPolicy, UnsubscribeRequest
from ordinavo.application.ports.portal import (
    FeedPrincipal,
    LocationView,
    MailMessage,
    PortalCredential,
    PortalPrincipal,
)
from ordinavo.application.ports.repositories import InternalPrincipal
from ordinavo.application.ports.storage import PendingFileRemoval
from ordinavo.application.ports.work import DisplayPreferences
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.uploads import UploadPolicy
from ordinavo.domain.attachments import AttachmentDownload, shown_on_portal
from ordinavo.domain.identity import Actor
from ordinavo.domain.mail import MailContent, MailKind, NotificationPreferences
from ordinavo.domain.paging import Page, PageRequest, TimedPage, TimedPageRequest, TimeKey
from ordinavo.domain.role_model import DEFAULT_SWITCHES, AccessSwitches
from ordinavo.domain.throttling import LoginThrottle

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)


class FixedClock:
    def __init__(self, now: datetime = NOW) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class SequentialIds:
    """Increasing UUIDs, so ordering by id is creation order (as with UUIDv7)."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def new_id(self) -> UUID:
        return UUID(int=next(self._counter))


class FakeHasher:
    def __init__(self) -> None:
        self.burned = 0
        self.outdated: set[str] = set()

    def hash(self, password: str) -> str:
        return f"hashed:{password}"

    def verify(self, password_hash: str, password: str) -> bool:
        return password_hash == f"hashed:{password}"

    def needs_rehash(self, password_hash: str) -> bool:
        return password_hash in self.outdated

    def burn(self, password: str) -> None:
        self.burned += 1


class FakeSecrets:
    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def token(self) -> str:
        return f"secret-{next(self._counter):04d}-" + "x" * 36

    def digest(self, secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()


class Store:
    """All rows of all tenants, by kind."""

    def __init__(self) -> None:
        self.rows: dict[str, dict[UUID, Any]] = {}
        self.tenants: dict[UUID, Any] = {}
        self.throttles: dict[str, LoginThrottle] = {}
        self.windows: dict[tuple[str, datetime], int] = {}

    def table(self, kind: str) -> dict[UUID, Any]:
        return self.rows.setdefault(kind, {})


class Repo:
    """A tenant-bound repository over one kind of the store."""

    def __init__(self, store: Store, tenant_id: UUID, kind: str) -> None:
        self._store, self._tenant, self._kind = store, tenant_id, kind

    def _mine(self) -> list[Any]:
        return sorted(
            (r for r in self._store.table(self._kind).values() if r.tenant_id == self._tenant),
            key=lambda r: r.id,
        )

    async def add(self, item: Any) -> None:
        assert item.tenant_id == self._tenant
        self._store.table(self._kind)[item.id] = copy.deepcopy(item)

    async def get(self, item_id: UUID) -> Any:
        row = self._store.table(self._kind).get(item_id)
        return copy.deepcopy(row) if row is not None and row.tenant_id == self._tenant else None

    async def save(self, item: Any) -> None:
        if await self.get(item.id) is None:
            raise LookupError("vanished")
        self._store.table(self._kind)[item.id] = copy.deepcopy(item)

    def _page(self, rows: list[Any], page: PageRequest) -> Page[Any]:
        if page.after is not None:
            rows = [r for r in rows if r.id > page.after]
        chosen = rows[: page.size]
        more = len(rows) > page.size
        return Page([copy.deepcopy(r) for r in chosen], chosen[-1].id if more else None)

    async def list(self, page: PageRequest, where: Any = None) -> Page[Any]:
        rows = self._mine()
        if where is not None:
            rows = [r for r in rows if _matches(r, where)]
        return self._page(rows, page)


def _matches(row: Any, where: Any) -> bool:
    scope = getattr(where, "scope", None) or getattr(where, "customer_scope", None)
    key = row.customer_id if hasattr(where, "customer_scope") else row.id
    if scope is not None and not scope.allows(key):
        return False
    if getattr(where, "customer_id", None) and row.customer_id != where.customer_id:
        return False
    if getattr(where, "location_id", None) and row.location_id != where.location_id:
        return False
    if getattr(where, "status", None) and row.status != where.status:
        return False
    search = getattr(where, "search", None)
    return not search or search.lower() in row.details.name.lower()


class CustomerRepo(Repo):
    async def number_taken(self, number: str, *, except_id: UUID | None = None) -> bool:
        return any(c.details.customer_number == number and c.id != except_id for c in self._mine())


class UserRepo(Repo):
    async def find_by_email(self, email: str) -> Any:
        return next((copy.deepcopy(u) for u in self._mine() if u.email == email), None)

    async def find_by_contact(self, contact_id: UUID) -> Any:
        return next((copy.deepcopy(u) for u in self._mine() if u.contact_id == contact_id), None)

    async def active_with_roles(self, roles: frozenset[str]) -> list[Any]:
        return [
            copy.deepcopy(u)
            for u in self._mine()
            if getattr(u, "role", None) in roles and u.disabled_at is None
        ]


class TokenRepo(Repo):
    async def revoke(self, token_id: UUID, at: datetime) -> None:
        row = self._store.table(self._kind).get(token_id)
        if row is not None and row.tenant_id == self._tenant and row.revoked_at is None:
            row.revoked_at = at

    async def revoke_all_of_user(
        self, user_id: UUID, at: datetime, *, except_id: UUID | None = None
    ) -> int:
        ended = 0
        for row in self._mine():
            if row.user_id == user_id and row.revoked_at is None and row.id != except_id:
                self._store.table(self._kind)[row.id].revoked_at = at
                ended += 1
        return ended


class AppendLog(Repo):
    def append(self, item: Any) -> None:
        assert item.tenant_id == self._tenant
        self._store.table(self._kind)[item.id] = item

    record = append

    async def list(self, page: PageRequest, where: Any = None) -> Page[Any]:
        rows = sorted(self._mine(), key=lambda r: r.id)
        return self._page([r for r in rows if where is None or where.matches(r)], page)


class InvitationRepo(Repo):
    async def latest_for_user(self, user_id: UUID) -> Any:
        rows = [r for r in self._mine() if r.portal_user_id == user_id]
        return copy.deepcopy(rows[-1]) if rows else None

    async def of_user(self, user_id: UUID) -> list[Any]:
        return [copy.deepcopy(r) for r in self._mine() if r.portal_user_id == user_id]


class GrantRepo(Repo):
    async def active_for_user(self, user_id: UUID) -> list[Any]:
        return [
            copy.deepcopy(g) for g in self._mine() if g.portal_user_id == user_id and g.is_active
        ]

    async def active_for_customer(self, customer_id: UUID) -> list[Any]:
        return [
            copy.deepcopy(g) for g in self._mine() if g.customer_id == customer_id and g.is_active
        ]

    async def list_for_user(self, user_id: UUID, page: PageRequest) -> Page[Any]:
        return self._page([g for g in self._mine() if g.portal_user_id == user_id], page)


class PartnerRepo(Repo):
    async def get(self, contact_id: UUID, customer_id: UUID) -> Any:  # type: ignore[override]
        return next(
            (
                copy.deepcopy(r)
                for r in self._mine()
                if r.contact_id == contact_id and r.customer_id == customer_id
            ),
            None,
        )

    async def customers_of(self, contact_id: UUID) -> frozenset[UUID]:
        return frozenset(r.customer_id for r in self._mine() if r.contact_id == contact_id)

    async def list_for_contact(self, contact_id: UUID, page: PageRequest) -> Page[Any]:
        return self._page([r for r in self._mine() if r.contact_id == contact_id], page)

    async def remove(self, relation: Any) -> None:
        self._store.table(self._kind).pop(relation.id, None)


class SessionRepo(Repo):
    async def of_user(self, user_id: UUID) -> list[Any]:
        return [copy.deepcopy(r) for r in self._mine() if r.portal_user_id == user_id]

    async def touch(self, session_id: UUID, at: datetime) -> None:
        self._store.table(self._kind)[session_id].last_seen_at = at

    async def revoke(self, session_id: UUID, at: datetime, reason: str) -> None:
        row = self._store.table(self._kind).get(session_id)
        if row is not None and row.tenant_id == self._tenant and row.revoked_at is None:
            row.revoked_at, row.revoked_reason = at, reason

    async def revoke_all_of_user(
        self, user_id: UUID, at: datetime, reason: str, *, except_id: UUID | None = None
    ) -> int:
        ended = 0
        for row in self._mine():
            if row.portal_user_id == user_id and row.revoked_at is None and row.id != except_id:
                live = self._store.table(self._kind)[row.id]
                live.revoked_at, live.revoked_reason = at, reason
                ended += 1
        return ended


class ResetRepo(Repo):
    async def mark_used(self, reset_id: UUID, at: datetime) -> None:
        row = self._store.table(self._kind)[reset_id]
        self._store.table(self._kind)[reset_id] = dataclasses.replace(row, used_at=at)


class TargetRepo(Repo):
    async def list(self, page: PageRequest, where: Any = None) -> Page[Any]:
        visits = self._store.table("appointments").values()
        rows = [
            r
            for r in self._mine()
            if (where.status is None or r.status == where.status)
            and (where.customer_id is None or r.customer_id == where.customer_id)
            and (where.location_id is None or r.location_id == where.location_id)
            and (where.assigned_to is None or r.assigned_employee_id == where.assigned_to)
            and (
                where.only_for_employee is None
                or r.assigned_employee_id == where.only_for_employee
                or any(
                    v.target_id == r.id and v.assigned_employee_id == where.only_for_employee
                    for v in visits
                )
            )
        ]
        return self._page(rows, page)

    async def is_assigned(self, target_id: UUID, employee_id: UUID) -> bool:
        target = await self.get(target_id)
        return target is not None and (
            target.assigned_employee_id == employee_id
            or any(
                v.target_id == target_id and v.assigned_employee_id == employee_id
                for v in self._store.table("appointments").values()
                if v.tenant_id == self._tenant
            )
        )

    async def assigned_scope(self, employee_id: UUID) -> tuple[frozenset[UUID], frozenset[UUID]]:
        pairs = [
            (t.customer_id, t.location_id)
            for t in self._mine()
            if t.assigned_employee_id == employee_id and not t.is_closed
        ] + [
            (v.customer_id, v.location_id)
            for v in self._store.table("appointments").values()
            if v.tenant_id == self._tenant
            and v.assigned_employee_id == employee_id
            and not v.is_closed
        ]
        return frozenset(c for c, _ in pairs), frozenset(loc for _, loc in pairs if loc)

    async def assigned_contacts(self, employee_id: UUID) -> frozenset[UUID]:
        visits = {
            v.target_id
            for v in self._store.table("appointments").values()
            if v.tenant_id == self._tenant
            and v.assigned_employee_id == employee_id
            and not v.is_closed
        }
        return frozenset(
            t.contact_id
            for t in self._mine()
            if t.contact_id is not None
            and ((t.assigned_employee_id == employee_id and not t.is_closed) or t.id in visits)
        )


class AppointmentRepo(Repo):
    async def list(self, page: TimedPageRequest, where: Any = None) -> TimedPage[Any]:  # type: ignore[override]
        rows = sorted(
            (
                r
                for r in self._mine()
                if (where.assigned_to is None or r.assigned_employee_id == where.assigned_to)
                and (where.target_id is None or r.target_id == where.target_id)
            ),
            key=lambda r: (r.window.starts_at, r.id),
        )
        if page.after is not None:
            rows = [r for r in rows if (r.window.starts_at, r.id) > (page.after.at, page.after.id)]
        chosen = rows[: page.size]
        last = chosen[-1] if len(rows) > page.size else None
        return TimedPage(
            [copy.deepcopy(r) for r in chosen],
            TimeKey(last.window.starts_at, last.id) if last else None,
        )

    async def open_for_target(self, target_id: UUID) -> list[Any]:
        return [
            copy.deepcopy(r) for r in self._mine() if r.target_id == target_id and not r.is_closed
        ]


class StatusLabelRepo:
    def __init__(self, store: Store, tenant_id: UUID) -> None:
        self._labels = store.rows.setdefault("status_labels", {})  # type: ignore[arg-type]
        self._tenant = tenant_id

    async def all(self) -> list[Any]:
        return [o for (t, _, _), o in sorted(self._labels.items()) if t == self._tenant]

    async def for_language(self, language: Any) -> list[Any]:
        return [o for o in await self.all() if o.language is language]

    async def put(self, override: Any) -> None:
        self._labels[(self._tenant, override.key, override.language.value)] = override

    async def remove(self, key: str, language: Any) -> bool:
        return self._labels.pop((self._tenant, key, language.value), None) is not None


class FeedRepo(Repo):
    async def active_for_user(self, user_id: UUID) -> Any:
        return next(
            (copy.deepcopy(r) for r in self._mine() if r.portal_user_id == user_id and r.is_active),
            None,
        )


class RequestRepo(Repo):
    async def list(self, page: PageRequest, where: Any = None) -> Page[Any]:
        def visible(r: Any) -> bool:
            scope = where.scope
            return scope is None or (
                r.customer_id in scope.whole_customers or r.location_id in scope.locations
            )

        rows = [
            r
            for r in self._mine()
            if visible(r)
            and (where.status is None or r.status == where.status)
            and (where.type is None or r.type == where.type)
            and (where.customer_id is None or r.customer_id == where.customer_id)
            and (where.location_id is None or r.location_id == where.location_id)
            and (where.author_id is None or r.author_id == where.author_id)
        ]
        return self._page(rows, page)

    async def progress(self, target_ids: list[UUID]) -> dict[UUID, Any]:
        from ordinavo.application.ports.requests import Progress

        found = {}
        for target_id in target_ids:
            target = self._store.table("targets").get(target_id)
            if target is None:
                continue
            visits = sorted(
                (
                    v
                    for v in self._store.table("appointments").values()
                    if v.target_id == target_id and v.status.value != "cancelled"
                ),
                key=lambda v: v.window.starts_at,
            )
            last = visits[-1] if visits else None
            found[target_id] = Progress(
                target.status.value,
                target.closed_at,
                last.window.starts_at if last else None,
                last.created_at if last else None,
            )
        return found


class CommentRepo(Repo):
    async def list(  # type: ignore[override]
        self, request_id: UUID, page: PageRequest, *, with_internal: bool
    ) -> Page[Any]:
        rows = [
            c
            for c in self._mine()
            if c.request_id == request_id and (with_internal or not c.internal)
        ]
        return self._page(rows, page)

    async def by_author(self, author_id: UUID) -> list[Any]:
        return [copy.deepcopy(c) for c in self._mine() if c.author_id == author_id]


class FakeIdempotencyKeys:
    def __init__(self, store: Store, tenant_id: UUID) -> None:
        self._keys = store.rows.setdefault("idempotency_keys", {})  # type: ignore[arg-type]
        self._tenant = tenant_id

    async def find(self, user_id: UUID, key: str) -> Any:
        return self._keys.get((self._tenant, user_id, key))

    async def add(self, submission: Any) -> None:
        from ordinavo.application.errors import Conflict

        slot = (self._tenant, submission.portal_user_id, submission.key)
        if slot in self._keys:
            raise Conflict("The change collides with an existing record.")
        self._keys[slot] = submission


class LocationReader:
    def __init__(self, store: Store, tenant_id: UUID) -> None:
        self._store, self._tenant = store, tenant_id

    async def list_in_scope(self, scope: Any, page: PageRequest) -> Page[LocationView]:
        customers = self._store.table("customers")
        rows = sorted(
            (
                loc
                for loc in self._store.table("locations").values()
                if loc.tenant_id == self._tenant
                and not loc.is_archived
                and (loc.customer_id in scope.whole_customers or loc.id in scope.locations)
            ),
            key=lambda r: r.id,
        )
        if page.after is not None:
            rows = [r for r in rows if r.id > page.after]
        chosen = rows[: page.size]
        views = [
            LocationView(
                id=r.id,
                customer_id=r.customer_id,
                customer_name=customers[r.customer_id].details.name,
                name=r.details.name,
                address_line=r.details.address_line,
                postal_code=r.details.postal_code,
                city=r.details.city,
                country=r.details.country,
            )
            for r in chosen
        ]
        return Page(views, chosen[-1].id if len(rows) > page.size else None)

    async def customers_named(self, ids: frozenset[UUID]) -> dict[UUID, str]:
        return {
            i: self._store.table("customers")[i].details.name
            for i in ids
            if i in self._store.table("customers")
        }


class ReportRepo(Repo):
    async def list(self, page: PageRequest, where: Any = None) -> Page[Any]:
        targets = self._store.table("targets").values()
        visits = self._store.table("appointments").values()

        def assigned(report: Any, employee: UUID) -> bool:
            return any(
                t.id == report.target_id and t.assigned_employee_id == employee for t in targets
            ) or any(
                v.target_id == report.target_id and v.assigned_employee_id == employee
                for v in visits
            )

        rows = [
            r
            for r in self._mine()
            if (where.status is None or r.status == where.status)
            and (where.target_id is None or r.target_id == where.target_id)
            and (where.customer_id is None or r.customer_id == where.customer_id)
            and (
                where.only_for_employee is None
                or r.author_id == where.only_for_employee
                or assigned(r, where.only_for_employee)
            )
        ]
        return self._page(rows, page)

    async def remove(self, report_id: UUID) -> None:
        """Like the database's cascades: files, follow-up and billing trigger go with it."""
        if await self.get(report_id) is None:
            return
        del self._store.table(self._kind)[report_id]
        for kind in ("attachments", "follow_ups", "billing_triggers"):
            table = self._store.table(kind)
            for key in [k for k, v in table.items() if v.report_id == report_id]:
                del table[key]


class AttachmentRepo(Repo):
    async def remove(self, attachment_id: UUID) -> None:
        if await self.get(attachment_id) is not None:
            del self._store.table(self._kind)[attachment_id]

    async def of_report(self, report_id: UUID, page: PageRequest) -> Page[Any]:
        return self._page([a for a in self._mine() if a.report_id == report_id], page)

    async def of_request(self, request_id: UUID, page: PageRequest) -> Page[Any]:
        return self._page([a for a in self._mine() if a.request_id == request_id], page)

    async def shown_on_portal(self, request_id: UUID, page: PageRequest) -> Page[Any]:
        comments = self._store.table("request_comments")

        def internal(a: Any) -> bool | None:
            reply = comments.get(a.comment_id) if a.comment_id else None
            return reply.internal if reply and reply.request_id == request_id else None

        rows = [
            a
            for a in self._mine()
            if a.request_id == request_id and shown_on_portal(a, internal(a))
        ]
        return self._page(rows, page)

    async def on_comments(self, comment_ids: list[UUID]) -> dict[UUID, list[Any]]:
        found: dict[UUID, list[Any]] = {}
        for a in self._mine():
            if a.comment_id in comment_ids:
                found.setdefault(a.comment_id, []).append(copy.deepcopy(a))
        return found

    async def keys_of_report(self, report_id: UUID) -> list[str]:
        return [a.storage_key for a in self._mine() if a.report_id == report_id]

    async def uploaded_by_portal_user(self, user_id: UUID) -> list[Any]:
        return [
            copy.deepcopy(a)
            for a in self._mine()
            if a.uploaded_by_type == "portal_user" and a.uploaded_by_id == user_id
        ]

    async def record_download(
        self, *, id: UUID, attachment_id: UUID, portal_user_id: UUID, at: datetime
    ) -> None:
        self._store.table("downloads")[id] = (attachment_id, portal_user_id, at)

    async def downloads_of(self, attachment_id: UUID, page: PageRequest) -> Page[Any]:
        users = self._store.table("portal_users")
        rows = sorted(
            (
                AttachmentDownload(id, a, user, users[user].display_name, at)
                for id, (a, user, at) in self._store.table("downloads").items()
                if a == attachment_id
            ),
            key=lambda d: d.id,
            reverse=True,
        )
        if page.after is not None:
            rows = [r for r in rows if r.id < page.after]
        chosen = rows[: page.size]
        return Page(chosen, chosen[-1].id if len(rows) > page.size else None)


class FollowUpRepo(Repo):
    async def for_report(self, report_id: UUID) -> Any:
        found = [f for f in self._mine() if f.report_id == report_id]
        return copy.deepcopy(found[0]) if found else None


class BillingTriggerRepo(FollowUpRepo):
    async def list(self, page: PageRequest, where: Any = None) -> Page[Any]:
        return self._page(self._mine(), page)


class DataExportRepo(Repo):
    async def latest_for_user(self, user_id: UUID) -> Any:
        rows = [r for r in self._mine() if r.portal_user_id == user_id]
        return copy.deepcopy(rows[-1]) if rows else None

    async def remove_of_user(self, user_id: UUID) -> None:
        for row in self._mine():
            if row.portal_user_id == user_id:
                del self._store.table(self._kind)[row.id]


class FileRemovalRepo(Repo):
    async def add(self, storage_key: str, failed_at: datetime) -> None:  # type: ignore[override]
        if any(r.storage_key == storage_key for r in self._mine()):
            return
        row = PendingFileRemovalRow(uuid4(), self._tenant, storage_key, failed_at, 1)
        self._store.table(self._kind)[row.id] = row

    async def pending(self, limit: int) -> list[PendingFileRemoval]:
        return [
            PendingFileRemoval(r.id, r.storage_key, r.first_failed_at, r.attempts)
            for r in self._mine()[:limit]
        ]

    async def count(self) -> int:
        return len(self._mine())

    async def done(self, removal_id: UUID) -> None:
        self._store.table(self._kind).pop(removal_id, None)

    async def failed_again(self, removal_id: UUID) -> None:
        row = self._store.table(self._kind).get(removal_id)
        if row is not None:
            row.attempts += 1


@dataclasses.dataclass
class PendingFileRemovalRow:
    id: UUID
    tenant_id: UUID
    storage_key: str
    first_failed_at: datetime
    attempts: int


class FakeRetention:
    """Nothing expires in the fakes (the integration tier covers the deletes); run records
    are kept, so a test sees what a run counted."""

    def __init__(self, store: Store, tenant_id: UUID) -> None:
        self._store, self._tenant = store, tenant_id

    async def remove_expired(self, kind: Any, cutoff: datetime, now: datetime, limit: int) -> int:
        return 0

    async def count_expired(self, kind: Any, cutoff: datetime, now: datetime) -> int:
        return 0

    async def record_run(
        self, ran_at: datetime, removed: dict[Any, int], files_removed: int = 0
    ) -> None:
        counts = {kind.value: n for kind, n in removed.items() if n}
        if files_removed:
            counts["stored_files"] = files_removed
        self._store.table("retention_runs")[uuid4()] = (self._tenant, ran_at, counts)


class FakeConnectLinks:
    """Connect's links, as far as the relay reads them: record id -> (tenant, kind, ids)."""

    def __init__(self, store: Store, tenant_id: UUID) -> None:
        self._store = store
        self._tenant_id = tenant_id

    async def source_ids(self, records: Any) -> dict[Any, list[Any]]:
        found: dict[Any, list[Any]] = {}
        for kind, record_id in records:
            linked = self._store.table("connect_links").get(record_id)
            if linked and linked[0] == self._tenant_id and linked[1] == kind.value:
                found[(kind, record_id)] = list(linked[2])
        return found


class FakeUnitOfWork:
    def __init__(self, store: Store, tenant_id: UUID) -> None:
        self.tenant_id = tenant_id
        self._store = store
        self.commits = 0
        self._snapshot = copy.deepcopy(store.__dict__)
        r = lambda kind, cls=Repo: cls(store, tenant_id, kind)  # noqa: E731
        self.customers = r("customers", CustomerRepo)
        self.connect = FakeConnectLinks(store, tenant_id)
        self.locations = r("locations")
        self.contacts = r("contacts")
        self.users = r("users", UserRepo)
        self.access_tokens = r("access_tokens", TokenRepo)
        self.api_keys = r("api_keys")
        self.events = r("events", AppendLog)
        self.audit = r("audit", AppendLog)
        self.portal_users = r("portal_users", UserRepo)
        self.invitations = r("invitations", InvitationRepo)
        self.grants = r("grants", GrantRepo)
        self.partners = r("partners", PartnerRepo)
        self.portal_sessions = r("portal_sessions", SessionRepo)
        self.password_resets = r("password_resets", ResetRepo)
        self.security_events = r("security_events", AppendLog)
        self.portal_locations = LocationReader(store, tenant_id)
        self.targets = r("targets", TargetRepo)
        self.appointments = r("appointments", AppointmentRepo)
        self.status_labels = StatusLabelRepo(store, tenant_id)
        self.calendar_feeds = r("calendar_feeds", FeedRepo)
        # The portal's SQL reader has no in-memory twin; the integration tier covers it.
        self.portal_work = None
        self.requests = r("requests", RequestRepo)
        self.request_comments = r("request_comments", CommentRepo)
        self.idempotency_keys = FakeIdempotencyKeys(store, tenant_id)
        self.reports = r("reports", ReportRepo)
        self.attachments = r("attachments", AttachmentRepo)
        self.follow_ups = r("follow_ups", FollowUpRepo)
        self.billing_triggers = r("billing_triggers", BillingTriggerRepo)
        self.mails = r("mails", MailOutboxRepo)
        self.notification_preferences = r("notification_preferences", PreferenceRepo)
        self.portal_reports = None  # SQL only; the integration tier covers it
        self.customer_timeline = None
        self.portal_timeline = None
        self.data_exports = r("data_exports", DataExportRepo)
        self.file_removals = r("pending_file_removals", FileRemovalRepo)
        self.retention = FakeRetention(store, tenant_id)

    async def commit(self) -> None:
        self.commits += 1
        self._snapshot = copy.deepcopy(self._store.__dict__)

    async def rollback(self) -> None:
        self._store.__dict__.update(copy.deepcopy(self._snapshot))


class FakeUnitOfWorkFactory:
    def __init__(self, store: Store) -> None:
        self._store = store
        self.made: list[FakeUnitOfWork] = []

    def for_tenant(self, tenant_id: UUID) -> FakeUnitOfWork:
        uow = FakeUnitOfWork(self._store, tenant_id)
        self.made.append(uow)
        return uow

    async def commit(self) -> None:
        pass


class FakeDirectory:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def find_by_slug(self, slug: str) -> Any:
        return next((t for t in self._store.tenants.values() if t.slug == slug), None)

    async def get(self, tenant_id: UUID) -> Any:
        return self._store.tenants.get(tenant_id)

    async def add(self, tenant: Any) -> None:
        self._store.tenants[tenant.id] = tenant

    async def save(self, tenant: Any) -> None:
        self._store.tenants[tenant.id] = tenant

    async def remove(self, tenant_id: UUID) -> None:
        self._store.tenants.pop(tenant_id)

    async def is_ready(self) -> bool:
        return True

    # portal lookups
    async def find_session(self, digest: str) -> PortalCredential | None:
        for s in self._store.table("portal_sessions").values():
            if s.token_hash == digest:
                user = self._store.table("portal_users")[s.portal_user_id]
                return PortalCredential(
                    tenant_id=s.tenant_id, session=copy.deepcopy(s), user=copy.deepcopy(user)
                )
        return None

    async def find_invitation(self, digest: str) -> Any:
        return next(
            (
                copy.deepcopy(i)
                for i in self._store.table("invitations").values()
                if i.token_hash == digest
            ),
            None,
        )

    async def find_password_reset(self, digest: str) -> Any:
        return next(
            (r for r in self._store.table("password_resets").values() if r.token_hash == digest),
            None,
        )


class FakeInternalCredentialReader:
    """The token with its user, or the API key, behind a digest, with the tenant's switches."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _switches(self, tenant_id: UUID) -> AccessSwitches:
        tenant = self._store.tenants.get(tenant_id)
        return tenant.access_switches if tenant is not None else DEFAULT_SWITCHES

    async def read(self, digest: str) -> InternalPrincipal | None:
        for token in self._store.table("access_tokens").values():
            if token.token_hash == digest:
                user = self._store.table("users")[token.user_id]
                return InternalPrincipal(
                    actor=Actor.user(
                        user_id=user.id,
                        tenant_id=token.tenant_id,
                        role=user.role,
                        token_id=token.id,
                        switches=self._switches(token.tenant_id),
                    ),
                    revoked_at=token.revoked_at,
                    expires_at=token.expires_at,
                    user_disabled_at=user.disabled_at,
                )
        for key in self._store.table("api_keys").values():
            if key.key_hash == digest:
                return InternalPrincipal(
                    actor=Actor.integration(
                        key_id=key.id,
                        tenant_id=key.tenant_id,
                        scopes=key.scopes,
                        switches=self._switches(key.tenant_id),
                    ),
                    revoked_at=key.revoked_at,
                )
        return None


class FakeSessionIdleTimer:
    """Moves the idle timer in the store, as the SQL adapter's own short transaction does."""

    def __init__(self, store: Any) -> None:
        self._store = store

    async def touch(self, tenant_id: UUID, session_id: UUID, at: datetime) -> None:
        uow = FakeUnitOfWork(self._store, tenant_id)
        await uow.portal_sessions.touch(session_id, at)
        await uow.commit()


class FakeCredentialReader:
    """The principal behind a digest, as the one statement reads it: active grants only."""

    def __init__(self, store: Store) -> None:
        self._store = store

    async def read(self, digest: str) -> PortalPrincipal | None:
        for s in self._store.table("portal_sessions").values():
            if s.token_hash == digest:
                user = self._store.table("portal_users")[s.portal_user_id]
                grants = tuple(
                    copy.deepcopy(g)
                    for g in self._store.table("grants").values()
                    if g.tenant_id == s.tenant_id and g.portal_user_id == user.id and g.is_active
                )
                customers = self._store.table("customers")
                return PortalPrincipal(
                    tenant_id=s.tenant_id,
                    session=copy.deepcopy(s),
                    user=copy.deepcopy(user),
                    grants=grants,
                    customer_names={
                        g.customer_id: customers[g.customer_id].details.name
                        for g in grants
                        if g.customer_id in customers
                    },
                    # Unit tests read no labels through the principal: the defaults do.
                    display=DisplayPreferences((), show_technician_first_name=False),
                )
        return None

    async def read_feed(self, digest: str) -> FeedPrincipal | None:
        for feed in self._store.table("calendar_feeds").values():
            if feed.token_hash == digest:
                user = self._store.table("portal_users")[feed.portal_user_id]
                grants = tuple(
                    copy.deepcopy(g)
                    for g in self._store.table("grants").values()
                    if g.tenant_id == feed.tenant_id and g.portal_user_id == user.id and g.is_active
                )
                principal = PortalPrincipal(
                    tenant_id=feed.tenant_id,
                    session=None,
                    user=copy.deepcopy(user),
                    grants=grants,
                    customer_names={},
                    display=DisplayPreferences((), show_technician_first_name=False),
                )
                tenant = self._store.tenants.get(feed.tenant_id)
                return FeedPrincipal(copy.deepcopy(feed), principal, tenant.name if tenant else "")
        return None


class FakeThrottles:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def get(self, key: str) -> LoginThrottle:
        return copy.deepcopy(self._store.throttles.get(key) or LoginThrottle(key=key))

    async def save(self, throttle: LoginThrottle) -> None:
        self._store.throttles[throttle.key] = copy.deepcopy(throttle)


class NoLimits:
    async def hit(self, key: str, *, limit: int, window: timedelta, now: datetime) -> None:
        return None


class FakeMailer:
    def __init__(self) -> None:
        self.sent: list[MailMessage] = []

    async def send(self, message: MailMessage) -> None:
        self.sent.append(message)


class PlainBox:
    """Seals nothing: what the real box does is tested with the adapter."""

    def seal(self, secret: str) -> str:
        return "sealed:" + secret

    def open(self, sealed: str) -> str:
        assert sealed.startswith("sealed:")
        return sealed.removeprefix("sealed:")


class FakeRenderer:
    """Every value on a line of its own, so tests can find a link or a name in the text."""

    def render(self, kind: Any, language: str, values: Any) -> MailContent:
        lines = [f"{key}: {value}" for key, value in sorted(values.items()) if value]
        return MailContent(subject=f"{kind.value} ({language})", text="\n".join(lines) + "\n")

    def format_datetime(self, at: datetime, language: str) -> str:
        return at.isoformat()

    def format_date(self, at: datetime, language: str) -> str:
        return at.date().isoformat()

    def format_window(
        self, starts: datetime, ends: datetime, language: str, zone: str | None = None
    ) -> tuple[str, str]:
        return f"{starts.isoformat()} to {ends.isoformat()} ({zone or 'UTC'})", starts.isoformat()


class FakeUnsubscribeTokens:
    def issue(self, request: UnsubscribeRequest, now: datetime) -> str:
        return f"{request.tenant_id}.{request.portal_user_id}.{request.kind.value}"

    def read(self, token: str, now: datetime) -> UnsubscribeRequest | None:
        try:
            tenant, user, kind = token.split(".")
            return UnsubscribeRequest(UUID(tenant), UUID(user), MailKind(kind))
        except ValueError:
            return None


class MailOutboxRepo(Repo):
    async def add(self, mail: Any, sealed: str) -> None:  # type: ignore[override]
        assert mail.tenant_id == self._tenant
        self._store.table(self._kind)[mail.id] = (copy.deepcopy(mail), sealed)

    def added(self) -> list[Any]:
        return []

    async def to_recipient(self, email: str) -> list[Any]:
        return sorted(
            (
                copy.deepcopy(m)
                for m, _ in self._store.table(self._kind).values()
                if m.tenant_id == self._tenant and m.recipient.lower() == email.lower()
            ),
            key=lambda m: m.id,
        )

    async def claim(self, mail_id: UUID, now: datetime, lease_until: datetime, token: UUID) -> Any:
        row = self._store.table(self._kind).get(mail_id)
        if row is None or row[0].tenant_id != self._tenant:
            return None
        mail, sealed = row
        lease = self._store.table("mail_leases").get(mail_id)
        if mail.status.value != "queued" or mail.next_attempt_at > now:
            return None
        if lease is not None and lease[1] > now:
            return None
        self._store.table("mail_leases")[mail_id] = (token, lease_until)
        return ClaimedMail(copy.deepcopy(mail), sealed)

    async def settle(self, mail: Any, token: UUID) -> bool:
        lease = self._store.table("mail_leases").get(mail.id)
        if lease is None or lease[0] != token:
            return False
        del self._store.table("mail_leases")[mail.id]
        _, sealed = self._store.table(self._kind)[mail.id]
        kept = sealed if mail.status.value == "queued" else None
        self._store.table(self._kind)[mail.id] = (copy.deepcopy(mail), kept)
        return True

    def _mine(self) -> list[Any]:
        return sorted(
            (r for r in self._store.table(self._kind).values() if r[0].tenant_id == self._tenant),
            key=lambda r: r[0].id,
        )


class PreferenceRepo(Repo):
    async def of_users(self, user_ids: list[UUID]) -> dict[UUID, NotificationPreferences]:
        table = self._store.table(self._kind)
        found: dict[UUID, dict[MailKind, bool]] = {}
        for (tenant, user, kind), receive in table.items():
            if tenant == self._tenant and user in user_ids:
                found.setdefault(user, {})[kind] = receive
        return {u: NotificationPreferences(c) for u, c in found.items()}

    async def choose(self, user_id: UUID, kind: MailKind, receive: bool, now: datetime) -> None:
        self._store.table(self._kind)[(self._tenant, user_id, kind)] = receive


class FakeAskedResets:
    def __init__(self, store: Store) -> None:
        self._table = store.table("asked_resets")

    async def add(self, asked: Any) -> None:
        self._table[asked.id] = asked

    async def take(self, asked_id: UUID) -> Any:
        return self._table.pop(asked_id, None)

    async def waiting(self, limit: int) -> list[UUID]:
        return list(self._table)[:limit]


class FakeJobs:
    """Records what would wake a worker."""

    def __init__(self) -> None:
        self.resets: list[UUID] = []
        self.exports: list[tuple[UUID, UUID]] = []

    async def handle_password_reset(self, asked_id: UUID) -> None:
        self.resets.append(asked_id)

    async def build_data_export(self, tenant_id: UUID, export_id: UUID) -> None:
        self.exports.append((tenant_id, export_id))

    async def finish_customer_deletion(self, tenant_id: UUID, customer_id: UUID) -> None:
        return None

    async def run_import(self, tenant_id: UUID, job_id: UUID) -> None:
        return None


class QueuedMailView:
    """The mail the use cases queued (committed), read as the worker would send it."""

    def __init__(self, store: Store) -> None:
        self._store = store

    @property
    def sent(self) -> list[MailMessage]:
        box = PlainBox()
        found = []
        for mail, sealed in sorted(self._store.table("mails").values(), key=lambda r: r[0].id):
            if sealed is None:
                continue  # sent or given up: the content is gone
            content = open_content(box, sealed)
            found.append(
                MailMessage(
                    to=mail.recipient,
                    subject=content.subject,
                    text=content.text,
                    language=mail.language,
                    unsubscribe_url=content.unsubscribe_url,
                )
            )
        return found


class FakeLinks:
    def invitation(self, token: str) -> str:
        return f"https://portal.example/invitations/{token}"

    def password_reset(self, token: str) -> str:
        return f"https://portal.example/password-reset/{token}"

    def calendar_feed(self, token: str) -> str:
        return f"https://portal.example/calendar/{token}.ics"

    def unsubscribe(self, token: str) -> str:
        return f"https://portal.example/unsubscribe/{token}"

    def request(self, request_id: UUID) -> str:
        return f"https://portal.example/requests/{request_id}"

    def report(self, report_id: UUID) -> str:
        return f"https://portal.example/reports/{report_id}"

    def visits(self) -> str:
        return "https://portal.example/appointments"


@dataclasses.dataclass
class Kit:
    """Everything a use case may ask for, wired together for one test."""

    store: Store = dataclasses.field(default_factory=Store)
    clock: FixedClock = dataclasses.field(default_factory=FixedClock)
    ids: SequentialIds = dataclasses.field(default_factory=SequentialIds)
    hasher: FakeHasher = dataclasses.field(default_factory=FakeHasher)
    secrets: FakeSecrets = dataclasses.field(default_factory=FakeSecrets)
    sender: FakeMailer = dataclasses.field(default_factory=FakeMailer)
    jobs: FakeJobs = dataclasses.field(default_factory=FakeJobs)
    storage: InMemoryFileStorage = dataclasses.field(default_factory=InMemoryFileStorage)
    policy: UploadPolicy = dataclasses.field(default_factory=lambda: UploadPolicy(max_bytes=1000))

    @property
    def mailer(self) -> QueuedMailView:
        return QueuedMailView(self.store)

    @property
    def mail(self) -> MailQueue:
        return MailQueue(
            FakeRenderer(),
            PlainBox(),
            FakeLinks(),
            FakeUnsubscribeTokens(),
            self.ids,
            self.clock,
            MailPolicy(message_id_domain="tests.example"),
        )

    @property
    def recorder(self) -> ChangeRecorder:
        return ChangeRecorder(self.clock, self.ids)

    @property
    def directory(self) -> FakeDirectory:
        return FakeDirectory(self.store)

    @property
    def uows(self) -> FakeUnitOfWorkFactory:
        return FakeUnitOfWorkFactory(self.store)

    def uow(self, tenant_id: UUID) -> FakeUnitOfWork:
        return FakeUnitOfWork(self.store, tenant_id)

    def build(self, use_case: Callable[..., Any], tenant_id: UUID | None = None) -> Any:
        """Construct a use case, filling its constructor from this kit by parameter name."""
        import inspect

        available = {
            "uow": self.uow(tenant_id) if tenant_id else None,
            "clock": self.clock,
            "ids": self.ids,
            "hasher": self.hasher,
            "secrets": self.secrets,
            "recorder": self.recorder,
            "directory": self.directory,
            "tenants": self.directory,
            "portal": self.directory,
            "credentials": FakeCredentialReader(self.store),
            "idle_timer": FakeSessionIdleTimer(self.store),
            "internal_credentials": FakeInternalCredentialReader(self.store),
            "uows": self.uows,
            "units": self.uows,
            # The portal's hot-path readers: the fake unit of work's, as in the SQL adapters.
            "reads": self.uows,
            "tokens": FakeUnsubscribeTokens(),
            "mailer": self.sender,
            "mail": self.mail,
            "asked": FakeAskedResets(self.store),
            "jobs": self.jobs,
            "links": FakeLinks(),
            "throttles": FakeThrottles(self.store),
            "limiter": NoLimits(),
            "storage": self.storage,
            "policy": self.policy,
        }
        params = inspect.signature(use_case).parameters
        return use_case(**{name: available[name] for name in params})

    def of_kind(self, kind: str) -> list[Any]:
        return sorted(self.store.table(kind).values(), key=lambda r: r.id)

    async def handle_resets(self) -> None:
        """What the worker does with the reset requests the portal noted."""
        from ordinavo.application.use_cases.portal.handle_password_reset import (
            HandlePasswordReset,
        )

        handle = self.build(HandlePasswordReset)
        for asked_id in list(self.store.table("asked_resets")):
            await handle(asked_id)
