"""`coopsync connect` for TikTok Shop (and Tokopedia): authorize link, token/get, shops.

TikTok Shop Partner Center documentation ("Authorization overview", "Get access token",
"Get Authorized Shops"): the seller opens
`https://services.tiktokshop.com/open/authorize?service_id=<service id>&state=<state>` (the
service id is shown in Partner Center, it is not the app key) and approves; TikTok Shop sends
the browser to the redirect address registered for the app with `?code=...&state=...`. The
code is exchanged once on the auth host: `GET /api/v2/token/get?app_key&app_secret&auth_code
&grant_type=authorized_code` (unsigned), answering in the usual `{code, message, data}`
envelope with the tokens and their expiry times (Unix seconds). Then the signed
`GET /authorization/202309/shops`, sent **without** `shop_cipher`, lists the shops the seller
authorised: each with `id`, `name`, `region` and the `cipher` every shop call must carry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from coopsync.adapters import Clock, TokenPair
from coopsync.authorization import Grant, require
from coopsync.channel_config import ChannelBase
from coopsync.errors import ConfigError, Fatal
from coopsync.secrets import register_secret
from coopsync_adapters.tiktok.client import (
    API_HOST,
    AUTH_HOST,
    VERSION,
    _token_expiry,
    encode_query,
    read_envelope,
    sign,
)
from coopsync_adapters.tiktok.settings import TikTokChannel

AUTHORIZE_URL = "https://services.tiktokshop.com/open/authorize"
SHOPS_PATH = f"/authorization/{VERSION}/shops"
PREFERRED_REGION = "ID"


def _tiktok(settings: ChannelBase) -> tuple[TikTokChannel, str, str]:
    if not isinstance(settings, TikTokChannel) or not settings.app_key or not settings.app_secret:
        raise ConfigError("a TikTok Shop channel needs app_key and app_secret to connect")
    return settings, settings.app_key, settings.app_secret.get_secret_value()


class TikTokAuthorization:
    """TikTok Shop's seller authorization, as `coopsync connect` drives it."""

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
        """The authorize link (the redirect is the one registered in Partner Center)."""
        channel, _, _ = _tiktok(settings)
        if not channel.service_id:
            error = ConfigError("a TikTok Shop channel needs service_id to connect")
            error.code, error.params = "connect.needs_setting", {"field": "service_id"}
            raise error
        query = {"service_id": channel.service_id, "state": state}
        return f"{channel.authorize_url or AUTHORIZE_URL}?{urlencode(query)}"

    def answer(self, params: Mapping[str, str]) -> Mapping[str, str]:
        return require(params, "code", "state")

    async def exchange(
        self,
        settings: ChannelBase,
        answer: Mapping[str, str],
        *,
        clock: Clock,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> Grant:
        channel, app_key, app_secret = _tiktok(settings)
        register_secret(app_secret)
        auth_host = (channel.auth_url or AUTH_HOST).rstrip("/")
        api_host = (channel.base_url or API_HOST).rstrip("/")
        async with httpx.AsyncClient(transport=transport, timeout=30) as client:
            query = {
                "app_key": app_key,
                "app_secret": app_secret,
                "auth_code": answer["code"],
                "grant_type": "authorized_code",
            }
            response = await client.get(f"{auth_host}/api/v2/token/get?{encode_query(query)}")
            now = clock()
            tokens = _tokens(read_envelope(response, "connect", "exchange the code"), now)
            params = {"app_key": app_key, "timestamp": str(int(clock().timestamp()))}
            params["sign"] = sign(app_secret, SHOPS_PATH, params)
            response = await client.get(
                f"{api_host}{SHOPS_PATH}?{encode_query(params)}",
                headers={"x-tts-access-token": tokens.access_token},
            )
            shops = read_envelope(response, "connect", "list the authorised shops").get("shops")
        shop = _pick(shops)
        return Grant(
            tokens=tokens,
            shop_id=str(shop.get("id") or ""),
            shop_name=str(shop.get("name") or "") or None,
            region=str(shop.get("region") or "") or None,
            settings={"shop_cipher": str(shop["cipher"])},
            authorization_expires_at=tokens.refresh_expires_at,
        )


def _tokens(data: Mapping[str, Any], now: datetime) -> TokenPair:
    access, refresh = data.get("access_token"), data.get("refresh_token")
    if not (isinstance(access, str) and access and isinstance(refresh, str) and refresh):
        raise Fatal("exchange the code: TikTok Shop answered without a token pair")
    register_secret(access)
    register_secret(refresh)
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        access_expires_at=_token_expiry(data.get("access_token_expire_in"), now)
        or now + timedelta(days=7),
        refresh_expires_at=_token_expiry(data.get("refresh_token_expire_in"), now),
    )


def _pick(shops: object) -> dict[str, Any]:
    """The authorised shop: the only one, or the first in Indonesia."""
    listed = shops if isinstance(shops, list) else []
    found = [s for s in listed if isinstance(s, dict) and s.get("cipher")]
    if not found:
        raise Fatal("TikTok Shop lists no authorised shop for this approval")
    for shop in found:
        if shop.get("region") == PREFERRED_REGION:
            return shop
    return found[0]


AUTHORIZATION = TikTokAuthorization()
