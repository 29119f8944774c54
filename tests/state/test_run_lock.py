"""The run lock: one run at a time, released by the OS when the holder dies."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from state_factories import FakeClock

from coopsync.errors import ExitCode, LockHeld
from coopsync.state.lock import RunLock

HOLDER = textwrap.dedent(
    """
    import sys, time
    from coopsync.state.lock import RunLock

    with RunLock(sys.argv[1], "sync --quiet"):
        print("holding", flush=True)
        time.sleep(60)
    """
)


def start_holder(state_dir: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(state_dir)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "holding"
    return child


def test_lock_is_taken_and_given_back(tmp_path: Path) -> None:
    with RunLock(tmp_path, "sync") as lock:
        assert lock.held
    assert not lock.held
    with RunLock(tmp_path, "sync"):
        pass  # free again


def test_second_run_in_the_same_process_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    with RunLock(tmp_path, "sync", clock=clock), pytest.raises(LockHeld) as refused:
        RunLock(tmp_path, "push").acquire()
    assert refused.value.exit_code is ExitCode.LOCK_HELD
    message = str(refused.value)
    assert f"pid {os.getpid()}" in message and "`sync`" in message
    assert clock().isoformat(timespec="seconds") in message


def test_run_held_by_another_process_is_refused_with_who_and_since(tmp_path: Path) -> None:
    child = start_holder(tmp_path)
    try:
        with pytest.raises(LockHeld) as refused:
            RunLock(tmp_path, "sync").acquire()
        message = str(refused.value)
        assert f"pid {child.pid} on {socket.gethostname()}" in message
        assert "`sync --quiet`" in message and " since " in message
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)


def test_killed_holder_releases_the_lock(tmp_path: Path) -> None:
    child = start_holder(tmp_path)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    with RunLock(tmp_path, "sync") as lock:
        assert lock.held


def test_lock_file_is_owner_only(tmp_path: Path) -> None:
    with RunLock(tmp_path / ".coopsync", "sync"):
        assert (tmp_path / ".coopsync" / "run.lock").stat().st_mode & 0o077 == 0
