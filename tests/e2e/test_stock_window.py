"""The window between the order pull and the stock push: no push gives a sold unit back."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from e2e_shop import Shop, product

from coopsync.sandbox.marketplace import FakeLine


def buy(shop: Shop, channel: str, units: int) -> None:
    """A buyer orders a few seconds later (the pull already read up to its start)."""
    shop.clock.advance(timedelta(seconds=5))
    shop.fakes[channel].place_order([FakeLine("TAS-1", units)])
    shop.clock.advance(timedelta(seconds=1))


async def test_an_order_placed_after_the_pull_is_not_given_back_by_the_push(
    tmp_path: Path,
) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)])
    await shop.sync()
    shop.fakes["lazada"].place_order([FakeLine("TAS-1", 1)])
    # While coopsync reads Shopee's orders, a buyer there takes 3: Shopee subtracts them at
    # once, and the page coopsync already read does not show the order.
    shop.fakes["shopee"].during_order_pull(lambda: buy(shop, "shopee", 3))
    result = await shop.sync()

    assert shop.available() == {"TAS-1": 6}
    assert shop.stock_everywhere("TAS-1") == {"shopee": 6, "lazada": 6}
    assert result.summary.channels["shopee"].orders_new == 1


async def test_a_run_with_nothing_to_write_pulls_orders_once(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)])
    await shop.sync()
    shop.clock.advance(timedelta(minutes=5))
    await shop.sync()
    for name, fake in shop.fakes.items():
        listed = [r for r in fake.requests[shop.marks[name] :] if "order" in r.path.lower()]
        pulls = [r for r in listed if r.path.endswith(("get_order_list", "/orders/get"))]
        assert len(pulls) == 1, (name, [r.path for r in listed])


async def test_push_pulls_orders_first_so_no_sale_is_given_back(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)], {"shopee": {}, "lazada": {}})
    await shop.sync()
    shop.fakes["shopee"].place_order([FakeLine("TAS-1", 4)])
    shop.set_stock("TAS-1", 12)
    shop.clock.advance(timedelta(minutes=1))
    result = await shop.run("push")
    assert result.summary.channels["shopee"].orders_new == 1
    # The recount (12) was made after the sale: 12 on the shelf, 4 still to ship.
    assert shop.stock_everywhere("TAS-1") == {"shopee": 8, "lazada": 8}


async def test_a_sale_right_after_a_stock_write_is_caught_by_the_pull_after_it(
    tmp_path: Path,
) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)])
    await shop.sync()
    shop.fakes["lazada"].place_order([FakeLine("TAS-1", 1)])
    sold: list[str] = []

    def after_step(step: str) -> None:
        if step == "shopee:stock:TAS-1:journalled" and not sold:
            sold.append(step)
            buy(shop, "shopee", 3)  # Shopee takes its own 3 from the 9 just written

    shop.clock.advance(timedelta(minutes=1))
    result = await shop.run("sync", on_step=after_step)

    assert sold, "the buyer came"
    assert shop.available() == {"TAS-1": 6}
    assert shop.stock_everywhere("TAS-1") == {"shopee": 6, "lazada": 6}
    assert result.summary.channels["shopee"].orders_new == 1
