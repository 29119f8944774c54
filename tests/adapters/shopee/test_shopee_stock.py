"""Shopee stock: seller locations and promotion reserves, against the fake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from coopsync.adapters import Outcome, StockUpdate
from coopsync_adapters.shopee.fake import ShopeeFake
from coopsync_adapters.testing.harness import Harness, make_harness


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = make_harness(lambda clock: ShopeeFake(clock=clock), base_dir=tmp_path)
    yield harness
    await harness.adapter.aclose()


def fake_of(h: Harness) -> ShopeeFake:
    assert isinstance(h.fake, ShopeeFake)
    return h.fake


async def update_for(h: Harness, sku: str, stock: int) -> StockUpdate:
    found = (await h.adapter.find_by_sku([sku]))[sku]
    return StockUpdate(sku, found.remote_id, found.sku_map()[sku].remote_sku_id, stock)


async def test_a_promotion_reserve_is_read_and_stock_below_it_is_refused(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Kopi Toraja", [("KOPI-1", 90_000, 10)])
    fake.reserve_for_promotion("KOPI-1", 7)
    remote_sku = (await h.adapter.find_by_sku(["KOPI-1"]))["KOPI-1"].sku_map()["KOPI-1"]
    assert (remote_sku.stock, remote_sku.campaign_reserved) == (10, 7)
    refused = await h.adapter.push_stock([await update_for(h, "KOPI-1", 3)])
    assert [r.outcome for r in refused] == [Outcome.REJECTED]
    assert "reserved" in refused[0].message
    view = fake.sku_view("KOPI-1")
    assert view is not None and view.stock == 10


async def test_a_multi_location_shop_needs_the_location_and_others_are_not_summed(
    h: Harness,
) -> None:
    fake = fake_of(h)
    fake.seed_listing("Teh Kayu Aro", [("TEH-1", 40_000, 10)])
    fake.add_location("TEH-1", "GUDANG-MEDAN", 25)
    remote_sku = (await h.adapter.find_by_sku(["TEH-1"]))["TEH-1"].sku_map()["TEH-1"]
    assert remote_sku.stock == 10
    assert remote_sku.other_locations == (("GUDANG-MEDAN", 25),)

    refused = await h.adapter.push_stock([await update_for(h, "TEH-1", 4)])
    assert [r.outcome for r in refused] == [Outcome.REJECTED]
    assert "location_id" in refused[0].message

    h.rebuild(location_id="GUDANG-MEDAN")
    done = await h.adapter.push_stock([await update_for(h, "TEH-1", 4)])
    assert [r.outcome for r in done] == [Outcome.OK]
    remote_sku = (await h.adapter.find_by_sku(["TEH-1"]))["TEH-1"].sku_map()["TEH-1"]
    assert remote_sku.stock == 4
    assert remote_sku.other_locations == (("IDZ", 10),)
