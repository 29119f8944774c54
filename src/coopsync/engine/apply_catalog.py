"""Catalog changes on one channel (engine/catalog_changes.py plans them): SKUs renamed in
place, variants added to a live listing, a listing taken down and brought back; each only where
the adapter declares it can.
"""

from __future__ import annotations

from coopsync.adapters import (
    AddsVariants,
    Capability,
    Outcome,
    RemoteListing,
    RenamesSkus,
    UnlistsListings,
)
from coopsync.engine.actions import AddVariants, Relist, RenameSkus, Unlist
from coopsync.engine.apply_writes import ChannelWrites
from coopsync.engine.drafts import content_hash
from coopsync.engine.retirement import forget_retire_now
from coopsync.errors import Rejected

UNLISTED = "unlisted:"  # channel memory: remote id -> when coopsync took the listing down


class CatalogChanges(ChannelWrites):
    """A channel's catalog-change steps; `apply.py` runs them before stock and prices (a stock
    push may name a renamed SKU)."""

    def _able(self, capability: Capability, feature: type) -> bool:
        return bool(self.adapter.capabilities & capability) and isinstance(self.adapter, feature)

    async def _rename(self, rename: RenameSkus) -> None:
        """The channel's old seller SKUs become the catalog's; the remote ids stay."""
        if not self._able(Capability.SKU_RENAME, RenamesSkus):
            return
        renamer: RenamesSkus = self.adapter  # type: ignore[assignment]
        first = next(iter(rename.renames.values()))
        try:
            listing = await renamer.rename_skus(rename.remote, rename.renames)
        except Rejected as exc:
            for new in rename.renames.values():
                self._fail("rename", new, rename.remote.remote_id, Outcome.REJECTED, exc.message)
            return
        self._landed("rename", first)
        self._wrote(listing.remote_id, listing)
        remote_skus = listing.sku_map()
        for old, new in rename.renames.items():
            remote_sku = remote_skus.get(new)
            if remote_sku is None:
                self._fail(
                    "rename",
                    new,
                    listing.remote_id,
                    Outcome.REJECTED,
                    f"the channel still shows {old} instead of {new}",
                )
                continue
            self.renamed[old] = new
            self.outcome.renamed += 1
            self._journal("rename", new, f"{old} -> {new}", Outcome.OK)

    async def _add_variants(self, addition: AddVariants) -> None:
        """New variants join the live listing with their price and stock."""
        if not self._able(Capability.VARIANT_ADD, AddsVariants):
            return
        adder: AddsVariants = self.adapter  # type: ignore[assignment]
        first = addition.new_skus[0]
        try:
            listing = await adder.add_variants(addition.remote, addition.draft)
        except Rejected as exc:
            hint = exc.hint or "change the product in the catalog, or add the variant in the "
            "seller centre; the next sync finds it by SKU"
            for sku in addition.new_skus:
                self._fail(
                    "add_variant", sku, addition.product_id, Outcome.REJECTED, exc.message, hint
                )
            return
        self._landed("add_variant", first)
        self._wrote(listing.remote_id, listing)
        at = self.clock()
        fingerprint = content_hash(addition.draft)
        remote_skus = listing.sku_map()
        wanted = {v.sku: v for v in addition.draft.variants}
        for sku, variant in wanted.items():
            remote_sku = remote_skus.get(sku)
            if remote_sku is None:
                continue
            known = self.store.get_listing(self.name, sku)
            if sku in addition.new_skus or known is None:
                self._link(
                    sku, listing.remote_id, remote_sku.remote_sku_id, listing.url, fingerprint
                )
                self.store.record_stock_pushed(self.name, sku, variant.stock, at)
                self.store.record_price_pushed(self.name, sku, variant.price, at)
            else:
                # Its listing now holds what the draft says (an existing variant may have a new
                # id, after a new option dimension on some platforms).
                self._link(sku, listing.remote_id, remote_sku.remote_sku_id, known.url, fingerprint)
        for sku in addition.new_skus:
            if sku in remote_skus:
                self.outcome.variants_added += 1
                self._journal("add_variant", sku, listing.remote_id, Outcome.OK)
            else:
                self._fail(
                    "add_variant",
                    sku,
                    listing.remote_id,
                    Outcome.REJECTED,
                    f"the channel added the variants of {addition.product_id} without {sku}",
                )

    async def _unlist(self, unlist: Unlist) -> None:
        """A retired product's listing goes down, the platform's reversible way."""
        listing = await self._take_down_or_up("retire", unlist)
        if listing is None:
            return
        self.store.set_value(self.name, UNLISTED + listing.remote_id, self.clock().isoformat())
        self._wrote(listing.remote_id, listing)
        self.outcome.retired += len(unlist.skus)
        self._journal("retire", unlist.skus[0], listing.remote_id, Outcome.OK)

    async def _relist(self, relist: Relist) -> None:
        """A product brought back: its listing sells again."""
        listing = await self._take_down_or_up("relist", relist)
        if listing is None:
            return
        self.store.set_value(self.name, UNLISTED + listing.remote_id, "")
        forget_retire_now(self.store, relist.skus)
        self._wrote(listing.remote_id, listing)
        self.outcome.relisted += len(relist.skus)
        self._journal("relist", relist.skus[0], listing.remote_id, Outcome.OK)

    async def _take_down_or_up(self, action: str, change: Unlist | Relist) -> RemoteListing | None:
        """Unlist ("retire") or relist `change`'s listing; None when the channel cannot or
        refused (said and recorded)."""
        if not self._able(Capability.LISTING_UNLIST, UnlistsListings):
            return None
        unlister: UnlistsListings = self.adapter  # type: ignore[assignment]
        move = unlister.unlist if action == "retire" else unlister.relist
        try:
            listing = await move(change.remote)
        except Rejected as exc:
            self._fail(action, change.skus[0], change.product_id, Outcome.REJECTED, exc.message)
            return None
        self._landed(action, change.product_id)
        return listing
