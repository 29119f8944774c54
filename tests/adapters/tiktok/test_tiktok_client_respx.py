"""TikTok Shop on the wire: exact request shapes and how each envelope code is handled.

These cover what the fake does not model: the platform's answers are mocked with respx.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import respx

from coopsync.adapters import AdapterContext, Outcome, PriceUpdate, StockUpdate
from coopsync.errors import AuthExpired, Fatal, Rejected
from coopsync.sandbox.marketplace import MutableClock
from coopsync_adapters.testing.harness import Sleeps
from coopsync_adapters.testing.memory import MemoryKV, MemoryTokenStore
from coopsync_adapters.tiktok.adapter import TikTokAdapter
from coopsync_adapters.tiktok.client import sign
from coopsync_adapters.tiktok.settings import TikTokChannel

API = "https://open-api.tiktokglobalshop.com"
AUTH = "https://auth.tiktok-shops.com"
SECRET = "respx-app-secret-123"
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def ok(data: Any, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status, json={"code": 0, "message": "Success", "request_id": "r", "data": data}
    )


def error(code: int, message: str, status: int = 200, **headers: str) -> httpx.Response:
    body = {"code": code, "message": message, "request_id": "r", "data": None}
    return httpx.Response(status, json=body, headers=headers)


def make(**overrides: Any) -> tuple[TikTokAdapter, Sleeps, MemoryTokenStore]:
    values: dict[str, Any] = {
        "platform": "tokopedia",
        "app_key": "key123",
        "app_secret": SECRET,
        "access_token": "access-1",
        "refresh_token": "refresh-1",
        "shop_cipher": "ROW_cipher",
    }
    values.update(overrides)
    sleeps, tokens = Sleeps(), MemoryTokenStore()
    context = AdapterContext(
        channel="tokped",
        settings=TikTokChannel.model_validate(values),
        tokens=tokens,
        memory=MemoryKV(),
        clock=MutableClock(NOW),
        sleep=sleeps,
    )
    return TikTokAdapter(context), sleeps, tokens


def query_of(request: httpx.Request) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(str(request.url)).query, keep_blank_values=True))


def product(pid: str = "1729", sku: str = "A-1") -> dict[str, Any]:
    return {
        "id": pid,
        "title": "Tas Anyaman Pandan Motif Bunga",
        "status": "ACTIVATE",
        "skus": [
            {
                "id": "sku-" + sku,
                "seller_sku": sku,
                "price": {"currency": "IDR", "tax_exclusive_price": "30000.00"},
                "inventory": [{"warehouse_id": "w", "quantity": 4}],
            }
        ],
    }


@respx.mock
async def test_search_request_is_signed_over_decoded_values_and_percent_encoded() -> None:
    adapter, _, _ = make()
    token = "+/+/WzE3MjldIA=="
    route = respx.post(f"{API}/product/202309/products/search").mock(
        side_effect=[
            ok({"products": [product("1")], "next_page_token": token, "total_count": 2}),
            ok({"products": [product("2", "B-1")], "next_page_token": "", "total_count": 2}),
        ]
    )
    listed = [listing async for listing in adapter.listings()]
    assert [listing.remote_id for listing in listed] == ["1", "2"]
    assert listed[0].url == "https://shop.tiktok.com/view/product/1"
    second = route.calls[1].request
    assert "page_token=%2B%2F%2B%2FWzE3MjldIA%3D%3D" in str(second.url)
    query = query_of(second)
    assert query["page_token"] == token
    assert query["timestamp"] == str(int(NOW.timestamp()))
    assert query["shop_cipher"] == "ROW_cipher" and query["app_key"] == "key123"
    assert "access_token" not in query
    assert second.headers["x-tts-access-token"] == "access-1"
    assert second.headers["content-type"] == "application/json"
    assert query["sign"] == sign(SECRET, second.url.path, query, second.content)
    await adapter.aclose()


@respx.mock
async def test_image_upload_is_multipart_without_shop_cipher_and_unsigned_body(
    tmp_path: Any,
) -> None:
    adapter, _, _ = make()
    adapter.context.base_dir = tmp_path
    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    upload = respx.post(f"{API}/product/202309/images/upload").mock(
        return_value=ok({"uri": "tos/1", "url": "https://img/1"})
    )
    from coopsync.adapters import ImageRef

    assert await adapter._image_uri(ImageRef("a.png")) == "tos/1"
    assert await adapter._image_uri(ImageRef("a.png")) == "tos/1"  # cached by content hash
    assert upload.call_count == 1
    request = upload.calls[0].request
    query = query_of(request)
    assert "shop_cipher" not in query
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert query["sign"] == sign(SECRET, request.url.path, query, None)
    await adapter.aclose()


@respx.mock
async def test_rate_limit_code_with_retry_after_is_retried() -> None:
    adapter, sleeps, _ = make()
    respx.post(f"{API}/product/202309/products/1/inventory/update").mock(
        side_effect=[
            error(36009002, "Too many requests.", 429, **{"Retry-After": "3"}),
            ok({}),
        ]
    )
    results = await adapter.push_stock([StockUpdate("A-1", "1", "sku-A-1", 7)])
    assert [r.outcome for r in results] == [Outcome.OK]
    assert 3.0 in sleeps.waits
    await adapter.aclose()


@respx.mock
async def test_expired_token_code_refreshes_on_the_auth_host_and_saves_first() -> None:
    adapter, _, tokens = make(auth_url="https://auth.example.test")
    expires = int((NOW + timedelta(days=7)).timestamp())
    refresh = respx.get("https://auth.example.test/api/v2/token/refresh").mock(
        return_value=ok(
            {
                "access_token": "access-2",
                "access_token_expire_in": expires,
                "refresh_token": "refresh-2",
                "refresh_token_expire_in": expires + 86400 * 300,
            }
        )
    )
    search = respx.post(f"{API}/product/202309/products/search").mock(
        side_effect=[
            error(105002, "Expired credentials. The `x-tts-access-token` header has expired."),
            ok({"products": [product()], "total_count": 1}),
        ]
    )
    found = await adapter.find_by_sku(["A-1"])
    assert found["A-1"].sku_map()["A-1"].price == 30_000
    assert query_of(refresh.calls[0].request) == {
        "app_key": "key123",
        "app_secret": SECRET,
        "refresh_token": "refresh-1",
        "grant_type": "refresh_token",
    }
    assert search.calls[1].request.headers["x-tts-access-token"] == "access-2"
    saved = tokens.history[-1][1]
    assert (saved.access_token, saved.refresh_token) == ("access-2", "refresh-2")
    assert saved.access_expires_at == datetime.fromtimestamp(expires, UTC)
    await adapter.aclose()


@respx.mock
async def test_refused_refresh_needs_a_human_and_shows_no_secret() -> None:
    adapter, _, _ = make(access_token=None)
    respx.get(f"{AUTH}/api/v2/token/refresh").mock(
        return_value=error(36004004, "Invalid refresh token.")
    )
    with pytest.raises(AuthExpired) as caught:
        await adapter.find_by_sku(["A-1"])
    assert caught.value.needs_human
    assert SECRET not in str(caught.value) and "refresh-1" not in str(caught.value)
    await adapter.aclose()


@respx.mock
async def test_bad_signature_is_fatal_with_advice() -> None:
    adapter, _, _ = make()
    respx.post(f"{API}/product/202309/products/search").mock(
        return_value=error(
            106001, "Invalid credentials. The `sign` query parameter is invalid.", 401
        )
    )
    with pytest.raises(Fatal) as caught:
        await adapter.find_by_sku(["A-1"])
    assert caught.value.platform_code == "106001"
    assert "app_secret" in (caught.value.hint or "")
    await adapter.aclose()


@respx.mock
async def test_stale_timestamp_points_at_the_clock() -> None:
    adapter, _, _ = make()
    message = (
        "Invalid timestamp. The value of the `timestamp` query parameter must not be earlier "
        "than 5 minutes before the current time."
    )
    respx.post(f"{API}/return_refund/202309/returns/search").mock(
        return_value=error(36009004, message)
    )
    with pytest.raises(Fatal) as caught:
        [o async for o in adapter.orders(NOW - timedelta(days=1), NOW)]
    assert "clock" in (caught.value.hint or "")
    await adapter.aclose()


@respx.mock
async def test_internal_error_that_persists_leaves_items_transient() -> None:
    adapter, sleeps, _ = make()
    route = respx.post(f"{API}/product/202309/products/1/inventory/update").mock(
        return_value=error(36009003, "Internal error. Please try again.")
    )
    results = await adapter.push_stock([StockUpdate("A-1", "1", "sku-A-1", 7)])
    assert results[0].outcome is Outcome.TRANSIENT
    assert route.call_count == 5 and len(sleeps.waits) == 4
    await adapter.aclose()


@respx.mock
async def test_inventory_errors_inside_a_success_reject_only_those_skus() -> None:
    adapter, _, _ = make(warehouse_id="W1")
    route = respx.post(f"{API}/product/202309/products/1/inventory/update").mock(
        return_value=ok(
            {
                "errors": [
                    {
                        "code": 12019024,
                        "message": "stock count is invalid",
                        "detail": {"sku_id": "s2", "extra_errors": []},
                    }
                ]
            }
        )
    )
    results = await adapter.push_stock(
        [StockUpdate("A", "1", "s1", 3), StockUpdate("B", "1", "s2", 4)]
    )
    assert [(r.sku, r.outcome) for r in results] == [("A", Outcome.OK), ("B", Outcome.REJECTED)]
    assert "stock count is invalid" in results[1].message
    body = json.loads(route.calls[0].request.content)
    assert body == {
        "skus": [
            {"id": "s1", "inventory": [{"quantity": 3, "warehouse_id": "W1"}]},
            {"id": "s2", "inventory": [{"quantity": 4, "warehouse_id": "W1"}]},
        ]
    }
    await adapter.aclose()


@respx.mock
async def test_refused_price_update_is_split_to_find_the_refused_sku() -> None:
    adapter, _, _ = make()

    def answer(request: httpx.Request) -> httpx.Response:
        skus = json.loads(request.content)["skus"]
        if any(s["id"] == "s2" for s in skus):
            return error(12052073, "The product price is invalid")
        assert skus[0]["price"] == {"amount": "45000", "currency": "IDR"}
        return ok({})

    route = respx.post(f"{API}/product/202309/products/1/prices/update").mock(side_effect=answer)
    results = await adapter.push_prices(
        [PriceUpdate("A", "1", "s1", 45_000), PriceUpdate("B", "1", "s2", 45_000)]
    )
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.REJECTED]
    assert "price is invalid" in results[1].message and "12052073" in results[1].message
    assert route.call_count == 3  # the product at once, then each SKU alone
    await adapter.aclose()


async def test_out_of_range_values_are_refused_before_sending() -> None:
    adapter, _, _ = make()
    stock = await adapter.push_stock([StockUpdate("A", "1", "s1", 100_000)])
    price = await adapter.push_prices([PriceUpdate("A", "1", "s1", 50)])
    assert stock[0].outcome is Outcome.REJECTED and "99999" in stock[0].message
    assert price[0].outcome is Outcome.REJECTED and "100-100000000" in price[0].message
    await adapter.aclose()


@respx.mock
async def test_a_success_without_data_is_a_clear_error() -> None:
    adapter, _, _ = make()
    respx.post(f"{API}/product/202309/products/search").mock(
        return_value=httpx.Response(200, json={"code": 0, "message": "Success", "request_id": "r"})
    )
    with pytest.raises(Fatal, match="no data"):
        await adapter.find_by_sku(["A-1"])
    await adapter.aclose()


@respx.mock
async def test_base_url_overrides_the_host_and_orders_use_update_time_ascending() -> None:
    adapter, _, _ = make(base_url="https://tts-test.example.test/")
    returns = respx.post("https://tts-test.example.test/return_refund/202309/returns/search").mock(
        return_value=ok({"return_orders": [], "next_page_token": "", "total_count": 0})
    )
    search = respx.post("https://tts-test.example.test/order/202309/orders/search").mock(
        return_value=ok({"orders": [{"id": "9"}], "next_page_token": "", "total_count": 1})
    )
    detail = respx.get("https://tts-test.example.test/order/202309/orders").mock(
        return_value=ok(
            {
                "orders": [
                    {
                        "id": "9",
                        "status": "AWAITING_COLLECTION",
                        "create_time": 1763600000,
                        "update_time": 1763601000,
                        "payment": {"currency": "IDR", "total_amount": "61000"},
                        "line_items": [
                            {
                                "id": "91",
                                "seller_sku": "A",
                                "sale_price": "30000",
                                "display_status": "AWAITING_COLLECTION",
                            },
                            {
                                "id": "92",
                                "seller_sku": "A",
                                "sale_price": "30000",
                                "display_status": "AWAITING_COLLECTION",
                            },
                        ],
                    }
                ]
            }
        )
    )
    since = NOW - timedelta(days=2, microseconds=500)
    orders = [o async for o in adapter.orders(since, NOW)]
    assert [(o.order_id, o.total, [(ln.sku, ln.quantity) for ln in o.lines]) for o in orders] == [
        ("9", 61_000, [("A", 1), ("A", 1)])
    ]
    query = query_of(search.calls[0].request)
    assert (query["sort_field"], query["sort_order"], query["page_size"]) == (
        "update_time",
        "ASC",
        "100",
    )
    assert json.loads(search.calls[0].request.content) == {
        "update_time_ge": int(since.timestamp()) + 1,
        "update_time_lt": int(NOW.timestamp()),
    }
    assert query_of(detail.calls[0].request)["ids"] == "9"
    # Every type and status: refunds without return count too (issue 26).
    assert json.loads(returns.calls[0].request.content) == {
        "update_time_ge": int(since.timestamp()) + 1,
        "update_time_lt": int(NOW.timestamp()),
    }
    await adapter.aclose()


@respx.mock
async def test_a_delivered_order_with_a_completed_return_is_returned() -> None:
    adapter, _, _ = make()

    def returns_answer(request: httpx.Request) -> httpx.Response:
        filters = json.loads(request.content)
        if "order_ids" not in filters:  # the window search: nothing new
            return ok({"return_orders": [], "next_page_token": "", "total_count": 0})
        assert filters["order_ids"] == ["7"]
        done = {
            "order_id": "7",
            "return_type": "RETURN_AND_REFUND",
            "return_status": "RETURN_OR_REFUND_REQUEST_COMPLETE",
            "return_line_items": [{"order_line_item_id": "L1"}],
        }
        return ok({"return_orders": [done], "next_page_token": "", "total_count": 1})

    respx.post(f"{API}/return_refund/202309/returns/search").mock(side_effect=returns_answer)
    respx.post(f"{API}/order/202309/orders/search").mock(
        return_value=ok({"orders": [{"id": "7"}], "next_page_token": "", "total_count": 1})
    )
    line = {"seller_sku": "A", "sale_price": "30000", "display_status": "DELIVERED"}
    respx.get(f"{API}/order/202309/orders").mock(
        return_value=ok(
            {
                "orders": [
                    {
                        "id": "7",
                        "status": "DELIVERED",
                        "create_time": 1763600000,
                        "update_time": 1763601000,
                        "line_items": [{**line, "id": "L1"}, {**line, "id": "L2"}],
                    }
                ]
            }
        )
    )
    (order,) = [o async for o in adapter.orders(NOW - timedelta(days=1), NOW)]
    assert order.status.value == "shipped"
    assert sorted((ln.line_id, ln.quantity, ln.status.value) for ln in order.lines) == [
        ("L1", 1, "returned"),
        ("L2", 1, "shipped"),
    ]
    await adapter.aclose()


def test_rejected_errors_carry_the_platform_code() -> None:
    from coopsync_adapters.tiktok.client import error_for

    refused = error_for(12052051, "The product name exceed max limit characters", channel="c")
    assert isinstance(refused, Rejected) and refused.platform_code == "12052051"
