from __future__ import annotations

from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.exports import MyDataEncoder
from ordinavo.application.ports.outbox import JobQueue
from ordinavo.application.ports.repositories import TenantDirectory, UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.exports.my_data import collect_my_data, my_own_requests
from ordinavo.domain.data_exports import DataExport, ExportState
from ordinavo.domain.visibility import PortalSubject

# Up to this many own requests the document is built within the request; beyond, the worker
# builds it (each request adds a read of its conversation).
BUILT_AT_ONCE_UP_TO = 50


class StartMyDataExport:
    """The signed-in portal user asks for their own data. A small account gets it at once; a
    large one waits for the worker. A new export replaces an earlier one; one still being
    built is answered as it is."""

    built_at_once_up_to = BUILT_AT_ONCE_UP_TO

    def __init__(
        self,
        uow: UnitOfWork,
        tenants: TenantDirectory,
        encoder: MyDataEncoder,
        queue: JobQueue,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._tenants = tenants
        self._encoder = encoder
        self._queue = queue
        self._clock = clock
        self._ids = ids
        self._recorder = recorder

    async def __call__(self, subject: PortalSubject) -> DataExport:
        now = self._clock.now()
        earlier = await self._uow.data_exports.latest_for_user(subject.user_id)
        if earlier is not None and earlier.state(now) is ExportState.PENDING:
            return earlier
        await self._uow.data_exports.remove_of_user(subject.user_id)
        export = DataExport.start(
            id=self._ids.new_id(),
            tenant_id=self._uow.tenant_id,
            portal_user_id=subject.user_id,
            now=now,
        )
        small = (
            len(await my_own_requests(self._uow, subject, at_most=self.built_at_once_up_to))
            <= self.built_at_once_up_to
        )
        if small:
            data = await collect_my_data(self._uow, self._tenants, subject, now)
            export.complete(self._encoder.encode(data), now)
        await self._uow.data_exports.add(export)
        self._recorder.audit_only(
            self._uow,
            subject,
            "data_export.requested",
            object_type="data_export",
            object_id=export.id,
        )
        await self._uow.commit()
        if not small:
            # After the commit, so the worker finds the row; a lost nudge waits for the sweep.
            await self._queue.build_data_export(self._uow.tenant_id, export.id)
        return export
