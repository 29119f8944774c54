"""The stock ledger: what is on the shelf, what is promised, what can still be sold. Pure.

A unit is on the shelf until its order ships (docs/sync.md, "How stock is counted"):

- on_hand = last count - units shipped after the count + units returned after it (when
  returns are restocked);
- reserved = units of lines not yet shipped and not cancelled, whenever they were placed;
- available = on_hand - reserved. It may be negative (oversold); the engine clamps it.

The store records, for each order line, its current status and the first time it shipped, was
returned or was cancelled (`advance_line`); `position` needs nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from coopsync.adapters import OrderStatus

# A line in one of these statuses has left the shelf, even if the store never saw it "shipped"
# (an order can jump from unpaid to completed between two pulls).
LEFT_THE_SHELF = frozenset(
    {OrderStatus.SHIPPED, OrderStatus.COMPLETED, OrderStatus.RETURNED, OrderStatus.LOST}
)
NOT_YET_SHIPPED = frozenset({OrderStatus.UNPAID, OrderStatus.TO_SHIP})


# Count and LineFacts are NamedTuples rather than dataclasses: a shop reads thousands of them per
# run, and a tuple is built in half the time.
class Count(NamedTuple):
    """A physical count of one SKU: `quantity` units on the shelf at `at`."""

    quantity: int
    at: datetime


class LineFacts(NamedTuple):
    """What the ledger knows about one order line: its status and when things happened to it."""

    status: OrderStatus
    quantity: int
    shipped_at: datetime | None = None
    returned_at: datetime | None = None
    cancelled_at: datetime | None = None
    hold_until: datetime | None = None  # unpaid: the platform releases the units then


@dataclass(frozen=True, slots=True)
class LedgerInput:
    """Everything the ledger needs for one SKU: its last count and its order lines."""

    count: Count | None
    lines: tuple[LineFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class StockPosition:
    """Units of one SKU: on the shelf, promised to buyers, and still sellable."""

    on_hand: int
    reserved: int
    available: int


def advance_line(
    previous: LineFacts | None,
    status: OrderStatus,
    quantity: int,
    at: datetime,
    shipped_at: datetime | None = None,
    returned_at: datetime | None = None,
) -> LineFacts:
    """The line's facts after an update to `status` seen at `at` (the order's update time).

    `shipped_at` and `returned_at` are the platform's own times for those events when it gives
    them (a return is dated by the return, not by the order); otherwise the first update that
    showed the event dates it. Each event time is kept from the first update that showed it, so
    re-delivered copies of an order change nothing. A line cancelled after it shipped has left
    the shelf for good (the courier lost it, or the platform cancelled it in transit): its units
    come back only when the platform says they are back (status returned).
    """
    shipped = previous.shipped_at if previous else None
    returned = previous.returned_at if previous else None
    cancelled = previous.cancelled_at if previous else None

    if shipped is None and status in LEFT_THE_SHELF:
        shipped = shipped_at or at
    if status is OrderStatus.CANCELLED and shipped is not None:
        status = OrderStatus.LOST
    if status is OrderStatus.RETURNED and returned is None:
        returned = returned_at or at
        if shipped is not None and shipped > returned:
            shipped = returned  # first seen at once: it shipped before it came back
    if status is OrderStatus.CANCELLED and cancelled is None:
        cancelled = at
    return LineFacts(status, quantity, shipped, returned, cancelled)


def position(
    entry: LedgerInput, restock_returns: bool, now: datetime | None = None
) -> StockPosition:
    """The stock position of one SKU at `now` (an unpaid line past its hold holds nothing)."""
    count = entry.count
    counted_at = count.at if count else None
    on_hand = count.quantity if count else 0
    reserved = 0
    for line in entry.lines:
        shipped_at = line.shipped_at
        if shipped_at is None:
            if line.status in NOT_YET_SHIPPED and not _hold_expired(line, now):
                reserved += line.quantity
            continue
        # Strictly after: a shipment stamped at the very moment of the count is taken to be
        # already missing from the shelf the counter saw.
        if counted_at is None or shipped_at > counted_at:
            on_hand -= line.quantity
        returned_at = line.returned_at
        if (
            restock_returns
            and returned_at is not None
            and (counted_at is None or returned_at > counted_at)
        ):
            on_hand += line.quantity
    return StockPosition(on_hand=on_hand, reserved=reserved, available=on_hand - reserved)


def _hold_expired(line: LineFacts, now: datetime | None) -> bool:
    """An unpaid line whose platform has stopped holding its units (and will cancel it)."""
    hold_until = line.hold_until
    return (
        hold_until is not None
        and now is not None
        and line.status is OrderStatus.UNPAID
        and hold_until <= now
    )


def positions(
    inputs: Mapping[str, LedgerInput], restock_returns: bool, now: datetime | None = None
) -> dict[str, StockPosition]:
    """The stock position of every SKU in `inputs` at `now`, keyed by SKU."""
    return {sku: position(entry, restock_returns, now) for sku, entry in inputs.items()}
