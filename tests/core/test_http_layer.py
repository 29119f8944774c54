"""The shared HTTP layer: what retries, what does not, and how tokens are kept fresh."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import respx

from coopsync.adapters import TokenPair
from coopsync.errors import AuthExpired, Fatal, RateLimited, Rejected, Transient
from coopsync.http import (
    HttpLayer,
    RateLimiter,
    RetryPolicy,
    TokenManager,
    parse_retry_after,
    read_json,
)
from coopsync.sandbox.marketplace import MutableClock
from coopsync_adapters.testing.harness import Sleeps
from coopsync_adapters.testing.memory import MemoryKV, MemoryTokenStore

URL = "https://api.example.test/v1/stock"


def parse(response: httpx.Response) -> dict[str, object]:
    body = read_json(response, "toko")
    if response.status_code >= 500:
        raise Transient("server error", channel="toko")
    if body.get("error") == "busy":
        raise Transient("busy", channel="toko", platform_code="busy")
    if body.get("error") == "token":
        raise AuthExpired("token expired", channel="toko", platform_code="token")
    if body.get("error") == "param":
        raise Rejected("bad stock", channel="toko", platform_code="param")
    return body


def layer(sleeps: Sleeps, **kwargs: object) -> HttpLayer:
    return HttpLayer(channel="toko", sleep=sleeps, retry=RetryPolicy(attempts=4), **kwargs)  # type: ignore[arg-type]


def build_with_stamp(stamps: list[str]):  # type: ignore[no-untyped-def]
    counter = iter(range(1000))

    def build(token: str | None) -> httpx.Request:
        stamp = str(next(counter))
        stamps.append(stamp)
        return httpx.Request("GET", URL, params={"ts": stamp, "token": token or ""})

    return build


@respx.mock
async def test_busy_in_200_is_retried_and_every_attempt_is_signed_afresh() -> None:
    route = respx.get(URL).mock(
        side_effect=[
            httpx.Response(200, json={"error": "busy"}),
            httpx.Response(503, text="<html>down</html>"),
            httpx.Response(200, json={"error": "", "ok": True}),
        ]
    )
    sleeps = Sleeps()
    stamps: list[str] = []
    http = layer(sleeps)
    result = await http.send(
        build_with_stamp(stamps), parse, what="push stock", authenticated=False
    )
    assert result["ok"] is True
    assert route.call_count == 3
    assert stamps == ["0", "1", "2"]
    assert [c.request.url.params["ts"] for c in route.calls] == ["0", "1", "2"]
    assert len(sleeps.waits) == 2
    assert http.stats.requests == 3 and http.stats.retries == 2


@respx.mock
async def test_rejected_is_not_retried() -> None:
    route = respx.get(URL).mock(return_value=httpx.Response(200, json={"error": "param"}))
    http = layer(Sleeps())
    with pytest.raises(Rejected):
        await http.send(build_with_stamp([]), parse, what="push stock", authenticated=False)
    assert route.call_count == 1


@respx.mock
async def test_retry_after_is_honoured() -> None:
    respx.get(URL).mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "7"}, json={}),
            httpx.Response(200, json={"error": ""}),
        ]
    )
    sleeps = Sleeps()
    await layer(sleeps).send(build_with_stamp([]), parse, what="x", authenticated=False)
    assert sleeps.waits == [7.0]


@respx.mock
async def test_gives_up_with_a_clear_transient_error() -> None:
    respx.get(URL).mock(side_effect=httpx.ConnectTimeout("slow"))
    with pytest.raises(Transient) as caught:
        await layer(Sleeps()).send(
            build_with_stamp([]), parse, what="pull orders", authenticated=False
        )
    assert "pull orders" in str(caught.value)
    assert "4 attempts" in str(caught.value)


@respx.mock
async def test_html_page_on_200_is_fatal_with_hint() -> None:
    respx.get(URL).mock(return_value=httpx.Response(200, text="<html>login</html>"))
    with pytest.raises(Fatal) as caught:
        await layer(Sleeps()).send(build_with_stamp([]), parse, what="x", authenticated=False)
    assert "not JSON" in str(caught.value)
    assert "base_url" in str(caught.value)


def make_tokens(
    clock: MutableClock, refresher, store: MemoryTokenStore | None = None, access: str | None = "A0"
) -> TokenManager:  # type: ignore[no-untyped-def]
    return TokenManager(
        channel="toko",
        store=store or MemoryTokenStore(),
        memory=MemoryKV(),
        clock=clock,
        refresher=refresher,
        configured_access=access,
        configured_refresh="R0",
    )


@respx.mock
async def test_auth_error_refreshes_once_and_saves_before_use() -> None:
    clock = MutableClock()
    store = MemoryTokenStore()
    used_refresh: list[str] = []

    async def refresher(refresh_token: str) -> TokenPair:
        used_refresh.append(refresh_token)
        return TokenPair("A1", "R1", clock() + timedelta(hours=4), clock() + timedelta(days=30))

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.params["token"] == "A0":
            return httpx.Response(200, json={"error": "token"})
        # The new pair must already be durable when it is first used.
        assert store.pairs["toko"].access_token == "A1"
        return httpx.Response(200, json={"error": ""})

    respx.get(URL).mock(side_effect=answer)
    tokens = make_tokens(clock, refresher, store)
    http = layer(Sleeps(), tokens=tokens)
    await http.send(build_with_stamp([]), parse, what="x")
    assert used_refresh == ["R0"]
    assert store.pairs["toko"].refresh_token == "R1"


async def test_concurrent_callers_refresh_only_once() -> None:
    clock = MutableClock()
    calls = 0

    async def refresher(refresh_token: str) -> TokenPair:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        return TokenPair(f"A{calls}", f"R{calls}", clock() + timedelta(hours=4))

    tokens = make_tokens(clock, refresher, access=None)
    got = await asyncio.gather(*(tokens.access_token() for _ in range(10)))
    assert calls == 1
    assert set(got) == {"A1"}


async def test_token_near_expiry_is_refreshed_ahead() -> None:
    clock = MutableClock()

    async def refresher(refresh_token: str) -> TokenPair:
        return TokenPair("A-new", "R-new", clock() + timedelta(hours=4))

    tokens = make_tokens(clock, refresher, access=None)
    assert await tokens.access_token() == "A-new"
    clock.advance(timedelta(hours=3, minutes=54))
    assert await tokens.access_token() == "A-new"
    tokens._refresher = lambda rt: _pair(clock, "A-newer")  # type: ignore[method-assign,assignment]
    clock.advance(timedelta(minutes=2))
    assert await tokens.access_token() == "A-newer"


async def _pair(clock: MutableClock, access: str) -> TokenPair:
    return TokenPair(access, "R", clock() + timedelta(hours=4))


async def test_refused_refresh_needs_a_human() -> None:
    clock = MutableClock()

    async def refresher(refresh_token: str) -> TokenPair:
        raise Rejected("invalid refresh_token", channel="toko", platform_code="error_param")

    tokens = make_tokens(clock, refresher, access=None)
    with pytest.raises(AuthExpired) as caught:
        await tokens.access_token()
    assert caught.value.needs_human
    assert caught.value.exit_code == 4
    assert "R0" not in str(caught.value)


async def test_stored_pair_wins_until_the_user_pastes_a_new_refresh_token() -> None:
    clock = MutableClock()
    store = MemoryTokenStore()
    memory = MemoryKV()

    async def refresher(refresh_token: str) -> TokenPair:
        return TokenPair("A-" + refresh_token, "R-next", clock() + timedelta(hours=4))

    def manager(refresh: str) -> TokenManager:
        return TokenManager(
            channel="toko",
            store=store,
            memory=memory,
            clock=clock,
            refresher=refresher,
            configured_access=None,
            configured_refresh=refresh,
        )

    assert await manager("R0").access_token() == "A-R0"
    # Next run: config still says R0 (already used up); the stored pair is used instead.
    assert manager("R0").current == store.pairs["toko"]
    assert store.pairs["toko"].refresh_token == "R-next"
    # The user authorised again and pasted a new token: it wins.
    assert await manager("R-fresh").access_token() == "A-R-fresh"


async def test_rate_limiter_paces_calls() -> None:
    now = [0.0]
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(2.0, burst=1, monotonic=lambda: now[0], sleep=sleep)
    for _ in range(5):
        await limiter.acquire()
    assert sum(waits) == pytest.approx(2.0)


def test_retry_after_parses_seconds_and_dates() -> None:
    now = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("Fri, 20 Nov 2026 03:00:10 GMT", now) == 10.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_rate_limited_carries_retry_after() -> None:
    response = httpx.Response(429, headers={"Retry-After": "2"}, request=httpx.Request("GET", URL))
    with pytest.raises(RateLimited) as caught:
        read_json(response, "toko")
    assert caught.value.retry_after == 2.0
    assert json.dumps({"x": 1})


async def test_rate_limiter_with_an_instant_sleep_does_not_spin() -> None:
    waits: list[float] = []

    async def instant(seconds: float) -> None:
        waits.append(seconds)

    limiter = RateLimiter(50.0, burst=1, monotonic=lambda: 100.0, sleep=instant)
    for _ in range(200):
        await limiter.acquire()
    assert len(waits) == 199
    assert sum(waits) == pytest.approx(199 / 50)


async def test_nothing_else_runs_between_the_platforms_token_answer_and_its_save() -> None:
    """A single-use refresh token is lost if the process dies after the platform rotated it
    and before coopsync stored the new one. That window must not yield to the event loop:
    other channels' work (CPU, fsyncs) would otherwise widen it."""
    clock = MutableClock()
    window = {"open": False, "others_ran": 0}

    class RotatingPlatform(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            await asyncio.sleep(0)  # the round trip itself may suspend
            window["open"] = True  # the platform has rotated (and kept) the refresh token
            return httpx.Response(200, json={"access_token": "A1", "refresh_token": "R1"})

    class WatchedStore(MemoryTokenStore):
        def save_tokens(self, channel: str, tokens: TokenPair) -> None:
            window["open"] = False
            super().save_tokens(channel, tokens)

    http = layer(Sleeps(), transport=RotatingPlatform())

    async def refresher(refresh_token: str) -> TokenPair:
        def parse_pair(response: httpx.Response) -> TokenPair:
            body = read_json(response, "toko")
            return TokenPair(
                body["access_token"], body["refresh_token"], clock() + timedelta(hours=4)
            )

        return await http.send(
            lambda _: httpx.Request("POST", URL), parse_pair, what="refresh", authenticated=False
        )

    store = WatchedStore()
    tokens = make_tokens(clock, refresher, store, access=None)

    async def other_channel() -> None:
        while True:
            if window["open"]:
                window["others_ran"] += 1
            await asyncio.sleep(0)

    other = asyncio.create_task(other_channel())
    await asyncio.sleep(0)
    assert await tokens.access_token() == "A1"
    other.cancel()
    assert store.pairs["toko"].refresh_token == "R1"
    assert window["others_ran"] == 0
