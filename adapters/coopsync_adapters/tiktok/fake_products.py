"""The product endpoints of the TikTok Shop fake, with the limits the documentation states."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import httpx

from coopsync_adapters.tiktok import fake_wire
from coopsync_adapters.tiktok.fake_skus import attribute_entries

V = "202309"
PRODUCT_PATH = re.compile(
    rf"^/product/{V}/products/(\d+)(/partial_edit|/inventory/update|/prices/update)?$"
)
AMOUNT = re.compile(r"^\d+(\.0+)?$")
PRICE_MIN, PRICE_MAX = 100, 100_000_000  # ID local shops
CREATE_STOCK_MAX = 999_999  # Create Product: "upper limit of inventory value set at one time"
UPDATE_STOCK_MAX = 99_999  # Update Inventory: "non-negative ... and less then 99999"
SKUS_MAX = 100  # 12052050
IMAGES_MAX = 9
SELLER_SKU_MAX = 50
TITLE_MIN, TITLE_MAX = 25, 255
DESCRIPTION_MAX = 10_000
SEARCH_SKUS_MAX = 10  # 12019027
TIME_FILTERS = ("update_time_ge", "update_time_le", "create_time_ge", "create_time_le")

PRODUCT_MISSING = (12052032, "The product does not exist")
PRICE_INVALID = (12052073, "The product price is invalid")
CURRENCY_INVALID = (12052084, "The provided currency is not available for this shop/region.")
STATUS_INVALID = (12019113, "product status is invalid")
STOCK_INVALID = (12019024, "stock count is invalid")
SKU_MISSING = (12052036, "The SKU ID is necessary")
WAREHOUSE_MISSING = (12052097, "The warehouse does not exist")


class ProductEndpoints:
    """Mixed into TikTokFake: needs its state and envelope helpers."""

    products: dict[str, dict[str, Any]]
    images: dict[str, str]
    rejected: dict[str, str]

    if TYPE_CHECKING:  # provided by TikTokFake and its other mixin

        def ok(self, data: Any = None) -> httpx.Response: ...

        def fail(self, error: tuple[int, str], *, status: int = 200) -> httpx.Response: ...

        def next_id(self, base: int) -> str: ...

        def ts(self) -> int: ...

        def order_search(self, params: dict[str, str], body: bytes) -> httpx.Response: ...

        def order_detail(self, params: dict[str, str]) -> httpx.Response: ...

        def return_search(self, params: dict[str, str], body: bytes) -> httpx.Response: ...

        def change_status(self, body: dict[str, Any], *, activate: bool) -> httpx.Response: ...

        def edit_skus(self, product: dict[str, Any], skus: Any) -> httpx.Response: ...

        def sku_touched(self, product: dict[str, Any]) -> None: ...

        def holding_any(self, skus: Any) -> list[dict[str, Any]]: ...

    # ---- routing ---------------------------------------------------------------------------
    def route(
        self,
        method: str,
        path: str,
        params: dict[str, str],
        body: bytes,
        request: httpx.Request,
    ) -> httpx.Response:
        if (method, path) == ("POST", f"/product/{V}/images/upload"):
            return self.upload_image(request.headers.get("content-type", ""), body)
        if (method, path) == ("POST", f"/product/{V}/products/search"):
            return self.search_products(params, body)
        if (method, path) == ("POST", f"/order/{V}/orders/search"):
            return self.order_search(params, body)
        if (method, path) == ("GET", f"/order/{V}/orders"):
            return self.order_detail(params)
        if (method, path) == ("POST", f"/return_refund/{V}/returns/search"):
            return self.return_search(params, body)
        try:
            payload = json.loads(body) if body else {}
        except ValueError:
            return self.fail(fake_wire.INVALID_PARAM)
        if not isinstance(payload, dict):
            return self.fail(fake_wire.INVALID_PARAM)
        if (method, path) == ("POST", f"/product/{V}/products"):
            return self.create_product(payload)
        if (method, path) == ("POST", f"/product/{V}/products/deactivate"):
            return self.change_status(payload, activate=False)
        if (method, path) == ("POST", f"/product/{V}/products/activate"):
            return self.change_status(payload, activate=True)
        match = PRODUCT_PATH.match(path)
        if match:
            product = self.products.get(match.group(1))
            if product is None or product["status"] == "DELETED":
                return self.fail(PRODUCT_MISSING)
            action = match.group(2)
            if method == "GET" and action is None:
                return self.ok(self.product_payload(product, detail=True))
            if method == "POST" and action == "/partial_edit":
                return self.partial_edit(product, payload)
            if method == "POST" and action == "/inventory/update":
                return self.update_inventory(product, payload)
            if method == "POST" and action == "/prices/update":
                return self.update_prices(product, payload)
        return self.fail(fake_wire.BAD_PATH, status=404)

    # ---- images ----------------------------------------------------------------------------
    def upload_image(self, content_type: str, body: bytes) -> httpx.Response:
        if not content_type.startswith("multipart/form-data"):
            return self.fail(
                (
                    36009023,
                    "Invalid request format. The value of the `content-type` header must be "
                    "`multipart/form-data`.",
                )
            )
        fields = fake_wire.multipart_fields(content_type, body)
        data = fields.get("data")
        if data is None or not data[1]:
            return self.fail(
                (
                    12038002,
                    "Invalid upload file. Please ensure you are passing the correct file data.",
                )
            )
        if not fake_wire.is_image(data[1]):
            return self.fail(
                (12038004, "Failed to process the image. The format or content is not supported.")
            )
        uri = f"tos-alisg-i-fake/{self.next_id(0)}"
        url = f"https://p16-oec-sg.ibyteimg.com/{uri}~tplv-origin-jpeg.jpeg"
        self.images[uri] = url
        use_case = fields.get("use_case", (None, b"MAIN_IMAGE"))[1].decode()
        return self.ok({"uri": uri, "url": url, "width": 600, "height": 600, "use_case": use_case})

    # ---- create and edit -------------------------------------------------------------------
    def _content_problem(self, body: dict[str, Any], *, partial: bool) -> tuple[int, str] | None:
        title = body.get("title")
        if title is not None or not partial:
            if not isinstance(title, str) or not title.strip():
                return (12052261, "product name is empty")
            if len(title) > TITLE_MAX:
                return (12052051, "The product name exceed max limit characters")
            if len(title) < TITLE_MIN:
                return (
                    12052910,
                    f"Invalid input parameters. title must have {TITLE_MIN}-{TITLE_MAX} characters",
                )
        description = body.get("description")
        if description is not None or not partial:
            if not isinstance(description, str) or not description:
                return (12052015, "The product description is required")
            if len(description) > DESCRIPTION_MAX:
                return (12052013, "The product description cannot exceed maximum characters")
        images = body.get("main_images")
        if images is not None or not partial:
            if not isinstance(images, list) or not images:
                return (12052028, "Main product image is required")
            if len(images) > IMAGES_MAX:
                return (12052306, "main product images count exceed limit")
            if any(not isinstance(i, dict) or i.get("uri") not in self.images for i in images):
                return (12052300, "product main image uri illegal")
        weight = body.get("package_weight")
        if weight is not None or not partial:
            if not isinstance(weight, dict) or weight.get("unit") != "KILOGRAM":
                return (12052006, "Incorrect parcel weight format")
            try:
                if float(str(weight.get("value"))) <= 0:
                    return (12052181, "The package weight of the product can not be zero.")
            except ValueError:
                return (12052006, "Incorrect parcel weight format")
        return None

    def create_product(self, body: dict[str, Any]) -> httpx.Response:
        problem = self._content_problem(body, partial=False)
        if problem:
            return self.fail(problem)
        if not str(body.get("category_id") or "").isdigit():
            return self.fail((12052023, "Category does not exist"))
        skus = body.get("skus")
        if not isinstance(skus, list) or not skus:
            return self.fail(fake_wire.INVALID_PARAM)
        if len(skus) > SKUS_MAX:
            return self.fail(
                (12052050, "A single product cannot have more than 100 different SKUs")
            )
        combos = set()
        stored: list[dict[str, Any]] = []
        for sku in skus:
            if not isinstance(sku, dict):
                return self.fail(fake_wire.INVALID_PARAM)
            seller_sku = str(sku.get("seller_sku") or "")
            if len(seller_sku) > SELLER_SKU_MAX:
                return self.fail(
                    (12052054, "The seller SKU text length cannot exceed max limit characters")
                )
            price = sku.get("price") or {}
            problem = self._price_problem(price)
            if problem:
                return self.fail(problem)
            inventory = sku.get("inventory")
            if not isinstance(inventory, list) or len(inventory) != 1:
                return self.fail((12019022, "SKU must contain a valid warehouse."))
            if inventory[0].get("warehouse_id") != fake_wire.WAREHOUSE_ID:
                return self.fail(WAREHOUSE_MISSING)
            quantity = inventory[0].get("quantity", 0)
            if not isinstance(quantity, int) or not 0 <= quantity <= CREATE_STOCK_MAX:
                return self.fail(
                    (
                        12052055,
                        "The SKU inventory quantity for the warehouse must be within allowed "
                        "limits.",
                    )
                )
            attributes = sku.get("sales_attributes") or []
            if len(skus) > 1 and not attributes:
                return self.fail((12019019, "sale property is invalid"))
            if len(attributes) > 3:
                return self.fail((12052525, "The attribute max num cannot exceed 3."))
            combo = tuple((a.get("name"), a.get("value_name")) for a in attributes)
            if combo in combos or any(not n or not v for n, v in combo):
                return self.fail(
                    (
                        12052251,
                        "Duplicated attribute values found for an attribute. Remove or modify "
                        "the duplicated value.",
                    )
                )
            combos.add(combo)
            stored.append(
                {
                    "id": self.next_id(1_729_500_000_000_000_000),
                    "seller_sku": seller_sku,
                    "price": int(float(price["amount"])),
                    "stock": quantity,
                    "sales_attributes": attribute_entries(list(combo)),
                }
            )
        product_id = self.next_id(1_729_000_000_000_000_000)
        now = self.ts()
        self.products[product_id] = {
            "id": product_id,
            "title": body["title"],
            "description": body["description"],
            "status": "ACTIVATE",  # review passes at once in the fake
            "category_id": str(body["category_id"]),
            "main_images": [i["uri"] for i in body["main_images"]],
            "package_weight": body["package_weight"],
            "create_time": now,
            "update_time": now,
            "skus": stored,
        }
        self.sku_touched(self.products[product_id])
        return self.ok(
            {
                "product_id": product_id,
                "skus": [
                    {
                        "id": s["id"],
                        "seller_sku": s["seller_sku"],
                        "sales_attributes": [
                            {"id": a["id"], "value_id": a["value_id"]}
                            for a in s["sales_attributes"]
                        ],
                    }
                    for s in stored
                ],
                "warnings": [],
            }
        )

    def partial_edit(self, product: dict[str, Any], body: dict[str, Any]) -> httpx.Response:
        problem = self._content_problem(body, partial=True)
        if problem:
            return self.fail(problem)
        answer = self.ok({"product_id": product["id"], "skus": [], "warnings": []})
        if "skus" in body:  # checked and applied first: a refused list changes nothing
            answer = self.edit_skus(product, body["skus"])
            if json.loads(answer.content).get("code") != 0:
                return answer
        for key in ("title", "description", "package_weight"):
            if key in body:
                product[key] = body[key]
        if "main_images" in body:
            product["main_images"] = [i["uri"] for i in body["main_images"]]
        product["update_time"] = self.ts()
        return answer

    # ---- stock and prices ------------------------------------------------------------------
    @staticmethod
    def _price_problem(price: Any) -> tuple[int, str] | None:
        if not isinstance(price, dict) or not isinstance(price.get("amount"), str):
            return (12052012, "Incorrect price format")
        if price.get("currency") != "IDR":
            return CURRENCY_INVALID
        if not AMOUNT.match(price["amount"]):
            return (12052012, "Incorrect price format")
        if not PRICE_MIN <= int(float(price["amount"])) <= PRICE_MAX:
            return PRICE_INVALID
        return None

    def update_inventory(self, product: dict[str, Any], body: dict[str, Any]) -> httpx.Response:
        skus = body.get("skus")
        if not isinstance(skus, list) or not skus:
            return self.fail(SKU_MISSING)
        by_id = {s["id"]: s for s in product["skus"]}
        errors = []
        for sku in skus:
            entry = by_id.get(str(sku.get("id"))) if isinstance(sku, dict) else None
            inventory = sku.get("inventory") if isinstance(sku, dict) else None
            problem: tuple[int, str] | None = None
            if entry is None:
                problem = (12019008, "sku id is invalid")
            elif (
                not isinstance(inventory, list)
                or len(inventory) != 1
                or (entry.get("warehouses") and "warehouse_id" not in inventory[0])
            ):
                # A SKU stocked in several warehouses needs the warehouse named.
                problem = (
                    12019028,
                    "Multiple warehouses detected. Include all warehouse IDs and the "
                    "corresponding details and try again.",
                )
            elif inventory[0].get("warehouse_id", fake_wire.WAREHOUSE_ID) not in (
                fake_wire.WAREHOUSE_ID,
                *entry.get("warehouses", {}),
            ):
                problem = WAREHOUSE_MISSING
            elif (
                not isinstance(inventory[0].get("quantity"), int)
                or not 0 <= inventory[0]["quantity"] <= UPDATE_STOCK_MAX
            ):
                problem = STOCK_INVALID
            elif entry["seller_sku"] in self.rejected:
                problem = (STOCK_INVALID[0], self.rejected[entry["seller_sku"]])
            if problem is not None:
                errors.append(
                    {
                        "code": problem[0],
                        "message": problem[1],
                        "detail": {
                            "sku_id": str(sku.get("id") if isinstance(sku, dict) else ""),
                            "extra_errors": [
                                {
                                    "warehouse_id": fake_wire.WAREHOUSE_ID,
                                    "code": problem[0],
                                    "message": problem[1],
                                }
                            ],
                        },
                    }
                )
                continue
            assert entry is not None and isinstance(inventory, list)
            warehouse = inventory[0].get("warehouse_id", fake_wire.WAREHOUSE_ID)
            if warehouse == fake_wire.WAREHOUSE_ID:
                entry["stock"] = inventory[0]["quantity"]
            else:
                entry["warehouses"][warehouse] = inventory[0]["quantity"]
        product["update_time"] = self.ts()
        return self.ok({"errors": errors} if errors else {})

    def update_prices(self, product: dict[str, Any], body: dict[str, Any]) -> httpx.Response:
        if product["status"] != "ACTIVATE":
            return self.fail(STATUS_INVALID)
        skus = body.get("skus")
        if not isinstance(skus, list) or not skus:
            return self.fail(SKU_MISSING)
        by_id = {s["id"]: s for s in product["skus"]}
        changes = []
        for sku in skus:  # all or nothing: check everything before changing anything
            entry = by_id.get(str(sku.get("id"))) if isinstance(sku, dict) else None
            if entry is None:
                return self.fail((12019008, "sku id is invalid"))
            problem = self._price_problem(sku.get("price"))
            if problem:
                return self.fail(problem)
            if entry["seller_sku"] in self.rejected:
                return self.fail((PRICE_INVALID[0], self.rejected[entry["seller_sku"]]))
            changes.append((entry, int(float(sku["price"]["amount"]))))
        for entry, price in changes:
            entry["price"] = price
        product["update_time"] = self.ts()
        return self.ok({})

    # ---- search ----------------------------------------------------------------------------
    def search_products(self, params: dict[str, str], body: bytes) -> httpx.Response:
        try:
            page_size = int(params.get("page_size", ""))
            filters = json.loads(body or b"{}")
        except ValueError:
            return self.fail(fake_wire.INVALID_PARAM)
        if not 1 <= page_size <= 100:
            return self.fail((12019109, "page size is invalid"))
        if not isinstance(filters, dict):
            return self.fail(fake_wire.INVALID_PARAM)
        wanted = filters.get("seller_skus")
        if wanted is not None and (not isinstance(wanted, list) or len(wanted) > SEARCH_SKUS_MAX):
            return self.fail(
                (12019027, "The maximum count of “seller_skus” in the search filter is 10.")
            )
        status = filters.get("status", "ALL")
        # update_time_ge / update_time_le and create_time_ge / create_time_le: Unix seconds.
        bounds = {k: filters[k] for k in TIME_FILTERS if k in filters}
        if any(isinstance(v, bool) or not isinstance(v, int) for v in bounds.values()):
            return self.fail(fake_wire.INVALID_PARAM)

        def in_time(product: dict[str, Any]) -> bool:
            for key, value in bounds.items():
                moment = product["update_time" if key.startswith("update") else "create_time"]
                if (moment < value) if key.endswith("_ge") else (moment > value):
                    return False
            return True

        def keep(product: dict[str, Any]) -> bool:
            if status == "ALL" and product["status"] == "DELETED":
                return False
            if status != "ALL" and product["status"] != status:
                return False
            if not in_time(product):
                return False
            return not wanted or any(s["seller_sku"] in wanted for s in product["skus"])

        # Asked by seller SKU: only the products holding one (the index), not every product.
        candidates = self.holding_any(wanted) if wanted else self.products.values()
        matching = sorted((p for p in candidates if keep(p)), key=lambda p: p["id"])
        if params.get("page_token"):
            cursor = fake_wire.read_page_token(params["page_token"])
            if not isinstance(cursor, str):
                return self.fail(fake_wire.INVALID_PARAM)
            matching = [p for p in matching if p["id"] > cursor]
        page = matching[:page_size]
        token = fake_wire.make_page_token(page[-1]["id"]) if len(matching) > page_size else ""
        return self.ok(
            {
                "products": [self.product_payload(p, detail=False) for p in page],
                "next_page_token": token,
                "total_count": len(matching),
            }
        )

    def product_payload(self, product: dict[str, Any], *, detail: bool) -> dict[str, Any]:
        skus = [
            {
                "id": s["id"],
                "seller_sku": s["seller_sku"],
                "price": {
                    "currency": "IDR",
                    "tax_exclusive_price": str(s["price"]),
                    "sale_price": str(s["price"]),
                },
                "inventory": [
                    {"warehouse_id": fake_wire.WAREHOUSE_ID, "quantity": s["stock"]},
                    *(
                        {"warehouse_id": code, "quantity": units}
                        for code, units in s.get("warehouses", {}).items()
                    ),
                ],
                **({"sales_attributes": s["sales_attributes"]} if detail else {}),
            }
            for s in product["skus"]
        ]
        payload: dict[str, Any] = {
            "id": product["id"],
            "title": product["title"],
            "status": product["status"],
            "skus": skus,
            "create_time": product["create_time"],
            "update_time": product["update_time"],
        }
        if detail:
            payload["description"] = product["description"]
            payload["main_images"] = [
                {"uri": u, "urls": [self.images.get(u, "")]} for u in product["main_images"]
            ]
            payload["package_weight"] = product["package_weight"]
        else:
            payload["sales_regions"] = ["ID"]
        return payload
