"""The sales summary in SQL: `coopsync.money`'s omzet and net sales as column expressions.

Portable SQL (no dialect function, no JSON, no date arithmetic) with `:name` placeholders: the
SQLite store runs it as it is, the PostgreSQL store through `pg_conn.translate`. It
reads two tables, `orders (shop, order_id, channel, created_at)` and `order_lines (shop,
order_id, sku, quantity, list_price, seller_discount, paid, refunded, status)`; times are
compared only with the store's own time parameters (`stamp`), so any ordered time type works.

The money rule, once (as `coopsync.money`):

- omzet = quantity × list price − seller discount;
- refund share = 0 without a refund; the whole omzet when nothing was paid or the refund covers
  what was paid; else omzet × refunded / paid rounded half away from zero (integer arithmetic:
  (2·|a|·r + p) div (2·p), with operands ≥ 0 so truncating division is floor division);
- net sales = omzet − refund share for sold lines (to ship, shipped, completed), else 0.

`tests/state/test_sales_summary_property.py` checks it against `sales_summary.summarize`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from coopsync import money
from coopsync.adapters import OrderStatus
from coopsync.state.sales_summary import ChannelOrders, SalesSum, SalesSummary

Run = Callable[[str, Mapping[str, object]], Iterable[Sequence[Any]]]

_SOLD = "(" + ", ".join(f"'{status.value}'" for status in sorted(money.SOLD)) + ")"
OMZET = "(CAST(l.quantity AS BIGINT) * l.list_price - l.seller_discount)"
_REFUND = (
    "(CASE WHEN l.refunded <= 0 THEN 0"
    f" WHEN l.paid <= 0 OR l.refunded >= l.paid THEN {OMZET}"
    f" WHEN {OMZET} >= 0 THEN (2 * {OMZET} * l.refunded + l.paid) / (2 * l.paid)"
    f" ELSE -((2 * -{OMZET} * l.refunded + l.paid) / (2 * l.paid)) END)"
)
NET = f"(CASE WHEN l.status IN {_SOLD} THEN {OMZET} - {_REFUND} ELSE 0 END)"

_LINES = (
    " FROM orders AS o JOIN order_lines AS l ON l.shop = o.shop AND l.order_id = o.order_id"
    " WHERE o.created_at >= :since AND o.created_at < :until"
)

BY_STATUS = (
    f"SELECT o.channel, l.status, SUM(l.quantity), SUM({OMZET}), SUM({NET}){_LINES}"
    " GROUP BY o.channel, l.status"
)

ORDERS = (
    "SELECT channel, COUNT(*), SUM(cancelled), SUM(gone), SUM(sold) FROM ("
    " SELECT o.channel AS channel,"
    " MIN(CASE WHEN l.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,"
    " MAX(CASE WHEN l.status IN ('returned', 'lost') THEN 1 ELSE 0 END) AS gone,"
    f" MAX(CASE WHEN l.status IN {_SOLD} THEN 1 ELSE 0 END) AS sold{_LINES}"
    " GROUP BY o.shop, o.order_id, o.channel) AS per_order GROUP BY channel"
)

BY_SKU = (
    f"SELECT l.sku, SUM(l.quantity), SUM({OMZET}), SUM({NET}){_LINES}"
    f" AND l.status IN {_SOLD} GROUP BY l.sku"
)


def by_slot_query(slots: int) -> str:
    """Sold lines summed per slot; slot i starts at `:slot_i` (slot 0 at `:since`)."""
    if slots <= 1:
        which = "0"
    else:
        steps = " ".join(f"WHEN o.created_at < :slot_{i} THEN {i - 1}" for i in range(1, slots))
        which = f"CASE {steps} ELSE {slots - 1} END"
    return (
        "SELECT slot, SUM(quantity), SUM(omzet), SUM(net) FROM ("
        f" SELECT {which} AS slot, l.quantity AS quantity, {OMZET} AS omzet, {NET} AS net"
        f"{_LINES} AND l.status IN {_SOLD}) AS sold GROUP BY slot"
    )


def sales_summary(
    run: Run,
    stamp: Callable[[datetime], object],
    since: datetime,
    until: datetime,
    slots: Sequence[datetime] | None = None,
) -> SalesSummary:
    """`StateStore.sales_summary` over any DB-API connection: `run(sql, params)` gives rows,
    `stamp` turns a time into the store's time parameter."""
    params: dict[str, object] = {"since": stamp(since), "until": stamp(until)}

    def rows(sql: str, extra: Mapping[str, object] | None = None) -> Iterable[Sequence[Any]]:
        return run(sql, {**params, **(extra or {})})

    by_status = {
        (str(channel), OrderStatus(status)): SalesSum(int(units), int(omzet), int(net))
        for channel, status, units, omzet, net in rows(BY_STATUS)
    }
    orders = {
        str(channel): ChannelOrders(int(n), int(cancelled), int(gone), int(sold))
        for channel, n, cancelled, gone, sold in rows(ORDERS)
    }
    if not slots:
        return SalesSummary(by_status, orders)
    by_sku = {
        str(sku): SalesSum(int(units), int(omzet), int(net))
        for sku, units, omzet, net in rows(BY_SKU)
    }
    by_slot = [SalesSum()] * len(slots)
    starts = {f"slot_{i}": stamp(start) for i, start in enumerate(slots) if i}
    for slot, units, omzet, net in rows(by_slot_query(len(slots)), starts):
        by_slot[int(slot)] = SalesSum(int(units), int(omzet), int(net))
    return SalesSummary(by_status, orders, by_sku, tuple(by_slot))
