"""Two coopsync processes on one shop: a second sync is turned away at once naming the holder,
and a report read while a sync writes sees one consistent moment of the state."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from coopsync.adapters import Order, OrderLine, OrderStatus
from coopsync.state.lock import RunLock
from coopsync.state.sales_summary import SalesSummary
from coopsync.state.sqlite import SqliteStore

RunCli = Callable[..., Result]


def test_a_second_sync_exits_3_naming_the_holder(shop: Path, run_cli: RunCli) -> None:
    assert run_cli("sync", "-c", str(shop)).exit_code == 0
    with RunLock(shop.parent / ".coopsync", "sync"):
        result = run_cli("--lang", "en", "sync", "-c", str(shop))
    assert result.exit_code == 3
    assert "`sync`" in result.stderr and f"pid {os.getpid()}" in result.stderr


def test_a_report_during_a_sync_reads_one_moment(
    shop: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coopsync.config import load_config
    from coopsync.report.gather import gather
    from coopsync.report.period import resolve_period

    assert run_cli("sync", "-c", str(shop)).exit_code == 0
    loaded = load_config(shop)
    state_file = loaded.state_dir / "state.sqlite"
    now = datetime.now(UTC)
    sku = loaded.catalog.skus()[0]
    new_order = Order(
        order_id="MIDREPORT-1",
        status=OrderStatus.TO_SHIP,
        created_at=now - timedelta(minutes=5),
        updated_at=now - timedelta(minutes=5),
        lines=(OrderLine("1", sku, 1, 25_000, OrderStatus.TO_SHIP),),
        total=25_000,
    )
    original = SqliteStore.ledger_inputs
    stock_read = SqliteStore.stock_positions
    written: list[bool] = []

    def sync_commits_meanwhile(self: SqliteStore, *args: Any, **kwargs: Any) -> Any:
        if not written:  # a sync imports an order between the report's reads
            with SqliteStore(state_file) as sync_store:
                sync_store.upsert_orders("shopee", [new_order])
            written.append(True)
        return stock_read(self, *args, **kwargs)

    period = resolve_period(now, loaded.config.shop.timezone, period="7d")
    with SqliteStore(state_file) as before:
        reserved_before = original(before, [sku])[sku]
        orders_before = _orders(before.sales_summary(period.since, period.until))
    # The report reads its sales first, then the stock: a sync commits between the two.
    monkeypatch.setattr(SqliteStore, "stock_positions", sync_commits_meanwhile)
    state = gather(loaded, period, now, "en")
    assert written
    in_sales = _orders(state.sales.summary(period.since, period.until)) != orders_before
    in_stock = state.stock[sku].reserved != _reserved(reserved_before)
    assert in_sales == in_stock, "the report saw the order in one place and not the other"


def _orders(summary: SalesSummary) -> int:
    return sum(channel.orders for channel in summary.orders.values())


def _reserved(entry: object) -> int:
    from coopsync.ledger import LedgerInput, position

    assert isinstance(entry, LedgerInput)
    return position(entry, False).reserved
