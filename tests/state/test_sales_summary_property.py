"""Property: the store's SQL sums of a period agree with `coopsync.money` line by line.

Generated histories of orders (every status, seller discounts larger than the line, nothing
paid, partial and whole refunds, several channels and shops) are imported; for a random period
and random chart slots, `store.sales_summary` must equal `summarize` over the lines the store
hands out one by one (`store.sales`), and over the lines as they were generated.
"""

from __future__ import annotations

import random
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopsync.adapters import Order, OrderLine, OrderStatus
from coopsync.ledger import StockPosition
from coopsync.state import sqlite_stock
from coopsync.state.records import CountSource, SaleLine
from coopsync.state.sales_summary import ChannelOrders, SalesSum, summarize
from coopsync.state.sqlite import SqliteStore
from coopsync.state.timestamps import to_text

START = datetime(2026, 11, 1, 17, 0, tzinfo=UTC)  # midnight in Jakarta
FAST_DIR = "/dev/shm" if Path("/dev/shm").is_dir() else None

line = st.builds(
    lambda sku, qty, price, discount, paid, refunded, status: (
        sku,
        qty,
        price,
        discount,
        paid,
        refunded,
        status,
    ),
    st.sampled_from(("A", "B", "C", "D")),
    st.integers(1, 5),
    st.sampled_from((0, 1, 999, 15_000, 333_333)),
    st.sampled_from((0, 0, 1, 5_000, 2_000_000)),  # sometimes more than the line
    st.one_of(st.none(), st.integers(0, 1_000_000)),
    st.one_of(st.just(0), st.integers(1, 1_200_000)),
    st.sampled_from(list(OrderStatus)),
)
order = st.tuples(
    st.sampled_from(("shopee", "tiktok", "whatsapp")),
    st.sampled_from((None, "shop-2")),  # the platform's shop identity
    st.integers(0, 10 * 24 * 60),  # minutes after START
    st.lists(line, min_size=1, max_size=3),
)


def make(number: int, minutes: int, lines: list[tuple[object, ...]]) -> Order:
    at = START + timedelta(minutes=minutes)
    items = tuple(
        OrderLine(
            f"L{n}",
            str(sku),
            int(qty),  # type: ignore[call-overload]
            int(price),  # type: ignore[call-overload]
            status,  # type: ignore[arg-type]
            seller_discount=int(discount),  # type: ignore[call-overload]
            paid=paid,  # type: ignore[arg-type]
            refunded=int(refunded),  # type: ignore[call-overload]
        )
        for n, (sku, qty, price, discount, paid, refunded, status) in enumerate(lines)
    )
    return Order(f"o{number}", items[0].status, at, at, items, 1)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    orders=st.lists(order, max_size=25),
    window=st.tuples(st.integers(0, 10 * 24 * 60), st.integers(1, 10 * 24 * 60)),
    cuts=st.lists(st.integers(1, 10 * 24 * 60), max_size=6),
)
def test_sql_sums_agree_with_the_money_rule(
    orders: list[tuple[str, str | None, int, list[tuple[object, ...]]]],
    window: tuple[int, int],
    cuts: list[int],
) -> None:
    since = START + timedelta(minutes=window[0])
    until = since + timedelta(minutes=window[1])
    slots = [since, *sorted({since + timedelta(minutes=c % window[1]) for c in cuts} - {since})]
    generated: list[SaleLine] = []
    with (
        tempfile.TemporaryDirectory(dir=FAST_DIR) as folder,
        SqliteStore(Path(folder) / "s.db") as store,
    ):
        for number, (channel, shop, minutes, lines) in enumerate(orders):
            made = make(number, minutes, lines)
            store.upsert_orders(channel, [made], shop)
            generated.extend(
                SaleLine(
                    channel,
                    made.order_id,
                    item.line_id,
                    item.sku,
                    item.quantity,
                    item.list_price,
                    item.status,
                    made.created_at,
                    item.seller_discount,
                    0,
                    item.gross - item.seller_discount if item.paid is None else item.paid,
                    item.refunded,
                    shop or f"channel:{channel}",
                )
                for item in made.lines
            )
        summed = store.sales_summary(since, until, slots)
        totals_only = store.sales_summary(since, until)
        read = store.sales(since, until)
    assert summed == summarize(read, since, until, slots)
    assert summed == summarize(generated, since, until, slots)
    assert (totals_only.by_status, totals_only.orders) == (summed.by_status, summed.orders)
    assert not totals_only.by_sku and not totals_only.by_slot
    # What the sums add up to, checked against the lines without the summary's own code.
    in_period = [x for x in generated if since <= x.created_at < until]
    assert sum(s.omzet for s in summed.by_status.values()) == sum(x.omzet for x in in_period)
    assert sum(s.net for s in summed.by_slot) == sum(x.net_sales for x in in_period)
    assert sum(c.orders for c in summed.orders.values()) == len(
        {(x.shop, x.order_id) for x in in_period}
    )


def test_a_partial_refund_rounds_half_up_in_sql_as_in_python(tmp_path: Path) -> None:
    # 3 units at 5 less 0: omzet 15; refunded 1 of 2 paid: 7.5 back, rounded to 8; net 7.
    made = Order(
        "o1",
        OrderStatus.COMPLETED,
        START,
        START,
        (OrderLine("L1", "A", 3, 5, OrderStatus.COMPLETED, paid=2, refunded=1),),
        15,
    )
    with SqliteStore(tmp_path / "s.db") as store:
        store.upsert_orders("shopee", [made])
        summed = store.sales_summary(START, START + timedelta(days=1), [START])
    assert summed.by_status == {("shopee", OrderStatus.COMPLETED): SalesSum(3, 15, 7)}
    assert summed.by_sku == {"A": SalesSum(3, 15, 7)}
    assert summed.orders == {"shopee": ChannelOrders(1, 0, 0, 1)}


def test_both_stores_sum_a_month_of_orders_as_the_money_rule_does(store: SqliteStore) -> None:
    """The same SQL on SQLite and on PostgreSQL (the `store` fixture runs both)."""
    rng = random.Random(23)
    statuses = list(OrderStatus)
    for number in range(120):
        lines = [
            (
                rng.choice("ABCD"),
                rng.randint(1, 4),
                rng.choice((0, 999, 15_000, 333_333)),
                rng.choice((0, 5_000, 2_000_000)),
                rng.choice((None, 0, rng.randrange(1_000_000))),
                rng.choice((0, 0, rng.randrange(1, 1_200_000))),
                rng.choice(statuses),
            )
            for _ in range(rng.randint(1, 3))
        ]
        made = make(number, rng.randrange(30 * 24 * 60), lines)
        store.upsert_orders(rng.choice(("shopee", "whatsapp")), [made], rng.choice((None, "s2")))
    since, until = START + timedelta(days=3), START + timedelta(days=24)
    slots = [since + timedelta(days=n) for n in range(0, 21, 7)]
    summed = store.sales_summary(since, until, slots)
    assert summed == summarize(store.sales(since, until), since, until, slots)
    assert sum(c.orders for c in summed.orders.values()) > 50
    assert any(s.net for s in summed.by_slot) and any(summed.by_sku.values())
    # The stock rule's portable SQL runs on either database and agrees with the store's own.
    store.add_count("A", 40, START + timedelta(days=10), CountSource.COUNT)
    portable = sqlite_stock.stock_positions(
        store._conn.execute, to_text, "ABCDE", True, START + timedelta(days=20)
    )
    assert portable == store.stock_positions("ABCDE", True, START + timedelta(days=20))
    assert portable["E"] == StockPosition(0, 0, 0) and portable["A"].on_hand != 0
