"""A stateful stand-in for Lazada Open Platform at the wire level (an httpx transport).

It checks what the real gateway checks (app key, `sign_method=sha256`, a millisecond timestamp
within 7200 s, the HMAC-SHA256 signature, the access token) with its own code, enforces the
documented limits (50 SKUs per price_quantity/update where one bad SKU fails the call with
`detail[]`, 50 products and 100 orders per page, offset <= 5000, 50 orders per items call) and
keeps products, stock (see fake_stock.py: sellable, withhold, occupy and total per warehouse,
campaign locks), prices, images and orders.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

import httpx
from pydantic import SecretStr

from coopsync.adapters import OrderStatus
from coopsync.sandbox.marketplace import FakeLine, FakeMarketplace, FakeSkuView
from coopsync_adapters.lazada.fake_auth import AuthEndpoints
from coopsync_adapters.lazada.fake_catalog import CatalogEndpoints
from coopsync_adapters.lazada.fake_changes import ProductChanges
from coopsync_adapters.lazada.fake_index import SkuLookup
from coopsync_adapters.lazada.fake_orders import OrderEndpoints
from coopsync_adapters.lazada.fake_stock import DROPSHIPPING, StockEndpoints
from coopsync_adapters.lazada.fake_wire import Refusal, expected_sign, ms, multipart
from coopsync_adapters.lazada.settings import LazadaChannel

APP_KEY = "100132"
APP_SECRET = "fake-lazada-app-secret-3d1f"
ACCESS_LIFETIME = timedelta(days=7)  # an app in test status: 7 days, refresh 14 days
REFRESH_LIFETIME = timedelta(days=14)
TIMESTAMP_TOLERANCE = 7200  # seconds, "less than 7200s difference from UTC time"

_STATUS_OUT = {
    OrderStatus.UNPAID: "unpaid",
    OrderStatus.TO_SHIP: "pending",
    OrderStatus.SHIPPED: "shipped",
    OrderStatus.COMPLETED: "delivered",
    OrderStatus.CANCELLED: "canceled",
    OrderStatus.RETURNED: "returned",
    OrderStatus.LOST: "lost_by_3pl",
}


class LazadaFake(
    AuthEndpoints,
    CatalogEndpoints,
    ProductChanges,
    OrderEndpoints,
    StockEndpoints,
    SkuLookup,
    FakeMarketplace,
):
    """Lazada Indonesia for one seller, in memory (persisted by to_state/load_state)."""

    platform = "lazada"

    def __init__(self, clock: Callable[[], datetime] | None = None, *, seed: int = 0) -> None:
        super().__init__(clock)
        self.app_key = APP_KEY
        self.app_secret = APP_SECRET
        self.seller_id = str(1000123456 + seed)
        self._random = random.Random(seed)
        self._counter = seed * 1_000_000
        self.products: dict[str, dict[str, Any]] = {}
        self.orders: dict[str, dict[str, Any]] = {}
        self.images: dict[str, str] = {}  # hash -> url
        self.withhold: dict[str, int] = {}  # seller sku -> units of unpaid orders
        self.occupy: dict[str, int] = {}  # seller sku -> units paid, not yet ready to ship
        self.warehouse_codes: list[str] = [DROPSHIPPING]
        self.rejected: dict[str, str] = {}  # seller sku -> message
        self.access_tokens: dict[str, int] = {}  # token -> expiry (ms)
        self.refresh_tokens: dict[str, int] = {}
        self.current_access, self.current_refresh = self._issue_tokens()
        self._auth_init()
        self.build_indexes()

    # ---- ids, tokens -------------------------------------------------------------------------
    def _next_id(self, base: int) -> int:
        self._counter += 1
        return base + self._counter

    def _request_id(self) -> str:
        return f"21{self._random.randrange(10**20):020d}"

    def _issue_tokens(self) -> tuple[str, str]:
        now = ms(self.now())
        access = f"50000{self._random.randrange(10**30):030d}"
        refresh = f"50001{self._random.randrange(10**30):030d}"
        self.access_tokens[access] = now + int(ACCESS_LIFETIME.total_seconds() * 1000)
        self.refresh_tokens[refresh] = now + int(REFRESH_LIFETIME.total_seconds() * 1000)
        self.current_access, self.current_refresh = access, refresh
        return access, refresh

    # ---- transport ---------------------------------------------------------------------------
    def _answer(self, request: httpx.Request, body: Mapping[str, Any]) -> httpx.Response:
        return httpx.Response(200, json={**body, "request_id": self._request_id()}, request=request)

    def _refusal(self, request: httpx.Request, refusal: Refusal) -> httpx.Response:
        body: dict[str, Any] = {
            "type": refusal.kind,
            "code": refusal.code,
            "message": refusal.message,
        }
        if refusal.detail:
            body["detail"] = refusal.detail
        return self._answer(request, body)

    def busy_response(self, request: httpx.Request) -> httpx.Response:
        # price_quantity/update's documented E901: "The request is too frequent ..."
        return self._refusal(
            request,
            Refusal(
                "901",
                "E901: The request is too frequent, or the requested functionality is "
                "temporarily disabled.",
                "ISP",
            ),
        )

    def missing_fields_response(self, request: httpx.Request) -> httpx.Response:
        return self._answer(request, {"code": "0"})

    def handle(self, request: httpx.Request, body: bytes) -> httpx.Response:
        if request.url.path == "/oauth/authorize" and request.url.host.startswith("auth."):
            return self.authorize_page(request)
        try:
            return self._answer(request, self._serve(request, body))
        except Refusal as refusal:
            return self._refusal(request, refusal)

    def _params(
        self, request: httpx.Request, body: bytes
    ) -> tuple[dict[str, str], dict[str, bytes]]:
        params = dict(request.url.params.multi_items())
        files: dict[str, bytes] = {}
        content_type = request.headers.get("content-type", "")
        if content_type.startswith("application/x-www-form-urlencoded"):
            params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        elif content_type.startswith("multipart/form-data"):
            fields, files = multipart(content_type, body)
            params.update(fields)
        return params, files

    def _check_call(self, request: httpx.Request, api_path: str, params: Mapping[str, str]) -> None:
        for name in ("app_key", "timestamp", "sign_method", "sign"):
            if not params.get(name):
                raise Refusal("MISSING_PARAMETER", f"missing required parameter: {name}")
        if params["app_key"] != self.app_key:
            raise Refusal("InvalidAppKey", "The specified app key is invalid")
        if params["sign_method"] != "sha256":
            raise Refusal("InvalidSignMethod", "sign_method must be sha256")
        stamp = params["timestamp"]
        if not stamp.isdigit() or int(stamp) < 10**12:
            raise Refusal("InvalidTimestamp", "timestamp must be Unix time in milliseconds")
        if abs(int(stamp) / 1000 - self.now().timestamp()) > TIMESTAMP_TOLERANCE:
            raise Refusal("InvalidTimestamp", "timestamp is more than 7200 s from UTC time")
        if params["sign"] != expected_sign(self.app_secret, api_path, params):
            raise Refusal(
                "IncompleteSignature", "The request signature does not conform to lazada standards"
            )
        on_auth_host = request.url.host.startswith("auth.")
        if api_path.startswith("/auth/") != on_auth_host:
            raise Refusal("InvalidApiPath", f"{api_path} is not served by {request.url.host}")
        if api_path.startswith("/auth/"):
            return
        token = params.get("access_token")
        if not token:
            raise Refusal("MISSING_PARAMETER", "missing required parameter: access_token")
        expiry = self.access_tokens.get(token)
        if expiry is None or expiry <= ms(self.now()):
            raise Refusal("IllegalAccessToken", "The specified access token is invalid or expired")

    def _serve(self, request: httpx.Request, body: bytes) -> dict[str, Any]:
        path = request.url.path
        if not path.startswith("/rest/"):
            raise Refusal("InvalidApiPath", f"unknown path {path}")
        api_path = path[len("/rest") :]
        params, files = self._params(request, body)
        self._check_call(request, api_path, params)
        self.expire_unpaid()
        routes: dict[str, Callable[[dict[str, str], dict[str, bytes]], dict[str, Any]]] = {
            "/auth/token/refresh": self._refresh,
            "/auth/token/create": self._token_create,
            "/products/get": self._products_get,
            "/product/item/get": self._product_item_get,
            "/product/create": self._product_create,
            "/product/update": self._product_update,
            "/product/deactivate": self._product_deactivate,
            "/product/price_quantity/update": self._price_quantity_update,
            "/product/stock/sellable/update": self._sellable_update,
            "/product/stock/sellable/adjust": self._sellable_adjust,
            "/image/migrate": self._image_migrate,
            "/image/upload": self._image_upload,
            "/orders/get": self._orders_get,
            "/orders/items/get": self._order_items_get,
            "/seller/get": self._seller_get,
        }
        route = routes.get(api_path)
        if route is None:
            raise Refusal("InvalidApiPath", "The specified API path is invalid")
        return route(params, files)

    def _seller_get(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        """GetSeller: the seller behind the access token."""
        return {
            "code": "0",
            "data": {
                "seller_id": int(self.seller_id),
                "name": "Toko Sandbox",
                "short_code": "ID0SANDBX",
                "location": "Jakarta",
                "verified": True,
            },
        }

    # ---- auth --------------------------------------------------------------------------------
    def _refresh(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        token = params.get("refresh_token", "")
        expiry = self.refresh_tokens.pop(token, None)
        if expiry is None or expiry <= ms(self.now()):
            raise Refusal(
                "IllegalRefreshToken", "The specified refresh token is invalid or expired"
            )
        access, refresh = self._issue_tokens()
        return {
            "code": "0",
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": int(ACCESS_LIFETIME.total_seconds()),
            "refresh_expires_in": int(REFRESH_LIFETIME.total_seconds()),
            "account_platform": "seller_center",
            "country": "id",
            "country_user_info": [{"country": "id", "seller_id": self.seller_id}],
        }

    # ---- control API ------------------------------------------------------------------------
    def keep_signed_in(self) -> bool:
        now = ms(self.now())
        if any(expiry > now for expiry in self.refresh_tokens.values()):
            return False
        self._issue_tokens()  # the seller authorises the app again in the seller centre
        return True

    def settings(self, **overrides: Any) -> LazadaChannel:
        values: dict[str, Any] = {
            "platform": "lazada",
            "sandbox": False,
            "app_key": self.app_key,
            "app_secret": SecretStr(self.app_secret),
            "access_token": SecretStr(self.current_access),
            "refresh_token": SecretStr(self.current_refresh),
        }
        values.update(overrides)
        return LazadaChannel(**values)

    def seed_listing(
        self,
        title: str,
        skus: Sequence[tuple[str, int, int]],
        *,
        options: Sequence[dict[str, str]] | None = None,
    ) -> str:
        item_id = self._next_id(3_000_000_000)
        now = ms(self.now())
        self.products[str(item_id)] = {
            "item_id": item_id,
            "category": "10002019",
            "attributes": {"name": title, "description": title, "brand": "No Brand"},
            "images": ["https://id-live-02.slatic.net/p/seeded.jpg"],
            "skus": [
                {
                    "SkuId": self._next_id(15_000_000_000),
                    "SellerSku": sku,
                    "price": price,
                    "quantity": stock,
                    "saleProp": dict(options[i]) if options else {},
                    "Images": [],
                    "package": {
                        "package_weight": "0.3",
                        "package_length": "30",
                        "package_width": "20",
                        "package_height": "3",
                    },
                    "Status": "active",
                }
                for i, (sku, price, stock) in enumerate(skus)
            ],
            "status": "Active",
            "created_ms": now,
            "updated_ms": now,
            "variation": {},
        }
        self.sku_touched(self.products[str(item_id)])
        return str(item_id)

    def sku_view(self, sku: str) -> FakeSkuView | None:
        found = self._sku_lookup(sku)
        if found is None:
            return None
        product, entry = found
        return FakeSkuView(
            sku=sku,
            remote_id=str(product["item_id"]),
            remote_sku_id=str(entry["SkuId"]),
            title=str(product["attributes"].get("name", "")),
            price=int(entry["price"]),
            stock=self.buyers_can_buy(entry),
            active=product["status"] == "Active" and entry["Status"] == "active",
            options=dict(entry["saleProp"]),
        )

    def place_order(
        self,
        lines: Sequence[FakeLine],
        *,
        at: datetime | None = None,
        status: OrderStatus = OrderStatus.TO_SHIP,
        seller_voucher: int = 0,
        platform_voucher: int = 0,
    ) -> str:
        """An order, one order item per unit (as Lazada lists them). Vouchers are per unit:
        `seller_voucher` the shop pays for, `platform_voucher` Lazada pays for."""
        when = ms(at or self.now())
        order_id = self._next_id(400_000_000_000)
        items: list[dict[str, Any]] = []
        for line in lines:
            product, sku = self._sku_entry(line.sku)
            for _ in range(line.quantity):
                price = int(sku["price"])
                item = {
                    "order_item_id": self._next_id(500_000_000_000),
                    "sku": line.sku,
                    "sku_id": sku["SkuId"],
                    "item_id": product["item_id"],
                    "name": str(product["attributes"].get("name", "")),
                    "item_price": price,
                    "voucher_seller": seller_voucher,
                    "voucher_platform": platform_voucher,
                    "paid_price": price - seller_voucher - platform_voucher,
                    "status": "new",
                    "updated_ms": when,
                }
                self.move_item(item, _STATUS_OUT[status])
                items.append(item)
        self.orders[str(order_id)] = {
            "order_id": order_id,
            "order_number": order_id - 400_000_000_000 + 300_000_000,
            "created_ms": when,
            "updated_ms": when,
            "items": items,
        }
        return str(order_id)

    def set_order_status(
        self, order_id: str, status: OrderStatus, *, at: datetime | None = None
    ) -> None:
        order = self.orders[str(order_id)]
        self.set_item_status(
            order_id, [str(i["order_item_id"]) for i in order["items"]], _STATUS_OUT[status], at=at
        )

    def item_ids(self, order_id: str) -> list[str]:
        """The order item ids of an order, one per unit, in the order Lazada lists them."""
        return [str(i["order_item_id"]) for i in self.orders[str(order_id)]["items"]]

    def set_item_status(
        self, order_id: str, item_ids: Sequence[str], status: str, *, at: datetime | None = None
    ) -> None:
        """Some units of an order move on (Lazada's own status text: "shipped", "delivered",
        "canceled", "returned", "lost_by_3pl", ...); each item keeps its own update time."""
        order = self.orders[str(order_id)]
        when = ms(at or self.now())
        for item in order["items"]:
            if str(item["order_item_id"]) in item_ids:
                self.move_item(item, status)
                item["updated_ms"] = when
        order["updated_ms"] = when

    def reject_sku(self, sku: str, message: str = "invalid stock value") -> None:
        self.rejected[sku] = message

    def expire_access_token(self) -> None:
        for token in self.access_tokens:
            self.access_tokens[token] = 0

    def revoke_refresh_token(self) -> None:
        self.refresh_tokens.clear()

    def order_ids(self) -> list[str]:
        return list(self.orders)

    # ---- persistence -------------------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        return {
            "products": self.products,
            "orders": self.orders,
            "images": self.images,
            "withhold": self.withhold,
            "occupy": self.occupy,
            "warehouse_codes": self.warehouse_codes,
            "rejected": self.rejected,
            "access_tokens": self.access_tokens,
            "refresh_tokens": self.refresh_tokens,
            "current": [self.current_access, self.current_refresh],
            "counter": self._counter,
        }

    def load_state(self, state: dict[str, Any]) -> None:
        self.products = dict(state.get("products", {}))
        self.orders = dict(state.get("orders", {}))
        self.images = dict(state.get("images", {}))
        self.withhold = {k: int(v) for k, v in state.get("withhold", {}).items()}
        # Older sandboxes kept one "held" figure: paid, unshipped units.
        occupy = state.get("occupy", state.get("held", {}))
        self.occupy = {k: int(v) for k, v in occupy.items()}
        self.warehouse_codes = list(state.get("warehouse_codes", [DROPSHIPPING]))
        self.rejected = dict(state.get("rejected", {}))
        self.access_tokens = {k: int(v) for k, v in state.get("access_tokens", {}).items()}
        self.refresh_tokens = {k: int(v) for k, v in state.get("refresh_tokens", {}).items()}
        if state.get("current"):
            self.current_access, self.current_refresh = state["current"]
        self._counter = int(state.get("counter", self._counter))
        self.build_indexes()
