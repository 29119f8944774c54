"""The run lock of a shop on PostgreSQL: a session advisory lock on the shop's key.

Like the flock of `state.lock`, the server releases it when the holder's connection ends: a
worker killed mid-sync, or a laptop whose network dropped, never blocks the next run. Who holds
it is read from the holder's connection (`application_name`: command, pid, host), so the
message is the same as on SQLite and the exit code is 3.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from coopsync.adapters import Clock
from coopsync.errors import LockHeld
from coopsync.state.files import remove_leftover_temps
from coopsync.state.lock import _HINT, _held_message
from coopsync.state.pg_conn import LOCK_CLASS_RUN, connect, lock_key, schema_for
from coopsync.state.timestamps import utc_now

_HOLDER = """
SELECT a.application_name, a.client_hostname, a.backend_start
FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
  AND l.classid = %s AND l.objid = %s
LIMIT 1
"""


def _oid(key: int) -> int:
    return key & 0xFFFFFFFF


class PgRunLock:
    """`with PgRunLock(url, shop, "sync"):` — LockHeld (exit 3) if another run holds the shop."""

    def __init__(
        self,
        url: str,
        shop: str,
        command: str = "coopsync",
        *,
        clock: Clock = utc_now,
        state_dir: Path | None = None,
    ):
        self.url = url
        self.state_dir = state_dir
        self.schema = schema_for(shop)
        self.command = command
        self._clock = clock
        self._key = lock_key(self.schema)
        self._conn: Any = None

    def acquire(self) -> None:
        # Who holds the lock is the holder's connection's name (PostgreSQL keeps 63 bytes);
        # since when is the connection's start, from the server.
        name = f"coopsync {self.command} pid {os.getpid()} on {socket.gethostname()}"
        conn = connect(self.url, application_name=name[:63])
        try:
            row = conn.execute(
                "SELECT pg_try_advisory_lock(%s, %s)", (LOCK_CLASS_RUN, self._key)
            ).fetchone()
            if not row or not row[0]:
                holder = holder_of(conn, self._key) or {}
                raise LockHeld(_held_message(holder), hint=_HINT, holder=holder)
        except BaseException:
            conn.close()
            raise
        self._conn = conn
        if self.state_dir is not None and self.state_dir.is_dir():
            remove_leftover_temps(self.state_dir)  # a killed run's half-written sandbox files

    def release(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()  # ending the session releases its advisory locks

    @property
    def held(self) -> bool:
        return self._conn is not None

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def holder_of(conn: Any, key: int) -> dict[str, object] | None:
    """Who holds the shop's run lock, as the SQLite lock file says it: command, pid, host
    (None: nobody holds it)."""
    row = conn.execute(_HOLDER, (_oid(LOCK_CLASS_RUN), _oid(key))).fetchone()
    if row is None:
        return None
    words = str(row[0] or "").split()
    holder: dict[str, object] = {}
    # "coopsync <command...> pid <pid> on <host>"
    if len(words) >= 4 and words[0] == "coopsync" and "pid" in words:
        at = words.index("pid")
        holder["command"] = " ".join(words[1:at])
        holder["pid"] = words[at + 1] if at + 1 < len(words) else "?"
        holder["host"] = words[at + 3] if at + 3 < len(words) else row[1] or "?"
    if row[2] is not None:
        holder["started_at"] = row[2].astimezone(UTC).isoformat(timespec="seconds")
    return holder


def pg_lock_is_free(url: str, shop: str) -> bool:
    """Whether no run holds the shop's lock now."""
    conn = connect(url)
    try:
        return holder_of(conn, lock_key(schema_for(shop))) is None
    finally:
        conn.close()
