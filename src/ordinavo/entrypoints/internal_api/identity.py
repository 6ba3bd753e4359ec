from __future__ import annotations

from uuid import UUID

from dishka.integrations.litestar import FromDishka
from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from ordinavo.application.use_cases.identity.add_user import AddUser
from ordinavo.application.use_cases.identity.change_my_password import ChangeMyPassword
from ordinavo.application.use_cases.identity.create_api_key import CreateApiKey
from ordinavo.application.use_cases.identity.disable_user import DisableUser
from ordinavo.application.use_cases.identity.end_user_sessions import EndUserSessions
from ordinavo.application.use_cases.identity.list_api_keys import ListApiKeys
from ordinavo.application.use_cases.identity.list_users import ListUsers
from ordinavo.application.use_cases.identity.log_in import LogIn
from ordinavo.application.use_cases.identity.log_out import LogOut
from ordinavo.application.use_cases.identity.log_out_everywhere import LogOutEverywhere
from ordinavo.application.use_cases.identity.reset_user_password import ResetUserPassword
from ordinavo.application.use_cases.identity.revoke_api_key import RevokeApiKey
from ordinavo.domain.identity import Actor, ApiScope, Role
from ordinavo.entrypoints.common.paging import PageOf, encode_cursor, page_request
from ordinavo.entrypoints.common.security import PUBLIC
from ordinavo.entrypoints.internal_api.params import Cursor, Limit
from ordinavo.entrypoints.internal_api.presenters import api_key_out, user_out
from ordinavo.entrypoints.internal_api.schemas import (
    ApiKeyCreate,
    ApiKeyOut,
    LoginBody,
    MeOut,
    SessionsEndedOut,
    StaffPasswordChange,
    TokenOut,
    UserCreate,
    UserOut,
)


class AuthController(Controller):
    path = "/auth"
    tags = ["authentication"]

    @post("/login", opt=PUBLIC, summary="Log in with tenant, e-mail and password", status_code=200)
    async def log_in(self, data: JSONBody[LoginBody], use_case: FromDishka[LogIn]) -> TokenOut:
        issued = await use_case(data.tenant, data.email, data.password)
        return TokenOut(
            token=issued.secret,
            token_type="Bearer",
            expires_at=issued.expires_at,
            user_id=issued.user.id,
            role=issued.user.role.value,
        )

    @post("/logout", summary="End this access token", status_code=204)
    async def log_out(self, actor: FromDishka[Actor], use_case: FromDishka[LogOut]) -> None:
        await use_case(actor)

    @post(
        "/logout-everywhere",
        summary="End every token I hold, this one included (sign out everywhere)",
        status_code=200,
    )
    async def log_out_everywhere(
        self, actor: FromDishka[Actor], use_case: FromDishka[LogOutEverywhere]
    ) -> SessionsEndedOut:
        return SessionsEndedOut(sessions_ended=await use_case(actor))

    @post("/password", summary="Change my password (my other tokens end)", status_code=204)
    async def change_password(
        self,
        data: JSONBody[StaffPasswordChange],
        actor: FromDishka[Actor],
        use_case: FromDishka[ChangeMyPassword],
    ) -> None:
        await use_case(actor, data.current_password, data.new_password)

    @get("/me", summary="Who am I")
    async def show_me(self, actor: FromDishka[Actor]) -> MeOut:
        out = MeOut(kind=actor.kind.value, id=actor.id, tenant_id=actor.tenant_id)
        if actor.role is not None:
            out.role = actor.role.value
        else:
            out.scopes = sorted(s.value for s in actor.scopes)
        return out


class ApiKeyController(Controller):
    path = "/api-keys"
    tags = ["api keys"]

    @get("/", summary="List integration API keys (tenant admins)")
    async def list_api_keys(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListApiKeys],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[ApiKeyOut]:
        page = await use_case(actor, page_request(limit, cursor))
        return PageOf(
            items=[api_key_out(k) for k in page.items], next_cursor=encode_cursor(page.next_after)
        )

    @post("/", summary="Create an API key; the secret is shown only in this response")
    async def create_api_key(
        self,
        data: JSONBody[ApiKeyCreate],
        actor: FromDishka[Actor],
        use_case: FromDishka[CreateApiKey],
    ) -> ApiKeyOut:
        issued = await use_case(
            actor,
            data.name,
            frozenset(ApiScope(s) for s in data.scopes),
            source_system=data.source_system or None,
        )
        return api_key_out(issued.key, issued.secret)

    @post("/{key_id:uuid}/revoke", summary="Revoke an API key", status_code=200)
    async def revoke_api_key(
        self, key_id: FromPath[UUID], actor: FromDishka[Actor], use_case: FromDishka[RevokeApiKey]
    ) -> ApiKeyOut:
        return api_key_out(await use_case(actor, key_id))


class UserController(Controller):
    path = "/users"
    tags = ["users"]

    @get("/", summary="List staff users (tenant admins)")
    async def list_users(
        self,
        actor: FromDishka[Actor],
        use_case: FromDishka[ListUsers],
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> PageOf[UserOut]:
        page = await use_case(actor, page_request(limit, cursor))
        return PageOf(
            items=[user_out(u) for u in page.items], next_cursor=encode_cursor(page.next_after)
        )

    @post("/", summary="Add a staff user with one role")
    async def add_user(
        self, data: JSONBody[UserCreate], actor: FromDishka[Actor], use_case: FromDishka[AddUser]
    ) -> UserOut:
        enrolled = await use_case(
            actor,
            email=data.email,
            display_name=data.display_name,
            role=Role(data.role),
            password=data.password or None,
        )
        return user_out(enrolled.user, enrolled.initial_password)

    @post(
        "/{user_id:uuid}/reset-password",
        summary="Give a user a new password, shown once, and end all their tokens (admins)",
        status_code=200,
    )
    async def reset_password(
        self,
        user_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[ResetUserPassword],
    ) -> UserOut:
        reset = await use_case(actor, user_id)
        return user_out(reset.user, reset.password)

    @post(
        "/{user_id:uuid}/end-sessions",
        summary="End every token of a user; the account stays usable (admins)",
        status_code=200,
    )
    async def end_user_sessions(
        self,
        user_id: FromPath[UUID],
        actor: FromDishka[Actor],
        use_case: FromDishka[EndUserSessions],
    ) -> SessionsEndedOut:
        return SessionsEndedOut(sessions_ended=await use_case(actor, user_id))

    @post("/{user_id:uuid}/disable", summary="Disable a user and end their tokens", status_code=200)
    async def disable_user(
        self, user_id: FromPath[UUID], actor: FromDishka[Actor], use_case: FromDishka[DisableUser]
    ) -> UserOut:
        return user_out(await use_case(actor, user_id))
