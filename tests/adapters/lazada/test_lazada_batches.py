"""Lazada sends stock and prices in calls of the batch size it declares (20, as recommended)."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from coopsync.adapters import PriceUpdate, StockUpdate
from coopsync.platforms import rules_for
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.testing.harness import Harness, make_harness


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = make_harness(lambda clock: LazadaFake(clock=clock), base_dir=tmp_path)
    yield harness
    await harness.adapter.aclose()


def skus_per_call(fake: LazadaFake, path: str) -> list[int]:
    sizes = []
    for request in fake.requests:
        if request.path.endswith(path):
            payload = request.params.get("payload") or [
                value
                for key, value in (p.split("=", 1) for p in request.body.decode().split("&") if p)
                if key == "payload"
            ]
            sizes.append(json.dumps(payload).count("SellerSku"))
    return sizes


async def test_a_push_of_45_skus_goes_in_calls_of_the_declared_20(h: Harness) -> None:
    assert isinstance(h.fake, LazadaFake)
    declared = rules_for("lazada").stock_batch
    assert declared == 20 == rules_for("lazada").price_batch
    for listing in range(3):
        h.fake.seed_listing(
            f"Keripik Tempe Rasa {listing}",
            [(f"K{listing}-{n}", 15_000, 5) for n in range(15)],
            options=[{"Rasa": str(n)} for n in range(15)],
        )
    found = await h.adapter.find_by_sku([f"K{i}-{n}" for i in range(3) for n in range(15)])
    stock = [
        StockUpdate(sku, listing.remote_id, listing.sku_map()[sku].remote_sku_id, 9)
        for sku, listing in sorted(found.items())
    ]
    results = await h.adapter.push_stock(stock)
    assert [r.sku for r in results] == [u.sku for u in stock] and all(r.ok for r in results)
    assert all(h.fake.sku_view(u.sku).stock == 9 for u in stock)  # type: ignore[union-attr]
    assert sorted(skus_per_call(h.fake, "/product/stock/sellable/update")) == [5, 20, 20]

    prices = [PriceUpdate(u.sku, u.remote_id, u.remote_sku_id, 16_000) for u in stock]
    assert all(r.ok for r in await h.adapter.push_prices(prices))
    assert sorted(skus_per_call(h.fake, "/product/price_quantity/update")) == [5, 20, 20]
