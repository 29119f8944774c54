"""The one HTTP layer every adapter uses: retries, rate limits, token refresh, error classes.

An adapter gives `send` two functions: `build(access_token)` makes a freshly signed request
(called again on every attempt, so timestamps are always fresh) and `parse(response)` reads the
platform's envelope and raises one of the error classes. This layer does the rest, once.
"""

from __future__ import annotations

import asyncio
import email.utils
import functools
import hashlib
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import httpx
from pydantic import SecretStr
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception_type,
    stop_after_attempt,
)

from coopsync.adapters import AdapterContext, Clock, KeyValueStore, TokenPair, TokenStore
from coopsync.errors import AuthExpired, Fatal, RateLimited, Rejected, Transient
from coopsync.i18n import t
from coopsync.pacing import RateLimiter, Sleep, WindowLimiter
from coopsync.secrets import redact, register_secret

if TYPE_CHECKING:
    import ssl

__all__ = [
    "AuthExpired",
    "Fatal",
    "HttpLayer",
    "HttpStats",
    "RateLimited",
    "RateLimiter",
    "Rejected",
    "RetryPolicy",
    "TokenManager",
    "Transient",
    "WindowLimiter",
    "channel_http",
    "channel_tokens",
    "create_at_most_once",
    "parse_retry_after",
    "read_json",
]

log = logging.getLogger("coopsync.http")
T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How hard to try before a transient failure is reported."""

    attempts: int = 5
    base_wait: float = 0.5
    max_wait: float = 30.0
    timeout: float = 30.0


@dataclass
class HttpStats:
    """Counters for the run summary and the benchmarks."""

    requests: int = 0
    retries: int = 0
    refreshes: int = 0
    by_path: dict[str, int] = field(default_factory=dict)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def read_json(response: httpx.Response, channel: str) -> Any:
    """The JSON body, or a clear error for HTML pages, truncated or empty bodies."""
    status = response.status_code
    if status == 429:
        raise RateLimited(
            "the platform asks us to slow down (HTTP 429)",
            channel=channel,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
        )
    try:
        return json.loads(response.content)
    except (ValueError, UnicodeDecodeError):
        snippet = redact(response.text[:80].replace("\n", " ")) if response.content else "empty"
        message = f"the platform answered HTTP {status} with a body that is not JSON ({snippet!r})"
        if status >= 500 or status in (408, 425):
            raise Transient(message, channel=channel) from None
        raise Fatal(
            message,
            channel=channel,
            hint="the platform may be down or the base_url may be wrong; check it and try again",
        ) from None


def raise_for_status(response: httpx.Response, channel: str) -> None:
    """Generic HTTP failures for platforms whose envelope did not explain them."""
    status = response.status_code
    if status == 429:
        raise RateLimited(
            "the platform asks us to slow down (HTTP 429)",
            channel=channel,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
        )
    if status >= 500 or status in (408, 425):
        raise Transient(f"the platform had a problem (HTTP {status})", channel=channel)
    if status in (401, 403):
        raise AuthExpired(f"the platform refused our credentials (HTTP {status})", channel=channel)
    if status >= 400:
        raise Fatal(f"the platform refused the request (HTTP {status})", channel=channel)


class TokenManager:
    """Keeps a channel's access token fresh; saves every new pair before it is used."""

    def __init__(
        self,
        *,
        channel: str,
        store: TokenStore,
        memory: KeyValueStore,
        clock: Clock,
        refresher: Callable[[str], Awaitable[TokenPair]],
        configured_access: str | None,
        configured_refresh: str | None,
        margin: timedelta = timedelta(minutes=5),
        reauthorise_hint: str | None = None,
    ) -> None:
        self.channel = channel
        self._store = store
        self._memory = memory
        self._clock = clock
        self._refresher = refresher
        self._margin = margin
        self._hint = reauthorise_hint or t("connect.fix", "en", channel=channel)
        self._lock = asyncio.Lock()
        self.refreshes = 0
        self._current = self._initial(configured_access, configured_refresh)

    def _initial(self, access: str | None, refresh: str | None) -> TokenPair | None:
        # A refresh token in the config that differs from the one last seeded means the user
        # authorised again: it wins over whatever pair the state holds.
        seed = hashlib.sha256((refresh or "").encode()).hexdigest()
        stored = self._store.load_tokens(self.channel)
        if stored is not None and self._memory.get_value(self.channel, "token_seed") == seed:
            register_secret(stored.access_token)
            register_secret(stored.refresh_token)
            return stored
        if not refresh:
            return stored
        self._memory.set_value(self.channel, "token_seed", seed)
        # A configured access token of unknown age is tried until the platform refuses it.
        pair = TokenPair(
            access_token=access or "",
            refresh_token=refresh,
            access_expires_at=self._clock() + (timedelta(minutes=30) if access else timedelta()),
        )
        self._store.save_tokens(self.channel, pair)
        return pair

    @property
    def current(self) -> TokenPair | None:
        return self._current

    async def access_token(self) -> str:
        """A token good for a few more minutes, refreshing first when it is not."""
        pair = self._current
        if pair is None:
            raise AuthExpired(
                "no access or refresh token is configured",
                channel=self.channel,
                needs_human=True,
                hint=self._hint,
            )
        if not pair.access_token or pair.access_expires_at - self._margin <= self._clock():
            return await self.refresh(stale=pair.access_token)
        return pair.access_token

    async def refresh(self, stale: str | None) -> str:
        """Refresh once even when many calls notice expiry at the same moment."""
        async with self._lock:
            pair = self._current
            if pair is None:
                raise AuthExpired(
                    "no refresh token", channel=self.channel, needs_human=True, hint=self._hint
                )
            if pair.access_token and pair.access_token != stale:
                return pair.access_token  # another task refreshed meanwhile
            if pair.refresh_expires_at is not None and pair.refresh_expires_at <= self._clock():
                raise AuthExpired(
                    "the refresh token has expired",
                    channel=self.channel,
                    needs_human=True,
                    hint=self._hint,
                )
            try:
                new = await self._refresher(pair.refresh_token)
            except (AuthExpired, Rejected, Fatal) as exc:
                raise AuthExpired(
                    f"the platform refused to refresh the access token: {exc.message}",
                    channel=self.channel,
                    platform_code=exc.platform_code,
                    needs_human=True,
                    hint=self._hint,
                ) from None
            register_secret(new.access_token)
            register_secret(new.refresh_token)
            # Single-use refresh tokens: the new pair must be durable before anything uses it.
            self._store.save_tokens(self.channel, new)
            self._current = new
            self.refreshes += 1
            log.info("[%s] access token refreshed", self.channel)
            return new.access_token


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """httpx's default TLS context (certifi's CA bundle, SSL_CERT_FILE/DIR), made once."""
    return httpx.create_ssl_context()


