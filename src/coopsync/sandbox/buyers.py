"""Simulated buyers for sandbox channels: believable Indonesian shop traffic on a fake marketplace.

Between two runs, buyers place orders on a fake (more in the evening WIB, on weekends, on payday
and on twin dates such as 11.11), pay them (or pay cash on delivery), and the orders move on:
to_ship -> shipped -> completed within about five days; a few are cancelled or returned.

Each order's whole life is decided when it is placed; the steps still in the future are returned
as `pending` and applied by a later call, so a run sees orders at every stage. All randomness
comes from the `rng` argument: the same seed and the same run times give the same orders.
"""

from __future__ import annotations

import heapq
import logging
import math
import random
import zlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Protocol

from coopsync.adapters import OrderStatus
from coopsync.sandbox.marketplace import FakeLine

log = logging.getLogger("coopsync.sandbox")

WIB = timezone(timedelta(hours=7), "WIB")

HISTORY = timedelta(days=30)  # what a brand-new sandbox shop has behind it
MAX_CATCH_UP = timedelta(days=30)  # a sandbox left alone for months does not replay all of it
MAX_ORDERS_PER_DAY = 8

# Relative order volume per hour of the day in WIB: quiet nights, a lunch bump, an evening peak
# after work and maghrib, highest around 20:00.
HOURLY_WEIGHT_WIB = (
    0.30, 0.15, 0.10, 0.10, 0.20, 0.40,
    0.80, 1.20, 1.50, 1.80, 1.90, 2.00,
    2.60, 2.30, 1.70, 1.60, 1.70, 1.90,
    2.40, 3.20, 3.60, 3.40, 2.40, 1.20,
)  # fmt: skip
_MEAN_HOURLY_WEIGHT = sum(HOURLY_WEIGHT_WIB) / 24

COD_SHARE = 0.35  # cash on delivery: the order is to_ship at once, nobody "pays" online
UNPAID_CANCEL_SHARE = 0.05  # online orders never paid: the platform cancels them
PAID_CANCEL_SHARE = 0.02  # buyer or seller cancels before shipping
RETURN_SHARE = 0.02  # shipped, then sent back


class BuyerMarket(Protocol):
    """The part of a fake marketplace simulated buyers use (FakeMarketplace's control API)."""

    def sku_view(self, sku: str) -> Any: ...

    def place_order(
        self, lines: Sequence[Any], *, at: datetime | None = None, status: OrderStatus = ...
    ) -> str: ...

    def set_order_status(
        self, order_id: str, status: OrderStatus, *, at: datetime | None = None
    ) -> None: ...


@dataclass(frozen=True, order=True)
class PendingStatus:
    """A step of an order's life that has not happened yet."""

    at: datetime
    order_id: str
    status: OrderStatus
    skus: tuple[str, ...] = ()  # what the order holds: a cancellation puts these back

    def to_json(self) -> list[Any]:
        return [self.at.isoformat(), self.order_id, self.status.value, list(self.skus)]

    @classmethod
    def from_json(cls, raw: Sequence[Any]) -> PendingStatus:
        at, order_id, status, *rest = raw
        skus = tuple(str(s) for s in rest[0]) if rest else ()
        return cls(datetime.fromisoformat(at), order_id, OrderStatus(status), skus)


@dataclass
class SimulationResult:
    """What the buyers did between `since` and `until`."""

    since: datetime
    until: datetime
    placed: list[str] = field(default_factory=list)  # order ids, in order of placement
    status_changes: Counter[OrderStatus] = field(default_factory=Counter)
    pending: list[PendingStatus] = field(default_factory=list)
    skipped: int = 0  # orders a buyer wanted but nothing was in stock

    @property
    def summary(self) -> str:
        changes = ", ".join(f"{n} {s.value}" for s, n in sorted(self.status_changes.items()))
        return f"{len(self.placed)} orders placed" + (f"; {changes}" if changes else "")


def day_factor(day: datetime) -> float:
    """How busy a WIB calendar day is compared with an ordinary weekday."""
    factor = 1.0
    if day.weekday() >= 5:
        factor *= 1.35  # weekend
    if day.day >= 25 or day.day <= 2:
        factor *= 1.25  # tanggal gajian: payday at the end of the month
    if day.day == day.month:
        factor *= 2.5  # 9.9, 10.10, 11.11, 12.12 flash sales
    return factor


def hourly_rate(at: datetime, orders_per_day: float) -> float:
    """Expected orders per hour at `at`."""
    local = at.astimezone(WIB)
    weight = HOURLY_WEIGHT_WIB[local.hour] / _MEAN_HOURLY_WEIGHT
    return orders_per_day / 24 * weight * day_factor(local)


