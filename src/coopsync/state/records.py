"""Plain values the state store hands out: no database types leak past the store."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from coopsync import money
from coopsync.adapters import OrderStatus


class CountSource(enum.StrEnum):
    """Where a physical count came from."""

    CATALOG = "catalog"  # the `stock` value in the catalog changed
    COUNT = "count"  # `coopsync stock count SKU N`
    ADJUST = "adjust"  # `coopsync stock adjust SKU +/-N --reason ...`


@dataclass(frozen=True, slots=True)
class Listing:
    """Where one SKU lives on one channel, and what coopsync last pushed there."""

    channel: str
    sku: str
    remote_id: str
    remote_sku_id: str
    url: str | None
    pushed_stock: int | None
    pushed_price: int | None
    content_hash: str | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class StockCount:
    """A physical count event of one SKU."""

    sku: str
    quantity: int
    at: datetime
    source: CountSource
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What one order import changed. Re-importing the same orders gives all zeros."""

    new_orders: int = 0
    new_lines: int = 0
    status_changes: int = 0  # known lines whose status moved
    stale: int = 0  # copies older than what the store already had, ignored
    removed_lines: int = 0  # lines a newer copy of their order no longer has

    def __add__(self, other: ImportResult) -> ImportResult:
        return ImportResult(
            self.new_orders + other.new_orders,
            self.new_lines + other.new_lines,
            self.status_changes + other.status_changes,
            self.stale + other.stale,
            self.removed_lines + other.removed_lines,
        )


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One coopsync run; `finished_at` is None for a run that is still going or crashed."""

    run_id: int
    command: str
    started_at: datetime
    finished_at: datetime | None
    status: str | None
    summary: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ChannelHealth:
    """The last good and bad news from one channel, from the run journal."""

    channel: str
    last_success_at: datetime | None
    last_failure_at: datetime | None
    last_error: str | None

    @property
    def healthy(self) -> bool:
        """True when the latest journalled result on this channel was a success."""
        if self.last_failure_at is None:
            return True
        return self.last_success_at is not None and self.last_success_at > self.last_failure_at


class SaleLine(NamedTuple):
    """One order line, as the sales report reads it: integer rupiah for the whole line.

    A NamedTuple rather than a dataclass: a report reads 100,000 of them, and a tuple is built
    several times faster.

    `omzet` and `net_sales` are the figures the report shows (docs/orders.md): one meaning on
    every platform, computed by `coopsync.money`.
    """

    channel: str  # the channel's name when the shop's orders were last pulled
    order_id: str
    line_id: str
    sku: str
    quantity: int
    list_price: int  # one unit's price tag before discounts
    status: OrderStatus
    created_at: datetime
    seller_discount: int = 0
    platform_discount: int = 0
    paid: int = 0  # what the buyer paid for the line
    refunded: int = 0
    shop: str = ""  # the platform's shop identity the order is keyed by

    @property
    def buyer_paid(self) -> int:
        return self.paid

    @property
    def gross(self) -> int:
        return self.quantity * self.list_price

    @property
    def omzet(self) -> int:
        """What the shop sold the line for: gross minus the seller's own discounts."""
        return money.omzet(self)

    @property
    def net_sales(self) -> int:
        """The omzet if the line was sold (not cancelled, returned or lost), less refunds."""
        return money.net_sales(self)


@dataclass(frozen=True, slots=True)
class SaleItem:
    """Units of one SKU in a sale recorded by hand or from a chat."""

    sku: str
    quantity: int
    unit_price: int


@dataclass(frozen=True, slots=True)
class HandSale:
    """A sale made off the marketplaces (a bazaar, the corner, a chat order), as recorded.

    Its order lives in the store's orders like any channel's; this is who recorded it, why, and
    whether it was undone (an undone sale keeps its record, so a chat re-import skips it).
    """

    channel: str
    order_id: str
    source: str  # hand | chat
    sold_at: datetime
    items: tuple[SaleItem, ...]
    note: str
    sender: str
    recorded_at: datetime
    undone_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class StockMove:
    """Units placed at (+) or brought back from (-) a manual channel, e.g. a consignment corner."""

    channel: str
    sku: str
    quantity: int
    at: datetime
    note: str = ""
