"""What the report reads from the state: the windows it asks for and each channel's last order."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from report_factories import NOW, wib

from coopsync.adapters import Order, OrderLine, OrderStatus
from coopsync.report.gather import windows
from coopsync.report.period import resolve_period
from coopsync.state.sqlite import SqliteStore


def order(order_id: str, at: object) -> Order:
    line = OrderLine("1", "TAS-1", 1, 50_000, OrderStatus.COMPLETED)
    return Order(order_id, OrderStatus.COMPLETED, at, at, (line,), 50_000)  # type: ignore[arg-type]


def test_the_report_reads_its_period_the_one_before_and_a_year_earlier_only() -> None:
    period = resolve_period(NOW, "Asia/Jakarta")

    assert windows(period) == [
        (wib(1, 0) - timedelta(days=365), wib(8, 0) - timedelta(days=365)),  # 1–7 Dec 2025
        (wib(24, 0, month=11), wib(8, 0)),  # 24 Nov – 7 Dec 2026
    ]


def test_each_channels_last_order_time(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "state.sqlite") as store:
        store.upsert_orders("shopee", [order("A", wib(1)), order("B", wib(5))])
        store.upsert_orders("lazada", [order("C", wib(3))])

        assert store.last_order_at() == {"shopee": wib(5), "lazada": wib(3)}
