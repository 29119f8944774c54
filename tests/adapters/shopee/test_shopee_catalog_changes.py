"""Catalog changes on Shopee: the exact requests (respx) and what the fake then holds."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from kemeja import listed, shirt, variant

from coopsync.adapters import (
    DraftVariant,
    ListingDraft,
    ListingStatus,
    RemoteListing,
    RemoteSku,
)
from coopsync.errors import Rejected
from coopsync_adapters.shopee import fake_variants
from coopsync_adapters.shopee.adapter import ShopeeAdapter
from coopsync_adapters.shopee.fake import ShopeeFake
from coopsync_adapters.shopee.fake_catalog import ShopeeError
from coopsync_adapters.shopee.settings import ShopeeChannel
from coopsync_adapters.testing.harness import Harness, Sleeps, memory_context

HOST = "https://partner.shopeemobile.com"
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
KEY = "partner-key-for-respx-tests-0001"
PARTNER, SHOP, TOKEN = "2001887", "88001234", "access-token-0001"


def ok(response: dict[str, Any]) -> httpx.Response:
    return httpx.Response(
        200, json={"request_id": "r1", "error": "", "message": "", "response": response}
    )


def expected_sign(path: str, timestamp: str) -> str:
    base = f"{PARTNER}{path}{timestamp}{TOKEN}{SHOP}"
    return hmac.new(KEY.encode(), base.encode(), hashlib.sha256).hexdigest()


def assert_signed(request: httpx.Request) -> None:
    params = request.url.params
    assert params["partner_id"] == PARTNER and params["shop_id"] == SHOP
    assert params["access_token"] == TOKEN
    assert params["timestamp"] == str(int(NOW.timestamp()))
    assert params["sign"] == expected_sign(request.url.path, params["timestamp"])


def body(request: httpx.Request) -> Any:
    assert request.headers["content-type"] == "application/json"
    return json.loads(request.content)


@pytest.fixture
async def adapter() -> AsyncIterator[ShopeeAdapter]:
    settings = ShopeeChannel.model_validate(
        {
            "platform": "shopee",
            "partner_id": PARTNER,
            "partner_key": KEY,
            "shop_id": SHOP,
            "access_token": TOKEN,
            "refresh_token": "refresh-token-0001",
        }
    )
    a = ShopeeAdapter(
        memory_context("shopee", settings, lambda: NOW, sleep=Sleeps(), base_dir=Path.cwd())
    )
    yield a
    await a.aclose()


def draft(*variants: DraftVariant) -> ListingDraft:
    return shirt(*variants, category="100017")


def model_list(*models: tuple[int, str, list[int]], options: list[list[str]]) -> dict[str, Any]:
    return {
        "tier_variation": [
            {"name": "Ukuran", "option_list": [{"option": o} for o in opts]} for opts in options
        ],
        "model": [
            {
                "model_id": mid,
                "model_sku": sku,
                "tier_index": index,
                "price_info": [{"original_price": 25000.0, "current_price": 25000.0}],
                "stock_info_v2": {"seller_stock": [{"location_id": "", "stock": 5}]},
            }
            for mid, sku, index in models
        ],
    }


def base_info(has_model: bool = True) -> dict[str, Any]:
    return {
        "item_list": [
            {
                "item_id": 800000001,
                "item_name": "Kemeja Batik Tulis Motif Parang Lengan Panjang",
                "item_status": "NORMAL",
                "item_sku": "KMJ",
                "has_model": has_model,
                "update_time": int(NOW.timestamp()),
            }
        ]
    }


PRICED: dict[str, Any] = {
    "price_info": [{"original_price": 25000.0, "current_price": 25000.0}],
    "stock_info_v2": {"seller_stock": [{"location_id": "", "stock": 5}]},
}

REMOTE = listed("800000001")


@respx.mock
async def test_a_new_size_extends_the_tier_then_adds_its_model_with_price_and_stock(
    adapter: ShopeeAdapter,
) -> None:
    respx.get(f"{HOST}/api/v2/product/get_item_base_info").mock(return_value=ok(base_info()))
    before = model_list((11, "KMJ-S", [0]), (12, "KMJ-M", [1]), options=[["S", "M"]])
    after = model_list(
        (11, "KMJ-S", [0]), (12, "KMJ-M", [1]), (13, "KMJ-L", [2]), options=[["S", "M", "L"]]
    )
    models = respx.get(f"{HOST}/api/v2/product/get_model_list").mock(
        side_effect=[ok(before), ok(after)]
    )
    tiers = respx.post(f"{HOST}/api/v2/product/update_tier_variation").mock(return_value=ok({}))
    added = respx.post(f"{HOST}/api/v2/product/add_model").mock(
        return_value=ok({"model": [{"tier_index": [2], "model_id": 13, "model_sku": "KMJ-L"}]})
    )
    grown = draft(variant("KMJ-S", "S"), variant("KMJ-M", "M"), variant("KMJ-L", "L", 29_500, 6))

    listing = await adapter.add_variants(REMOTE, grown)

    assert models.calls[0].request.url.params["item_id"] == "800000001"
    tier_request = tiers.calls.last.request
    assert_signed(tier_request)
    assert body(tier_request) == {
        "item_id": 800000001,
        "tier_variation": [
            {"name": "Ukuran", "option_list": [{"option": "S"}, {"option": "M"}, {"option": "L"}]}
        ],
        "model_list": [{"model_id": 11, "tier_index": [0]}, {"model_id": 12, "tier_index": [1]}],
    }
    add_request = added.calls.last.request
    assert_signed(add_request)
    assert body(add_request) == {
        "item_id": 800000001,
        "model_list": [
            {
                "tier_index": [2],
                "original_price": 29_500,
                "model_sku": "KMJ-L",
                "seller_stock": [{"stock": 6}],
            }
        ],
    }
    assert {s.sku: s.remote_sku_id for s in listing.skus} == {
        "KMJ-S": "11",
        "KMJ-M": "12",
        "KMJ-L": "13",
    }


@respx.mock
async def test_a_new_combination_of_known_options_only_adds_a_model(
    adapter: ShopeeAdapter,
) -> None:
    respx.get(f"{HOST}/api/v2/product/get_item_base_info").mock(return_value=ok(base_info()))
    two_tiers = {
        "tier_variation": [
            {"name": "Ukuran", "option_list": [{"option": "S"}, {"option": "M"}]},
            {"name": "Warna", "option_list": [{"option": "Merah"}, {"option": "Biru"}]},
        ],
        "model": [
            {"model_id": 11, "model_sku": "A", "tier_index": [0, 0], **PRICED},
            {"model_id": 12, "model_sku": "B", "tier_index": [1, 1], **PRICED},
        ],
    }
    respx.get(f"{HOST}/api/v2/product/get_model_list").mock(return_value=ok(two_tiers))
    tiers = respx.post(f"{HOST}/api/v2/product/update_tier_variation").mock(return_value=ok({}))
    added = respx.post(f"{HOST}/api/v2/product/add_model").mock(
        return_value=ok({"model": [{"tier_index": [0, 1], "model_id": 13, "model_sku": "C"}]})
    )
    grown = draft(
        variant("A", "S", Warna="Merah"),
        variant("B", "M", Warna="Biru"),
        variant("C", "S", Warna="Biru"),
    )
    await adapter.add_variants(REMOTE, grown)
    assert not tiers.called
    assert body(added.calls.last.request)["model_list"][0]["tier_index"] == [0, 1]


@respx.mock
async def test_rename_uses_update_model_on_the_model_shopee_shows_with_the_old_sku(
    adapter: ShopeeAdapter,
) -> None:
    respx.get(f"{HOST}/api/v2/product/get_item_base_info").mock(return_value=ok(base_info()))
    before = model_list((11, "KMJ-S", [0]), (12, "KMJ-M", [1]), options=[["S", "M"]])
    after = model_list((11, "KMJ-S", [0]), (12, "KMJ-MED", [1]), options=[["S", "M"]])
    respx.get(f"{HOST}/api/v2/product/get_model_list").mock(side_effect=[ok(before), ok(after)])
    models = respx.post(f"{HOST}/api/v2/product/update_model").mock(return_value=ok({}))
    renamed = await adapter.rename_skus(REMOTE, {"KMJ-M": "KMJ-MED"})
    request = models.calls.last.request
    assert_signed(request)
    assert body(request) == {
        "item_id": 800000001,
        "model": [{"model_id": 12, "model_sku": "KMJ-MED"}],
    }
    assert {s.sku: s.remote_sku_id for s in renamed.skus} == {"KMJ-S": "11", "KMJ-MED": "12"}


@respx.mock
async def test_rename_of_an_item_without_models_uses_update_item(adapter: ShopeeAdapter) -> None:
    single = base_info(has_model=False)
    single["item_list"][0] |= {
        "item_sku": "TAS",
        "price_info": [{"original_price": 85000.0, "current_price": 85000.0}],
        "stock_info_v2": {"seller_stock": [{"location_id": "", "stock": 3}]},
    }
    respx.get(f"{HOST}/api/v2/product/get_item_base_info").mock(return_value=ok(single))
    item = respx.post(f"{HOST}/api/v2/product/update_item").mock(return_value=ok({}))
    remote = RemoteListing("800000001", "Tas", ListingStatus.ACTIVE, (RemoteSku("TAS", "0", 1, 1),))
    await adapter.rename_skus(remote, {"TAS": "TAS-01"})
    assert_signed(item.calls.last.request)
    assert body(item.calls.last.request) == {"item_id": 800000001, "item_sku": "TAS-01"}


@respx.mock
async def test_unlist_and_relist_send_unlist_item(adapter: ShopeeAdapter) -> None:
    route = respx.post(f"{HOST}/api/v2/product/unlist_item").mock(
        return_value=ok({"failure_list": [], "success_list": [{"item_id": 800000001}]})
    )
    down = await adapter.unlist(REMOTE)
    assert down.status is ListingStatus.INACTIVE
    assert_signed(route.calls.last.request)
    assert body(route.calls.last.request) == {"item_list": [{"item_id": 800000001, "unlist": True}]}
    up = await adapter.relist(down)
    assert up.status is ListingStatus.ACTIVE
    assert body(route.calls.last.request) == {
        "item_list": [{"item_id": 800000001, "unlist": False}]
    }


@respx.mock
async def test_a_refused_unlist_is_rejected_with_shopees_reason(adapter: ShopeeAdapter) -> None:
    respx.post(f"{HOST}/api/v2/product/unlist_item").mock(
        return_value=ok(
            {
                "failure_list": [{"item_id": 800000001, "failed_reason": "item is banned"}],
                "success_list": [],
            }
        )
    )
    with pytest.raises(Rejected, match="item is banned"):
        await adapter.unlist(REMOTE)


# ---- against the fake ------------------------------------------------------------------------
HARNESS_FAKE = ShopeeFake  # the `harness` fixture's fake (tests/adapters/conftest.py)


def fake_draft(*variants: DraftVariant) -> ListingDraft:
    """In the fake's category 100018 (100017 wants the Bahan attribute)."""
    return shirt(*variants, category="100018")


