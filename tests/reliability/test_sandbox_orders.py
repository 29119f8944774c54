"""Defect: in the sandbox, `stock count`/`stock adjust` pulled without the simulated buyers and
moved the order cursor past hours in which those buyers later placed orders, so the next sync
never imported them. A marketplace never dates an order before a read that covered that time."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coopsync.cli.session import run_engine, state_path
from coopsync.config import load_config
from coopsync.engine.run import RunOptions
from coopsync.sandbox.marketplace import MutableClock
from coopsync.sandbox.shop import fake_class, open_sandbox
from coopsync.state.sqlite import SqliteStore


async def test_orders_of_buyers_after_a_count_are_all_imported(
    tmp_path: Path, example_config: Path
) -> None:
    shutil.copy(example_config, tmp_path / "coopsync.yaml")
    loaded = load_config(tmp_path / "coopsync.yaml")
    clock = MutableClock(datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
    only = ["shopee"]
    await run_engine(loaded, RunOptions("sync"), clock=clock, only=only)
    clock.advance(timedelta(days=3))
    # `stock count` pulls first, without letting the simulated buyers shop
    count = RunOptions("pull", record_as="stock count")
    await run_engine(loaded, count, clock=clock, only=only, simulate_buyers=False)
    clock.advance(timedelta(hours=1))
    await run_engine(loaded, RunOptions("sync"), clock=clock, only=only)

    fake_type = fake_class("shopee")
    assert fake_type is not None
    sandbox = open_sandbox("shopee", "shopee", fake_type, loaded.state_dir, clock)
    on_platform = set(sandbox.fake.order_ids())
    with SqliteStore(state_path(loaded)) as store:
        imported = {str(row["order_id"]) for row in store.dump()["orders"]}
    assert on_platform - imported == set()
    assert len(on_platform) > 30  # a month of history and three more days of buyers
