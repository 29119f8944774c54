"""A run reads each channel's listing rows from the state once, and again after a write."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine_factories import catalog

from coopsync.engine.outcome import RunSummary
from coopsync.engine.run_context import RunContext
from coopsync.engine.run_options import RunOptions
from coopsync.engine.run_reads import Reads
from coopsync.state.sqlite import SqliteStore

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def reads_of(store: SqliteStore) -> Reads:
    adapters: dict[str, Any] = {"toko": object()}
    run = RunContext(
        catalog(), store, adapters, {}, lambda: NOW, RunOptions("sync"), RunSummary("sync"), 0
    )
    return Reads(run)


def test_rows_are_a_copy_and_read_again_after_a_write(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "state.sqlite") as store:
        store.save_listing("toko", "A", remote_id="r1", remote_sku_id="r1-A", at=NOW)
        reads = reads_of(store)
        rows = reads.rows("toko")
        assert rows["A"].pushed_stock is None
        rows.pop("A")  # a caller changing its copy changes nothing for the next one
        assert set(reads.rows("toko")) == {"A"}
        store.record_stock_pushed("toko", "A", 7, NOW)
        reads.forget_rows(["toko"])  # as apply_one does after writing
        assert reads.rows("toko")["A"].pushed_stock == 7
