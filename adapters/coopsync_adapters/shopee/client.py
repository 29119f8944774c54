"""Shopee Open Platform v2 on the wire: hosts, signing, the error envelope, token refresh.

Every call carries `partner_id`, `timestamp` and `sign` in the query (and `access_token`,
`shop_id` for shop calls), GET and POST alike; the JSON body is not signed. Answers are
`{request_id, error, message, warning, response}` and `error` is read whatever the HTTP status.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from coopsync.adapters import AdapterContext, TokenPair
from coopsync.errors import (
    ConfigError,
    Fatal,
    Rejected,
    Transient,
)
from coopsync.http import channel_http, channel_tokens
from coopsync.secrets import register_secret
from coopsync_adapters.shopee.envelope import REAUTHORISE_HINT, parse_envelope
from coopsync_adapters.shopee.settings import ShopeeChannel

log = logging.getLogger("coopsync.shopee")

DEFAULT_HOST = "https://partner.shopeemobile.com"
API_PREFIX = "/api/v2"
# Shopee publishes no numbers: only a short-window `error_rate_limit` and a daily quota
# (`error_limit`). Third-party guides say 10 calls a second per shop (unverified); rate-limit
# answers are retried with backoff either way. `rate_limit` in the settings overrides this.
DEFAULT_RATE_LIMIT = 10.0
REFRESH_TOKEN_LIFETIME = timedelta(days=30)  # developer guide, "Authorization and Authentication"


def base_string(
    partner_id: str | int,
    path: str,
    timestamp: int,
    access_token: str | None = None,
    shop_id: str | int | None = None,
) -> str:
    """partner_id + api path + timestamp, then access_token + shop_id for shop APIs."""
    base = f"{partner_id}{path}{timestamp}"
    if access_token is not None:
        base += f"{access_token}{shop_id}"
    return base


def sign(
    partner_key: str,
    partner_id: str | int,
    path: str,
    timestamp: int,
    access_token: str | None = None,
    shop_id: str | int | None = None,
) -> str:
    """Lowercase hex HMAC-SHA256 of the base string, keyed by the partner key (as text)."""
    base = base_string(partner_id, path, timestamp, access_token, shop_id)
    return hmac.new(partner_key.encode(), base.encode(), hashlib.sha256).hexdigest()


Params = Sequence[tuple[str, str | int]]
QueryValue = str | int | float | bool | None


class ShopeeClient:
    """Signed calls to one shop, on the shared HttpLayer (retries, rate limit, tokens)."""

    def __init__(self, context: AdapterContext) -> None:
        settings = context.settings
        if not isinstance(settings, ShopeeChannel):
            raise ConfigError(f"channel '{context.channel}' is not a Shopee channel")
        if not (settings.partner_id and settings.partner_key and settings.shop_id):
            raise ConfigError(
                f"channel '{context.channel}' needs partner_id, partner_key and shop_id",
                hint="set them in the channel's settings, or use `sandbox: true`",
            )
        if not (str(settings.partner_id).isdigit() and str(settings.shop_id).isdigit()):
            raise ConfigError(
                f"channel '{context.channel}': Shopee's partner_id and shop_id are numbers",
                hint="copy them from the Open Platform console and the seller centre",
            )
        self.channel = context.channel
        self.settings = settings
        self.partner_id = str(settings.partner_id)
        self.shop_id = str(settings.shop_id)
        self._partner_key = settings.partner_key.get_secret_value()
        for secret in settings.secret_values():
            register_secret(secret)
        self.host = (settings.base_url or DEFAULT_HOST).rstrip("/")
        self._clock = context.clock
        self.tokens = channel_tokens(
            context, refresher=self.refresh, reauthorise_hint=REAUTHORISE_HINT
        )
        self.http = channel_http(context, default_rate=DEFAULT_RATE_LIMIT, tokens=self.tokens)

    async def aclose(self) -> None:
        await self.http.aclose()

    # ---- requests --------------------------------------------------------------------------
    def _now(self) -> int:
        return int(self._clock().timestamp())

    def _query(self, path: str, access_token: str | None) -> list[tuple[str, QueryValue]]:
        timestamp = self._now()
        query: list[tuple[str, QueryValue]] = [
            ("partner_id", self.partner_id),
            ("timestamp", str(timestamp)),
        ]
        if access_token is None:
            query.append(("sign", sign(self._partner_key, self.partner_id, path, timestamp)))
            return query
        signature = sign(
            self._partner_key, self.partner_id, path, timestamp, access_token, self.shop_id
        )
        query += [("access_token", access_token), ("shop_id", self.shop_id), ("sign", signature)]
        return query

    def _builder(
        self,
        method: str,
        api: str,
        *,
        params: Params = (),
        body: dict[str, Any] | None = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        shop_call: bool = True,
    ) -> Callable[[str | None], httpx.Request]:
        path = f"{API_PREFIX}/{api}"
        extra: list[tuple[str, QueryValue]] = [(k, str(v)) for k, v in params]

        def build(access_token: str | None) -> httpx.Request:
            query = self._query(path, access_token if shop_call else None) + extra
            if files is not None:
                return self.http.client.build_request(
                    method, self.host + path, params=query, files=files
                )
            content = json.dumps(body).encode() if body is not None else None
            headers = {"Content-Type": "application/json"} if content is not None else None
            return self.http.client.build_request(
                method, self.host + path, params=query, content=content, headers=headers
            )

        return build

    async def get(
        self, api: str, params: Params = (), *, what: str, item_level: bool = False
    ) -> dict[str, Any]:
        """A signed shop GET; returns the envelope's `response`."""

        def parse(response: httpx.Response) -> dict[str, Any]:
            return parse_envelope(response, channel=self.channel, what=what, item_level=item_level)

        return await self.http.send(self._builder("GET", api, params=params), parse, what=what)

    async def post(
        self, api: str, body: dict[str, Any], *, what: str, item_level: bool = False
    ) -> dict[str, Any]:
        """A signed shop POST with a JSON body; returns the envelope's `response`."""

        def parse(response: httpx.Response) -> dict[str, Any]:
            return parse_envelope(response, channel=self.channel, what=what, item_level=item_level)

        return await self.http.send(self._builder("POST", api, body=body), parse, what=what)

    async def post_once(self, api: str, body: dict[str, Any], *, what: str) -> dict[str, Any]:
        """A signed POST sent once, without retries (for creates that must not be repeated)."""

        def parse(response: httpx.Response) -> dict[str, Any]:
            return parse_envelope(response, channel=self.channel, what=what, item_level=True)

        # Creating is not idempotent: a create whose answer was lost must not be sent again
        # blindly (a second item would appear); the adapter looks for the item first.
        return await self.http.send(
            self._builder("POST", api, body=body), parse, what=what, attempts=1
        )

    async def upload_image(self, content: bytes, filename: str) -> dict[str, Any]:
        """POST media_space/upload_image as multipart (field `image`)."""
        what = f"upload image {filename}"
        mime = "image/png" if filename.lower().endswith(".png") else "image/jpeg"

        def parse(response: httpx.Response) -> dict[str, Any]:
            return parse_envelope(response, channel=self.channel, what=what, item_level=True)

        build = self._builder(
            "POST", "media_space/upload_image", files={"image": (filename, content, mime)}
        )
        return await self.http.send(build, parse, what=what)

    async def download(self, url: str) -> bytes:
        """Fetch an image by URL (Shopee only takes uploaded files)."""

        def build(_: str | None) -> httpx.Request:
            return self.http.client.build_request("GET", url)

        def parse(response: httpx.Response) -> bytes:
            if response.status_code >= 500 or response.status_code == 429:
                raise Transient(
                    f"could not download {url} (HTTP {response.status_code})", channel=self.channel
                )
            if response.status_code >= 400:
                raise Rejected(
                    f"could not download image {url} (HTTP {response.status_code})",
                    channel=self.channel,
                )
            return response.content

        return await self.http.send(build, parse, what=f"download {url}", authenticated=False)

    # ---- tokens ----------------------------------------------------------------------------
    async def refresh(self, refresh_token: str) -> TokenPair:
        """POST auth/access_token/get: a new access token AND a new (single-use) refresh token."""
        what = "refresh the access token"
        body = {
            "refresh_token": refresh_token,
            "partner_id": int(self.partner_id),
            "shop_id": int(self.shop_id),
        }

        def parse(response: httpx.Response) -> TokenPair:
            data = parse_envelope(response, channel=self.channel, what=what, top_level=True)
            access, new_refresh = data.get("access_token"), data.get("refresh_token")
            expire_in = data.get("expire_in")
            if not (isinstance(access, str) and access and isinstance(new_refresh, str)):
                raise Fatal(f"{what}: Shopee answered without a token pair", channel=self.channel)
            if not new_refresh:
                raise Fatal(
                    f"{what}: Shopee answered without a refresh token", channel=self.channel
                )
            now = self._clock()
            expires = now + timedelta(hours=4)  # "Each access_token is valid for 4 hours"
            if isinstance(expire_in, int) and 0 < expire_in < 10**9:
                expires = now + timedelta(seconds=expire_in)
            elif isinstance(expire_in, int) and expire_in > int(now.timestamp()):
                # One documentation sample shows an absolute time here; accept both.
                expires = datetime.fromtimestamp(expire_in, tz=UTC)
            return TokenPair(
                access_token=access,
                refresh_token=new_refresh,
                access_expires_at=expires,
                refresh_expires_at=now + REFRESH_TOKEN_LIFETIME,
            )

        build = self._builder("POST", "auth/access_token/get", body=body, shop_call=False)
        return await self.http.send(build, parse, what=what, authenticated=False)
