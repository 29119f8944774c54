"""Importing orders: exactly once per (channel, order, line), stale copies ignored."""

from __future__ import annotations

from dataclasses import replace

from state_factories import hours, make_order

from coopsync.adapters import OrderLine
from coopsync.adapters import OrderStatus as S
from coopsync.ledger import StockPosition, positions
from coopsync.state.records import CountSource, ImportResult
from coopsync.state.sqlite import SqliteStore


def available(store: SqliteStore, sku: str, restock_returns: bool = True) -> StockPosition:
    return positions(store.ledger_inputs([sku]), restock_returns)[sku]


def test_importing_the_same_orders_twice_adds_nothing(store: SqliteStore) -> None:
    orders = [
        make_order("A", S.TO_SHIP, 1, {"BTK-001": 2, "TAS-01": 1}),
        make_order("B", S.UNPAID, 2, {"BTK-001": 1}),
    ]
    assert store.upsert_orders("shopee", orders) == ImportResult(new_orders=2, new_lines=3)
    assert store.upsert_orders("shopee", orders) == ImportResult()
    assert len(store.sales(hours(-1), hours(100))) == 3


def test_same_order_id_on_two_channels_are_two_orders(store: SqliteStore) -> None:
    order = make_order("1001", S.TO_SHIP, 1)
    store.upsert_orders("shopee", [order])
    assert store.upsert_orders("tiktok", [order]) == ImportResult(new_orders=1, new_lines=1)


def test_status_change_is_counted_once(store: SqliteStore) -> None:
    store.upsert_orders("shopee", [make_order("A", S.TO_SHIP, 1)])
    shipped = make_order("A", S.SHIPPED, 2)
    assert store.upsert_orders("shopee", [shipped]) == ImportResult(status_changes=1)
    assert store.upsert_orders("shopee", [shipped]) == ImportResult()


def test_stale_copy_from_an_overlapping_window_is_ignored(store: SqliteStore) -> None:
    store.add_count("BTK-001", 10, hours(0), CountSource.CATALOG)
    store.upsert_orders("shopee", [make_order("A", S.CANCELLED, 3)])
    stale = store.upsert_orders("shopee", [make_order("A", S.TO_SHIP, 1)])
    assert stale == ImportResult(stale=1)
    assert available(store, "BTK-001") == StockPosition(10, 0, 10)


def test_newest_copy_wins_within_one_batch(store: SqliteStore) -> None:
    store.add_count("BTK-001", 10, hours(0), CountSource.CATALOG)
    result = store.upsert_orders(
        "shopee", [make_order("A", S.SHIPPED, 5), make_order("A", S.TO_SHIP, 1)]
    )
    assert result == ImportResult(new_orders=1, new_lines=1)
    assert available(store, "BTK-001") == StockPosition(9, 0, 9)


def test_order_jumping_from_unpaid_to_completed_is_recorded_as_shipped(
    store: SqliteStore,
) -> None:
    store.add_count("BTK-001", 10, hours(0), CountSource.CATALOG)
    store.upsert_orders("shopee", [make_order("A", S.UNPAID, 1, {"BTK-001": 3})])
    assert available(store, "BTK-001") == StockPosition(10, 3, 7)
    store.upsert_orders("shopee", [make_order("A", S.COMPLETED, 9, {"BTK-001": 3})])
    assert available(store, "BTK-001") == StockPosition(7, 0, 7)


def test_line_cancelled_after_shipping_is_lost_not_returned(store: SqliteStore) -> None:
    # A cancellation after shipping (a parcel the courier lost) is not a return: the units come
    # back only when the platform says the goods are back.
    store.add_count("BTK-001", 10, hours(0), CountSource.CATALOG)
    store.upsert_orders("shopee", [make_order("A", S.SHIPPED, 2, {"BTK-001": 2})])
    store.upsert_orders("shopee", [make_order("A", S.CANCELLED, 6, {"BTK-001": 2})])
    assert [s.status for s in store.sales(hours(-1), hours(10))] == [S.LOST]
    assert available(store, "BTK-001", restock_returns=True).on_hand == 8
    assert available(store, "BTK-001", restock_returns=False).on_hand == 8


def test_line_added_to_a_known_order_is_new(store: SqliteStore) -> None:
    store.upsert_orders("shopee", [make_order("A", S.UNPAID, 1, {"BTK-001": 1})])
    grown = make_order("A", S.UNPAID, 2, {"BTK-001": 1, "TAS-01": 2})
    assert store.upsert_orders("shopee", [grown]) == ImportResult(new_lines=1)


def test_partly_cancelled_order_releases_only_the_cancelled_line(store: SqliteStore) -> None:
    store.add_count("BTK-001", 10, hours(0), CountSource.CATALOG)
    store.add_count("TAS-01", 10, hours(0), CountSource.CATALOG)
    order = make_order("A", S.TO_SHIP, 1, {"BTK-001": 1, "TAS-01": 2})
    store.upsert_orders("shopee", [order])
    cancelled_bag = OrderLine("TAS-01", "TAS-01", 2, 25_000, S.CANCELLED)
    partly = replace(order, updated_at=hours(2), lines=(order.lines[0], cancelled_bag))
    assert store.upsert_orders("shopee", [partly]) == ImportResult(status_changes=1)
    assert available(store, "BTK-001").reserved == 1
    assert available(store, "TAS-01").reserved == 0


def test_ledger_inputs_cover_every_known_sku_and_asked_unknown_ones(store: SqliteStore) -> None:
    store.add_count("BTK-001", 10, hours(0), CountSource.CATALOG)
    store.upsert_orders("shopee", [make_order("A", S.TO_SHIP, 1, {"TAS-01": 1})])
    assert set(store.ledger_inputs()) == {"BTK-001", "TAS-01"}
    assert set(store.ledger_inputs(["BTK-001", "NEW-1"])) == {"BTK-001", "NEW-1"}
    assert store.ledger_inputs(["NEW-1"])["NEW-1"].count is None


def test_ledger_inputs_leave_out_lines_that_shipped_before_the_count(store: SqliteStore) -> None:
    store.upsert_orders("shopee", [make_order("A", S.COMPLETED, 1, {"BTK-001": 4})])
    store.add_count("BTK-001", 10, hours(5), CountSource.COUNT)
    store.upsert_orders("shopee", [make_order("B", S.TO_SHIP, 6, {"BTK-001": 1})])
    (entry,) = store.ledger_inputs(["BTK-001"]).values()
    assert [line.status for line in entry.lines] == [S.TO_SHIP]
