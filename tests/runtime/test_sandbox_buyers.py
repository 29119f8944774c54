"""Simulated buyers: believable Indonesian shop traffic, deterministic from a seed."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime, timedelta

from coopsync_toyshop import ToyFake

from coopsync.adapters import OrderStatus
from coopsync.sandbox.buyers import (
    WIB,
    BuyerState,
    order_times,
    simulate,
)
from coopsync.sandbox.marketplace import MutableClock

START = datetime(2026, 9, 1, 0, 0, tzinfo=UTC)
PRICES = {"KRP-250": 25_000, "TAS-01": 150_000, "SBN-1": 12_000}


def stocked_fake(stock: int = 10_000, **extra: tuple[int, int]) -> ToyFake:
    fake = ToyFake(MutableClock(START + timedelta(days=120)))
    for sku, price in PRICES.items():
        fake.seed_listing(sku, [(sku, price, stock)])
    for sku, (price, count) in extra.items():
        fake.seed_listing(sku, [(sku, price, count)])
    return fake


def test_evenings_are_busier_than_nights() -> None:
    times = order_times(random.Random(1), START, START + timedelta(days=120), 4.0)
    hours = Counter(t.astimezone(WIB).hour for t in times)
    evening = sum(hours[h] for h in (19, 20, 21))
    night = sum(hours[h] for h in (1, 2, 3))
    assert evening > 5 * night


def test_weekends_are_busier_than_weekdays() -> None:
    times = order_times(random.Random(2), START, START + timedelta(days=365), 3.0)
    days = Counter(t.astimezone(WIB).weekday() for t in times)
    weekend = (days[5] + days[6]) / 2
    midweek = (days[1] + days[2] + days[3]) / 3
    assert weekend > 1.1 * midweek


def test_never_more_than_eight_orders_a_day() -> None:
    times = order_times(random.Random(3), START, START + timedelta(days=200), 6.0)
    per_day = Counter(t.astimezone(WIB).date() for t in times)
    assert max(per_day.values()) <= 8
    assert 2 <= len(times) / 200 <= 8


def test_buyers_only_buy_listed_skus_in_stock() -> None:
    fake = stocked_fake(**{"HABIS": (20_000, 0)})
    prices = {**PRICES, "HABIS": 20_000, "TIDAK-DIJUAL": 5_000}
    simulate(fake, prices, since=START, until=START + timedelta(days=60), rng=random.Random(4))
    bought = {line[0] for order in fake.orders.values() for line in order["lines"]}
    assert bought and bought <= set(PRICES)


def test_buyers_never_take_more_than_the_shelf_shows() -> None:
    fake = stocked_fake(stock=3)
    result = simulate(
        fake, PRICES, since=START, until=START + timedelta(days=60), rng=random.Random(5)
    )
    assert all(fake.sku_view(sku).stock >= 0 for sku in PRICES)  # type: ignore[union-attr]
    assert result.skipped > 0, "buyers found the shelves empty after a while"


def test_orders_move_on_and_a_few_are_cancelled_or_returned() -> None:
    fake = stocked_fake()
    until = START + timedelta(days=120)
    result = simulate(fake, PRICES, since=START, until=until, rng=random.Random(6))
    placed = len(result.placed)
    assert 200 <= placed <= 960
    statuses = Counter(order["status"] for order in fake.orders.values())
    assert statuses["completed"] > 0.8 * placed
    assert 0.02 * placed <= statuses["cancelled"] <= 0.10 * placed
    assert 0 < statuses["returned"] <= 0.05 * placed
    # Orders of the last days are still on their way; all of them finish within five days.
    recent = {oid for oid, o in fake.orders.items() if o["status"] in ("unpaid", "to_ship")}
    for order_id in recent:
        created = datetime.fromisoformat(fake.orders[order_id]["created"])
        assert until - created < timedelta(days=2)
    assert all(p.at - until < timedelta(days=5) for p in result.pending)


def test_the_same_seed_and_times_give_the_same_orders() -> None:
    def run(seed: int) -> dict[str, object]:
        fake = stocked_fake()
        simulate(
            fake, PRICES, since=START, until=START + timedelta(days=30), rng=random.Random(seed)
        )
        return fake.to_state()

    assert run(7) == run(7)
    assert run(7) != run(8)


def test_pending_steps_are_taken_in_the_next_window() -> None:
    fake = stocked_fake()
    middle, end = START + timedelta(days=10), START + timedelta(days=20)
    first = simulate(fake, PRICES, since=START, until=middle, rng=random.Random(9))
    assert first.pending and all(p.at >= middle for p in first.pending)
    waiting = {p.order_id for p in first.pending}
    simulate(fake, PRICES, since=middle, until=end, rng=random.Random(10), pending=first.pending)
    finished = ("completed", "cancelled", "returned")
    assert all(fake.orders[oid]["status"] in finished for oid in waiting)


def test_buyer_state_simulates_a_month_first_then_the_gap() -> None:
    state = BuyerState.new(seed=11)
    fake = stocked_fake()
    now = START + timedelta(days=60)
    history = state.run(fake, PRICES, now)
    assert history is not None and history.since == now - timedelta(days=30)
    assert state.run(fake, PRICES, now) is None, "no time has passed"
    later = state.run(fake, PRICES, now + timedelta(hours=8))
    assert later is not None and later.since == now
    restored = BuyerState.from_json(state.to_json())
    assert restored == state


def test_order_statuses_follow_the_platform_path() -> None:
    fake = stocked_fake()
    seen: dict[str, list[OrderStatus]] = {}
    original = fake.set_order_status

    def record(order_id: str, status: OrderStatus, *, at: datetime | None = None) -> None:
        seen.setdefault(order_id, []).append(status)
        original(order_id, status, at=at)

    fake.set_order_status = record  # type: ignore[method-assign]
    simulate(fake, PRICES, since=START, until=START + timedelta(days=40), rng=random.Random(12))
    allowed = {
        (OrderStatus.TO_SHIP, OrderStatus.SHIPPED, OrderStatus.COMPLETED),
        (OrderStatus.SHIPPED, OrderStatus.COMPLETED),
        (OrderStatus.TO_SHIP, OrderStatus.SHIPPED, OrderStatus.RETURNED),
        (OrderStatus.SHIPPED, OrderStatus.RETURNED),
        (OrderStatus.CANCELLED,),
        (OrderStatus.TO_SHIP, OrderStatus.CANCELLED),
    }
    # Orders placed in the last days are part-way along one of these paths.
    prefixes = {path[:n] for path in allowed for n in range(1, len(path) + 1)}
    assert {tuple(steps) for steps in seen.values()} <= prefixes
