"""The `ordinavo` command: serve, migrate, tenant create and list, demo."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from typing import Any

import click

from ordinavo.entrypoints.common.logs import configure_logging
from ordinavo.entrypoints.settings import Settings, SettingsError


def _settings() -> Settings:
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        # One line that names the variable: a traceback would bury it.
        click.echo(str(error), err=True)
        sys.exit(2)
    configure_logging(settings.log_level, settings.log_format)
    if logging.getLogger().level > logging.DEBUG:
        # taskiq announces every task at INFO, the sweep every two seconds: noise for an operator.
        logging.getLogger("taskiq").setLevel(logging.WARNING)
    settings.ensure_data_dir()
    return settings


@click.group()
@click.version_option(package_name="ordinavo", message="ordinavo %(version)s")
def cli() -> None:
    """Ordinavo Customer Operations and its Customer Portal."""


@cli.command()
@click.option("--current", is_flag=True, help="Show the database's revision; change nothing.")
@click.option("--history", is_flag=True, help="List the migrations; change nothing.")
def migrate(current: bool, history: bool) -> None:
    """Bring the database schema up to date."""
    from ordinavo.entrypoints.cli.operations import migrate_database, migration_status

    if current and history:
        raise click.UsageError("Use --current or --history, not both.")
    settings = _settings()
    if not (current or history):
        _run_or_exit(migrate_database(settings))
        click.echo("The database is up to date.")
        return
    status = _run_or_exit(migration_status(settings))
    if history:
        for migration in status.migrations:
            mark = "  (current)" if migration.revision == status.current else ""
            click.echo(f"{migration.revision}  {migration.description}{mark}")
        if status.current is None:
            click.echo("No migration has run on this database yet.")
    elif status.current is None:
        click.echo(f"No migration has run on this database; the newest is {status.head}.")
    elif status.current == status.head:
        click.echo(f"Current revision: {status.current} (up to date).")
    else:
        click.echo(
            f"Current revision: {status.current}; the newest is {status.head}: "
            "run `ordinavo migrate`."
        )


@cli.command()
@click.option("--host", default=None, help="Address to listen on (ORDINAVO_HOST).")
@click.option("--internal-port", type=int, default=None, help="Internal API port (8000).")
@click.option("--portal-port", type=int, default=None, help="Portal API port (8001).")
def serve(host: str | None, internal_port: int | None, portal_port: int | None) -> None:
    """Serve the internal app and the portal app, each on its own port."""
    from ordinavo.entrypoints.cli.operations import serve_both

    settings = _settings()
    _run_or_exit(serve_both(settings, host, internal_port, portal_port))


@cli.command()
@click.option("--workers", type=int, default=2, show_default=True, help="Worker processes.")
def worker(workers: int) -> None:
    """Run workers: relay events, deliver webhooks (needs ORDINAVO_BROKER_URL)."""
    from taskiq.cli.worker.args import WorkerArgs
    from taskiq.cli.worker.run import run_worker

    # Imported once here, before the worker processes fork, so each starts without importing.
    from ordinavo.entrypoints.worker import app  # noqa: F401

    settings = _settings()
    if not settings.broker_url:
        raise click.UsageError(
            "ORDINAVO_BROKER_URL is not set. Without a broker, `ordinavo serve` runs the "
            "worker in-process; set it (redis://host:6379/0) to run workers of their own."
        )
    status = run_worker(
        WorkerArgs(
            broker="ordinavo.entrypoints.worker.app:worker_from_env",
            modules=[],
            workers=workers,
            log_level=settings.log_level.upper(),  # type: ignore[arg-type]
            max_async_tasks=100,
            shutdown_timeout=10,
        )
    )
    sys.exit(status or 0)


@cli.command()
def scheduler() -> None:
    """Run the one scheduler of a deployment: queues the outbox sweep every few seconds."""
    from ordinavo.entrypoints.worker.schedule import run_scheduler

    settings = _settings()
    if not settings.broker_url:
        raise click.UsageError("ORDINAVO_BROKER_URL is not set (see `ordinavo worker --help`).")
    try:
        asyncio.run(run_scheduler(settings))
    except KeyboardInterrupt:
        pass


@cli.group()
def webhooks() -> None:
    """Tools for integrators."""


@webhooks.command("listen")
@click.option("--port", type=int, default=9000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--secret",
    required=True,
    envvar="ORDINAVO_WEBHOOK_SECRET",
    help="The endpoint's whsec_ secret (or ORDINAVO_WEBHOOK_SECRET).",
)
def webhooks_listen(port: int, host: str, secret: str) -> None:
    """Receive deliveries here, verify each signature and print the event."""
    from ordinavo.entrypoints.cli.receiver import listen

    listen(host, port, secret, click.echo)


@cli.group()
def user() -> None:
    """Staff users, for operators."""


@user.command("reset-password")
@click.option("--tenant", "slug", required=True, help="The tenant's short name, e.g. acme.")
@click.option("--email", required=True, help="The staff user's e-mail address.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def user_reset_password(slug: str, email: str, as_json: bool) -> None:
    """Give a staff user (a locked-out admin, say) a new password and end their sessions."""
    from ordinavo.entrypoints.cli.operations import reset_staff_password

    settings = _settings()
    result = _run_or_exit(reset_staff_password(settings, slug, email))
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(f"New password for {result['email']} in '{result['tenant']}': {result['password']}")
    click.echo("Every session of this user has ended. The password is not shown again.")


@cli.group()
def recurring() -> None:
    """Recurring visit plans, for operators."""


@recurring.command("generate")
@click.option(
    "--until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Generate up to this date (YYYY-MM-DD) instead of each plan's horizon.",
)
def recurring_generate(until: Any) -> None:
    """Create the owed visits of every active plan now (the worker does this every hour)."""
    from ordinavo.entrypoints.cli.operations import generate_recurring_visits

    created = _run_or_exit(generate_recurring_visits(_settings(), until.date() if until else None))
    click.echo(f"{created} visits created.")


@cli.group()
def retention() -> None:
    """Retention: deleting what each tenant keeps no longer."""


@retention.command("run")
@click.option("--tenant", "slug", default=None, help="Only this tenant (its short name).")
@click.option("--dry-run", is_flag=True, help="Count what would go; delete nothing.")
def retention_run(slug: str | None, dry_run: bool) -> None:
    """Delete what is older than each tenant's periods now (the worker does this hourly)."""
    from ordinavo.entrypoints.cli.operations import run_retention

    reports = _run_or_exit(run_retention(_settings(), slug, dry_run))
    verb = "would remove" if dry_run else "removed"
    for report in reports:
        owner = f"tenant {report.tenant}" if report.tenant else "shared records"
        if not report.total:
            click.echo(f"{owner}: nothing to remove.")
            continue
        counts = ", ".join(f"{kind} {n}" for kind, n in report.counts().items())
        click.echo(f"{owner}: {verb} {counts}.")


