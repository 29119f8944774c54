"""A stateful stand-in for Lazada Open Platform at the wire level (an httpx transport).

It checks what the real gateway checks (app key, `sign_method=sha256`, a millisecond timestamp
within 7200 s, the HMAC-SHA256 signature, the access token) with its own code, enforces the
documented limits (50 SKUs per price_quantity/update where one bad SKU fails the call with
`detail[]`, 50 products and 100 orders per page, offset <= 5000, 50 orders per items call) and
keeps products, stock (total, and what open orders hold), prices, images and orders. Lazada's
stock rules: a placed order holds units out of the sellable stock; the total drops when the
order ships; a cancelled order gives its hold back; the total may not be set below the hold.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import random
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl
from xml.etree import ElementTree

import httpx
from pydantic import SecretStr

from coopsync.adapters import OrderStatus
from coopsync.channel_config import LazadaChannel
from coopsync_adapters.testing.fake import FakeLine, FakeMarketplace, FakeSkuView

APP_KEY = "100132"
APP_SECRET = "fake-lazada-app-secret-3d1f"
ACCESS_LIFETIME = timedelta(days=7)  # an app in test status: 7 days, refresh 14 days
REFRESH_LIFETIME = timedelta(days=14)
TIMESTAMP_TOLERANCE = 7200  # seconds, "less than 7200s difference from UTC time"
CATEGORIES = {"10002019": ("brand",), "17935": ("brand",)}  # category -> required attributes
WIB = timezone(timedelta(hours=7))

_STATUS_OUT = {
    OrderStatus.UNPAID: "unpaid",
    OrderStatus.TO_SHIP: "pending",
    OrderStatus.SHIPPED: "shipped",
    OrderStatus.COMPLETED: "delivered",
    OrderStatus.CANCELLED: "canceled",
    OrderStatus.RETURNED: "returned",
}
_HOLDING = {"unpaid", "pending", "packed", "ready_to_ship"}
_GONE = {"shipped", "delivered", "returned", "failed_delivery"}


class _Refusal(Exception):
    """An error envelope to answer with."""

    def __init__(
        self, code: str, message: str, kind: str = "ISV", detail: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.kind = kind
        self.detail = detail


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).astimezone(WIB).isoformat()


def _parse_iso(value: str, name: str) -> int:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _Refusal("17", f'E017: "{value}" Invalid Date Format') from None
    if moment.tzinfo is None:
        raise _Refusal("17", f'E017: "{value}" Invalid Date Format ({name} needs a timezone)')
    return _ms(moment)


def _expected_sign(secret: str, api_path: str, params: Mapping[str, str]) -> str:
    text = api_path
    for key in sorted(params):
        if key != "sign":
            text += key + params[key]
    return (
        hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest().upper()
    )


def _multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, bytes]]:
    boundary = content_type.split("boundary=", 1)[1].strip().strip('"').encode()
    fields: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for part in body.split(b"--" + boundary):
        if b"\r\n\r\n" not in part:
            continue
        head, _, content = part.partition(b"\r\n\r\n")
        content = content[:-2] if content.endswith(b"\r\n") else content
        disposition = head.decode("utf-8", "replace")
        if 'name="' not in disposition:
            continue
        name = disposition.split('name="', 1)[1].split('"', 1)[0]
        if 'filename="' in disposition:
            files[name] = content
        else:
            fields[name] = content.decode("utf-8")
    return fields, files


def _payload(params: Mapping[str, str]) -> Any:
    raw = params.get("payload")
    if not raw:
        raise _Refusal("MISSING_PARAMETER", "missing required parameter: payload")
    text = raw.strip()
    if text.startswith("{"):
        try:
            return json.loads(text)
        except ValueError:
            raise _Refusal("1001", "The parameters are not in JSON format") from None
    try:
        return _xml_to_dict(ElementTree.fromstring(text))
    except ElementTree.ParseError:
        raise _Refusal("5", "E005: Invalid Request Format") from None


def _xml_to_dict(element: ElementTree.Element) -> Any:
    children = list(element)
    if not children:
        return element.text or ""
    out: dict[str, Any] = {}
    for child in children:
        value = _xml_to_dict(child)
        if child.tag in out:
            existing = out[child.tag]
            out[child.tag] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            out[child.tag] = value
    return {element.tag: out} if element.tag == "Request" else out


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class LazadaFake(FakeMarketplace):
    """Lazada Indonesia for one seller, in memory (persisted by to_state/load_state)."""

    platform = "lazada"

    def __init__(self, clock: Callable[[], datetime] | None = None, *, seed: int = 0) -> None:
        super().__init__(clock)
        self.app_key = APP_KEY
        self.app_secret = APP_SECRET
        self._random = random.Random(seed)
        self._counter = seed * 1_000_000
        self.products: dict[str, dict[str, Any]] = {}
        self.orders: dict[str, dict[str, Any]] = {}
        self.images: dict[str, str] = {}  # hash -> url
        self.held: dict[str, int] = {}  # seller sku -> units held by open orders
        self.rejected: dict[str, str] = {}  # seller sku -> message
        self.access_tokens: dict[str, int] = {}  # token -> expiry (ms)
        self.refresh_tokens: dict[str, int] = {}
        self.current_access, self.current_refresh = self._issue_tokens()

    # ---- ids, tokens -------------------------------------------------------------------------
    def _next_id(self, base: int) -> int:
        self._counter += 1
        return base + self._counter

    def _request_id(self) -> str:
        return f"21{self._random.randrange(10**20):020d}"

    def _issue_tokens(self) -> tuple[str, str]:
        now = _ms(self.now())
        access = f"50000{self._random.randrange(10**30):030d}"
        refresh = f"50001{self._random.randrange(10**30):030d}"
        self.access_tokens[access] = now + int(ACCESS_LIFETIME.total_seconds() * 1000)
        self.refresh_tokens[refresh] = now + int(REFRESH_LIFETIME.total_seconds() * 1000)
        self.current_access, self.current_refresh = access, refresh
        return access, refresh

    # ---- transport ---------------------------------------------------------------------------
    def _answer(self, request: httpx.Request, body: Mapping[str, Any]) -> httpx.Response:
        return httpx.Response(200, json={**body, "request_id": self._request_id()}, request=request)

    def _refusal(self, request: httpx.Request, refusal: _Refusal) -> httpx.Response:
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
            _Refusal(
                "901",
                "E901: The request is too frequent, or the requested functionality is "
                "temporarily disabled.",
                "ISP",
            ),
        )

    def missing_fields_response(self, request: httpx.Request) -> httpx.Response:
        return self._answer(request, {"code": "0"})

    def handle(self, request: httpx.Request, body: bytes) -> httpx.Response:
        try:
            return self._answer(request, self._serve(request, body))
        except _Refusal as refusal:
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
            fields, files = _multipart(content_type, body)
            params.update(fields)
        return params, files

    def _check_call(self, request: httpx.Request, api_path: str, params: Mapping[str, str]) -> None:
        for name in ("app_key", "timestamp", "sign_method", "sign"):
            if not params.get(name):
                raise _Refusal("MISSING_PARAMETER", f"missing required parameter: {name}")
        if params["app_key"] != self.app_key:
            raise _Refusal("InvalidAppKey", "The specified app key is invalid")
        if params["sign_method"] != "sha256":
            raise _Refusal("InvalidSignMethod", "sign_method must be sha256")
        stamp = params["timestamp"]
        if not stamp.isdigit() or int(stamp) < 10**12:
            raise _Refusal("InvalidTimestamp", "timestamp must be Unix time in milliseconds")
        if abs(int(stamp) / 1000 - self.now().timestamp()) > TIMESTAMP_TOLERANCE:
            raise _Refusal("InvalidTimestamp", "timestamp is more than 7200 s from UTC time")
        if params["sign"] != _expected_sign(self.app_secret, api_path, params):
            raise _Refusal(
                "IncompleteSignature", "The request signature does not conform to lazada standards"
            )
        on_auth_host = request.url.host.startswith("auth.")
        if api_path.startswith("/auth/") != on_auth_host:
            raise _Refusal("InvalidApiPath", f"{api_path} is not served by {request.url.host}")
        if api_path.startswith("/auth/"):
            return
        token = params.get("access_token")
        if not token:
            raise _Refusal("MISSING_PARAMETER", "missing required parameter: access_token")
        expiry = self.access_tokens.get(token)
        if expiry is None or expiry <= _ms(self.now()):
            raise _Refusal("IllegalAccessToken", "The specified access token is invalid or expired")

    def _serve(self, request: httpx.Request, body: bytes) -> dict[str, Any]:
        path = request.url.path
        if not path.startswith("/rest/"):
            raise _Refusal("InvalidApiPath", f"unknown path {path}")
        api_path = path[len("/rest") :]
        params, files = self._params(request, body)
        self._check_call(request, api_path, params)
        routes: dict[str, Callable[[dict[str, str], dict[str, bytes]], dict[str, Any]]] = {
            "/auth/token/refresh": self._refresh,
            "/products/get": self._products_get,
            "/product/create": self._product_create,
            "/product/update": self._product_update,
            "/product/price_quantity/update": self._price_quantity_update,
            "/image/migrate": self._image_migrate,
            "/image/upload": self._image_upload,
            "/orders/get": self._orders_get,
            "/orders/items/get": self._order_items_get,
        }
        route = routes.get(api_path)
        if route is None:
            raise _Refusal("InvalidApiPath", "The specified API path is invalid")
        return route(params, files)

    # ---- auth --------------------------------------------------------------------------------
    def _refresh(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        token = params.get("refresh_token", "")
        expiry = self.refresh_tokens.pop(token, None)
        if expiry is None or expiry <= _ms(self.now()):
            raise _Refusal(
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
            "country_user_info": [{"country": "id", "seller_id": "1000123456"}],
        }

    # ---- products ----------------------------------------------------------------------------
    def _sku_index(self) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
        return {
            sku["SellerSku"]: (product, sku)
            for product in self.products.values()
            for sku in product["skus"]
        }

    def _product_out(self, product: dict[str, Any]) -> dict[str, Any]:
        skus = []
        for sku in product["skus"]:
            held = self.held.get(sku["SellerSku"], 0)
            skus.append(
                {
                    "Status": sku["Status"],
                    "SkuId": sku["SkuId"],
                    "SellerSku": sku["SellerSku"],
                    "ShopSku": f"{product['item_id']}_ID-{sku['SkuId']}",
                    "Url": f"https://www.lazada.co.id/products/-i{product['item_id']}"
                    f"-s{sku['SkuId']}.html",
                    "price": float(sku["price"]),
                    "special_price": 0.0,
                    "quantity": sku["quantity"],
                    "Available": max(0, sku["quantity"] - held),
                    "saleProp": dict(sku["saleProp"]),
                    "Images": list(sku["Images"]),
                    **sku["package"],
                }
            )
        return {
            "item_id": product["item_id"],
            "primary_category": int(product["category"]),
            "attributes": dict(product["attributes"]),
            "images": list(product["images"]),
            "skus": skus,
            "status": product["status"],
            "created_time": str(product["created_ms"]),
            "updated_time": str(product["updated_ms"]),
            "variation": product.get("variation", {}),
        }

    def _products_get(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        status = params.get("filter")
        if status not in {"all", "live", "inactive", "deleted", "pending", "rejected", "sold-out"}:
            raise _Refusal("InvalidParameter", "filter must be one of all, live, inactive, ...")
        limit = int(params.get("limit", "20"))
        offset = int(params.get("offset", "0"))
        if not 1 <= limit <= 50:
            raise _Refusal("InvalidParameter", "limit: the maximum is 50")
        if not 0 <= offset <= 10_000:
            raise _Refusal("InvalidParameter", "offset: the maximum offset is 10000")
        products = sorted(self.products.values(), key=lambda p: int(p["item_id"]))
        if "sku_seller_list" in params:
            try:
                wanted = set(json.loads(params["sku_seller_list"]))
            except ValueError:
                raise _Refusal("InvalidParameter", "sku_seller_list must be a JSON array") from None
            products = [p for p in products if {s["SellerSku"] for s in p["skus"]} & wanted]
        if status == "live":
            products = [p for p in products if p["status"] == "Active"]
        page = products[offset : offset + limit]
        return {
            "code": "0",
            "data": {
                "total_products": len(products),
                "products": [self._product_out(p) for p in page],
            },
        }

    def _hosted(self, urls: Sequence[Any], where: str) -> list[str]:
        out = []
        for url in urls:
            if not isinstance(url, str) or ".slatic.net/" not in url:
                raise _Refusal("500", f"{where}: only Lazada image URLs are allowed ({url})", "ISP")
            out.append(url)
        return out

    def _package(self, sku: Mapping[str, Any], seller_sku: str) -> dict[str, str]:
        package = {}
        for name in ("package_weight", "package_length", "package_width", "package_height"):
            value = str(sku.get(name, ""))
            try:
                ok = float(value) > 0
            except ValueError:
                ok = False
            if not ok:
                raise _Refusal(
                    "500",
                    "Value is required and can not be empty",
                    "ISP",
                    [{"field": name, "SellerSku": seller_sku, "message": "required"}],
                )
            package[name] = value
        return package

    def _product_create(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        product = (_payload(params).get("Request") or {}).get("Product") or {}
        category = str(product.get("PrimaryCategory", ""))
        if category not in CATEGORIES:
            raise _Refusal("500", f"PrimaryCategory {category!r} does not exist", "ISP")
        attributes = dict(product.get("Attributes") or {})
        for name in ("name", *CATEGORIES[category]):
            if not attributes.get(name):
                raise _Refusal("4110", f"BIZ_CHECK_CAT_PROP_MANDATORY: {name}", "ISP")
        if len(str(attributes["name"])) > 255:
            raise _Refusal("500", "name: maximum 255 characters", "ISP")
        images = self._hosted(_as_list((product.get("Images") or {}).get("Image")), "Images")
        if not images or len(images) > 8:
            raise _Refusal("500", "Images: 1 to 8 images are needed", "ISP")
        raw_skus = _as_list((product.get("Skus") or {}).get("Sku"))
        if not raw_skus:
            raise _Refusal("500", "Skus: at least one SKU is needed", "ISP")
        variation = product.get("variation") or {}
        names = [str(v.get("name")) for v in variation.values()]
        if len(names) > 2:
            raise _Refusal("500", "VARIATION_SIZE_LIMIT: The Size Limit is: 2", "ISP")
        if len(raw_skus) > 1 and not names:
            raise _Refusal("500", "VARIATION_EMPTY: The Variation is Empty", "ISP")
        existing = self._sku_index()
        item_id = self._next_id(3_000_000_000)
        skus: list[dict[str, Any]] = []
        for raw in raw_skus:
            seller_sku = str(raw.get("SellerSku", ""))
            if not seller_sku:
                raise _Refusal("200", "E200: Empty SellerSku", "ISP")
            if seller_sku in existing or any(s["SellerSku"] == seller_sku for s in skus):
                raise _Refusal(
                    "4105",
                    "BIZ_CHECK_SELLER_SKU_DUPLICATE",
                    "ISP",
                    [
                        {
                            "field": "SellerSku",
                            "seller_sku": seller_sku,
                            "message": "SellerSku repeat",
                        }
                    ],
                )
            sale_prop = {str(k): str(v) for k, v in (raw.get("saleProp") or {}).items()}
            for name, option in sale_prop.items():
                declared = next((v for v in variation.values() if v.get("name") == name), None)
                if declared is None or option not in _as_list(
                    (declared.get("options") or {}).get("option")
                ):
                    raise _Refusal(
                        "500",
                        f"SKU_VARIATION_OPTION_NOT_EXIST: The SellerSKU is {seller_sku}, "
                        f"The SKU Variation Name is: {name}, The SKU Variation Option is: {option}",
                        "ISP",
                    )
            price = float(raw.get("price", 0))
            if price <= 0:
                raise _Refusal("4118", "BIZ_CHECK_PRICE_IS_ZERO", "ISP")
            skus.append(
                {
                    "SkuId": self._next_id(15_000_000_000),
                    "SellerSku": seller_sku,
                    "price": round(price),
                    "quantity": int(raw.get("quantity", 0)),
                    "saleProp": sale_prop,
                    "Images": self._hosted(_as_list((raw.get("Images") or {}).get("Image")), "SKU"),
                    "package": self._package(raw, seller_sku),
                    "Status": "active",
                }
            )
        now = _ms(self.now())
        self.products[str(item_id)] = {
            "item_id": item_id,
            "category": category,
            "attributes": attributes,
            "images": images,
            "skus": skus,
            "status": "Active",
            "created_ms": now,
            "updated_ms": now,
            "variation": variation,
        }
        return {
            "code": "0",
            "data": {
                "item_id": item_id,
                "sku_list": [
                    {
                        "seller_sku": s["SellerSku"],
                        "sku_id": s["SkuId"],
                        "shop_sku": f"{item_id}_ID-{s['SkuId']}",
                    }
                    for s in skus
                ],
            },
        }

    def _product_update(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        raw = (_payload(params).get("Request") or {}).get("Product") or {}
        product = self.products.get(str(raw.get("ItemId", "")))
        if product is None:
            raise _Refusal("500", f"ItemId {raw.get('ItemId')!r} does not exist", "ISP")
        if raw.get("Attributes"):
            product["attributes"].update(raw["Attributes"])
        if raw.get("Images"):
            product["images"] = self._hosted(_as_list(raw["Images"].get("Image")), "Images")
        by_id = {str(s["SkuId"]): s for s in product["skus"]}
        for entry in _as_list((raw.get("Skus") or {}).get("Sku")):
            sku = by_id.get(str(entry.get("SkuId", "")))
            if sku is None:
                raise _Refusal("500", f"SkuId {entry.get('SkuId')!r} is not in this item", "ISP")
            if entry.get("SellerSku") and entry["SellerSku"] != sku["SellerSku"]:
                raise _Refusal("500", "SellerSku cannot be changed", "ISP")
            for name in ("package_weight", "package_length", "package_width", "package_height"):
                if entry.get(name):
                    sku["package"][name] = str(entry[name])
            if entry.get("price"):
                sku["price"] = round(float(entry["price"]))
            if entry.get("quantity") not in (None, ""):
                sku["quantity"] = int(entry["quantity"])
        product["updated_ms"] = _ms(self.now())
        return {"code": "0", "data": {}}

    def _price_quantity_update(
        self, params: dict[str, str], files: dict[str, bytes]
    ) -> dict[str, Any]:
        raw = (_payload(params).get("Request") or {}).get("Product") or {}
        entries = _as_list((raw.get("Skus") or {}).get("Sku"))
        if not entries:
            raise _Refusal("30", "E030: Empty Request")
        if len(entries) > 50:
            raise _Refusal("204", "E204: Too many SKU in one request", "ISP")
        index = self._sku_index()
        detail: list[dict[str, str]] = []
        changes: list[tuple[dict[str, Any], Mapping[str, Any]]] = []
        for entry in entries:
            seller_sku = str(entry.get("SellerSku", ""))
            if not seller_sku:
                raise _Refusal("200", "E200: Empty SellerSku", "ISP")
            found = index.get(seller_sku)
            if found is None or (
                entry.get("SkuId") and str(entry["SkuId"]) != str(found[1]["SkuId"])
            ):
                detail.append(
                    {
                        "field": "SellerSku",
                        "seller_sku": seller_sku,
                        "message": "SELLER_SKU_INVALID",
                    }
                )
                continue
            if seller_sku in self.rejected:
                detail.append(
                    {"field": "Sku", "seller_sku": seller_sku, "message": self.rejected[seller_sku]}
                )
                continue
            problem = self._bad_change(found[1], entry)
            if problem:
                detail.append({"field": "Sku", "seller_sku": seller_sku, "message": problem})
                continue
            changes.append((found[1], entry))
        if detail:
            # One bad SKU fails the whole call: nothing is applied.
            raise _Refusal("501", "E501: Update product failed", "ISP", detail)
        for sku, entry in changes:
            if entry.get("Quantity") not in (None, ""):
                sku["quantity"] = int(entry["Quantity"])
            if entry.get("Price") not in (None, ""):
                sku["price"] = round(float(entry["Price"]))
        return {"code": "0", "data": {}}

    def _bad_change(self, sku: Mapping[str, Any], entry: Mapping[str, Any]) -> str | None:
        if entry.get("Quantity") not in (None, ""):
            text = str(entry["Quantity"])
            if not text.isdigit():
                return f"invalid Quantity {text!r}"
            held = self.held.get(sku["SellerSku"], 0)
            if int(text) < held:
                return f"Quantity {text} is less than the {held} units held by open orders"
        if entry.get("Price") not in (None, ""):
            try:
                price = float(str(entry["Price"]))
            except ValueError:
                return "BIZ_CHECK_PRICE_PRECISION_INVALID"
            if price <= 0:
                return "BIZ_CHECK_PRICE_IS_ZERO"
        return None

    # ---- images ------------------------------------------------------------------------------
    def _image_url(self, content: bytes) -> dict[str, Any]:
        digest = hashlib.md5(content).hexdigest()
        url = f"https://id-live-02.slatic.net/p/{digest}.jpg"
        self.images[digest] = url
        return {"code": "0", "data": {"image": {"hash_code": digest, "url": url}}}

    def _image_migrate(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        request = _payload(params).get("Request") or {}
        url = str((request.get("Image") or {}).get("Url") or "")
        if not url.startswith(("http://", "https://")):
            raise _Refusal("InvalidParameter", "Image.Url must be an http(s) URL")
        return self._image_url(url.encode())

    def _image_upload(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        content = files.get("image")
        if not content:
            raise _Refusal("MISSING_PARAMETER", "missing required parameter: image")
        if len(content) > 3 * 1024 * 1024:
            raise _Refusal("InvalidParameter", "image is larger than 3 MB")
        return self._image_url(content)

    # ---- orders ------------------------------------------------------------------------------
    def _orders_get(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        limit_text, offset_text = params.get("limit", "10"), params.get("offset", "0")
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= 100:
            raise _Refusal("19", f'E019: "{limit_text}" Invalid Limit')
        if not offset_text.isdigit() or int(offset_text) > 5000:
            raise _Refusal("14", f'E014: "{offset_text}" Invalid Offset')
        limit, offset = int(limit_text), int(offset_text)
        if "update_after" not in params and "created_after" not in params:
            raise _Refusal("MISSING_PARAMETER", "Either update_after or created_after is mandatory")
        sort_by = params.get("sort_by", "created_at")
        if sort_by not in ("created_at", "updated_at"):
            raise _Refusal("75", "E075: Invalid sort filter.")
        direction = params.get("sort_direction", "DESC")
        if direction not in ("ASC", "DESC"):
            raise _Refusal("74", "E074: Invalid sort direction.")
        bounds = {
            name: _parse_iso(params[name], name)
            for name in ("update_after", "update_before", "created_after", "created_before")
            if name in params
        }
        chosen = []
        for order in self.orders.values():
            updated, created = order["updated_ms"], order["created_ms"]
            if updated < bounds.get("update_after", updated):
                continue
            if updated > bounds.get("update_before", updated):
                continue
            if created < bounds.get("created_after", created):
                continue
            if created > bounds.get("created_before", created):
                continue
            chosen.append(order)
        key = "created_ms" if sort_by == "created_at" else "updated_ms"
        chosen.sort(key=lambda o: (o[key], o["order_id"]), reverse=direction == "DESC")
        page = chosen[offset : offset + limit]
        answer = {
            "code": "0",
            "data": {
                "count": str(len(page)),
                "countTotal": str(len(chosen)),
                "orders": [self._order_out(o) for o in page],
            },
        }
        self._order_page_served()
        return answer

    def _order_out(self, order: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "order_id": str(order["order_id"]),
            "order_number": str(order["order_number"]),
            "created_at": _iso(order["created_ms"]),
            "updated_at": _iso(order["updated_ms"]),
            "price": f"{sum(i['paid_price'] for i in order['items']):.2f}",
            "items_count": str(len(order["items"])),
            "payment_method": "COD",
            "statuses": sorted({i["status"] for i in order["items"]}),
        }

    def _order_items_get(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        try:
            ids = json.loads(params.get("order_ids", ""))
            if not isinstance(ids, list):
                raise ValueError
        except ValueError:
            raise _Refusal(
                "56", "E056: Invalid OrdersIdList format. Must use array format [1,2]"
            ) from None
        if len(ids) > 50:
            raise _Refusal("38", "E038: Too many orders were requested")
        found = [self.orders[str(i)] for i in ids if str(i) in self.orders]
        if not found:
            raise _Refusal("39", "E039: No orders were found")
        return {
            "code": "0",
            "data": [
                {
                    "order_id": str(o["order_id"]),
                    "order_number": str(o["order_number"]),
                    "order_items": [
                        {
                            "order_item_id": str(i["order_item_id"]),
                            "order_id": str(o["order_id"]),
                            "sku": i["sku"],
                            "sku_id": str(i["sku_id"]),
                            "shop_sku": f"{i['item_id']}_ID-{i['sku_id']}",
                            "name": i["name"],
                            "status": i["status"],
                            "paid_price": f"{i['paid_price']:.2f}",
                            "item_price": f"{i['paid_price']:.2f}",
                            "currency": "IDR",
                            "created_at": str(o["created_ms"]),
                            "updated_at": str(o["updated_ms"]),
                        }
                        for i in o["items"]
                    ],
                }
                for o in found
            ],
        }

    def _move(self, item: dict[str, Any], new: str) -> None:
        """One unit changes status; stock follows Lazada's rules."""
        old = item["status"]
        sku = item["sku"]
        if old in _HOLDING and new not in _HOLDING:
            self.held[sku] = self.held.get(sku, 0) - 1
        if old not in _HOLDING and new in _HOLDING:
            self.held[sku] = self.held.get(sku, 0) + 1
        if old not in _GONE and new in _GONE:
            found = self._sku_index().get(sku)
            if found is not None:
                found[1]["quantity"] = max(0, found[1]["quantity"] - 1)
        item["status"] = new

    # ---- control API ------------------------------------------------------------------------
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
        now = _ms(self.now())
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
        return str(item_id)

    def sku_view(self, sku: str) -> FakeSkuView | None:
        found = self._sku_index().get(sku)
        if found is None:
            return None
        product, entry = found
        return FakeSkuView(
            sku=sku,
            remote_id=str(product["item_id"]),
            remote_sku_id=str(entry["SkuId"]),
            title=str(product["attributes"].get("name", "")),
            price=int(entry["price"]),
            stock=max(0, int(entry["quantity"]) - self.held.get(sku, 0)),
            active=product["status"] == "Active" and entry["Status"] == "active",
            options=dict(entry["saleProp"]),
        )

    def place_order(
        self,
        lines: Sequence[FakeLine],
        *,
        at: datetime | None = None,
        status: OrderStatus = OrderStatus.TO_SHIP,
    ) -> str:
        when = _ms(at or self.now())
        index = self._sku_index()
        order_id = self._next_id(400_000_000_000)
        items: list[dict[str, Any]] = []
        for line in lines:
            product, sku = index[line.sku]
            for _ in range(line.quantity):
                item = {
                    "order_item_id": self._next_id(500_000_000_000),
                    "sku": line.sku,
                    "sku_id": sku["SkuId"],
                    "item_id": product["item_id"],
                    "name": str(product["attributes"].get("name", "")),
                    "paid_price": int(sku["price"]),
                    "status": "new",
                }
                self._move(item, _STATUS_OUT[status])
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
        for item in order["items"]:
            self._move(item, _STATUS_OUT[status])
        order["updated_ms"] = _ms(at or self.now())

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
            "held": self.held,
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
        self.held = {k: int(v) for k, v in state.get("held", {}).items()}
        self.rejected = dict(state.get("rejected", {}))
        self.access_tokens = {k: int(v) for k, v in state.get("access_tokens", {}).items()}
        self.refresh_tokens = {k: int(v) for k, v in state.get("refresh_tokens", {}).items()}
        if state.get("current"):
            self.current_access, self.current_refresh = state["current"]
        self._counter = int(state.get("counter", self._counter))
