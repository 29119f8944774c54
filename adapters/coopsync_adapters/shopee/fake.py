"""ShopeeFake: a stateful, wire-level stand-in for Shopee Open Platform v2 (an httpx transport).

It checks what Shopee checks before answering: partner_id, a timestamp within 5 minutes, the
HMAC-SHA256 signature (computed here independently of client.py), the access token (4 hours by
the fake's clock; the previous one keeps working for 5 minutes after a refresh) and the shop.
Refresh tokens are single-use and live 30 days. Limits enforced: get_item_list page_size ≤ 100
with item_status as repeated keys, get_item_base_info ≤ 50 ids, update_stock/update_price one
item and ≤ 50 models per call (refused models in `failure_list`, the rest applied),
get_order_list windows ≤ 15 days and page_size ≤ 100, get_order_detail ≤ 50 order_sn.

The order cursor is an offset into the result set as it is at each call, so orders that change
during a pull shift the pages under the caller: a hostile, plausible reading of Shopee's
"opaque" cursor that the adapter must survive.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import httpx

from coopsync.adapters import OrderStatus
from coopsync.sandbox.marketplace import FakeLine, FakeMarketplace, FakeSkuView
from coopsync_adapters.shopee import fake_variants
from coopsync_adapters.shopee.fake_auth import AuthBook
from coopsync_adapters.shopee.fake_catalog import ShopeeCatalog, ShopeeError
from coopsync_adapters.shopee.fake_orders import OrderBook
from coopsync_adapters.shopee.fake_tokens import ACCESS_LIFETIME, TokenBook
from coopsync_adapters.shopee.settings import ShopeeChannel

PARTNER_ID = "2001887"
PARTNER_KEY = "shpk6b4e5a6f4c6d7a4d7757564f4d6b6c7a4a6e6a6f4e4b62"  # a fake partner key
SHOP_ID = "88001234"
TIMESTAMP_WINDOW = 300  # seconds: "The timestamp is only valid for 5 minutes"
PUBLIC_APIS = {"auth/access_token/get", "auth/token/get"}
FLAT_APIS = PUBLIC_APIS | {"shop/get_shop_info"}  # data beside `error`, not in `response`
SHOP_NAME = "Toko Anyaman Difabel"
AUTHORIZATION_DAYS = 365  # how long a seller's approval lasts before it must be renewed


def _sign(path: str, timestamp: str, access_token: str = "", shop_id: str = "") -> str:
    base = PARTNER_ID + path + timestamp + access_token + shop_id
    return hmac.new(PARTNER_KEY.encode(), base.encode(), hashlib.sha256).hexdigest()


def _multipart_file(request: httpx.Request, body: bytes, name: str) -> bytes | None:
    content_type = request.headers.get("content-type", "")
    if "multipart/form-data" not in content_type or "boundary=" not in content_type:
        return None
    boundary = content_type.split("boundary=", 1)[1].split(";")[0].strip().strip('"').encode()
    for part in body.split(b"--" + boundary):
        head, sep, content = part.partition(b"\r\n\r\n")
        if sep and f'name="{name}"'.encode() in head:
            return content[:-2] if content.endswith(b"\r\n") else content
    return None


class ShopeeFake(FakeMarketplace):
    """Shopee Open Platform v2 for one shop, in memory."""

    platform = "shopee"

    def __init__(self, clock: Callable[[], datetime] | None = None, *, seed: int = 0) -> None:
        super().__init__(clock)
        self.seed = seed
        self._requests_served = 0
        self.tokens = TokenBook(seed, self._ts())
        self.catalog = ShopeeCatalog()
        self.book = OrderBook(seed)
        self.auth = AuthBook(seed, SHOP_ID)
        self._routes: dict[str, tuple[str, Callable[[httpx.Request, Any], dict[str, Any]]]] = {
            "auth/access_token/get": ("POST", self._refresh),
            "auth/token/get": ("POST", self._token_get),
            "shop/get_shop_info": ("GET", self._shop_info),
            "media_space/upload_image": ("POST", self._upload_image),
            "logistics/get_channel_list": ("GET", self._channels),
            "product/add_item": ("POST", self._add_item),
            "product/init_tier_variation": (
                "POST",
                self._variants(fake_variants.init_tier_variation),
            ),
            "product/update_tier_variation": (
                "POST",
                self._variants(fake_variants.update_tier_variation),
            ),
            "product/add_model": ("POST", self._variants(fake_variants.add_model)),
            "product/update_model": ("POST", self._variants(fake_variants.update_model)),
            "product/unlist_item": ("POST", self._variants(fake_variants.unlist_item)),
            "product/update_item": ("POST", self._update_item),
            "product/update_stock": ("POST", self._update_stock),
            "product/update_price": ("POST", self._update_price),
            "product/get_item_list": ("GET", self._get_item_list),
            "product/get_item_base_info": ("GET", self._get_item_base_info),
            "product/get_model_list": ("GET", self._get_model_list),
            "order/get_order_list": ("GET", self._get_order_list),
            "order/get_order_detail": ("GET", self._get_order_detail),
            "payment/get_escrow_detail": ("GET", self._get_escrow_detail),
        }

    def _ts(self) -> int:
        return int(self.now().timestamp())

    # ---- the wire --------------------------------------------------------------------------
    def _envelope(
        self, status: int, *, error: str = "", message: str = "", response: Any = None
    ) -> httpx.Response:
        self._requests_served += 1
        request_id = hashlib.md5(f"{self.seed}:{self._requests_served}".encode()).hexdigest()
        body: dict[str, Any] = {"request_id": request_id, "error": error, "message": message}
        if response is not None:
            body["warning"] = ""
            body["response"] = response
        return httpx.Response(status, json=body)

    def handle(self, request: httpx.Request, body: bytes) -> httpx.Response:
        path = request.url.path
        api = path.removeprefix("/api/v2/")
        if api == "shop/auth_partner" and request.method == "GET":
            return self._auth_partner(request, path)
        route = self._routes.get(api) if path.startswith("/api/v2/") else None
        if route is None:
            return self._envelope(404, error="error_not_found", message="Wrong api path.")
        method, handler = route
        if request.method != method:
            return self._envelope(400, error="error_param", message=f"Use {method} for {api}.")
        try:
            self._authenticate(request, path, public=api in PUBLIC_APIS)
            payload: Any = None
            if method == "POST" and api != "media_space/upload_image":
                try:
                    payload = json.loads(body or b"{}")
                except ValueError:
                    raise ShopeeError("error_param", "Invalid request body, not JSON.") from None
                if not isinstance(payload, dict):
                    raise ShopeeError("error_param", "Request body must be a JSON object.")
            elif api == "media_space/upload_image":
                payload = _multipart_file(request, body, "image")
            data = handler(request, payload)
        except ShopeeError as exc:
            return self._envelope(exc.status, error=exc.code, message=exc.message)
        if api in FLAT_APIS:
            self._requests_served += 1
            return httpx.Response(200, json={"request_id": "r", "error": "", "message": ""} | data)
        return self._envelope(200, response=data)

    def _authenticate(self, request: httpx.Request, path: str, *, public: bool) -> None:
        params = request.url.params
        if params.get("partner_id") != PARTNER_ID:
            raise ShopeeError("error_auth", "partner_id is invalid", 403)
        timestamp = params.get("timestamp", "")
        if not timestamp.isdigit() or abs(self._ts() - int(timestamp)) > TIMESTAMP_WINDOW:
            raise ShopeeError("error_param", "Invalid timestamp", 403)
        if public:
            expected = _sign(path, timestamp)
        else:
            token, shop = params.get("access_token", ""), params.get("shop_id", "")
            if not token or not shop:
                raise ShopeeError("error_param", "Missing access_token or shop_id.", 403)
            expected = _sign(path, timestamp, token, shop)
        if not hmac.compare_digest(params.get("sign", ""), expected):
            raise ShopeeError("error_sign", "Wrong sign.", 403)
        if public:
            return
        if params.get("shop_id") != SHOP_ID:
            raise ShopeeError("error_param", "shop_id is invalid", 403)
        if not self.tokens.access_ok(params.get("access_token", ""), self._ts()):
            raise ShopeeError("error_auth", "Invalid access_token.", 403)

    # ---- endpoints -------------------------------------------------------------------------
    def _refresh(self, request: httpx.Request, body: dict[str, Any]) -> dict[str, Any]:
        if str(body.get("partner_id")) != PARTNER_ID or str(body.get("shop_id")) != SHOP_ID:
            raise ShopeeError("error_param", "Invalid partner_id or shop_id.")
        pair = self.tokens.refresh(str(body.get("refresh_token") or ""), self._ts())
        return pair | {"partner_id": int(PARTNER_ID), "shop_id": int(SHOP_ID)}

    def _auth_partner(self, request: httpx.Request, path: str) -> httpx.Response:
        """The authorization page: a bad link gets an error page, a good one the redirect."""
        try:
            self._authenticate(request, path, public=True)
        except ShopeeError as exc:
            return self._envelope(exc.status, error=exc.code, message=exc.message)
        redirect = request.url.params.get("redirect", "")
        if not redirect.startswith(("http://", "https://")):
            return self._envelope(400, error="error_param", message="Invalid redirect.")
        location = self.auth.approve(redirect, self._ts())
        return httpx.Response(302, headers={"Location": location})

    def approve(self, link: str) -> str:
        """The seller opens the link and approves: the address the browser lands on."""
        response = self.handle(httpx.Request("GET", link), b"")
        if response.status_code != 302:
            raise AssertionError(f"the authorization page refused the link: {response.text}")
        return response.headers["Location"]

    def _token_get(self, request: httpx.Request, body: dict[str, Any]) -> dict[str, Any]:
        if str(body.get("partner_id")) != PARTNER_ID:
            raise ShopeeError("error_param", "Invalid partner_id.")
        shop_id = str(body.get("shop_id") or "")
        self.auth.redeem(str(body.get("code") or ""), shop_id, self._ts())
        access, refresh = self.tokens.first_pair(self._ts())
        return {
            "access_token": access,
            "refresh_token": refresh,
            "expire_in": ACCESS_LIFETIME,
            "shop_id_list": [int(shop_id)],
            "merchant_id_list": [],
        }

    def _shop_info(self, request: httpx.Request, _: Any) -> dict[str, Any]:
        return {
            "shop_name": SHOP_NAME,
            "region": "ID",
            "status": "NORMAL",
            "auth_time": self._ts(),
            "expire_time": self._ts() + AUTHORIZATION_DAYS * 86400,
        }

    def _upload_image(self, request: httpx.Request, content: bytes | None) -> dict[str, Any]:
        if not content:
            raise ShopeeError("error_param", "image is required (multipart field `image`).")
        return self.catalog.upload_image(content)

    def _channels(self, request: httpx.Request, _: Any) -> dict[str, Any]:
        return {"logistics_channel_list": self.catalog.channel_list()}

    def _add_item(self, request: httpx.Request, body: dict[str, Any]) -> dict[str, Any]:
        return self.catalog.add_item(body, self._ts())

    def _variants(
        self, call: Callable[[ShopeeCatalog, dict[str, Any], int], dict[str, Any]]
    ) -> Callable[[httpx.Request, Any], dict[str, Any]]:
        """An endpoint of fake_variants.py on this shop's catalog."""

        def handler(request: httpx.Request, body: dict[str, Any]) -> dict[str, Any]:
            return call(self.catalog, body, self._ts())

        return handler

    def _update_item(self, request: httpx.Request, body: dict[str, Any]) -> dict[str, Any]:
        return self.catalog.update_item(body, self._ts())

    def _update_stock(self, request: httpx.Request, body: dict[str, Any]) -> dict[str, Any]:
        return self.catalog.update_models(body, "stock_list", self._ts())

    def _update_price(self, request: httpx.Request, body: dict[str, Any]) -> dict[str, Any]:
        return self.catalog.update_models(body, "price_list", self._ts())

    def _get_item_list(self, request: httpx.Request, _: Any) -> dict[str, Any]:
        params = request.url.params
        return self.catalog.item_list(
            params.get("offset", "0"),
            params.get("page_size", ""),
            params.get_list("item_status"),
            params.get("update_time_from"),
            params.get("update_time_to"),
        )

    def _get_item_base_info(self, request: httpx.Request, _: Any) -> dict[str, Any]:
        return self.catalog.base_info(request.url.params.get("item_id_list", ""))

    def _get_model_list(self, request: httpx.Request, _: Any) -> dict[str, Any]:
        return self.catalog.model_list(request.url.params.get("item_id", ""))

    def _get_order_list(self, request: httpx.Request, _: Any) -> dict[str, Any]:
        page = self.book.order_list(dict(request.url.params))
        self._order_page_served()
        return page

    def _get_order_detail(self, request: httpx.Request, _: Any) -> dict[str, Any]:
        params = request.url.params
        return self.book.order_detail(
            params.get("order_sn_list", ""), params.get("response_optional_fields", "")
        )

    def _get_escrow_detail(self, request: httpx.Request, _: Any) -> dict[str, Any]:
        return self.book.escrow_detail(request.url.params.get("order_sn", ""))

    # ---- faults in Shopee's words -----------------------------------------------------------
    def rate_limited_response(self, request: httpx.Request) -> httpx.Response:
        response = self._envelope(
            429,
            error="error_rate_limit",
            message="Too many requests. You have reached the rate limit. Please try again later.",
        )
        response.headers["Retry-After"] = "1"
        return response

    def busy_response(self, request: httpx.Request) -> httpx.Response:
        return self._envelope(
            200, error="error_system_busy", message="System is busy, please try again later."
        )

    def missing_fields_response(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.removeprefix("/api/v2/") in PUBLIC_APIS:
            return httpx.Response(200, json={"request_id": "r", "error": "", "message": ""})
        return self._envelope(200, response={})

    # ---- control API -----------------------------------------------------------------------
    def settings(self, **overrides: Any) -> ShopeeChannel:
        values: dict[str, Any] = {
            "platform": "shopee",
            "sandbox": False,
            "partner_id": PARTNER_ID,
            "partner_key": PARTNER_KEY,
            "shop_id": SHOP_ID,
            "access_token": self.tokens.initial_access,
            "refresh_token": self.tokens.initial_refresh,
        }
        return ShopeeChannel.model_validate(values | overrides)

    def seed_listing(
        self,
        title: str,
        skus: Sequence[tuple[str, int, int]],
        *,
        options: Sequence[dict[str, str]] | None = None,
    ) -> str:
        return str(self.catalog.seed(title, skus, options, self._ts()))

    def sku_view(self, sku: str) -> FakeSkuView | None:
        return self.catalog.sku_view(sku)

    def place_order(
        self,
        lines: Sequence[FakeLine],
        *,
        at: datetime | None = None,
        status: OrderStatus = OrderStatus.TO_SHIP,
        bundle_total: int | None = None,
    ) -> str:
        when = int((at or self.now()).timestamp())
        return self.book.place(self.catalog, lines, when, status, bundle_total)

    def lose_parcel(self, order_id: str, *, at: datetime | None = None) -> None:
        """The courier loses the parcel (Shopee cancels the order; LOGISTICS_LOST)."""
        self.book.lose_parcel(order_id, int((at or self.now()).timestamp()))

    def set_order_status(
        self, order_id: str, status: OrderStatus, *, at: datetime | None = None
    ) -> None:
        when = int((at or self.now()).timestamp())
        if status is OrderStatus.LOST:
            self.book.lose_parcel(order_id, when)
            return
        self.book.set_status(self.catalog, order_id, status, when)

    def add_location(self, sku: str, location_id: str, units: int) -> None:
        """The seller keeps `units` of a SKU in a second location of the shop."""
        found = self.catalog.find(sku)
        assert found is not None, sku
        found[1].setdefault("locations", {})[location_id] = units
        found[0]["update_time"] = self._ts()
        self.catalog.touched(found[0])

    def reserve_for_promotion(self, sku: str, units: int) -> None:
        """A promotion reserves `units` of the SKU's stock (the seller cannot go below them)."""
        found = self.catalog.find(sku)
        assert found is not None, sku
        found[1]["reserved"] = units
        found[1]["stock"] = max(int(found[1]["stock"]), units)
        found[0]["update_time"] = self._ts()  # Shopee stamps an item its promotion changed

    def reject_sku(self, sku: str, message: str = "invalid stock value") -> None:
        self.catalog.rejected[sku] = message

    def keep_signed_in(self) -> bool:
        return self.tokens.sign_in_again_if_lapsed(self._ts())

    def expire_access_token(self) -> None:
        self.tokens.expire_access(self._ts())

    def revoke_refresh_token(self) -> None:
        self.tokens.revoke_refresh()

    def age_codes(self, seconds: int) -> None:
        """The codes handed out so far were handed out `seconds` earlier (a slow paste)."""
        self.auth.age_codes(seconds)

    def revoke_app(self) -> None:
        """The seller cancels the app's authorization: no token of it works any more."""
        self.tokens.access.clear()
        self.tokens.revoke_refresh()

    def order_ids(self) -> list[str]:
        return list(self.book.orders)

    def verify_indexes(self) -> None:
        problems = self.catalog.index_problems()
        assert not problems, f"the Shopee fake's indexes went stale: {problems}"

    def reindex(self) -> None:
        self.catalog.build_indexes()

    def to_state(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "tokens": self.tokens.to_state(),
            "catalog": self.catalog.to_state(),
            "orders": self.book.to_state(),
        }

    def load_state(self, state: dict[str, Any]) -> None:
        self.seed = int(state.get("seed", self.seed))
        self.tokens.load_state(state.get("tokens", {}))
        self.catalog.load_state(state.get("catalog", {}))
        self.book.load_state(state.get("orders", {}))
