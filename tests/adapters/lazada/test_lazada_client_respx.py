"""Lazada answers the fake does not model, on the wire: error envelopes, hosts, retries."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
import respx
from pydantic import SecretStr

from coopsync.adapters import AdapterContext, Outcome, PriceUpdate
from coopsync.errors import AuthExpired, Fatal
from coopsync.sandbox.marketplace import MutableClock
from coopsync_adapters.lazada.adapter import LazadaAdapter
from coopsync_adapters.lazada.client import sign
from coopsync_adapters.lazada.settings import LazadaChannel
from coopsync_adapters.testing.harness import Sleeps
from coopsync_adapters.testing.memory import MemoryKV, MemoryTokenStore

SECRET = "s3cret-app-key-for-respx"
API = "https://api.lazada.co.id/rest"
AUTH = "https://auth.example.test/rest"


class World:
    def __init__(self, **overrides: Any) -> None:
        self.clock = MutableClock()
        self.sleeps = Sleeps(self.clock)
        self.tokens = MemoryTokenStore()
        values: dict[str, Any] = {
            "platform": "lazada",
            "app_key": "100132",
            "app_secret": SecretStr(SECRET),
            "access_token": SecretStr("old-access-token"),
            "refresh_token": SecretStr("old-refresh-token"),
            "auth_url": AUTH,
        }
        values.update(overrides)
        self.settings = LazadaChannel(**values)
        self.adapter = LazadaAdapter(
            AdapterContext(
                channel="lazada",
                settings=self.settings,
                tokens=self.tokens,
                memory=MemoryKV(),
                clock=self.clock,
                sleep=self.sleeps,
            )
        )


@pytest.fixture
async def world() -> AsyncIterator[World]:
    w = World()
    yield w
    await w.adapter.aclose()


def envelope(code: str, message: str = "", **extra: Any) -> httpx.Response:
    return httpx.Response(
        200, json={"code": code, "type": "ISV", "message": message, "request_id": "0ba2", **extra}
    )


def products(*skus: str) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "code": "0",
            "request_id": "0ba2",
            "data": {
                "total_products": 1 if skus else 0,
                "products": [
                    {
                        "item_id": 1,
                        "status": "Active",
                        "attributes": {"name": "Tas"},
                        "skus": [
                            {"SellerSku": s, "SkuId": 10 + i, "price": 1000, "quantity": 3}
                            for i, s in enumerate(skus)
                        ],
                    }
                ]
                if skus
                else [],
            },
        },
    )


def signed_ok(request: httpx.Request, secret: str = SECRET) -> bool:
    params = dict(request.url.params)
    if request.headers.get("content-type", "").startswith("application/x-www-form"):
        params.update(parse_qsl(request.content.decode()))
    api_path = request.url.path.removeprefix("/rest")
    return params.pop("sign") == sign(secret, api_path, params)


@respx.mock
async def test_illegal_access_token_refreshes_at_the_auth_host_and_retries(world: World) -> None:
    listing = respx.get(f"{API}/products/get").mock(
        side_effect=[
            envelope("IllegalAccessToken", "The specified access token is invalid or expired"),
            products("TAS-1"),
        ]
    )
    refresh = respx.post(f"{AUTH}/auth/token/refresh").mock(
        return_value=httpx.Response(
            200,
            json={
                "code": "0",
                "access_token": "new-access-token",
                "refresh_token": "new-refresh-token",
                "expires_in": 604800,
                "refresh_expires_in": 2592000,
                "request_id": "0ba3",
            },
        )
    )
    found = await world.adapter.find_by_sku(["TAS-1"])
    assert "TAS-1" in found
    form = dict(parse_qsl(refresh.calls[0].request.content.decode()))
    assert form["refresh_token"] == "old-refresh-token"
    assert "access_token" not in form
    assert signed_ok(refresh.calls[0].request)
    assert listing.calls[1].request.url.params["access_token"] == "new-access-token"
    assert all(signed_ok(call.request) for call in listing.calls)
    saved = world.tokens.load_tokens("lazada")
    assert saved is not None and saved.refresh_token == "new-refresh-token"
    assert saved.access_expires_at == world.clock() + timedelta(days=7)


@respx.mock
async def test_a_refused_refresh_needs_a_human_and_shows_no_secret(world: World) -> None:
    respx.get(f"{API}/products/get").mock(return_value=envelope("IllegalAccessToken", "expired"))
    respx.post(f"{AUTH}/auth/token/refresh").mock(
        return_value=envelope("IllegalRefreshToken", "refresh token old-refresh-token expired")
    )
    with pytest.raises(AuthExpired) as caught:
        await world.adapter.find_by_sku(["TAS-1"])
    assert caught.value.needs_human
    assert "old-refresh-token" not in str(caught.value)
    assert SECRET not in str(caught.value)


@pytest.mark.parametrize("code", ["ApiCallLimit", "901", "ServiceTimeout", "ServiceUnavailable"])
@respx.mock
async def test_rate_and_busy_codes_in_http_200_are_retried(world: World, code: str) -> None:
    route = respx.get(f"{API}/products/get").mock(
        side_effect=[envelope(code, "slow down"), products("TAS-1")]
    )
    assert "TAS-1" in await world.adapter.find_by_sku(["TAS-1"])
    assert route.call_count == 2
    assert len(world.sleeps.waits) >= 1
    first, second = (c.request.url.params["timestamp"] for c in route.calls)
    assert int(second) > int(first), "a retry is signed afresh with a later timestamp"


@respx.mock
async def test_retry_after_of_a_429_is_honoured(world: World) -> None:
    respx.get(f"{API}/products/get").mock(
        side_effect=[httpx.Response(429, headers={"Retry-After": "7"}), products("TAS-1")]
    )
    assert "TAS-1" in await world.adapter.find_by_sku(["TAS-1"])
    assert 7.0 in world.sleeps.waits


@respx.mock
async def test_a_bad_signature_is_fatal_and_says_what_to_check(world: World) -> None:
    respx.get(f"{API}/products/get").mock(
        return_value=envelope(
            "IncompleteSignature", "The request signature does not conform to lazada standards"
        )
    )
    with pytest.raises(Fatal) as caught:
        await world.adapter.find_by_sku(["TAS-1"])
    assert caught.value.platform_code == "IncompleteSignature"
    assert "app_secret" in (caught.value.hint or "")
    assert SECRET not in str(caught.value)


@respx.mock
async def test_a_missing_parameter_on_a_read_is_fatal_not_retried(world: World) -> None:
    route = respx.get(f"{API}/products/get").mock(
        return_value=envelope("MISSING_PARAMETER", "missing required parameter: filter")
    )
    with pytest.raises(Fatal, match="missing required parameter"):
        await world.adapter.find_by_sku(["TAS-1"])
    assert route.call_count == 1


@respx.mock
async def test_a_platform_that_stays_busy_leaves_prices_transient(world: World) -> None:
    respx.post(f"{API}/product/price_quantity/update").mock(
        return_value=envelope("ServiceTimeout", "The service timeout")
    )
    results = await world.adapter.push_prices([PriceUpdate("A", "1", "10", 5000)])
    assert [r.outcome for r in results] == [Outcome.TRANSIENT]
    assert "gave up" in results[0].message


def price_route(bad: str, detail_names_sku: bool) -> Any:
    def respond(request: httpx.Request) -> httpx.Response:
        form = dict(parse_qsl(request.content.decode()))
        skus = [
            s["SellerSku"] for s in json.loads(form["payload"])["Request"]["Product"]["Skus"]["Sku"]
        ]
        if bad not in skus:
            return httpx.Response(200, json={"code": "0", "data": {}, "request_id": "1"})
        entry = {"field": "Price", "message": "BIZ_CHECK_SPECIAL_PRICE_RATE_OUT_OF_RANGE"}
        if detail_names_sku:
            entry["seller_sku"] = bad
        return envelope("501", "E501: Update product failed", detail=[entry])

    return respond


@pytest.mark.parametrize("names_sku", [True, False], ids=["sku-named", "sku-unnamed"])
@respx.mock
async def test_one_bad_sku_is_rejected_and_the_rest_resent(world: World, names_sku: bool) -> None:
    route = respx.post(f"{API}/product/price_quantity/update").mock(
        side_effect=price_route("B2", names_sku)
    )
    updates = [
        PriceUpdate(s, "1", str(10 + i), 5000) for i, s in enumerate(["B0", "B1", "B2", "B3"])
    ]
    results = await world.adapter.push_prices(updates)
    assert [(r.sku, r.outcome) for r in results] == [
        ("B0", Outcome.OK),
        ("B1", Outcome.OK),
        ("B2", Outcome.REJECTED),
        ("B3", Outcome.OK),
    ]
    assert "PRICE_RATE_OUT_OF_RANGE" in results[2].message
    # Named: one refused call, one re-send. Unnamed: halve [B0 B1 | B2 B3], then [B2 | B3].
    assert route.call_count == (2 if names_sku else 5)
    sent = route.calls[0].request
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert signed_ok(sent)


@respx.mock
async def test_base_url_overrides_the_regional_gateway() -> None:
    world = World(base_url="https://api.lazada.test/rest/", region="vn")
    route = respx.get("https://api.lazada.test/rest/products/get").mock(return_value=products())
    assert await world.adapter.find_by_sku(["X"]) == {}
    assert route.call_count == 1
    assert signed_ok(route.calls[0].request)
    await world.adapter.aclose()
