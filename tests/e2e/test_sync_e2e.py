"""End-to-end: the real adapters against their fakes, a SQLite state, a clock the test moves."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from e2e_shop import PLATFORMS, Shop, http_paths, is_write, product

from coopsync.adapters import OrderStatus
from coopsync.errors import ExitCode
from coopsync.sandbox.marketplace import FakeLine, Fault


async def test_first_sync_lists_every_product_everywhere(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10), product("TAS-2", price=40_000, stock=3)])
    result = await shop.sync()
    assert result.summary.exit_code is ExitCode.OK, result.summary.to_dict()
    assert shop.shown("shopee", "TAS-1") == (10, 25_000)
    assert shop.shown("lazada", "TAS-2") == (3, 40_000)
    assert result.summary.channels["shopee"].created == 2


async def test_a_sale_on_one_channel_lowers_stock_on_the_others(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)])
    await shop.sync()
    shop.fakes["shopee"].place_order([FakeLine("TAS-1", 3)])
    result = await shop.sync()
    assert shop.stock_everywhere("TAS-1") == {"shopee": 7, "lazada": 7}
    assert result.summary.channels["shopee"].orders_new == 1
    assert result.summary.channels["lazada"].stock_set == 1


async def test_a_cancellation_gives_the_units_back(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)])
    await shop.sync()
    order = shop.fakes["lazada"].place_order([FakeLine("TAS-1", 2)])
    await shop.sync()
    assert shop.stock_everywhere("TAS-1") == {"shopee": 8, "lazada": 8}
    shop.fakes["lazada"].set_order_status(order, OrderStatus.CANCELLED)
    await shop.sync()
    assert shop.stock_everywhere("TAS-1") == {"shopee": 10, "lazada": 10}


async def test_order_placed_before_a_recount_and_shipped_after_it_counts_once(
    tmp_path: Path,
) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)])
    await shop.sync()
    order = shop.fakes["shopee"].place_order([FakeLine("TAS-1", 2)])
    await shop.sync()
    # The volunteer counts 9 on the shelf (one was damaged); the sold pair is still there.
    shop.set_stock("TAS-1", 9)
    await shop.sync()
    assert shop.stock_everywhere("TAS-1") == {"shopee": 7, "lazada": 7}
    shop.clock.advance(timedelta(hours=5))
    shop.fakes["shopee"].set_order_status(order, OrderStatus.SHIPPED)
    await shop.sync()
    assert shop.available() == {"TAS-1": 7}
    assert shop.stock_everywhere("TAS-1") == {"shopee": 7, "lazada": 7}


async def test_order_shipped_before_a_recount_is_not_counted(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)])
    await shop.sync()
    order = shop.fakes["shopee"].place_order([FakeLine("TAS-1", 2)])
    shop.clock.advance(timedelta(hours=1))
    shop.fakes["shopee"].set_order_status(order, OrderStatus.SHIPPED)
    await shop.sync()
    shop.set_stock("TAS-1", 8)  # the count agrees: two left the shelf
    await shop.sync()
    assert shop.available() == {"TAS-1": 8}


async def test_orders_over_several_pages_and_windows_are_all_found(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=1_000)], {"shopee": {}})
    await shop.sync()
    for _ in range(120):  # more than one page in the first 15-day window
        shop.clock.advance(timedelta(hours=1))
        shop.fakes["shopee"].place_order([FakeLine("TAS-1", 1)])
    for day in range(30):  # then one a day: three windows in all
        shop.clock.advance(timedelta(hours=28))
        shop.fakes["shopee"].place_order([FakeLine("TAS-1", 1)])
        if day % 10 == 0:
            await shop.run("plan")  # reads only; keeps the 30-day refresh token alive
    result = await shop.sync()
    assert result.summary.channels["shopee"].orders_new == 150
    assert shop.available() == {"TAS-1": 850}
    assert shop.stock_everywhere("TAS-1") == {"shopee": 850}


async def test_first_sync_backfills_thirty_days_of_orders(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=50)], {"shopee": {}})
    shop.fakes["shopee"].seed_listing("Tas Anyaman Pandan Buatan Tangan TAS-1", [("TAS-1", 1, 50)])
    old = shop.fakes["shopee"].place_order([FakeLine("TAS-1", 1)])
    shop.clock.advance(timedelta(days=20))
    await shop.run("plan")  # reads only; keeps the 30-day refresh token alive
    recent = shop.fakes["shopee"].place_order([FakeLine("TAS-1", 2)])
    shop.clock.advance(timedelta(days=15))  # the first order is now 35 days old
    result = await shop.sync()
    assert result.summary.channels["shopee"].orders_new == 1
    assert shop.available() == {"TAS-1": 48}
    assert old != recent


async def test_a_recount_in_the_catalog_wins(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)])
    await shop.sync()
    shop.set_stock("TAS-1", 4)
    result = await shop.sync()
    assert shop.stock_everywhere("TAS-1") == {"shopee": 4, "lazada": 4}
    assert result.summary.counted == ["TAS-1"]


async def test_two_syncs_in_a_row_send_nothing_the_second_time(tmp_path: Path) -> None:
    shop = Shop(
        tmp_path,
        [product("TAS-1", stock=10), product("TAS-2", stock=4), product("TAS-3", price=99_000)],
    )
    # A listing made by hand before coopsync, with other values: adopted, then corrected.
    shop.fakes["shopee"].seed_listing("Tas Anyaman Pandan Buatan Tangan TAS-1", [("TAS-1", 1, 99)])
    shop.fakes["shopee"].place_order([FakeLine("TAS-1", 1)])
    first = await shop.sync()
    assert first.summary.exit_code is ExitCode.OK, first.summary.to_dict()
    assert all(shop.writes_in_last_run(name) for name in shop.fakes)

    second = await shop.sync()
    assert second.summary.exit_code is ExitCode.OK
    for name in shop.fakes:
        assert shop.writes_in_last_run(name) == []
        assert not [p for p in http_paths(shop.last_adapters[name]) if is_write("POST", p)]
        assert second.summary.channels[name].changes == 0
        assert (second.summary.channels[name].requests or 0) > 0  # the pulls still read


async def test_a_dry_run_sends_nothing(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)])
    result = await shop.run("sync", dry_run=True)
    assert result.plan is not None and len(result.plan.channels["shopee"].creates) == 1
    assert all(shop.writes_in_last_run(name) == [] for name in shop.fakes)
    assert shop.shown("shopee", "TAS-1") is None


async def test_zeroing_most_listings_is_refused_without_force(tmp_path: Path) -> None:
    skus = ["TAS-1", "TAS-2", "TAS-3", "TAS-4"]
    shop = Shop(tmp_path, [product(sku, stock=5) for sku in skus])
    await shop.sync()
    for sku in skus:
        shop.set_stock(sku, 0)
    refused = await shop.sync()
    assert refused.summary.exit_code is ExitCode.ITEM_FAILURES
    assert refused.summary.channels["shopee"].refused
    assert shop.stock_everywhere("TAS-1") == {"shopee": 5, "lazada": 5}
    forced = await shop.sync(force=True)
    assert forced.summary.exit_code is ExitCode.OK
    assert shop.stock_everywhere("TAS-1") == {"shopee": 0, "lazada": 0}


async def test_a_channel_that_needs_a_human_stops_alone_with_exit_4(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)])
    await shop.sync()
    shop.fakes["lazada"].expire_access_token()
    shop.fakes["lazada"].revoke_refresh_token()
    shop.set_stock("TAS-1", 6)
    result = await shop.sync()
    assert result.summary.exit_code is ExitCode.NEEDS_HUMAN
    assert result.summary.channels["lazada"].needs_human
    assert shop.stock_everywhere("TAS-1") == {"shopee": 6, "lazada": 10}
    status = {run.status for run in shop.store.last_runs(1)}
    assert status == {"needs_human"}
    assert not shop.store.channel_health()["lazada"].healthy


async def test_pull_imports_orders_and_adopts_listings_but_pushes_nothing(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10), product("TAS-2")], {"shopee": {}})
    shop.fakes["shopee"].seed_listing("Tas Anyaman Pandan Buatan Tangan TAS-1", [("TAS-1", 1, 99)])
    shop.fakes["shopee"].place_order([FakeLine("TAS-1", 4)])
    shop.clock.advance(timedelta(minutes=1))
    result = await shop.run("pull")
    assert shop.writes_in_last_run("shopee") == []
    assert result.summary.channels["shopee"].orders_new == 1
    assert result.summary.channels["shopee"].adopted == 1
    assert set(shop.store.listings_for("shopee")) == {"TAS-1"}
    assert shop.available() == {"TAS-1": 6, "TAS-2": 10}


async def test_a_channel_that_is_down_is_reported_and_caught_up_next_run(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)])
    await shop.sync()
    shop.set_stock("TAS-1", 7)
    shop.fakes["lazada"].inject(Fault.HTTP_500, times=50)
    down = await shop.sync()
    shop.fakes["lazada"].clear_faults()
    assert down.summary.exit_code is ExitCode.ITEM_FAILURES
    (failure,) = down.summary.channels["lazada"].failures
    assert "next sync" in failure.hint or "next run" in failure.hint
    assert shop.stock_everywhere("TAS-1") == {"shopee": 7, "lazada": 10}
    back = await shop.sync()
    assert back.summary.exit_code is ExitCode.OK
    assert shop.stock_everywhere("TAS-1") == {"shopee": 7, "lazada": 7}
    assert shop.store.channel_health()["lazada"].healthy


async def test_a_return_restocks_only_when_the_shop_says_so(tmp_path: Path) -> None:
    # Lazada says when a return is back (item status `returned`); Shopee's TO_RETURN is only
    # the buyer's request (test_stock_orders.py).
    for restock, expected in ((True, 10), (False, 8)):
        shop = Shop(tmp_path / str(restock), [product("TAS-1", stock=10)], restock_returns=restock)
        await shop.sync()
        order = shop.fakes["lazada"].place_order([FakeLine("TAS-1", 2)])
        shop.clock.advance(timedelta(hours=2))
        shop.fakes["lazada"].set_order_status(order, OrderStatus.SHIPPED)
        await shop.sync()
        shop.clock.advance(timedelta(days=3))
        shop.fakes["lazada"].set_order_status(order, OrderStatus.RETURNED)
        await shop.sync()
        assert shop.available() == {"TAS-1": expected}, restock
        assert shop.stock_everywhere("TAS-1")["shopee"] == expected


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
async def test_every_platform_settles_after_one_sync(tmp_path: Path, platform: str) -> None:
    variants = [
        {
            "sku": f"KAOS-{size}",
            "price": 50_000 + 1000 * i,
            "stock": 3 + i,
            "options": {"Ukuran": size},
        }
        for i, size in enumerate(["M", "L", "XL"])
    ]
    shirt = product("KAOS-M") | {"variants": variants}
    for key in ("sku", "price", "stock"):
        shirt.pop(key)
    shop = Shop(tmp_path, [product("TAS-1", stock=10), shirt], {platform: {}})
    first = await shop.sync()
    assert first.summary.exit_code is ExitCode.OK, first.summary.to_dict()
    assert shop.shown(platform, "KAOS-XL") == (5, 52_000)
    shop.fakes[platform].place_order([FakeLine("KAOS-L", 2)])
    shop.set_stock("TAS-1", 8)
    second = await shop.sync()
    assert second.summary.channels[platform].orders_new == 1
    assert shop.shown(platform, "TAS-1") == (8, 25_000)
    assert shop.shown(platform, "KAOS-L") == (2, 51_000)
    await shop.sync()
    assert shop.writes_in_last_run(platform) == []


async def test_stock_goes_out_in_batches_as_large_as_the_platform_allows(tmp_path: Path) -> None:
    skus = [f"TAS-{n:02d}" for n in range(60)]
    shop = Shop(tmp_path, [product(sku, stock=10) for sku in skus], {"lazada": {}})
    await shop.sync()
    for sku in skus:
        shop.set_stock(sku, 9)
    result = await shop.sync()
    assert result.summary.channels["lazada"].stock_set == 60
    # Lazada takes up to 50 SKUs a call (20 recommended): a handful of calls, not sixty.
    assert 0 < len(shop.writes_in_last_run("lazada")) <= 60 // 15


async def test_a_new_description_updates_the_listing_once(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product("TAS-1", stock=10)], {"shopee": {}})
    await shop.sync()
    shop.products[0]["description"] = "Kini dengan tali kulit sapi asli dari Garut."
    changed = await shop.sync()
    assert changed.summary.channels["shopee"].updated == 1
    assert shop.writes_in_last_run("shopee")
    await shop.sync()
    assert shop.writes_in_last_run("shopee") == []
