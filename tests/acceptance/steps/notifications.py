"""Steps about e-mail to customers: what they are told, in which language, and how they stop it.

"Receives" always means: after the worker has sent everything that is due. Account mail
(invitations, password resets) is left out of these steps; they are about notifications.
"""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from pytest_bdd import given, then, when

from ordinavo.application.ports.portal import MailMessage
from tests.acceptance.steps.phrases import P
from tests.acceptance.steps.work import _admin_of_work
from tests.acceptance.vocabulary import LANGUAGES, MAIL_KINDS, REQUEST_NEWS, ROLES_PLURAL
from tests.acceptance.world import World


def _kind_words(what: str) -> str:
    return MAIL_KINDS[what]


def kind_of(message: MailMessage) -> str | None:
    """A notification names its kind in its unsubscribe link; account mail has none."""
    if message.unsubscribe_url is None:
        return None
    return urlsplit(message.unsubscribe_url).path.rsplit("/", 1)[1].split(".")[2]


def _address(world: World, contact: str) -> str:
    return str(world.record("contact", contact)["email"])


def notices_to(world: World, contact: str, *, unread: bool = False) -> list[MailMessage]:
    """The notifications the contact received, oldest first (only those not yet read)."""
    address = _address(world, contact)
    mine = [m for m in world.h.sent_mail() if m.to == address and kind_of(m) is not None]
    if unread:
        return mine[world.remembered.get(("mail read", contact), 0) :]
    return mine


def _about(world: World, contact: str, title: str, kind: str | None = None) -> list[MailMessage]:
    return [
        m
        for m in notices_to(world, contact)
        if title in m.text and (kind is None or kind_of(m) == kind)
    ]


def _portal(world: World, contact: str) -> dict[str, str]:
    return world.as_person(contact)


# --- choosing -------------------------------------------------------------------------------


@when(P('"{contact}" switches off e-mails about {what}'))
def switches_off(world: World, contact: str, what: str) -> None:
    """The contact changes their notification settings in the portal."""
    world.response = world.h.portal.patch(
        "/me/notifications",
        json={"preferences": [{"kind": _kind_words(what), "receive": False}]},
        headers=_portal(world, contact),
    )


@given(P('"{contact}" has switched off e-mails about {what}'))
def has_switched_off(world: World, contact: str, what: str) -> None:
    """Before the scenario's action: the contact stopped this kind of e-mail."""
    switches_off(world, contact, what)
    assert world.status == 200, world.response.text


@when(P('"{contact}" switches on e-mails about {what}'))
def switches_on(world: World, contact: str, what: str) -> None:
    """The contact asks for this kind of e-mail again."""
    world.response = world.h.portal.patch(
        "/me/notifications",
        json={"preferences": [{"kind": _kind_words(what), "receive": True}]},
        headers=_portal(world, contact),
    )


