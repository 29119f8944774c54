"""A product create whose answer is lost is never sent twice blindly (no second product)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from coopsync.sandbox.marketplace import Fault, MutableClock
from coopsync_adapters.testing.conformance import PNG_1PX, AdapterConformance
from coopsync_adapters.testing.harness import make_harness
from coopsync_adapters.tiktok.fake import TikTokFake

CREATE = "/product/202309/products"


class LosesCreateAnswer(TikTokFake):
    """Creates the product, then the answer never arrives (a read timeout), once."""

    def __init__(self, clock: MutableClock) -> None:
        super().__init__(clock)
        self.lose = 1

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if self.lose and request.method == "POST" and request.url.path == CREATE:
            self.lose -= 1
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


@pytest.fixture
def base_dir(tmp_path: Path) -> Path:
    (tmp_path / "batik.png").write_bytes(PNG_1PX)
    return tmp_path


def draft(sku: str):  # type: ignore[no-untyped-def]
    return replace(AdapterConformance().draft(sku, variants=2), category_id="600001")


async def test_a_lost_create_answer_finds_the_product_instead_of_making_two(
    base_dir: Path,
) -> None:
    h = make_harness(lambda clock: LosesCreateAnswer(clock), base_dir=base_dir)
    created = await h.adapter.create_listing(draft("LOST"))
    assert set(created.sku_map()) == {"LOST-S", "LOST-M"}
    creates = [r for r in h.fake.requests if r.method == "POST" and r.path == CREATE]
    assert len(creates) == 1
    assert len(h.fake.products) == 1  # type: ignore[attr-defined]
    await h.adapter.aclose()


async def test_a_busy_create_is_sent_again_when_nothing_was_made(base_dir: Path) -> None:
    h = make_harness(lambda clock: TikTokFake(clock=clock), base_dir=base_dir)
    h.fake.inject(Fault.BUSY, times=1, path_contains=CREATE)
    created = await h.adapter.create_listing(draft("BUSY"))
    assert set(created.sku_map()) == {"BUSY-S", "BUSY-M"}
    assert len(h.fake.products) == 1  # type: ignore[attr-defined]
    await h.adapter.aclose()
