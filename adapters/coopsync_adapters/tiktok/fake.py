"""TikTokFake: a stateful, wire-level stand-in for TikTok Shop's Partner API (202309).

It checks what the platform checks (app_key, timestamp window, signature, access token,
shop_cipher), enforces the documented limits, answers with the platform's envelopes and codes,
rotates tokens, and keeps products, stock, prices, orders and returns. Simplifications: a new
product passes review at once (status ACTIVATE); a return is recorded as completed at once
(RETURN_AND_REFUND, RETURN_OR_REFUND_REQUEST_COMPLETE) and leaves the order itself unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import httpx

from coopsync.adapters import OrderStatus
from coopsync.sandbox.marketplace import FakeLine, FakeMarketplace, FakeSkuView
from coopsync_adapters.tiktok import fake_orders, fake_products, fake_wire
from coopsync_adapters.tiktok.fake_auth import AuthEndpoints
from coopsync_adapters.tiktok.fake_index import SkuLookup
from coopsync_adapters.tiktok.fake_skus import SkuEditEndpoints, attribute_entries
from coopsync_adapters.tiktok.fake_wire import envelope
from coopsync_adapters.tiktok.settings import TikTokChannel

APP_KEY = "6abcfake0001"
APP_SECRET = "fake-tiktok-app-secret-7f3a9c"
SHOP_CIPHER = "ROW_fakeCipher_IDshop01"
WAREHOUSE_ID = fake_wire.WAREHOUSE_ID
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cf0000030101001825dd5a0000000049454e44ae426082"
)
# A refresh answer seen in public examples (example-code.com, "Refresh a TikTok Shop OAuth2
# Access Token") expires the access token about 7 days after the request; its refresh token
# expiry is decades away. The fake keeps the refresh token for a year.
ACCESS_LIFETIME = timedelta(days=7)
REFRESH_LIFETIME = timedelta(days=365)

TO_TIKTOK = {
    OrderStatus.UNPAID: "UNPAID",
    OrderStatus.TO_SHIP: "AWAITING_SHIPMENT",
    OrderStatus.SHIPPED: "IN_TRANSIT",
    OrderStatus.COMPLETED: "COMPLETED",
    OrderStatus.CANCELLED: "CANCELLED",
    OrderStatus.RETURNED: "DELIVERED",  # a return lives in the Return and Refund API
    OrderStatus.LOST: "CANCELLED",  # lost in transit: the platform cancels the order
}
ORDER_PROGRESS = [
    "UNPAID",
    "ON_HOLD",
    "AWAITING_SHIPMENT",
    "AWAITING_COLLECTION",
    "IN_TRANSIT",
    "DELIVERED",
    "COMPLETED",
]


class TikTokFake(
    AuthEndpoints,
    fake_products.ProductEndpoints,
    SkuEditEndpoints,
    fake_orders.OrderEndpoints,
    SkuLookup,
    FakeMarketplace,
):
    """TikTok Shop for tests and `sandbox: true`."""

    platform = "tiktok"

    def __init__(self, clock: Any = None, *, seed: int = 0) -> None:
        FakeMarketplace.__init__(self, clock)
        self.seed = seed
        self.counter = 0
        self.products: dict[str, dict[str, Any]] = {}
        self.orders: dict[str, dict[str, Any]] = {}
        self.images: dict[str, str] = {}  # uri -> url
        self.rejected: dict[str, str] = {}  # seller_sku -> message
        self.returns: dict[str, dict[str, Any]] = {}
        now = self.now()
        self.access_token = f"TTP_access_{seed}_0"
        self.refresh_token = f"TTP_refresh_{seed}_0"
        self.access_expires = int((now + ACCESS_LIFETIME).timestamp())
        self.refresh_expires = int((now + REFRESH_LIFETIME).timestamp())
        self.refresh_revoked = False
        self.codes: dict[str, tuple[int, bool]] = {}  # one-time codes: issued at, used
        self.build_indexes()

    # ---- ids and envelopes -----------------------------------------------------------------
    def next_id(self, base: int) -> str:
        self.counter += 1
        return str(base + self.seed * 1_000_000 + self.counter)

    def request_id(self) -> str:
        return f"2026{self.counter:014d}FAKE"

    def ok(self, data: Any = None) -> httpx.Response:
        return envelope(self.request_id(), data=data if data is not None else {})

    def fail(self, error: tuple[int, str], *, status: int = 200) -> httpx.Response:
        return envelope(self.request_id(), error[0], error[1], status=status)

    def keep_signed_in(self) -> bool:
        if self.ts() < self.refresh_expires and not self.refresh_revoked:
            return False
        self.new_pair()  # the seller authorises the app again
        return True

    def new_pair(self) -> None:
        """A new access and refresh token (the seller approved the app again)."""
        n = self.counter = self.counter + 1
        self.access_token = f"TTP_access_{self.seed}_{n}"
        self.refresh_token = f"TTP_refresh_{self.seed}_{n}"
        now = self.now()
        self.access_expires = int((now + ACCESS_LIFETIME).timestamp())
        self.refresh_expires = int((now + REFRESH_LIFETIME).timestamp())
        self.refresh_revoked = False

    def ts(self) -> int:
        return int(self.now().timestamp())

    # ---- transport -------------------------------------------------------------------------
    def handle(self, request: httpx.Request, body: bytes) -> httpx.Response:
        path = request.url.path
        if path == "/api/v2/token/refresh":
            return self._refresh(request)
        if path == "/api/v2/token/get":
            return self.token_get(request, APP_KEY, APP_SECRET)
        if path == "/open/authorize":
            return self.authorize_page(request)
        if request.method == "GET" and not path.startswith(
            ("/product/", "/order/", "/return", "/authorization/")
        ):
            # Stands in for the web servers that host a catalog's image URLs.
            return httpx.Response(200, content=PNG_1PX, headers={"content-type": "image/png"})
        params = {k: request.url.params[k] for k in request.url.params}
        refused = self._check_common(request, path, params, body)
        if refused is not None:
            return refused
        if path == "/authorization/202309/shops" and request.method == "GET":
            return self.shops(SHOP_CIPHER)
        return self.route(request.method, path, params, body, request)

    def _check_common(
        self, request: httpx.Request, path: str, params: dict[str, str], body: bytes
    ) -> httpx.Response | None:
        if params.get("app_key") != APP_KEY:
            return self.fail(fake_wire.BAD_APP_KEY)
        try:
            stamp = int(params.get("timestamp", ""))
        except ValueError:
            return self.fail(fake_wire.INVALID_PARAM)
        now = self.ts()
        if stamp < now - fake_wire.TIMESTAMP_PAST:
            return self.fail(fake_wire.OLD_TIMESTAMP)
        if stamp > now + fake_wire.TIMESTAMP_FUTURE:
            return self.fail(fake_wire.FUTURE_TIMESTAMP)
        if "sign" not in params:
            return self.fail(fake_wire.NO_SIGN)
        multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
        signed_body = b"" if multipart else body
        if params["sign"] != fake_wire.expected_sign(APP_SECRET, path, params, signed_body):
            return self.fail(fake_wire.BAD_SIGN, status=401)
        token = request.headers.get("x-tts-access-token", "")
        if token != self.access_token:
            return self.fail(fake_wire.INVALID_TOKEN, status=401)
        if now >= self.access_expires:
            return self.fail(fake_wire.EXPIRED_TOKEN, status=401)
        shop_call = not path.endswith(("/images/upload", "/authorization/202309/shops"))
        if shop_call and "shop_cipher" not in params:
            return self.fail(fake_wire.NO_CIPHER)
        if shop_call and params["shop_cipher"] != SHOP_CIPHER:
            return self.fail((36009004, "Invalid identifier. The `shop_cipher` is invalid."))
        if not shop_call and "shop_cipher" in params:
            return self.fail(fake_wire.UNEXPECTED_CIPHER)
        return None

    def _refresh(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        if params.get("app_key") != APP_KEY or params.get("app_secret") != APP_SECRET:
            return self.fail(fake_wire.BAD_APP_KEY)
        if params.get("grant_type") != "refresh_token":
            return self.fail(fake_wire.INVALID_PARAM)
        if (
            self.refresh_revoked
            or params.get("refresh_token") != self.refresh_token
            or self.ts() >= self.refresh_expires
        ):
            return self.fail((36004004, "Invalid refresh token."))
        n = self.counter = self.counter + 1
        self.access_token = f"TTP_access_{self.seed}_{n}"
        self.refresh_token = f"TTP_refresh_{self.seed}_{n}"  # the old one stops working
        now = self.now()
        self.access_expires = int((now + ACCESS_LIFETIME).timestamp())
        self.refresh_expires = int((now + REFRESH_LIFETIME).timestamp())
        return self.ok(
            {
                "access_token": self.access_token,
                "access_token_expire_in": self.access_expires,
                "refresh_token": self.refresh_token,
                "refresh_token_expire_in": self.refresh_expires,
                "open_id": "fake-open-id",
                "seller_name": "Koperasi Fake",
                "seller_base_region": "ID",
                "user_type": 0,
            }
        )

    def rate_limited_response(self, request: httpx.Request) -> httpx.Response:
        response = self.fail(fake_wire.RATE_LIMITED, status=429)
        response.headers["Retry-After"] = "1"
        return response

    def busy_response(self, request: httpx.Request) -> httpx.Response:
        return self.fail(fake_wire.INTERNAL)

    def missing_fields_response(self, request: httpx.Request) -> httpx.Response:
        body = {"code": 0, "message": "Success", "request_id": self.request_id()}
        return httpx.Response(200, json=body)

    # ---- control API -----------------------------------------------------------------------
    def settings(self, **overrides: Any) -> TikTokChannel:
        values: dict[str, Any] = {
            "platform": "tiktok",
            "sandbox": False,
            "app_key": APP_KEY,
            "app_secret": APP_SECRET,
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "shop_cipher": SHOP_CIPHER,
            "warehouse_id": WAREHOUSE_ID,
        }
        values.update(overrides)
        return TikTokChannel.model_validate(values)

    def seed_listing(
        self,
        title: str,
        skus: Sequence[tuple[str, int, int]],
        *,
        options: Sequence[dict[str, str]] | None = None,
    ) -> str:
        product_id = self.next_id(1_729_000_000_000_000_000)
        now = self.ts()
        self.products[product_id] = {
            "id": product_id,
            "title": title,
            "description": f"<p>{title}</p>",
            "status": "ACTIVATE",
            "category_id": "600001",
            "main_images": [],
            "package_weight": {"value": "0.5", "unit": "KILOGRAM"},
            "create_time": now,
            "update_time": now,
            "skus": [
                {
                    "id": self.next_id(1_729_500_000_000_000_000),
                    "seller_sku": sku,
                    "price": price,
                    "stock": stock,
                    "sales_attributes": attribute_entries(
                        list((options[i] if options else {}).items())
                    ),
                }
                for i, (sku, price, stock) in enumerate(skus)
            ],
        }
        self.sku_touched(self.products[product_id])
        return product_id

    def sku_view(self, sku: str) -> FakeSkuView | None:
        found = self.find_sku(sku)
        if found is None:
            return None
        product, entry = found
        return FakeSkuView(
            sku=sku,
            remote_id=product["id"],
            remote_sku_id=entry["id"],
            title=product["title"],
            price=entry["price"],
            stock=entry["stock"] + sum(entry.get("warehouses", {}).values()),
            active=product["status"] == "ACTIVATE",
            options={a["name"]: a["value_name"] for a in entry["sales_attributes"]},
        )

    def add_warehouse(self, sku: str, warehouse_id: str, units: int) -> None:
        """The seller also stocks `units` of a SKU in a second warehouse."""
        found = self.find_sku(sku)
        assert found is not None, sku
        found[1].setdefault("warehouses", {})[warehouse_id] = units

    def place_order(
        self,
        lines: Sequence[FakeLine],
        *,
        at: datetime | None = None,
        status: OrderStatus = OrderStatus.TO_SHIP,
        seller_discount: int = 0,
        platform_discount: int = 0,
    ) -> str:
        """An order, one line item per unit as TikTok Shop lists them; discounts are per unit
        (`seller_discount` the shop pays, `platform_discount` TikTok pays)."""
        when = int((at or self.now()).timestamp())
        items = []
        for line in lines:
            found = self.find_sku(line.sku)
            if found is None or found[1]["stock"] < line.quantity:
                raise ValueError(f"a buyer cannot order {line.quantity} x {line.sku}")
            product, entry = found
            entry["stock"] -= line.quantity  # the platform takes stock when the order is placed
            for _ in range(line.quantity):  # one line item per unit, as TikTok Shop does
                items.append(
                    {
                        "id": self.next_id(5_761_000_000_000_000_000),
                        "sku_id": entry["id"],
                        "product_id": product["id"],
                        "product_name": product["title"],
                        "seller_sku": entry["seller_sku"],
                        "price": entry["price"],
                        "seller_discount": seller_discount,
                        "platform_discount": platform_discount,
                    }
                )
        order_id = self.next_id(5_760_000_000_000_000_000)
        self.orders[order_id] = {
            "id": order_id,
            "status": TO_TIKTOK[status],
            "create_time": when,
            "update_time": when,
            "lines": items,
            "restocked": False,
        }
        if status is OrderStatus.CANCELLED:
            self._restock(self.orders[order_id])
        if status is OrderStatus.RETURNED:
            self.record_return(order_id, at=at)
        return order_id

    def set_order_status(
        self, order_id: str, status: OrderStatus, *, at: datetime | None = None
    ) -> None:
        order = self.orders[order_id]
        when = int((at or self.now()).timestamp())
        if status is OrderStatus.RETURNED:
            self.record_return(order_id, at=at)
            return
        if status is OrderStatus.LOST:  # the courier lost it: the platform cancels the order
            self.set_line_status(order_id, self.line_ids(order_id), "CANCELLED", at=at)
            return
        order["status"] = TO_TIKTOK[status]
        order["update_time"] = when
        for line in order["lines"]:
            line.pop("status", None)  # every line follows the order again
            if status in (OrderStatus.SHIPPED, OrderStatus.COMPLETED):
                line.setdefault("rts_time", when)
        if status is OrderStatus.CANCELLED:
            self._restock(order)

    def line_ids(self, order_id: str) -> list[str]:
        """The order's line item ids, one per unit."""
        return [line["id"] for line in self.orders[order_id]["lines"]]

    def set_line_status(
        self, order_id: str, line_ids: Sequence[str], status: str, *, at: datetime | None = None
    ) -> None:
        """Some units move on (TikTok's `display_status` text); the order's status follows: a
        part shipped while the rest waits is PARTIALLY_SHIPPING. A unit cancelled after it
        shipped (lost by the courier) keeps its `rts_time`."""
        order = self.orders[order_id]
        when = int((at or self.now()).timestamp())
        for line in order["lines"]:  # each line now carries its own status
            if order["status"] != "PARTIALLY_SHIPPING":
                line.setdefault("status", order["status"])
            if line["id"] in line_ids:
                line["status"] = status
                if status in ("IN_TRANSIT", "DELIVERED", "COMPLETED"):
                    line.setdefault("rts_time", when)
        statuses = {line["status"] for line in order["lines"]}
        waiting = {"AWAITING_SHIPMENT", "AWAITING_COLLECTION"}
        if statuses & waiting and statuses - waiting - {"CANCELLED"}:
            order["status"] = "PARTIALLY_SHIPPING"
        elif len(statuses) == 1:
            order["status"] = statuses.pop()
        else:
            live = statuses - {"CANCELLED"}
            order["status"] = min(live, key=ORDER_PROGRESS.index) if live else "CANCELLED"
        order["update_time"] = when

    def record_return(
        self,
        order_id: str,
        line_ids: Sequence[str] | None = None,
        *,
        return_type: str = "RETURN_AND_REFUND",
        status: str = "RETURN_OR_REFUND_REQUEST_COMPLETE",
        at: datetime | None = None,
    ) -> str:
        """A return or refund of some units (all by default), in the Return and Refund API.

        Like the platform, it does not touch the order's own update time. `return_type` is
        RETURN_AND_REFUND (the goods come back), REFUND (money only, the buyer keeps the goods)
        or REPLACEMENT."""
        order = self.orders[order_id]
        when = int((at or self.now()).timestamp())
        chosen = [
            line for line in order["lines"] if line_ids is None or line["id"] in set(line_ids)
        ]
        return_id = self.next_id(4_035_000_000_000_000_000)

        def refund(line: dict[str, Any]) -> dict[str, str]:
            paid = line["price"] - line.get("seller_discount", 0) - line.get("platform_discount", 0)
            return {"currency": "IDR", "refund_total": str(paid), "refund_subtotal": str(paid)}

        self.returns[return_id] = {
            "return_id": return_id,
            "order_id": order["id"],
            "return_type": return_type,
            "return_status": status,
            "role": "BUYER",
            "create_time": when,
            "update_time": when,
            "refund_amount": {
                "currency": "IDR",
                "refund_total": str(sum(int(refund(line)["refund_total"]) for line in chosen)),
            },
            "return_line_items": [
                {
                    "return_line_item_id": f"{return_id}{n}",
                    "order_line_item_id": line["id"],
                    "sku_id": line["sku_id"],
                    "seller_sku": line["seller_sku"],
                    "product_name": line["product_name"],
                    "refund_amount": refund(line),
                }
                for n, line in enumerate(chosen)
            ],
        }
        return return_id

    def _restock(self, order: dict[str, Any]) -> None:
        if order["restocked"]:
            return
        order["restocked"] = True
        for line in order["lines"]:
            found = self.find_sku(line["seller_sku"])
            if found is not None:
                found[1]["stock"] += 1

    def reject_sku(self, sku: str, message: str = "invalid stock value") -> None:
        self.rejected[sku] = message

    def expire_access_token(self) -> None:
        self.access_expires = self.ts()

    def revoke_refresh_token(self) -> None:
        self.refresh_revoked = True

    def order_ids(self) -> list[str]:
        return list(self.orders)

    def to_state(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "counter": self.counter,
            "products": self.products,
            "orders": self.orders,
            "images": self.images,
            "rejected": self.rejected,
            "returns": self.returns,
            "tokens": {
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "access_expires": self.access_expires,
                "refresh_expires": self.refresh_expires,
                "refresh_revoked": self.refresh_revoked,
            },
        }

    def load_state(self, state: dict[str, Any]) -> None:
        self.seed = int(state.get("seed", self.seed))
        self.counter = int(state.get("counter", 0))
        self.products = dict(state.get("products", {}))
        self.orders = dict(state.get("orders", {}))
        self.images = dict(state.get("images", {}))
        self.rejected = dict(state.get("rejected", {}))
        self.returns = dict(state.get("returns", {}))
        tokens = state.get("tokens", {})
        self.access_token = tokens.get("access_token", self.access_token)
        self.refresh_token = tokens.get("refresh_token", self.refresh_token)
        self.access_expires = int(tokens.get("access_expires", self.access_expires))
        self.refresh_expires = int(tokens.get("refresh_expires", self.refresh_expires))
        self.refresh_revoked = bool(tokens.get("refresh_revoked", False))
        self.build_indexes()
