"""Both apps on one test database, with a movable clock and captured e-mail.

Plain-pytest security tests use it directly; everything they do goes through HTTP except
opening a tenant, which has no HTTP route (operators do it with `ordinavo tenant create`).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from dishka import Provider, Scope
from litestar.testing import TestClient
from taskiq import AsyncBroker
from taskiq.kicker import AsyncKicker

from ordinavo.adapters.mail.memory_mailer import InMemoryMailer
from ordinavo.adapters.security.argon2_hasher import Argon2PasswordHasher
from ordinavo.adapters.tasks.taskiq_queue import (
    GENERATE_RECURRING_VISITS,
    REMIND_OF_VISITS,
    RUN_RETENTION,
    SWEEP_OUTBOX,
)
from ordinavo.application.ports.portal import Mailer, MailMessage
from ordinavo.application.ports.security import PasswordHasher
from ordinavo.application.use_cases.tenants.create_tenant import CreateTenant
from ordinavo.entrypoints.internal_api.app import create_internal_app
from ordinavo.entrypoints.ioc import ActorFromContextProvider, make_container
from ordinavo.entrypoints.portal_api.app import create_portal_app
from ordinavo.entrypoints.settings import Settings
from ordinavo.entrypoints.worker.app import create_worker
from ordinavo.entrypoints.worker.brokers import embedded_broker
from tests.support.clock import MovableClock, clock_provider

ADMIN_PASSWORD = "Admin-password-for-tests-1"
TEST_ENCRYPTION_KEY = "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktdGVzdC0="  # 32 bytes, tests only


def mail_provider(mailer: InMemoryMailer) -> Provider:
    provider = Provider(scope=Scope.APP)
    provider.provide(lambda: mailer, provides=Mailer, override=True)
    return provider


def quick_hasher() -> Argon2PasswordHasher:
    """The product's argon2id hasher at the smallest cost argon2 allows: every hash and check
    still runs, in microseconds instead of the production setting's 50 ms (a scenario signs in
    several times). The product's own hasher, as the apps wire it, is tested where it matters
    (hashes upgraded at login), with `harness(..., quick_passwords=False)`."""
    return Argon2PasswordHasher(memory_kib=8, iterations=1)


def hasher_provider(hasher: PasswordHasher) -> Provider:
    provider = Provider(scope=Scope.APP)
    provider.provide(lambda: hasher, provides=PasswordHasher, override=True)
    return provider


@dataclass
class Harness:
    internal: TestClient[Any]
    portal: TestClient[Any]
    clock: MovableClock
    mailer: InMemoryMailer
    settings: Settings
    worker: AsyncBroker
    # What the apps were built with beyond the settings (clock, mail, hasher): a container a
    # test makes itself (as an operator command does) takes the same.
    providers: tuple[Provider, ...] = ()
    tokens: dict[str, str] = field(default_factory=dict)

    def run_worker(self) -> None:
        """What the worker does on its own in the background, done now and to the end: remind
        of tomorrow's visits, relay the events, send what is due at the test clock's time,
        until nothing is left."""

        async def catch_up() -> None:
            reminders = await AsyncKicker(REMIND_OF_VISITS, self.worker, {}).kiq()
            (await reminders.wait_result(timeout=30)).raise_for_error()
            for _ in range(20):
                task = await AsyncKicker(SWEEP_OUTBOX, self.worker, {}).kiq()
                swept = (await task.wait_result(timeout=30)).raise_for_error().return_value
                if not any(swept.values()):
                    return
            raise AssertionError("the worker did not catch up")

        self.internal.blocking_portal.call(catch_up)

    def generate_recurring_visits(self, timeout: float = 60) -> int:
        """The worker's periodic generator, run once now; how many visits it created."""

        async def run() -> int:
            task = await AsyncKicker(GENERATE_RECURRING_VISITS, self.worker, {}).kiq()
            return (await task.wait_result(timeout=timeout)).raise_for_error().return_value

        return self.internal.blocking_portal.call(run)

    def run_retention(self, timeout: float = 60) -> dict[str, dict[str, int]]:
        """The worker's periodic retention job, run once now; what it removed, per tenant."""

        async def run() -> dict[str, dict[str, int]]:
            task = await AsyncKicker(RUN_RETENTION, self.worker, {}).kiq()
            return (await task.wait_result(timeout=timeout)).raise_for_error().return_value

        return self.internal.blocking_portal.call(run)

    def open_tenant(self, slug: str, name: str) -> str:
        """Open a tenant with its first admin; returns the admin's bearer token."""
        settings, providers = self.settings, self.providers

        async def create() -> None:
            container = make_container(settings, ActorFromContextProvider(), *providers)
            try:
                async with container() as scope:
                    await (await scope.get(CreateTenant))(
                        slug=slug,
                        name=name,
                        admin_email=f"admin@{slug}.example",
                        admin_name="Tenant Admin",
                        admin_password=ADMIN_PASSWORD,
                    )
            finally:
                await container.close()

        self.internal.blocking_portal.call(create)
        return self.log_in_admin(slug)

    def log_in_admin(self, slug: str) -> str:
        """A fresh token for the tenant's first admin (tokens expire when the clock moves)."""
        response = self.internal.post(
            "/auth/login",
            json={"tenant": slug, "email": f"admin@{slug}.example", "password": ADMIN_PASSWORD},
        )
        assert response.status_code == 200, response.text
        token = response.json()["token"]
        self.tokens[slug] = token
        return token

    def reset(self) -> None:
        """Make a shared harness look new: clock, captured mail, cookies and stored files.
        (The database is emptied by the `empty_database` fixture.)"""
        self.clock.reset()
        self.mailer.sent.clear()
        self.tokens.clear()
        self.internal.cookies.clear()
        self.portal.cookies.clear()
        for child in self.settings.data_dir.iterdir():
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)

    def staff(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}

    def sent_mail(self) -> list[MailMessage]:
        """Every mail sent so far, oldest first, after the worker has sent what is due."""
        self.run_worker()
        return self.mailer.sent

    def last_mail(self, kind: str = "invitations", to: str | None = None) -> MailMessage:
        """The newest sent mail holding a link of this kind (to this address, if given: mails
        queued together leave in no fixed order)."""
        for message in reversed(self.sent_mail()):
            if f"/{kind}/" in message.text and (to is None or message.to == to):
                return message
        raise AssertionError(f"no mail with a /{kind}/ link was sent")

    def last_link_token(self, kind: str = "invitations", to: str | None = None) -> str:
        """The one-time token from the newest mail with a link of this kind."""
        message = self.last_mail(kind, to)
        found = re.search(rf"/{kind}/(\S+)", message.text)
        assert found, message.text
        return unquote(found.group(1))


