"""Listing reads between full reads: only what changed on the platform since the last read."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from e2e_shop import PLATFORMS, Shop, product

from coopsync.adapters import AdapterContext, PriceUpdate
from coopsync.engine.actions import WarningKind
from coopsync.errors import ExitCode
from coopsync.platforms import create_adapter
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.testing.harness import Sleeps

ALL_FOUR = {"shopee": {}, "tiktok": {}, "lazada": {}, "woocommerce": {}}
# The calls that read listings one product at a time, per platform.
PER_PRODUCT_READS = {
    "shopee": ("get_item_base_info", "get_model_list"),
    "woocommerce": ("/variations",),
}


def shop_of_three(root: Path) -> Shop:
    variants = [
        {"sku": f"TAS-V-{c}", "price": 30_000, "stock": 4, "options": {"Warna": c}}
        for c in ("Merah", "Biru")
    ]
    base = product("TAS-V")
    del base["sku"], base["price"], base["stock"]
    products = [product("TAS-1"), product("TAS-2", price=40_000), {**base, "variants": variants}]
    return Shop(root, products, channel_rules={k: dict(v) for k, v in ALL_FOUR.items()})


def calls_in_last_run(shop: Shop, name: str) -> list[str]:
    return [r.path for r in shop.fakes[name].requests[shop.marks[name] :]]


async def seller_sets_price(
    shop: Shop, name: str, sku: str, price: int, *, clock_still: bool = False
) -> None:
    """Someone changes a price in the seller centre (another app, the same API); with
    `clock_still`, in the very moment the last sync ended (its waits do not move the clock)."""
    view = shop.fakes[name].sku_view(sku)
    assert view is not None
    adapter = create_adapter(
        AdapterContext(
            channel=name,
            settings=shop.settings(name),
            tokens=shop.store,
            memory=shop.store,
            clock=shop.clock,
            transport=shop.fakes[name],
            sleep=Sleeps() if clock_still else Sleeps(shop.clock),
            base_dir=shop.root,
        )
    )
    try:
        [result] = await adapter.push_prices(
            [PriceUpdate(sku, view.remote_id, view.remote_sku_id, price)]
        )
    finally:
        await adapter.aclose()
    assert result.ok, result.message


async def test_a_quiet_sync_reads_no_listing_one_by_one(tmp_path: Path) -> None:
    shop = shop_of_three(tmp_path)
    assert (await shop.sync()).summary.exit_code is ExitCode.OK
    await shop.sync()  # reads back what the first sync wrote
    shop.clock.advance(timedelta(minutes=10))
    result = await shop.sync()
    assert result.summary.exit_code is ExitCode.OK
    for name in ALL_FOUR:
        calls = calls_in_last_run(shop, name)
        assert len(calls) <= 4, (name, calls)
        for marker in PER_PRODUCT_READS.get(name, ()):
            assert not [c for c in calls if marker in c], (name, calls)
        assert shop.writes_in_last_run(name) == []


@pytest.mark.parametrize("name", sorted(ALL_FOUR))
async def test_a_price_changed_on_the_channel_is_seen_between_full_reads(
    tmp_path: Path, name: str
) -> None:
    shop = shop_of_three(tmp_path)
    await shop.sync()
    await shop.sync()
    shop.clock.advance(timedelta(minutes=10))
    await seller_sets_price(shop, name, "TAS-2", 55_000)
    shop.clock.advance(timedelta(minutes=10))
    result = await shop.sync()
    drift = [w for w in result.plan.channels[name].warnings] if result.plan else []
    assert [w.kind for w in drift] == [WarningKind.PRICE_DRIFT]
    assert shop.shown(name, "TAS-2") == (10, 40_000)


async def test_every_listing_is_read_again_once_a_day_and_on_full(tmp_path: Path) -> None:
    shop = shop_of_three(tmp_path)
    await shop.sync()
    await shop.sync()
    shop.clock.advance(timedelta(minutes=10))
    await shop.run("sync", full=True)
    assert any("get_model_list" in c for c in calls_in_last_run(shop, "shopee"))
    shop.clock.advance(timedelta(minutes=10))
    await shop.sync()
    assert not any("get_model_list" in c for c in calls_in_last_run(shop, "shopee"))
    shop.clock.advance(timedelta(hours=24))
    await shop.sync()
    assert any("get_model_list" in c for c in calls_in_last_run(shop, "shopee"))


@pytest.mark.parametrize("name", sorted(PLATFORMS))
async def test_listings_since_returns_what_changed_after_the_time(
    tmp_path: Path, name: str
) -> None:
    shop = Shop(tmp_path, [], channel_rules={name: {}})
    fake = shop.fakes[name]
    fake.seed_listing("Tas Anyaman Pandan Buatan Tangan Lama", [("OLD-1", 20_000, 5)])
    shop.clock.advance(timedelta(hours=2))
    since = shop.clock()
    shop.clock.advance(timedelta(minutes=5))
    new_id = fake.seed_listing("Tas Anyaman Pandan Buatan Tangan Baru", [("NEW-1", 20_000, 5)])
    adapter = create_adapter(
        AdapterContext(
            channel=name,
            settings=shop.settings(name),
            tokens=shop.store,
            memory=shop.store,
            clock=shop.clock,
            transport=fake,
            sleep=Sleeps(shop.clock),
            base_dir=shop.root,
        )
    )
    try:
        found = [x async for x in adapter.listings_since(since, {})]  # type: ignore[attr-defined]
    finally:
        await adapter.aclose()
    assert [x.remote_id for x in found] == [new_id]
    assert found[0].updated_at is not None and found[0].updated_at >= since


def test_status_shows_how_far_each_channel_s_listing_reads_got(tmp_path: Path) -> None:
    from test_cli_e2e import cli, write_shop

    config = write_shop(tmp_path, {"TAS-1": 10, "TAS-2": 5})
    code, out = cli("-c", str(config), "status")
    assert "Listing reads" not in out
    assert cli("-c", str(config), "sync")[0] == 0
    code, out = cli("-c", str(config), "status")
    assert code == 0 and "Listing reads" in out, out
    reads = out.split("Listing reads", 1)[1]
    for name in ("shopee", "lazada"):
        [row] = [line for line in reads.splitlines() if f" {name} " in line]
        assert row.count(" WIB") == 2, row  # changes read up to, last full read


async def test_the_listing_cursor_moves_past_what_a_read_found_known(tmp_path: Path) -> None:
    shop = shop_of_three(tmp_path)
    await shop.sync()
    await shop.sync()  # meets the first sync's writes, all known: nothing read one by one
    shop.clock.advance(timedelta(minutes=10))
    started = shop.clock() + timedelta(minutes=1)  # sync() moves the clock a minute first
    await shop.sync()
    shop.clock.advance(timedelta(minutes=10))
    await shop.sync()
    [asked] = [
        r
        for r in shop.fakes["shopee"].requests[shop.marks["shopee"] :]
        if "get_item_list" in r.path
    ]
    since = int(asked.params["update_time_from"][0])
    assert since >= int(started.timestamp()) - 60  # not still back at the first sync's writes


@pytest.mark.parametrize("name", sorted(ALL_FOUR))
async def test_a_change_in_the_same_second_as_coopsyncs_write_is_seen(
    tmp_path: Path, name: str
) -> None:
    """Update times cannot tell coopsync's write from a seller's edit in the same second:
    a listing coopsync wrote to is read back when the platform lists it again."""
    shop = shop_of_three(tmp_path)
    await shop.sync()
    await shop.sync()
    shop.clock.advance(timedelta(minutes=10))
    shop.set_stock("TAS-2", 3)
    moments = []

    def written(step: str) -> None:
        if step == f"{name}:stock:TAS-2:journalled":
            moments.append(shop.clock())

    shop.clock.advance(timedelta(minutes=1))
    await shop.run("sync", on_step=written)
    assert shop.shown(name, "TAS-2") == (3, 40_000)
    since = shop.clock() - moments[0]
    shop.clock.advance(-since)  # the seller's edit lands in the moment of coopsync's write
    await seller_sets_price(shop, name, "TAS-2", 55_000, clock_still=True)
    shop.clock.advance(since)
    result = await shop.sync()
    drift = [w for w in result.plan.channels[name].warnings] if result.plan else []
    assert [w.kind for w in drift] == [WarningKind.PRICE_DRIFT]
    assert shop.shown(name, "TAS-2") == (3, 40_000)


async def test_a_sale_is_read_back_where_looking_up_skus_is_cheap_and_written_elsewhere(
    tmp_path: Path,
) -> None:
    """The selling platform lowered its own stock. TikTok's listing is looked up by SKU (a call
    for 10 SKUs) and needs no write for it; Shopee cannot look SKUs up cheaply, so the SKU it
    sold is written there again (the listing's snapshot may be stale), as everywhere else."""
    shop = shop_of_three(tmp_path)
    await shop.sync()
    await shop.sync()
    shop.clock.advance(timedelta(minutes=10))
    await shop.sync()
    shop.fakes["tiktok"].place_order([FakeLine("TAS-1", 1)])
    shop.fakes["shopee"].place_order([FakeLine("TAS-2", 1)])
    shop.clock.advance(timedelta(minutes=10))
    result = await shop.sync()
    assert not result.summary.failures() and result.plan is not None
    assert shop.stock_everywhere("TAS-1") == {name: 9 for name in ALL_FOUR}
    assert shop.stock_everywhere("TAS-2") == {name: 9 for name in ALL_FOUR}
    written = {n: {a.sku for a in c.stock} for n, c in result.plan.channels.items()}
    assert written["tiktok"] == {"TAS-2"}
    assert written["shopee"] == written["lazada"] == written["woocommerce"] == {"TAS-1", "TAS-2"}


async def test_after_a_sale_and_a_write_to_the_same_listing_a_quiet_sync_writes_nothing(
    tmp_path: Path,
) -> None:
    """One variant sold on Lazada (read back: Lazada lowered it), the other sold elsewhere
    (written to Lazada): the listing's snapshot keeps both as the channel has them."""
    shop = shop_of_three(tmp_path)
    await shop.sync()
    await shop.sync()
    shop.clock.advance(timedelta(minutes=10))
    await shop.sync()
    shop.fakes["lazada"].place_order([FakeLine("TAS-V-Merah", 1)])
    shop.fakes["shopee"].place_order([FakeLine("TAS-V-Biru", 1)])
    shop.clock.advance(timedelta(minutes=10))
    await shop.sync()
    assert shop.stock_everywhere("TAS-V-Merah") == {name: 3 for name in ALL_FOUR}
    shop.clock.advance(timedelta(minutes=10))
    result = await shop.sync()
    assert not result.summary.failures()
    for name in ALL_FOUR:
        assert shop.writes_in_last_run(name) == [], name
    assert shop.stock_everywhere("TAS-V-Biru") == {name: 3 for name in ALL_FOUR}


async def test_a_sync_reads_back_what_it_wrote_and_the_next_quiet_sync_reads_none_of_it(
    tmp_path: Path,
) -> None:
    """A writing sync reads its listings back itself, a few seconds after its last write;
    the sync 90 s later (cron) reads no listing one by one and writes nothing."""
    shop = shop_of_three(tmp_path)
    await shop.sync()
    await shop.sync()
    shop.clock.advance(timedelta(minutes=10))
    for sku in ("TAS-1", "TAS-2", "TAS-V-Merah"):
        shop.set_stock(sku, 3)
    await shop.sync()
    assert {shop.shown(name, "TAS-V-Merah") for name in ALL_FOUR} == {(3, 30_000)}
    shop.clock.advance(timedelta(seconds=90))
    result = await shop.run("sync")
    assert result.summary.exit_code is ExitCode.OK
    for name in ALL_FOUR:
        calls = calls_in_last_run(shop, name)
        assert len(calls) <= 4, (name, calls)
        for marker in PER_PRODUCT_READS.get(name, ()):
            assert not [c for c in calls if marker in c], (name, calls)
        assert shop.writes_in_last_run(name) == [], name


@pytest.mark.parametrize("name", sorted(ALL_FOUR))
async def test_a_sellers_edit_in_the_second_of_coopsyncs_write_is_seen_by_the_read_back(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seller's edit lands in the very second of coopsync's writes (the clock has not
    moved since): the read back that follows sees it, and the next sync puts the price back."""
    shop = shop_of_three(tmp_path)
    await shop.sync()
    await shop.sync()
    shop.clock.advance(timedelta(minutes=10))
    for sku in ("TAS-1", "TAS-2"):
        shop.set_stock(sku, 3)
    edits: list[str] = []

    def sleep_of(adapter: object) -> Sleeps:
        async def edit_then_wait(seconds: float) -> None:
            if not edits:
                edits.append(name)
                await seller_sets_price(shop, name, "TAS-2", 55_000, clock_still=True)
            shop.clock.advance(timedelta(seconds=seconds))

        return edit_then_wait  # type: ignore[return-value]

    monkeypatch.setattr("coopsync.engine.listings._sleep_of", sleep_of)
    await shop.sync()
    assert edits == [name]
    assert shop.shown(name, "TAS-2") == (3, 55_000)
    shop.clock.advance(timedelta(seconds=90))
    result = await shop.run("sync")
    drift = [w for w in result.plan.channels[name].warnings] if result.plan else []
    assert [w.kind for w in drift] == [WarningKind.PRICE_DRIFT]
    assert shop.shown(name, "TAS-2") == (3, 40_000)
