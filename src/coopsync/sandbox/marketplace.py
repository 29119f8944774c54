"""The base of every platform fake: an httpx transport with a clock, a request log and faults.

A platform's `fake.py` subclasses `FakeMarketplace`, implements `handle` (the platform's
endpoints, signature and timestamp checks, limits and envelopes) and the small control API
below, which the conformance suite and the sandbox's simulated buyers use.
"""

from __future__ import annotations

import base64
import enum
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import httpx

from coopsync.adapters import OrderStatus
from coopsync.channel_config import ChannelBase


class Fault(enum.StrEnum):
    """Failures a fake can inject into its next answers."""

    HTTP_429 = "http_429"  # rate limited, with Retry-After
    HTTP_429_BARE = "http_429_bare"  # rate limited, without Retry-After
    HTTP_500 = "http_500"  # server error with a JSON body
    HTTP_503 = "http_503"  # service unavailable (maintenance, overload)
    BUSY = "busy"  # the platform's own "busy / try again" code inside an HTTP 200
    TIMEOUT = "timeout"  # no answer: httpx.ReadTimeout
    CONNECT_TIMEOUT = "connect_timeout"  # the host cannot be reached: httpx.ConnectTimeout
    HTML_ERROR = "html_error"  # a proxy's HTML error page with HTTP 502
    HTML_200 = "html_200"  # an HTML page with HTTP 200 (captive portal, wrong base_url)
    TRUNCATED_JSON = "truncated_json"  # the real answer cut in half, HTTP 200
    MISSING_FIELDS = "missing_fields"  # a success envelope without the expected data


WEB_IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
# A 1x1 PNG: a real image for uploads, and what a sandbox serves for a photo URL.
PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

TRANSIENT_FAULTS = (Fault.HTTP_429, Fault.HTTP_500, Fault.BUSY, Fault.TIMEOUT, Fault.HTML_ERROR)
MALFORMED_FAULTS = (Fault.HTML_200, Fault.TRUNCATED_JSON, Fault.MISSING_FIELDS)


