"""`coopsync connect` for Shopee: the signed `shop/auth_partner` link and `auth/token/get`.

Shopee Open Platform developer guide, "Authorization and Authentication": the partner builds
`https://partner.shopeemobile.com/api/v2/shop/auth_partner?partner_id&timestamp&sign&redirect`,
signed like every public call (HMAC-SHA256 keyed by the partner key over partner_id + path +
timestamp; the timestamp is good for 5 minutes). The seller logs in and approves; Shopee sends
the browser to `redirect?code=...&shop_id=...` (a main account gets `main_account_id` instead).
The code lives 10 minutes and is used once: `POST /api/v2/auth/token/get` with
`{code, shop_id, partner_id}`, public signature, answers with the access token (4 hours), the
refresh token (30 days) and `expire_in`, beside `error` (not inside `response`). Then
`GET /api/v2/shop/get_shop_info` (a shop call) gives the shop's name, region and `expire_time`,
when the seller's authorization itself ends.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from coopsync.adapters import Clock, TokenPair
from coopsync.authorization import Grant, require
from coopsync.channel_config import ChannelBase
from coopsync.errors import ConfigError, Fatal
from coopsync.secrets import register_secret
from coopsync_adapters.shopee.client import API_PREFIX, DEFAULT_HOST, REFRESH_TOKEN_LIFETIME, sign
from coopsync_adapters.shopee.envelope import parse_envelope
from coopsync_adapters.shopee.settings import ShopeeChannel

AUTH_PATH = f"{API_PREFIX}/shop/auth_partner"
TOKEN_PATH = f"{API_PREFIX}/auth/token/get"
SHOP_INFO_PATH = f"{API_PREFIX}/shop/get_shop_info"
ACCESS_LIFETIME = timedelta(hours=4)


def _shopee(settings: ChannelBase) -> tuple[ShopeeChannel, str, str, str]:
    if not isinstance(settings, ShopeeChannel) or not settings.partner_id:
        raise ConfigError("a Shopee channel needs partner_id and partner_key to connect")
    if settings.partner_key is None:
        raise ConfigError("a Shopee channel needs partner_id and partner_key to connect")
    host = (settings.base_url or DEFAULT_HOST).rstrip("/")
    return settings, str(settings.partner_id), settings.partner_key.get_secret_value(), host


class ShopeeAuthorization:
    """Shopee's shop authorization, as `coopsync connect` drives it."""

    default_redirect = "http://127.0.0.1:8765/coopsync"

    def link(
        self,
        settings: ChannelBase,
        redirect: str,
        state: str,
        now: datetime,
        *,
        callback: str | None = None,
    ) -> str:
        """The signed auth_partner link (Shopee has no `state`: the redirect carries none)."""
        _, partner_id, partner_key, host = _shopee(settings)
        timestamp = int(now.timestamp())
        query = {
            "partner_id": partner_id,
            "timestamp": str(timestamp),
            "sign": sign(partner_key, partner_id, AUTH_PATH, timestamp),
            "redirect": redirect,
        }
        return f"{host}{AUTH_PATH}?{urlencode(query)}"

    def answer(self, params: Mapping[str, str]) -> Mapping[str, str]:
        if params.get("main_account_id") and not params.get("shop_id"):
            error = ConfigError("a main account was authorised, not a shop")
            error.code, error.params = "connect.main_account", {}
            raise error
        return require(params, "code", "shop_id")

    async def exchange(
        self,
        settings: ChannelBase,
        answer: Mapping[str, str],
        *,
        clock: Clock,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> Grant:
        _, partner_id, partner_key, host = _shopee(settings)
        register_secret(partner_key)
        shop_id = str(answer["shop_id"])
        if not shop_id.isdigit():
            raise ConfigError(f"the shop id in the address ({shop_id}) is not a number")
        async with httpx.AsyncClient(transport=transport, timeout=30) as client:
            body = {"code": answer["code"], "shop_id": int(shop_id), "partner_id": int(partner_id)}
            now = clock()
            timestamp = int(now.timestamp())
            query = {
                "partner_id": partner_id,
                "timestamp": str(timestamp),
                "sign": sign(partner_key, partner_id, TOKEN_PATH, timestamp),
            }
            response = await client.post(
                host + TOKEN_PATH,
                params=query,
                content=json.dumps(body).encode(),
                headers={"Content-Type": "application/json"},
            )
            data = parse_envelope(
                response, channel="connect", what="exchange the code", top_level=True
            )
            tokens = _tokens(data, now)
            info = await _shop_info(client, host, partner_id, partner_key, shop_id, tokens, clock)
        expire_time = info.get("expire_time")
        return Grant(
            tokens=tokens,
            shop_id=shop_id,
            shop_name=str(info.get("shop_name") or "") or None,
            region=str(info.get("region") or "") or None,
            settings={"shop_id": shop_id},
            authorization_expires_at=(
                datetime.fromtimestamp(expire_time, tz=UTC)
                if isinstance(expire_time, int) and expire_time > 0
                else None
            ),
        )


def _tokens(data: Mapping[str, Any], now: datetime) -> TokenPair:
    access, refresh = data.get("access_token"), data.get("refresh_token")
    if not (isinstance(access, str) and access and isinstance(refresh, str) and refresh):
        raise Fatal("exchange the code: Shopee answered without a token pair")
    register_secret(access)
    register_secret(refresh)
    expire_in = data.get("expire_in")
    lifetime = ACCESS_LIFETIME
    if isinstance(expire_in, int) and 0 < expire_in < 10**9:
        lifetime = timedelta(seconds=expire_in)
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        access_expires_at=now + lifetime,
        refresh_expires_at=now + REFRESH_TOKEN_LIFETIME,
    )


async def _shop_info(
    client: httpx.AsyncClient,
    host: str,
    partner_id: str,
    partner_key: str,
    shop_id: str,
    tokens: TokenPair,
    clock: Clock,
) -> dict[str, Any]:
    """GET shop/get_shop_info with the new token: the shop's name, region and expiry."""
    timestamp = int(clock().timestamp())
    access = tokens.access_token
    query = {
        "partner_id": partner_id,
        "timestamp": str(timestamp),
        "access_token": access,
        "shop_id": shop_id,
        "sign": sign(partner_key, partner_id, SHOP_INFO_PATH, timestamp, access, shop_id),
    }
    response = await client.get(host + SHOP_INFO_PATH, params=query)
    return parse_envelope(response, channel="connect", what="read the shop", top_level=True)


AUTHORIZATION = ShopeeAuthorization()