async def test_a_second_tier_recreates_the_models_and_the_new_ids_are_returned(
    harness: Harness,
) -> None:
    assert isinstance(harness.adapter, ShopeeAdapter)
    created = await harness.adapter.create_listing(
        fake_draft(variant("KMJ-S", "S"), variant("KMJ-M", "M"))
    )
    grown = fake_draft(
        variant("KMJ-S", "S", Warna="Merah"),
        variant("KMJ-M", "M", Warna="Merah"),
        variant("KMJ-S-B", "S", 27_000, 2, Warna="Biru"),
    )
    after = await harness.adapter.add_variants(created, grown)
    fake = harness.fake
    assert isinstance(fake, ShopeeFake)
    item = fake.catalog.items[created.remote_id]
    assert [t["name"] for t in item["tier_variation"]] == ["Ukuran", "Warna"]
    assert {m["model_sku"]: str(m["model_id"]) for m in item["models"]} == {
        s.sku: s.remote_sku_id for s in after.skus
    }
    old_ids = {s.remote_sku_id for s in created.skus}
    assert old_ids.isdisjoint(s.remote_sku_id for s in after.skus), "Shopee recreates models"
    view = fake.sku_view("KMJ-S-B")
    assert view is not None and (view.price, view.stock) == (27_000, 2)


