"""A product create whose answer is lost is looked for, not sent again into a duplicate error."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import httpx

from coopsync.adapters import ListingDraft
from coopsync.sandbox.marketplace import MutableClock
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.testing.conformance import PNG_1PX, AdapterConformance
from coopsync_adapters.testing.harness import make_harness

CREATE = "/rest/product/create"


class LosesCreateAnswer(LazadaFake):
    """Creates the product, then the answer never arrives (a read timeout), once."""

    def __init__(self, clock: MutableClock) -> None:
        super().__init__(clock)
        self.lose = 1

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        if self.lose and request.url.path == CREATE:
            self.lose -= 1
            raise httpx.ReadTimeout("answer lost", request=request)
        return response


def draft(sku: str) -> ListingDraft:
    base = AdapterConformance().draft(sku, variants=2)
    return replace(base, category_id="10002019", attributes={"brand": "No Brand"})


async def test_a_lost_create_answer_finds_the_product(tmp_path: Path) -> None:
    (tmp_path / "batik.png").write_bytes(PNG_1PX)
    h = make_harness(lambda clock: LosesCreateAnswer(clock), base_dir=tmp_path)
    created = await h.adapter.create_listing(draft("LOST"))
    assert set(created.sku_map()) == {"LOST-S", "LOST-M"}
    assert [r.path for r in h.fake.requests].count(CREATE) == 1
    assert len(h.fake.products) == 1  # type: ignore[attr-defined]
    await h.adapter.aclose()
