"""Catalog changes on a live TikTok Shop product: new SKUs, renamed seller SKUs, deactivate
and activate (Partner API 202309).

- add_variants and rename_skus: Get Product, then Partial Edit Product
  (`POST /product/202309/products/{id}/partial_edit`) with the whole `skus` list: existing SKUs
  with their `id` (kept), new ones without (created with price and inventory).
- unlist / relist: `POST /product/202309/products/deactivate` and `.../activate`
  (`product_ids`, at most 20); refusals come back in `data.errors[]` with code 0.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from dataclasses import replace
from typing import Any, TypeVar
from urllib.parse import quote

from coopsync.adapters import ListingDraft, ListingRules, ListingStatus, RemoteListing
from coopsync.errors import AdapterError, Fatal, Rejected
from coopsync.http import create_at_most_once
from coopsync_adapters.tiktok.client import VERSION, TikTokClient
from coopsync_adapters.tiktok.skus import grown_skus, renamed_skus

T = TypeVar("T")


class TikTokCatalogChanges:
    """Mixed into TikTokAdapter (which supplies the client, channel, rules and helpers)."""

    client: TikTokClient
    channel: str
    rules: ListingRules

    async def _mapped(self, call: Awaitable[T]) -> T:
        raise NotImplementedError

    def _listing(self, product: dict[str, Any]) -> RemoteListing:
        raise NotImplementedError

    async def _product_now(self, remote: RemoteListing) -> dict[str, Any]:
        return await self._mapped(self.client.get_product(remote.remote_id))

    async def _edit_skus(
        self, product_id: str, skus: list[dict[str, Any]], what: str, *, once: bool = False
    ) -> dict[str, Any]:
        path = f"/product/{VERSION}/products/{quote(product_id, safe='')}/partial_edit"
        return await self._mapped(
            self.client.call(
                "POST", path, what=what, body={"skus": skus}, attempts=1 if once else None
            )
        )

    # ---- new variants ------------------------------------------------------------------------
    async def add_variants(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        """Every variant of `draft` on the product; existing SKUs keep their ids, price and
        stock, new ones get theirs in the same call."""
        warehouse = self.client.settings.warehouse_id
        if not warehouse:
            raise Fatal(
                "TikTok Shop needs the warehouse that ships new SKUs",
                channel=self.channel,
                hint="set warehouse_id on this channel (Seller Center: Settings > Warehouses)",
            )
        product = await self._product_now(remote)
        try:
            grown = grown_skus(product, draft, warehouse, self.rules)
        except Rejected as exc:
            exc.channel = self.channel
            raise
        if grown is None:
            return self._listing(product)
        skus, new = grown
        what = f"add variants to {draft.product_id}"

        async def send_once() -> dict[str, Any]:
            return await self._edit_skus(remote.remote_id, skus, what, once=True)

        async def already_made() -> dict[str, Any] | None:
            # SKUs sent without an id are created again by a second edit: look first.
            now = await self._product_now(remote)
            have = {str(s.get("seller_sku")) for s in now.get("skus") or [] if isinstance(s, dict)}
            return now if set(new) <= have else None

        await create_at_most_once(
            send_once,
            already_made,
            attempts=self.client.http.retry.attempts,
            sleep=self.client.http.sleep,
        )
        return self._listing(await self._product_now(remote))

    # ---- renamed SKUs ------------------------------------------------------------------------
    async def rename_skus(self, remote: RemoteListing, renames: Mapping[str, str]) -> RemoteListing:
        """New seller SKUs on the same SKU ids (every SKU is sent with its id: none is lost)."""
        product = await self._product_now(remote)
        try:
            skus = renamed_skus(product, renames)
        except Rejected as exc:
            exc.channel = self.channel
            raise
        await self._edit_skus(remote.remote_id, skus, f"rename SKUs of {remote.remote_id}")
        return self._listing(await self._product_now(remote))

    # ---- deactivate and activate -------------------------------------------------------------
    async def unlist(self, remote: RemoteListing) -> RemoteListing:
        """Deactivate Products: buyers no longer see it; ids, SKUs and stock stay."""
        await self._status(remote, "deactivate")
        return replace(remote, status=ListingStatus.INACTIVE)

    async def relist(self, remote: RemoteListing) -> RemoteListing:
        """Activate Product: buyers see it again."""
        await self._status(remote, "activate")
        return replace(remote, status=ListingStatus.ACTIVE)

    async def _status(self, remote: RemoteListing, verb: str) -> None:
        data = await self._mapped(
            self.client.call(
                "POST",
                f"/product/{VERSION}/products/{verb}",
                what=f"{verb} product {remote.remote_id}",
                body={"product_ids": [remote.remote_id]},
            )
        )
        errors = data.get("errors") or []
        for error in errors if isinstance(errors, list) else []:
            if isinstance(error, dict):
                code = error.get("code")
                exc: AdapterError = Rejected(
                    f"TikTok Shop did not {verb} product {remote.remote_id}: "
                    f"{error.get('message') or 'no reason given'}",
                    channel=self.channel,
                    platform_code=str(code) if code is not None else None,
                    sku=remote.skus[0].sku if remote.skus else None,
                    hint="see the product's status in Seller Center (a product under review or "
                    "frozen by the platform cannot be changed)",
                )
                raise exc
