"""ShopeeFake enforces what Shopee enforces; the adapter survives what the fake throws at it."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import httpx
import pytest

from coopsync.adapters import OrderStatus
from coopsync.errors import Rejected
from coopsync.sandbox.marketplace import FakeLine, MutableClock
from coopsync_adapters.shopee.fake import PARTNER_ID, PARTNER_KEY, SHOP_ID, ShopeeFake
from coopsync_adapters.testing.conformance import AdapterConformance
from coopsync_adapters.testing.harness import Harness


class Wire:
    """A hand-signed Shopee caller (its own HMAC, not the adapter's)."""

    def __init__(self, fake: ShopeeFake, clock: MutableClock) -> None:
        self.fake = fake
        self.clock = clock
        self.http = httpx.AsyncClient(transport=fake, base_url="https://partner.shopeemobile.com")
        self.access = fake.tokens.initial_access

    def query(self, path: str, *, shop: bool = True, skew: int = 0, sign: str | None = None) -> Any:
        ts = str(int(self.clock().timestamp()) + skew)
        base = PARTNER_ID + path + ts + (self.access + SHOP_ID if shop else "")
        signature = hmac.new(PARTNER_KEY.encode(), base.encode(), hashlib.sha256).hexdigest()
        query: list[tuple[str, str]] = [("partner_id", PARTNER_ID), ("timestamp", ts)]
        if shop:
            query += [("access_token", self.access), ("shop_id", SHOP_ID)]
        return [*query, ("sign", sign or signature)]

    async def get(self, api: str, params: list[tuple[str, str]] | None = None, **kw: Any) -> Any:
        path = f"/api/v2/{api}"
        response = await self.http.get(path, params=[*self.query(path, **kw), *(params or [])])
        return response.status_code, response.json()

    async def post(self, api: str, body: dict[str, Any], **kw: Any) -> Any:
        path = f"/api/v2/{api}"
        response = await self.http.post(path, params=self.query(path, **kw), json=body)
        return response.status_code, response.json()


@pytest.fixture
async def wire() -> AsyncIterator[Wire]:
    clock = MutableClock()
    w = Wire(ShopeeFake(clock=clock), clock)
    yield w
    await w.http.aclose()


ITEMS = [("page_size", "10"), ("offset", "0"), ("item_status", "NORMAL")]


async def test_a_signed_call_within_five_minutes_is_served(wire: Wire) -> None:
    status, body = await wire.get("product/get_item_list", ITEMS, skew=-290)
    assert (status, body["error"]) == (200, "")
    assert body["response"]["has_next_page"] is False


async def test_a_timestamp_older_than_five_minutes_is_refused(wire: Wire) -> None:
    status, body = await wire.get("product/get_item_list", ITEMS, skew=-301)
    assert status == 403 and body["message"] == "Invalid timestamp"


async def test_a_wrong_signature_is_refused(wire: Wire) -> None:
    status, body = await wire.get("product/get_item_list", ITEMS, sign="0" * 64)
    assert (status, body["error"]) == (403, "error_sign")


async def test_access_tokens_live_four_hours(wire: Wire) -> None:
    wire.clock.advance(timedelta(hours=4) - timedelta(seconds=1))
    assert (await wire.get("product/get_item_list", ITEMS))[1]["error"] == ""
    wire.clock.advance(timedelta(seconds=1))
    assert (await wire.get("product/get_item_list", ITEMS))[1]["error"] == "error_auth"


async def test_refresh_tokens_are_single_use(wire: Wire) -> None:
    first = wire.fake.tokens.initial_refresh
    body = {"refresh_token": first, "partner_id": int(PARTNER_ID), "shop_id": int(SHOP_ID)}
    status, answer = await wire.post("auth/access_token/get", body, shop=False)
    assert status == 200 and answer["expire_in"] == 14400
    assert answer["refresh_token"] != first
    status, again = await wire.post("auth/access_token/get", body, shop=False)
    assert again["error"] and "refresh_token" in again["message"]
    # The old access token keeps working for 5 minutes after a refresh, then stops.
    assert (await wire.get("product/get_item_list", ITEMS))[1]["error"] == ""
    wire.clock.advance(timedelta(minutes=5))
    assert (await wire.get("product/get_item_list", ITEMS))[1]["error"] == "error_auth"
    wire.access = answer["access_token"]
    assert (await wire.get("product/get_item_list", ITEMS))[1]["error"] == ""


@pytest.mark.parametrize(
    "params",
    [
        [("page_size", "101"), ("offset", "0"), ("item_status", "NORMAL")],
        [("page_size", "10"), ("offset", "0"), ("item_status", "NORMAL,UNLIST")],
        [("page_size", "10"), ("offset", "0")],
    ],
)
async def test_item_list_limits(wire: Wire, params: list[tuple[str, str]]) -> None:
    assert (await wire.get("product/get_item_list", params))[1]["error"] == "error_param"


async def test_item_base_info_takes_at_most_fifty_ids(wire: Wire) -> None:
    ids = ",".join(str(800_000_000 + i) for i in range(51))
    _status, body = await wire.get("product/get_item_base_info", [("item_id_list", ids)])
    assert body["error"] == "error_param"


def order_query(days: float, page_size: int = 100) -> list[tuple[str, str]]:
    end = 1_800_000_000
    return [
        ("time_range_field", "update_time"),
        ("time_from", str(end - int(days * 86400))),
        ("time_to", str(end)),
        ("page_size", str(page_size)),
    ]


async def test_order_windows_are_at_most_fifteen_days(wire: Wire) -> None:
    assert (await wire.get("order/get_order_list", order_query(15)))[1]["error"] == ""
    _status, body = await wire.get("order/get_order_list", order_query(15.01))
    assert body["error"] == "order.order_list_invalid_time"
    assert (await wire.get("order/get_order_list", order_query(1, 101)))[1]["error"]


async def test_stock_updates_take_one_item_and_at_most_fifty_models(wire: Wire) -> None:
    item = wire.fake.seed_listing(
        "Kaos Polos Katun Combed Banyak Warna",
        [(f"K-{i}", 20_000, 1) for i in range(51)],
        options=[{"Warna": f"W{i}"} for i in range(51)],
    )
    models = [
        {"model_id": int(v.remote_sku_id), "seller_stock": [{"stock": 3}]}
        for v in (wire.fake.sku_view(f"K-{i}") for i in range(51))
        if v is not None
    ]
    _, body = await wire.post("product/update_stock", {"item_id": int(item), "stock_list": models})
    assert body["error"] == "error_param"
    _, body = await wire.post(
        "product/update_stock", {"item_id": [int(item)], "stock_list": models[:1]}
    )
    assert body["error"] == "error_param"
    _status, body = await wire.post(
        "product/update_stock", {"item_id": int(item), "stock_list": models[:50]}
    )
    assert len(body["response"]["success_list"]) == 50


async def test_order_detail_fields_appear_only_when_named(wire: Wire) -> None:
    wire.fake.seed_listing("Tas Anyaman Pandan Motif Bunga", [("TAS", 30_000, 5)])
    order_sn = wire.fake.place_order([FakeLine("TAS", 2)])
    plain = (await wire.get("order/get_order_detail", [("order_sn_list", order_sn)]))[1]
    assert "item_list" not in plain["response"]["order_list"][0]
    named = await wire.get(
        "order/get_order_detail",
        [("order_sn_list", order_sn), ("response_optional_fields", "item_list,total_amount")],
    )
    detail = named[1]["response"]["order_list"][0]
    assert detail["total_amount"] == 60_000
    assert detail["item_list"][0]["model_quantity_purchased"] == 2


def test_stock_follows_orders_and_cancellations() -> None:
    fake = ShopeeFake(clock=MutableClock())
    fake.seed_listing("Tas Anyaman Pandan Motif Bunga", [("TAS", 30_000, 5)])
    order_sn = fake.place_order([FakeLine("TAS", 2)])
    view = fake.sku_view("TAS")
    assert view is not None and view.stock == 3
    fake.set_order_status(order_sn, OrderStatus.CANCELLED)
    view = fake.sku_view("TAS")
    assert view is not None and view.stock == 5


def test_state_survives_a_json_round_trip() -> None:
    clock = MutableClock()
    fake = ShopeeFake(clock=clock, seed=7)
    fake.seed_listing("Tas Anyaman Pandan Motif Bunga", [("TAS", 30_000, 5)])
    order_sn = fake.place_order([FakeLine("TAS", 1)])
    fake.reject_sku("TAS", "no")
    state = json.loads(json.dumps(fake.to_state()))
    again = ShopeeFake(clock=clock, seed=7)
    again.load_state(state)
    assert again.order_ids() == [order_sn]
    assert again.sku_view("TAS") == fake.sku_view("TAS")
    assert again.settings().refresh_token == fake.settings().refresh_token
    assert again.catalog.rejected == {"TAS": "no"}


# ---- the adapter against the fake's harder cases ----------------------------------------------
HARNESS_FAKE = ShopeeFake  # the `harness` fixture's fake (tests/adapters/conftest.py)


async def test_no_order_is_missed_when_orders_change_between_pages(harness: Harness) -> None:
    fake = harness.fake
    fake.seed_listing("Tas Anyaman Pandan Motif Bunga", [("TAS", 30_000, 100_000)])
    start = harness.clock() - timedelta(days=5)
    ids = [
        fake.place_order([FakeLine("TAS", 1)], at=start + timedelta(minutes=20 * i))
        for i in range(260)
    ]
    harness.clock.advance(timedelta(minutes=5))
    until = harness.clock()

    def five_orders_on_page_one_ship() -> None:
        for order_sn in ids[:5]:
            fake.set_order_status(order_sn, OrderStatus.SHIPPED)

    fake.during_order_pull(five_orders_on_page_one_ship)
    pulled = [o.order_id async for o in harness.adapter.orders(until - timedelta(days=6), until)]
    assert len(pulled) == len(set(pulled))
    assert set(pulled) == set(ids)


async def test_a_window_read_in_one_page_is_listed_once(harness: Harness) -> None:
    harness.fake.seed_listing("Tas Anyaman Pandan Motif Bunga", [("TAS", 30_000, 100)])
    harness.fake.place_order([FakeLine("TAS", 1)], at=harness.clock() - timedelta(days=1))
    until = harness.clock() + timedelta(seconds=1)
    orders = [o async for o in harness.adapter.orders(until - timedelta(days=40), until)]
    assert len(orders) == 1
    assert harness.fake.calls_to("get_order_list") == 3  # three 15-day windows, one page each
    assert harness.fake.calls_to("get_order_detail") == 1


async def test_a_created_listing_carries_its_link(harness: Harness) -> None:
    draft = replace(AdapterConformance().draft("LINK-1"), category_id="100018")
    created = await harness.adapter.create_listing(draft)
    assert created.url == f"https://shopee.co.id/product/{SHOP_ID}/{created.remote_id}"
    assert harness.fake.calls_to("get_channel_list") == 1


async def test_a_missing_mandatory_attribute_is_the_platforms_message(harness: Harness) -> None:
    draft = replace(AdapterConformance().draft("ATTR-1"), category_id="100017", attributes={})
    with pytest.raises(Rejected, match="Mandatory attribute 100134"):
        await harness.adapter.create_listing(draft)
