from __future__ import annotations

from ordinavo.application.authorization import require
from ordinavo.application.errors import Conflict
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.connect import ConnectPolicy
from ordinavo.application.ports.outbox import JobQueue
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.connect._shared import source_of
from ordinavo.domain.access import Action
from ordinavo.domain.connect import ImportJob, ImportRecord
from ordinavo.domain.errors import RuleViolation
from ordinavo.domain.identity import Actor


class StartImport:
    """Accept a batch of one connected system's records: the job is queued at once and the
    worker applies it. The same idempotency key of the same system returns the same job."""

    def __init__(
        self,
        uow: UnitOfWork,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
        queue: JobQueue,
        policy: ConnectPolicy,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ids = ids
        self._recorder = recorder
        self._queue = queue
        self._policy = policy

    async def __call__(
        self,
        actor: Actor,
        source_key: str,
        records: list[ImportRecord],
        idempotency_key: str | None = None,
    ) -> tuple[ImportJob, bool]:
        """The job, and whether this call queued it (False: the key's earlier job)."""
        require(actor, Action.IMPORT_RECORDS)
        source = await source_of(self._uow, actor, source_key)
        if idempotency_key is not None:
            earlier = await self._uow.connect.job_by_key(source.id, idempotency_key)
            if earlier is not None:
                return earlier, False
        if len(records) > self._policy.max_batch:
            raise RuleViolation(
                f"A batch holds at most {self._policy.max_batch} records.", field="records"
            )
        job = ImportJob.queue(
            id=self._ids.new_id(),
            tenant_id=self._uow.tenant_id,
            source=source,
            total=len(records),
            actor_type=actor.kind.value,
            actor_id=actor.id,
            idempotency_key=idempotency_key,
            now=self._clock.now(),
            max_batch=self._policy.max_batch,
        )
        await self._uow.connect.add_job(job, records)
        self._recorder.record(
            self._uow,
            actor,
            "import.queued",
            subject_type="import_job",
            subject_id=job.id,
            payload={"source": source.key, "records": job.total},
        )
        try:
            await self._uow.commit()
        except Conflict:
            # The same key sent twice at once: the other request's job stands.
            if idempotency_key is None:
                raise
            earlier = await self._uow.connect.job_by_key(source.id, idempotency_key)
            if earlier is None:
                raise
            return earlier, False
        await self._queue.run_import(job.tenant_id, job.id)
        return job, True
