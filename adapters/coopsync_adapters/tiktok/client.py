"""TikTok Shop Partner API (also Tokopedia shops): hosts, signing, the envelope, endpoint calls.

Every shop call carries `app_key`, `timestamp` (Unix seconds), `sign` and `shop_cipher` in the
query and the access token in the `x-tts-access-token` header. Answers are `{code, message,
request_id, data}` with `code` 0 for success, whatever the HTTP status.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from coopsync.adapters import AdapterContext, TokenPair
from coopsync.authorization import not_connected
from coopsync.errors import AdapterError, AuthExpired, Fatal, RateLimited, Rejected, Transient
from coopsync.http import (
    channel_http,
    channel_tokens,
    parse_retry_after,
    raise_for_status,
    read_json,
)
from coopsync.secrets import register_secret
from coopsync_adapters.tiktok.settings import TikTokChannel

API_HOST = "https://open-api.tiktokglobalshop.com"
AUTH_HOST = "https://auth.tiktok-shops.com"
VERSION = "202309"
# platforms.md: about 50 QPS per API per shop. One limiter covers all APIs of a channel, so stay
# under the per-API figure with some room for other tools using the same shop.
DEFAULT_RATE_LIMIT = 40.0
CURRENCY = "IDR"

# Codes from the common-errors page and the endpoint pages of partner.tiktokshop.com/docv2.
CODE_OK = 0
CODE_RATE_LIMITED = 36009002  # "Too many requests."
CODE_INTERNAL = 36009003  # "Internal error. Please try again."
CODE_INVALID_REQUEST = 36009004  # overloaded: bad param, timestamp, app_key or access token
CODE_TIMEOUT = 36009007  # "Request timeout."
CODE_TOKEN_EXPIRED = 105002  # "Expired credentials. The x-tts-access-token header has expired."
CODE_TOKEN_INVALID = 101000  # "... x-tts-access-token header is invalid."
CODE_NO_SCOPE = 105005  # the app lacks a scope the endpoint needs
CODE_BAD_SIGN = 106001  # "Invalid credentials. The `sign` query parameter is invalid."
CODE_NO_CIPHER = 106013  # "Missing identifier. The `shop_cipher` query parameter is required"
CODE_IP_DENIED = 36009033
CODE_PRODUCT_INTERNAL = 12001000  # "product api internal error"
TRANSIENT_CODES = frozenset({CODE_INTERNAL, CODE_TIMEOUT, CODE_PRODUCT_INTERNAL})
FATAL_CODES = frozenset(
    {CODE_BAD_SIGN, CODE_NO_CIPHER, CODE_IP_DENIED, CODE_NO_SCOPE, 36009009, 36009010, 36009014}
)
# Calls that must NOT carry shop_cipher (the platform answers 36009004 "Unexpected identifier").
NO_CIPHER_PATHS = (f"/product/{VERSION}/images/upload",)

JsonDict = dict[str, Any]


def sign(app_secret: str, path: str, params: Mapping[str, str], body: bytes | None = None) -> str:
    """Lowercase hex HMAC-SHA256 over secret + path + sorted key+value pairs + body + secret.

    `sign` and `access_token` are left out; values are the decoded ones (before
    percent-encoding); a multipart body is not signed (pass None).
    """
    pairs = "".join(
        f"{key}{params[key]}" for key in sorted(params) if key not in ("sign", "access_token")
    )
    secret = app_secret.encode()
    message = secret + path.encode() + pairs.encode() + (body or b"") + secret
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def encode_query(params: Mapping[str, str]) -> str:
    """Percent-encode every character that is not unreserved (page tokens carry + / =)."""
    return "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params.items())


def unix(moment: datetime) -> int:
    """Unix seconds of an aware datetime, rounded up (a bound of [since, until) in seconds)."""
    return math.ceil(moment.timestamp())


def _message(envelope: Mapping[str, Any]) -> str:
    message = envelope.get("message")
    return str(message) if message else "no message"


def error_for(
    code: int, message: str, *, channel: str, status: int = 200, retry_after: float | None = None
) -> AdapterError:
    """The error class for a non-zero `code` of the envelope."""
    platform_code = str(code)
    lowered = message.lower()
    if code == CODE_RATE_LIMITED or status == 429:
        return RateLimited(
            f"TikTok Shop asks us to slow down: {message}",
            channel=channel,
            platform_code=platform_code,
            retry_after=retry_after,
        )
    if code in TRANSIENT_CODES:
        return Transient(
            f"TikTok Shop had a problem: {message}", channel=channel, platform_code=platform_code
        )
    if code in (CODE_TOKEN_EXPIRED, CODE_TOKEN_INVALID) or (
        code == CODE_INVALID_REQUEST and ("access_token" in lowered or "access-token" in lowered)
    ):
        return AuthExpired(
            f"TikTok Shop did not accept the access token: {message}",
            channel=channel,
            platform_code=platform_code,
        )
    if code == CODE_BAD_SIGN:
        return Fatal(
            f"TikTok Shop refused the request signature: {message}",
            channel=channel,
            platform_code=platform_code,
            hint="check app_key and app_secret of this channel",
        )
    if code == CODE_INVALID_REQUEST and "timestamp" in lowered:
        return Fatal(
            f"TikTok Shop refused the request time: {message}",
            channel=channel,
            platform_code=platform_code,
            hint="the computer's clock is wrong; enable automatic time (NTP) and try again",
        )
    if code in FATAL_CODES or (code == CODE_INVALID_REQUEST and "app_key" in lowered):
        return Fatal(
            f"TikTok Shop refused the request: {message}",
            channel=channel,
            platform_code=platform_code,
            hint="check app_key, app_secret and shop_cipher, and the app's scopes and IP list",
        )
    if status >= 500:
        return Transient(
            f"TikTok Shop had a problem (HTTP {status}): {message}",
            channel=channel,
            platform_code=platform_code,
        )
    return Rejected(f"TikTok Shop refused: {message}", channel=channel, platform_code=platform_code)


def read_envelope(response: httpx.Response, channel: str, what: str) -> JsonDict:
    """The `data` object of a successful envelope; an error class for everything else."""
    retry_after = parse_retry_after(response.headers.get("Retry-After"))
    if response.status_code == 429:
        try:
            body = json.loads(response.content)
        except ValueError:
            body = {}
        message = _message(body) if isinstance(body, dict) else "too many requests"
        raise error_for(
            CODE_RATE_LIMITED, message, channel=channel, status=429, retry_after=retry_after
        )
    envelope = read_json(response, channel)
    if not isinstance(envelope, dict) or "code" not in envelope:
        raise_for_status(response, channel)
        raise Fatal(
            f"{what}: TikTok Shop answered without the usual envelope",
            channel=channel,
            hint="the base_url may be wrong",
        )
    code = envelope.get("code")
    if not isinstance(code, int):
        raise Fatal(
            f"{what}: TikTok Shop answered with a code that is not a number", channel=channel
        )
    if code != CODE_OK:
        raise error_for(
            code,
            _message(envelope),
            channel=channel,
            status=response.status_code,
            retry_after=retry_after,
        )
    if response.status_code >= 400:
        raise_for_status(response, channel)
    data = envelope.get("data")
    if not isinstance(data, dict):
        raise Fatal(f"{what}: TikTok Shop's answer has no data", channel=channel)
    return data


def _token_expiry(value: object, now: datetime) -> datetime | None:
    """`*_expire_in` fields: documented as a Unix timestamp; tolerate a lifetime in seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return None
    if value > 1_000_000_000:
        return datetime.fromtimestamp(value, UTC)
    return now + timedelta(seconds=value)