async def test_update_tier_variation_refuses_another_number_of_tiers(harness: Harness) -> None:
    fake = harness.fake
    assert isinstance(fake, ShopeeFake)
    item_id = fake.seed_listing(
        "Kemeja Batik Tulis Motif Parang",
        [("A", 1000, 1), ("B", 1000, 1)],
        options=[{"Ukuran": "S"}, {"Ukuran": "M"}],
    )
    change = {
        "item_id": int(item_id),
        "tier_variation": [
            {"name": "Ukuran", "option_list": [{"option": "S"}]},
            {"name": "Warna", "option_list": [{"option": "Merah"}]},
        ],
    }
    with pytest.raises(ShopeeError, match="tier-variation level not same"):
        fake_variants.update_tier_variation(fake.catalog, change, 0)
    assert [t["name"] for t in fake.catalog.items[item_id]["tier_variation"]] == ["Ukuran"]


async def test_too_many_variants_are_refused_before_anything_is_sent(harness: Harness) -> None:
    assert isinstance(harness.adapter, ShopeeAdapter)
    created = await harness.adapter.create_listing(
        fake_draft(variant("KMJ-S", "S"), variant("KMJ-M", "M"))
    )
    sent_before = len(harness.fake.requests)
    many = [variant(f"KMJ-{i}", f"N{i}") for i in range(49)]
    with pytest.raises(Rejected, match="at most 50 variants"):
        await harness.adapter.add_variants(
            created, fake_draft(variant("KMJ-S", "S"), variant("KMJ-M", "M"), *many)
        )
    writes = [r for r in harness.fake.requests[sent_before:] if r.method == "POST"]
    assert writes == []


