"""Catalog changes on Lazada: the exact requests (respx) and what the fake then holds."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl
from xml.etree import ElementTree

import httpx
import pytest
import respx
from kemeja import listed, shirt, variant
from pydantic import SecretStr

from coopsync.adapters import (
    Capability,
    DraftVariant,
    ListingDraft,
    ListingStatus,
    RemoteListing,
    RemoteSku,
)
from coopsync.errors import Rejected
from coopsync.sandbox.marketplace import MutableClock
from coopsync_adapters.lazada.adapter import LazadaAdapter
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.lazada.fake_wire import Refusal
from coopsync_adapters.lazada.settings import LazadaChannel
from coopsync_adapters.testing.harness import Harness, Sleeps, memory_context

SECRET = "s3cret-app-key-for-respx"
API = "https://api.lazada.co.id/rest"
ITEM = "3000000001"


def ok(data: Any = None) -> httpx.Response:
    body: dict[str, Any] = {"code": "0", "request_id": "r"}
    if data is not None:
        body["data"] = data
    return httpx.Response(200, json=body)


def signed_params(request: httpx.Request) -> dict[str, str]:
    """Every parameter of a POST (system ones in the query, the API's in the form), with the
    signature checked: uppercase HMAC-SHA256 of the path without /rest + sorted key+value."""
    params = dict(request.url.params.multi_items())
    assert request.headers["content-type"].startswith("application/x-www-form-urlencoded")
    form = dict(parse_qsl(request.content.decode(), keep_blank_values=True))
    assert set(params) == {"app_key", "timestamp", "sign_method", "access_token", "sign"}
    everything = {**params, **form}
    path = request.url.path.removeprefix("/rest")
    text = path + "".join(f"{k}{everything[k]}" for k in sorted(everything) if k != "sign")
    digest = hmac.new(SECRET.encode(), text.encode(), hashlib.sha256).hexdigest().upper()
    assert params["sign"] == digest
    assert params["sign_method"] == "sha256" and len(params["timestamp"]) == 13
    return everything


@pytest.fixture
async def adapter() -> AsyncIterator[LazadaAdapter]:
    settings = LazadaChannel(
        platform="lazada",
        app_key="100132",
        app_secret=SecretStr(SECRET),
        access_token=SecretStr("access-token-1"),
        refresh_token=SecretStr("refresh-token-1"),
    )
    clock = MutableClock()
    a = LazadaAdapter(memory_context("lazada", settings, clock, sleep=Sleeps(clock)))
    yield a
    await a.aclose()


def raw_sku(sku_id: int, seller_sku: str, size: str) -> dict[str, Any]:
    return {
        "Status": "active",
        "SkuId": sku_id,
        "SellerSku": seller_sku,
        "price": 25000.0,
        "quantity": 5,
        "Available": 5,
        "saleProp": {"Ukuran": size},
    }


def raw_product(*skus: dict[str, Any], options: list[str]) -> dict[str, Any]:
    return {
        "item_id": int(ITEM),
        "attributes": {"name": "Kemeja"},
        "status": "Active",
        "skus": list(skus),
        "variation": {
            "Variation1": {
                "name": "Ukuran",
                "hasImage": False,
                "customize": True,
                "options": {"option": options},
            }
        },
    }


REMOTE = listed(ITEM)


def draft(*variants: DraftVariant) -> ListingDraft:
    return shirt(*variants, category="10002019", dimensions_cm=(30, 20, 3))


@respx.mock
async def test_a_new_size_is_added_by_update_product_without_a_sku_id(
    adapter: LazadaAdapter,
) -> None:
    before = raw_product(raw_sku(11, "KMJ-S", "S"), raw_sku(12, "KMJ-M", "M"), options=["S", "M"])
    after = raw_product(
        raw_sku(11, "KMJ-S", "S"),
        raw_sku(12, "KMJ-M", "M"),
        raw_sku(13, "KMJ-L", "L"),
        options=["S", "M", "L"],
    )
    reads = respx.get(f"{API}/product/item/get").mock(side_effect=[ok(before), ok(after)])
    update = respx.post(f"{API}/product/update").mock(return_value=ok())
    grown = draft(variant("KMJ-S", "S"), variant("KMJ-M", "M"), variant("KMJ-L", "L", 29_500, 6))

    listing = await adapter.add_variants(REMOTE, grown)

    assert reads.calls[0].request.url.params["item_id"] == ITEM
    params = signed_params(update.calls.last.request)
    assert json.loads(params["payload"]) == {
        "Request": {
            "Product": {
                "ItemId": ITEM,
                "variation": {
                    "Variation1": {
                        "name": "Ukuran",
                        "hasImage": False,
                        "customize": True,
                        "options": {"option": ["S", "M", "L"]},
                    }
                },
                "Skus": {
                    "Sku": [
                        {
                            "SellerSku": "KMJ-L",
                            "quantity": "6",
                            "price": "29500",
                            "package_weight": "0.3",
                            "package_length": "30",
                            "package_width": "20",
                            "package_height": "3",
                            "saleProp": {"Ukuran": "L"},
                        }
                    ]
                },
            }
        }
    }
    assert {s.sku: s.remote_sku_id for s in listing.skus} == {
        "KMJ-S": "11",
        "KMJ-M": "12",
        "KMJ-L": "13",
    }


LAZADA_NOW = raw_product(raw_sku(11, "KMJ-S", "S"), raw_sku(12, "KMJ-M", "M"), options=["S", "M"])


@respx.mock
async def test_deactivate_names_the_item_and_its_skus_as_lazada_has_them(
    adapter: LazadaAdapter,
) -> None:
    respx.get(f"{API}/product/item/get").mock(return_value=ok(LAZADA_NOW))
    route = respx.post(f"{API}/product/deactivate").mock(return_value=ok())
    # The catalog renamed KMJ-M to KMJ-MED: Lazada keeps KMJ-M (SellerSku cannot change).
    renamed = RemoteListing(
        ITEM,
        "Kemeja",
        ListingStatus.ACTIVE,
        (RemoteSku("KMJ-S", "11", 25_000, 5), RemoteSku("KMJ-MED", "12", 25_000, 5)),
    )
    down = await adapter.unlist(renamed)
    assert down.status is ListingStatus.INACTIVE
    params = signed_params(route.calls.last.request)
    body = ElementTree.fromstring(params["apiRequestBody"])
    assert body.tag == "Request"
    assert body.findtext("Product/ItemId") == ITEM
    assert [e.text for e in body.findall("Product/Skus/SellerSku")] == ["KMJ-S", "KMJ-M"]


@respx.mock
async def test_relist_sets_every_sku_active(adapter: LazadaAdapter) -> None:
    respx.get(f"{API}/product/item/get").mock(return_value=ok(LAZADA_NOW))
    route = respx.post(f"{API}/product/update").mock(return_value=ok())
    up = await adapter.relist(REMOTE)
    assert up.status is ListingStatus.ACTIVE
    params = signed_params(route.calls.last.request)
    assert json.loads(params["payload"])["Request"]["Product"] == {
        "ItemId": ITEM,
        "Skus": {
            "Sku": [
                {"SkuId": "11", "SellerSku": "KMJ-S", "Status": "active"},
                {"SkuId": "12", "SellerSku": "KMJ-M", "Status": "active"},
            ]
        },
    }


def test_lazada_declares_no_sku_rename() -> None:
    # "SellerSku immutable": the engine keeps the old SellerSku there, mapped.
    assert Capability.SKU_RENAME not in LazadaAdapter.capabilities
    assert Capability.VARIANT_ADD | Capability.LISTING_UNLIST in LazadaAdapter.capabilities


# ---- against the fake ------------------------------------------------------------------------
HARNESS_FAKE = LazadaFake  # the `harness` fixture's fake (tests/adapters/conftest.py)


async def test_the_fake_refuses_a_seller_sku_change(harness: Harness) -> None:
    fake = harness.fake
    assert isinstance(fake, LazadaFake)
    item_id = fake.seed_listing("Tas Anyaman Pandan Motif", [("TAS-1", 30_000, 2)])
    sku_id = fake.products[item_id]["skus"][0]["SkuId"]
    payload = {"Request": {"Product": {"ItemId": item_id, "Skus": {"Sku": [
        {"SkuId": sku_id, "SellerSku": "TAS-01"}
    ]}}}}  # fmt: skip
    with pytest.raises(Refusal, match="SellerSku cannot be changed"):
        fake._product_update({"payload": json.dumps(payload)}, {})
    assert fake.sku_view("TAS-1") is not None


async def test_a_third_variation_is_refused_before_anything_is_sent(harness: Harness) -> None:
    assert isinstance(harness.adapter, LazadaAdapter)
    created = await harness.adapter.create_listing(draft(variant("K-S", "S"), variant("K-M", "M")))
    sent = len(harness.fake.requests)
    more = {"Warna": "Merah", "Motif": "Parang"}
    with pytest.raises(Rejected, match="at most 2 variations"):
        await harness.adapter.add_variants(
            created, draft(variant("K-S", "S", **more), variant("K-L", "L", **more))
        )
    assert [r for r in harness.fake.requests[sent:] if r.method == "POST"] == []


async def test_a_new_sku_sells_at_once_and_old_ones_keep_their_stock(harness: Harness) -> None:
    assert isinstance(harness.adapter, LazadaAdapter)
    created = await harness.adapter.create_listing(draft(variant("K-S", "S"), variant("K-M", "M")))
    await harness.adapter.add_variants(
        created, draft(variant("K-S", "S"), variant("K-M", "M"), variant("K-L", "L", 31_000, 4))
    )
    large, small = harness.fake.sku_view("K-L"), harness.fake.sku_view("K-S")
    assert large is not None and (large.price, large.stock, large.active) == (31_000, 4, True)
    assert small is not None and small.stock == 5
