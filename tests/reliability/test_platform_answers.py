"""Platform answers that are success or plain facts must not be taken as failures."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import pytest

from coopsync.adapters import (
    DraftVariant,
    ImageRef,
    ListingDraft,
    OrderStatus,
    Outcome,
    PriceUpdate,
    StockUpdate,
)
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.testing.harness import make_harness
from coopsync_adapters.tiktok.mapping import order_lines


def test_tiktok_line_statuses_are_read_without_an_unknown_status_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    items = [
        {"id": "1", "seller_sku": "A", "sale_price": "10000", "display_status": "TO_SHIP"},
        {"id": "2", "seller_sku": "A", "sale_price": "10000", "display_status": "TO_SHIP"},
        {"id": "3", "seller_sku": "B", "sale_price": "20000", "display_status": "SHIPPED"},
        {"id": "4", "seller_sku": "C", "sale_price": "5000", "display_status": "COMPLETED"},
    ]
    with caplog.at_level(logging.WARNING):
        lines = order_lines(items, OrderStatus.TO_SHIP)
    assert [(line.sku, line.status) for line in lines] == [
        ("A", OrderStatus.TO_SHIP),
        ("A", OrderStatus.TO_SHIP),
        ("B", OrderStatus.SHIPPED),
        ("C", OrderStatus.COMPLETED),
    ]
    assert not [r for r in caplog.records if "unknown" in r.getMessage()]


def _draft(title: str) -> ListingDraft:
    return ListingDraft(
        product_id="TAS-9",
        title=title,
        description="Dianyam oleh pengrajin difabel dari rotan pilihan.",
        variants=(DraftVariant(sku="TAS-9", price=90_000, stock=2, weight_g=400),),
        images=(ImageRef("https://images.example/tas-9.jpg"),),
        category_id="10002019",
        attributes={"brand": "No Brand"},
        weight_g=400,
        dimensions_cm=(30, 20, 10),
    )


class TerseLazada(LazadaFake):
    """Answers successful updates as Lazada often does: code 0, a request id, no `data`."""

    def _answer(self, request: httpx.Request, body: Mapping[str, Any]) -> httpx.Response:
        if "update" in request.url.path and str(body.get("code")) == "0":
            body = {k: v for k, v in body.items() if k != "data"}
        return super()._answer(request, body)


async def test_a_lazada_update_answer_without_data_is_a_success(tmp_path: Path) -> None:
    h = make_harness(lambda clock: TerseLazada(clock=clock), base_dir=tmp_path)
    fake = h.fake
    assert isinstance(fake, TerseLazada)
    item_id = fake.seed_listing("Anyaman Rotan Buatan Tangan", [("ROT-1", 75_000, 3)])
    view = fake.sku_view("ROT-1")
    assert view is not None
    results = await h.adapter.push_stock([StockUpdate("ROT-1", item_id, view.remote_sku_id, 7)])
    assert [r.outcome for r in results] == [Outcome.OK]
    prices = await h.adapter.push_prices(
        [PriceUpdate("ROT-1", item_id, view.remote_sku_id, 80_000)]
    )
    assert [r.outcome for r in prices] == [Outcome.OK]
    shown = fake.sku_view("ROT-1")
    assert shown is not None and (shown.stock, shown.price) == (7, 80_000)
    created = await h.adapter.create_listing(_draft("Tas Rotan Anyaman Buatan Tangan"))
    renamed = _draft("Tas Rotan Anyaman Buatan Tangan Pengrajin Difabel")
    await h.adapter.update_listing(created, renamed)
    after = fake.sku_view("TAS-9")
    assert after is not None and after.title == renamed.title
    await h.adapter.aclose()
