from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import datetime
from typing import Any
from uuid import UUID

from ordinavo.application.errors import ApplicationError
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.connect import ConnectPolicy
from ordinavo.application.ports.repositories import UnitOfWork, UnitOfWorkFactory
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain.appointments import Appointment, Window
from ordinavo.domain.connect import (
    ERASED_MESSAGE,
    MAX_RUNS,
    Decision,
    ImportJob,
    ImportRecord,
    ImportResult,
    JobState,
    Known,
    Link,
    MappingWarning,
    Outcome,
    RecordKind,
    SourceSystem,
    WarningCode,
    batch_order,
    decide,
    duplicate_positions,
)
from ordinavo.domain.contacts import Contact
from ordinavo.domain.customers import Customer
from ordinavo.domain.errors import DomainError, RuleViolation
from ordinavo.domain.identity import Actor, ActorKind
from ordinavo.domain.locations import Location
from ordinavo.domain.work import Origin, Target

# The fields a record may name its parents by, and the kind each names.
_PARENTS = {
    "customerExternalId": RecordKind.CUSTOMER,
    "locationExternalId": RecordKind.LOCATION,
    "targetExternalId": RecordKind.TARGET,
}


class _Unknown(Exception):
    """A parent the links name is gone here (deleted since): the record is skipped."""

    def __init__(self, warning: MappingWarning) -> None:
        self.warning = warning


