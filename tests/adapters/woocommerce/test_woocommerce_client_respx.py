"""The wire as WooCommerce documents it: request shapes, error envelopes, headers the fake omits."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import respx

from coopsync.adapters import (
    AdapterContext,
    DraftVariant,
    ListingDraft,
    Outcome,
    StockUpdate,
)
from coopsync.errors import AuthExpired, ConfigError, ExitCode, Fatal, Rejected
from coopsync.platforms import create_adapter
from coopsync.sandbox.marketplace import MutableClock
from coopsync.secrets import redact
from coopsync_adapters.testing.harness import Sleeps, memory_context
from coopsync_adapters.testing.memory import MemoryKV, MemoryTokenStore
from coopsync_adapters.woocommerce.adapter import WooCommerceAdapter
from coopsync_adapters.woocommerce.settings import WooCommerceChannel

SHOP = "https://toko.example"
API = f"{SHOP}/wp-json/wc/v3"
CK = "ck_0123456789abcdef0123456789abcdef01234567"
CS = "cs_fedcba9876543210fedcba9876543210fedcba98"
NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def settings(url: str = SHOP, **more: Any) -> WooCommerceChannel:
    return WooCommerceChannel(
        platform="woocommerce", url=url, consumer_key=CK, consumer_secret=CS, **more
    )


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
async def adapter(sleeps: Sleeps) -> AsyncIterator[WooCommerceAdapter]:
    memory = MemoryKV()
    made = create_adapter(
        AdapterContext(
            channel="toko",
            settings=settings(),
            tokens=MemoryTokenStore(),
            memory=memory,
            clock=MutableClock(NOW),
            sleep=sleeps,
            base_dir=Path.cwd(),
        )
    )
    assert isinstance(made, WooCommerceAdapter)
    yield made
    await made.aclose()


def error(status: int, code: str, message: str, **headers: str) -> httpx.Response:
    body = {"code": code, "message": message, "data": {"status": status}}
    return httpx.Response(status, json=body, headers=headers)


def product(product_id: int, sku: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": product_id,
        "name": "Kopi Gayo",
        "type": "simple",
        "status": "publish",
        "sku": sku,
        "regular_price": "65000",
        "manage_stock": True,
        "stock_quantity": 4,
    } | fields


@respx.mock
async def test_revoked_keys_need_a_person_with_instructions(adapter: WooCommerceAdapter) -> None:
    respx.get(f"{API}/products").mock(
        return_value=error(401, "woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
    )
    with pytest.raises(AuthExpired) as caught:
        await adapter.find_by_sku(["KOPI"])
    assert caught.value.needs_human
    assert caught.value.exit_code == ExitCode.NEEDS_HUMAN
    assert caught.value.platform_code == "woocommerce_rest_cannot_view"
    text = str(caught.value)
    assert "coopsync connect" in text  # the keys are made again with `coopsync connect`
    assert CK not in text and CS not in text
    assert respx.calls.call_count == 1, "a refused key is not retried"


@respx.mock
async def test_a_wrong_clock_is_named_when_the_timestamp_is_refused(sleeps: Sleeps) -> None:
    respx.get(url__startswith="http://toko.example/wp-json/wc/v3/orders").mock(
        return_value=error(401, "woocommerce_rest_authentication_error", "Invalid timestamp.")
    )
    made = create_adapter(
        memory_context("toko", settings("http://toko.example"), MutableClock(NOW), sleep=sleeps)
    )
    with pytest.raises(AuthExpired) as caught:
        [o async for o in made.orders(NOW - timedelta(days=1), NOW)]
    await made.aclose()
    assert "clock" in str(caught.value)
    request = respx.calls.last.request
    assert "authorization" not in request.headers
    assert request.url.params["oauth_signature_method"] == "HMAC-SHA256"


@respx.mock
async def test_retry_after_is_honoured(adapter: WooCommerceAdapter, sleeps: Sleeps) -> None:
    respx.get(f"{API}/products").mock(
        side_effect=[
            httpx.Response(429, json={"code": "too_many"}, headers={"Retry-After": "7"}),
            httpx.Response(
                503,
                text="<html>Briefly unavailable for scheduled maintenance</html>",
                headers={"Retry-After": "12"},
            ),
            httpx.Response(200, json=[product(11, "KOPI")], headers={"X-WP-TotalPages": "1"}),
        ]
    )
    found = await adapter.find_by_sku(["KOPI"])
    assert found["KOPI"].remote_id == "11"
    assert sleeps.waits == [7.0, 12.0]


@respx.mock
async def test_missing_rest_api_is_fatal_with_a_permalink_hint(adapter: WooCommerceAdapter) -> None:
    respx.get(f"{API}/products").mock(
        return_value=error(404, "rest_no_route", "No route was found matching the URL.")
    )
    with pytest.raises(Fatal, match="no WooCommerce REST API") as caught:
        [listing async for listing in adapter.listings()]
    assert "permalinks" in str(caught.value)


@respx.mock
async def test_orders_are_asked_by_modification_time_in_gmt_oldest_id_first(
    adapter: WooCommerceAdapter,
) -> None:
    route = respx.get(f"{API}/orders").mock(
        return_value=httpx.Response(
            200, json=[], headers={"X-WP-Total": "0", "X-WP-TotalPages": "0"}
        )
    )
    since = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
    assert [o async for o in adapter.orders(since, NOW)] == []
    params = dict(route.calls[0].request.url.params)
    assert params == {
        "modified_after": "2026-10-31T23:59:59",
        "dates_are_gmt": "true",
        "orderby": "id",
        "order": "asc",
        "per_page": "100",
        "page": "1",
    }
    # Then the orders moved to the bin: the list leaves them out unless asked (issue 26).
    assert dict(route.calls.last.request.url.params) == params | {"status": "trash"}
    assert route.calls.last.request.headers["authorization"].startswith("Basic ")


@respx.mock
async def test_pages_end_on_a_short_page_when_headers_are_missing(
    adapter: WooCommerceAdapter,
) -> None:
    pages = [[product(i, f"S-{i}") for i in range(1, 101)], [product(101, "S-101")]]
    route = respx.get(f"{API}/products").mock(
        side_effect=[httpx.Response(200, json=page) for page in pages]
    )
    listed = [listing async for listing in adapter.listings()]
    assert len(listed) == 101
    assert route.call_count == 2


@respx.mock
async def test_stock_goes_through_batches_with_inline_errors(adapter: WooCommerceAdapter) -> None:
    simple = respx.post(f"{API}/products/batch").mock(
        return_value=httpx.Response(
            200,
            json={
                "update": [
                    product(11, "A", stock_quantity=5),
                    {
                        "id": 12,
                        "error": {
                            "code": "woocommerce_rest_product_invalid_id",
                            "message": "Invalid ID.",
                            "data": {"status": 400},
                        },
                    },
                ]
            },
        )
    )
    varied = respx.post(f"{API}/products/20/variations/batch").mock(
        return_value=httpx.Response(200, json={"update": [{"id": 21, "sku": "C-M"}]})
    )
    results = await adapter.push_stock(
        [
            StockUpdate("A", "11", "0", 5),
            StockUpdate("B", "12", "0", 6),
            StockUpdate("C-M", "20", "21", 7),
            StockUpdate("D", "abc", "0", 1),
        ]
    )
    assert [(r.sku, r.outcome) for r in results] == [
        ("A", Outcome.OK),
        ("B", Outcome.REJECTED),
        ("C-M", Outcome.OK),
        ("D", Outcome.REJECTED),
    ]
    assert "Invalid ID." in results[1].message
    assert json.loads(simple.calls.last.request.content) == {
        "update": [
            {"id": 11, "manage_stock": True, "stock_quantity": 5},
            {"id": 12, "manage_stock": True, "stock_quantity": 6},
        ]
    }
    assert json.loads(varied.calls.last.request.content) == {
        "update": [{"id": 21, "manage_stock": True, "stock_quantity": 7}]
    }


@respx.mock
async def test_a_batch_that_keeps_failing_is_transient_for_its_items(
    adapter: WooCommerceAdapter,
) -> None:
    respx.post(f"{API}/products/batch").mock(return_value=httpx.Response(502, text="Bad Gateway"))
    results = await adapter.push_stock([StockUpdate("A", "11", "0", 5)])
    assert [r.outcome for r in results] == [Outcome.TRANSIENT]
    assert "gave up" in results[0].message


@respx.mock
async def test_duplicate_sku_on_create_adopts_the_existing_product(
    adapter: WooCommerceAdapter,
) -> None:
    mock_units()
    respx.post(f"{API}/products").mock(
        return_value=httpx.Response(
            400,
            json={
                "code": "product_invalid_sku",
                "message": "Invalid or duplicated SKU.",
                "data": {"status": 400, "resource_id": 77, "unique_sku": "KOPI-1"},
            },
        )
    )
    respx.get(f"{API}/products").mock(
        return_value=httpx.Response(
            200, json=[product(77, "KOPI")], headers={"X-WP-TotalPages": "1"}
        )
    )
    draft = ListingDraft(
        product_id="KOPI",
        title="Kopi Gayo",
        description="",
        variants=(DraftVariant(sku="KOPI", price=65_000, stock=3),),
    )
    listing = await adapter.create_listing(draft)
    assert listing.remote_id == "77"


@respx.mock
async def test_a_refused_create_is_rejected_with_the_shops_words(
    adapter: WooCommerceAdapter,
) -> None:
    mock_units()
    respx.post(f"{API}/products").mock(
        return_value=httpx.Response(
            400,
            json={
                "code": "rest_invalid_param",
                "message": "Invalid parameter(s): regular_price",
                "data": {"status": 400, "params": {"regular_price": "not of type string."}},
            },
        )
    )
    draft = ListingDraft(
        product_id="TAS",
        title="Tas Pandan",
        description="",
        variants=(DraftVariant(sku="TAS", price=30_000, stock=3),),
    )
    with pytest.raises(Rejected) as caught:
        await adapter.create_listing(draft)
    assert caught.value.sku == "TAS"
    assert caught.value.platform_code == "rest_invalid_param"
    assert "regular_price" in caught.value.message


async def test_units_are_read_once_a_run_and_default_when_not_allowed(sleeps: Sleeps) -> None:
    def adapter_for_a_run() -> WooCommerceAdapter:
        return WooCommerceAdapter(
            memory_context("toko", settings(), MutableClock(NOW), sleep=sleeps)
        )

    with respx.mock:
        weight = respx.get(f"{API}/settings/products/woocommerce_weight_unit").mock(
            side_effect=[
                httpx.Response(200, json={"id": "woocommerce_weight_unit", "value": "g"}),
                error(404, "rest_setting_setting_invalid", "Invalid setting."),
            ]
        )
        respx.get(f"{API}/settings/products/woocommerce_dimension_unit").mock(
            return_value=httpx.Response(
                200, json={"id": "woocommerce_dimension_unit", "value": "mm"}
            )
        )
        made = adapter_for_a_run()
        first, again = await made.units(), await made.units()
        await made.aclose()
        assert (first.weight, first.dimension) == ("g", "mm") == (again.weight, again.dimension)
        assert weight.call_count == 1
        later = adapter_for_a_run()
        fallback = await later.units()
        await later.aclose()
        assert (fallback.weight, fallback.dimension) == ("kg", "cm")


@respx.mock
async def test_the_link_header_leads_when_the_page_count_is_missing(
    adapter: WooCommerceAdapter,
) -> None:
    link = f'<{API}/products?page=2>; rel="next", <{API}/products?page=2>; rel="last"'
    route = respx.get(f"{API}/products").mock(
        side_effect=[
            httpx.Response(200, json=[product(1, "S-1")], headers={"Link": link}),
            httpx.Response(200, json=[product(2, "S-2")], headers={"Link": '<x>; rel="prev"'}),
        ]
    )
    listed = [listing async for listing in adapter.listings()]
    assert [listing.remote_id for listing in listed] == ["1", "2"]
    assert route.call_count == 2


@respx.mock
async def test_a_firewall_page_is_not_mistaken_for_refused_keys(
    adapter: WooCommerceAdapter,
) -> None:
    respx.get(f"{API}/products").mock(
        return_value=httpx.Response(403, text="<html><h1>Access denied by Wordfence</h1></html>")
    )
    with pytest.raises(Fatal, match="HTTP 403") as caught:
        await adapter.find_by_sku(["KOPI"])
    assert "firewall" in str(caught.value)


def mock_units() -> None:
    respx.get(f"{API}/settings/products/woocommerce_weight_unit").mock(
        return_value=httpx.Response(200, json={"id": "woocommerce_weight_unit", "value": "kg"})
    )
    respx.get(f"{API}/settings/products/woocommerce_dimension_unit").mock(
        return_value=httpx.Response(200, json={"id": "woocommerce_dimension_unit", "value": "cm"})
    )


def test_a_url_that_is_not_a_web_address_is_a_config_error() -> None:
    # The config's validation refuses it first; the adapter still refuses it if built directly.
    unchecked = WooCommerceChannel.model_construct(
        platform="woocommerce", url="toko.example", consumer_key=CK, consumer_secret=CS
    )
    with pytest.raises(ConfigError, match="not a web address"):
        WooCommerceAdapter(memory_context("toko", unchecked, MutableClock(NOW)))


@respx.mock
async def test_base_url_overrides_the_shop_address_and_wp_json_is_tolerated(sleeps: Sleeps) -> None:
    route = respx.get("https://staging.toko.example/wp-json/wc/v3/products").mock(
        return_value=httpx.Response(200, json=[], headers={"X-WP-TotalPages": "0"})
    )
    made = WooCommerceAdapter(
        memory_context(
            "toko",
            settings(base_url="https://staging.toko.example/wp-json/"),
            MutableClock(NOW),
            sleep=sleeps,
        )
    )
    assert [listing async for listing in made.listings()] == []
    await made.aclose()
    assert route.called


@respx.mock
async def test_logs_hold_no_keys_or_signatures(
    sleeps: Sleeps, caplog: pytest.LogCaptureFixture
) -> None:
    respx.get(url__startswith="http://toko.example/wp-json/wc/v3/products").mock(
        side_effect=[
            httpx.Response(500, json={"code": "internal", "message": "db gone"}),
            httpx.Response(200, json=[], headers={"X-WP-TotalPages": "0"}),
        ]
    )
    made = WooCommerceAdapter(
        memory_context("toko", settings("http://toko.example"), MutableClock(NOW), sleep=sleeps)
    )
    with caplog.at_level(logging.DEBUG):
        assert [listing async for listing in made.listings()] == []
    await made.aclose()
    signature = respx.calls.last.request.url.params["oauth_signature"]
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("coopsync"))
    assert "GET /wp-json/wc/v3/products" in ours
    for secret in (CK, CS, signature, "oauth_"):
        assert secret not in ours
    # httpx itself logs whole URLs at INFO; the CLI's RedactingFilter must cover it.
    redacted = redact(caplog.text)
    for secret in (CK, CS, signature, quote(signature, safe="")):
        assert secret not in redacted


@respx.mock
async def test_php_notices_before_the_json_are_tolerated_with_a_warning(
    adapter: WooCommerceAdapter, caplog: pytest.LogCaptureFixture
) -> None:
    notice = (
        "\n<br />\n<b>Deprecated</b>:  Function create_function() is deprecated in "
        "<b>/home/toko/public_html/wp-content/plugins/ongkir/ongkir.php</b> on line "
        "<b>12</b><br />\n"
    )
    respx.get(f"{API}/products").mock(
        return_value=httpx.Response(
            200,
            content=(notice + json.dumps([product(11, "KOPI")])).encode(),
            headers={"X-WP-TotalPages": "1"},
        )
    )
    with caplog.at_level(logging.WARNING):
        found = await adapter.find_by_sku(["KOPI"])
    assert found["KOPI"].remote_id == "11"
    assert "display_errors" in caplog.text


@respx.mock
async def test_a_login_page_instead_of_json_stays_a_clear_error(
    adapter: WooCommerceAdapter,
) -> None:
    respx.get(f"{API}/products").mock(
        return_value=httpx.Response(200, text="<html><body>Warning: login to WiFi</body></html>")
    )
    with pytest.raises(Fatal, match="not JSON"):
        await adapter.find_by_sku(["KOPI"])
