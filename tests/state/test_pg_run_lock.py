"""The run lock of a shop on PostgreSQL: an advisory lock per shop, released when its holder's
connection ends (a killed worker never blocks the next run); exit 3 with who holds it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from coopsync.errors import ExitCode, LockHeld
from coopsync.state.pg_lock import PgRunLock, pg_lock_is_free

HOLDER = textwrap.dedent(
    """
    import sys, time
    from coopsync.state.pg_lock import PgRunLock

    with PgRunLock(sys.argv[1], sys.argv[2], "sync --quiet"):
        print("holding", flush=True)
        time.sleep(60)
    """
)


def start_holder(url: str, shop: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, url, shop], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "holding"
    return child


def test_one_run_per_shop_and_shops_do_not_block_each_other(pg_url: str) -> None:
    with PgRunLock(pg_url, "shop_a", "sync") as lock:
        assert lock.held
        assert not pg_lock_is_free(pg_url, "shop_a")
        assert pg_lock_is_free(pg_url, "shop_b")
        with pytest.raises(LockHeld) as refused:
            PgRunLock(pg_url, "shop_a", "stock count").acquire()
        assert refused.value.exit_code is ExitCode.LOCK_HELD
        assert f"pid {os.getpid()}" in str(refused.value) and "`sync`" in str(refused.value)
        with PgRunLock(pg_url, "shop_b", "sync"):
            pass
    assert pg_lock_is_free(pg_url, "shop_a")


def test_a_killed_holder_releases_the_lock_and_was_named(pg_url: str) -> None:
    child = start_holder(pg_url, "shop_a")
    try:
        with pytest.raises(LockHeld) as refused:
            PgRunLock(pg_url, "shop_a", "sync").acquire()
        message = str(refused.value)
        assert f"pid {child.pid} on {socket.gethostname()}" in message
        assert "`sync --quiet`" in message and " since " in message
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    # The server ends the killed process's session (and its lock) once it notices.
    for _ in range(100):
        if pg_lock_is_free(pg_url, "shop_a"):
            break
        time.sleep(0.05)
    with PgRunLock(pg_url, "shop_a", "sync") as lock:
        assert lock.held


def test_sync_of_a_locked_shop_on_postgresql_exits_3(
    pg_url: str,
    tmp_path: Path,
    example_config: Path,
    run_cli: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from coopsync.config import load_config
    from coopsync.state.choose import state_key

    config = tmp_path / "config.example.yaml"
    config.write_text(example_config.read_text())
    monkeypatch.setenv("COOPSYNC_STATE_URL", pg_url)
    monkeypatch.setenv("COOPSYNC_TOKEN_KEY", "lock-test-token-key-0123456")
    with PgRunLock(pg_url, state_key(load_config(config)), "sync"):
        refused = run_cli("--lang", "en", "sync", "-c", str(config))
    assert refused.exit_code == ExitCode.LOCK_HELD, refused.output
    assert "holds the lock" in refused.output
    done = run_cli("-q", "sync", "-c", str(config))
    assert done.exit_code == 0, done.output
