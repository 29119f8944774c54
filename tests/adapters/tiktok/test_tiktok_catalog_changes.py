"""Catalog changes on TikTok Shop: the exact requests (respx) and what the fake then holds."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

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
from coopsync.sandbox.marketplace import MutableClock
from coopsync_adapters.testing.harness import Harness, Sleeps, memory_context
from coopsync_adapters.tiktok.adapter import TikTokAdapter
from coopsync_adapters.tiktok.fake import TikTokFake
from coopsync_adapters.tiktok.settings import TikTokChannel

API = "https://open-api.tiktokglobalshop.com"
SECRET = "respx-app-secret-123"
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
PRODUCT = "1729000000000000001"
EDIT = f"{API}/product/202309/products/{PRODUCT}/partial_edit"


def ok(data: Any) -> httpx.Response:
    return httpx.Response(
        200, json={"code": 0, "message": "Success", "request_id": "r", "data": data}
    )


def assert_signed(request: httpx.Request) -> None:
    """TikTok's signature, recomputed here: secret + path + sorted key+value pairs (without
    sign and access_token) + raw body + secret, HMAC-SHA256 keyed by the secret."""
    query = dict(parse_qsl(urlsplit(str(request.url)).query, keep_blank_values=True))
    assert query["app_key"] == "key123" and query["shop_cipher"] == "ROW_cipher"
    assert query["timestamp"] == str(int(NOW.timestamp()))
    assert request.headers["x-tts-access-token"] == "access-1"
    pairs = "".join(f"{k}{query[k]}" for k in sorted(query) if k not in ("sign", "access_token"))
    message = f"{SECRET}{request.url.path}{pairs}".encode() + request.content + SECRET.encode()
    assert query["sign"] == hmac.new(SECRET.encode(), message, hashlib.sha256).hexdigest()


@pytest.fixture
async def adapter() -> AsyncIterator[TikTokAdapter]:
    settings = TikTokChannel.model_validate(
        {
            "platform": "tiktok",
            "app_key": "key123",
            "app_secret": SECRET,
            "access_token": "access-1",
            "refresh_token": "refresh-1",
            "shop_cipher": "ROW_cipher",
            "warehouse_id": "7300000000000000001",
        }
    )
    a = TikTokAdapter(memory_context("tiktok", settings, MutableClock(NOW), sleep=Sleeps()))
    yield a
    await a.aclose()


def sku(sku_id: str, seller_sku: str, size: str, quantity: int = 5) -> dict[str, Any]:
    return {
        "id": sku_id,
        "seller_sku": seller_sku,
        "price": {"currency": "IDR", "tax_exclusive_price": "25000", "sale_price": "25000"},
        "inventory": [{"warehouse_id": "7300000000000000001", "quantity": quantity}],
        "sales_attributes": [
            {"id": "100089", "name": "Ukuran", "value_id": f"v-{size}", "value_name": size}
        ],
    }


def product(*skus: dict[str, Any]) -> dict[str, Any]:
    return {"id": PRODUCT, "title": "Kemeja", "status": "ACTIVATE", "skus": list(skus)}


REMOTE = listed(PRODUCT)


def draft(*variants: DraftVariant, category: str = "600001") -> ListingDraft:
    return shirt(*variants, category=category)


@respx.mock
async def test_a_new_size_is_sent_with_every_existing_sku_by_id(adapter: TikTokAdapter) -> None:
    before = product(sku("11", "KMJ-S", "S"), sku("12", "KMJ-M", "M"))
    after = product(sku("11", "KMJ-S", "S"), sku("12", "KMJ-M", "M"), sku("13", "KMJ-L", "L", 6))
    respx.get(f"{API}/product/202309/products/{PRODUCT}").mock(side_effect=[ok(before), ok(after)])
    edit = respx.post(EDIT).mock(return_value=ok({"product_id": PRODUCT, "skus": []}))
    grown = draft(variant("KMJ-S", "S"), variant("KMJ-M", "M"), variant("KMJ-L", "L", 29_500, 6))

    listing = await adapter.add_variants(REMOTE, grown)

    request = edit.calls.last.request
    assert_signed(request)
    assert request.headers["content-type"] == "application/json"
    kept = {
        "price": {"amount": "25000", "currency": "IDR"},
        "inventory": [{"warehouse_id": "7300000000000000001", "quantity": 5}],
    }
    assert json.loads(request.content) == {
        "skus": [
            {
                "id": "11",
                "seller_sku": "KMJ-S",
                **kept,
                "sales_attributes": [{"id": "100089", "value_id": "v-S"}],
            },
            {
                "id": "12",
                "seller_sku": "KMJ-M",
                **kept,
                "sales_attributes": [{"id": "100089", "value_id": "v-M"}],
            },
            {
                "seller_sku": "KMJ-L",
                "price": {"amount": "29500", "currency": "IDR"},
                "inventory": [{"warehouse_id": "7300000000000000001", "quantity": 6}],
                "sales_attributes": [{"id": "100089", "value_name": "L"}],
            },
        ]
    }
    assert edit.call_count == 1
    assert {s.sku: s.remote_sku_id for s in listing.skus} == {
        "KMJ-S": "11",
        "KMJ-M": "12",
        "KMJ-L": "13",
    }


@respx.mock
async def test_an_edit_whose_answer_was_lost_is_not_sent_twice(adapter: TikTokAdapter) -> None:
    before = product(sku("11", "KMJ-S", "S"))
    after = product(sku("11", "KMJ-S", "S"), sku("13", "KMJ-L", "L"))
    respx.get(f"{API}/product/202309/products/{PRODUCT}").mock(
        side_effect=[ok(before), ok(after), ok(after)]
    )
    edit = respx.post(EDIT).mock(side_effect=httpx.ReadTimeout("lost"))
    remote = RemoteListing(PRODUCT, "K", ListingStatus.ACTIVE, (RemoteSku("KMJ-S", "11", 1, 1),))
    listing = await adapter.add_variants(
        remote, draft(variant("KMJ-S", "S"), variant("KMJ-L", "L"))
    )
    assert edit.call_count == 1
    assert "KMJ-L" in listing.sku_map()


@respx.mock
async def test_rename_sends_every_sku_with_its_id_and_the_new_seller_sku(
    adapter: TikTokAdapter,
) -> None:
    now = product(sku("11", "KMJ-S", "S"), sku("12", "KMJ-M", "M"))
    renamed = product(sku("11", "KMJ-S", "S"), sku("12", "KMJ-MED", "M"))
    respx.get(f"{API}/product/202309/products/{PRODUCT}").mock(side_effect=[ok(now), ok(renamed)])
    edit = respx.post(EDIT).mock(return_value=ok({"product_id": PRODUCT, "skus": []}))
    after = await adapter.rename_skus(REMOTE, {"KMJ-M": "KMJ-MED"})
    sent = json.loads(edit.calls.last.request.content)["skus"]
    assert [(s["id"], s["seller_sku"]) for s in sent] == [("11", "KMJ-S"), ("12", "KMJ-MED")]
    assert_signed(edit.calls.last.request)
    assert after.sku_map()["KMJ-MED"].remote_sku_id == "12"


@respx.mock
async def test_deactivate_and_activate(adapter: TikTokAdapter) -> None:
    down = respx.post(f"{API}/product/202309/products/deactivate").mock(return_value=ok({}))
    up = respx.post(f"{API}/product/202309/products/activate").mock(return_value=ok({}))
    unlisted = await adapter.unlist(REMOTE)
    assert unlisted.status is ListingStatus.INACTIVE
    assert json.loads(down.calls.last.request.content) == {"product_ids": [PRODUCT]}
    assert_signed(down.calls.last.request)
    relisted = await adapter.relist(unlisted)
    assert relisted.status is ListingStatus.ACTIVE
    assert json.loads(up.calls.last.request.content) == {"product_ids": [PRODUCT]}


@respx.mock
async def test_a_refusal_in_data_errors_is_rejected(adapter: TikTokAdapter) -> None:
    respx.post(f"{API}/product/202309/products/deactivate").mock(
        return_value=ok(
            {
                "errors": [
                    {
                        "code": 12019113,
                        "message": "product status is invalid",
                        "detail": {"product_id": PRODUCT},
                    }
                ]
            }
        )
    )
    with pytest.raises(Rejected, match="product status is invalid"):
        await adapter.unlist(REMOTE)


# ---- against the fake ------------------------------------------------------------------------
HARNESS_FAKE = TikTokFake  # the `harness` fixture's fake (tests/adapters/conftest.py)


async def test_existing_skus_keep_their_stock_when_a_size_is_added(harness: Harness) -> None:
    assert isinstance(harness.adapter, TikTokAdapter)
    created = await harness.adapter.create_listing(draft(variant("K-S", "S"), variant("K-M", "M")))
    fake = harness.fake
    assert isinstance(fake, TikTokFake)
    found = fake.find_sku("K-S")
    assert found is not None
    found[1]["stock"] = 2  # a buyer ordered three since the catalog was read
    await harness.adapter.add_variants(
        created, draft(variant("K-S", "S"), variant("K-M", "M"), variant("K-L", "L", 30_000, 7))
    )
    s, large = fake.sku_view("K-S"), fake.sku_view("K-L")
    assert s is not None and s.stock == 2
    assert large is not None and (large.price, large.stock, large.options) == (
        30_000,
        7,
        {"Ukuran": "L"},
    )


async def test_a_sku_left_out_of_an_edit_is_deleted_by_the_fake(harness: Harness) -> None:
    fake = harness.fake
    assert isinstance(fake, TikTokFake)
    product_id = fake.seed_listing(
        "Kemeja Batik Tulis Motif Parang Lengan",
        [("A", 1000, 1), ("B", 1000, 1)],
        options=[{"Ukuran": "S"}, {"Ukuran": "M"}],
    )
    kept = fake.products[product_id]["skus"][0]
    answer = fake.edit_skus(
        fake.products[product_id],
        [
            {
                "id": kept["id"],
                "seller_sku": "A",
                "price": {"amount": "1000", "currency": "IDR"},
                "inventory": [{"warehouse_id": "7300000000000000001", "quantity": 1}],
                "sales_attributes": [{"name": "Ukuran", "value_name": "S"}],
            }
        ],
    )
    assert json.loads(answer.content)["code"] == 0
    assert fake.sku_view("B") is None
    assert fake.sku_view("A") is not None


async def test_more_than_three_option_names_are_refused_before_anything_is_sent(
    harness: Harness,
) -> None:
    assert isinstance(harness.adapter, TikTokAdapter)
    created = await harness.adapter.create_listing(draft(variant("K-S", "S"), variant("K-M", "M")))
    sent = len(harness.fake.requests)
    four = {"Warna": "Merah", "Motif": "Parang", "Lengan": "Panjang"}
    with pytest.raises(Rejected, match="at most 3 option names"):
        await harness.adapter.add_variants(
            created,
            draft(
                variant("K-S", "S", **four),
                variant("K-M", "M", **four),
                variant("K-L", "L", **four),
            ),
        )
    assert [r for r in harness.fake.requests[sent:] if r.method == "POST"] == []
