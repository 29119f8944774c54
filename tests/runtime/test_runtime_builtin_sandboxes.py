"""Every built-in platform with a fake runs in the sandbox: no account, no environment, two runs."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from runtime_helpers import ShopFactory

from coopsync.adapters import Capability
from coopsync.platforms import descriptor_for
from coopsync.runtime import open_channels
from coopsync.sandbox.marketplace import MutableClock
from coopsync.state.sqlite import SqliteStore

PLATFORMS = ["shopee", "tiktok", "lazada", "woocommerce"]


@pytest.mark.parametrize("platform", PLATFORMS)
async def test_builtin_sandbox_runs_twice_without_an_account(
    platform: str, make_shop: ShopFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert descriptor_for(platform).fake_factory() is not None
    for variable in list(os.environ):
        if variable.upper().startswith(platform.upper()):
            monkeypatch.delenv(variable)
    shop = make_shop({"toko": {"platform": platform, "sandbox": True, "rate_limit": 1000}})
    clock = MutableClock()
    with SqliteStore(tmp_path / "state.db") as store:
        async with open_channels(shop, store, clock) as first:
            adapter = first.channels["toko"]
            listed = {
                s.sku for listing in [x async for x in adapter.listings()] for s in listing.skus
            }
            since = clock() - timedelta(days=31)
            if Capability.ORDERS_PULL in adapter.capabilities:
                orders = {o.order_id async for o in adapter.orders(since, clock())}
            else:
                orders = set(first.fakes["toko"].order_ids())
            assert first.requests_sent("toko")
        assert listed, "the new sandbox shop lists most of the catalog"
        assert orders, "simulated buyers left a month of orders"
        clock.advance(timedelta(days=1))
        async with open_channels(shop, store, clock) as second:
            adapter = second.channels["toko"]
            if Capability.ORDERS_PULL in adapter.capabilities:
                again = {o.order_id async for o in adapter.orders(since, clock())}
            else:
                again = set(second.fakes["toko"].order_ids())
        assert orders <= again


@pytest.mark.parametrize("platform", PLATFORMS)
async def test_http_stats_are_found_on_every_builtin_adapter(
    platform: str, make_shop: ShopFactory, tmp_path: Path
) -> None:
    assert descriptor_for(platform).fake_factory() is not None
    shop = make_shop({"toko": {"platform": platform, "sandbox": True, "rate_limit": 1000}})
    with SqliteStore(tmp_path / "state.db") as store:
        async with open_channels(shop, store, MutableClock(), simulate_buyers=False) as channels:
            [x async for x in channels.channels["toko"].listings()]
            stats = channels.http_stats("toko")
            sent = channels.requests_sent("toko")
    assert stats is not None and stats.requests >= 1
    assert sent is not None and sent >= 1


@pytest.mark.parametrize("platform", PLATFORMS)
async def test_a_new_sandbox_shows_the_counts_without_waiting_for_the_rate_limit(
    platform: str, make_shop: ShopFactory, tmp_path: Path
) -> None:
    """The owner's own edits in the seller centre before the first sync (`show_counts`) are
    not coopsync's API calls: a channel limited to one call a second does not pace them."""
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    shop = make_shop({"toko": {"platform": platform, "sandbox": True, "rate_limit": 1}})
    with SqliteStore(tmp_path / "state.db") as store:
        async with open_channels(shop, store, MutableClock(), sleep=sleep) as channels:
            fake = channels.fakes["toko"]
            shown = {sku: fake.sku_view(sku) for sku in ("KRP-250", "TAS-01", "BTK-M", "BTK-L")}
            writes = [r for r in fake.requests if r.method != "GET"]
    listed = {sku: view.stock for sku, view in shown.items() if view is not None}
    assert listed, "the new sandbox shop lists most of the catalog"
    counts = {"KRP-250": 40, "TAS-01": 6, "BTK-M": 8, "BTK-L": 5}
    assert listed == {sku: counts[sku] for sku in listed}
    assert writes, "the counts were written through the platform's API"
    assert sum(waits) < 1
