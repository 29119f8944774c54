"""Shopee on the wire with respx: request shapes and error envelopes the fake does not model."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from coopsync.adapters import AdapterContext, ImageRef, Outcome, PriceUpdate, StockUpdate
from coopsync.errors import AuthExpired, Fatal, RateLimited, Rejected, Transient
from coopsync_adapters.shopee.adapter import ShopeeAdapter
from coopsync_adapters.shopee.envelope import error_for
from coopsync_adapters.shopee.settings import ShopeeChannel
from coopsync_adapters.testing.harness import Sleeps
from coopsync_adapters.testing.memory import MemoryKV, MemoryTokenStore

HOST = "https://partner.shopeemobile.com"
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
KEY = "partner-key-for-respx-tests-0001"


def ok(response: dict[str, Any]) -> httpx.Response:
    return httpx.Response(
        200, json={"request_id": "r1", "error": "", "message": "", "response": response}
    )


def failed(error: str, message: str, status: int = 200) -> httpx.Response:
    return httpx.Response(status, json={"request_id": "r1", "error": error, "message": message})


def settings(**overrides: Any) -> ShopeeChannel:
    values: dict[str, Any] = {
        "platform": "shopee",
        "partner_id": "2001887",
        "partner_key": KEY,
        "shop_id": "88001234",
        "access_token": "access-token-0001",
        "refresh_token": "refresh-token-0001",
    }
    return ShopeeChannel.model_validate(values | overrides)


class Shop:
    def __init__(self, **overrides: Any) -> None:
        self.tokens = MemoryTokenStore()
        self.sleeps = Sleeps()
        self.adapter = ShopeeAdapter(
            AdapterContext(
                channel="shopee",
                settings=settings(**overrides),
                tokens=self.tokens,
                memory=MemoryKV(),
                clock=lambda: NOW,
                sleep=self.sleeps,
                base_dir=Path.cwd(),
            )
        )


@pytest.fixture
async def shop() -> AsyncIterator[Shop]:
    s = Shop()
    yield s
    await s.adapter.aclose()


def stock(sku: str = "TAS-1", item: str = "800000001", model: str = "0", n: int = 4) -> StockUpdate:
    return StockUpdate(sku=sku, remote_id=item, remote_sku_id=model, stock=n)


def applied(request: httpx.Request) -> httpx.Response:
    """Shopee's answer when every model of the call was updated."""
    models = json.loads(request.content)["stock_list"]
    return ok({"failure_list": [], "success_list": [{"model_id": m["model_id"]} for m in models]})


@respx.mock
async def test_item_status_is_sent_as_repeated_keys(shop: Shop) -> None:
    route = respx.get(f"{HOST}/api/v2/product/get_item_list").mock(
        return_value=ok({"item": [], "total_count": 0, "has_next_page": False})
    )
    assert [listing async for listing in shop.adapter.listings()] == []
    params = route.calls.last.request.url.params
    assert params.get_list("item_status") == ["NORMAL", "UNLIST", "REVIEWING", "BANNED"]
    assert params["page_size"] == "100" and params["offset"] == "0"
    assert {"partner_id", "timestamp", "sign", "access_token", "shop_id"} <= set(params)


@respx.mock
async def test_update_stock_is_one_item_per_call_with_its_models(shop: Shop) -> None:
    route = respx.post(f"{HOST}/api/v2/product/update_stock").mock(side_effect=applied)
    results = await shop.adapter.push_stock([stock(), stock("KAOS-S", "800000002", "9001", 7)])
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.OK]
    bodies = sorted((json.loads(c.request.content) for c in route.calls), key=str)
    assert bodies == [
        {"item_id": 800000001, "stock_list": [{"model_id": 0, "seller_stock": [{"stock": 4}]}]},
        {"item_id": 800000002, "stock_list": [{"model_id": 9001, "seller_stock": [{"stock": 7}]}]},
    ]
    for call in route.calls:  # the body is not signed; the common parameters ride the query
        assert call.request.headers["content-type"] == "application/json"
        assert "sign" in call.request.url.params


@respx.mock
async def test_more_than_fifty_models_of_one_item_are_split(shop: Shop) -> None:
    route = respx.post(f"{HOST}/api/v2/product/update_stock").mock(side_effect=applied)
    updates = [stock(f"V-{i}", "800000001", str(1000 + i)) for i in range(120)]
    results = await shop.adapter.push_stock(updates)
    assert [r.sku for r in results] == [u.sku for u in updates]
    assert {r.outcome for r in results} == {Outcome.OK}
    sizes = sorted(len(json.loads(c.request.content)["stock_list"]) for c in route.calls)
    assert sizes == [20, 50, 50]


