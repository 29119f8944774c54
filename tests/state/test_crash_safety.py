"""A run killed mid-way leaves every journalled result behind for the next run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from state_factories import hours

from coopsync.state.sqlite import SqliteStore

KILLED_RUN = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from coopsync.state.sqlite import SqliteStore

    store = SqliteStore(sys.argv[1])
    at = datetime(2026, 11, 1, tzinfo=UTC)
    run = store.start_run("sync", at)
    store.save_listing("shopee", "BTK-001", remote_id="9001", remote_sku_id="1", at=at)
    for n in range(3):
        store.journal(run, "shopee", "stock", f"BTK-00{n}", "5", "ok", "", at)
    store.record_stock_pushed("shopee", "BTK-001", 5, at)
    print("ready", flush=True)
    time.sleep(60)  # killed here, connection never closed
    """
)


def test_journal_survives_a_killed_run(state_path: Path) -> None:
    SqliteStore(state_path).close()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(state_path)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    with SqliteStore(state_path) as after:
        (run,) = after.last_runs()
        assert run.finished_at is None  # the crash shows as an unfinished run
        journal = after.dump()["journal"]
        assert [row["sku"] for row in journal] == ["BTK-000", "BTK-001", "BTK-002"]
        listing = after.get_listing("shopee", "BTK-001")
        assert listing is not None and listing.pushed_stock == 5


def test_each_journal_entry_is_visible_to_another_connection_at_once(state_path: Path) -> None:
    with SqliteStore(state_path) as writer, SqliteStore(state_path) as reader:
        run = writer.start_run("push", hours(1))
        writer.journal(run, "tiktok", "price", "BTK-001", "27500", "ok", "", hours(1))
        assert reader.channel_health()["tiktok"].last_success_at == hours(1)
