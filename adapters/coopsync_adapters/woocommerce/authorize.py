"""`coopsync connect` for WooCommerce: REST API keys, from WooCommerce's own key flow or made by
hand in the shop's admin, then checked with one call.

WooCommerce REST API documentation, "Authentication" (https://woocommerce.github.io/
woocommerce-rest-api-docs/#authentication): keys are made in WooCommerce → Settings → Advanced
→ REST API → Add key (a description, the user, Read/Write, Generate API key), or by the
"Application Authentication Endpoint": the owner opens
`{shop}/wc-auth/v1/authorize?app_name&scope=read_write&user_id&return_url&callback_url`, logs in
and approves; WooCommerce POSTs `{key_id, user_id, consumer_key, consumer_secret,
key_permissions}` as JSON to `callback_url` (which must be HTTPS, and reachable from the shop's
server: `WC_Auth` refuses anything else and deletes the key when the POST fails), then sends the
browser to `return_url?success=1&user_id=…` (`success=0` when the owner denied). Keys do not
expire. Over HTTPS a call carries them as HTTP Basic; over plain HTTP as an OAuth 1.0a signature
(client.py), and `connect` refuses a plain-HTTP shop unless told otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from coopsync.adapters import Clock, TokenPair
from coopsync.authorization import NEVER, Grant, require
from coopsync.channel_config import ChannelBase
from coopsync.errors import AuthExpired, ConfigError, Fatal
from coopsync.secrets import register_secret
from coopsync_adapters.woocommerce.client import (
    API_PREFIX,
    basic_authorization,
    encode_query,
    oauth_params,
    store_root,
)
from coopsync_adapters.woocommerce.settings import WooCommerceChannel

APP_NAME = "coopsync"
AUTHORIZE_PATH = "/wc-auth/v1/authorize"
CHECK_PATH = "/products"  # one cheap authenticated call: the first product

GUIDE: Mapping[str, Sequence[str]] = {
    "en": (
        "Log in to the shop's WordPress admin ({url}/wp-admin) as an administrator.",
        "Go to WooCommerce → Settings → Advanced → REST API, and click Add key.",
        "Description: coopsync. User: the shop's administrator. Permissions: Read/Write.",
        "Click Generate API key: WooCommerce shows a Consumer key (ck_…) and a Consumer "
        "secret (cs_…) once. Copy each one into the prompts below (they are not shown).",
    ),
    "id": (
        "Masuk ke admin WordPress toko ({url}/wp-admin) sebagai administrator.",
        "Buka WooCommerce → Settings → Advanced → REST API, lalu klik Add key.",
        "Description: coopsync. User: administrator toko. Permissions: Read/Write.",
        "Klik Generate API key: WooCommerce menampilkan Consumer key (ck_…) dan Consumer "
        "secret (cs_…) sekali saja. Salin masing-masing ke pertanyaan di bawah (tidak tampil).",
    ),
}
TYPED: Sequence[tuple[str, Mapping[str, str]]] = (
    ("consumer_key", {"en": "Consumer key (ck_…)", "id": "Consumer key (ck_…)"}),
    ("consumer_secret", {"en": "Consumer secret (cs_…)", "id": "Consumer secret (cs_…)"}),
)


def _woo(settings: ChannelBase) -> tuple[WooCommerceChannel, str]:
    if not isinstance(settings, WooCommerceChannel) or not settings.url:
        raise ConfigError("a WooCommerce channel needs the shop's url to connect")
    return settings, store_root(settings)


class WooCommerceAuthorization:
    """REST API keys for one WooCommerce shop, as `coopsync connect` gets them."""

    default_redirect = "http://127.0.0.1:8765/coopsync"
    state_param = "user_id"  # WooCommerce hands our `user_id` back with the keys
    needs_callback = True  # the keys are POSTed by the shop's server, not brought back
    typed = TYPED

    def guide_for(self, settings: ChannelBase, lang: str) -> list[str]:
        """The steps in the shop's admin, in the user's language."""
        _, root = _woo(settings)
        return [step.format(url=root) for step in GUIDE.get(lang, GUIDE["en"])]

    def check_address(self, settings: ChannelBase, allow_http: bool) -> None:
        """A plain-HTTP shop is refused unless the user says so (`--allow-http`)."""
        _, root = _woo(settings)
        if urlsplit(root).scheme != "https" and not allow_http:
            error = ConfigError(f"the shop's address {root} is plain HTTP")
            error.code, error.params = "connect.plain_http", {"url": root}
            raise error

    def link(
        self,
        settings: ChannelBase,
        redirect: str,
        state: str,
        now: datetime,
        *,
        callback: str | None = None,
    ) -> str:
        """The key-issuing page (`callback`: the public HTTPS address forwarded here)."""
        _, root = _woo(settings)
        if not callback or not callback.startswith("https://"):
            error = ConfigError("WooCommerce posts the keys only to an https:// callback")
            error.code, error.params = "connect.needs_callback", {}
            raise error
        query = {
            "app_name": APP_NAME,
            "scope": "read_write",
            "user_id": state,
            "return_url": redirect,
            "callback_url": callback,
        }
        return f"{root}{AUTHORIZE_PATH}?{urlencode(query)}"

    def answer(self, params: Mapping[str, str]) -> Mapping[str, str]:
        if params.get("success") == "0":
            error = ConfigError("the owner did not approve")
            error.code, error.params = "connect.denied", {}
            raise error
        found = require(params, "consumer_key", "consumer_secret")
        permissions = params.get("key_permissions", "read_write")
        if permissions != "read_write":
            error = ConfigError(f"the key allows {permissions}, coopsync needs read_write")
            error.code, error.params = "connect.read_only", {"permissions": permissions}
            raise error
        return found

    async def exchange(
        self,
        settings: ChannelBase,
        answer: Mapping[str, str],
        *,
        clock: Clock,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> Grant:
        """Check the keys with one call (the first product), and read the shop's name."""
        _, root = _woo(settings)
        key, secret = answer["consumer_key"].strip(), answer["consumer_secret"].strip()
        register_secret(key)
        register_secret(secret)
        register_secret(basic_authorization(key, secret).removeprefix("Basic "))
        async with httpx.AsyncClient(transport=transport, timeout=30) as client:
            url = f"{root}{API_PREFIX}{CHECK_PATH}"
            query = {"per_page": "1"}
            headers: dict[str, str] = {}
            if root.startswith("https://"):
                headers["Authorization"] = basic_authorization(key, secret)
            else:  # plain HTTP: the keys never travel, a signature does
                import secrets as random

                query |= oauth_params(
                    "GET",
                    url,
                    query,
                    consumer_key=key,
                    consumer_secret=secret,
                    timestamp=int(clock().timestamp()),
                    nonce=random.token_hex(16),
                )
            response = await client.get(f"{url}?{encode_query(query)}", headers=headers)
            if response.status_code in (401, 403):
                said = _said(response)
                raise AuthExpired(f"HTTP {response.status_code}{said}", channel="connect")
            if response.status_code >= 400:
                raise Fatal(f"the shop did not answer the check (HTTP {response.status_code})")
            index = await client.get(f"{root}/wp-json/")
        name = _name(index)
        return Grant(
            tokens=TokenPair(access_token=key, refresh_token=secret, access_expires_at=NEVER),
            shop_id=root,
            shop_name=name,
            settings={},
        )


def _said(response: httpx.Response) -> str:
    """WooCommerce's own words for a refusal (`: Consumer key is invalid.`), if any."""
    try:
        body: Any = response.json()
    except ValueError:
        return ""
    message = body.get("message") if isinstance(body, dict) else None
    return f": {message}" if message else ""


def _name(response: httpx.Response) -> str | None:
    try:
        body: Any = response.json()
    except ValueError:
        return None
    name = body.get("name") if isinstance(body, dict) else None
    return str(name) if name else None


AUTHORIZATION = WooCommerceAuthorization()
