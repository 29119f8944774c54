"""Opening a shop's channels: sandbox fakes on disk, simulated buyers, real channels as written."""

from __future__ import annotations

import json
import os
from datetime import timedelta
from pathlib import Path

import pytest
from coopsync_toyshop import ToyAdapter, ToyFake, ToySettings
from runtime_helpers import MemoryStore, ShopFactory

from coopsync.adapters import DraftVariant, ListingDraft, Order, RemoteListing, StockUpdate
from coopsync.errors import ConfigError
from coopsync.runtime import ChannelSet, open_channels
from coopsync.sandbox.marketplace import MutableClock


async def pull_orders(channels: ChannelSet, name: str, clock: MutableClock) -> list[Order]:
    since = clock() - timedelta(days=40)
    return [o async for o in channels.channels[name].orders(since, clock())]


async def pull_listings(channels: ChannelSet, name: str) -> list[RemoteListing]:
    return [listing async for listing in channels.channels[name].listings()]


def draft(sku: str) -> ListingDraft:
    variant = DraftVariant(sku=sku, price=30_000, stock=1)
    return ListingDraft(sku, "Tas Anyaman Pandan", "", (variant,))


def stock_update(listing: RemoteListing, sku: str, stock: int) -> StockUpdate:
    remote_sku = listing.sku_map()[sku]
    return StockUpdate(sku, listing.remote_id, remote_sku.remote_sku_id, stock)