@when(P('"{contact}" unsubscribes with the link in the e-mail about "{title}"'))
def unsubscribes(world: World, contact: str, title: str) -> None:
    """The contact's mail program posts the one-click unsubscribe (RFC 8058), signed in or not."""
    found = _about(world, contact, title)
    assert found, f'no e-mail to {contact} mentions "{title}"'
    url = found[-1].unsubscribe_url
    assert url is not None
    world.response = world.h.portal.post(
        urlsplit(url).path,
        content=b"List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert world.status == 200, world.response.text


@when(P('"{contact}" changes the portal language to {language}'))
def changes_language(world: World, contact: str, language: str) -> None:
    """The contact picks another language for the portal and its e-mails."""
    world.response = world.h.portal.patch(
        "/me", json={"language": LANGUAGES[language]}, headers=_portal(world, contact)
    )
    assert world.status == 200, world.response.text


@given(P('"{contact}" has read their e-mail'))
def has_read_mail(world: World, contact: str) -> None:
    """Everything the contact received so far counts as read; "receives no e-mail" looks
    at what arrives afterwards."""
    world.remembered[("mail read", contact)] = len(notices_to(world, contact))


@when(P('it is the day before the visit of "{work}"'))
def day_before(world: World, work: str) -> None:
    """The clock moves to 12 hours before the visit starts; the worker sends what is due."""
    visits = world.h.internal.get(
        "/appointments",
        params={"targetId": world.id_of("work", work)},
        headers=_admin_of_work(world, work),
    )
    assert visits.status_code == 200, visits.text
    starts = min(datetime.fromisoformat(v["startsAt"]) for v in visits.json()["items"])
    world.h.clock.advance(max(starts - timedelta(hours=12) - world.h.clock.now(), timedelta(0)))
    world.everyone_signs_in_again()
    world.h.run_worker()


# --- what arrives ---------------------------------------------------------------------------


@then(P('"{contact}" receives an e-mail that the request "{title}" is {news}'))
def receives_request_news(world: World, contact: str, title: str, news: str) -> None:
    """Exactly one e-mail of that kind about the request reached the contact."""
    found = _about(world, contact, title, REQUEST_NEWS[news])
    assert len(found) == 1, [(kind_of(m), m.subject) for m in notices_to(world, contact)]


@then(P('"{contact}" receives no e-mail that the request "{title}" is {news}'))
def receives_no_request_news(world: World, contact: str, title: str, news: str) -> None:
    """No e-mail of that kind about the request reached the contact."""
    assert _about(world, contact, title, REQUEST_NEWS[news]) == []


@then(P('"{contact}" receives no e-mail'))
def receives_nothing(world: World, contact: str) -> None:
    """No notification reached the contact (since they last read their e-mail)."""
    unread = notices_to(world, contact, unread=True)
    assert unread == [], [(kind_of(m), m.subject) for m in unread]


@then(P('"{contact}" receives {count:d} reminder of the visit of "{work}"'))
@then(P('"{contact}" receives {count:d} reminders of the visit of "{work}"'))
def receives_reminders(world: World, contact: str, count: int, work: str) -> None:
    """So many day-before reminders of the visit reached the contact."""
    found = _about(world, contact, work, "visit_reminder")
    assert len(found) == count, [(kind_of(m), m.subject) for m in notices_to(world, contact)]


@then(P('"{contact}" receives no reminder of the visit of "{work}"'))
def receives_no_reminder(world: World, contact: str, work: str) -> None:
    """No day-before reminder of the visit reached the contact."""
    receives_reminders(world, contact, 0, work)


@then(P('the e-mail to "{contact}" about "{title}" says "{text}"'))
def mail_says(world: World, contact: str, title: str, text: str) -> None:
    """The newest e-mail about it says this, in the text and in the HTML part."""
    found = _about(world, contact, title)
    assert found, f'no e-mail to {contact} mentions "{title}"'
    assert text in found[-1].text
    assert found[-1].html is not None and _escaped(text) in found[-1].html


@then(P('no e-mail to "{contact}" mentions "{text}"'))
def no_mail_mentions(world: World, contact: str, text: str) -> None:
    """Not one e-mail to the contact, of any kind, contains the text."""
    address = _address(world, contact)
    for message in world.h.sent_mail():
        if message.to == address:
            assert text not in message.subject + message.text + (message.html or "")


@then(P('the e-mail to "{contact}" about "{title}" is written in {language}'))
def mail_language(world: World, contact: str, title: str, language: str) -> None:
    """Language of the message, of its HTML, and the writing direction (Arabic: right to left)."""
    found = _about(world, contact, title)
    assert found, f'no e-mail to {contact} mentions "{title}"'
    message, code = found[-1], LANGUAGES[language]
    assert message.language == code
    assert message.html is not None and f'lang="{code}"' in message.html
    direction = "rtl" if code == "ar" else "ltr"
    assert f'dir="{direction}"' in message.html
    if code == "ar":
        assert any("\u0600" <= ch <= "\u06ff" for ch in message.subject)


@then(P('the e-mail to "{contact}" about "{title}" has a one-click unsubscribe link'))
def has_unsubscribe(world: World, contact: str, title: str) -> None:
    """The newest e-mail about it offers the one-click unsubscribe of mail programs."""
    found = _about(world, contact, title)
    assert found and found[-1].unsubscribe_url
    assert "/unsubscribe/" in found[-1].unsubscribe_url


def _escaped(text: str) -> str:
    return html.escape(text, quote=True)


# --- staff ----------------------------------------------------------------------------------

STAFF_SUBJECTS = {
    "new request": "New request from ",
    "comment": " wrote on the request ",
    "endpoint disabled": "A webhook endpoint was disabled: ",
}


def _staff_mail(world: World, person: str, what: str) -> list[MailMessage]:
    address = world.person(person).email
    return [m for m in world.h.sent_mail() if m.to == address and STAFF_SUBJECTS[what] in m.subject]


@given(P("new requests are mailed to {roles}"))
def new_requests_mailed_to(world: World, roles: str) -> None:
    """The tenant admin chooses who hears of new requests: "managers and dispatchers",
    "tenant admins", "nobody"."""
    words = [] if roles == "nobody" else re.split(r",\s*|\s+and\s+", roles)
    tenant = next(iter(world.admins))
    answer = world.h.internal.patch(
        "/tenant/settings",
        json={"newRequestMailRoles": [ROLES_PLURAL[w] for w in words]},
        headers=world.admin(tenant),
    )
    assert answer.status_code == 200, answer.text


@then(P('"{person}" receives an e-mail about the new request "{title}"'))
def staff_hears_of_request(world: World, person: str, title: str) -> None:
    """A staff member is told that a customer's request waits in the review queue."""
    found = [m for m in _staff_mail(world, person, "new request") if title in m.subject]
    assert len(found) == 1, [m.subject for m in world.h.sent_mail()]


@then(P('"{person}" receives no e-mail about the new request "{title}"'))
def staff_hears_nothing_of_request(world: World, person: str, title: str) -> None:
    """The staff member's role is not among those the tenant chose."""
    assert [m for m in _staff_mail(world, person, "new request") if title in m.subject] == []


@then(P('"{person}" receives an e-mail that "{customer}" wrote on the request "{title}"'))
def staff_hears_of_comment(world: World, person: str, customer: str, title: str) -> None:
    """A staff member is told of a customer's comment (never of a colleague's note)."""
    found = [m for m in _staff_mail(world, person, "comment") if title in m.subject]
    assert len(found) == 1 and customer in found[0].subject, [m.subject for m in found]


@then(P('"{person}" receives an e-mail that the endpoint "{system}" was disabled'))
def staff_hears_of_disabled_endpoint(world: World, person: str, system: str) -> None:
    """Tenant admins are told by mail when an endpoint is disabled after failing."""
    assert len(_staff_mail(world, person, "endpoint disabled")) == 1


@given(P('the location "{location}" keeps time in "{zone}"'))
def location_time_zone(world: World, location: str, zone: str) -> None:
    """The location's time zone (an IANA name such as Europe/Berlin), for visit times in mails."""
    record = world.record("location", location)
    answer = world.h.internal.patch(
        f"/locations/{record['id']}", json={"timeZone": zone}, headers=world.admin(record["tenant"])
    )
    assert answer.status_code == 200, answer.text


@then(P('the e-mail to "{contact}" about "{title}" gives the time in "{zone}"'))
def mail_time_zone(world: World, contact: str, title: str, zone: str) -> None:
    """The visit's time in the newest e-mail about it is the location's local time."""
    found = _about(world, contact, title)
    assert found, f'no e-mail to {contact} mentions "{title}"'
    assert f"({zone})" in found[-1].text, found[-1].text
