"""Property: after every sync, what buyers can buy on each channel is the shop's availability
under that channel's rules — whatever orders, cancellations, expiries and campaign holds came
before. The availability is worked out here from the test's own record of what buyers did (an
oracle independent of the ledger), so a unit counted twice or given back shows up."""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from e2e_shop import Shop, product
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from coopsync.adapters import OrderStatus
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.lazada.fake import LazadaFake

COUNT = 20
CHANNELS = ("lazada", "woocommerce")
HOLD = {"lazada": timedelta(minutes=30), "woocommerce": timedelta(minutes=60)}


@dataclass
class Placed:
    channel: str
    order_id: str
    units: int
    status: OrderStatus
    at_minutes: int  # minutes since the test began


@dataclass
class World:
    """What the buyers did, as the test saw it."""

    minutes: int = 0
    orders: list[Placed] = field(default_factory=list)
    campaign: int = 0

    def holding(self) -> int:
        units = 0
        for order in self.orders:
            if order.status is OrderStatus.CANCELLED:
                continue
            if order.status is OrderStatus.UNPAID:
                hold_minutes = HOLD[order.channel].total_seconds() // 60
                if self.minutes - order.at_minutes >= hold_minutes:
                    continue  # the platform gave up on it
            units += order.units
        return units

    def available(self) -> int:
        return max(0, COUNT - self.holding())


actions = st.lists(
    st.one_of(
        st.tuples(
            st.just("order"),
            st.sampled_from(CHANNELS),
            st.integers(1, 2),
            st.sampled_from([OrderStatus.TO_SHIP, OrderStatus.UNPAID]),
        ),
        st.tuples(st.just("cancel"), st.integers(0, 10)),
        st.tuples(st.just("ship"), st.integers(0, 10)),
        st.tuples(st.just("wait"), st.sampled_from([5, 31, 61])),
        st.tuples(st.just("campaign"), st.integers(0, 25)),
        st.tuples(st.just("sync")),
    ),
    min_size=1,
    max_size=10,
)


async def play(root: Path, steps: list[tuple[object, ...]]) -> None:
    shop = Shop(root, [product("TAS-1", stock=COUNT)], {name: {} for name in CHANNELS})
    world = World()
    await shop.sync()
    shop.clock.advance(timedelta(minutes=1))  # buyers come after the first count
    for step in [*steps, ("sync",)]:
        kind = step[0]
        if kind == "order":
            _, channel, units, status = step
            assert isinstance(channel, str) and isinstance(units, int)
            assert isinstance(status, OrderStatus)
            order_id = shop.fakes[channel].place_order([FakeLine("TAS-1", units)], status=status)
            world.orders.append(Placed(channel, order_id, units, status, world.minutes))
        elif kind in ("cancel", "ship") and world.orders:
            assert isinstance(step[1], int)
            order = world.orders[step[1] % len(world.orders)]
            if order.status is OrderStatus.TO_SHIP:
                new = OrderStatus.CANCELLED if kind == "cancel" else OrderStatus.SHIPPED
                shop.fakes[order.channel].set_order_status(order.order_id, new)
                order.status = new
        elif kind == "wait":
            assert isinstance(step[1], int)
            shop.clock.advance(timedelta(minutes=step[1]))
            world.minutes += step[1]
        elif kind == "campaign":
            lazada = shop.fakes["lazada"]
            assert isinstance(lazada, LazadaFake) and isinstance(step[1], int)
            lazada.lock_for_campaign("TAS-1", step[1])
            world.campaign = step[1]
        elif kind == "sync":
            shop.clock.advance(timedelta(minutes=1))
            world.minutes += 1
            result = await shop.run("sync")
            assert not result.summary.failures(), result.summary.to_dict()
            available = world.available()
            assert shop.available() == {"TAS-1": COUNT - world.holding()}, world
            shown = shop.stock_everywhere("TAS-1")
            assert shown["woocommerce"] == available, (shown, world)
            assert shown["lazada"] == max(available, world.campaign), (shown, world)
            locks = result.summary.channels["lazada"].campaign_locks
            assert locks == ({"TAS-1": world.campaign} if world.campaign > available else {})


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@example(steps=[("campaign", 21), ("sync",), ("sync",)])  # a lock above the target
@example(  # a cancellation puts a unit back on Lazada without stamping the listing
    steps=[
        ("order", "lazada", 1, OrderStatus.TO_SHIP),
        ("sync",),
        ("order", "woocommerce", 1, OrderStatus.TO_SHIP),
        ("cancel", 0),
    ]
)
@example(  # the lock, then a sync that does not read the listing again: the snapshot keeps it
    steps=[("order", "lazada", 1, OrderStatus.TO_SHIP), ("campaign", 20), ("sync",), ("sync",)]
)
@example(
    steps=[
        ("order", "woocommerce", 2, OrderStatus.UNPAID),
        ("order", "lazada", 1, OrderStatus.UNPAID),
        ("sync",),
        ("wait", 61),
        ("campaign", 19),
        ("order", "lazada", 2, OrderStatus.TO_SHIP),
    ]
)
@given(steps=actions)
def test_buyers_can_buy_the_shops_availability_after_every_sync(
    steps: list[tuple[object, ...]],
) -> None:
    with tempfile.TemporaryDirectory() as root:
        asyncio.run(play(Path(root), steps))
