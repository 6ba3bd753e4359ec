from __future__ import annotations

from ordinavo.application.errors import Conflict, NotFound
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.use_cases.exports.show_my_data_export import my_latest_export
from ordinavo.domain.data_exports import ExportState
from ordinavo.domain.visibility import PortalSubject


class ExportExpired(NotFound):
    def __init__(self) -> None:
        super().__init__("data export")
        self.message = "Your data export has expired: it is offered for 24 hours. Start a new one."


class DownloadMyDataExport:
    """The user's own export document. Only ever their own: it is looked up by the signed-in
    user, never by an id from the request."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, subject: PortalSubject) -> bytes:
        export = await my_latest_export(self._uow, subject, self._clock)
        state = export.state(self._clock.now())
        if state is ExportState.PENDING:
            raise Conflict("Your data export is still being prepared. Try again shortly.")
        if state is ExportState.EXPIRED or export.document is None:
            raise ExportExpired()
        self._recorder.audit_only(
            self._uow,
            subject,
            "data_export.downloaded",
            object_type="data_export",
            object_id=export.id,
        )
        await self._uow.commit()
        return export.document
