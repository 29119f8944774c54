"""TikTok Shop stock per warehouse, against the fake."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from coopsync.adapters import Outcome, StockUpdate
from coopsync_adapters.testing.harness import Harness, make_harness
from coopsync_adapters.tiktok.fake import WAREHOUSE_ID, TikTokFake


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = make_harness(lambda clock: TikTokFake(clock=clock), base_dir=tmp_path)
    yield harness
    await harness.adapter.aclose()


def fake_of(h: Harness) -> TikTokFake:
    assert isinstance(h.fake, TikTokFake)
    return h.fake


async def update_for(h: Harness, sku: str, stock: int) -> StockUpdate:
    found = (await h.adapter.find_by_sku([sku]))[sku]
    return StockUpdate(sku, found.remote_id, found.sku_map()[sku].remote_sku_id, stock)


async def test_only_the_configured_warehouse_is_written_and_read(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Tas Rotan Lombok Anyaman Tangan", [("RTN-1", 150_000, 10)])
    fake.add_warehouse("RTN-1", "7300000000000000002", 30)

    results = await h.adapter.push_stock([await update_for(h, "RTN-1", 4)])

    assert [r.outcome for r in results] == [Outcome.OK]
    remote_sku = (await h.adapter.find_by_sku(["RTN-1"]))["RTN-1"].sku_map()["RTN-1"]
    assert remote_sku.stock == 4, "the other warehouse is not summed in"
    assert remote_sku.other_locations == (("7300000000000000002", 30),)
    view = fake.sku_view("RTN-1")
    assert view is not None and view.stock == 34


async def test_without_a_warehouse_a_multi_warehouse_sku_is_refused(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Tas Rotan Lombok Anyaman Tangan", [("RTN-2", 150_000, 10)])
    fake.add_warehouse("RTN-2", "7300000000000000002", 30)
    h.rebuild(warehouse_id=None)
    results = await h.adapter.push_stock([await update_for(h, "RTN-2", 4)])
    assert [r.outcome for r in results] == [Outcome.REJECTED]
    assert "Multiple warehouses" in results[0].message
    remote_sku = (await h.adapter.find_by_sku(["RTN-2"]))["RTN-2"].sku_map()["RTN-2"]
    assert remote_sku.stock == 10 and WAREHOUSE_ID == "7300000000000000001"
