"""The stock ledger (coopsync/ledger.py): on_hand, reserved and available from counts and lines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from coopsync.adapters import OrderStatus as S
from coopsync.ledger import (
    Count,
    LedgerInput,
    LineFacts,
    StockPosition,
    advance_line,
    position,
    positions,
)

T0 = datetime(2026, 11, 1, tzinfo=UTC)


def at(hour: int) -> datetime:
    return T0 + timedelta(hours=hour)


def count(quantity: int, hour: int = 0) -> Count:
    return Count(quantity, at(hour))


def line_history(quantity: int, *updates: tuple[S, int]) -> LineFacts:
    """A line as the store would hold it after these (status, hour) updates, in this order."""
    facts: LineFacts | None = None
    for status, hour in updates:
        facts = advance_line(facts, status, quantity, at(hour))
    assert facts is not None
    return facts


def stock(
    last_count: Count | None, *lines: LineFacts, restock_returns: bool = True
) -> StockPosition:
    return position(LedgerInput(last_count, lines), restock_returns)


def test_count_alone_is_all_available() -> None:
    assert stock(count(10)) == StockPosition(on_hand=10, reserved=0, available=10)


def test_sku_never_counted_starts_from_zero() -> None:
    assert stock(None, line_history(2, (S.TO_SHIP, 1))) == StockPosition(0, 2, -2)


@pytest.mark.parametrize("status", [S.UNPAID, S.TO_SHIP])
def test_unshipped_order_reserves_but_stays_on_the_shelf(status: S) -> None:
    assert stock(count(10), line_history(3, (status, 1))) == StockPosition(10, 3, 7)


def test_order_placed_before_the_count_still_reserves() -> None:
    assert stock(count(10, hour=5), line_history(3, (S.TO_SHIP, 1))) == StockPosition(10, 3, 7)


def test_cancelled_order_releases_stock() -> None:
    cancelled = line_history(3, (S.UNPAID, 1), (S.TO_SHIP, 2), (S.CANCELLED, 3))
    assert stock(count(10), cancelled) == StockPosition(10, 0, 10)


def test_shipped_order_leaves_the_shelf() -> None:
    shipped = line_history(3, (S.TO_SHIP, 1), (S.SHIPPED, 2))
    assert stock(count(10), shipped) == StockPosition(7, 0, 7)


def test_completed_order_counts_like_shipped() -> None:
    completed = line_history(3, (S.TO_SHIP, 1), (S.SHIPPED, 2), (S.COMPLETED, 9))
    assert stock(count(10), completed) == StockPosition(7, 0, 7)


def test_order_placed_before_recount_and_shipped_after_counts_once() -> None:
    recount = count(8, hour=5)
    placed = line_history(2, (S.TO_SHIP, 1))
    assert stock(recount, placed).available == 6  # reserved, still on the counted shelf
    shipped = line_history(2, (S.TO_SHIP, 1), (S.SHIPPED, 7))
    assert stock(recount, shipped) == StockPosition(6, 0, 6)  # left the shelf, no longer reserved


def test_order_shipped_before_count_not_counted() -> None:
    shipped_earlier = line_history(2, (S.TO_SHIP, 1), (S.SHIPPED, 2), (S.COMPLETED, 3))
    assert stock(count(8, hour=5), shipped_earlier) == StockPosition(8, 0, 8)


def test_order_shipped_at_the_count_instant_is_already_missing_from_it() -> None:
    assert stock(count(8, hour=5), line_history(2, (S.SHIPPED, 5))).on_hand == 8


def test_order_jumping_from_unpaid_to_completed_still_ships() -> None:
    jumped = line_history(2, (S.UNPAID, 1), (S.COMPLETED, 4))
    assert jumped.shipped_at == at(4)
    assert stock(count(10), jumped) == StockPosition(8, 0, 8)


@pytest.mark.parametrize(
    ("restock_returns", "on_hand"), [(True, 10), (False, 7)], ids=["restocked", "not-restocked"]
)
def test_return_restocks_only_when_enabled(restock_returns: bool, on_hand: int) -> None:
    returned = line_history(3, (S.TO_SHIP, 1), (S.SHIPPED, 2), (S.RETURNED, 6))
    assert stock(count(10), returned, restock_returns=restock_returns).on_hand == on_hand


def test_return_after_count_of_order_shipped_before_it_restocks() -> None:
    returned = line_history(3, (S.SHIPPED, 2), (S.RETURNED, 8))
    assert stock(count(10, hour=5), returned).on_hand == 13


def test_return_before_count_is_in_the_count() -> None:
    returned = line_history(3, (S.SHIPPED, 2), (S.RETURNED, 3))
    assert stock(count(10, hour=5), returned).on_hand == 10


def test_cancelled_after_shipping_is_lost_not_returned() -> None:
    # Issue 26 (4): the units come back only when the platform says the goods are back.
    lost_parcel = line_history(2, (S.TO_SHIP, 1), (S.SHIPPED, 2), (S.CANCELLED, 4))
    assert lost_parcel.status is S.LOST
    assert lost_parcel.returned_at is None
    assert lost_parcel.cancelled_at is None
    assert stock(count(10), lost_parcel, restock_returns=True).on_hand == 8
    assert stock(count(10), lost_parcel, restock_returns=False).on_hand == 8


def test_returned_straight_from_to_ship_left_and_came_back() -> None:
    returned = line_history(2, (S.TO_SHIP, 1), (S.RETURNED, 4))
    assert (returned.shipped_at, returned.returned_at) == (at(4), at(4))
    assert stock(count(10), returned, restock_returns=False).on_hand == 8
    assert stock(count(10), returned, restock_returns=True).on_hand == 10


def test_redelivered_update_keeps_the_first_event_times() -> None:
    once = line_history(1, (S.SHIPPED, 2), (S.COMPLETED, 5))
    again = advance_line(once, S.COMPLETED, 1, at(9))
    assert again == once


def test_oversold_sku_has_negative_available() -> None:
    orders = [line_history(4, (S.TO_SHIP, 1)), line_history(3, (S.UNPAID, 2))]
    assert stock(count(5), *orders) == StockPosition(5, 7, -2)


def test_mixed_history_on_one_sku() -> None:
    lines = [
        line_history(1, (S.SHIPPED, 1), (S.COMPLETED, 2)),  # before the count: ignored
        line_history(2, (S.TO_SHIP, 3), (S.SHIPPED, 6)),  # placed before, shipped after
        line_history(1, (S.UNPAID, 7)),  # reserved
        line_history(5, (S.UNPAID, 7), (S.CANCELLED, 8)),  # released
        line_history(1, (S.SHIPPED, 7), (S.RETURNED, 9)),  # out and back
    ]
    assert stock(count(20, hour=5), *lines) == StockPosition(18, 1, 17)


def test_positions_keys_every_sku() -> None:
    inputs = {
        "BTK-001": LedgerInput(count(4), (line_history(1, (S.TO_SHIP, 1)),)),
        "BTK-002": LedgerInput(None),
    }
    assert positions(inputs, restock_returns=True) == {
        "BTK-001": StockPosition(4, 1, 3),
        "BTK-002": StockPosition(0, 0, 0),
    }


def test_an_unpaid_line_holds_its_units_only_until_its_hold_ends() -> None:
    from datetime import UTC, datetime, timedelta

    from coopsync.adapters import OrderStatus
    from coopsync.ledger import Count, LedgerInput, LineFacts, position

    at = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    pending = LineFacts(OrderStatus.UNPAID, 2, hold_until=at + timedelta(minutes=60))
    paid = LineFacts(OrderStatus.TO_SHIP, 1, hold_until=at + timedelta(minutes=60))
    entry = LedgerInput(Count(10, at), (pending, paid))
    assert position(entry, False, at + timedelta(minutes=59)).available == 7
    assert position(entry, False, at + timedelta(minutes=60)).available == 9
    assert position(entry, False).available == 7, "without a time, every hold counts"
