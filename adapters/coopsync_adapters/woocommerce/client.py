"""WooCommerce REST API v3 on the wire: authentication, the error envelope, pages and batches.

Over HTTPS the consumer key and secret go in an HTTP Basic header. Over plain HTTP they never
do: each request carries OAuth 1.0a one-legged parameters in its query string, signed with
HMAC-SHA256 exactly as WooCommerce's `WC_REST_Authentication::check_oauth_signature` rebuilds
the signature (see `signature_base_string`). Keys do not expire, so there is no token refresh:
a 401 means a person must create new keys.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote, urlsplit

import httpx

from coopsync.adapters import AdapterContext
from coopsync.authorization import not_connected
from coopsync.errors import AuthExpired, ConfigError, Fatal, RateLimited, Rejected, Transient
from coopsync.http import channel_http, parse_retry_after, read_json
from coopsync.secrets import register_secret
from coopsync_adapters.woocommerce.settings import WooCommerceChannel

API_PREFIX = "/wp-json/wc/v3"
# A self-hosted shop on shared hosting: be gentle. platforms.md gives no number for WooCommerce.
DEFAULT_RATE_LIMIT = 5.0
# `woocommerce_rest_batch_items_limit` defaults to 100 (WC_REST_Controller::check_batch_limit).
BATCH_LIMIT = 100
# WordPress REST collections accept per_page 1..100.
PAGE_LIMIT = 100

KEYS_HINT = "make new Read/Write REST API keys with `coopsync connect CHANNEL`"

log = logging.getLogger("coopsync.woocommerce")


# ---- OAuth 1.0a (plain HTTP only) ------------------------------------------------------------
def rfc3986(value: str) -> str:
    """Percent-encode like PHP's rawurlencode: everything but A-Z a-z 0-9 - . _ ~."""
    return quote(value, safe="-._~")


def signature_base_string(method: str, base_uri: str, params: Mapping[str, str]) -> str:
    """The string WooCommerce signs: METHOD & encoded URI & the sorted, encoded parameters.

    WooCommerce encodes every key and value, joins each pair with "=", and encodes that pair
    again (so a space in a value becomes %2520); pairs are joined with a literal "%26".
    For parameters made of unreserved characters this equals RFC 5849 section 3.4.1.
    """
    pairs = [
        rfc3986(f"{rfc3986(key)}={rfc3986(value)}")
        for key, value in sorted(params.items(), key=lambda kv: kv[0].encode())
    ]
    return f"{method.upper()}&{rfc3986(base_uri)}&{'%26'.join(pairs)}"


def signing_key(consumer_secret: str, token_secret: str = "") -> str:
    """WooCommerce signs with the consumer secret and "&" (one-legged: no token secret)."""
    return f"{consumer_secret}&{token_secret}"


def oauth_signature(base_string: str, key: str, method: str = "HMAC-SHA256") -> str:
    """Base64 of the HMAC of the base string (HMAC-SHA256, or HMAC-SHA1 for RFC examples)."""
    digest = {"HMAC-SHA256": hashlib.sha256, "HMAC-SHA1": hashlib.sha1}[method]
    mac = hmac.new(key.encode(), base_string.encode(), digest).digest()
    return base64.b64encode(mac).decode()


def oauth_params(
    method: str,
    base_uri: str,
    query: Mapping[str, str],
    *,
    consumer_key: str,
    consumer_secret: str,
    timestamp: int,
    nonce: str,
) -> dict[str, str]:
    """The oauth_* query parameters for one request (oauth_version is omitted, as WC asks)."""
    params = {
        "oauth_consumer_key": consumer_key,
        "oauth_nonce": nonce,
        "oauth_signature_method": "HMAC-SHA256",
        "oauth_timestamp": str(timestamp),
    }
    base = signature_base_string(method, base_uri, {**query, **params})
    params["oauth_signature"] = oauth_signature(base, signing_key(consumer_secret))
    return params


