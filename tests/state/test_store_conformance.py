"""The store operations the other state tests do not reach, on both stores (the `store` fixture
runs each test on SQLite and on PostgreSQL): recorded sales and their undo, units placed at a
manual channel, gone orders, open orders, the newest order per channel, token expiry."""

from __future__ import annotations

from state_factories import FakeClock, hours, make_order

from coopsync.adapters import OrderStatus, TokenPair
from coopsync.state.records import HandSale, SaleItem, StockMove
from coopsync.state.sqlite import SqliteStore


def hand_sale(order_id: str, hour: float, **items: int) -> HandSale:
    return HandSale(
        channel="bazaar",
        order_id=order_id,
        source="hand",
        sold_at=hours(hour),
        items=tuple(SaleItem(sku, qty, 30_000) for sku, qty in items.items()),
        note="Bazar UMKM",
        sender="",
        recorded_at=hours(hour),
    )


def test_a_hand_sale_is_recorded_once_found_listed_and_undone(
    store: SqliteStore, clock: FakeClock
) -> None:
    assert store.next_hand_sale_id() == "H-1"
    sale = hand_sale("H-1", 2, **{"BTK-001": 2})
    order = make_order("H-1", OrderStatus.COMPLETED, 2, {"BTK-001": 2}, created_hour=2)
    assert store.record_hand_sale(sale, order) is True
    assert store.record_hand_sale(sale, order) is False  # the same id again: nothing written
    assert store.next_hand_sale_id() == "H-2"
    assert store.known_sale_ids("bazaar") == {"H-1"}
    assert store.find_hand_sale("h-1") == [sale]
    assert store.hand_sales() == [sale]
    assert [line.order_id for line in store.sales(hours(0), hours(10))] == ["H-1"]
    assert store.channel_sales("bazaar", ["BTK-001"]) == [("BTK-001", 2, hours(2))]

    store.undo_hand_sale(sale, hours(3))
    assert store.sales(hours(0), hours(10)) == []
    assert store.channel_sales("bazaar", ["BTK-001"]) == []
    (undone,) = store.hand_sales()
    assert undone.undone_at == hours(3)
    assert store.known_sale_ids("bazaar") == {"H-1"}  # a chat re-import still skips it


def test_units_placed_at_a_manual_channel_come_back_oldest_first(store: SqliteStore) -> None:
    store.add_stock_move(StockMove("corner", "BTK-001", 5, hours(2), "titip"))
    store.add_stock_move(StockMove("corner", "BTK-001", -2, hours(5), "kembali"))
    store.add_stock_move(StockMove("corner", "BTK-002", 3, hours(1)))
    assert [(m.sku, m.quantity, m.at) for m in store.stock_moves()] == [
        ("BTK-002", 3, hours(1)),
        ("BTK-001", 5, hours(2)),
        ("BTK-001", -2, hours(5)),
    ]


def test_open_orders_and_orders_gone_from_the_platform(
    store: SqliteStore, clock: FakeClock
) -> None:
    store.upsert_orders(
        "shopee",
        [
            make_order("A", OrderStatus.TO_SHIP, 1, {"BTK-001": 1}),
            make_order("B", OrderStatus.UNPAID, 1, {"BTK-001": 2}),
            make_order("C", OrderStatus.SHIPPED, 1, {"BTK-001": 1}),
        ],
        shop="shop-77",
    )
    assert store.open_orders("shopee", "shop-77") == ["A", "B"]
    assert store.open_orders("shopee") == []  # another shop key: none of these
    clock.advance(hours=5)
    assert store.settle_gone("shopee", "shop-77", ["B", "C"]) == 1  # C had shipped: untouched
    assert store.open_orders("shopee", "shop-77") == ["A"]
    statuses = {line.order_id: line.status for line in store.sales(hours(-1), hours(10))}
    assert statuses == {"A": OrderStatus.TO_SHIP, "B": OrderStatus.CANCELLED, "C": "shipped"}
    inputs = store.ledger_inputs(["BTK-001"])["BTK-001"]
    assert sorted(line.quantity for line in inputs.lines if line.status == "to_ship") == [1]


def test_the_newest_order_of_each_channel(store: SqliteStore) -> None:
    store.upsert_orders("shopee", [make_order("A", OrderStatus.TO_SHIP, 3, created_hour=3)])
    store.upsert_orders("shopee", [make_order("B", OrderStatus.TO_SHIP, 1, created_hour=1)])
    store.upsert_orders("lazada", [make_order("C", OrderStatus.TO_SHIP, 2, created_hour=2)])
    assert store.last_order_at() == {"shopee": hours(3), "lazada": hours(2)}


def test_token_expiry_is_read_without_the_tokens(store: SqliteStore) -> None:
    assert store.token_expiry("shopee") is None
    store.save_tokens("shopee", TokenPair("ACC-123456", "REF-123456", hours(4), hours(700)))
    store.save_tokens("tiktok", TokenPair("ACC-654321", "REF-654321", hours(4)))
    assert store.token_expiry("shopee") == hours(700)
    assert store.token_expiry("tiktok") is None
    assert store.token_channels() == ["shopee", "tiktok"]
