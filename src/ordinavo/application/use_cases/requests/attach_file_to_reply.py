from __future__ import annotations

from uuid import UUID

from ordinavo.application.authorization import require
from ordinavo.application.errors import NotFound
from ordinavo.application.ports.clock import Clock, IdGenerator
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.ports.storage import FileStorage
from ordinavo.application.recording import ChangeRecorder
from ordinavo.application.uploads import (
    FileOwner,
    Filing,
    Upload,
    UploadPolicy,
    check_upload,
    keep_upload,
)
from ordinavo.application.use_cases.requests._shared import load
from ordinavo.domain.access import Action
from ordinavo.domain.attachments import Attachment, check_reply_takes_file
from ordinavo.domain.identity import Actor


class AttachFileToReply:
    """Staff attach a file to one of their replies on a request; the customer's side then sees
    it with the request. Never to an internal comment, nor to the customer's own words."""

    def __init__(
        self,
        uow: UnitOfWork,
        storage: FileStorage,
        policy: UploadPolicy,
        clock: Clock,
        ids: IdGenerator,
        recorder: ChangeRecorder,
    ) -> None:
        self._uow = uow
        self._policy = policy
        self._filing = Filing(storage, policy, clock, ids, recorder)

    async def __call__(
        self, actor: Actor, request_id: UUID, comment_id: UUID, upload: Upload
    ) -> Attachment:
        require(actor, Action.REVIEW_REQUESTS)
        check_upload(upload, self._policy)  # refuse a bad name or type before reading bytes
        request = await load(self._uow, request_id)
        reply = await self._uow.request_comments.get(comment_id)
        if reply is None or reply.request_id != request.id:
            raise NotFound("comment")
        check_reply_takes_file(reply)
        owner = FileOwner(
            tenant_id=request.tenant_id,
            customer_id=request.customer_id,
            location_id=request.location_id,
            request_id=request.id,
            work_id=request.target_id,
            comment_id=reply.id,
        )
        return await keep_upload(self._uow, self._filing, actor, owner, upload)