def encode_query(params: Mapping[str, str]) -> str:
    """A query string PHP decodes back to exactly these values (spaces as %20, + as %2B)."""
    return "&".join(f"{rfc3986(key)}={rfc3986(value)}" for key, value in params.items())


def basic_authorization(consumer_key: str, consumer_secret: str) -> str:
    token = base64.b64encode(f"{consumer_key}:{consumer_secret}".encode()).decode()
    return f"Basic {token}"


# ---- settings ---------------------------------------------------------------------------------
def store_root(settings: WooCommerceChannel) -> str:
    """The shop's address without a trailing slash or /wp-json (base_url wins over url)."""
    raw = (settings.base_url or settings.url or "").strip().rstrip("/")
    for suffix in (API_PREFIX, "/wp-json"):
        if raw.endswith(suffix):
            raw = raw[: -len(suffix)]
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"the WooCommerce url {raw!r} is not a web address",
            hint="write the shop's address, e.g. url: https://toko.example.id",
        )
    return raw


# ---- the error envelope {code, message, data: {status}} -------------------------------------
def _error_fields(body: Any) -> tuple[str | None, str]:
    if isinstance(body, dict):
        code = body.get("code")
        message = body.get("message")
        return (str(code) if code else None, str(message) if message else "")
    return None, ""


def _auth_hint(code: str | None, message: str, https: bool) -> str:
    text = message.lower()
    if "timestamp" in text:
        return (
            "this computer's clock is more than 15 minutes off; fix the clock (e.g. enable NTP) "
            "or use the shop's https:// address"
        )
    if "permission" in text:
        return "the REST API key needs Read/Write permission; " + KEYS_HINT
    if https and code in ("woocommerce_rest_cannot_view", None):
        return (
            KEYS_HINT + ". If the keys are new and still refused, the web server may be "
            "dropping the Authorization header (see WooCommerce's REST API authentication docs)"
        )
    return KEYS_HINT


def parse_response(response: httpx.Response, channel: str, *, item: bool) -> Any:
    """The JSON body of a success, or the error class the envelope calls for.

    `item` says whether a 4xx refusal is about one item (create/update: Rejected) or about the
    call itself (lists: Fatal).
    """
    status = response.status_code
    if status in (429, 503):
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        if status == 429 or retry_after is not None:
            raise RateLimited(
                f"the shop asks us to wait (HTTP {status})",
                channel=channel,
                retry_after=retry_after,
            )
        raise Transient("the shop is unavailable (HTTP 503)", channel=channel)
    try:
        body = read_json(response, channel)
    except Fatal:
        if status in (401, 403, 406):
            raise Fatal(
                f"the shop's web server refused the request (HTTP {status}) with a page that is "
                "not WooCommerce's",
                channel=channel,
                hint="a security plugin or firewall (Wordfence, ModSecurity, Cloudflare) may be "
                "blocking coopsync; allow /wp-json/wc/v3 for this computer",
            ) from None
        body = _after_php_notices(response, channel)
    if 200 <= status < 300:
        return body
    code, message = _error_fields(body)
    said = message or f"HTTP {status}"
    if status in (401, 403):
        https = response.request.url.scheme == "https"
        raise AuthExpired(
            f"the shop refused our REST API keys: {said}",
            channel=channel,
            platform_code=code,
            needs_human=True,
            hint=_auth_hint(code, message, https),
        )
    if status >= 500 or status in (408, 425):
        raise Transient(f"the shop had a problem: {said}", channel=channel, platform_code=code)
    if code == "rest_no_route":
        raise Fatal(
            "the shop has no WooCommerce REST API v3 at this address",
            channel=channel,
            platform_code=code,
            hint="check the url; WooCommerce 3.5+ and pretty permalinks (Settings > Permalinks) "
            "are needed",
        )
    if item:
        raise Rejected(said, channel=channel, platform_code=code)
    raise Fatal(f"the shop refused the request: {said}", channel=channel, platform_code=code)