async def test_sandbox_opens_without_credentials_or_environment(
    make_shop: ShopFactory,
    store: MemoryStore,
    clock: MutableClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in list(os.environ):
        if variable.isupper() and ("KEY" in variable or "TOKEN" in variable):
            monkeypatch.delenv(variable)
    shop = make_shop({"toko": {"platform": "toyshop", "sandbox": True}})
    async with open_channels(shop, store, clock) as channels:
        assert set(channels.channels) == {"toko"}
        listings = await pull_listings(channels, "toko")
        orders = await pull_orders(channels, "toko", clock)
    assert listings, "a new sandbox shop already sells most of the catalog"
    assert orders, "simulated buyers left about a month of orders"
    assert (shop.state_dir / "sandbox" / "toko.json").exists()


async def test_orders_and_listings_persist_across_two_runs(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop()
    async with open_channels(shop, store, clock) as first:
        first_orders = {o.order_id: o for o in await pull_orders(first, "toko", clock)}
        listing = (await pull_listings(first, "toko"))[0]
        sku = listing.skus[0].sku
        await first.channels["toko"].push_stock([stock_update(listing, sku, 3)])
    clock.advance(timedelta(days=2))
    async with open_channels(shop, store, clock) as second:
        fake = second.fakes["toko"]
        assert set(first_orders) <= set(fake.order_ids()), "run 1's orders are gone"
        view = fake.sku_view(sku)
        assert view is not None
        assert view.stock <= 3, "the stock pushed in run 1 was forgotten"
        second_orders = {o.order_id: o for o in await pull_orders(second, "toko", clock)}
    assert set(first_orders) <= set(second_orders)
    assert second.simulations["toko"].since == first.simulations["toko"].until


async def test_first_run_has_a_month_of_history_later_runs_only_the_gap(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop()
    async with open_channels(shop, store, clock) as first:
        pass
    history = first.simulations["toko"]
    assert history.until - history.since == timedelta(days=30)
    assert 20 <= len(history.placed) <= 240
    clock.advance(timedelta(hours=6))
    async with open_channels(shop, store, clock) as second:
        pass
    gap = second.simulations["toko"]
    assert gap.until - gap.since == timedelta(hours=6)
    assert gap.status_changes, "orders from the history moved on since the last run"


async def test_a_long_pause_is_caught_up_only_partly(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop()
    async with open_channels(shop, store, clock):
        pass
    clock.advance(timedelta(days=200))
    async with open_channels(shop, store, clock) as later:
        pass
    assert later.simulations["toko"].until - later.simulations["toko"].since == timedelta(days=30)


async def test_simulation_is_deterministic_for_a_seed(
    make_shop: ShopFactory, tmp_path: Path
) -> None:
    states = []
    for folder in ("a", "b"):
        shop = make_shop(folder=tmp_path / folder)
        clock = MutableClock()
        for _ in range(2):
            async with open_channels(shop, MemoryStore(), clock, sandbox_seed=42):
                pass
            clock.advance(timedelta(hours=20))
        states.append(json.loads((shop.state_dir / "sandbox" / "toko.json").read_text()))
    assert states[0] == states[1]
    other = make_shop(folder=tmp_path / "c")
    async with open_channels(other, MemoryStore(), MutableClock(), sandbox_seed=7) as channels:
        pass
    assert channels.fakes["toko"].to_state()["orders"] != states[0]["orders"]


async def test_an_error_inside_the_run_still_saves_the_fakes(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop()
    with pytest.raises(RuntimeError, match="crash after the push"):
        async with open_channels(shop, store, clock, simulate_buyers=False) as channels:
            listing = await channels.channels["toko"].create_listing(draft("CRASH-1"))
            await channels.channels["toko"].push_stock([stock_update(listing, "CRASH-1", 9)])
            raise RuntimeError("crash after the push")
    async with open_channels(shop, store, clock, simulate_buyers=False) as again:
        view = again.fakes["toko"].sku_view("CRASH-1")
    assert view is not None and view.stock == 9


async def test_simulate_buyers_false_gives_an_empty_marketplace(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    async with open_channels(make_shop(), store, clock, simulate_buyers=False) as channels:
        assert channels.fakes["toko"].order_ids() == []
        assert await pull_listings(channels, "toko") == []
        assert channels.simulations == {}


async def test_buyers_only_buy_what_the_channel_lists(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop()
    async with open_channels(shop, store, clock) as channels:
        listed = {s.sku for listing in await pull_listings(channels, "toko") for s in listing.skus}
        ordered = {
            line.sku for order in await pull_orders(channels, "toko", clock) for line in order.lines
        }
    assert ordered <= listed


async def test_sandbox_keeps_the_users_rules_but_uses_the_fakes_credentials(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop(
        {
            "toko": {
                "platform": "toyshop",
                "sandbox": True,
                "api_key": "the-users-real-key",
                "base_url": "https://real.example",
                "preferred": True,
                "rate_limit": 4,
                "stock": {"buffer": 2, "max": 10},
                "price": {"markup_percent": 5},
            }
        }
    )
    async with open_channels(shop, store, clock, simulate_buyers=False) as channels:
        settings = channels.settings("toko")
        assert channels.is_sandbox("toko")
    fake = channels.fakes["toko"]
    assert isinstance(fake, ToyFake)
    assert isinstance(settings, ToySettings) and settings.api_key is not None
    assert settings.api_key.get_secret_value() == fake.api_key
    assert settings.base_url is None
    assert settings.preferred is True
    assert settings.rate_limit == 4
    assert (settings.stock.buffer, settings.stock.max) == (2, 10)
    assert settings.price.markup_percent == 5


async def test_real_channels_run_with_the_users_settings(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop({"web": {"platform": "toyshop", "api_key": "user-key"}})
    async with open_channels(shop, store, clock) as channels:
        adapter = channels.channels["web"]
        assert isinstance(adapter, ToyAdapter)
        assert adapter.key == "user-key"
        assert adapter.context.base_dir == shop.base_dir
        assert adapter.context.tokens is store
        assert channels.fakes == {}
    assert not (shop.state_dir / "sandbox").exists()


async def test_sandbox_tokens_never_touch_a_real_channels_tokens(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    async with open_channels(make_shop(), store, clock, simulate_buyers=False) as channels:
        adapter = channels.channels["toko"]
        assert isinstance(adapter, ToyAdapter)
        adapter.context.memory.set_value("toko", "token_seed", "x")
    assert store.get_value("toko", "token_seed") is None
    assert any(channel.startswith("sandbox:toko") for channel, _ in store.values)


async def test_only_opens_the_named_channels(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop(
        {
            "a": {"platform": "toyshop", "sandbox": True},
            "b": {"platform": "toyshop", "sandbox": True},
            "off": {"platform": "toyshop", "sandbox": True, "enabled": False},
        }
    )
    async with open_channels(shop, store, clock, simulate_buyers=False) as every:
        assert list(every.channels) == ["a", "b"]
    async with open_channels(shop, store, clock, only=["b"], simulate_buyers=False) as some:
        assert list(some.channels) == ["b"]
    with pytest.raises(ConfigError, match="no channel named shopee"):
        async with open_channels(shop, store, clock, only=["shopee"]):
            pass
    with pytest.raises(ConfigError, match="disabled"):
        async with open_channels(shop, store, clock, only=["off"]):
            pass


async def test_requests_are_counted_per_channel_and_adapters_closed(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    async with open_channels(make_shop(), store, clock) as channels:
        closed_before = ToyAdapter.closed
        assert channels.requests_sent("toko") == 0
        await pull_listings(channels, "toko")
        await pull_orders(channels, "toko", clock)
        stats = channels.http_stats("toko")
        assert stats is not None and stats.requests == 2
        assert channels.requests_sent("toko") == 2
    assert ToyAdapter.closed == closed_before + 1


async def test_a_broken_sandbox_file_is_a_clear_error(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop()
    path = shop.state_dir / "sandbox" / "toko.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(ConfigError) as caught:
        async with open_channels(shop, store, clock):
            pass
    assert "toko.json" in str(caught.value) and "delete it" in str(caught.value)


async def test_platform_settings_the_fake_leaves_alone_are_the_users(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop({"toko": {"platform": "toyshop", "sandbox": True, "packing": "kardus"}})
    async with open_channels(shop, store, clock, simulate_buyers=False) as channels:
        settings = channels.channel_settings["toko"]
    assert isinstance(settings, ToySettings) and settings.packing == "kardus"


async def test_a_manual_channel_writes_its_price_list_in_the_state_folder(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop({"wa": {"platform": "manual", "sandbox": True}})
    async with open_channels(shop, store, clock) as channels:
        assert channels.fakes == {}
        await channels.channels["wa"].create_listing(draft("SBN-1"))
    assert (shop.state_dir / "manual" / "wa" / "daftar-harga.csv").exists()
    assert channels.settings("wa").model_dump()["export_dir"] == str(
        shop.state_dir / "manual" / "wa"
    )


async def test_a_new_sandbox_shop_shows_the_catalog_counts(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop()
    async with open_channels(shop, store, clock) as channels:
        listed = {s.sku: s.stock for x in await pull_listings(channels, "toko") for s in x.skus}
    counts = {variant.sku: variant.stock for _, variant in shop.catalog.variants()}
    assert listed and all(stock == counts[sku] for sku, stock in listed.items())


async def test_a_sandbox_of_another_platform_is_not_loaded(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop()
    async with open_channels(shop, store, clock, simulate_buyers=False):
        pass
    path = shop.state_dir / "sandbox" / "toko.json"
    state = json.loads(path.read_text())
    state["_coopsync_sandbox"]["platform"] = "shopee"
    path.write_text(json.dumps(state))
    with pytest.raises(ConfigError, match="was a shopee shop"):
        async with open_channels(shop, store, clock):
            pass


async def test_saving_leaves_only_the_sandbox_files(
    make_shop: ShopFactory, store: MemoryStore, clock: MutableClock
) -> None:
    shop = make_shop()
    async with open_channels(shop, store, clock) as channels:
        channels.save()
    assert sorted(p.name for p in (shop.state_dir / "sandbox").iterdir()) == ["toko.json"]
