"""The stock scenarios of issue 18 on every platform, end to end on the fakes: in each, what
buyers can buy on every channel equals the shop's availability, and no unit is sold twice."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from e2e_shop import Shop, product

from coopsync.adapters import OrderStatus
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.shopee.fake import ShopeeFake
from coopsync_adapters.tiktok.fake import TikTokFake
from coopsync_adapters.woocommerce.fake import WooCommerceFake

PLATFORMS = ["shopee", "tiktok", "lazada", "woocommerce"]


def shop_with(tmp_path: Path, platform: str, **rules: object) -> Shop:
    """The platform under test and one other channel, both listing TAS-1 (10 units)."""
    other = "lazada" if platform != "lazada" else "shopee"
    return Shop(tmp_path, [product("TAS-1", stock=10)], {platform: dict(rules), other: {}})


def everywhere_is_available(shop: Shop) -> None:
    available = shop.available()["TAS-1"]
    assert shop.stock_everywhere("TAS-1") == {name: available for name in shop.fakes}


def buy(shop: Shop, channel: str, units: int, status: OrderStatus = OrderStatus.TO_SHIP) -> str:
    shop.clock.advance(timedelta(seconds=5))
    order = shop.fakes[channel].place_order([FakeLine("TAS-1", units)], status=status)
    shop.clock.advance(timedelta(seconds=1))
    return order


@pytest.mark.parametrize("platform", PLATFORMS)
async def test_an_order_placed_between_the_pull_and_the_push(tmp_path: Path, platform: str) -> None:
    shop = shop_with(tmp_path, platform)
    await shop.sync()
    other = next(name for name in shop.fakes if name != platform)
    buy(shop, other, 1)
    shop.fakes[platform].during_order_pull(lambda: buy(shop, platform, 3))
    await shop.sync()
    assert shop.available() == {"TAS-1": 6}
    everywhere_is_available(shop)


@pytest.mark.parametrize(
    ("platform", "released"),
    # Lazada gives an unpaid order's units back after 30 minutes, WooCommerce after the shop's
    # hold-stock minutes; Shopee and TikTok say nothing: the units stay held (the safe choice).
    [("lazada", True), ("woocommerce", True), ("shopee", False), ("tiktok", False)],
)
async def test_an_unpaid_order_that_expires(tmp_path: Path, platform: str, released: bool) -> None:
    shop = shop_with(tmp_path, platform)
    await shop.sync()
    buy(shop, platform, 2, OrderStatus.UNPAID)
    await shop.sync()
    assert shop.available() == {"TAS-1": 8}
    everywhere_is_available(shop)
    shop.clock.advance(timedelta(minutes=61))
    await shop.sync()
    assert shop.available() == {"TAS-1": 10 if released else 8}
    other = next(name for name in shop.fakes if name != platform)
    assert shop.stock_everywhere("TAS-1")[other] == (10 if released else 8)


@pytest.mark.parametrize("platform", PLATFORMS)
async def test_a_refund_before_shipping(tmp_path: Path, platform: str) -> None:
    shop = shop_with(tmp_path, platform)
    await shop.sync()
    order = buy(shop, platform, 2)
    await shop.sync()
    assert shop.available() == {"TAS-1": 8}
    fake = shop.fakes[platform]
    if isinstance(fake, WooCommerceFake):
        fake.refund_before_shipping(order)
    else:  # a marketplace refunds an unshipped order by cancelling it
        fake.set_order_status(order, OrderStatus.CANCELLED)
    await shop.sync()
    assert shop.available() == {"TAS-1": 10}
    everywhere_is_available(shop)


@pytest.mark.parametrize(("platform", "back_when_done"), [("lazada", True), ("shopee", False)])
async def test_a_return_requested_then_completed(
    tmp_path: Path, platform: str, back_when_done: bool
) -> None:
    shop = shop_with(tmp_path, platform)
    shop.restock_returns = True
    await shop.sync()
    order = buy(shop, platform, 2)
    shop.fakes[platform].set_order_status(order, OrderStatus.SHIPPED)
    await shop.sync()
    assert shop.available() == {"TAS-1": 8}
    # Shopee's TO_RETURN is the buyer's request; Lazada's `returned` is the parcel back.
    shop.clock.advance(timedelta(hours=1))
    shop.fakes[platform].set_order_status(order, OrderStatus.RETURNED)
    await shop.sync()
    assert shop.available() == {"TAS-1": 10 if back_when_done else 8}
    other = next(name for name in shop.fakes if name != platform)
    assert shop.stock_everywhere("TAS-1")[other] == (10 if back_when_done else 8)


@pytest.mark.parametrize("platform", ["shopee", "lazada"])
async def test_a_campaign_reserve_above_the_target(tmp_path: Path, platform: str) -> None:
    shop = shop_with(tmp_path, platform)
    await shop.sync()
    shop.clock.advance(timedelta(minutes=5))  # the promotion starts after that sync
    fake = shop.fakes[platform]
    if isinstance(fake, ShopeeFake):
        fake.reserve_for_promotion("TAS-1", 8)
    else:
        assert isinstance(fake, LazadaFake)
        fake.lock_for_campaign("TAS-1", 8)
    shop.set_stock("TAS-1", 5)
    result = await shop.sync()
    assert result.summary.failures() == []
    other = next(name for name in shop.fakes if name != platform)
    assert shop.stock_everywhere("TAS-1") == {platform: 8, other: 5}
    assert result.summary.channels[platform].campaign_locks == {"TAS-1": 8}


@pytest.mark.parametrize(
    ("platform", "setting", "second"),
    [
        ("shopee", {"location_id": "IDZ"}, "GUDANG-2"),
        ("tiktok", {}, "7300000000000000002"),  # the fake's settings name its warehouse
        ("lazada", {}, "gudang-2"),  # no setting: the dropshipping warehouse
    ],
)
async def test_a_second_warehouse(
    tmp_path: Path, platform: str, setting: dict[str, str], second: str
) -> None:
    shop = shop_with(tmp_path, platform, **setting)
    await shop.sync()
    shop.clock.advance(timedelta(minutes=5))  # the second warehouse is stocked after that sync
    fake = shop.fakes[platform]
    if isinstance(fake, ShopeeFake):
        fake.add_location("TAS-1", second, 30)
    else:
        assert isinstance(fake, LazadaFake | TikTokFake)
        fake.add_warehouse("TAS-1", second, 30)
    shop.set_stock("TAS-1", 6)
    result = await shop.sync()
    assert result.summary.failures() == []
    other = next(name for name in shop.fakes if name != platform)
    assert shop.stock_everywhere("TAS-1") == {platform: 6 + 30, other: 6}, "30 elsewhere"
    assert any(f"{second} holds 30 more units" in w for w in result.summary.warnings)
    again = await shop.sync()
    assert shop.writes_in_last_run(platform) == [] and again.summary.failures() == []
