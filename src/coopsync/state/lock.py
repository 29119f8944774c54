"""The run lock: one sync at a time per shop, released by the OS when the holder dies.

`flock` on `state_dir/run.lock`: a run killed by cron's timeout, the OOM killer or a pulled plug
never blocks the next one, unlike a pid file. The file is never deleted (deleting would let two
runs lock two different files); it holds who has it, for the message the next run shows.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from pathlib import Path
from types import TracebackType
from typing import Self

from coopsync.adapters import Clock
from coopsync.errors import LockHeld
from coopsync.state.files import prepare_state_folder, remove_leftover_temps, unusable
from coopsync.state.timestamps import utc_now

LOCK_FILE = "run.lock"


class RunLock:
    """`with RunLock(state_dir, "sync"):` — raises LockHeld (exit 3) if another run holds it."""

    def __init__(self, state_dir: Path | str, command: str = "coopsync", *, clock: Clock = utc_now):
        self.path = Path(state_dir) / LOCK_FILE
        self.command = command
        self._clock = clock
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise LockHeld saying who holds it since when."""
        prepare_state_folder(self.path.parent)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise unusable(self.path.parent, exc) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            os.close(fd)
            raise LockHeld(_held_message(holder), hint=_HINT, holder=holder) from None
        except BaseException:
            os.close(fd)
            raise
        holder_info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": self.command,
            "started_at": self._clock().isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder_info).encode(), 0)
        self._fd = fd
        remove_leftover_temps(self.path.parent)  # a killed run's half-written files

    def release(self) -> None:
        """Give the lock back (dying does the same)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)  # the next reader should not see a finished run as the holder
        finally:
            os.close(fd)  # closing the last descriptor releases the flock

    @property
    def held(self) -> bool:
        """True while this object holds the lock."""
        return self._fd is not None

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


def lock_is_free(state_dir: Path | str) -> bool:
    """Whether no run holds the lock now (a run that died has released it)."""
    path = Path(state_dir) / LOCK_FILE
    if not path.exists():
        return True
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)  # closing releases the shared lock taken just to look
    return True


_HINT = (
    "wait for it to finish, or stop that process; a run that was killed releases the lock by itself"
)


def _read_holder(fd: int) -> dict[str, object]:
    try:
        data = os.pread(fd, 4096, 0)
        holder = json.loads(data.decode()) if data else {}
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def _held_message(holder: dict[str, object]) -> str:
    if not holder:
        return "another coopsync run holds the lock for this shop"
    command = holder.get("command", "?")
    pid = holder.get("pid", "?")
    host = holder.get("host", "?")
    since = holder.get("started_at", "?")
    return (
        f"another coopsync run holds the lock for this shop: `{command}`"
        f" (pid {pid} on {host}) since {since}"
    )