@contextmanager
def harness(
    database_url: str,
    *,
    capture_mail: bool = True,
    quick_passwords: bool = True,
    **settings_overrides: Any,
) -> Iterator[Harness]:
    """Files (attachments, mail) go to a folder of this harness's own, removed afterwards.
    Mail is captured in memory, unless `capture_mail` is off: then it goes where the settings
    say (an SMTP server of the test's own, say). Passwords are hashed with `quick_hasher`,
    unless `quick_passwords` is off: then with the hasher the apps themselves provide."""
    data_dir = Path(tempfile.mkdtemp(prefix="ordinavo-test-"))
    settings_overrides.setdefault("data_dir", data_dir)
    # Small enough that "too large" costs nothing, large enough for every legitimate test file.
    settings_overrides.setdefault("max_attachment_bytes", 2_000_000)
    # Webhooks go to receivers on this machine; one key for the apps and the worker.
    settings_overrides.setdefault("webhooks_allow_loopback", True)
    settings_overrides.setdefault("encryption_key", TEST_ENCRYPTION_KEY)
    settings_overrides.setdefault("webhook_total_timeout", 5.0)
    settings = Settings(database_url=database_url, **settings_overrides)
    clock = MovableClock()
    mailer = InMemoryMailer()
    extra: tuple[Provider, ...] = (clock_provider(clock),)
    if quick_passwords:
        extra += (hasher_provider(quick_hasher()),)
    if capture_mail:
        extra += (mail_provider(mailer),)
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, data_dir, ignore_errors=True)
        internal = stack.enter_context(TestClient(create_internal_app(settings, *extra)))
        portal = stack.enter_context(TestClient(create_portal_app(settings, *extra)))
        # The worker, in-process and inline: `run_worker` returns when it has caught up.
        broker = create_worker(settings, embedded_broker(inline=True), *extra)
        internal.blocking_portal.call(broker.startup)
        stack.callback(internal.blocking_portal.call, broker.shutdown)
        yield Harness(
            internal=internal,
            portal=portal,
            clock=clock,
            mailer=mailer,
            settings=settings,
            worker=broker,
            providers=extra,
        )