def sku_popularity(sku: str) -> float:
    """A stable appetite for a SKU (some products simply sell better), from its name alone."""
    u = (zlib.crc32(sku.encode()) % 10_000) / 10_000
    return 0.15 + 0.85 * u * u


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _choose(rng: random.Random, options: Sequence[tuple[float, int]]) -> int:
    """A value from (weight, value) pairs."""
    total = sum(weight for weight, _ in options)
    pick = rng.random() * total
    for weight, value in options:
        pick -= weight
        if pick <= 0:
            return value
    return options[-1][1]


_LINES = ((0.80, 1), (0.15, 2), (0.05, 3))
_QUANTITY = ((0.75, 1), (0.17, 2), (0.06, 3), (0.02, 5))


def order_times(
    rng: random.Random, since: datetime, until: datetime, orders_per_day: float
) -> list[datetime]:
    """When buyers order between `since` and `until`, hour by hour, at most a few a day."""
    times: list[datetime] = []
    per_day: Counter[Any] = Counter()
    start = since
    while start < until:
        hour_end = start.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        end = min(hour_end, until)
        span = (end - start).total_seconds()
        count = _poisson(rng, hourly_rate(start, orders_per_day) * span / 3600)
        for offset in sorted(rng.random() * span for _ in range(count)):
            at = start + timedelta(seconds=offset)
            day = at.astimezone(WIB).date()
            if per_day[day] < MAX_ORDERS_PER_DAY:
                per_day[day] += 1
                times.append(at)
        start = end
    return times


def life_of_order(rng: random.Random, placed: datetime) -> tuple[OrderStatus, list[PendingStatus]]:
    """The status an order is placed with and the steps it will take later (no order id yet)."""
    steps: list[tuple[datetime, OrderStatus]] = []
    if rng.random() < COD_SHARE:
        first, paid = OrderStatus.TO_SHIP, placed
    else:
        first = OrderStatus.UNPAID
        if rng.random() < UNPAID_CANCEL_SHARE:
            cancel_at = placed + timedelta(hours=rng.uniform(1, 24))
            return first, [PendingStatus(cancel_at, "", OrderStatus.CANCELLED)]
        paid = placed + timedelta(minutes=rng.uniform(2, 90))
        steps.append((paid, OrderStatus.TO_SHIP))
    if rng.random() < PAID_CANCEL_SHARE:
        steps.append((paid + timedelta(hours=rng.uniform(1, 12)), OrderStatus.CANCELLED))
    else:
        shipped = paid + timedelta(hours=rng.uniform(3, 44))
        steps.append((shipped, OrderStatus.SHIPPED))
        if rng.random() < RETURN_SHARE:
            steps.append((shipped + timedelta(days=rng.uniform(2, 4)), OrderStatus.RETURNED))
        else:
            steps.append((shipped + timedelta(days=rng.uniform(1, 3)), OrderStatus.COMPLETED))
    return first, [PendingStatus(at, "", status) for at, status in steps]


def _in_stock(market: BuyerMarket, skus: Iterable[str]) -> dict[str, int]:
    """SKUs buyers can see and buy right now, with the stock the channel shows."""
    out: dict[str, int] = {}
    for sku in skus:
        view = market.sku_view(sku)
        if view is None or not getattr(view, "active", True):
            continue
        stock = int(getattr(view, "stock", 0))
        if stock > 0:
            out[sku] = stock
    return out


