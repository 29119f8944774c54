"""Creating a listing on Shopee never makes two items, even when an answer is lost."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from coopsync.adapters import ListingDraft
from coopsync.sandbox.marketplace import Fault, MutableClock
from coopsync_adapters.shopee.fake import ShopeeFake
from coopsync_adapters.testing.conformance import PNG_1PX, AdapterConformance
from coopsync_adapters.testing.harness import Harness, make_harness


class LosesAnswers(ShopeeFake):
    """Serves the request, then loses the answer of the next calls to `path` (a read timeout)."""

    def __init__(self, clock: MutableClock, path: str, times: int = 1) -> None:
        super().__init__(clock)
        self.lose_path = path
        self.lose_times = times

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if self.lose_times and request.url.path.endswith(self.lose_path):
            self.lose_times -= 1
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


def items(fake: ShopeeFake) -> list[str]:
    return [item["item_name"] for item in fake.catalog.items.values()]


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    (tmp_path / "batik.png").write_bytes(PNG_1PX)
    return tmp_path


async def harness_for(path: str, base_dir: Path) -> Harness:
    return make_harness(lambda clock: LosesAnswers(clock, path), base_dir=base_dir)


@pytest.fixture
async def lost_add_item(base_dir: Path) -> AsyncIterator[Harness]:
    h = await harness_for("/product/add_item", base_dir)
    yield h
    await h.adapter.aclose()


@pytest.fixture
async def lost_variants(base_dir: Path) -> AsyncIterator[Harness]:
    h = await harness_for("/product/init_tier_variation", base_dir)
    yield h
    await h.adapter.aclose()


def draft(sku: str, variants: int = 1) -> ListingDraft:
    return replace(AdapterConformance().draft(sku, variants=variants), category_id="100018")


async def test_a_lost_add_item_answer_adopts_the_item_instead_of_a_second(
    lost_add_item: Harness,
) -> None:
    created = await lost_add_item.adapter.create_listing(draft("LOST-1"))
    assert len(items(lost_add_item.fake)) == 1
    assert created.sku_map()["LOST-1"].stock == 10
    assert lost_add_item.fake.calls_to("/product/add_item") == 1


async def test_a_lost_variants_answer_is_taken_as_done(lost_variants: Harness) -> None:
    created = await lost_variants.adapter.create_listing(draft("LV", variants=2))
    assert set(created.sku_map()) == {"LV-S", "LV-M"}
    assert len(items(lost_variants.fake)) == 1


async def test_a_busy_add_item_is_sent_again_when_nothing_was_created(base_dir: Path) -> None:
    h = make_harness(lambda clock: ShopeeFake(clock=clock), base_dir=base_dir)
    try:
        h.fake.inject(Fault.BUSY, times=1, path_contains="add_item")
        await h.adapter.create_listing(draft("BUSY-1"))
        assert len(items(h.fake)) == 1
        assert h.fake.calls_to("/product/add_item") == 2
    finally:
        await h.adapter.aclose()


async def test_a_rate_limited_add_item_waits_and_sends_again(base_dir: Path) -> None:
    h = make_harness(lambda clock: ShopeeFake(clock=clock), base_dir=base_dir)
    try:
        h.fake.inject(Fault.HTTP_429, times=1, path_contains="add_item")
        await h.adapter.create_listing(draft("SLOW-1"))
        assert len(items(h.fake)) == 1
        assert 1.0 in h.sleeps.waits  # Retry-After
        assert h.fake.calls_to("/product/get_item_list") == 0  # no search needed
    finally:
        await h.adapter.aclose()


class StopsAfterAddItem(ShopeeFake):
    """The run dies right after add_item was accepted (before init_tier_variation)."""

    stop = True

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if self.stop and request.url.path.endswith("/product/add_item"):
            raise SystemExit("killed")
        return response


@pytest.mark.parametrize("product_id", ["batik-parang", "PRG-S"])
async def test_an_item_left_without_variants_is_finished_not_made_twice(
    base_dir: Path, product_id: str
) -> None:
    h = make_harness(lambda clock: StopsAfterAddItem(clock=clock), base_dir=base_dir)
    wanted = replace(draft("PRG", variants=3), product_id=product_id)
    if product_id == "PRG-S":  # a product named after its first SKU (the catalog's default)
        assert wanted.variants[0].sku == "PRG-S"
    with pytest.raises(SystemExit):
        await h.adapter.create_listing(wanted)
    assert len(items(h.fake)) == 1
    # The next run: the item has no models and its item SKU is not a variant's.
    assert not await h.rebuild().find_by_sku([v.sku for v in wanted.variants])
    h.fake.stop = False  # type: ignore[attr-defined]
    created = await h.adapter.create_listing(wanted)
    assert set(created.sku_map()) == {"PRG-S", "PRG-M", "PRG-L"}
    assert len(items(h.fake)) == 1
    assert h.fake.calls_to("/product/add_item") == 1
    await h.adapter.aclose()
