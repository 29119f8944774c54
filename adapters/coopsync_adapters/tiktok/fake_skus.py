"""The TikTok Shop fake's SKU edits and status changes (Partner API 202309).

- Partial Edit Product with `skus` (and Edit Product): the list replaces the product's SKUs.
  "When the SKU ID is provided, it is considered editing an existing SKU. If the SKU ID is not
  provided, the operation will be to create a new SKU. The SKU ID that existed in this product
  previously but was not provided during editing will be treated as a deletion operation."
  Each SKU needs `price` and `inventory`; a sales attribute is named by `id` (and `value_id`)
  or by `name` (and `value_name`), the id winning when both are given; names ≤ 20 characters,
  values ≤ 50, at most 3 attributes, no two SKUs with the same values, ≤ 100 SKUs.
- Deactivate Products / Activate Product: `product_ids` (≤ 20); SELLER_DEACTIVATED <->
  ACTIVATE; a product that cannot change comes back in `data.errors[]`.
Sales attribute ids are derived from the names (one id per name, one per name and value), so
they are the same on every SKU of a product, as the platform's are.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import httpx

from coopsync_adapters.tiktok import fake_wire

SKUS_MAX = 100
ATTRIBUTES_MAX = 3
ATTRIBUTE_NAME_MAX = 20
ATTRIBUTE_VALUE_MAX = 50
SELLER_SKU_MAX = 50
STATUS_IDS_MAX = 20
PRICE_MIN, PRICE_MAX = 100, 100_000_000
STOCK_MAX = 999_999

SKU_ID_INVALID = (12019008, "sku id is invalid")
DUPLICATED = (
    12052251,
    "Duplicated attribute values found for an attribute. Remove or modify the duplicated value.",
)
SALE_PROPERTY_INVALID = (12019019, "sale property is invalid")


def attribute_id(name: str) -> str:
    return str(7_000_000_000 + int(hashlib.sha256(name.encode()).hexdigest()[:8], 16) % 10**9)


def value_id(name: str, value: str) -> str:
    digest = hashlib.sha256(f"{name}\x00{value}".encode()).hexdigest()[:8]
    return str(8_000_000_000 + int(digest, 16) % 10**9)


def attribute_entries(pairs: list[tuple[str, str]]) -> list[dict[str, str]]:
    """Stored sales attributes for (name, value) pairs."""
    return [
        {"id": attribute_id(n), "name": n, "value_id": value_id(n, v), "value_name": v}
        for n, v in pairs
    ]


class SkuEditEndpoints:
    """Mixed into TikTokFake."""

    products: dict[str, dict[str, Any]]
    rejected: dict[str, str]

    if TYPE_CHECKING:

        def ok(self, data: Any = None) -> httpx.Response: ...

        def fail(self, error: tuple[int, str], *, status: int = 200) -> httpx.Response: ...

        def next_id(self, base: int) -> str: ...

        def ts(self) -> int: ...

        def sku_touched(self, product: dict[str, Any]) -> None: ...

    def _names(self, product: dict[str, Any]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
        """Attribute id -> name and value id -> (name, value), from the product's SKUs."""
        names: dict[str, str] = {}
        values: dict[str, tuple[str, str]] = {}
        for sku in product["skus"]:
            for a in sku["sales_attributes"]:
                names[str(a["id"])] = a["name"]
                values[str(a["value_id"])] = (a["name"], a["value_name"])
        return names, values

    def _pairs(
        self, product: dict[str, Any], attributes: Any
    ) -> list[tuple[str, str]] | tuple[int, str]:
        """(name, value) pairs of a SKU's sales_attributes, or the platform's error."""
        if not isinstance(attributes, list) or len(attributes) > ATTRIBUTES_MAX:
            return (12052525, "The attribute max num cannot exceed 3.")
        names, values = self._names(product)
        pairs: list[tuple[str, str]] = []
        for a in attributes:
            if not isinstance(a, dict):
                return SALE_PROPERTY_INVALID
            name = names.get(str(a["id"])) if a.get("id") else a.get("name")
            if a.get("value_id"):
                known = values.get(str(a["value_id"]))
                if known is None or known[0] != name:
                    return SALE_PROPERTY_INVALID
                value: Any = known[1]
            else:
                value = a.get("value_name")
            if not isinstance(name, str) or not name or not isinstance(value, str) or not value:
                return SALE_PROPERTY_INVALID
            if len(name) > ATTRIBUTE_NAME_MAX:
                return (12052910, "The character length of sales attribute names exceeds 20.")
            if len(value) > ATTRIBUTE_VALUE_MAX:
                return (12052910, "The character length of sales attribute values exceeds 50.")
            pairs.append((name, value))
        return pairs

    def edit_skus(self, product: dict[str, Any], skus: Any) -> httpx.Response:
        """Replace the product's SKUs: kept by id, created without one, deleted when left out."""
        if not isinstance(skus, list) or not skus:
            return self.fail(fake_wire.INVALID_PARAM)
        if len(skus) > SKUS_MAX:
            return self.fail(
                (12052050, "A single product cannot have more than 100 different SKUs")
            )
        by_id = {s["id"]: s for s in product["skus"]}
        staged: list[tuple[dict[str, Any] | None, dict[str, Any]]] = []
        combos: set[tuple[tuple[str, str], ...]] = set()
        name_sets: set[tuple[str, ...]] = set()
        for sku in skus:
            if not isinstance(sku, dict):
                return self.fail(fake_wire.INVALID_PARAM)
            existing = None
            if sku.get("id") is not None:
                existing = by_id.get(str(sku["id"]))
                if existing is None:
                    return self.fail(SKU_ID_INVALID)
            seller_sku = str(sku.get("seller_sku") or "")
            if len(seller_sku) > SELLER_SKU_MAX:
                return self.fail(
                    (12052054, "The seller SKU text length cannot exceed max limit characters")
                )
            price = sku.get("price")
            if (
                not isinstance(price, dict)
                or price.get("currency") != "IDR"
                or not str(price.get("amount", "")).isdigit()
                or not PRICE_MIN <= int(str(price["amount"])) <= PRICE_MAX
            ):
                return self.fail((12052073, "The product price is invalid"))
            inventory = sku.get("inventory")
            if (
                not isinstance(inventory, list)
                or not inventory
                or not all(isinstance(i, dict) for i in inventory)
                or inventory[0].get("warehouse_id") != fake_wire.WAREHOUSE_ID
            ):
                return self.fail((12019022, "SKU must contain a valid warehouse."))
            quantity = inventory[0].get("quantity")
            if not isinstance(quantity, int) or not 0 <= quantity <= STOCK_MAX:
                return self.fail(
                    (12052055, "The SKU inventory quantity for the warehouse is out of range.")
                )
            pairs = self._pairs(product, sku.get("sales_attributes") or [])
            if isinstance(pairs, tuple):
                return self.fail(pairs)
            combo = tuple(pairs)
            if combo in combos:
                return self.fail(DUPLICATED)
            combos.add(combo)
            name_sets.add(tuple(n for n, _ in pairs))
            staged.append(
                (
                    existing,
                    {
                        "seller_sku": seller_sku,
                        "price": int(str(price["amount"])),
                        "stock": quantity,
                        "sales_attributes": attribute_entries(list(pairs)),
                    },
                )
            )
        if len(skus) > 1 and (len(name_sets) != 1 or () in name_sets):
            # Every SKU of a product with several varies by the same sales attributes.
            return self.fail(SALE_PROPERTY_INVALID)
        kept: list[dict[str, Any]] = []
        for existing, values in staged:
            if existing is None:
                kept.append({"id": self.next_id(1_729_500_000_000_000_000), **values})
            else:
                existing.update(values)
                kept.append(existing)
        product["skus"] = kept
        product["update_time"] = self.ts()
        self.sku_touched(product)
        return self.ok(
            {
                "product_id": product["id"],
                "skus": [
                    {
                        "id": s["id"],
                        "seller_sku": s["seller_sku"],
                        "sales_attributes": [
                            {"id": a["id"], "value_id": a["value_id"]}
                            for a in s["sales_attributes"]
                        ],
                    }
                    for s in kept
                ],
                "warnings": [],
            }
        )

    def change_status(self, body: dict[str, Any], *, activate: bool) -> httpx.Response:
        """Deactivate Products / Activate Product."""
        ids = body.get("product_ids")
        if not isinstance(ids, list) or not 1 <= len(ids) <= STATUS_IDS_MAX:
            return self.fail(fake_wire.INVALID_PARAM)
        errors = []
        for product_id in ids:
            product = self.products.get(str(product_id))
            allowed = ("SELLER_DEACTIVATED",) if activate else ("ACTIVATE",)
            if product is None or product["status"] == "DELETED":
                errors.append(
                    {
                        "code": 12052032,
                        "message": "The product does not exist",
                        "detail": {"product_id": str(product_id)},
                    }
                )
                continue
            if product["status"] not in (
                *allowed,
                "ACTIVATE" if activate else "SELLER_DEACTIVATED",
            ):
                errors.append(
                    {
                        "code": 12019113,
                        "message": "product status is invalid",
                        "detail": {"product_id": str(product_id)},
                    }
                )
                continue
            product["status"] = "ACTIVATE" if activate else "SELLER_DEACTIVATED"
            product["update_time"] = self.ts()
        return self.ok({"errors": errors} if errors else {})
