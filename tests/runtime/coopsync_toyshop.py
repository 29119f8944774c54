"""A tiny platform for the runtime tests: a JSON API, its fake, and an adapter using HttpLayer.

It describes itself with `DESCRIPTOR`, as every platform package does: the runtime tests register
it in process, the plugin test installs it through the `coopsync.adapters` entry point.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any, Literal

import httpx
from pydantic import SecretStr

from coopsync.adapters import (
    AdapterContext,
    Capability,
    ItemResult,
    ListingDraft,
    ListingRules,
    ListingStatus,
    Order,
    OrderLine,
    OrderStatus,
    Outcome,
    PriceUpdate,
    RemoteListing,
    RemoteSku,
    StockUpdate,
)
from coopsync.channel_config import ChannelBase
from coopsync.errors import AuthExpired
from coopsync.http import HttpLayer, read_json
from coopsync.platforms import Credential, PlatformDescriptor
from coopsync.sandbox.marketplace import FakeLine, FakeMarketplace, FakeSkuView

BASE = "https://toyshop.test"


class ToySettings(ChannelBase):
    """What a `platform: toyshop` channel takes: one API key, a secret."""

    platform: Literal["toyshop"]
    api_key: SecretStr | None = None
    packing: str | None = None  # a setting of the shop's own, which the sandbox keeps
    _required_credentials = ("api_key",)


class ToyFake(FakeMarketplace):
    platform = "toyshop"

    def __init__(self, clock: Any = None, *, seed: int = 0) -> None:
        super().__init__(clock)
        self.seed = seed
        self.api_key = f"toy-key-{seed}"
        self.listings: dict[str, dict[str, Any]] = {}
        self.orders: dict[str, dict[str, Any]] = {}
        self.next_id = 1

    # ---- wire ----------------------------------------------------------------------------
    def handle(self, request: httpx.Request, body: bytes) -> httpx.Response:
        if request.headers.get("x-key") != self.api_key:
            return httpx.Response(401, json={"error": "bad key"}, request=request)
        path = request.url.path
        if path == "/items" and request.method == "GET":
            return httpx.Response(200, json={"items": self.listings}, request=request)
        if path == "/items" and request.method == "POST":
            payload = json.loads(body)
            remote_id = self._new_id("L")
            self.listings[remote_id] = payload
            return httpx.Response(200, json={"id": remote_id}, request=request)
        if path == "/stock":
            for sku, stock in json.loads(body).items():
                self._sku(sku)["stock"] = stock
            return httpx.Response(200, json={}, request=request)
        if path == "/orders":
            since = datetime.fromisoformat(request.url.params["since"])
            until = datetime.fromisoformat(request.url.params["until"])
            found = {
                oid: o
                for oid, o in self.orders.items()
                if since <= datetime.fromisoformat(o["updated"]) < until
            }
            return httpx.Response(200, json={"orders": found}, request=request)
        return httpx.Response(404, json={"error": "no such path"}, request=request)

    def _new_id(self, prefix: str) -> str:
        value = f"{prefix}{self.next_id}"
        self.next_id += 1
        return value

    def _sku(self, sku: str) -> dict[str, Any]:
        for listing in self.listings.values():
            if sku in listing["skus"]:
                found: dict[str, Any] = listing["skus"][sku]
                return found
        raise KeyError(sku)

    # ---- control API ---------------------------------------------------------------------
    def settings(self, **overrides: Any) -> ChannelBase:
        return ToySettings.model_validate(
            {"platform": "toyshop", "api_key": self.api_key, **overrides}
        )

    def seed_listing(
        self,
        title: str,
        skus: Sequence[tuple[str, int, int]],
        *,
        options: Sequence[dict[str, str]] | None = None,
    ) -> str:
        remote_id = self._new_id("L")
        self.listings[remote_id] = {
            "title": title,
            "skus": {sku: {"price": price, "stock": stock} for sku, price, stock in skus},
        }
        return remote_id

    def sku_view(self, sku: str) -> FakeSkuView | None:
        for remote_id, listing in self.listings.items():
            found = listing["skus"].get(sku)
            if found is not None:
                return FakeSkuView(
                    sku, remote_id, sku, listing["title"], found["price"], found["stock"]
                )
        return None

    def place_order(
        self,
        lines: Sequence[FakeLine],
        *,
        at: datetime | None = None,
        status: OrderStatus = OrderStatus.TO_SHIP,
    ) -> str:
        when = (at or self.now()).isoformat()
        for line in lines:
            if self._sku(line.sku)["stock"] < line.quantity:
                raise ValueError(f"not enough stock of {line.sku}")
        order_lines = []
        for line in lines:
            sku = self._sku(line.sku)
            sku["stock"] -= line.quantity
            order_lines.append([line.sku, line.quantity, sku["price"]])
        order_id = self._new_id("O")
        self.orders[order_id] = {
            "lines": order_lines,
            "status": status.value,
            "created": when,
            "updated": when,
        }
        return order_id

    def set_order_status(
        self, order_id: str, status: OrderStatus, *, at: datetime | None = None
    ) -> None:
        order = self.orders[order_id]
        if status is OrderStatus.CANCELLED and order["status"] in ("unpaid", "to_ship"):
            for sku, quantity, _ in order["lines"]:
                self._sku(sku)["stock"] += quantity
        order["status"] = status.value
        order["updated"] = (at or self.now()).isoformat()

    def order_ids(self) -> list[str]:
        return list(self.orders)

    def to_state(self) -> dict[str, Any]:
        return {"listings": self.listings, "orders": self.orders, "next_id": self.next_id}

    def load_state(self, state: dict[str, Any]) -> None:
        self.listings = state["listings"]
        self.orders = state["orders"]
        self.next_id = state["next_id"]


class ToyAdapter:
    platform = "toyshop"
    capabilities = (
        Capability.LISTINGS_PULL
        | Capability.LISTING_CREATE
        | Capability.STOCK_PUSH
        | Capability.ORDERS_PULL
    )
    rules = ListingRules()
    closed = 0

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        key = getattr(context.settings, "api_key", None)
        self.key = key.get_secret_value() if isinstance(key, SecretStr) else ""
        self.http = HttpLayer(channel=context.channel, transport=context.transport)

    async def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        def build(_token: str | None) -> httpx.Request:
            return self.http.client.build_request(
                method, BASE + path, headers={"x-key": self.key}, **kwargs
            )

        def parse(response: httpx.Response) -> Any:
            if response.status_code == 401:
                raise AuthExpired("bad key", channel=self.context.channel, needs_human=True)
            return read_json(response, self.context.channel)

        return await self.http.send(build, parse, what=path, authenticated=False)

    async def listings(self) -> AsyncIterator[RemoteListing]:
        data = await self._call("GET", "/items")
        for remote_id, listing in data["items"].items():
            skus = tuple(
                RemoteSku(sku, sku, v["price"], v["stock"]) for sku, v in listing["skus"].items()
            )
            yield RemoteListing(remote_id, listing["title"], ListingStatus.ACTIVE, skus)

    async def find_by_sku(self, skus: Sequence[str]) -> dict[str, RemoteListing]:
        out = {}
        async for listing in self.listings():
            for sku in listing.sku_map():
                if sku in skus:
                    out[sku] = listing
        return out

    async def create_listing(self, draft: ListingDraft) -> RemoteListing:
        payload = {
            "title": draft.title,
            "skus": {v.sku: {"price": v.price, "stock": v.stock} for v in draft.variants},
        }
        data = await self._call("POST", "/items", json=payload)
        skus = tuple(RemoteSku(v.sku, v.sku, v.price, v.stock) for v in draft.variants)
        return RemoteListing(data["id"], draft.title, ListingStatus.ACTIVE, skus)

    async def update_listing(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        raise NotImplementedError

    async def push_stock(self, updates: Sequence[StockUpdate]) -> list[ItemResult]:
        await self._call("POST", "/stock", json={u.sku: u.stock for u in updates})
        return [ItemResult(u.sku, Outcome.OK) for u in updates]

    async def push_prices(self, updates: Sequence[PriceUpdate]) -> list[ItemResult]:
        raise NotImplementedError

    async def orders(self, since: datetime, until: datetime) -> AsyncIterator[Order]:
        params = {"since": since.isoformat(), "until": until.isoformat()}
        data = await self._call("GET", "/orders", params=params)
        for order_id, o in data["orders"].items():
            status = OrderStatus(o["status"])
            lines = tuple(
                OrderLine(sku, sku, quantity, price, status) for sku, quantity, price in o["lines"]
            )
            yield Order(
                order_id,
                status,
                datetime.fromisoformat(o["created"]),
                datetime.fromisoformat(o["updated"]),
                lines,
                sum(q * p for _, q, p in o["lines"]),
            )

    async def aclose(self) -> None:
        type(self).closed += 1
        await self.http.aclose()


DESCRIPTOR = PlatformDescriptor(
    name="toyshop",
    display_name="Toy Shop",
    settings=ToySettings,
    rules=ToyAdapter.rules,
    capabilities=ToyAdapter.capabilities,
    adapter="coopsync_toyshop:ToyAdapter",
    fake="coopsync_toyshop:ToyFake",
    aliases=("mainan",),
    credentials=(
        Credential(
            field="api_key",
            env="TOYSHOP_API_KEY",
            where={"en": "Toy Shop seller page → API", "id": "halaman penjual Toy Shop → API"},
        ),
    ),
)