@respx.mock
async def test_failure_list_rejects_only_its_models(shop: Shop) -> None:
    respx.post(f"{HOST}/api/v2/product/update_price").mock(
        return_value=ok(
            {
                "failure_list": [{"model_id": 2, "failed_reason": "Price is too low."}],
                "success_list": [{"model_id": 1, "original_price": 30000.0}],
            }
        )
    )
    results = await shop.adapter.push_prices(
        [PriceUpdate("A", "5", "1", 30_000), PriceUpdate("B", "5", "2", 50)]
    )
    assert [(r.sku, r.outcome, r.message) for r in results] == [
        ("A", Outcome.OK, ""),
        ("B", Outcome.REJECTED, "Price is too low."),
    ]


@respx.mock
async def test_an_item_level_error_in_a_200_rejects_that_items_skus(shop: Shop) -> None:
    respx.post(f"{HOST}/api/v2/product/update_stock").mock(
        side_effect=lambda request: (
            failed("error_item_not_found", "Item 800000009 not found.")
            if json.loads(request.content)["item_id"] == 800000009
            else applied(request)
        )
    )
    results = await shop.adapter.push_stock([stock(), stock("GONE", "800000009")])
    assert results[0].outcome is Outcome.OK
    assert results[1].outcome is Outcome.REJECTED
    assert "not found" in results[1].message


@respx.mock
async def test_a_call_still_busy_after_retries_is_transient_for_its_items(shop: Shop) -> None:
    respx.post(f"{HOST}/api/v2/product/update_stock").mock(
        return_value=failed("error_system_busy", "System is busy.")
    )
    results = await shop.adapter.push_stock([stock()])
    assert results[0].outcome is Outcome.TRANSIENT
    assert "gave up after 5 attempts" in results[0].message
    assert len(shop.sleeps.waits) == 4


@respx.mock
async def test_wrong_signature_stops_the_run_with_a_hint(shop: Shop) -> None:
    respx.post(f"{HOST}/api/v2/product/update_stock").mock(
        return_value=failed("error_sign", "Wrong sign.", 403)
    )
    with pytest.raises(Fatal) as caught:
        await shop.adapter.push_stock([stock()])
    assert "partner_key" in str(caught.value)
    assert KEY not in str(caught.value)


@respx.mock
async def test_retry_after_on_429_is_honoured(shop: Shop) -> None:
    respx.get(f"{HOST}/api/v2/logistics/get_channel_list").mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "7"}, json={"error": "", "message": ""}),
            ok({"logistics_channel_list": [{"logistics_channel_id": 8003, "enabled": True}]}),
        ]
    )
    assert await shop.adapter._logistics() == [8003]
    assert shop.sleeps.waits == [7.0]


