"""Orders the platforms themselves release or take back: unpaid holds, refunds, returns."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from e2e_shop import Shop, product

from coopsync.adapters import OrderStatus
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.woocommerce.fake import WooCommerceFake


def woo(shop: Shop) -> WooCommerceFake:
    fake = shop.fakes["woocommerce"]
    assert isinstance(fake, WooCommerceFake)
    return fake


async def test_a_pending_web_order_holds_stock_only_for_the_shops_hold_minutes(
    tmp_path: Path,
) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)], {"woocommerce": {}, "shopee": {}})
    await shop.sync()
    woo(shop).place_order([FakeLine("TAS-1", 2)], status=OrderStatus.UNPAID)
    await shop.sync()
    assert shop.stock_everywhere("TAS-1") == {"woocommerce": 8, "shopee": 8}

    shop.clock.advance(timedelta(minutes=61))  # WP-Cron has not run: the order stays pending
    await shop.sync()

    assert shop.available() == {"TAS-1": 10}
    assert shop.stock_everywhere("TAS-1") == {"woocommerce": 10, "shopee": 10}


async def test_a_refund_before_shipping_puts_nothing_off_the_shelf(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)], {"woocommerce": {}, "shopee": {}})
    await shop.sync()
    order = woo(shop).place_order([FakeLine("TAS-1", 2)], status=OrderStatus.TO_SHIP)
    await shop.sync()
    assert shop.stock_everywhere("TAS-1") == {"woocommerce": 8, "shopee": 8}

    woo(shop).refund_before_shipping(order)
    await shop.sync()

    assert shop.available() == {"TAS-1": 10}  # restock_returns is false: still all 10
    assert shop.stock_everywhere("TAS-1") == {"woocommerce": 10, "shopee": 10}


async def test_a_return_asked_on_shopee_restocks_nothing_yet(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)], {"shopee": {}, "lazada": {}})
    shop.restock_returns = True
    await shop.sync()
    shop.clock.advance(timedelta(minutes=1))
    order = shop.fakes["shopee"].place_order([FakeLine("TAS-1", 2)])
    shop.fakes["shopee"].set_order_status(order, OrderStatus.SHIPPED)
    await shop.sync()
    assert shop.available() == {"TAS-1": 8}

    shop.fakes["shopee"].set_order_status(order, OrderStatus.RETURNED)  # TO_RETURN: asked
    await shop.sync()

    assert shop.available() == {"TAS-1": 8}, "the parcel is not back yet"
    assert shop.stock_everywhere("TAS-1")["lazada"] == 8