@cli.group()
def tenant() -> None:
    """Manage tenants."""


@tenant.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the tenants as JSON.")
def tenant_list(as_json: bool) -> None:
    """List every tenant: slug, name and id."""
    from ordinavo.entrypoints.cli.operations import list_tenants

    tenants = _run_or_exit(list_tenants(_settings()))
    if tenants is None:
        click.echo("The database has no tables yet; run `ordinavo migrate` first.", err=True)
        sys.exit(1)
    if as_json:
        click.echo(json.dumps(tenants, indent=2))
        return
    if not tenants:
        click.echo("No tenants yet; open one with `ordinavo tenant create`.")
        return
    width = max(len(t["slug"]) for t in tenants)
    name_width = max(len(t["name"]) for t in tenants)
    for t in tenants:
        click.echo(f"{t['slug']:<{width}}  {t['name']:<{name_width}}  {t['id']}")


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
    import dataclasses

    from ordinavo.entrypoints.cli.operations import migrate_database, seed_demo, serve_both

    # The demo delivers webhooks to receivers on this machine (`ordinavo webhooks listen`).
    settings = dataclasses.replace(_settings(), webhooks_allow_loopback=True)
    _run_or_exit(migrate_database(settings))
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
    from ordinavo.adapters.persistence.database import DatabaseUnreachable
    from ordinavo.application.errors import ApplicationError
    from ordinavo.domain.errors import DomainError

    try:
        return asyncio.run(coroutine)
    except (ApplicationError, DomainError) as error:
        click.echo(f"Error: {error.message}", err=True)
        sys.exit(2)
    except DatabaseUnreachable as error:
        click.echo(str(error), err=True)
        sys.exit(1)


if __name__ == "__main__":
    cli()
