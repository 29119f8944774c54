"""What the sales of a period add up to, as plain values, and the rule that adds them up.

A report over a month of a busy shop must not read 100,000 order lines into Python: the store
sums them (`StateStore.sales_summary`, in SQL: `sales_sql.py`). `summarize` is the same sums
made from the lines themselves with `coopsync.money`, the one meaning of omzet and net sales;
`tests/state/test_sales_summary_property.py` checks that the two agree on generated histories,
and report tests build their states with it.

Lines belong to a period by their order's creation time, [since, until).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from coopsync import money
from coopsync.adapters import OrderStatus
from coopsync.state.records import SaleLine


class SalesSum(NamedTuple):
    """Units, omzet and net sales of some order lines (whole rupiah)."""

    units: int = 0
    omzet: int = 0
    net: int = 0

    def __add__(self, other: object) -> SalesSum:
        if not isinstance(other, SalesSum):
            return NotImplemented
        return SalesSum(self.units + other.units, self.omzet + other.omzet, self.net + other.net)


class ChannelOrders(NamedTuple):
    """Orders of one channel in a period, counted once each."""

    orders: int = 0  # orders placed (with at least one line)
    cancelled: int = 0  # orders whose every line was cancelled
    returned: int = 0  # orders with a returned or lost line
    sold: int = 0  # orders with at least one sold line (paid, not cancelled nor returned)


@dataclass(frozen=True)
class SalesSummary:
    """The sums a report needs for one period.

    `by_status` and `orders` are always filled. `by_sku` and `by_slot` count sold lines only,
    and only when the summary was asked for with slot starts: slot i holds the orders created
    in [slots[i], slots[i+1]) (the last slot runs to the period's end).
    """

    by_status: Mapping[tuple[str, OrderStatus], SalesSum] = field(default_factory=dict)
    orders: Mapping[str, ChannelOrders] = field(default_factory=dict)
    by_sku: Mapping[str, SalesSum] = field(default_factory=dict)
    by_slot: Sequence[SalesSum] = ()

    @property
    def empty(self) -> bool:
        """No order was placed in the period."""
        return not self.orders


def summarize(
    lines: Iterable[SaleLine],
    since: datetime,
    until: datetime,
    slots: Sequence[datetime] | None = None,
) -> SalesSummary:
    """The summary of the lines of orders created in [since, until), line by line."""
    by_status: dict[tuple[str, OrderStatus], SalesSum] = defaultdict(SalesSum)
    flags: dict[tuple[str, str, str], tuple[bool, bool, bool]] = {}
    by_sku: dict[str, SalesSum] = defaultdict(SalesSum)
    by_slot = [SalesSum()] * len(slots or ())
    for line in lines:
        if not since <= line.created_at < until:
            continue
        omzet, net = money.omzet(line), money.net_sales(line)
        by_status[(line.channel, line.status)] += SalesSum(line.quantity, omzet, net)
        key = (line.shop, line.order_id, line.channel)
        cancelled, returned, sold = flags.get(key, (True, False, False))
        is_sold = line.status in money.SOLD
        flags[key] = (
            cancelled and line.status is OrderStatus.CANCELLED,
            returned or line.status in (OrderStatus.RETURNED, OrderStatus.LOST),
            sold or is_sold,
        )
        if is_sold and slots:
            by_sku[line.sku] += SalesSum(line.quantity, omzet, net)
            slot = max(bisect.bisect_right(slots, line.created_at) - 1, 0)
            by_slot[slot] += SalesSum(line.quantity, omzet, net)
    counts: dict[str, ChannelOrders] = defaultdict(ChannelOrders)
    for (_, _, channel), (cancelled, returned, sold) in flags.items():
        row = counts[channel]
        counts[channel] = ChannelOrders(
            row.orders + 1, row.cancelled + cancelled, row.returned + returned, row.sold + sold
        )
    return SalesSummary(dict(by_status), dict(counts), dict(by_sku), tuple(by_slot))
