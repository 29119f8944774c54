"""Opening the SQLite state file: owner-only permissions, WAL, pragmas, migrations."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from coopsync.errors import ConfigError
from coopsync.state.files import fsync_folder, prepare_state_folder, temp_path, unusable
from coopsync.state.migrations import MIGRATIONS, SCHEMA_VERSION

OWNER_ONLY = 0o600
BUSY_TIMEOUT_MS = 10_000  # a `coopsync status` may read while a sync writes
SQLITE_MAGIC = b"SQLite format 3\x00"
# SQLite's words for a file or folder it cannot write: the user's to fix, not a bug.
_UNWRITABLE = ("readonly", "unable to open", "disk is full", "disk i/o error", "read-only")


class StateDamaged(ConfigError):
    """The state file exists but is empty, truncated or not SQLite (exit 2): never a new shop."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            f"the state file {path} is damaged: {reason}",
            hint=(
                "restore a backup (`coopsync restore BACKUP`), or move the file away to start"
                " afresh knowingly"
            ),
        )
        self.code = "state.damaged"
        self.params = {"file": str(path), "reason": reason}


def open_database(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the state file, owner-only, migrated to the current schema.

    A missing file is a new shop; an empty or truncated one is damage (StateDamaged, exit 2);
    a folder that cannot be written is the user's to fix (StateFolderUnusable, exit 2).
    """
    prepare_state_folder(path.parent)
    try:
        if not path.exists():
            _create(path)
        check_header(path)
        conn = _open(path)
    except sqlite3.OperationalError as exc:
        if any(word in str(exc).lower() for word in _UNWRITABLE):
            raise unusable(path.parent, exc) from None
        raise
    except OSError as exc:
        raise unusable(path.parent, exc) from None
    _tighten(path)
    return conn


def _open(path: Path) -> sqlite3.Connection:
    # The umask covers the -wal and -shm files SQLite creates beside the database.
    old_umask = os.umask(0o077)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            _configure(conn, path)
            _migrate(conn, path)
        except BaseException:
            conn.close()
            raise
    finally:
        os.umask(old_umask)
    return conn


def _create(path: Path) -> None:
    """Build a new, migrated state file beside `path` and link it into place in one step.

    A run killed while creating leaves a temp file, never an empty `state.sqlite` that the next
    run would have to call damaged; `link` (unlike rename) never replaces a file that another
    process created meanwhile.
    """
    tmp = temp_path(path)
    for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
        leftover.unlink(missing_ok=True)
    try:
        fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
        os.close(fd)
        _open(tmp).close()  # closing the last connection checkpoints and removes the -wal
        fd = os.open(tmp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        with contextlib.suppress(FileExistsError):  # another coopsync created it first
            os.link(tmp, path)
        fsync_folder(path.parent)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"), tmp.with_name(tmp.name + "-shm")):
            leftover.unlink(missing_ok=True)


def check_header(path: Path) -> None:
    """Raise StateDamaged when `path` is empty, not SQLite, or shorter than its header says."""
    with path.open("rb") as handle:
        header = handle.read(100)
        size = os.fstat(handle.fileno()).st_size
    if size == 0:
        raise StateDamaged(path, "it is empty (0 bytes)")
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise StateDamaged(path, "it is not a coopsync state file (not SQLite)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    header_size_valid = header[24:28] == header[92:96]
    wal = path.with_name(path.name + "-wal")
    wal_pending = wal.exists() and wal.stat().st_size > 0
    # With frames still in the -wal the file may be mid-checkpoint; SQLite finishes it.
    if header_size_valid and not wal_pending and pages * page_size > size:
        raise StateDamaged(
            path, f"it is cut short ({size} bytes of the {pages * page_size} its header names)"
        )


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as exc:
        raise StateDamaged(path, f"it is not a coopsync state file ({exc})") from exc
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