@respx.mock
async def test_refresh_posts_the_single_use_token_and_saves_the_new_pair_first(
    shop: Shop,
) -> None:
    calls: list[str] = []
    item_list = respx.get(f"{HOST}/api/v2/product/get_item_list")
    item_list.side_effect = [
        failed("error_auth", "Invalid access_token.", 403),
        ok({"item": [], "total_count": 0, "has_next_page": False}),
    ]

    def refreshed(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        assert "access_token" not in request.url.params
        assert json.loads(request.content) == {
            "refresh_token": "refresh-token-0001",
            "partner_id": 2001887,
            "shop_id": 88001234,
        }
        return httpx.Response(
            200,
            json={
                "request_id": "r",
                "error": "",
                "message": "",
                "access_token": "access-token-0002",
                "refresh_token": "refresh-token-0002",
                "expire_in": 14400,
            },
        )

    respx.post(f"{HOST}/api/v2/auth/access_token/get").mock(side_effect=refreshed)
    assert [listing async for listing in shop.adapter.listings()] == []
    saved = shop.tokens.pairs["shopee"]
    assert (saved.access_token, saved.refresh_token) == ("access-token-0002", "refresh-token-0002")
    assert saved.access_expires_at == NOW + timedelta(hours=4)
    assert item_list.calls.last.request.url.params["access_token"] == "access-token-0002"


@respx.mock
async def test_a_refused_refresh_needs_a_human(shop: Shop) -> None:
    respx.get(f"{HOST}/api/v2/product/get_item_list").mock(
        return_value=failed("error_auth", "Invalid access_token.", 403)
    )
    respx.post(f"{HOST}/api/v2/auth/access_token/get").mock(
        return_value=failed("error_param", "Invalid refresh_token.", 400)
    )
    with pytest.raises(AuthExpired) as caught:
        [listing async for listing in shop.adapter.listings()]
    assert caught.value.needs_human
    assert "refresh-token-0001" not in str(caught.value)


@respx.mock
async def test_base_url_overrides_the_host() -> None:
    shop = Shop(base_url="https://openplatform.sandbox.test-stable.shopee.sg/")
    route = respx.get(
        "https://openplatform.sandbox.test-stable.shopee.sg/api/v2/product/get_item_list"
    ).mock(return_value=ok({"item": [], "total_count": 0, "has_next_page": False}))
    assert [listing async for listing in shop.adapter.listings()] == []
    assert route.called
    await shop.adapter.aclose()


@respx.mock
async def test_images_are_uploaded_as_multipart_once_per_content(
    shop: Shop, tmp_path: Path
) -> None:
    route = respx.post(f"{HOST}/api/v2/media_space/upload_image").mock(
        return_value=ok({"image_info": {"image_id": "img-1", "image_url_list": []}})
    )
    (tmp_path / "a.png").write_bytes(b"\x89PNG same bytes")
    (tmp_path / "b.png").write_bytes(b"\x89PNG same bytes")
    shop.adapter.context.base_dir = tmp_path
    assert await shop.adapter._image_id(ImageRef("a.png")) == "img-1"
    assert await shop.adapter._image_id(ImageRef("b.png")) == "img-1"
    assert route.call_count == 1
    request = route.calls.last.request
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert b'name="image"; filename="a.png"' in request.content


@respx.mock
async def test_an_image_url_is_downloaded_and_cached_by_url(shop: Shop) -> None:
    respx.get("https://example.org/batik.jpg").mock(
        return_value=httpx.Response(200, content=b"\xff\xd8 jpeg")
    )
    upload = respx.post(f"{HOST}/api/v2/media_space/upload_image").mock(
        return_value=ok({"image_info": {"image_id": "img-9"}})
    )
    ref = ImageRef("https://example.org/batik.jpg")
    assert await shop.adapter._image_id(ref) == "img-9"
    assert await shop.adapter._image_id(ref) == "img-9"
    assert upload.call_count == 1


@respx.mock
async def test_pinned_logistics_skip_the_channel_list() -> None:
    shop = Shop(logistic_ids=[8003])
    route = respx.get(f"{HOST}/api/v2/logistics/get_channel_list")
    assert await shop.adapter._logistics() == [8003]
    assert not route.called
    await shop.adapter.aclose()


@pytest.mark.parametrize(
    ("code", "message", "status", "item_level", "expected"),
    [
        ("error_auth", "Invalid access_token.", 403, False, AuthExpired),
        ("invalid_acceess_token", "", 403, False, AuthExpired),
        ("error_sign", "Wrong sign.", 403, False, Fatal),
        ("error_param", "Invalid timestamp.", 403, False, Fatal),
        ("error_system_busy", "busy", 200, False, Transient),
        ("error_inner", "Inner error.", 500, False, Transient),
        ("error_param", "stock should be between 0 and 999999", 200, True, Rejected),
        ("error_param", "page_size should be at most 100", 400, False, Fatal),
        ("error_unknown", "boom", 503, False, Transient),
        ("", "", 429, False, RateLimited),
        ("error_rate_limit", "Too many requests.", 200, False, RateLimited),
        ("common.error_auth", "Invalid access_token.", 403, False, AuthExpired),
        ("order.order_list_invalid_time", "diff in 15days.", 200, False, Fatal),
        ("error_auth", "No permission to current api", 403, False, Fatal),
        ("error_auth", "partner_id is invalid", 403, False, Fatal),
        ("error_limit", "daily API call limit", 200, False, Fatal),
        ("source_ip_undeclared", "Request Source IP is undeclared.", 403, False, Fatal),
        ("error_network", "Inner http call failed", 200, False, Transient),
        ("error_server", "System error. Please try again later.", 200, True, Transient),
        ("error_param", "Invalid timestamp", 403, True, Fatal),
        ("error_not_found", "the item is not found", 200, True, Rejected),
    ],
)
def test_error_codes_map_to_error_classes(
    code: str, message: str, status: int, item_level: bool, expected: type[Exception]
) -> None:
    error = error_for(code, message, status=status, channel="s", what="x", item_level=item_level)
    assert type(error) is expected


@pytest.mark.parametrize("code", ["shop_no_linked", "shop_access_expired", "refresh_token_expired"])
def test_a_lapsed_authorisation_needs_a_human_at_once(code: str) -> None:
    error = error_for(code, "Partner and shop has no linked.", status=403, channel="s", what="x")
    assert isinstance(error, AuthExpired) and error.needs_human
    assert error.hint and "authorise" in error.hint


def test_an_undeclared_ip_says_where_to_declare_it() -> None:
    error = error_for("source_ip_undeclared", "", status=403, channel="s", what="x")
    assert error.hint and "IP Address Whitelist" in error.hint


@respx.mock
async def test_an_absolute_expire_in_is_read_as_a_time(shop: Shop) -> None:
    at = int((NOW + timedelta(hours=3)).timestamp())
    respx.post(f"{HOST}/api/v2/auth/access_token/get").mock(
        return_value=httpx.Response(
            200,
            json={"error": "", "access_token": "a-2", "refresh_token": "r-2", "expire_in": at},
        )
    )
    pair = await shop.adapter.client.refresh("refresh-token-0001")
    assert pair.access_expires_at == NOW + timedelta(hours=3)
