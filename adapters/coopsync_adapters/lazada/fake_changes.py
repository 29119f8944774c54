"""The Lazada fake's changes to a live product: /product/update (content, packages, prices,
new SKUs, sale properties, SKU status) and /product/deactivate.

As Lazada documents them: UpdateProduct names existing SKUs by `SkuId` (their `SellerSku`
cannot change), adds a SKU sent without one (a `SellerSku` unique in the shop, a `saleProp`
value for every variation of the product, options declared in `variation`, at most two
variations, names ≤ 15 and options ≤ 20 characters), and sets a SKU's `Status`
(active / inactive). DeactivateProduct (`apiRequestBody`: ItemId and, optionally, the
SellerSkus) takes the product or those SKUs down. A refused call changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from coopsync_adapters.lazada.fake_wire import Refusal, as_list, ms, payload_of

SKUS_MAX = 50  # per product (assumed; Lazada's figure is not published)
VARIATIONS_MAX = 2
VARIATION_NAME_MAX = 15
VARIATION_OPTION_MAX = 20


def _declared(variation: Mapping[str, Any]) -> dict[str, list[str]]:
    """variation -> {name: [options]}, checked against Lazada's limits."""
    out: dict[str, list[str]] = {}
    for entry in variation.values():
        if not isinstance(entry, Mapping):
            raise Refusal("500", "variation: every VariationN needs a name and options", "ISP")
        name = str(entry.get("name") or "")
        options = [str(o) for o in as_list((entry.get("options") or {}).get("option"))]
        if not name or not options:
            raise Refusal("500", "variation: every VariationN needs a name and options", "ISP")
        if len(name) > VARIATION_NAME_MAX:
            raise Refusal("500", "VARIATION_NAME_LENGTH_LIMIT: The Length Limit is: 15", "ISP")
        if any(len(o) > VARIATION_OPTION_MAX for o in options):
            raise Refusal("500", "VARIATION_OPTION_LENGTH_LIMIT: The Length Limit is: 20", "ISP")
        out[name] = options
    if len(out) > VARIATIONS_MAX:
        raise Refusal("500", "VARIATION_SIZE_LIMIT: The Size Limit is: 2", "ISP")
    return out


