"""A stateful stand-in for a WooCommerce shop's REST API v3, at the wire level.

It checks keys as WooCommerce does (Basic only over HTTPS, OAuth 1.0a HMAC signatures,
timestamps and nonces over plain HTTP), validates parameter types like WordPress's REST schema
(prices and SKUs must be strings), enforces per_page <= 100 and batches <= 100 objects, keeps
SKUs unique, counts stock only with `manage_stock`, sends X-WP-Total / X-WP-TotalPages / Link,
answers batch items with inline errors, and lowers stock when an order is paid.

Shops differ from the stock plugin in one way here: `OrderStatus.SHIPPED` becomes the custom
`shipped` status that shipment-tracking plugins register, since WooCommerce itself has none.
"""

from __future__ import annotations

import copy
import math
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx

from coopsync.adapters import OrderStatus
from coopsync.channel_config import ChannelBase
from coopsync.sandbox.marketplace import FakeLine, FakeMarketplace, FakeSkuView
from coopsync_adapters.woocommerce.fake_auth import AUTHORIZE_PATH, WcAuth
from coopsync_adapters.woocommerce.fake_catalog import (
    FakeCatalog,
    Json,
    gmt,
    local,
    rupiah,
)
from coopsync_adapters.woocommerce.fake_wire import (
    KeyRing,
    error_response,
    invalid_param_response,
    json_body,
    query_params,
)
from coopsync_adapters.woocommerce.settings import WooCommerceChannel

API = "/wp-json/wc/v3"
STORE_URL = "https://toko-batik.example"
STATUS_SLUGS = {
    OrderStatus.UNPAID: "pending",
    OrderStatus.TO_SHIP: "processing",
    OrderStatus.SHIPPED: "shipped",  # registered by a shipment-tracking plugin
    OrderStatus.COMPLETED: "completed",
    OrderStatus.CANCELLED: "cancelled",
    OrderStatus.RETURNED: "refunded",
}
STOCK_REDUCING = frozenset({"processing", "on-hold", "completed", "shipped"})
STOCK_RESTORING = frozenset({"cancelled", "pending"})
ORDERS_ORDERBY = ("date", "id", "include", "title", "slug")
PRODUCTS_ORDERBY = ("date", "id", "include", "title", "slug", "price", "popularity", "rating")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$")


