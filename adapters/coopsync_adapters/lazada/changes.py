"""Catalog changes on a live Lazada product: new SKUs, deactivate and activate.

- add_variants: the product as Lazada has it (`/products/get`, `sku_seller_list`), then
  `/product/update` with the variations and the new SKUs (no `SkuId`: created with price,
  quantity and package); existing SKUs keep their SkuId.
- unlist: `/product/deactivate` (`apiRequestBody`: the ItemId and its SellerSkus).
- relist: `/product/update` setting every SKU's `Status` to active.
A SellerSku cannot change on Lazada ("SellerSku immutable"), so there is no rename here: the
engine keeps the old SellerSku on Lazada, mapped to the new catalog SKU.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any
from xml.sax.saxutils import escape

from coopsync.adapters import ListingDraft, ListingRules, ListingStatus, RemoteListing
from coopsync.errors import Fatal, Rejected
from coopsync_adapters.lazada.client import LazadaClient, data_of, json_param
from coopsync_adapters.lazada.variations import grown_payload

PRODUCTS_LIMIT = 50


class LazadaCatalogChanges:
    """Mixed into LazadaAdapter (which supplies the client, channel, rules and `_listing`)."""

    client: LazadaClient
    channel: str
    rules: ListingRules

    def _listing(self, product: Any, what: str) -> RemoteListing:
        raise NotImplementedError

    async def _raw_product(self, item_id: str, skus: Sequence[str]) -> dict[str, Any] | None:
        """The product as /products/get shows it (variation, SKUs with saleProp and SkuId)."""
        what = "read a product on Lazada"
        body = await self.client.call(
            "GET",
            "/products/get",
            {
                "filter": "all",
                "limit": str(PRODUCTS_LIMIT),
                "offset": "0",
                "sku_seller_list": json_param(list(skus)[:PRODUCTS_LIMIT]),
            },
            what=what,
        )
        data = data_of(body, channel=self.channel, what=what)
        products = data.get("products") if isinstance(data, dict) else None
        for product in products if isinstance(products, list) else []:
            if isinstance(product, dict) and str(product.get("item_id")) == item_id:
                return product
        return None

    async def _product_or_fail(self, remote: RemoteListing, skus: Sequence[str]) -> dict[str, Any]:
        product = await self._raw_product(remote.remote_id, skus)
        if product is None:
            raise Rejected(
                f"Lazada product {remote.remote_id} was not found",
                channel=self.channel,
                hint="it may have been deleted in Seller Center; the next sync lists it again",
            )
        return product

    async def add_variants(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        """New SKUs (price, stock, package, options) on the product; existing ones keep ids."""
        known = [s.sku for s in remote.skus] or [v.sku for v in draft.variants]
        product = await self._product_or_fail(remote, known)
        try:
            grown = grown_payload(product, draft, self.rules)
        except Rejected as exc:
            exc.channel = self.channel
            raise
        every = list(dict.fromkeys([*known, *(v.sku for v in draft.variants)]))
        what = f"add variants to {draft.product_id}"
        if grown is not None:
            payload, _ = grown
            try:
                await self.client.call(
                    "POST",
                    "/product/update",
                    {"payload": json_param(payload)},
                    what=what,
                    item_level=True,
                )
            except Rejected:
                # A retry after a lost answer is refused for the SellerSkus it already added.
                after = await self._raw_product(remote.remote_id, every)
                have = {str(s.get("SellerSku")) for s in (after or {}).get("skus") or []}
                if not {v.sku for v in draft.variants} <= have:
                    raise
        after = await self._raw_product(remote.remote_id, every)
        if after is None:
            raise Fatal(f"{what}: the product cannot be read back", channel=self.channel)
        return self._listing(after, what)

    async def unlist(self, remote: RemoteListing) -> RemoteListing:
        """DeactivateProduct: buyers no longer see it; SKUs, SkuIds and stock stay."""
        skus = "".join(f"<SellerSku>{escape(s.sku)}</SellerSku>" for s in remote.skus)
        body = (
            f"<Request><Product><ItemId>{escape(remote.remote_id)}</ItemId>"
            f"<Skus>{skus}</Skus></Product></Request>"
        )
        await self.client.call(
            "POST",
            "/product/deactivate",
            {"apiRequestBody": body},
            what=f"deactivate Lazada product {remote.remote_id}",
            item_level=True,
        )
        return replace(remote, status=ListingStatus.INACTIVE)

    async def relist(self, remote: RemoteListing) -> RemoteListing:
        """UpdateProduct with every SKU's Status active: buyers see it again."""
        payload = {
            "Request": {
                "Product": {
                    "ItemId": remote.remote_id,
                    "Skus": {
                        "Sku": [
                            {"SkuId": s.remote_sku_id, "SellerSku": s.sku, "Status": "active"}
                            for s in remote.skus
                        ]
                    },
                }
            }
        }
        await self.client.call(
            "POST",
            "/product/update",
            {"payload": json_param(payload)},
            what=f"activate Lazada product {remote.remote_id}",
            item_level=True,
        )
        return replace(remote, status=ListingStatus.ACTIVE)
