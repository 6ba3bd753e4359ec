"""The `ordinavo` command: serve, migrate, tenant create, demo."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from typing import Any

import click

from ordinavo.entrypoints.settings import Settings


def _settings() -> Settings:
    settings = Settings.from_env()
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s %(message)s"
    )
    settings.ensure_data_dir()
    return settings


@click.group()
def cli() -> None:
    """Ordinavo Customer Operations and its Customer Portal."""


@cli.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    from ordinavo.entrypoints.cli.operations import migrate_database

    settings = _settings()
    asyncio.run(migrate_database(settings))
    click.echo("The database is up to date.")


@cli.command()
@click.option("--host", default=None, help="Address to listen on (ORDINAVO_HOST).")
@click.option("--internal-port", type=int, default=None, help="Internal API port (8000).")
@click.option("--portal-port", type=int, default=None, help="Portal API port (8001).")
def serve(host: str | None, internal_port: int | None, portal_port: int | None) -> None:
    """Serve the internal app and the portal app, each on its own port."""
    from ordinavo.entrypoints.cli.operations import serve_both

    settings = _settings()
    asyncio.run(serve_both(settings, host, internal_port, portal_port))


@cli.group()
def tenant() -> None:
    """Manage tenants."""


@tenant.command("create")
@click.option("--slug", required=True, help="Short name used at login, e.g. acme.")
@click.option("--name", required=True, help="The company's name.")
@click.option("--admin-email", required=True, help="E-mail address of the first tenant admin.")
@click.option("--admin-name", default="Tenant admin", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def tenant_create(slug: str, name: str, admin_email: str, admin_name: str, as_json: bool) -> None:
    """Open a tenant; prints the first tenant admin's one-time password."""
    from ordinavo.entrypoints.cli.operations import create_tenant

    settings = _settings()
    result = _run_or_exit(create_tenant(settings, slug, name, admin_email, admin_name))
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"Tenant '{result['tenant']}' created.")
    click.echo(f"First tenant admin: {result['email']}")
    click.echo(f"One-time password:  {result['password']}")
    click.echo("Store it now: it is not shown again and only its hash is kept.")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print credentials and URLs as JSON.")
@click.option("--no-serve", is_flag=True, help="Set up the demo and exit without serving.")
def demo(as_json: bool, no_serve: bool) -> None:
    """Migrate, (re)create the demo tenant with realistic data, print logins, then serve."""
    from ordinavo.entrypoints.cli.operations import migrate_database, seed_demo, serve_both

    settings = _settings()
    asyncio.run(migrate_database(settings))
    result = _run_or_exit(seed_demo(settings))
    if as_json:
        click.echo(json.dumps(result, indent=2))
    else:
        _print_demo(result)
    if not no_serve:
        asyncio.run(serve_both(settings, None, None, None))


def _print_demo(result: dict[str, Any]) -> None:
    click.echo(f"Demo tenant '{result['tenant']['slug']}' ({result['tenant']['name']}) is ready.")
    click.echo(f"Internal API: {result['internalUrl']}  (docs: {result['internalDocsUrl']})")
    click.echo(f"Portal API:   {result['portalUrl']}  (docs: {result['portalDocsUrl']})")
    click.echo("Staff logins (POST /auth/login with tenant, email, password):")
    for user in result["users"]:
        click.echo(f"  {user['role']:<13} {user['email']:<36} {user['password']}")
    click.echo(f"Integration API key (core:read, contacts:read): {result['apiKey']}")
    click.echo("Portal logins (portal POST /auth/login with tenant, email, password):")
    for user in result["portalUsers"]:
        click.echo(f"  {user['email']:<50} {user['password']}")


def _run_or_exit(coroutine: Any) -> Any:
    from ordinavo.application.errors import ApplicationError
    from ordinavo.domain.errors import DomainError

    try:
        return asyncio.run(coroutine)
    except (ApplicationError, DomainError) as error:
        click.echo(f"Error: {error.message}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    cli()