class WooCommerceFake(WcAuth, FakeCatalog, FakeMarketplace):
    """One WooCommerce shop with one Read/Write REST API key."""

    platform = "woocommerce"
    CONSUMER_KEY = "ck_4f1b2c3d4e5f60718293a4b5c6d7e8f901234567"
    CONSUMER_SECRET = "cs_9a8b7c6d5e4f30211203f4e5d6c7b8a9f0e1d2c3"

    def __init__(
        self,
        clock: Callable[[], datetime] | None = None,
        *,
        seed: int = 0,
        weight_unit: str = "kg",
        dimension_unit: str = "cm",
    ) -> None:
        super().__init__(clock)
        self.seed = seed
        self.keys = KeyRing(self.CONSUMER_KEY, self.CONSUMER_SECRET)
        self.options = {
            "woocommerce_weight_unit": weight_unit,
            "woocommerce_dimension_unit": dimension_unit,
            # Settings > Products > Inventory > Hold stock (minutes), 60 by default.
            "woocommerce_hold_stock_minutes": "60",
        }
        self.products: dict[int, Json] = {}
        self.variations: dict[int, Json] = {}
        self.orders: dict[int, Json] = {}
        self.refunds: dict[int, list[Json]] = {}  # order id -> its refunds, newest first
        self.media: dict[int, str] = {}
        self.rejected: dict[str, str] = {}
        self.next_id = 100 + seed  # posts, variations and orders share one id sequence
        self.next_item_id = 1
        self.sideloads = 0  # images WooCommerce downloaded from a URL
        # Global attributes (Products > Attributes): id -> name, taxonomy pa_<slug>.
        self.global_attributes: dict[int, str] = {1: "Ukuran", 2: "Warna"}
        self._build_indexes()

    @property
    def basic_over_http(self) -> int:
        return self.keys.basic_over_http

    # ---- transport ---------------------------------------------------------------------------
    def handle(self, request: httpx.Request, body: bytes) -> httpx.Response:
        path = request.url.path
        if path.endswith(AUTHORIZE_PATH) and request.method == "GET":
            return self.wc_auth_page(request)
        if path.rstrip("/").endswith("/wp-json") and request.method == "GET":
            return self.site_index(request, f"{request.url.scheme}://{request.url.netloc.decode()}")
        if API not in path:
            return self._no_route(request)
        store = f"{request.url.scheme}://{request.url.netloc.decode()}{path[: path.index(API)]}"
        route = path[path.index(API) + len(API) :].rstrip("/") or "/"
        authenticated, failure = self.keys.authenticate(request, self.now())
        if failure is not None:
            return failure
        if not authenticated:
            return self._unauthorised(request, route)
        payload = json_body(body)
        if payload is None:
            return error_response(400, "rest_invalid_json", "Invalid JSON body passed.", request)
        return self._dispatch(request, route, payload, store)

    def _no_route(self, request: httpx.Request) -> httpx.Response:
        return error_response(
            404, "rest_no_route", "No route was found matching the URL and request method.", request
        )

    def _unauthorised(self, request: httpx.Request, route: str) -> httpx.Response:
        method = request.method
        if route.endswith("/batch"):
            code, message = (
                "woocommerce_rest_cannot_batch",
                "Sorry, you are not allowed to batch manipulate this resource.",
            )
        elif method == "GET":
            code, message = "woocommerce_rest_cannot_view", "Sorry, you cannot list resources."
        elif method == "POST" and (route == "/products" or route.endswith("/variations")):
            code, message = (
                "woocommerce_rest_cannot_create",
                "Sorry, you are not allowed to create resources.",
            )
        else:
            code, message = (
                "woocommerce_rest_cannot_edit",
                "Sorry, you are not allowed to edit this resource.",
            )
        return error_response(401, code, message, request)

    def _dispatch(
        self, request: httpx.Request, route: str, body: Any, store: str
    ) -> httpx.Response:
        method = request.method
        parts = route.strip("/").split("/")
        writing = method in ("POST", "PUT", "PATCH")
        if parts[0] == "products":
            if len(parts) == 1:
                if method == "GET":
                    return self._list_products(request, store)
                if method == "POST":
                    return self._answer(request, *self._create_product(body, store), created=True)
            elif parts[1] == "batch" and len(parts) == 2 and writing:
                return self._batch(request, body, store, parent=None)
            elif parts[1].isdigit():
                product_id = int(parts[1])
                if product_id not in self.products:
                    return error_response(
                        404, "woocommerce_rest_product_invalid_id", "Invalid ID.", request
                    )
                if len(parts) == 2:
                    if method == "GET":
                        return self._answer(request, self._product_json(product_id, store), None)
                    if writing:
                        return self._answer(request, *self._update_product(product_id, body, store))
                elif parts[2] == "variations":
                    return self._variation_route(request, product_id, parts[3:], body, store)
        elif parts[0] == "orders" and method == "GET":
            if len(parts) == 1:
                return self._list_orders(request)
            if parts[1].isdigit() and int(parts[1]) in self.orders:
                if parts[2:] == ["refunds"]:
                    refunds = self.refunds.get(int(parts[1]), [])
                    return self._paginate(request, {"page": "1", "per_page": "100"}, refunds)
                if len(parts) == 2:
                    return httpx.Response(
                        200, json=self._order_json(int(parts[1])), request=request
                    )
            return error_response(
                404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.", request
            )
        elif parts[:2] == ["settings", "products"] and len(parts) == 3 and method == "GET":
            option = parts[2]
            if option in self.options:
                return httpx.Response(
                    200,
                    json={"id": option, "type": "select", "value": self.options[option]},
                    request=request,
                )
            return error_response(404, "rest_setting_setting_invalid", "Invalid setting.", request)
        return self._no_route(request)

    def _variation_route(
        self, request: httpx.Request, product_id: int, rest: list[str], body: Any, store: str
    ) -> httpx.Response:
        method = request.method
        writing = method in ("POST", "PUT", "PATCH")
        if not rest:
            if method == "GET":
                return self._list_variations(request, product_id, store)
            if method == "POST":
                answer = self._create_variation(product_id, body, store)
                return self._answer(request, *answer, created=True)
        elif rest == ["batch"] and writing:
            return self._batch(request, body, store, parent=product_id)
        elif rest[0].isdigit() and len(rest) == 1:
            variation_id = int(rest[0])
            variation = self.variations.get(variation_id)
            if variation is None or variation["parent_id"] != product_id:
                return error_response(
                    404, "woocommerce_rest_product_variation_invalid_id", "Invalid ID.", request
                )
            if method == "GET":
                return self._answer(request, self._variation_json(variation_id, store), None)
            if writing:
                return self._answer(request, *self._update_variation(variation_id, body, store))
        return self._no_route(request)

    @staticmethod
    def _answer(
        request: httpx.Request, result: Json | None, error: Json | None, *, created: bool = False
    ) -> httpx.Response:
        if error is not None:
            status = int(error.get("data", {}).get("status", 400))
            return httpx.Response(status, json=error, request=request)
        return httpx.Response(201 if created else 200, json=result, request=request)

    # ---- collections ---------------------------------------------------------------------------
    def _page_params(
        self, request: httpx.Request, orderby_options: Sequence[str]
    ) -> tuple[dict[str, str], dict[str, str]]:
        params = {k: v for k, v in query_params(request).items() if not k.startswith("oauth_")}
        problems: dict[str, str] = {}
        per_page = params.get("per_page", "10")
        if not per_page.isdigit() or not 1 <= int(per_page) <= 100:
            problems["per_page"] = "per_page must be between 1 (inclusive) and 100 (inclusive)"
        page = params.get("page", "1")
        if not page.isdigit() or int(page) < 1:
            problems["page"] = "page must be greater than or equal to 1"
        if params.get("order", "desc") not in ("asc", "desc"):
            problems["order"] = "order is not one of asc, desc."
        if params.get("orderby", "date") not in orderby_options:
            problems["orderby"] = "orderby is not one of " + ", ".join(orderby_options) + "."
        for name in ("after", "before", "modified_after", "modified_before"):
            if name in params and not _DATE.match(params[name]):
                problems[name] = "Invalid date."
        if params.get("dates_are_gmt", "false") not in ("true", "false", "1", "0"):
            problems["dates_are_gmt"] = "dates_are_gmt is not of type boolean."
        return params, problems

    def _paginate(
        self,
        request: httpx.Request,
        params: dict[str, str],
        rows: list[Json],
        as_json: Callable[[Json], Json] | None = None,
    ) -> httpx.Response:
        """One page of `rows` (each turned into its JSON by `as_json` if given)."""
        per_page = int(params.get("per_page", "10"))
        page = int(params.get("page", "1"))
        total = len(rows)
        pages = math.ceil(total / per_page)
        chunk = rows[(page - 1) * per_page : page * per_page]
        if as_json is not None:
            chunk = [as_json(row) for row in chunk]
        base = str(request.url.copy_with(query=None))
        links = []
        if page > 1:
            links.append(f'<{base}?{urlencode({**params, "page": page - 1})}>; rel="prev"')
        if page < pages:
            links.append(f'<{base}?{urlencode({**params, "page": page + 1})}>; rel="next"')
        headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
        if links:
            headers["Link"] = ", ".join(links)
        return httpx.Response(200, json=chunk, headers=headers, request=request)

    @staticmethod
    def _sorted(rows: list[Json], params: dict[str, str], date_key: str) -> list[Json]:
        orderby = params.get("orderby", "date")
        if orderby == "id":
            key: Callable[[Json], Any] = lambda r: r["id"]  # noqa: E731
        elif orderby in ("title", "slug"):
            key = lambda r: (str(r.get("name", "")).lower(), r["id"])  # noqa: E731
        else:
            key = lambda r: (r[date_key], r["id"])  # noqa: E731
        return sorted(rows, key=key, reverse=params.get("order", "desc") == "desc")

    @staticmethod
    def _date_filter(
        rows: list[Json], params: dict[str, str], created: str, modified: str
    ) -> list[Json]:
        gmt = params.get("dates_are_gmt") in ("true", "1")

        def moment(row: Json, key: str) -> str:
            value = row[key]
            return str(value if gmt else local(value))

        def bound(name: str) -> str | None:
            value = params.get(name)
            return value.replace(" ", "T")[:19] if value else None

        # WordPress's date_query `after` and `before` are exclusive.
        checks = [
            ("after", created, True),
            ("before", created, False),
            ("modified_after", modified, True),
            ("modified_before", modified, False),
        ]
        for name, key, later in checks:
            limit = bound(name)
            if limit is not None:
                rows = [
                    r for r in rows if (moment(r, key) > limit if later else moment(r, key) < limit)
                ]
        return rows

    def _list_products(self, request: httpx.Request, store: str) -> httpx.Response:
        params, problems = self._page_params(request, PRODUCTS_ORDERBY)
        if problems:
            return invalid_param_response(problems, request)
        if params.get("sku"):
            skus = params["sku"].split(",")
            if len(skus) > 1:
                skus.append(params["sku"])
            product_ids = {i for sku in skus for i in self._product_skus.owners(sku)}
            rows = [
                self._product_json(i, store)
                for i in product_ids
                if self.products[i]["status"] != "trash"
            ]
            variation_ids = {i for sku in skus for i in self._variation_skus.owners(sku)}
            rows += [
                {
                    **self._variation_json(i, store),
                    "type": "variation",
                    "name": self.products[self.variations[i]["parent_id"]]["name"],
                }
                for i in variation_ids
            ]
            rows = self._date_filter(rows, params, "date_created_gmt", "date_modified_gmt")
            return self._paginate(request, params, self._sorted(rows, params, "date_created_gmt"))
        # Filtered and sorted on the stored products (the same id, name and dates as their
        # JSON): only the page asked for is turned into JSON.
        ids = [i for i, p in self.products.items() if p["status"] != "trash"]
        records = {id(self.products[i]): i for i in ids}
        kept = self._date_filter(
            [self.products[i] for i in ids], params, "date_created_gmt", "date_modified_gmt"
        )
        ordered = self._sorted(kept, params, "date_created_gmt")
        return self._paginate(
            request, params, ordered, lambda p: self._product_json(records[id(p)], store)
        )

    def _list_variations(
        self, request: httpx.Request, product_id: int, store: str
    ) -> httpx.Response:
        params, problems = self._page_params(request, ORDERS_ORDERBY)
        if problems:
            return invalid_param_response(problems, request)
        rows = [self._variation_json(v, store) for v in self._children(product_id)]
        return self._paginate(request, params, self._sorted(rows, params, "date_created_gmt"))

    def _list_orders(self, request: httpx.Request) -> httpx.Response:
        params, problems = self._page_params(request, ORDERS_ORDERBY)
        if problems:
            return invalid_param_response(problems, request)
        wanted = params.get("status", "any").split(",")
        include = {int(i) for i in params.get("include", "").split(",") if i.strip().isdigit()}
        # Filtered and sorted on the stored orders (the same id and dates as their JSON): only
        # the page asked for is turned into JSON.
        ids = {
            id(o): i
            for i, o in self.orders.items()
            if (o["status"] in wanted or ("any" in wanted and o["status"] != "trash"))
            and (not include or i in include)
        }
        rows = [o for o in self.orders.values() if id(o) in ids]
        rows = self._date_filter(rows, params, "date_created_gmt", "date_modified_gmt")
        ordered = self._sorted(rows, params, "date_created_gmt")
        response = self._paginate(request, params, ordered, lambda o: self._order_json(ids[id(o)]))
        self._order_page_served()
        return response

    # ---- orders ------------------------------------------------------------------------------
    def _order_json(self, order_id: int) -> Json:
        order = copy.deepcopy(self.orders[order_id])
        order.pop("stock_reduced", None)  # the fake's bookkeeping (WooCommerce keeps it in meta)
        for key in ("date_created", "date_modified", "date_paid", "date_completed"):
            order[key] = local(order.get(f"{key}_gmt"))
        return order

    def _find_sku(self, sku: str) -> tuple[Json, Json | None]:
        """(the record holding the stock, its parent product when it is a variation)."""
        for product_id in self._product_skus.owners(sku):
            product = self.products[product_id]
            if product["type"] != "variable":
                return product, None
        for variation_id in self._variation_skus.owners(sku):
            variation = self.variations[variation_id]
            return variation, self.products[variation["parent_id"]]
        raise KeyError(f"no product or variation with SKU {sku!r} in the fake shop")

    def _move_stock(self, order: Json, sign: int) -> None:
        for line in order["line_items"]:
            record, _ = self._find_sku(line["sku"])
            if record["manage_stock"]:
                record["stock_quantity"] = (
                    int(record["stock_quantity"] or 0) + sign * line["quantity"]
                )
                record["stock_status"] = "instock" if record["stock_quantity"] > 0 else "outofstock"

    def _set_status(self, order: Json, slug: str, at: datetime) -> None:
        if slug in STOCK_REDUCING and not order["stock_reduced"]:
            self._move_stock(order, -1)
            order["stock_reduced"] = True
        elif slug in STOCK_RESTORING and order["stock_reduced"]:
            self._move_stock(order, +1)
            order["stock_reduced"] = False
        if slug in ("processing", "completed", "shipped") and not order.get("date_paid_gmt"):
            order["date_paid_gmt"] = gmt(at)
        if slug == "completed":
            order["date_completed_gmt"] = gmt(at)
        order["status"] = slug
        order["date_modified_gmt"] = gmt(at)

    # ---- control API ---------------------------------------------------------------------------
    def settings(self, **overrides: Any) -> ChannelBase:
        values: dict[str, Any] = {
            "platform": "woocommerce",
            "url": STORE_URL,
            "consumer_key": self.CONSUMER_KEY,
            "consumer_secret": self.CONSUMER_SECRET,
        }
        return WooCommerceChannel.model_validate(values | overrides)

    def busy_response(self, request: httpx.Request) -> httpx.Response:
        # WordPress in maintenance mode (an update is running): 503 with Retry-After.
        return httpx.Response(
            503,
            text="<!DOCTYPE html><html><body><p>Briefly unavailable for scheduled maintenance. "
            "Check back in a minute.</p></body></html>",
            headers={"Retry-After": "600", "Content-Type": "text/html; charset=utf-8"},
            request=request,
        )

    def missing_fields_response(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/batch"):
            return httpx.Response(200, json={}, request=request)
        if request.method == "GET" and path.rstrip("/").rsplit("/", 1)[-1] in (
            "products",
            "orders",
            "variations",
        ):
            return httpx.Response(
                200,
                json=[{"id": 1}],
                headers={"X-WP-Total": "1", "X-WP-TotalPages": "1"},
                request=request,
            )
        return httpx.Response(200, json={"id": 1}, request=request)

    def seed_listing(
        self,
        title: str,
        skus: Sequence[tuple[str, int, int]],
        *,
        options: Sequence[dict[str, str]] | None = None,
    ) -> str:
        store = STORE_URL
        if len(skus) == 1 and not options:
            sku, price, stock = skus[0]
            product, error = self._create_product(
                {
                    "name": title,
                    "type": "simple",
                    "sku": sku,
                    "regular_price": str(price),
                    "manage_stock": True,
                    "stock_quantity": stock,
                },
                store,
            )
            if error or product is None:
                raise ValueError(f"cannot seed {sku}: {error}")
            return str(product["id"])
        chosen = list(options or [{"Pilihan": sku} for sku, _, _ in skus])
        names: dict[str, list[str]] = {}
        for option in chosen:
            for name, value in option.items():
                names.setdefault(name, [])
                if value not in names[name]:
                    names[name].append(value)
        attributes = [
            {"name": n, "options": o, "variation": True, "visible": True} for n, o in names.items()
        ]
        product, error = self._create_product(
            {"name": title, "type": "variable", "attributes": attributes}, store
        )
        if error or product is None:
            raise ValueError(f"cannot seed {title}: {error}")
        for (sku, price, stock), option in zip(skus, chosen, strict=True):
            _, error = self._create_variation(
                product["id"],
                {
                    "sku": sku,
                    "regular_price": str(price),
                    "manage_stock": True,
                    "stock_quantity": stock,
                    "attributes": [{"name": n, "option": v} for n, v in option.items()],
                },
                store,
            )
            if error:
                raise ValueError(f"cannot seed {sku}: {error}")
        return str(product["id"])

    def sku_view(self, sku: str) -> FakeSkuView | None:
        try:
            record, parent = self._find_sku(sku)
        except KeyError:
            return None
        managed = record["manage_stock"]
        stock = int(record["stock_quantity"] or 0) if managed else 0
        if parent is None:
            return FakeSkuView(
                sku=sku,
                remote_id=str(record["id"]),
                remote_sku_id="0",
                title=record["name"],
                price=rupiah(record["regular_price"]),
                stock=stock,
                active=record["status"] == "publish",
            )
        return FakeSkuView(
            sku=sku,
            remote_id=str(parent["id"]),
            remote_sku_id=str(record["id"]),
            title=parent["name"],
            price=rupiah(record["regular_price"]),
            stock=stock,
            active=record["status"] == "publish" and parent["status"] == "publish",
            options={a["name"]: a["option"] for a in record["attributes"]},
        )

    def place_order(
        self,
        lines: Sequence[FakeLine],
        *,
        at: datetime | None = None,
        status: OrderStatus = OrderStatus.TO_SHIP,
        coupon_per_unit: int = 0,
    ) -> str:
        """An order; `coupon_per_unit` is a shop coupon taken off each unit (the line's
        `subtotal` keeps the price, its `total` is after the coupon, as WooCommerce lists)."""
        when = at or self.now()
        order_id = self._new_id()
        items = []
        total = 0
        for line in lines:
            record, parent = self._find_sku(line.sku)
            price = rupiah(record["regular_price"])
            after = (price - coupon_per_unit) * line.quantity
            total += after
            items.append(
                {
                    "id": self.next_item_id,
                    "name": (parent or record)["name"],
                    "product_id": (parent or record)["id"],
                    "variation_id": record["id"] if parent else 0,
                    "quantity": line.quantity,
                    "tax_class": "",
                    "subtotal": f"{price * line.quantity}.00",
                    "subtotal_tax": "0.00",
                    "total": f"{after}.00",
                    "total_tax": "0.00",
                    "taxes": [],
                    "meta_data": [],
                    "sku": line.sku,
                    "price": float(price),  # a number on the wire, though the docs say string
                }
            )
            self.next_item_id += 1
        order: Json = {
            "id": order_id,
            "parent_id": 0,
            "number": str(order_id),
            "status": "pending",
            "currency": "IDR",
            "prices_include_tax": False,
            "discount_total": f"{coupon_per_unit * sum(x.quantity for x in lines)}.00",
            "refunds": [],
            "shipping_total": "0.00",
            "total_tax": "0.00",
            "total": f"{total}.00",
            "customer_id": 0,
            "payment_method": "bacs",
            "payment_method_title": "Transfer bank",
            "line_items": items,
            "date_created_gmt": gmt(when),
            "date_modified_gmt": gmt(when),
            "date_paid_gmt": None,
            "date_completed_gmt": None,
            "stock_reduced": False,
        }
        self.orders[order_id] = order
        self._set_status(order, STATUS_SLUGS[status], when)
        return str(order_id)

    def set_order_status(
        self, order_id: str, status: OrderStatus, *, at: datetime | None = None
    ) -> None:
        self._set_status(self.orders[int(order_id)], STATUS_SLUGS[status], at or self.now())

    def refund_before_shipping(self, order_id: str, *, at: datetime | None = None) -> None:
        """The shop refunds a paid order it never fulfilled (status refunded, never completed)."""
        order = self.orders[int(order_id)]
        order["status"] = "refunded"
        order["date_modified_gmt"] = gmt(at or self.now())

    def run_cron(self) -> None:
        """WP-Cron's `woocommerce_cancel_unpaid_orders`: pending orders older than the hold-stock
        minutes are cancelled (WP-Cron runs only when someone visits the shop)."""
        minutes = str(self.options.get("woocommerce_hold_stock_minutes", "")).strip()
        if not minutes.isdigit() or int(minutes) == 0:
            return
        limit = self.now() - timedelta(minutes=int(minutes))
        for order in self.orders.values():
            if order["status"] == "pending" and order["date_created_gmt"] <= gmt(limit):
                self._set_status(order, "cancelled", self.now())

    def reject_sku(self, sku: str, message: str = "invalid stock value") -> None:
        self.rejected[sku] = message

    def line_item_ids(self, order_id: str) -> dict[str, int]:
        """The order's line item ids by SKU."""
        return {line["sku"]: line["id"] for line in self.orders[int(order_id)]["line_items"]}

    def refund(
        self,
        order_id: str,
        units: Mapping[int, int],
        *,
        restock: bool = False,
        at: datetime | None = None,
    ) -> int:
        """Refund `units` (line item id -> how many), as the shop admin or POST
        /orders/<id>/refunds does. With `restock` (api_restock), WooCommerce puts the units back
        in stock and counts them on the order item (`_restock_refunded_items`). The order keeps
        its line items and quantities; `refunds[]` lists the refund."""
        when = at or self.now()
        order = self.orders[int(order_id)]
        refund_id = self._new_id()
        lines = []
        amount = 0
        for item in order["line_items"]:
            count = units.get(item["id"], 0)
            if not count:
                continue
            money = rupiah(item["total"]) * count // item["quantity"]
            amount += money
            lines.append(
                {
                    "id": self.next_item_id,
                    "name": item["name"],
                    "product_id": item["product_id"],
                    "variation_id": item["variation_id"],
                    "quantity": -count,
                    "subtotal": f"-{money}.00",
                    "total": f"-{money}.00",
                    "total_tax": "0.00",
                    "refund_total": money,
                    "sku": item["sku"],
                    "meta_data": [{"id": 0, "key": "_refunded_item_id", "value": str(item["id"])}],
                }
            )
            self.next_item_id += 1
            if restock:
                meta = {m["key"]: m for m in item["meta_data"]}
                done = (
                    int(meta["_restock_refunded_items"]["value"])
                    if meta.get("_restock_refunded_items")
                    else 0
                )
                item["meta_data"] = [
                    m for m in item["meta_data"] if m["key"] != "_restock_refunded_items"
                ] + [{"id": 0, "key": "_restock_refunded_items", "value": str(done + count)}]
                record, _ = self._find_sku(item["sku"])
                if record["manage_stock"]:
                    record["stock_quantity"] = int(record["stock_quantity"] or 0) + count
        self.refunds.setdefault(int(order_id), []).insert(
            0,
            {
                "id": refund_id,
                "date_created": local(gmt(when)),
                "date_created_gmt": gmt(when),
                "amount": f"{amount}.00",
                "reason": "",
                "refunded_by": 1,
                "refunded_payment": False,
                "meta_data": [],
                "line_items": lines,
            },
        )
        order["refunds"].insert(0, {"id": refund_id, "reason": "", "total": f"-{amount}.00"})
        order["date_modified_gmt"] = gmt(when)
        return refund_id

    def delete(self, order_id: str) -> None:
        """Delete an order for good (DELETE /orders/<id>?force=true): it is gone from every
        list, and reading it answers 404."""
        self.orders.pop(int(order_id), None)
        self.refunds.pop(int(order_id), None)

    def trash(self, order_id: str, *, at: datetime | None = None) -> None:
        """Move an order to the bin (DELETE /orders/<id> without force): it drops out of the
        order lists unless they ask for status=trash."""
        order = self.orders[int(order_id)]
        order["status"] = "trash"
        order["date_modified_gmt"] = gmt(at or self.now())

    def expire_access_token(self) -> None:
        """WooCommerce keys do not expire; the closest thing is a revoked key: 401 from now on."""
        self.keys.valid = False

    def revoke_refresh_token(self) -> None:
        """There is no refresh token: the key is revoked (WooCommerce > Settings > REST API)."""
        self.keys.valid = False

    def order_ids(self) -> list[str]:
        return [str(i) for i in sorted(self.orders)]

    # ---- persistence -----------------------------------------------------------------------------
    def to_state(self) -> dict[str, Any]:
        return {
            "products": list(self.products.values()),
            "variations": list(self.variations.values()),
            "orders": list(self.orders.values()),
            "refunds": {str(k): v for k, v in self.refunds.items()},
            "media": {str(k): v for k, v in self.media.items()},
            "rejected": dict(self.rejected),
            "options": dict(self.options),
            "next_id": self.next_id,
            "next_item_id": self.next_item_id,
            "sideloads": self.sideloads,
            "keys_valid": self.keys.valid,
        }

    def load_state(self, state: dict[str, Any]) -> None:
        self.products = {int(p["id"]): p for p in state.get("products", [])}
        self.variations = {int(v["id"]): v for v in state.get("variations", [])}
        self.orders = {int(o["id"]): o for o in state.get("orders", [])}
        self.refunds = {int(k): v for k, v in state.get("refunds", {}).items()}
        self.media = {int(k): v for k, v in state.get("media", {}).items()}
        self.rejected = dict(state.get("rejected", {}))
        self.options.update(state.get("options", {}))
        self.next_id = int(state.get("next_id", self.next_id))
        self.next_item_id = int(state.get("next_item_id", self.next_item_id))
        self.sideloads = int(state.get("sideloads", 0))
        self.keys.valid = bool(state.get("keys_valid", True))
        self._build_indexes()

    def verify_indexes(self) -> None:
        problems = self._index_problems()
        assert not problems, f"the WooCommerce fake's indexes went stale: {problems}"

    def reindex(self) -> None:
        self._build_indexes()
