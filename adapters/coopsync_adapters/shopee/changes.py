"""Catalog changes on a live Shopee item: new variants, renamed SKUs, unlist and relist.

- add_variants: `product/update_tier_variation` + `product/add_model` (same tiers), or
  `product/init_tier_variation` (another tier structure; Shopee recreates the models).
- rename_skus: `product/update_model` (`model_sku`, model ids stay); an item without models
  has its SKU on the item: `product/update_item` (`item_sku`).
- unlist / relist: `product/unlist_item` (`item_list[{item_id, unlist}]`), reversible.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from coopsync.adapters import ListingDraft, ListingStatus, RemoteListing
from coopsync.errors import Fatal, Rejected
from coopsync_adapters.shopee import mapping
from coopsync_adapters.shopee.client import ShopeeClient
from coopsync_adapters.shopee.variants import Growth, current_models, plan_growth

log = logging.getLogger("coopsync.shopee")

UPDATE_MODEL_BATCH = 50  # update_model: "Length should be between 1 to 50"


class ShopeeCatalogChanges:
    """Mixed into ShopeeAdapter (which supplies the client, channel and `_load`)."""

    client: ShopeeClient
    channel: str
    shop_id: str
    location: str | None

    async def _load(self, item_ids: Sequence[int]) -> list[RemoteListing]:
        raise NotImplementedError

    async def _item_now(self, item_id: int) -> tuple[dict[str, Any], dict[str, Any] | None]:
        """(base info, get_model_list answer or None) of one item, read fresh."""
        info = await self.client.get(
            "product/get_item_base_info", [("item_id_list", str(item_id))], what="read the item"
        )
        bases = mapping.records(info, "item_list", "get_item_base_info", required=True)
        if not bases:
            raise Rejected(
                f"Shopee item {item_id} no longer exists",
                channel=self.channel,
                hint="it was deleted in Seller Centre; the next sync lists the product again",
            )
        base = bases[0]
        if not base.get("has_model"):
            return base, None
        models = await self.client.get(
            "product/get_model_list", [("item_id", item_id)], what=f"read models of {item_id}"
        )
        return base, models

    async def _reread(self, item_id: int) -> RemoteListing:
        loaded = await self._load([item_id])
        if not loaded:
            raise Fatal(f"Shopee item {item_id} cannot be read back", channel=self.channel)
        return loaded[0]

    # ---- new variants ------------------------------------------------------------------------
    async def add_variants(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        """Make the item sell every variant of `draft`; new models get price and stock now."""
        item_id = int(remote.remote_id)
        base, models_answer = await self._item_now(item_id)
        tiers, models = current_models(models_answer)
        item_sku = "" if models_answer else str(base.get("item_sku") or "")
        try:
            growth = plan_growth(item_id, tiers, models, draft, self.location, item_sku)
        except Rejected as exc:
            exc.channel = self.channel
            raise
        if growth.empty:  # already selling every variant: what was just read is the answer
            return mapping.remote_listing(base, models_answer, self.shop_id, self.location)
        try:
            await self._grow(growth, draft)
        except Rejected:
            # A retry after a lost answer finds the models already made: that is success.
            after = await self._reread(item_id)
            if {v.sku for v in draft.variants} <= set(after.sku_map()):
                return after
            raise
        return await self._reread(item_id)

    async def _grow(self, growth: Growth, draft: ListingDraft) -> None:
        what = f"add variants to {draft.product_id}"
        if growth.init_tiers is not None:
            log.info(
                "[%s] %s: new option names; Shopee recreates its variants (new model ids)",
                self.channel,
                draft.product_id,
            )
            await self.client.post(
                "product/init_tier_variation", growth.init_tiers, what=what, item_level=True
            )
            return
        if growth.update_tiers is not None:
            await self.client.post(
                "product/update_tier_variation", growth.update_tiers, what=what, item_level=True
            )
        if growth.add_models is not None:
            await self.client.post(
                "product/add_model", growth.add_models, what=what, item_level=True
            )

    # ---- renamed SKUs ------------------------------------------------------------------------
    async def rename_skus(self, remote: RemoteListing, renames: Mapping[str, str]) -> RemoteListing:
        """New seller SKUs on the same model ids (update_model), or the item SKU (update_item).

        The item is read first: its models are matched by the seller SKU Shopee shows now, so a
        rename already done (a rerun) sends nothing."""
        item_id = int(remote.remote_id)
        base, models_answer = await self._item_now(item_id)
        _, models = current_models(models_answer)
        what = f"rename SKUs of Shopee item {item_id}"
        if not models_answer:
            new = renames.get(str(base.get("item_sku") or ""))
            if new is not None:
                await self.client.post(
                    "product/update_item",
                    {"item_id": item_id, "item_sku": new},
                    what=what,
                    item_level=True,
                )
        targets = [(m.model_id, renames[m.sku]) for m in models if m.sku in renames]
        for start in range(0, len(targets), UPDATE_MODEL_BATCH):
            chunk = targets[start : start + UPDATE_MODEL_BATCH]
            await self.client.post(
                "product/update_model",
                {
                    "item_id": item_id,
                    "model": [{"model_id": model_id, "model_sku": new} for model_id, new in chunk],
                },
                what=what,
                item_level=True,
            )
        return await self._reread(item_id)

    # ---- unlist and relist -------------------------------------------------------------------
    async def unlist(self, remote: RemoteListing) -> RemoteListing:
        """unlist_item with `unlist: true`: buyers no longer see it; ids and stock stay."""
        await self._unlist(remote, unlist=True)
        return replace(remote, status=ListingStatus.INACTIVE)

    async def relist(self, remote: RemoteListing) -> RemoteListing:
        """unlist_item with `unlist: false`: buyers see it again."""
        await self._unlist(remote, unlist=False)
        return replace(remote, status=ListingStatus.ACTIVE)

    async def _unlist(self, remote: RemoteListing, *, unlist: bool) -> None:
        verb = "unlist" if unlist else "relist"
        answer = await self.client.post(
            "product/unlist_item",
            {"item_list": [{"item_id": int(remote.remote_id), "unlist": unlist}]},
            what=f"{verb} Shopee item {remote.remote_id}",
            item_level=True,
        )
        for failure in mapping.records(answer, "failure_list", "unlist_item"):
            raise Rejected(
                f"Shopee did not {verb} item {remote.remote_id}: "
                f"{failure.get('failed_reason') or 'no reason given'}",
                channel=self.channel,
                sku=remote.skus[0].sku if remote.skus else None,
                hint="a banned or reviewing item cannot be listed; see Seller Centre",
            )