class TikTokClient:
    """Signed calls to one shop, built on the shared HttpLayer."""

    def __init__(self, context: AdapterContext) -> None:
        settings = context.settings
        if not isinstance(settings, TikTokChannel):
            raise TypeError("TikTokClient needs TikTokChannel settings")
        self.settings = settings
        self.channel = context.channel
        self.clock = context.clock
        self.app_key = settings.app_key or ""
        self.app_secret = settings.app_secret.get_secret_value() if settings.app_secret else ""
        if not settings.shop_cipher:
            raise not_connected(context.channel)
        self.shop_cipher = settings.shop_cipher
        self.api_host = (settings.base_url or API_HOST).rstrip("/")
        self.auth_host = (settings.auth_url or AUTH_HOST).rstrip("/")
        register_secret(self.app_secret)
        self.tokens = channel_tokens(context, refresher=self.refresh_tokens)
        self.http = channel_http(context, default_rate=DEFAULT_RATE_LIMIT, tokens=self.tokens)

    async def aclose(self) -> None:
        await self.http.aclose()

    # ---- tokens ----------------------------------------------------------------------------
    async def refresh_tokens(self, refresh_token: str) -> TokenPair:
        """GET /api/v2/token/refresh on the auth host (not signed)."""
        query = {
            "app_key": self.app_key,
            "app_secret": self.app_secret,
            "refresh_token": refresh_token,
            "grant_type": "refresh_token",
        }
        url = f"{self.auth_host}/api/v2/token/refresh?{encode_query(query)}"

        def build(_token: str | None) -> httpx.Request:
            return httpx.Request("GET", url)

        def parse(response: httpx.Response) -> JsonDict:
            return read_envelope(response, self.channel, "token refresh")

        # Any refusal here (Rejected, AuthExpired, Fatal) makes TokenManager ask for a human.
        data = await self.http.send(build, parse, what="token refresh", authenticated=False)
        access = data.get("access_token")
        new_refresh = data.get("refresh_token") or refresh_token
        if not isinstance(access, str) or not access or not isinstance(new_refresh, str):
            raise Fatal(
                "token refresh: TikTok Shop's answer has no access token", channel=self.channel
            )
        now = self.clock()
        return TokenPair(
            access_token=access,
            refresh_token=new_refresh,
            access_expires_at=_token_expiry(data.get("access_token_expire_in"), now)
            or now + timedelta(hours=4),
            refresh_expires_at=_token_expiry(data.get("refresh_token_expire_in"), now),
        )

    # ---- signed calls ----------------------------------------------------------------------
    async def call(
        self,
        method: str,
        path: str,
        *,
        what: str,
        query: Mapping[str, str] | None = None,
        body: Mapping[str, Any] | None = None,
        files: Mapping[str, tuple[str, bytes, str]] | None = None,
        form: Mapping[str, str] | None = None,
        attempts: int | None = None,
    ) -> JsonDict:
        """Sign, send with retries and token refresh, and return the envelope's `data`.

        `attempts=1` for a call that must not be repeated blindly (creating a product)."""
        content = (
            json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
            if body is not None
            else None
        )

        def build(token: str | None) -> httpx.Request:
            params: dict[str, str] = {"app_key": self.app_key}
            if path not in NO_CIPHER_PATHS:
                params["shop_cipher"] = self.shop_cipher
            params.update(query or {})
            params["timestamp"] = str(int(self.clock().timestamp()))  # fresh on every attempt
            params["sign"] = sign(self.app_secret, path, params, None if files else content)
            url = f"{self.api_host}{path}?{encode_query(params)}"
            headers = {"x-tts-access-token": token or ""}
            if files:
                return httpx.Request(method, url, headers=headers, files=files, data=form)
            if content is not None:
                headers["content-type"] = "application/json"
            return httpx.Request(method, url, headers=headers, content=content)

        def parse(response: httpx.Response) -> JsonDict:
            return read_envelope(response, self.channel, what)

        return await self.http.send(build, parse, what=what, attempts=attempts)

    # ---- endpoints -------------------------------------------------------------------------
    async def upload_image(self, content: bytes, filename: str, mime: str) -> JsonDict:
        return await self.call(
            "POST",
            f"/product/{VERSION}/images/upload",
            what="image upload",
            files={"data": (filename, content, mime)},
            form={"use_case": "MAIN_IMAGE"},
        )

    async def create_product(self, body: Mapping[str, Any]) -> JsonDict:
        """Sent once: the adapter checks whether a lost answer created it before resending."""
        return await self.call(
            "POST", f"/product/{VERSION}/products", what="product create", body=body, attempts=1
        )

    async def get_product(self, product_id: str) -> JsonDict:
        return await self.call(
            "GET", f"/product/{VERSION}/products/{quote(product_id, safe='')}", what="product get"
        )

    async def partial_edit(self, product_id: str, body: Mapping[str, Any]) -> JsonDict:
        path = f"/product/{VERSION}/products/{quote(product_id, safe='')}/partial_edit"
        return await self.call("POST", path, what="product edit", body=body)

    async def update_inventory(
        self, product_id: str, skus: Sequence[Mapping[str, Any]]
    ) -> JsonDict:
        path = f"/product/{VERSION}/products/{quote(product_id, safe='')}/inventory/update"
        return await self.call("POST", path, what="inventory update", body={"skus": list(skus)})

    async def update_prices(self, product_id: str, skus: Sequence[Mapping[str, Any]]) -> JsonDict:
        path = f"/product/{VERSION}/products/{quote(product_id, safe='')}/prices/update"
        return await self.call("POST", path, what="price update", body={"skus": list(skus)})

    async def search_products(
        self, filters: Mapping[str, Any], *, page_size: int, page_token: str | None
    ) -> JsonDict:
        return await self._search(
            f"/product/{VERSION}/products/search", "product search", filters, page_size, page_token
        )

    async def search_orders(
        self, filters: Mapping[str, Any], *, page_size: int, page_token: str | None
    ) -> JsonDict:
        return await self._search(
            f"/order/{VERSION}/orders/search",
            "order search",
            filters,
            page_size,
            page_token,
            {"sort_field": "update_time", "sort_order": "ASC"},
        )

    async def search_returns(
        self, filters: Mapping[str, Any], *, page_size: int, page_token: str | None
    ) -> JsonDict:
        return await self._search(
            f"/return_refund/{VERSION}/returns/search",
            "return search",
            filters,
            page_size,
            page_token,
        )

    async def _search(
        self,
        path: str,
        what: str,
        filters: Mapping[str, Any],
        page_size: int,
        page_token: str | None,
        extra: Mapping[str, str] | None = None,
    ) -> JsonDict:
        """A POST search: filters in the body, the page in the query (token sent encoded)."""
        query = {"page_size": str(page_size), **(extra or {})}
        if page_token:
            query["page_token"] = page_token
        return await self.call("POST", path, what=what, query=query, body=filters)

    async def order_details(self, order_ids: Sequence[str]) -> JsonDict:
        return await self.call(
            "GET",
            f"/order/{VERSION}/orders",
            what="order detail",
            query={"ids": ",".join(order_ids)},
        )