_PHP_NOTICE = re.compile(r"(Notice|Warning|Deprecated|Strict Standards)(</b>)?:", re.IGNORECASE)
_JSON_START = re.compile(r"(?m)^\s*[\[{]")


def _after_php_notices(response: httpx.Response, channel: str) -> Any:
    """The JSON after PHP notices that a shop with display_errors on prints before it.

    Common on cheap hosting; anything else that is not JSON stays a Fatal error.
    """
    text = response.content.decode("utf-8", "replace").lstrip("\ufeff")
    found = _JSON_START.search(text)
    if found is None or not _PHP_NOTICE.search(text[: found.start()]):
        return read_json(response, channel)  # raises the clear error again
    try:
        body = json.loads(text[found.start() :])
    except ValueError:
        return read_json(response, channel)
    log.warning(
        "[%s] the shop printed PHP notices before its answer; turn display_errors off in "
        "WordPress (WP_DEBUG_DISPLAY false)",
        channel,
    )
    return body


def _has_next(response: httpx.Response) -> bool | None:
    link = response.headers.get("Link")
    if link is None:
        return None
    return re.search(r'rel="?next"?', link) is not None


def _header_int(response: httpx.Response, name: str) -> int | None:
    value = response.headers.get(name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


@dataclass(frozen=True)
class Page:
    """One page of a collection and what the pagination headers said."""

    items: list[dict[str, Any]]
    total: int | None  # X-WP-Total
    total_pages: int | None  # X-WP-TotalPages
    has_next: bool | None = None  # a rel="next" in the Link header, when there is a Link header


@dataclass(frozen=True)
class BatchAnswer:
    """What a /batch call answered, item by item, in the order sent."""

    create: list[dict[str, Any]]
    update: list[dict[str, Any]]


def _objects(value: Any, what: str, channel: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise Fatal(
            f"{what}: the shop answered without the expected list",
            channel=channel,
            hint="the shop or a plugin may be misbehaving; try again later",
        )
    return cast(list[dict[str, Any]], value)


class WooClient:
    """Endpoint calls for one WooCommerce shop, on the shared HTTP layer."""

    def __init__(self, context: AdapterContext) -> None:
        settings = context.settings
        if not isinstance(settings, WooCommerceChannel):
            raise ConfigError("the WooCommerce adapter needs a woocommerce channel")
        self.channel = context.channel
        self._clock = context.clock
        self.root = store_root(settings)
        self.https = urlsplit(self.root).scheme == "https"
        self._key = settings.consumer_key.get_secret_value() if settings.consumer_key else ""
        self._secret = (
            settings.consumer_secret.get_secret_value() if settings.consumer_secret else ""
        )
        if not (self._key and self._secret):  # the keys `coopsync connect` got and saved
            saved = context.tokens.load_tokens(self.channel)
            if saved is None:
                raise not_connected(self.channel)
            self._key, self._secret = saved.access_token, saved.refresh_token
        register_secret(self._key)
        register_secret(self._secret)
        self._basic = basic_authorization(self._key, self._secret)
        register_secret(self._basic.removeprefix("Basic "))
        self.http = channel_http(context, default_rate=DEFAULT_RATE_LIMIT)

    async def aclose(self) -> None:
        await self.http.aclose()

    # ---- request building --------------------------------------------------------------------
    def url(self, path: str) -> str:
        return f"{self.root}{API_PREFIX}{path}"

    def _builder(
        self,
        method: str,
        path: str,
        params: Mapping[str, str] | None,
        body: object | None,
    ) -> Callable[[str | None], httpx.Request]:
        url = self.url(path)
        query = dict(params or {})
        content = json.dumps(body, ensure_ascii=False).encode() if body is not None else None

        def build(_token: str | None) -> httpx.Request:
            headers = {"Accept": "application/json", "User-Agent": "coopsync"}
            signed = dict(query)
            if self.https:
                headers["Authorization"] = self._basic
            else:
                # Never Basic over plain HTTP: sign afresh (new timestamp and nonce) each attempt.
                signed |= oauth_params(
                    method,
                    url,
                    query,
                    consumer_key=self._key,
                    consumer_secret=self._secret,
                    timestamp=int(self._clock().timestamp()),
                    nonce=secrets.token_hex(16),
                )
            if content is not None:
                headers["Content-Type"] = "application/json; charset=utf-8"
            full = f"{url}?{encode_query(signed)}" if signed else url
            return httpx.Request(method, full, headers=headers, content=content)

        return build

    # ---- calls ---------------------------------------------------------------------------------
    async def get_page(self, path: str, params: Mapping[str, str], *, what: str) -> Page:
        def parse(response: httpx.Response) -> Page:
            body = parse_response(response, self.channel, item=False)
            return Page(
                items=_objects(body, what, self.channel),
                total=_header_int(response, "X-WP-Total"),
                total_pages=_header_int(response, "X-WP-TotalPages"),
                has_next=_has_next(response),
            )

        return await self.http.send(self._builder("GET", path, params, None), parse, what=what)

    async def get(self, path: str, *, what: str, item: bool = False) -> dict[str, Any]:
        def parse(response: httpx.Response) -> dict[str, Any]:
            body = parse_response(response, self.channel, item=item)
            if not isinstance(body, dict):
                raise Fatal(f"{what}: the shop answered without an object", channel=self.channel)
            return cast(dict[str, Any], body)

        return await self.http.send(self._builder("GET", path, None, None), parse, what=what)

    async def write(
        self, method: str, path: str, body: Mapping[str, Any], *, what: str
    ) -> dict[str, Any]:
        """Create or update one object; a refusal is Rejected with the shop's message."""

        def parse(response: httpx.Response) -> dict[str, Any]:
            answer = parse_response(response, self.channel, item=True)
            if not isinstance(answer, dict) or "id" not in answer:
                raise Fatal(
                    f"{what}: the shop answered without the saved object", channel=self.channel
                )
            return cast(dict[str, Any], answer)

        return await self.http.send(self._builder(method, path, None, dict(body)), parse, what=what)

    async def batch(
        self,
        path: str,
        *,
        create: Sequence[Mapping[str, Any]] = (),
        update: Sequence[Mapping[str, Any]] = (),
        what: str,
    ) -> BatchAnswer:
        """One /batch call (≤100 objects); per-item errors come back inline, in order."""
        if len(create) + len(update) > BATCH_LIMIT:
            raise ValueError(f"a WooCommerce batch takes at most {BATCH_LIMIT} objects")
        body: dict[str, Any] = {}
        if create:
            body["create"] = [dict(c) for c in create]
        if update:
            body["update"] = [dict(u) for u in update]

        def parse(response: httpx.Response) -> BatchAnswer:
            answer = parse_response(response, self.channel, item=False)
            if not isinstance(answer, dict):
                raise Fatal(
                    f"{what}: the shop answered without a batch result", channel=self.channel
                )
            created = _objects(answer.get("create", []), what, self.channel) if create else []
            updated = _objects(answer.get("update"), what, self.channel) if update else []
            if len(created) != len(create) or len(updated) != len(update):
                raise Fatal(
                    f"{what}: the shop answered for {len(created) + len(updated)} of "
                    f"{len(create) + len(update)} items",
                    channel=self.channel,
                )
            return BatchAnswer(create=created, update=updated)

        return await self.http.send(self._builder("POST", path, None, body), parse, what=what)


def item_error(answer: Mapping[str, Any]) -> tuple[str | None, str] | None:
    """The inline error of one batch item, if it failed: (code, message)."""
    error = answer.get("error")
    if not error:
        return None
    if isinstance(error, dict):
        code = error.get("code")
        message = error.get("message")
        return (str(code) if code else None, str(message or code or "refused by the shop"))
    return None, str(error)
