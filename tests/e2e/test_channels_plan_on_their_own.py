"""Each channel plans and writes once every channel's orders and its own listings are read: a
channel whose listing read is slow holds up no other, and a sale it finds late still reaches
the channels that wrote before it."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import httpx
from e2e_shop import PLATFORMS, Shop, product

from coopsync.sandbox.marketplace import FakeLine


def hold_listing_read(shop: Shop, slow: str, until_written: str) -> list[bool]:
    """`slow`'s listing pages wait (a bounded number of turns of the event loop) until
    `until_written` has had a write this run; returns, per page, whether it had."""
    fake = shop.fakes[slow]
    serve = fake.handle_async_request
    seen: list[bool] = []

    async def held(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("get_item_list"):
            for _ in range(20_000):
                if shop.writes_in_last_run(until_written):
                    break
                await asyncio.sleep(0)
            seen.append(bool(shop.writes_in_last_run(until_written)))
        return await serve(request)

    fake.handle_async_request = held  # type: ignore[method-assign]
    return seen


async def test_a_channel_writes_while_a_slower_channel_still_reads_its_listings(
    tmp_path: Path,
) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10), product("TAS-2", stock=4)])
    seen = hold_listing_read(shop, "shopee", until_written="lazada")

    result = await shop.sync()

    assert seen and all(seen)  # Lazada's listings were created before Shopee's were read
    assert result.summary.exit_code == 0
    assert shop.stock_everywhere("TAS-1") == {"shopee": 10, "lazada": 10}
    assert shop.stock_everywhere("TAS-2") == {"shopee": 4, "lazada": 4}
    assert shop.listing_count("shopee") == shop.listing_count("lazada") == 2


async def test_a_sale_a_slower_channel_finds_late_reaches_a_channel_that_wrote_already(
    tmp_path: Path,
) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10), product("TAS-2", stock=10)])
    await shop.sync()
    shop.fakes["shopee"].place_order([FakeLine("TAS-1", 1)])  # Lazada has a write to do

    def buy() -> None:
        # While coopsync reads Shopee's orders, a buyer there takes 3 of TAS-2: Shopee lowers
        # its stock at once; the page coopsync read does not show the order.
        shop.clock.advance(timedelta(seconds=5))
        shop.fakes["shopee"].place_order([FakeLine("TAS-2", 3)])
        shop.clock.advance(timedelta(seconds=1))

    shop.fakes["shopee"].during_order_pull(buy)
    seen = hold_listing_read(shop, "shopee", until_written="lazada")

    result = await shop.sync()

    # Lazada planned and wrote before Shopee's listings showed the drop that made coopsync
    # read Shopee's orders again; the sale found then still reaches Lazada in this run.
    assert seen and all(seen)
    assert result.summary.channels["shopee"].orders_new == 2
    assert shop.available() == {"TAS-1": 9, "TAS-2": 7}
    assert shop.stock_everywhere("TAS-1") == {"shopee": 9, "lazada": 9}
    assert shop.stock_everywhere("TAS-2") == {"shopee": 7, "lazada": 7}


async def test_a_sale_found_late_reaches_the_listings_a_new_channel_created_before_it(
    tmp_path: Path,
) -> None:
    """The shop opens Lazada: its listings are created while Shopee's listings are still being
    read, and those show a sale Shopee's first order pull missed. The stock Lazada was created
    with is corrected in the same run: no unit sold on Shopee stays for sale on Lazada."""
    shop = Shop(
        tmp_path,
        [product("TAS-1", stock=10), product("TAS-2", stock=10)],
        channel_rules={"shopee": {}},
    )
    await shop.sync()
    shop.channel_rules["lazada"] = {}
    shop.fakes["lazada"] = PLATFORMS["lazada"][0](shop.clock)
    shop.marks["lazada"] = 0

    def buy() -> None:
        shop.clock.advance(timedelta(seconds=5))
        shop.fakes["shopee"].place_order([FakeLine("TAS-2", 3)])
        shop.clock.advance(timedelta(seconds=1))

    shop.fakes["shopee"].during_order_pull(buy)
    seen = hold_listing_read(shop, "shopee", until_written="lazada")

    result = await shop.sync()

    assert seen and all(seen)  # Lazada created its listings before Shopee's were read
    assert result.summary.channels["shopee"].orders_new == 1
    assert shop.available() == {"TAS-1": 10, "TAS-2": 7}
    assert shop.stock_everywhere("TAS-1") == {"shopee": 10, "lazada": 10}
    assert shop.stock_everywhere("TAS-2") == {"shopee": 7, "lazada": 7}
