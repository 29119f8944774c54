"""The Lazada fake's catalog: products, SKUs, stock and prices, images."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from coopsync_adapters.lazada.fake_wire import Refusal, as_list, ms, parse_iso, payload_of

if TYPE_CHECKING:
    from coopsync.sandbox.sku_index import SkuIndex

# GetProducts' time filters: (parameter, product field, keeps later times)
PRODUCT_TIME_FILTERS = (
    ("create_after", "created_ms", True),
    ("create_before", "created_ms", False),
    ("update_after", "updated_ms", True),
    ("update_before", "updated_ms", False),
)

CATEGORIES = {  # category -> required attributes
    "10002019": ("brand",),
    "17935": ("brand",),
    # Leaf categories a handicraft cooperative uses (the example shop lists in these).
    **{
        c: ("brand",)
        for c in (
            "10000543",
            "10000612",
            "10000701",
            "10000820",
            "10000834",
            "10000851",
            "10000905",
            "10000977",
            "10001020",
        )
    },
}


class CatalogEndpoints:
    """/products/get, /product/create, /product/update, /product/price_quantity/update, images."""

    products: dict[str, dict[str, Any]]
    rejected: dict[str, str]  # seller sku -> message
    images: dict[str, str]  # hash -> url

    if TYPE_CHECKING:

        def now(self) -> datetime: ...

        def _next_id(self, base: int) -> int: ...

        def held(self, seller_sku: str) -> int: ...

        def inventory_out(self, sku: Mapping[str, Any]) -> dict[str, Any]: ...

        def sku_touched(self, product: dict[str, Any]) -> None: ...

        _seller_skus: SkuIndex[str]

        def _sku_lookup(self, seller_sku: str) -> tuple[dict[str, Any], dict[str, Any]] | None: ...

    # ---- products ----------------------------------------------------------------------------
    def _product_out(self, product: dict[str, Any]) -> dict[str, Any]:
        skus = []
        for sku in product["skus"]:
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
                    **self.inventory_out(sku),
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
            raise Refusal("InvalidParameter", "filter must be one of all, live, inactive, ...")
        limit = int(params.get("limit", "20"))
        offset = int(params.get("offset", "0"))
        if not 1 <= limit <= 50:
            raise Refusal("InvalidParameter", "limit: the maximum is 50")
        if not 0 <= offset <= 10_000:
            raise Refusal("InvalidParameter", "offset: the maximum offset is 10000")
        chosen: Iterable[dict[str, Any]] = self.products.values()
        if "sku_seller_list" in params:
            try:
                wanted = set(json.loads(params["sku_seller_list"]))
            except ValueError:
                raise Refusal("InvalidParameter", "sku_seller_list must be a JSON array") from None
            # Only the products holding one of them (the index), not every product.
            keys = {key for sku in wanted for key in self._seller_skus.owners(sku)}
            chosen = [self.products[key] for key in keys]
        products = sorted(chosen, key=lambda p: int(p["item_id"]))
        if status == "live":
            products = [p for p in products if p["status"] == "Active"]
        # create_after / create_before / update_after / update_before: ISO 8601 with an offset.
        for name, key, later in PRODUCT_TIME_FILTERS:
            if name in params:
                bound = parse_iso(params[name], name)
                products = [p for p in products if (p[key] >= bound if later else p[key] <= bound)]
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
                raise Refusal("500", f"{where}: only Lazada image URLs are allowed ({url})", "ISP")
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
                raise Refusal(
                    "500",
                    "Value is required and can not be empty",
                    "ISP",
                    [{"field": name, "SellerSku": seller_sku, "message": "required"}],
                )
            package[name] = value
        return package

    def _product_create(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        product = (payload_of(params).get("Request") or {}).get("Product") or {}
        category = str(product.get("PrimaryCategory", ""))
        if category not in CATEGORIES:
            raise Refusal("500", f"PrimaryCategory {category!r} does not exist", "ISP")
        attributes = dict(product.get("Attributes") or {})
        for name in ("name", *CATEGORIES[category]):
            if not attributes.get(name):
                raise Refusal("4110", f"BIZ_CHECK_CAT_PROP_MANDATORY: {name}", "ISP")
        if len(str(attributes["name"])) > 255:
            raise Refusal("500", "name: maximum 255 characters", "ISP")
        images = self._hosted(as_list((product.get("Images") or {}).get("Image")), "Images")
        if not images or len(images) > 8:
            raise Refusal("500", "Images: 1 to 8 images are needed", "ISP")
        raw_skus = as_list((product.get("Skus") or {}).get("Sku"))
        if not raw_skus:
            raise Refusal("500", "Skus: at least one SKU is needed", "ISP")
        variation = product.get("variation") or {}
        names = [str(v.get("name")) for v in variation.values()]
        if len(names) > 2:
            raise Refusal("500", "VARIATION_SIZE_LIMIT: The Size Limit is: 2", "ISP")
        if len(raw_skus) > 1 and not names:
            raise Refusal("500", "VARIATION_EMPTY: The Variation is Empty", "ISP")
        item_id = self._next_id(3_000_000_000)
        skus: list[dict[str, Any]] = []
        for raw in raw_skus:
            seller_sku = str(raw.get("SellerSku", ""))
            if not seller_sku:
                raise Refusal("200", "E200: Empty SellerSku", "ISP")
            taken = self._sku_lookup(seller_sku) is not None
            if taken or any(s["SellerSku"] == seller_sku for s in skus):
                raise Refusal(
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
                if declared is None or option not in as_list(
                    (declared.get("options") or {}).get("option")
                ):
                    raise Refusal(
                        "500",
                        f"SKU_VARIATION_OPTION_NOT_EXIST: The SellerSKU is {seller_sku}, "
                        f"The SKU Variation Name is: {name}, The SKU Variation Option is: {option}",
                        "ISP",
                    )
            price = float(raw.get("price", 0))
            if price <= 0:
                raise Refusal("4118", "BIZ_CHECK_PRICE_IS_ZERO", "ISP")
            skus.append(
                {
                    "SkuId": self._next_id(15_000_000_000),
                    "SellerSku": seller_sku,
                    "price": round(price),
                    "quantity": int(raw.get("quantity", 0)),
                    "saleProp": sale_prop,
                    "Images": self._hosted(as_list((raw.get("Images") or {}).get("Image")), "SKU"),
                    "package": self._package(raw, seller_sku),
                    "Status": "active",
                }
            )
        now = ms(self.now())
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
        self.sku_touched(self.products[str(item_id)])
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

    def _price_quantity_update(
        self, params: dict[str, str], files: dict[str, bytes]
    ) -> dict[str, Any]:
        raw = (payload_of(params).get("Request") or {}).get("Product") or {}
        entries = as_list((raw.get("Skus") or {}).get("Sku"))
        if not entries:
            raise Refusal("30", "E030: Empty Request")
        if len(entries) > 50:
            raise Refusal("204", "E204: Too many SKU in one request", "ISP")
        detail: list[dict[str, str]] = []
        changes: list[tuple[dict[str, Any], Mapping[str, Any]]] = []
        touched: list[dict[str, Any]] = []
        for entry in entries:
            seller_sku = str(entry.get("SellerSku", ""))
            if not seller_sku:
                raise Refusal("200", "E200: Empty SellerSku", "ISP")
            found = self._sku_lookup(seller_sku)
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
            touched.append(found[0])
        if detail:
            # One bad SKU fails the whole call: nothing is applied.
            raise Refusal("501", "E501: Update product failed", "ISP", detail)
        for sku, entry in changes:
            if entry.get("Quantity") not in (None, ""):
                sku["quantity"] = int(entry["Quantity"])
            if entry.get("Price") not in (None, ""):
                sku["price"] = round(float(entry["Price"]))
        for product in touched:  # GetProducts' update_after sees the change
            product["updated_ms"] = ms(self.now())
        return {"code": "0", "data": {}}

    def _bad_change(self, sku: Mapping[str, Any], entry: Mapping[str, Any]) -> str | None:
        if entry.get("Quantity") not in (None, ""):
            text = str(entry["Quantity"])
            if not text.isdigit():
                return f"invalid Quantity {text!r}"
            # The total may not go below withhold + occupy + campaign (channelInventories).
            held = self.held(sku["SellerSku"]) + int(sku.get("campaign") or 0)
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
        request = payload_of(params).get("Request") or {}
        url = str((request.get("Image") or {}).get("Url") or "")
        if not url.startswith(("http://", "https://")):
            raise Refusal("InvalidParameter", "Image.Url must be an http(s) URL")
        return self._image_url(url.encode())

    def _image_upload(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        content = files.get("image")
        if not content:
            raise Refusal("MISSING_PARAMETER", "missing required parameter: image")
        if len(content) > 3 * 1024 * 1024:
            raise Refusal("InvalidParameter", "image is larger than 3 MB")
        return self._image_url(content)
