"""The TikTok fake's seller-SKU index (coopsync.sandbox.sku_index), kept on every change.

Every path that adds a product or changes its SKU list (create, seed, an edit of its SKUs, a
replaced store) calls `sku_touched` or `build_indexes`; a status change needs nothing, since
lookups skip DELETED products as the old scan did.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from coopsync.sandbox.sku_index import SkuIndex


class SkuLookup:
    """Mixed into TikTokFake: seller SKU -> products, in the order the fake stores them."""

    products: dict[str, dict[str, Any]]

    def build_indexes(self) -> None:
        """The index from the products: at start, after load_state, or after edits by hand."""
        self._skus: SkuIndex[str] = SkuIndex()
        for key, product in self.products.items():
            self._skus.put(key, [entry["seller_sku"] for entry in product["skus"]])

    def sku_touched(self, product: dict[str, Any]) -> None:
        """A product was added or its SKU list changed."""
        self._skus.put(product["id"], [entry["seller_sku"] for entry in product["skus"]])

    def reindex(self) -> None:
        self.build_indexes()

    def verify_indexes(self) -> None:
        kept = self._skus
        self.build_indexes()
        problems = kept.differences(self._skus)
        assert not problems, f"the TikTok fake's SKU index went stale: {problems}"

    def find_sku(self, sku: str) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """The first live (not DELETED) product's SKU entry."""
        for key in self._skus.owners(sku):
            product = self.products[key]
            if product["status"] == "DELETED":
                continue
            for entry in product["skus"]:
                if entry["seller_sku"] == sku:
                    return product, entry
        return None

    def holding_any(self, skus: Iterable[Any]) -> list[dict[str, Any]]:
        """The products (any status) holding one of `skus`, in no particular order."""
        keys = {key for sku in skus if isinstance(sku, str) for key in self._skus.owners(sku)}
        return [self.products[key] for key in keys]