def _changes(current: Any, wanted: Any, *, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    return {
        f.name: getattr(wanted, f.name)
        for f in fields(wanted)
        if f.name not in skip and getattr(current, f.name) != getattr(wanted, f.name)
    }


class RunImportJob:
    """The worker applies a queued batch: each record in its own savepoint, a chunk of them
    per transaction, under the actor who sent it. A worker lost halfway leaves the results of
    the chunks it committed; the next run (once the lease has run out) skips those, and since
    records are matched by their external ids, it ends where one run would have ended."""

    def __init__(
        self,
        units: UnitOfWorkFactory,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
        policy: ConnectPolicy,
    ) -> None:
        self._units = units
        self._clock = clock
        self._ids = ids
        self._recorder = recorder
        self._policy = policy

    async def __call__(
        self, tenant_id: UUID, job_id: UUID, *, chunks: int | None = None
    ) -> JobState | None:
        """The job's state after this run, None if no such job. `chunks` stops after that
        many chunks: how tests play a worker lost halfway."""
        uow = self._units.for_tenant(tenant_id)
        now = self._clock.now()
        job = await uow.connect.job(job_id, lock=True)
        if job is None or not job.claimable(now):
            await uow.rollback()
            return job.state if job else None
        if job.runs >= MAX_RUNS:
            job.fail(f"The job lost its worker {job.runs} times; it was given up.", now)
            await uow.connect.drop_batch(job.id)
            await uow.connect.save_job(job)
            await uow.commit()
            return job.state
        job.start(now, self._policy.lease)
        await uow.connect.save_job(job)
        await uow.commit()

        source = await uow.connect.source(job.source_id)
        if source is None:  # removed meanwhile; its jobs go with it
            await uow.rollback()
            return None
        actor = Actor(
            kind=ActorKind(job.actor_type), id=job.actor_id or job.id, tenant_id=tenant_id
        )
        records = await uow.connect.batch_of(job.id)
        done = await uow.connect.done_positions(job.id)
        applier = _Applier(uow, self._recorder, self._ids, actor, source, job)
        applier.mappings = await uow.connect.mappings_of(source.id)
        applier.duplicates = duplicate_positions(records)
        todo = [i for i in batch_order(records) if i not in done]
        size = self._policy.chunk
        for n, start in enumerate(range(0, len(todo), size)):
            if chunks is not None and n >= chunks:
                await uow.rollback()
                return JobState.RUNNING
            chunk = todo[start : start + size]
            await applier.look_up([records[i] for i in chunk])
            results = [await applier.apply(i, records[i], self._clock.now()) for i in chunk]
            # What the chunk's records leave beside themselves, written together (a few
            # statements per chunk, not one per record): results, events, audit entries.
            await uow.connect.add_results(results)
            applier.write_staged()
            job.extend(self._clock.now(), self._policy.lease)
            await uow.connect.save_job(job)
            await uow.commit()
            applier.forget()
        counts = await uow.connect.count_outcomes(job.id)
        job.finish(counts, self._clock.now())
        await uow.connect.drop_batch(job.id)
        await uow.connect.save_job(job)
        self._recorder.record(
            uow,
            actor,
            "import.done",
            subject_type="import_job",
            subject_id=job.id,
            payload={"source": source.key, **{k: v for k, v in job.counts.items() if v}},
        )
        await uow.commit()
        return job.state


class _Staged:
    """Stands in for the unit of work while a record is written: its events and audit entries
    are held here, kept when the record's savepoint holds and dropped when it rolls back, and
    written with the chunk's others when the chunk commits."""

    def __init__(self, tenant_id: UUID) -> None:
        self.tenant_id = tenant_id
        self.events = _Held()
        self.audit = _Held()


class _Held(list[Any]):
    def append(self, item: Any) -> None:  # an event log's `append`
        super().append(item)

    def record(self, item: Any) -> None:  # an audit log's `record`
        super().append(item)


class _Applier:
    """Applies one record after another within the current transaction."""

    def __init__(
        self,
        uow: UnitOfWork,
        recorder: ChangeRecorder,
        ids: IdGenerator,
        actor: Actor,
        source: SourceSystem,
        job: ImportJob,
    ) -> None:
        self._uow = uow
        self._recorder = recorder
        self._ids = ids
        self._actor = actor
        self._source = source
        self._job = job
        self.mappings: dict[Any, str] = {}
        self.duplicates: frozenset[int] = frozenset()
        self._links: dict[tuple[RecordKind, str], Link] = {}
        self._record_ids: dict[tuple[RecordKind, str], UUID] = {}
        # Parents read or made in this transaction, so their children need not read them
        # again; emptied with every commit (`forget`), when the rows may have moved on.
        self._customers: dict[UUID, Customer] = {}
        self._locations: dict[UUID, Location] = {}
        # Events and audit entries of the chunk's records applied so far, and of the one
        # being written (kept only once its savepoint has held).
        self._staged = _Staged(uow.tenant_id)
        self._record = _Staged(uow.tenant_id)

    def write_staged(self) -> None:
        for event in self._staged.events:
            self._uow.events.append(event)
        for entry in self._staged.audit:
            self._uow.audit.record(entry)
        self._staged = _Staged(self._uow.tenant_id)

    def forget(self) -> None:
        self._customers.clear()
        self._locations.clear()

    async def look_up(self, records: Sequence[ImportRecord]) -> None:
        """Fetch, in a few queries, the links a chunk's records and their parents need."""
        keys = set()
        for record in records:
            keys.add((record.kind, record.external_id))
            for name, kind in _PARENTS.items():
                value = record.data.get(name)
                if isinstance(value, str):
                    keys.add((kind, value))
        wanted = keys - self._links.keys()
        found = await self._uow.connect.links(self._source.id, wanted)
        self._links.update(found)
        self._record_ids.update({k: link.record_id for k, link in found.items()})

    def _result(
        self,
        position: int,
        record: ImportRecord,
        outcome: Outcome,
        record_id: UUID | None = None,
        warnings: tuple[MappingWarning, ...] = (),
        message: str | None = None,
    ) -> ImportResult:
        return ImportResult(
            id=self._ids.new_id(),
            tenant_id=self._uow.tenant_id,
            job_id=self._job.id,
            position=position,
            kind=record.kind,
            external_id=record.external_id,
            outcome=outcome,
            record_id=record_id,
            warnings=warnings,
            message=message,
        )

    async def apply(self, position: int, record: ImportRecord, now: datetime) -> ImportResult:
        if record.erased:
            # Erased here while the job waited: applying what was sent would bring it back.
            warning = MappingWarning(WarningCode.ERASED, "externalId", None, ERASED_MESSAGE)
            return self._result(position, record, Outcome.SKIPPED, warnings=(warning,))
        if position in self.duplicates:
            warning = MappingWarning(
                WarningCode.DUPLICATE_EXTERNAL_ID,
                "externalId",
                record.external_id,
                f"The batch holds more than one {record.kind.value} with this external id; "
                "none of them was applied.",
            )
            return self._result(position, record, Outcome.SKIPPED, warnings=(warning,))
        key = (record.kind, record.external_id)
        link = self._links.get(key)
        fingerprint = record.fingerprint()
        if link is not None and link.fingerprint == fingerprint:
            return self._result(position, record, Outcome.UNCHANGED, link.record_id)
        known = Known(self._source.key, self.mappings, self._record_ids)
        try:
            decision = decide(record, known)
            if decision.skipped:
                return self._result(position, record, Outcome.SKIPPED, warnings=decision.warnings)
            self._record = _Staged(self._uow.tenant_id)
            async with self._uow.connect.savepoint():
                record_id, outcome = await self._write(record, decision, link, now)
                new_link = Link(record_id, fingerprint)
                await self._uow.connect.put_link(
                    self._source.id,
                    record.kind,
                    record.external_id,
                    new_link,
                    now,
                    new=link is None,
                )
        except _Unknown as unknown:
            self.forget()  # the savepoint's rollback may have undone what the caches hold
            return self._result(position, record, Outcome.SKIPPED, warnings=(unknown.warning,))
        except (DomainError, ApplicationError) as error:
            self.forget()
            message = getattr(error, "message", None) or str(error)
            field = getattr(error, "field", None)
            text = f"{field}: {message}" if field and field not in message else message
            return self._result(position, record, Outcome.FAILED, message=text)
        self._links[key] = new_link
        self._record_ids[key] = record_id
        self._staged.events.extend(self._record.events)
        self._staged.audit.extend(self._record.audit)
        return self._result(position, record, outcome, record_id)

    def _gone(self, kind: RecordKind, record: ImportRecord, name: str) -> _Unknown:
        value = str(record.data.get(name))
        return _Unknown(
            MappingWarning(
                WarningCode.UNKNOWN_REFERENCE,
                name,
                value,
                f"The {kind.value} with external id {value!r} no longer exists here.",
            )
        )

    async def _customer(self, record: ImportRecord, customer_id: UUID | None) -> Customer:
        customer = self._customers.get(customer_id) if customer_id else None
        if customer is None and customer_id is not None:
            customer = await self._uow.customers.get(customer_id)
        if customer is None:
            raise self._gone(RecordKind.CUSTOMER, record, "customerExternalId")
        self._customers[customer.id] = customer
        return customer

    async def _location(self, record: ImportRecord, location_id: UUID | None) -> Location | None:
        if location_id is None:
            return None
        location = self._locations.get(location_id) or await self._uow.locations.get(location_id)
        if location is None:
            raise self._gone(RecordKind.LOCATION, record, "locationExternalId")
        self._locations[location.id] = location
        return location

    def _note(
        self,
        event: str,
        subject_type: str,
        subject_id: UUID,
        record: ImportRecord,
        customer_id: UUID | None,
        location_id: UUID | None = None,
        **payload: Any,
    ) -> None:
        self._recorder.record(
            self._record,  # type: ignore[arg-type]  # held until the savepoint holds
            self._actor,
            event,
            subject_type=subject_type,
            subject_id=subject_id,
            customer_id=customer_id,
            location_id=location_id,
            payload={
                "source": self._source.key,
                "externalId": record.external_id,
                "importJobId": str(self._job.id),
                **payload,
            },
        )

    async def _write(
        self, record: ImportRecord, decision: Decision, link: Link | None, now: datetime
    ) -> tuple[UUID, Outcome]:
        match record.kind:
            case RecordKind.CUSTOMER:
                return await self._write_customer(record, decision, link, now)
            case RecordKind.LOCATION:
                return await self._write_location(record, decision, link, now)
            case RecordKind.CONTACT:
                return await self._write_contact(record, decision, link, now)
            case RecordKind.TARGET:
                return await self._write_target(record, decision, link, now)
            case RecordKind.APPOINTMENT:
                return await self._write_appointment(record, decision, link, now)

    async def _write_customer(
        self, record: ImportRecord, decision: Decision, link: Link | None, now: datetime
    ) -> tuple[UUID, Outcome]:
        assert decision.customer is not None
        customer = await self._uow.customers.get(link.record_id) if link else None
        if customer is None:
            if await self._uow.customers.number_taken(decision.customer.customer_number):
                raise RuleViolation(
                    "Another customer has this customer number.", field="customerNumber"
                )
            customer = Customer.register(
                id=self._ids.new_id(),
                tenant_id=self._uow.tenant_id,
                details=decision.customer,
                now=now,
            )
            await self._uow.customers.add(customer)
            self._customers[customer.id] = customer
            self._note("customer.imported", "customer", customer.id, record, customer.id)
            return customer.id, Outcome.CREATED
        # References of other systems stay as they are; only this source's is the import's.
        others = tuple(
            r for r in customer.details.external_references if r.system != self._source.key
        )
        wanted = decision.customer
        changes = _changes(customer.details, wanted, skip=frozenset({"external_references"}))
        references = others + wanted.external_references
        if set(references) != set(customer.details.external_references):
            changes["external_references"] = references
        if "customer_number" in changes and await self._uow.customers.number_taken(
            wanted.customer_number, except_id=customer.id
        ):
            raise RuleViolation(
                "Another customer has this customer number.", field="customerNumber"
            )
        changed = customer.revise(changes, now) if changes else []
        if not changed:
            return customer.id, Outcome.UNCHANGED
        await self._uow.customers.save(customer)
        self._note(
            "customer.import_updated", "customer", customer.id, record, customer.id, fields=changed
        )
        return customer.id, Outcome.UPDATED

    async def _write_location(
        self, record: ImportRecord, decision: Decision, link: Link | None, now: datetime
    ) -> tuple[UUID, Outcome]:
        assert decision.location is not None
        location = await self._uow.locations.get(link.record_id) if link else None
        customer = await self._customer(record, decision.customer_id)
        if location is None:
            location = Location.establish(
                id=self._ids.new_id(), customer=customer, details=decision.location, now=now
            )
            await self._uow.locations.add(location)
            self._locations[location.id] = location
            self._note(
                "location.imported", "location", location.id, record, customer.id, location.id
            )
            return location.id, Outcome.CREATED
        if location.customer_id != customer.id:
            raise RuleViolation(
                "A location cannot move to another customer.", field="customerExternalId"
            )
        changed = location.revise(_changes(location.details, decision.location), now)
        if not changed:
            return location.id, Outcome.UNCHANGED
        await self._uow.locations.save(location)
        self._note(
            "location.import_updated",
            "location",
            location.id,
            record,
            customer.id,
            location.id,
            fields=changed,
        )
        return location.id, Outcome.UPDATED

    async def _write_contact(
        self, record: ImportRecord, decision: Decision, link: Link | None, now: datetime
    ) -> tuple[UUID, Outcome]:
        assert decision.contact is not None
        contact = await self._uow.contacts.get(link.record_id) if link else None
        customer = await self._customer(record, decision.customer_id)
        location = await self._location(record, decision.location_id)
        if contact is None:
            contact = Contact.add(
                id=self._ids.new_id(),
                customer=customer,
                location=location,
                details=decision.contact,
                now=now,
            )
            await self._uow.contacts.add(contact)
            self._note("contact.imported", "contact", contact.id, record, customer.id)
            return contact.id, Outcome.CREATED
        if contact.customer_id != customer.id:
            raise RuleViolation(
                "A contact cannot move to another customer.", field="customerExternalId"
            )
        changed = contact.revise(_changes(contact.details, decision.contact), now)
        if contact.move_to(location, now):
            changed.append("location_id")
        if not changed:
            return contact.id, Outcome.UNCHANGED
        await self._uow.contacts.save(contact)
        self._note(
            "contact.import_updated", "contact", contact.id, record, customer.id, fields=changed
        )
        return contact.id, Outcome.UPDATED

    async def _write_target(
        self, record: ImportRecord, decision: Decision, link: Link | None, now: datetime
    ) -> tuple[UUID, Outcome]:
        assert decision.target is not None and decision.target_status is not None
        target = await self._uow.targets.get(link.record_id) if link else None
        customer = await self._customer(record, decision.customer_id)
        location = await self._location(record, decision.location_id)
        status = decision.target_status
        if target is None:
            target = Target.create(
                id=self._ids.new_id(),
                customer=customer,
                location=location,
                contact=None,
                details=decision.target,
                origin=Origin.IMPORT,
                now=now,
            )
            # The source system is where this work is managed: its status is taken as given.
            target.status = status
            if target.is_closed:
                target.closed_at = now
            await self._uow.targets.add(target)
            self._note(
                "target.imported",
                "target",
                target.id,
                record,
                customer.id,
                target.location_id,
                status=status.value,
            )
            return target.id, Outcome.CREATED
        if target.customer_id != customer.id:
            raise RuleViolation("Work cannot move to another customer.", field="customerExternalId")
        wanted_location = location.id if location else None
        if target.location_id != wanted_location:
            raise RuleViolation("Work cannot move to another location.", field="locationExternalId")
        changed = target.revise(_changes(target.details, decision.target), now)
        previous = target.status
        if status is not previous:
            target.move_to(status, now)
            changed.append("status")
        if not changed:
            return target.id, Outcome.UNCHANGED
        await self._uow.targets.save(target)
        if status is not previous:
            self._note(
                "target.status_changed",
                "target",
                target.id,
                record,
                customer.id,
                target.location_id,
                **{"from": previous.value, "to": status.value},
            )
        if changed != ["status"]:
            self._note(
                "target.import_updated",
                "target",
                target.id,
                record,
                customer.id,
                target.location_id,
                fields=[c for c in changed if c != "status"],
            )
        return target.id, Outcome.UPDATED

    async def _write_appointment(
        self, record: ImportRecord, decision: Decision, link: Link | None, now: datetime
    ) -> tuple[UUID, Outcome]:
        assert decision.window is not None
        window = Window.of(*decision.window)
        target = await self._uow.targets.get(decision.target_id) if decision.target_id else None
        if target is None:
            raise self._gone(RecordKind.TARGET, record, "targetExternalId")
        visit = await self._uow.appointments.get(link.record_id) if link else None
        if visit is None:
            if target.location_id is None:
                raise _Unknown(
                    MappingWarning(
                        WarningCode.MISSING_VALUE,
                        "targetExternalId",
                        str(record.data.get("targetExternalId")),
                        "The work has no location, so no visit can be planned on it.",
                    )
                )
            location = await self._location(record, target.location_id)
            assert location is not None
            visit = Appointment.plan(
                id=self._ids.new_id(), target=target, location=location, window=window, now=now
            )
            await self._uow.appointments.add(visit)
            self._note(
                "appointment.imported",
                "appointment",
                visit.id,
                record,
                target.customer_id,
                visit.location_id,
                targetId=str(target.id),
            )
            return visit.id, Outcome.CREATED
        if visit.target_id != target.id:
            raise RuleViolation("A visit cannot move to other work.", field="targetExternalId")
        if visit.window == window:
            return visit.id, Outcome.UNCHANGED
        visit.reschedule(window, now)
        await self._uow.appointments.save(visit)
        self._note(
            "appointment.rescheduled",
            "appointment",
            visit.id,
            record,
            target.customer_id,
            visit.location_id,
            targetId=str(target.id),
        )
        return visit.id, Outcome.UPDATED
