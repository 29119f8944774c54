"""Issue 26: an order's lines are replaced as a whole by each newer copy; orders are keyed by
the platform's shop identity; every line carries its money, and omzet has one meaning."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from state_factories import FakeClock, hours

from coopsync.adapters import Order, OrderLine
from coopsync.adapters import OrderStatus as S
from coopsync.ledger import positions
from coopsync.state.migrations import MIGRATIONS
from coopsync.state.records import CountSource, ImportResult
from coopsync.state.sqlite import SqliteStore


def order(updated_hour: float, *lines: OrderLine) -> Order:
    total = sum(line.buyer_paid for line in lines)
    return Order("A", S.TO_SHIP, hours(0), hours(updated_hour), lines, total)


def unit(item_id: str, status: S, price: int = 50_000) -> OrderLine:
    return OrderLine(item_id, "BTK-001", 1, price, status)


def available(store: SqliteStore) -> int:
    return positions(store.ledger_inputs(["BTK-001"]), restock_returns=True)["BTK-001"].available


def test_a_line_missing_from_a_newer_copy_is_gone(store: SqliteStore) -> None:
    # The old, status-built ids: "BTK-001" for two units to ship, then the first unit ships and
    # the groups regroup under new ids. Before issue 26 the old row stayed reserved for ever.
    store.add_count("BTK-001", 10, hours(0), CountSource.COUNT)
    store.upsert_orders("lazada", [order(1, OrderLine("BTK-001", "BTK-001", 2, 50_000, S.TO_SHIP))])
    assert available(store) == 8
    regrouped = order(
        2,
        OrderLine("BTK-001/1", "BTK-001", 1, 50_000, S.SHIPPED),
        OrderLine("BTK-001/2", "BTK-001", 1, 50_000, S.TO_SHIP),
    )
    result = store.upsert_orders("lazada", [regrouped])
    assert result.removed_lines == 1
    assert available(store) == 8  # one shipped, one reserved: 10 - 1 - 1
    sold = store.sales(hours(-1), hours(10))
    assert sum(line.omzet for line in sold) == 100_000


def test_each_unit_keeps_its_own_shipping_time(store: SqliteStore) -> None:
    store.upsert_orders("tiktok", [order(1, unit("L1", S.SHIPPED), unit("L2", S.TO_SHIP))])
    store.add_count("BTK-001", 5, hours(2), CountSource.COUNT)  # the shelf after L1 left
    store.upsert_orders("tiktok", [order(3, unit("L1", S.COMPLETED), unit("L2", S.SHIPPED))])
    assert available(store) == 4  # only L2 left after the count


def test_split_lines_share_the_shipping_time_of_their_line(store: SqliteStore) -> None:
    three = OrderLine("7", "BTK-001", 3, 50_000, S.COMPLETED)
    store.upsert_orders("woo", [order(1, three)])
    store.add_count("BTK-001", 10, hours(2), CountSource.COUNT)
    returned = OrderLine("7~r9", "BTK-001", 1, 50_000, S.RETURNED, split_from="7")
    store.upsert_orders(
        "woo", [order(3, OrderLine("7", "BTK-001", 2, 50_000, S.COMPLETED), returned)]
    )
    # The returned unit shipped before the count: only its return is news.
    assert available(store) == 11


def test_return_dated_by_the_platform_not_by_the_order(store: SqliteStore) -> None:
    store.upsert_orders("tiktok", [order(1, unit("L1", S.SHIPPED))])
    store.add_count("BTK-001", 4, hours(5), CountSource.COUNT)  # the unit was back on the shelf
    back = OrderLine("L1", "BTK-001", 1, 50_000, S.RETURNED, returned_at=hours(4))
    store.upsert_orders("tiktok", [order(6, back)])
    assert available(store) == 4


def test_orders_keyed_by_shop_survive_a_channel_rename(store: SqliteStore) -> None:
    first = order(1, unit("L1", S.TO_SHIP))
    assert store.upsert_orders("toko", [first], shop="tiktok:CIPHER").new_orders == 1
    store.adopt_orders("toko-baru", "tiktok:CIPHER")
    again = store.upsert_orders("toko-baru", [first], shop="tiktok:CIPHER")
    assert again == ImportResult()
    assert [line.channel for line in store.sales(hours(-1), hours(10))] == ["toko-baru"]


def test_orders_stored_before_shops_were_known_are_adopted(
    state_path: Path, clock: FakeClock
) -> None:
    state_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(state_path)
    for migration in MIGRATIONS[:2]:
        conn.executescript(migration)
    conn.execute(
        "INSERT INTO orders VALUES ('toko', 'A', 'to_ship', ?, ?, 150000, 'IDR', ?)",
        (hours(0).isoformat(), hours(1).isoformat(), hours(1).isoformat()),
    )
    conn.execute(
        "INSERT INTO order_lines VALUES ('toko', 'A', 'BTK-001', 'BTK-001', 3, 50000,"
        " 'to_ship', NULL, NULL, NULL)"
    )
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with SqliteStore(state_path, clock=clock) as store:
        store.add_count("BTK-001", 10, hours(0), CountSource.COUNT)
        assert available(store) == 7
        [line] = store.sales(hours(-1), hours(10))
        assert (line.list_price, line.buyer_paid, line.omzet) == (50_000, 150_000, 150_000)
        assert store.adopt_orders("toko", "tiktok:CIPHER") == 1
        same = Order(
            "A",
            S.TO_SHIP,
            hours(0),
            hours(1),
            (OrderLine("BTK-001", "BTK-001", 3, 50_000, S.TO_SHIP),),
            150_000,
        )
        assert store.upsert_orders("toko", [same], shop="tiktok:CIPHER") == ImportResult()
        assert available(store) == 7


def test_omzet_keeps_platform_discounts_and_drops_the_sellers(store: SqliteStore) -> None:
    line = OrderLine(
        "L1", "BTK-001", 2, 50_000, S.COMPLETED, seller_discount=10_000, platform_discount=15_000
    )
    store.upsert_orders("tiktok", [order(1, line)])
    [sale] = store.sales(hours(-1), hours(10))
    assert (sale.gross, sale.buyer_paid, sale.omzet, sale.net_sales) == (
        100_000,
        75_000,
        90_000,
        90_000,
    )


def test_refunds_take_back_their_share_of_the_omzet(store: SqliteStore) -> None:
    half = OrderLine(
        "L1", "BTK-001", 2, 50_000, S.COMPLETED, platform_discount=20_000, refunded=40_000
    )
    whole = OrderLine("L2", "BTK-001", 1, 50_000, S.COMPLETED, refunded=50_000)
    cancelled = OrderLine("L3", "BTK-001", 1, 50_000, S.CANCELLED)
    store.upsert_orders("tiktok", [order(1, half, whole, cancelled)])
    net = {sale.line_id: sale.net_sales for sale in store.sales(hours(-1), hours(10))}
    assert net == {"L1": 50_000, "L2": 0, "L3": 0}
