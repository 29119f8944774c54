"""The Lazada fake's SellerSku and SkuId indexes (coopsync.sandbox.sku_index), kept current.

Every path that adds a product or a SKU to one (create, seed, UpdateProduct's new SKUs, a
replaced store) calls `sku_touched` or `build_indexes`. Lazada refuses a SellerSku twice and a
SellerSku cannot change; where a seeded shop holds one twice anyway, the last product holding
it answers, as the old `{SellerSku: ...}` dict over every product did.
"""

from __future__ import annotations

from typing import Any

from coopsync.sandbox.sku_index import SkuIndex

Found = tuple[dict[str, Any], dict[str, Any]]


class SkuLookup:
    """Mixed into LazadaFake: SellerSku and SkuId -> (product, its SKU entry)."""

    products: dict[str, dict[str, Any]]

    def build_indexes(self) -> None:
        """The indexes from the products: at start, after load_state, or after edits by hand."""
        self._seller_skus: SkuIndex[str] = SkuIndex()
        self._sku_ids: SkuIndex[str] = SkuIndex()
        for key, product in self.products.items():
            self._index(key, product)

    def sku_touched(self, product: dict[str, Any]) -> None:
        """A product was added or SKUs were added to it."""
        self._index(str(product["item_id"]), product)

    def _index(self, key: str, product: dict[str, Any]) -> None:
        self._seller_skus.put(key, [sku["SellerSku"] for sku in product["skus"]])
        self._sku_ids.put(key, [str(sku["SkuId"]) for sku in product["skus"]])

    def reindex(self) -> None:
        self.build_indexes()

    def verify_indexes(self) -> None:
        seller_skus, sku_ids = self._seller_skus, self._sku_ids
        self.build_indexes()
        problems = seller_skus.differences(self._seller_skus) + sku_ids.differences(self._sku_ids)
        assert not problems, f"the Lazada fake's SKU indexes went stale: {problems}"

    def _last(self, index: SkuIndex[str], field: str, value: str) -> Found | None:
        owners = index.owners(value)
        if not owners:
            return None
        product = self.products[owners[-1]]
        for sku in reversed(product["skus"]):
            if str(sku[field]) == value:
                return product, sku
        return None

    def _sku_lookup(self, seller_sku: str) -> Found | None:
        """(product, SKU entry) holding a SellerSku, or None."""
        return self._last(self._seller_skus, "SellerSku", seller_sku)

    def _sku_entry(self, seller_sku: str) -> Found:
        """(product, SKU entry) holding a SellerSku; KeyError when no product holds it."""
        found = self._sku_lookup(seller_sku)
        if found is None:
            raise KeyError(seller_sku)
        return found

    def _by_sku_id(self, sku_id: str) -> Found | None:
        """(product, SKU entry) of a SkuId, or None."""
        return self._last(self._sku_ids, "SkuId", sku_id)