async def test_a_long_option_value_is_refused_with_what_to_do(harness: Harness) -> None:
    assert isinstance(harness.adapter, ShopeeAdapter)
    created = await harness.adapter.create_listing(
        fake_draft(variant("KMJ-S", "S"), variant("KMJ-M", "M"))
    )
    long = variant("KMJ-X", "Ekstra Ekstra Besar Sekali")
    with pytest.raises(Rejected) as caught:
        await harness.adapter.add_variants(
            created, fake_draft(variant("KMJ-S", "S"), variant("KMJ-M", "M"), long)
        )
    assert "20 characters" in str(caught.value) and "shorten" in str(caught.value)
    assert harness.fake.sku_view("KMJ-X") is None


async def test_a_single_sku_item_gets_variants_and_its_sku_becomes_a_model(
    harness: Harness,
) -> None:
    assert isinstance(harness.adapter, ShopeeAdapter)
    single = fake_draft(DraftVariant(sku="TAS", price=85_000, stock=3))
    created = await harness.adapter.create_listing(single)
    assert [s.remote_sku_id for s in created.skus] == ["0"]
    grown = fake_draft(
        DraftVariant(sku="TAS", price=85_000, stock=3, options={"Warna": "Merah"}),
        DraftVariant(sku="TAS-BIRU", price=87_000, stock=2, options={"Warna": "Biru"}),
    )
    after = await harness.adapter.add_variants(created, grown)
    assert {s.sku for s in after.skus} == {"TAS", "TAS-BIRU"}
    view = harness.fake.sku_view("TAS")
    assert view is not None and view.options == {"Warna": "Merah"} and view.stock == 3
    assert view.remote_sku_id != "0"


async def test_variants_that_would_drop_the_items_own_sku_are_refused(harness: Harness) -> None:
    assert isinstance(harness.adapter, ShopeeAdapter)
    created = await harness.adapter.create_listing(
        fake_draft(DraftVariant(sku="TAS", price=85_000, stock=3))
    )
    grown = fake_draft(
        DraftVariant(sku="TAS-MERAH", price=85_000, stock=3, options={"Warna": "Merah"}),
        DraftVariant(sku="TAS-BIRU", price=87_000, stock=2, options={"Warna": "Biru"}),
    )
    with pytest.raises(Rejected, match="TAS would be dropped"):
        await harness.adapter.add_variants(created, grown)
    view = harness.fake.sku_view("TAS")
    assert view is not None and view.remote_sku_id == "0"
    assert harness.fake.sku_view("TAS-MERAH") is None
