"""Opening the SQLite state file: owner-only permissions, WAL, pragmas, migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from coopsync.errors import ConfigError
from coopsync.state.migrations import MIGRATIONS, SCHEMA_VERSION

OWNER_ONLY = 0o600
BUSY_TIMEOUT_MS = 10_000  # a `coopsync status` may read while a sync writes


def open_database(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the state file, owner-only, migrated to the current schema."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # The umask covers the -wal and -shm files SQLite creates beside the database.
    old_umask = os.umask(0o077)
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, OWNER_ONLY))
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            _configure(conn, path)
            _migrate(conn, path)
        except BaseException:
            conn.close()
            raise
    finally:
        os.umask(old_umask)
    _tighten(path)
    return conn


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise ConfigError(
            f"{path} is not a coopsync state file ({exc})",
            hint="move it away; coopsync creates a new one (orders are pulled again)",
        ) from exc
    if str(mode).lower() != "wal":
        raise ConfigError(f"cannot use write-ahead logging for {path} (journal mode {mode})")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Run the migrations this file has not seen, each in its own transaction."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Read inside the write lock: another process may have migrated meanwhile.
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise ConfigError(
                    f"{path} was written by a newer coopsync (schema {version}, this one knows"
                    f" {SCHEMA_VERSION})",
                    hint="upgrade coopsync: pip install -U coopsync",
                )
            if version == SCHEMA_VERSION:
                conn.execute("COMMIT")
                return
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _statements(script: str) -> Iterator[str]:
    """Split a migration into statements (executescript would commit our transaction)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {buffer.strip()[:60]}")


def _tighten(path: Path) -> None:
    """Make the database and its -wal/-shm companions owner-only, whoever created them."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if candidate.stat().st_mode & 0o077:
                candidate.chmod(OWNER_ONLY)
        except FileNotFoundError:
            pass
