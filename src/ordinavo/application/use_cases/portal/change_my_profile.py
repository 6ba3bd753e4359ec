from __future__ import annotations

from dataclasses import dataclass

from ordinavo.application.errors import NotAuthenticated
from ordinavo.application.ports.clock import Clock
from ordinavo.application.ports.repositories import UnitOfWork
from ordinavo.application.recording import ChangeRecorder
from ordinavo.domain import values
from ordinavo.domain.contacts import Language
from ordinavo.domain.errors import InvalidValue
from ordinavo.domain.portal_access import PortalUser
from ordinavo.domain.visibility import PortalSubject


@dataclass(frozen=True, slots=True)
class ProfileChange:
    """What a portal user may change of themselves; None leaves a field as it is."""

    display_name: str | None = None
    phone: str | None = None
    clear_phone: bool = False
    language: str | None = None


def _language(value: str) -> Language:
    try:
        return Language(value)
    except ValueError:
        allowed = ", ".join(language.value for language in Language)
        raise InvalidValue(
            f"'{value}' is not a language of the portal; use one of: {allowed}.", field="language"
        ) from None


class ChangeMyProfile:
    """Name, phone and language of the signed-in portal user. The language then drives the
    portal's labels, the mails and the calendar feed; the phone is the contact's, so staff see
    it too. Everything is checked before anything changes."""

    def __init__(self, uow: UnitOfWork, clock: Clock, recorder: ChangeRecorder) -> None:
        self._uow = uow
        self._clock = clock
        self._recorder = recorder

    async def __call__(self, subject: PortalSubject, change: ProfileChange) -> PortalUser:
        user = await self._uow.portal_users.get(subject.user_id)
        if user is None:
            raise NotAuthenticated()
        name = (
            values.text(change.display_name, "displayName", max_length=200)
            if change.display_name is not None
            else None
        )
        language = _language(change.language) if change.language is not None else None
        phone = values.phone(change.phone, "phone") if change.phone is not None else None
        changed: list[str] = []
        if name is not None and name != user.display_name:
            user.display_name = name
            changed.append("displayName")
        if language is not None and language is not user.language:
            user.language = language
            changed.append("language")
        if phone is not None or change.clear_phone:
            contact = await self._uow.contacts.get(user.contact_id)
            if contact is not None and contact.details.phone != phone:
                contact.revise({"phone": phone}, self._clock.now())
                await self._uow.contacts.save(contact)
                changed.append("phone")
        if changed:
            await self._uow.portal_users.save(user)
            self._recorder.record(
                self._uow,
                subject,
                "portal_user.profile_changed",
                subject_type="portal_user",
                subject_id=user.id,
                payload={"fields": changed},
            )
        await self._uow.commit()
        return user
