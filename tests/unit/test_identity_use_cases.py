"""Sign-in, tokens, users and integration keys, run against in-memory fakes."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from ordinavo.application.errors import (
    Conflict,
    Forbidden,
    NotAuthenticated,
    NotFound,
    TooManyRequests,
)
from ordinavo.application.use_cases.identity.add_user import AddUser
from ordinavo.application.use_cases.identity.authenticate import Authenticate
from ordinavo.application.use_cases.identity.create_api_key import CreateApiKey
from ordinavo.application.use_cases.identity.disable_user import DisableUser
from ordinavo.application.use_cases.identity.end_user_sessions import EndUserSessions
from ordinavo.application.use_cases.identity.log_in import LOGIN_FAILED, LogIn
from ordinavo.application.use_cases.identity.log_out import LogOut
from ordinavo.application.use_cases.identity.log_out_everywhere import LogOutEverywhere
from ordinavo.application.use_cases.identity.revoke_api_key import RevokeApiKey
from ordinavo.application.use_cases.tenants.create_tenant import CreateTenant
from ordinavo.domain.identity import Actor, ActorKind, ApiScope, Role
from tests.unit.fakes import Kit

PASSWORD = "Long-enough-password-1"


async def tenant_with_admin(kit: Kit, slug: str = "acme"):  # type: ignore[no-untyped-def]
    created = await kit.build(CreateTenant)(
        slug=slug,
        name=slug.title(),
        admin_email=f"admin@{slug}.example",
        admin_name="Ada",
        admin_password=PASSWORD,
    )
    admin = Actor.user(
        user_id=created.admin.id, tenant_id=created.tenant.id, role=Role.TENANT_ADMIN
    )
    return created, admin


async def test_creating_a_tenant_enrols_its_first_admin_once() -> None:
    kit = Kit()
    created, _ = await tenant_with_admin(kit)
    assert created.admin.role is Role.TENANT_ADMIN
    assert [e.type for e in kit.of_kind("events")] == ["tenant.created", "user.enrolled"]
    with pytest.raises(Conflict):
        await tenant_with_admin(kit)


async def test_a_generated_admin_password_is_returned_once() -> None:
    kit = Kit()
    created = await kit.build(CreateTenant)(
        slug="globex", name="Globex", admin_email="a@globex.example", admin_name="Gina"
    )
    assert created.admin_password
    assert created.admin.password_hash != created.admin_password


async def test_log_in_issues_a_token_stored_only_as_its_digest() -> None:
    kit = Kit()
    await tenant_with_admin(kit)
    issued = await kit.build(LogIn)("ACME", " Admin@acme.example ", PASSWORD)
    (token,) = kit.of_kind("access_tokens")
    assert token.token_hash == kit.secrets.digest(issued.secret) != issued.secret
    assert issued.expires_at == kit.clock.now() + timedelta(hours=12)
    actor = await kit.build(Authenticate)(issued.secret)
    assert actor.kind is ActorKind.USER and actor.role is Role.TENANT_ADMIN


@pytest.mark.parametrize(
    ("slug", "email", "password"),
    [
        ("nowhere", "admin@acme.example", PASSWORD),
        ("acme", "nobody@acme.example", PASSWORD),
        ("acme", "admin@acme.example", "Wrong-password-2"),
    ],
)
async def test_every_failed_log_in_says_the_same(slug: str, email: str, password: str) -> None:
    kit = Kit()
    await tenant_with_admin(kit)
    with pytest.raises(NotAuthenticated) as refused:
        await kit.build(LogIn)(slug, email, password)
    assert refused.value.message == LOGIN_FAILED
    if password == PASSWORD:  # unknown tenant or user: a dummy hash check keeps the timing
        assert kit.hasher.burned == 1


async def test_outdated_hashes_are_upgraded_at_log_in() -> None:
    kit = Kit()
    created, _ = await tenant_with_admin(kit)
    kit.hasher.outdated.add(created.admin.password_hash)
    kit.store.table("users")[created.admin.id].password_hash = created.admin.password_hash
    await kit.build(LogIn)("acme", "admin@acme.example", PASSWORD)
    assert kit.store.table("users")[created.admin.id].password_hash == f"hashed:{PASSWORD}"


async def test_tokens_expire_and_die_at_log_out() -> None:
    kit = Kit()
    await tenant_with_admin(kit)
    first = await kit.build(LogIn)("acme", "admin@acme.example", PASSWORD)
    second = await kit.build(LogIn)("acme", "admin@acme.example", PASSWORD)
    authenticate = kit.build(Authenticate)
    actor = await authenticate(first.secret)
    await kit.build(LogOut, actor.tenant_id)(actor)
    with pytest.raises(NotAuthenticated):
        await authenticate(first.secret)
    assert (await authenticate(second.secret)).id == actor.id  # only that token ended
    kit.clock.advance(timedelta(hours=12))
    with pytest.raises(NotAuthenticated):
        await authenticate(second.secret)


async def test_disabling_a_user_ends_their_tokens_but_not_your_own_account() -> None:
    kit = Kit()
    created, admin = await tenant_with_admin(kit)
    enrolled = await kit.build(AddUser, admin.tenant_id)(
        admin,
        email="max@acme.example",
        display_name="Max",
        role=Role.MANAGER,
        password="Managers-password-9",
    )
    issued = await kit.build(LogIn)("acme", "max@acme.example", "Managers-password-9")
    await kit.build(DisableUser, admin.tenant_id)(admin, enrolled.user.id)
    with pytest.raises(NotAuthenticated):
        await kit.build(Authenticate)(issued.secret)
    with pytest.raises(NotAuthenticated):
        await kit.build(LogIn)("acme", "max@acme.example", "Managers-password-9")
    with pytest.raises(Conflict):
        await kit.build(DisableUser, admin.tenant_id)(admin, created.admin.id)


async def test_adding_users_is_for_tenant_admins_with_unique_addresses() -> None:
    kit = Kit()
    _, admin = await tenant_with_admin(kit)
    add = kit.build(AddUser, admin.tenant_id)
    enrolled = await add(admin, email="eli@acme.example", display_name="Eli", role=Role.EMPLOYEE)
    assert enrolled.initial_password  # generated, shown once
    with pytest.raises(Conflict):
        await add(admin, email="ELI@acme.example", display_name="Eli 2", role=Role.EMPLOYEE)
    manager = Actor.user(user_id=uuid4(), tenant_id=admin.tenant_id, role=Role.MANAGER)
    with pytest.raises(Forbidden):
        await add(manager, email="x@acme.example", display_name="X", role=Role.EMPLOYEE)


async def test_api_keys_are_shown_once_and_stop_working_when_revoked() -> None:
    kit = Kit()
    _, admin = await tenant_with_admin(kit)
    issued = await kit.build(CreateApiKey, admin.tenant_id)(
        admin, "ERP", frozenset({ApiScope.CORE_READ})
    )
    assert issued.secret.startswith("ordv_") and issued.secret.startswith(issued.key.prefix)
    assert issued.key.key_hash == kit.secrets.digest(issued.secret)
    actor = await kit.build(Authenticate)(issued.secret)
    assert actor.kind is ActorKind.INTEGRATION and actor.scopes == {ApiScope.CORE_READ}
    with pytest.raises(Forbidden):
        await kit.build(CreateApiKey, admin.tenant_id)(
            actor, "Rogue", frozenset({ApiScope.CORE_READ})
        )
    await kit.build(RevokeApiKey, admin.tenant_id)(admin, issued.key.id)
    with pytest.raises(NotAuthenticated):
        await kit.build(Authenticate)(issued.secret)
    assert [e.type for e in kit.of_kind("events")][-2:] == ["api_key.created", "api_key.revoked"]


@pytest.mark.parametrize("secret", [None, "", "x" * 201, "unknown"])
async def test_missing_or_unknown_credentials_are_refused(secret: str | None) -> None:
    with pytest.raises(NotAuthenticated):
        await Kit().build(Authenticate)(secret)


async def test_sign_ins_and_outs_are_security_events_not_domain_events() -> None:
    kit = Kit()
    created, _ = await tenant_with_admin(kit)
    with pytest.raises(NotAuthenticated):
        await kit.build(LogIn)("acme", "admin@acme.example", "Wrong-password-2")
    issued = await kit.build(LogIn)("acme", "admin@acme.example", PASSWORD)
    actor = await kit.build(Authenticate)(issued.secret)
    await kit.build(LogOut, actor.tenant_id)(actor)
    kinds = [(e.kind.value, e.internal_user_id) for e in kit.of_kind("security_events")]
    assert kinds == [
        ("login.failed", created.admin.id),
        ("login.succeeded", created.admin.id),
        ("logout", created.admin.id),
    ]
    assert [e.type for e in kit.of_kind("events")] == ["tenant.created", "user.enrolled"]


async def test_unknown_accounts_are_throttled_like_real_ones() -> None:
    kit = Kit()
    await tenant_with_admin(kit)
    log_in = kit.build(LogIn)
    for email in ("admin@acme.example", "ghost@acme.example"):
        for _ in range(6):
            with pytest.raises(NotAuthenticated):
                await log_in("acme", email, "Wrong-password-2")
        with pytest.raises(TooManyRequests):
            await log_in("acme", email, PASSWORD)


async def test_signing_out_everywhere_ends_every_token_and_only_the_callers() -> None:
    kit = Kit()
    _, admin = await tenant_with_admin(kit)
    enrolled = await kit.build(AddUser, admin.tenant_id)(
        admin, email="max@acme.example", display_name="Max", role=Role.MANAGER,
        password="Managers-password-9",
    )
    laptop = await kit.build(LogIn)("acme", "max@acme.example", "Managers-password-9")
    phone = await kit.build(LogIn)("acme", "max@acme.example", "Managers-password-9")
    admins = await kit.build(LogIn)("acme", "admin@acme.example", PASSWORD)
    max_actor = await kit.build(Authenticate)(laptop.secret)
    assert await kit.build(LogOutEverywhere, admin.tenant_id)(max_actor) == 2
    for secret in (laptop.secret, phone.secret):
        with pytest.raises(NotAuthenticated):
            await kit.build(Authenticate)(secret)
    assert (await kit.build(Authenticate)(admins.secret)).id == admin.id
    assert enrolled.user.id == max_actor.id
    assert [e.kind.value for e in kit.of_kind("security_events")][-1] == "sessions.ended"


async def test_only_a_tenant_admin_ends_another_users_sessions() -> None:
    kit = Kit()
    _, admin = await tenant_with_admin(kit)
    enrolled = await kit.build(AddUser, admin.tenant_id)(
        admin, email="max@acme.example", display_name="Max", role=Role.MANAGER,
        password="Managers-password-9",
    )
    issued = await kit.build(LogIn)("acme", "max@acme.example", "Managers-password-9")
    end = kit.build(EndUserSessions, admin.tenant_id)
    manager = Actor.user(user_id=uuid4(), tenant_id=admin.tenant_id, role=Role.MANAGER)
    with pytest.raises(Forbidden):
        await end(manager, enrolled.user.id)
    assert (await kit.build(Authenticate)(issued.secret)).id == enrolled.user.id
    with pytest.raises(NotFound):
        await end(admin, uuid4())
    assert await end(admin, enrolled.user.id) == 1
    with pytest.raises(NotAuthenticated):
        await kit.build(Authenticate)(issued.secret)
    # The account stays usable: a new sign-in works.
    await kit.build(LogIn)("acme", "max@acme.example", "Managers-password-9")
    assert [a.action for a in kit.of_kind("audit")][-1] == "user.sessions_ended"
