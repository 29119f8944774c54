"""Catalog changes on a live Lazada product: new SKUs, deactivate and activate.

- add_variants: the product as Lazada has it (GetProductItem, `/product/item/get`), then
  `/product/update` with the variations and the new SKUs (no `SkuId`: created with price,
  quantity and package); existing SKUs keep their SkuId.
- unlist: `/product/deactivate` (`apiRequestBody`: the ItemId and its SellerSkus as Lazada has
  them, read first).
- relist: `/product/update` setting every SKU's `Status` to active (SkuIds read first).
A SellerSku cannot change on Lazada ("SellerSku immutable"), so there is no rename here: the
engine keeps the old SellerSku on Lazada, mapped to the new catalog SKU.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from xml.sax.saxutils import escape

from coopsync.adapters import ListingDraft, ListingRules, ListingStatus, RemoteListing
from coopsync.errors import Fatal, Rejected
from coopsync_adapters.lazada.client import LazadaClient, data_of, json_param
from coopsync_adapters.lazada.variations import grown_payload


class LazadaCatalogChanges:
    """Mixed into LazadaAdapter (which supplies the client, channel, rules and `_listing`)."""

    client: LazadaClient
    channel: str
    rules: ListingRules

    def _listing(self, product: Any, what: str) -> RemoteListing:
        raise NotImplementedError

    async def _raw_product(self, item_id: str) -> dict[str, Any] | None:
        """GetProductItem (`/product/item/get`, by `item_id`): the product as Lazada has it,
        with its variation and every SKU's SkuId, SellerSku, saleProp and Status."""
        what = f"read Lazada product {item_id}"
        try:
            body = await self.client.call(
                "GET", "/product/item/get", {"item_id": item_id}, what=what, item_level=True
            )
        except Rejected:
            return None  # not in this shop (deleted)
        data = data_of(body, channel=self.channel, what=what)
        return data if isinstance(data, dict) and str(data.get("item_id")) == item_id else None

    async def _product_or_fail(self, remote: RemoteListing) -> dict[str, Any]:
        product = await self._raw_product(remote.remote_id)
        if product is None:
            raise Rejected(
                f"Lazada product {remote.remote_id} was not found",
                channel=self.channel,
                hint="it may have been deleted in Seller Center; the next sync lists it again",
            )
        return product

    async def add_variants(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        """New SKUs (price, stock, package, options) on the product; existing ones keep ids."""
        product = await self._product_or_fail(remote)
        try:
            grown = grown_payload(product, draft, self.rules)
        except Rejected as exc:
            exc.channel = self.channel
            raise
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
                after = await self._raw_product(remote.remote_id)
                have = {str(s.get("SellerSku")) for s in (after or {}).get("skus") or []}
                if not {v.sku for v in draft.variants} <= have:
                    raise
        after = await self._raw_product(remote.remote_id)
        if after is None:
            raise Fatal(f"{what}: the product cannot be read back", channel=self.channel)
        return self._listing(after, what)

    async def unlist(self, remote: RemoteListing) -> RemoteListing:
        """DeactivateProduct: buyers no longer see it; SKUs, SkuIds and stock stay. The SKUs are
        named as Lazada has them (a SellerSku the catalog renamed stays the old one there)."""
        product = await self._product_or_fail(remote)
        names = [str(s.get("SellerSku")) for s in product.get("skus") or [] if isinstance(s, dict)]
        skus = "".join(f"<SellerSku>{escape(name)}</SellerSku>" for name in names)
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
        product = await self._product_or_fail(remote)
        skus = [
            {"SkuId": str(s.get("SkuId")), "SellerSku": str(s.get("SellerSku")), "Status": "active"}
            for s in product.get("skus") or []
            if isinstance(s, dict)
        ]
        payload = {"Request": {"Product": {"ItemId": remote.remote_id, "Skus": {"Sku": skus}}}}
        await self.client.call(
            "POST",
            "/product/update",
            {"payload": json_param(payload)},
            what=f"activate Lazada product {remote.remote_id}",
            item_level=True,
        )
        return replace(remote, status=ListingStatus.ACTIVE)
