"""The three marketplaces `connect` reaches, as the tests drive them: a fake, its hosts, the
channel a shop writes (the app's credentials only), and where its secrets are kept."""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from connect_shop import Clock, Owner

from coopsync_adapters.lazada.fake import APP_KEY as LZ_KEY
from coopsync_adapters.lazada.fake import APP_SECRET as LZ_SECRET
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.shopee.fake import PARTNER_ID, PARTNER_KEY, ShopeeFake
from coopsync_adapters.tiktok.fake import APP_KEY, APP_SECRET, WAREHOUSE_ID, TikTokFake
from coopsync_adapters.tiktok.fake_auth import SERVICE_ID


@dataclass(frozen=True)
class Platform:
    name: str
    fake: Callable[[Clock], Any]
    channel: str  # the YAML of channel `toko`
    hosts: tuple[str, ...]
    category: str
    secrets: Callable[[Any], set[str]]  # every code and token the fake handed out
    register_redirect: Callable[[Any, str], None]  # the redirect registered for the app
    shop_id: Callable[[Any], str]
    has_state: bool = True

    def __str__(self) -> str:
        return self.name


def _shopee_secrets(fake: ShopeeFake) -> set[str]:
    return set(fake.auth.codes) | set(fake.tokens.access) | set(fake.tokens.refresh_tokens)


def _tiktok_secrets(fake: TikTokFake) -> set[str]:
    return set(fake.codes) | {fake.access_token, fake.refresh_token}


def _lazada_secrets(fake: LazadaFake) -> set[str]:
    return set(fake.codes) | set(fake.access_tokens) | set(fake.refresh_tokens)


def _set(name: str) -> Callable[[Any, str], None]:
    def register(fake: Any, redirect: str) -> None:
        setattr(fake, name, redirect)

    return register


SHOPEE = Platform(
    "shopee",
    lambda clock: ShopeeFake(clock=clock),
    "  toko:\n    platform: shopee\n    sandbox: false\n"
    f"    partner_id: '{PARTNER_ID}'\n    partner_key: {PARTNER_KEY}\n",
    ("partner.shopeemobile.com",),
    "100018",
    _shopee_secrets,
    lambda fake, redirect: None,  # Shopee takes the redirect in the signed link
    lambda fake: str(fake.auth.shop_id),
    has_state=False,
)
TIKTOK = Platform(
    "tiktok",
    lambda clock: TikTokFake(clock=clock),
    "  toko:\n    platform: tiktok\n    sandbox: false\n"
    f"    app_key: '{APP_KEY}'\n    app_secret: {APP_SECRET}\n    service_id: '{SERVICE_ID}'\n"
    f"    warehouse_id: '{WAREHOUSE_ID}'\n",
    ("services.tiktokshop.com", "auth.tiktok-shops.com", "open-api.tiktokglobalshop.com"),
    "600001",
    _tiktok_secrets,
    _set("redirect_url"),
    lambda fake: "7495123456789",
)
LAZADA = Platform(
    "lazada",
    lambda clock: LazadaFake(clock=clock),
    "  toko:\n    platform: lazada\n    sandbox: false\n"
    f"    app_key: '{LZ_KEY}'\n    app_secret: {LZ_SECRET}\n",
    ("auth.lazada.com", "api.lazada.co.id"),
    "10002019",
    _lazada_secrets,
    _set("callback_url"),
    lambda fake: str(fake.seller_id),
)
MARKETPLACES = (SHOPEE, TIKTOK, LAZADA)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def with_state_of(address: str, link: str) -> str:
    """`address` answering `link`: its `state` replaced by the link's (a code sent twice)."""
    state = dict(parse_qsl(urlsplit(link).query)).get("state", "")
    parts = urlsplit(address)
    query = dict(parse_qsl(parts.query)) | {"state": state}
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclass
class Browser(Owner):
    """The owner approving in a browser on this machine: it follows the redirect home, to the
    local listener, and shows the page it answers. `late` seconds pass before the first
    redirect reaches home (the owner went for tea)."""

    age: Callable[[int], None] = lambda seconds: None
    late: int = 0
    pages: list[str] = field(default_factory=list)

    def open(self, link: str, *args: object, **kwargs: object) -> bool:
        self.links.append(link)
        address = self.approve(link)
        self.landed.append(address)
        if self.late and len(self.links) == 1:
            self.age(self.late)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(address, timeout=10) as page:
            self.pages.append(page.read().decode("utf-8"))
        return True
