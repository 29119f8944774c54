"""`coopsync connect` for Lazada: the `oauth/authorize` link and `/auth/token/create`.

Lazada Open Platform documentation, Quick start guide → "Seller authorization introduction"
(https://open.lazada.com/apps/doc/doc): the seller opens
`https://auth.lazada.com/oauth/authorize?response_type=code&force_auth=true&redirect_uri=<the
callback URL registered for the app>&client_id=<app key>&state=<ours>`, picks the country, logs
in and approves; Lazada sends the browser to `redirect_uri?code=...&state=...`. The code is
"valid for half an hour and can only be used once". It is exchanged at the central auth gateway
(`https://auth.lazada.com/rest`) with `/auth/token/create`, a system call signed like every
other (app_key, timestamp in ms, sign_method=sha256, HMAC-SHA256 over the path and the sorted
parameters; no access_token), sent as the lazop SDKs send it: system parameters in the query,
`code` as a form body. The answer carries the tokens, their lifetimes in seconds (`expires_in`,
`refresh_expires_in`: 30 and 180 days for an app online, 7 and 30 in test), `country`,
`account` and `country_user_info` (one entry per country: `country`, `seller_id`, `user_id`).
The refresh token's life is not reset by refreshing: when it ends the seller approves again,
so it is also when the authorization ends. Then `/seller/get` with the new token (the regional
gateway) gives the shop's name: the first authenticated call.
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
from coopsync_adapters.lazada.client import (
    AUTH_GATEWAY,
    GATEWAYS,
    SYSTEM_PARAMS,
    data_of,
    read_envelope,
    sign,
)
from coopsync_adapters.lazada.settings import LazadaChannel

TOKEN_CREATE = "/auth/token/create"
SELLER_GET = "/seller/get"
DEFAULT_ACCESS = timedelta(days=7)


def _lazada(settings: ChannelBase) -> tuple[LazadaChannel, str, str]:
    if not isinstance(settings, LazadaChannel) or not settings.app_key or not settings.app_secret:
        raise ConfigError("a Lazada channel needs app_key and app_secret to connect")
    return settings, settings.app_key, settings.app_secret.get_secret_value()


def authorize_page(channel: LazadaChannel) -> str:
    """`https://auth.lazada.com/oauth/authorize` (on the same host as `auth_url`)."""
    rest = (channel.auth_url or AUTH_GATEWAY).rstrip("/")
    return rest.removesuffix("/rest") + "/oauth/authorize"


def signed(
    app_key: str, app_secret: str, api_path: str, params: Mapping[str, str], now: datetime
) -> tuple[dict[str, str], dict[str, str]]:
    """(query, form): the system parameters and sign in the query, the rest as a form body."""
    values = {
        "app_key": app_key,
        "timestamp": str(int(now.timestamp() * 1000)),
        "sign_method": "sha256",
        **params,
    }
    values["sign"] = sign(app_secret, api_path, values)
    query = {k: v for k, v in values.items() if k in SYSTEM_PARAMS}
    form = {k: v for k, v in values.items() if k not in SYSTEM_PARAMS}
    return query, form


class LazadaAuthorization:
    """Lazada's seller authorization, as `coopsync connect` drives it."""

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
        """The authorize link (the redirect must be the callback URL registered for the app)."""
        channel, app_key, _ = _lazada(settings)
        query = {
            "response_type": "code",
            "force_auth": "true",
            "redirect_uri": redirect,
            "client_id": app_key,
            "state": state,
        }
        return f"{authorize_page(channel)}?{urlencode(query)}"

    def answer(self, params: Mapping[str, str]) -> Mapping[str, str]:
        return require(params, "code")

    async def exchange(
        self,
        settings: ChannelBase,
        answer: Mapping[str, str],
        *,
        clock: Clock,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> Grant:
        channel, app_key, app_secret = _lazada(settings)
        register_secret(app_secret)
        auth = (channel.auth_url or AUTH_GATEWAY).rstrip("/")
        api = (channel.base_url or GATEWAYS[channel.region]).rstrip("/")
        async with httpx.AsyncClient(transport=transport, timeout=30) as client:
            now = clock()
            query, form = signed(app_key, app_secret, TOKEN_CREATE, {"code": answer["code"]}, now)
            response = await client.post(auth + TOKEN_CREATE, params=query, data=form)
            body = read_envelope(response, channel="connect", what="exchange the code")
            tokens = _tokens(body, now)
            seller_id, country = _seller(body, channel.region)
            access = {"access_token": tokens.access_token}
            query, _ = signed(app_key, app_secret, SELLER_GET, access, clock())
            response = await client.get(api + SELLER_GET, params=query)
            seller = data_of(
                read_envelope(response, channel="connect", what="read the seller"),
                channel="connect",
                what="read the seller",
            )
        name = seller.get("name") if isinstance(seller, dict) else None
        return Grant(
            tokens=tokens,
            shop_id=seller_id,
            shop_name=str(name) if name else None,
            region=country.upper(),
            settings={},
            authorization_expires_at=tokens.refresh_expires_at,
        )


def _tokens(body: Mapping[str, Any], now: datetime) -> TokenPair:
    access, refresh = body.get("access_token"), body.get("refresh_token")
    if not (isinstance(access, str) and access and isinstance(refresh, str) and refresh):
        raise Fatal("exchange the code: Lazada answered without a token pair")
    register_secret(access)
    register_secret(refresh)
    return TokenPair(
        access_token=access,
        refresh_token=refresh,
        access_expires_at=now + _seconds(body.get("expires_in"), DEFAULT_ACCESS),
        refresh_expires_at=now + _seconds(body.get("refresh_expires_in"), timedelta()),
    )


def _seconds(value: object, default: timedelta) -> timedelta:
    try:
        seconds = int(str(value))
    except ValueError:
        return default
    return timedelta(seconds=seconds) if seconds > 0 else default


def _seller(body: Mapping[str, Any], region: str) -> tuple[str, str]:
    """The seller id in the channel's country (`country_user_info`), and that country."""
    listed = body.get("country_user_info")
    entries = [e for e in listed if isinstance(e, dict)] if isinstance(listed, list) else []
    for entry in entries:
        if str(entry.get("country", "")).lower() == region and entry.get("seller_id"):
            return str(entry["seller_id"]), region
    countries = ", ".join(sorted({str(e.get("country", "?")) for e in entries})) or "-"
    error = ConfigError(f"the approved seller account sells in {countries}, not in {region}")
    error.code, error.params = "connect.wrong_region", {"region": region, "found": countries}
    raise error


AUTHORIZATION = LazadaAuthorization()