class HttpLayer:
    """httpx + tenacity + a rate limiter + token refresh, for one channel."""

    def __init__(
        self,
        *,
        channel: str,
        transport: httpx.AsyncBaseTransport | None = None,
        rate_limit: float | None = None,
        retry: RetryPolicy | None = None,
        sleep: Sleep | None = None,
        tokens: TokenManager | None = None,
    ) -> None:
        self.channel = channel
        self.retry = retry or RetryPolicy()
        self._sleep: Sleep = sleep or asyncio.sleep
        self.limiter = WindowLimiter(rate_limit, sleep=self._sleep)
        self.tokens = tokens
        self.stats = HttpStats()
        self._client = httpx.AsyncClient(
            transport=transport,
            timeout=httpx.Timeout(self.retry.timeout, connect=min(10.0, self.retry.timeout)),
            follow_redirects=False,
            # One TLS context for every channel: loading the CA certificates costs ~50 ms.
            verify=True if transport is not None else _tls_context(),
        )

    @property
    def client(self) -> httpx.AsyncClient:
        return self._client

    @property
    def sleep(self) -> Sleep:
        """The sleep this layer backs off with (instant in tests)."""
        return self._sleep

    async def aclose(self) -> None:
        await self._client.aclose()

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, RateLimited) and exc.retry_after is not None:
            return min(exc.retry_after, self.retry.max_wait * 4)
        # "Equal jitter": half the exponential step is certain, half random, so that retries
        # spread out but never come back at once (and always carry a new timestamp).
        step = float(
            min(self.retry.max_wait, self.retry.base_wait * 2 ** (state.attempt_number - 1))
        )
        return step / 2 + random.uniform(0, step / 2)

    async def send(
        self,
        build: Callable[[str | None], httpx.Request],
        parse: Callable[[httpx.Response], T],
        *,
        what: str,
        authenticated: bool = True,
        attempts: int | None = None,
    ) -> T:
        """Send with retries; `what` names the call in logs and errors (never secrets).

        `attempts=1` is for calls that are not idempotent (creating a listing): the adapter
        checks whether a lost call took effect before it tries again.
        """
        refreshed = False
        while True:
            token = await self.tokens.access_token() if (authenticated and self.tokens) else None
            try:
                return await self._send_with_retries(build, parse, token, what, attempts)
            except AuthExpired as exc:
                if exc.needs_human or refreshed or not authenticated or self.tokens is None:
                    if not exc.needs_human and self.tokens is not None and authenticated:
                        exc.needs_human = True
                        exc.hint = exc.hint or self.tokens._hint
                    raise
                refreshed = True
                self.stats.refreshes += 1
                await self.tokens.refresh(stale=token)

    async def _send_with_retries(
        self,
        build: Callable[[str | None], httpx.Request],
        parse: Callable[[httpx.Response], T],
        token: str | None,
        what: str,
        attempts: int | None,
    ) -> T:
        attempt_no = 0
        retrying = AsyncRetrying(
            retry=retry_if_exception_type(Transient),
            stop=stop_after_attempt(attempts or self.retry.attempts),
            wait=self._wait,
            sleep=self._sleep,
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    attempt_no += 1
                    if attempt_no > 1:
                        self.stats.retries += 1
                    return await self._once(build, parse, token, what, attempt_no)
        except Transient as exc:
            exc.message = f"{what}: gave up after {attempt_no} attempts: {exc.message}"
            exc.hint = exc.hint or "the platform may be down; the next run will try again"
            raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def _once(
        self,
        build: Callable[[str | None], httpx.Request],
        parse: Callable[[httpx.Response], T],
        token: str | None,
        what: str,
        attempt_no: int,
    ) -> T:
        call = await self.limiter.acquire()  # every way out below says when it ended
        try:
            request = build(token)  # signed now, with a fresh timestamp
        except BaseException:
            call.answered(round_trip=False)
            raise
        self.stats.requests += 1
        path = request.url.path
        self.stats.by_path[path] = self.stats.by_path.get(path, 0) + 1
        started = time.perf_counter()
        try:
            response = await self._client.send(request)
        except httpx.TimeoutException:
            call.answered(round_trip=False)
            log.debug(
                "[%s] %s %s timed out (attempt %d)", self.channel, request.method, path, attempt_no
            )
            raise Transient(
                f"{what}: the platform did not answer in time", channel=self.channel
            ) from None
        except httpx.TransportError as exc:
            call.answered(round_trip=False)
            raise Transient(
                f"{what}: could not reach the platform ({type(exc).__name__})",
                channel=self.channel,
                hint="check the internet connection and base_url",
            ) from None
        except BaseException:
            call.answered(round_trip=False)
            raise
        call.answered()
        log.debug(
            "[%s] %s %s -> %d in %.0f ms (attempt %d)",
            self.channel,
            request.method,
            path,
            response.status_code,
            (time.perf_counter() - started) * 1000,
            attempt_no,
        )
        return parse(response)


def _secret_text(settings: object, name: str) -> str | None:
    value = getattr(settings, name, None)
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return str(value) if value else None


def channel_tokens(
    context: AdapterContext,
    *,
    refresher: Callable[[str], Awaitable[TokenPair]],
    reauthorise_hint: str | None = None,
) -> TokenManager:
    """The TokenManager of a channel whose settings carry `access_token` and `refresh_token`."""
    access = _secret_text(context.settings, "access_token")
    refresh = _secret_text(context.settings, "refresh_token")
    register_secret(access)
    register_secret(refresh)
    return TokenManager(
        channel=context.channel,
        store=context.tokens,
        memory=context.memory,
        clock=context.clock,
        refresher=refresher,
        configured_access=access,
        configured_refresh=refresh,
        reauthorise_hint=reauthorise_hint,
    )


def channel_http(
    context: AdapterContext, *, default_rate: float, tokens: TokenManager | None = None
) -> HttpLayer:
    """The HttpLayer of a channel: its transport, its rate limit (or the platform's default)."""
    return HttpLayer(
        channel=context.channel,
        transport=context.transport,
        rate_limit=context.settings.rate_limit or default_rate,
        sleep=context.sleep,
        tokens=tokens,
    )


async def create_at_most_once(
    send_once: Callable[[], Awaitable[T]],
    already_made: Callable[[], Awaitable[T | None]],
    *,
    attempts: int,
    sleep: Sleep,
) -> T:
    """Send a call that is not idempotent (creating a listing) without ever making two.

    `send_once` must not retry by itself (`HttpLayer.send(..., attempts=1)`). A call refused
    before it was served (rate limited) is sent again after the wait; a call whose answer was
    lost (timeout, server error) is sent again only when `already_made` finds nothing.
    """
    for attempt in range(1, attempts + 1):
        try:
            return await send_once()
        except RateLimited as exc:
            if attempt == attempts:
                raise
            await sleep(exc.retry_after if exc.retry_after is not None else 2.0**attempt)
            continue
        except Transient:
            if attempt == attempts:
                raise
        made = await already_made()
        if made is not None:
            log.info("a create whose answer was lost had worked; not sent again")
            return made
        await sleep(min(30.0, 0.5 * 2**attempt))
    raise AssertionError("unreachable")  # pragma: no cover