class MutableClock:
    """A clock tests can move; aware UTC datetimes."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 20, 3, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now = self.now + delta


@dataclass
class RecordedRequest:
    """One request the fake received (secrets stay inside the fake)."""

    method: str
    path: str
    params: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


@dataclass
class _PendingFault:
    fault: Fault
    times: int
    path_contains: str | None
    method: str | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class FakeLine:
    """A line a simulated buyer orders."""

    sku: str
    quantity: int = 1


@dataclass
class FakeSkuView:
    """What the platform shows for one SKU, for tests to read back."""

    sku: str
    remote_id: str
    remote_sku_id: str
    title: str
    price: int
    stock: int
    active: bool = True
    options: dict[str, str] = field(default_factory=dict)


class FakeMarketplace(httpx.AsyncBaseTransport):
    """Base class: fault injection, request log, clock and persistence. Subclasses add the API."""

    platform: str = ""
    # Tests switch this on (tests/conftest.py): before and after every request the fake checks
    # its lookup indexes against ones built from its store, so a change that forgets to keep
    # them fails where it happens instead of as a wrong answer later.
    check_indexes: ClassVar[bool] = False

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        self.clock: Callable[[], datetime] = clock or MutableClock()
        self.requests: list[RecordedRequest] = []
        self._faults: list[_PendingFault] = []
        self._order_pull_hooks: list[Callable[[], None]] = []
        # The latest time an order list was read: like a marketplace's, this fake's buyers never
        # place or change an order dated before it (the sandbox keeps it between runs).
        self.orders_read_until: datetime | None = None

    # ---- transport -------------------------------------------------------------------------
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = await request.aread()
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=request.url.path,
                params={k: request.url.params.get_list(k) for k in request.url.params},
                headers=dict(request.headers),
                body=body,
            )
        )
        if request.method == "GET" and request.url.path.lower().endswith(WEB_IMAGE_SUFFIXES):
            # A sandbox has no internet: product photos named by URL are served from here.
            return httpx.Response(
                200, content=PNG_1PX, headers={"content-type": "image/png"}, request=request
            )
        fault = self._take_fault(request.url.path, request.method)
        if fault is Fault.TIMEOUT:
            raise httpx.ReadTimeout("fake timeout", request=request)
        if fault is Fault.CONNECT_TIMEOUT:
            raise httpx.ConnectTimeout("fake connect timeout", request=request)
        if fault is Fault.HTTP_429:
            return self.rate_limited_response(request)
        if fault is Fault.HTTP_429_BARE:
            response = self.rate_limited_response(request)
            headers = {k: v for k, v in response.headers.items() if k.lower() != "retry-after"}
            return httpx.Response(429, content=response.content, headers=headers, request=request)
        if fault is Fault.HTTP_500:
            return httpx.Response(500, json={"message": "internal error"}, request=request)
        if fault is Fault.HTTP_503:
            return httpx.Response(
                503, json={"message": "service unavailable"}, headers={}, request=request
            )
        if fault is Fault.HTML_ERROR:
            return httpx.Response(
                502, text="<html><body>502 Bad Gateway</body></html>", request=request
            )
        if fault is Fault.HTML_200:
            return httpx.Response(
                200, text="<html><body>Login to WiFi</body></html>", request=request
            )
        if fault is Fault.BUSY:
            return self.busy_response(request)
        if fault is Fault.MISSING_FIELDS:
            return self.missing_fields_response(request)
        if self.check_indexes:
            self.verify_indexes()
        response = self.handle(request, body)
        if self.check_indexes:
            self.verify_indexes()
        if fault is Fault.TRUNCATED_JSON:
            content = response.content
            return httpx.Response(
                200,
                content=content[: max(1, len(content) // 2)],
                headers={"content-type": "application/json"},
                request=request,
            )
        return response

    def handle(self, request: httpx.Request, body: bytes) -> httpx.Response:
        """Serve one request as the platform would (signature, limits, envelope)."""
        raise NotImplementedError

    def rate_limited_response(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            429,
            json={"message": "too many requests"},
            headers={"Retry-After": "1"},
            request=request,
        )

    def busy_response(self, request: httpx.Request) -> httpx.Response:
        """The platform's 'busy, try again' answer inside HTTP 200."""
        raise NotImplementedError

    def missing_fields_response(self, request: httpx.Request) -> httpx.Response:
        """A success envelope whose data lacks what the caller needs."""
        raise NotImplementedError

    def verify_indexes(self) -> None:
        """Raise AssertionError when a lookup index differs from one built from the store
        (fakes with indexes override this; see coopsync.sandbox.sku_index)."""

    def reindex(self) -> None:
        """Build the lookup indexes again from the store: for a test that edited the fake's
        records by hand (a seller's change in the platform's own admin screen)."""

    # ---- faults ----------------------------------------------------------------------------
    def inject(
        self,
        fault: Fault,
        *,
        times: int = 1,
        path_contains: str | None = None,
        method: str | None = None,
        pattern: str | None = None,
    ) -> None:
        """Answer the next `times` matching requests with `fault` (`pattern`: a regex the
        path must match, for operations that share a path prefix)."""
        self._faults.append(_PendingFault(fault, times, path_contains, method, pattern))

    def faults_pending(self) -> int:
        """Injected faults not yet served (0: every one met its request)."""
        return sum(pending.times for pending in self._faults)

    def clear_faults(self) -> None:
        self._faults.clear()

    def _take_fault(self, path: str, method: str = "GET") -> Fault | None:
        for pending in self._faults:
            if pending.method is not None and pending.method != method:
                continue
            if pending.pattern is not None and not re.search(pending.pattern, path):
                continue
            if pending.path_contains is None or pending.path_contains in path:
                pending.times -= 1
                if pending.times <= 0:
                    self._faults.remove(pending)
                return pending.fault
        return None

    def during_order_pull(self, hook: Callable[[], None]) -> None:
        """Run `hook` once, right after the first order-list page is served."""
        self._order_pull_hooks.append(hook)

    def _order_page_served(self) -> None:
        now = self.now()
        if self.orders_read_until is None or now > self.orders_read_until:
            self.orders_read_until = now
        hooks, self._order_pull_hooks = self._order_pull_hooks, []
        for hook in hooks:
            hook()

    # ---- control API the suite and the sandbox use (subclasses implement) -------------------
    def settings(self, **overrides: Any) -> ChannelBase:
        """Channel settings with credentials this fake accepts (not sandbox: real signing)."""
        raise NotImplementedError

    def seed_listing(
        self,
        title: str,
        skus: Sequence[tuple[str, int, int]],
        *,
        options: Sequence[dict[str, str]] | None = None,
    ) -> str:
        """A listing made outside coopsync: [(sku, price, stock)], returns its remote id."""
        raise NotImplementedError

    def sku_view(self, sku: str) -> FakeSkuView | None:
        """What the platform currently shows for a SKU."""
        raise NotImplementedError

    def place_order(
        self,
        lines: Sequence[FakeLine],
        *,
        at: datetime | None = None,
        status: OrderStatus = OrderStatus.TO_SHIP,
    ) -> str:
        """A buyer orders; stock on the platform goes down as the platform would do it."""
        raise NotImplementedError

    def set_order_status(
        self, order_id: str, status: OrderStatus, *, at: datetime | None = None
    ) -> None:
        """Move an order on (paid, shipped, cancelled, returned...)."""
        raise NotImplementedError

    def reject_sku(self, sku: str, message: str = "invalid stock value") -> None:
        """Make the platform refuse stock and price updates for this SKU."""
        raise NotImplementedError

    def keep_signed_in(self) -> bool:
        """The sandbox never needs a person: when every refresh token has lapsed (a sandbox left
        idle for weeks), the simulated seller signs in again and `settings()` carries the new
        tokens. True when it did. Fakes without tokens keep this default."""
        return False

    def expire_access_token(self) -> None:
        """The current access token stops working (refresh still works)."""
        raise NotImplementedError

    def revoke_refresh_token(self) -> None:
        """The refresh token stops working too: a human must authorise again."""
        raise NotImplementedError

    def order_ids(self) -> list[str]:
        """Every order id the platform holds."""
        raise NotImplementedError

    # ---- persistence (sandbox) -------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        raise NotImplementedError

    def load_state(self, state: dict[str, Any]) -> None:
        raise NotImplementedError

    def save(self, path: Path) -> None:
        from coopsync.state.files import atomic_write

        atomic_write(path, json.dumps(self.to_state(), default=str, sort_keys=True))

    def load(self, path: Path) -> None:
        if path.exists():
            self.load_state(json.loads(path.read_text()))

    def now(self) -> datetime:
        return self.clock().astimezone(UTC)

    def calls_to(self, path_contains: str) -> int:
        return sum(1 for r in self.requests if path_contains in r.path)
