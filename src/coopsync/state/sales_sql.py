"""The sales summary in SQL: `coopsync.money`'s omzet and net sales as column expressions.

Portable SQL (no dialect function, no JSON, no date arithmetic) with `:name` placeholders: the
SQLite store runs it as it is, the PostgreSQL store through `pg_conn.translate`. It
reads one table, `order_lines (shop, order_id, channel, created_at, sku, quantity, list_price,
seller_discount, paid, refunded, status)`, `created_at` being the order's creation time; times
are compared only with the store's own time parameters (`stamp`), so any ordered time type works.
Two grouped reads a period: lines by (channel, status[, SKU]), and orders (grouped by order,
then by channel and chart slot).

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

# Lines carry their order's creation time (`order_lines.created_at`, migration 5): a period
# is one range read of one table, with no join.
_LINES = " FROM order_lines AS l WHERE l.created_at >= :since AND l.created_at < :until"

BY_STATUS = (
    f"SELECT l.channel, l.status, '', SUM(l.quantity), SUM({OMZET}), SUM({NET}){_LINES}"
    " GROUP BY l.channel, l.status"
)

BY_STATUS_AND_SKU = (
    f"SELECT l.channel, l.status, l.sku, SUM(l.quantity), SUM({OMZET}), SUM({NET}){_LINES}"
    " GROUP BY l.channel, l.status, l.sku"
)


def _slot_of(first: int, stop: int) -> str:
    """The slot in [first, stop) an order's `created` time falls in: a balanced tree of
    comparisons (about log2 of the slots per order, not one per slot)."""
    if stop - first <= 1:
        return str(first)
    middle = (first + stop) // 2
    return (
        f"CASE WHEN created < :slot_{middle} THEN {_slot_of(first, middle)}"
        f" ELSE {_slot_of(middle, stop)} END"
    )


def orders_query(slots: int) -> str:
    """Orders counted once each, per channel and chart slot (slot i starts at `:slot_i`; slot
    0 at `:since`), with the units, omzet and net sales of their sold lines. An order's lines
    share its creation time, so grouping by (created_at, shop, order_id) follows the index
    `order_lines_by_created` instead of sorting every line."""
    which = _slot_of(0, slots)
    return (
        "SELECT channel, slot, COUNT(*), SUM(cancelled), SUM(gone), SUM(sold),"
        " SUM(units), SUM(omzet), SUM(net) FROM ("
        f" SELECT channel, {which} AS slot, cancelled, gone, sold, units, omzet, net FROM ("
        "  SELECT MIN(l.channel) AS channel, l.created_at AS created,"
        "  MIN(CASE WHEN l.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,"
        "  MAX(CASE WHEN l.status IN ('returned', 'lost') THEN 1 ELSE 0 END) AS gone,"
        f"  MAX(CASE WHEN l.status IN {_SOLD} THEN 1 ELSE 0 END) AS sold,"
        f"  SUM(CASE WHEN l.status IN {_SOLD} THEN l.quantity ELSE 0 END) AS units,"
        f"  SUM(CASE WHEN l.status IN {_SOLD} THEN {OMZET} ELSE 0 END) AS omzet,"
        f"  SUM({NET}) AS net{_LINES}"
        "  GROUP BY l.created_at, l.shop, l.order_id) AS per_order"
        ") AS slotted GROUP BY channel, slot"
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

    detail = bool(slots)
    # Plain lists while summing: up to a row per (channel, status, SKU) comes back.
    status_sums: dict[tuple[str, str], list[int]] = {}
    sku_sums: dict[str, list[int]] = {}
    sold_statuses = {status.value for status in money.SOLD}
    for channel, status, sku, units, omzet, net in rows(BY_STATUS_AND_SKU if detail else BY_STATUS):
        key = (channel, status)
        acc = status_sums.get(key)
        if acc is None:
            status_sums[key] = [int(units), int(omzet), int(net)]
        else:
            acc[0] += int(units)
            acc[1] += int(omzet)
            acc[2] += int(net)
        if detail and status in sold_statuses:
            acc = sku_sums.get(sku)
            if acc is None:
                sku_sums[sku] = [int(units), int(omzet), int(net)]
            else:
                acc[0] += int(units)
                acc[1] += int(omzet)
                acc[2] += int(net)
    by_status = {
        (str(channel), OrderStatus(status)): SalesSum(*sums)
        for (channel, status), sums in status_sums.items()
    }
    by_sku = {str(sku): SalesSum(*sums) for sku, sums in sku_sums.items()}
    count = len(slots) if slots else 1
    starts = {f"slot_{i}": stamp(start) for i, start in enumerate(slots or ()) if i}
    orders: dict[str, ChannelOrders] = {}
    by_slot = [SalesSum()] * count
    for channel, slot, n, cancelled, gone, sold, units, omzet, net in rows(
        orders_query(count), starts
    ):
        have = orders.get(str(channel), ChannelOrders())
        orders[str(channel)] = ChannelOrders(
            have.orders + int(n),
            have.cancelled + int(cancelled),
            have.returned + int(gone),
            have.sold + int(sold),
        )
        by_slot[int(slot)] += SalesSum(int(units), int(omzet), int(net))
    if not detail:
        return SalesSummary(by_status, orders)
    return SalesSummary(by_status, orders, by_sku, tuple(by_slot))
