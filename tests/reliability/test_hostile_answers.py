"""Hostile platform answers: random JSON, wrong types, huge numbers, unicode, empty bodies.

Whatever a marketplace (or a proxy in front of it) answers to a listing or order read, the
adapter ends in listings/orders or in a CoopsyncError the engine reports for that channel —
never an unexpected exception (a traceback, "a bug in coopsync").
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopsync.errors import CoopsyncError
from coopsync.sandbox.marketplace import FakeMarketplace, MutableClock
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.shopee.fake import ShopeeFake
from coopsync_adapters.testing.harness import make_harness
from coopsync_adapters.tiktok.fake import TikTokFake
from coopsync_adapters.woocommerce.fake import WooCommerceFake

FAKES: dict[str, Callable[[MutableClock], FakeMarketplace]] = {
    "shopee": lambda clock: ShopeeFake(clock=clock),
    "lazada": lambda clock: LazadaFake(clock=clock),
    "tiktok": lambda clock: TikTokFake(clock=clock),
    "woocommerce": lambda clock: WooCommerceFake(clock=clock),
}
# The reads whose answers are replaced (token and shop calls are left to the fake).
READS = re.compile(r"(order|product|item|returns|seller/get)", re.IGNORECASE)

NUMBERS = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
)
SCALARS = st.one_of(
    st.none(), st.booleans(), NUMBERS, st.text(max_size=12), st.sampled_from(["0", "", "ok"])
)
KEYS = st.sampled_from(
    [
        "code", "data", "response", "error", "message", "result", "orders", "order_list",
        "items", "item", "products", "skus", "total_count", "next_page_token", "more",
        "next_cursor", "id", "order_id", "status", "order_status", "seller_sku", "sku",
        "stock_info_v2", "price", "price_info", "update_time", "create_time", "line_items",
        "item_list", "has_next_page", "total", "count", "offset", "Skus", "SellerSku",
        "quantity", "statuses", "updated_at", "date_modified_gmt", "stock_quantity",
    ]
) | st.text(max_size=6)  # fmt: skip
JSONISH = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=30,
)
BODIES = st.one_of(
    JSONISH.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=40),
    st.just(b""),
    st.text(max_size=30).map(str.encode),
)


class Hostile(httpx.AsyncBaseTransport):
    """The fake, except that reads get `body` as their answer (HTTP `status`)."""

    def __init__(self, fake: FakeMarketplace, body: bytes, status: int) -> None:
        self.fake, self.body, self.status = fake, body, status
        self.served = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if READS.search(request.url.path) and "token" not in request.url.path:
            self.served += 1
            return httpx.Response(
                self.status,
                content=self.body,
                headers={"content-type": "application/json"},
                request=request,
            )
        return await self.fake.handle_async_request(request)


async def _read(platform: str, what: str, body: bytes, status: int) -> None:
    h = make_harness(FAKES[platform])
    h.fake.seed_listing("Tas Anyaman Pandan Buatan Tangan", [("TAS-1", 25_000, 4)])
    hostile = Hostile(h.fake, body, status)
    http = getattr(getattr(h.adapter, "client", h.adapter), "http", None)
    assert http is not None
    http._client._transport = hostile
    try:
        if what == "listings":
            async for _ in h.adapter.listings():
                pass
        else:
            now = h.clock()
            async for _ in h.adapter.orders(now - timedelta(days=2), now):
                pass
    except CoopsyncError:
        pass  # reported on the channel, with a message
    finally:
        await h.adapter.aclose()
    assert hostile.served > 0, "the hostile answer was never read"


@pytest.mark.parametrize("platform", sorted(FAKES))
@pytest.mark.parametrize("what", ["listings", "orders"])
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(body=BODIES, status=st.sampled_from([200, 200, 200, 400, 404, 500]))
def test_any_answer_ends_in_results_or_a_reported_error(
    platform: str, what: str, body: bytes, status: int
) -> None:
    asyncio.run(_read(platform, what, body, status))