def appetite(prices: Mapping[str, int]) -> dict[str, float]:
    """How much buyers want each SKU: popular ones and cheaper ones more, in catalog order."""
    known = [p for p in prices.values() if p > 0]
    typical = sorted(known)[len(known) // 2] if known else 1
    return {
        sku: sku_popularity(sku) * min(3.0, math.sqrt(typical / max(1, price or typical)))
        for sku, price in prices.items()
    }


def _basket(
    rng: random.Random, shelf: Mapping[str, int], wants: Mapping[str, float]
) -> list[tuple[str, int]]:
    """What one buyer puts in the cart: mostly one SKU, some two or three."""
    candidates = [sku for sku in wants if sku in shelf]
    weights = [wants[sku] for sku in candidates]
    wanted = min(len(candidates), _choose(rng, _LINES))
    basket: list[tuple[str, int]] = []
    while len(basket) < wanted:
        index = _choose(rng, [(w, i) for i, w in enumerate(weights) if w > 0])
        weights[index] = 0.0
        sku = candidates[index]
        basket.append((sku, min(shelf[sku], _choose(rng, _QUANTITY))))
    return basket


def simulate(
    fake: BuyerMarket,
    skus_with_prices: Mapping[str, int],
    *,
    since: datetime,
    until: datetime,
    rng: random.Random,
    pending: Iterable[PendingStatus] = (),
    orders_per_day: float = 3.0,
    not_before: datetime | None = None,
) -> SimulationResult:
    """Buyers shop on `fake` between `since` and `until`; earlier orders take their next steps.

    Only SKUs the channel lists with stock above zero are bought. Steps due after `until` come
    back in `result.pending` for the next call. Nothing is dated before `not_before` (the
    last time the channel's orders were read): a marketplace never backdates an order past a
    read, or the next pull, which starts there, would never see it.
    """

    def dated(at: datetime) -> datetime:
        return max(at, not_before) if not_before is not None else at

    result = SimulationResult(since=since, until=until)
    # One time line: placements and status steps in the order they happen, so that a cancelled
    # order's units are back on the shelf before the next buyer looks.
    # A placement is an event without an order id yet.
    timeline: list[PendingStatus] = list(pending)
    timeline += [
        PendingStatus(at, "", OrderStatus.UNPAID)
        for at in order_times(rng, since, until, orders_per_day)
    ]
    heapq.heapify(timeline)
    # What buyers see on the shelf, refreshed only for the SKUs an event touches: reading every
    # SKU before every order would be slow on a catalog of a thousand.
    shelf = _in_stock(fake, skus_with_prices)
    wants = appetite(skus_with_prices)

    def look_again(skus: Iterable[str]) -> None:
        touched = list(skus)
        for sku in touched:
            shelf.pop(sku, None)
        shelf.update(_in_stock(fake, touched))

    while timeline:
        event = heapq.heappop(timeline)
        if event.at >= until:
            result.pending.append(event)
            continue
        if event.order_id:
            try:
                fake.set_order_status(event.order_id, event.status, at=dated(event.at))
            except (LookupError, ValueError) as exc:
                log.debug(
                    "sandbox: order %s cannot become %s: %s", event.order_id, event.status, exc
                )
                continue
            result.status_changes[event.status] += 1
            if event.status in (OrderStatus.CANCELLED, OrderStatus.RETURNED):
                look_again(event.skus or skus_with_prices)
            continue
        basket = _basket(rng, shelf, wants)
        if not basket:
            result.skipped += 1
            continue
        first, steps = life_of_order(rng, event.at)
        lines = [FakeLine(sku, quantity) for sku, quantity in basket]
        try:
            order_id = fake.place_order(lines, at=dated(event.at), status=first)
        except (LookupError, ValueError) as exc:
            log.debug("sandbox: order at %s refused: %s", event.at, exc)
            result.skipped += 1
            continue
        finally:
            look_again(sku for sku, _ in basket)
        result.placed.append(order_id)
        skus = tuple(sku for sku, _ in basket)
        for step in steps:
            heapq.heappush(timeline, PendingStatus(step.at, order_id, step.status, skus))
    result.pending.sort()
    return result


@dataclass
class BuyerState:
    """What the simulation remembers about one sandbox channel between runs."""

    seed: int
    orders_per_day: float
    simulated_until: datetime | None = None
    pending: list[PendingStatus] = field(default_factory=list)

    @classmethod
    def new(cls, seed: int) -> BuyerState:
        """A channel's buyers: how busy the shop is on this channel comes from the seed."""
        return cls(seed=seed, orders_per_day=round(random.Random(seed).uniform(1.5, 4.0), 2))

    def to_json(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "orders_per_day": self.orders_per_day,
            "simulated_until": self.simulated_until.isoformat() if self.simulated_until else None,
            "pending": [p.to_json() for p in self.pending],
        }

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> BuyerState:
        until = raw.get("simulated_until")
        return cls(
            seed=int(raw["seed"]),
            orders_per_day=float(raw.get("orders_per_day", 3.0)),
            simulated_until=datetime.fromisoformat(until) if until else None,
            pending=[PendingStatus.from_json(p) for p in raw.get("pending", [])],
        )

    def window(self, now: datetime) -> tuple[datetime, datetime] | None:
        """The time to simulate now: 30 days of history at first, then since the last run."""
        now = now.astimezone(UTC)
        if self.simulated_until is None:
            return now - HISTORY, now
        if now <= self.simulated_until:
            return None
        return max(self.simulated_until, now - MAX_CATCH_UP), now

    def run(
        self, fake: BuyerMarket, skus_with_prices: Mapping[str, int], now: datetime
    ) -> SimulationResult | None:
        """Simulate the time since the last run and remember where it stopped."""
        window = self.window(now)
        if window is None:
            return None
        since, until = window
        # A fresh generator per window: the same seed and run times give the same orders.
        rng = random.Random(f"{self.seed}:{since.isoformat()}:{until.isoformat()}")
        result = simulate(
            fake,
            skus_with_prices,
            since=since,
            until=until,
            rng=rng,
            pending=self.pending,
            orders_per_day=self.orders_per_day,
            not_before=getattr(fake, "orders_read_until", None),
        )
        self.pending = result.pending
        self.simulated_until = until
        return result
