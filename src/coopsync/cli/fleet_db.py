"""The `coopsync fleet` group, its database option (`--state-url`, COOPSYNC_STATE_URL) and the
connection each fleet command opens, its tables created when missing (docs/fleet.md)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from coopsync.cli.context import Cli

if TYPE_CHECKING:
    import psycopg

fleet_app = typer.Typer(
    help="Many shops on one PostgreSQL database, synced by any number of workers.",
    no_args_is_help=True,
)

URL_KEY = "coopsync.fleet_url"


@fleet_app.callback()
def fleet_options(
    ctx: typer.Context,
    state_url: Annotated[
        str | None,
        typer.Option(
            "--state-url",
            envvar="COOPSYNC_STATE_URL",
            help="The fleet's PostgreSQL database (postgresql://USER@HOST/DB); "
            "default: $COOPSYNC_STATE_URL.",
            show_default=False,
            show_envvar=False,
        ),
    ] = None,
) -> None:
    ctx.meta[URL_KEY] = state_url


def fleet_url(ctx: typer.Context, cli: Cli) -> str:
    """The database URL of `--state-url`/COOPSYNC_STATE_URL, or a clear error (exit 2)."""
    return checked_url(ctx.meta.get(URL_KEY))


def checked_url(url: str | None) -> str:
    from coopsync.errors import ConfigError

    if not url:
        error = ConfigError("no fleet database given")
        error.code = "fleet.no_url"
        raise error
    if not str(url).startswith(("postgresql://", "postgres://")):
        error = ConfigError("the fleet database must be PostgreSQL")
        error.code, error.params = "fleet.bad_url", {"url": _shown_url(str(url))}
        raise error
    return str(url)


def _shown_url(url: str) -> str:
    """The URL without its password."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


@contextmanager
def fleet_db(ctx: typer.Context, cli: Cli) -> Iterator[psycopg.Connection[Any]]:
    """The fleet database of this command, its tables created when missing."""
    with open_fleet(cli, ctx.meta.get(URL_KEY)) as conn:
        yield conn


@contextmanager
def open_fleet(cli: Cli, url: str | None) -> Iterator[psycopg.Connection[Any]]:
    """The fleet database at `url`, its tables created when missing; unreachable -> exit 2."""
    import psycopg

    from coopsync.errors import ConfigError
    from coopsync.fleet import registry
    from coopsync.fleet.jobs import ensure_schema
    from coopsync.secrets import redact

    checked = checked_url(url)
    try:
        with registry.connect(checked) as conn:
            ensure_schema(conn)
            yield conn
    except psycopg.OperationalError as exc:
        error = ConfigError("cannot reach the fleet database")
        text = str(exc).strip()
        reason = redact(text.splitlines()[0] if text else type(exc).__name__)
        error.code, error.params = "fleet.db_unreachable", {"reason": reason}
        raise error from None


def known_shop(cli: Cli, conn: psycopg.Connection[Any], name: str) -> Any:
    from coopsync.errors import ConfigError
    from coopsync.fleet import registry

    found = registry.shop(conn, name)
    if found is None:
        known = ", ".join(s.name for s in registry.shops(conn)) or "-"
        error = ConfigError(f"no shop named '{name}' in the fleet")
        error.code, error.params = "fleet.unknown_shop", {"name": name, "known": known}
        raise error
    return found