class ProductChanges:
    """Mixed into LazadaFake."""

    products: dict[str, dict[str, Any]]

    if TYPE_CHECKING:

        def now(self) -> datetime: ...

        def _next_id(self, base: int) -> int: ...

        def held(self, seller_sku: str) -> int: ...

        def _sku_lookup(self, seller_sku: str) -> tuple[dict[str, Any], dict[str, Any]] | None: ...

        def sku_touched(self, product: dict[str, Any]) -> None: ...

        def _hosted(self, urls: Any, where: str) -> list[str]: ...

        def _package(self, sku: Mapping[str, Any], seller_sku: str) -> dict[str, str]: ...

        def _product_out(self, product: dict[str, Any]) -> dict[str, Any]: ...

    def _product_item_get(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        """GetProductItem by `item_id` (`seller_sku` is deprecated)."""
        product = self.products.get(str(params.get("item_id") or ""))
        if product is None:
            raise Refusal("208", "E208: Product not found", "ISP")
        return {"code": "0", "data": self._product_out(product)}

    def _product_update(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        raw = (payload_of(params).get("Request") or {}).get("Product") or {}
        product = self.products.get(str(raw.get("ItemId", "")))
        if product is None:
            raise Refusal("500", f"ItemId {raw.get('ItemId')!r} does not exist", "ISP")
        variation = raw.get("variation") or product.get("variation") or {}
        declared = _declared(variation)
        images = (
            self._hosted(as_list(raw["Images"].get("Image")), "Images")
            if raw.get("Images")
            else None
        )
        by_id = {str(s["SkuId"]): s for s in product["skus"]}
        changes: list[tuple[dict[str, Any], dict[str, Any]]] = []
        added: list[dict[str, Any]] = []
        for entry in as_list((raw.get("Skus") or {}).get("Sku")):
            if not isinstance(entry, Mapping):
                raise Refusal("500", "Skus: every Sku must be an object", "ISP")
            if entry.get("SkuId"):
                sku = by_id.get(str(entry["SkuId"]))
                if sku is None:
                    raise Refusal("500", f"SkuId {entry.get('SkuId')!r} is not in this item", "ISP")
                if entry.get("SellerSku") and entry["SellerSku"] != sku["SellerSku"]:
                    raise Refusal("500", "SellerSku cannot be changed", "ISP")
                changes.append((sku, self._sku_change(sku, entry)))
            else:
                added.append(self._new_sku(entry, added))
        if len(product["skus"]) + len(added) > SKUS_MAX:
            raise Refusal("500", f"An item can have at most {SKUS_MAX} SKUs", "ISP")
        props = [{**sku["saleProp"], **change.get("saleProp", {})} for sku, change in changes]
        changed = {id(sku) for sku, _ in changes}
        props += [s["saleProp"] for s in product["skus"] if id(s) not in changed]
        props += [s["saleProp"] for s in added]
        self._check_props(props, declared, several=len(props) > 1)
        # Everything checked: apply.
        if raw.get("Attributes"):
            product["attributes"].update(raw["Attributes"])
        if images is not None:
            product["images"] = images
        if raw.get("variation"):
            product["variation"] = variation
        for sku, change in changes:
            sku.update(change)
        product["skus"] += added
        self.sku_touched(product)
        active = any(s["Status"] == "active" for s in product["skus"])
        if product["status"] in ("Active", "InActive"):
            product["status"] = "Active" if active else "InActive"
        product["updated_ms"] = ms(self.now())
        return {"code": "0", "data": {}}

    def _sku_change(self, sku: Mapping[str, Any], entry: Mapping[str, Any]) -> dict[str, Any]:
        change: dict[str, Any] = {}
        package = dict(sku["package"])
        for name in ("package_weight", "package_length", "package_width", "package_height"):
            if entry.get(name):
                package[name] = str(entry[name])
        change["package"] = package
        if entry.get("price"):
            change["price"] = round(float(entry["price"]))
        if entry.get("quantity") not in (None, ""):
            # UpdateProduct sets the dropshipping warehouse's sellable quantity.
            change["quantity"] = int(entry["quantity"]) + self.held(sku["SellerSku"])
        if entry.get("saleProp"):
            change["saleProp"] = {str(k): str(v) for k, v in entry["saleProp"].items()}
        if entry.get("Status"):
            status = str(entry["Status"]).lower()
            if status not in ("active", "inactive"):
                raise Refusal("500", f"Status {entry['Status']!r} must be active or inactive")
            change["Status"] = status
        return change

    def _new_sku(self, entry: Mapping[str, Any], added: list[dict[str, Any]]) -> dict[str, Any]:
        seller_sku = str(entry.get("SellerSku") or "")
        if not seller_sku:
            raise Refusal("200", "E200: Empty SellerSku", "ISP")
        taken = self._sku_lookup(seller_sku) is not None
        if taken or any(a["SellerSku"] == seller_sku for a in added):
            raise Refusal(
                "4105",
                "BIZ_CHECK_SELLER_SKU_DUPLICATE",
                "ISP",
                [{"field": "SellerSku", "seller_sku": seller_sku, "message": "SellerSku repeat"}],
            )
        price = float(entry.get("price") or 0)
        if price <= 0:
            raise Refusal("4118", "BIZ_CHECK_PRICE_IS_ZERO", "ISP")
        return {
            "SkuId": self._next_id(15_000_000_000),
            "SellerSku": seller_sku,
            "price": round(price),
            "quantity": int(entry.get("quantity") or 0),
            "saleProp": {str(k): str(v) for k, v in (entry.get("saleProp") or {}).items()},
            "Images": self._hosted(as_list((entry.get("Images") or {}).get("Image")), "SKU"),
            "package": self._package(entry, seller_sku),
            "Status": "active",
        }

    @staticmethod
    def _check_props(
        props: list[dict[str, str]], declared: Mapping[str, list[str]], *, several: bool
    ) -> None:
        seen: set[tuple[tuple[str, str], ...]] = set()
        for prop in props:
            for name, option in prop.items():
                if option not in declared.get(name, []):
                    raise Refusal(
                        "500",
                        "SKU_VARIATION_OPTION_NOT_EXIST: The SKU Variation Name is: "
                        f"{name}, The SKU Variation Option is: {option}",
                        "ISP",
                    )
            if several and set(prop) != set(declared):
                raise Refusal(
                    "500",
                    "SKU_VARIATION_MISSING: every SKU needs a value for "
                    + ", ".join(sorted(declared)),
                    "ISP",
                )
            combo = tuple(sorted(prop.items()))
            if several and combo in seen:
                raise Refusal("500", "SKU_VARIATION_DUPLICATE: two SKUs have the same options")
            seen.add(combo)

    def _product_deactivate(
        self, params: dict[str, str], files: dict[str, bytes]
    ) -> dict[str, Any]:
        """DeactivateProduct: the whole product, or the SellerSkus named."""
        body = params.get("apiRequestBody")
        if not body:
            raise Refusal("MISSING_PARAMETER", "missing required parameter: apiRequestBody")
        raw = (payload_of({"payload": body}).get("Request") or {}).get("Product") or {}
        product = self.products.get(str(raw.get("ItemId", "")))
        if product is None:
            raise Refusal("500", f"ItemId {raw.get('ItemId')!r} does not exist", "ISP")
        named = [str(s) for s in as_list((raw.get("Skus") or {}).get("SellerSku"))]
        known = {s["SellerSku"] for s in product["skus"]}
        if any(s not in known for s in named):
            raise Refusal("500", "SellerSku is not in this item", "ISP")
        for sku in product["skus"]:
            if not named or sku["SellerSku"] in named:
                sku["Status"] = "inactive"
        if all(s["Status"] == "inactive" for s in product["skus"]):
            product["status"] = "InActive"
        product["updated_ms"] = ms(self.now())
        return {"code": "0"}
