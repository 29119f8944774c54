"""What the report reads from the state: the sums it asks for and each channel's last order."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from report_factories import NOW, wib

from coopsync.adapters import Order, OrderLine, OrderStatus
from coopsync.config import load_config
from coopsync.ledger import StockPosition
from coopsync.report import render_table, render_whatsapp
from coopsync.report.build import build_report
from coopsync.report.gather import gather, sums_read
from coopsync.report.model import ConsignmentRow, ReportSet, ShopEntry
from coopsync.report.period import resolve_period
from coopsync.state.records import StockMove
from coopsync.state.sqlite import SqliteStore


def order(order_id: str, at: object) -> Order:
    line = OrderLine("1", "TAS-1", 1, 50_000, OrderStatus.COMPLETED)
    return Order(order_id, OrderStatus.COMPLETED, at, at, (line,), 50_000)  # type: ignore[arg-type]


def test_the_report_reads_its_period_the_one_before_and_a_year_earlier_only() -> None:
    period = resolve_period(NOW, "Asia/Jakarta")

    assert sums_read(period) == [
        (wib(1, 0), wib(8, 0), [wib(day, 0) for day in range(1, 8)]),  # 1–7 Dec, day by day
        (wib(24, 0, month=11), wib(1, 0), None),  # 24–30 Nov 2026
        (wib(1, 0) - timedelta(days=365), wib(8, 0) - timedelta(days=365), None),  # 1–7 Dec 2025
    ]


def test_each_channels_last_order_time(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "state.sqlite") as store:
        store.upsert_orders("shopee", [order("A", wib(1)), order("B", wib(5))])
        store.upsert_orders("lazada", [order("C", wib(3))])

        assert store.last_order_at() == {"shopee": wib(5), "lazada": wib(3)}


def _shop(root: Path) -> Path:
    (root / "catalog.yaml").write_text(
        "products:\n"
        "  - {title: Tas Pandan, sku: TAS-1, price: 50000, stock: 10}\n"
        "  - {title: Kopi Gayo, sku: KOPI-1, price: 40000, stock: 20}\n"
    )
    config = root / "coopsync.yaml"
    config.write_text(
        "shop: {name: Koperasi Uji, timezone: Asia/Jakarta, language: en}\n"
        "catalog: catalog.yaml\n"
        "channels:\n"
        "  toko: {platform: manual, sandbox: true}\n"
        "  pojok: {platform: manual, sandbox: true}\n"
    )
    return config


def test_the_report_expires_unpaid_holds_as_stock_show_does(tmp_path: Path) -> None:
    loaded = load_config(_shop(tmp_path))
    loaded.state_dir.mkdir(parents=True)
    unpaid = OrderLine("1", "TAS-1", 2, 50_000, OrderStatus.UNPAID)
    released = Order(
        "U1", OrderStatus.UNPAID, wib(6), wib(6), (unpaid,), 100_000, hold_until=wib(6, 13)
    )
    held = Order(
        "U2",
        OrderStatus.UNPAID,
        wib(7, 9),
        wib(7, 9),
        (unpaid,),
        100_000,
        hold_until=NOW + timedelta(hours=1),
    )
    with SqliteStore(loaded.state_dir / "state.sqlite") as store:
        store.record_catalog_stock({"TAS-1": 10, "KOPI-1": 20}, wib(1))
        store.upsert_orders("toko", [released, held])
    period = resolve_period(NOW, "Asia/Jakarta")

    state = gather(loaded, period, NOW, "en")

    # U1's hold ran out yesterday: only U2's two units are still held.
    assert state.stock["TAS-1"] == StockPosition(on_hand=10, reserved=2, available=8)


def test_units_placed_at_a_corner_show_in_the_stock_section(tmp_path: Path) -> None:
    loaded = load_config(_shop(tmp_path))
    loaded.state_dir.mkdir(parents=True)
    sold = OrderLine("1", "KOPI-1", 3, 40_000, OrderStatus.COMPLETED)
    with SqliteStore(loaded.state_dir / "state.sqlite") as store:
        store.record_catalog_stock({"TAS-1": 10, "KOPI-1": 20}, wib(1))
        store.add_stock_move(StockMove("pojok", "KOPI-1", 8, wib(2)))
        store.upsert_orders(
            "pojok", [Order("P1", OrderStatus.COMPLETED, wib(3), wib(3), (sold,), 120_000)]
        )
    period = resolve_period(NOW, "Asia/Jakarta")

    report = build_report(gather(loaded, period, NOW, "en"), period)

    assert report.consignment == (ConsignmentRow("pojok", "KOPI-1", "Kopi Gayo", 5),)
    shown = render_table.render(ReportSet((ShopEntry("c", report),), NOW, "en"), "en")
    assert "Stock placed at manual channels" in shown
    assert [line.split() for line in shown.splitlines() if "KOPI-1" in line][-1][:3] == [
        "pojok",
        "KOPI-1",
        "Kopi",
    ]
    whatsapp = render_whatsapp.render(ReportSet((ShopEntry("c", report),), NOW, "en"), "en")
    assert "• KOPI-1 @ pojok: 5" in whatsapp
