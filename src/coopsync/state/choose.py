"""Which store a shop's state lives in: its SQLite file (the default) or PostgreSQL, by URL.

The URL comes from `state:` in the shop's config, else `COOPSYNC_STATE_URL` (the environment,
then the shop's `.env`); none, or `sqlite`, is the SQLite file in `state_dir` as always. On
PostgreSQL the shop's schema is named after its shop key (the shop's name made schema-safe,
`pg_conn.shop_key`), its run lock is an advisory lock, and its tokens are sealed with
`COOPSYNC_TOKEN_KEY` from the same places.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, TypeAlias

from coopsync.adapters import Clock
from coopsync.config import LoadedConfig
from coopsync.errors import ConfigError
from coopsync.loading.envvars import load_dotenv
from coopsync.state.pg_conn import is_postgres_url, register_url_secret, shop_key
from coopsync.state.timestamps import utc_now
from coopsync.state.token_seal import KEY_ENV

if TYPE_CHECKING:
    from coopsync.state.lock import RunLock
    from coopsync.state.pg_lock import PgRunLock
    from coopsync.state.postgres import PostgresStore
    from coopsync.state.sqlite import SqliteStore

    Store: TypeAlias = SqliteStore | PostgresStore
    Lock: TypeAlias = RunLock | PgRunLock

URL_ENV = "COOPSYNC_STATE_URL"
STATE_FILE = "state.sqlite"


def shop_env(loaded: LoadedConfig, name: str) -> str | None:
    """`name` from the environment, else from the `.env` beside the shop's config."""
    value = os.environ.get(name)
    if value:
        return value
    values, _ = load_dotenv(loaded.config_path.parent / ".env")
    return values.get(name) or None


def state_url(loaded: LoadedConfig) -> str | None:
    """The shop's PostgreSQL URL, or None for its SQLite file."""
    url = loaded.config.state or shop_env(loaded, URL_ENV)
    if not url or url.strip().lower() in ("sqlite", "sqlite:"):
        return None
    url = url.strip()
    if not is_postgres_url(url):
        register_url_secret(url)
        raise ConfigError(
            "`state:` must be `sqlite` or a postgresql://… URL",
            hint="e.g. state: ${COOPSYNC_STATE_URL} with the URL in the shop's .env",
        )
    register_url_secret(url)
    return url


def _resolve(loaded: LoadedConfig, url: str | None) -> str | None:
    """None: the shop's own choice; `sqlite`: its SQLite file; else that PostgreSQL URL."""
    if url is None:
        return state_url(loaded)
    return None if url.strip().lower() in ("sqlite", "sqlite:") else url


def state_key(loaded: LoadedConfig) -> str:
    """The shop's key in a shared database (its schema is `coopsync_<key>`)."""
    return shop_key(loaded.config.shop.name)


def open_state(
    loaded: LoadedConfig,
    *,
    clock: Clock = utc_now,
    url: str | None = None,
    key: str | None = None,
) -> Store:
    """The shop's state store (created on first use); close it, or use it with `with`."""
    url = _resolve(loaded, url)
    if url is None:
        from coopsync.state.sqlite import SqliteStore

        return SqliteStore(loaded.state_dir / STATE_FILE, clock=clock)
    from coopsync.state.postgres import PostgresStore

    return PostgresStore(
        url, key or state_key(loaded), clock=clock, token_key=shop_env(loaded, KEY_ENV)
    )


def run_lock(
    loaded: LoadedConfig,
    command: str,
    *,
    clock: Clock = utc_now,
    url: str | None = None,
    key: str | None = None,
) -> Lock:
    """The shop's run lock: the flock beside its SQLite file, or its PostgreSQL advisory lock."""
    url = _resolve(loaded, url)
    if url is None:
        from coopsync.state.lock import RunLock

        return RunLock(loaded.state_dir, command, clock=clock)
    from coopsync.state.pg_lock import PgRunLock

    return PgRunLock(
        url, key or state_key(loaded), command, clock=clock, state_dir=loaded.state_dir
    )


def lock_free(loaded: LoadedConfig) -> bool:
    """Whether no run holds the shop's lock now."""
    url = state_url(loaded)
    if url is None:
        from coopsync.state.lock import lock_is_free

        return lock_is_free(loaded.state_dir)
    from coopsync.state.pg_lock import pg_lock_is_free

    return pg_lock_is_free(url, state_key(loaded))


def state_exists(loaded: LoadedConfig) -> bool:
    """Whether the shop has any state yet (its SQLite file, or its schema on PostgreSQL);
    looking creates nothing."""
    url = state_url(loaded)
    if url is None:
        return (loaded.state_dir / STATE_FILE).exists()
    return pg_problems(url, state_key(loaded)) is not None


def pg_problems(url: str, key: str) -> list[str] | None:
    """What is wrong with the shop's schema ([]: sound; None: the shop has none yet)."""
    from coopsync.state.migrations import SCHEMA_VERSION
    from coopsync.state.pg_conn import connect, schema_for
    from coopsync.state.pg_schema import schema_version

    schema = schema_for(key)
    conn = connect(url)
    try:
        version = schema_version(conn, schema)
        if version is None:
            return None
        if version > SCHEMA_VERSION:
            return [f"written by a newer coopsync (schema {version})"]
        if version < 1:
            return ["it holds no coopsync schema"]
        return []
    finally:
        conn.close()
