"""Conformance cases for catalog changes: new variants, a second option dimension, SKU
renames and unlist/relist (issue 25). `AdapterConformance` inherits them; each runs only for a
platform that declares the capability (VARIANT_ADD, SKU_RENAME, LISTING_UNLIST), so a platform
that cannot is skipped with a reason that names the missing capability, never failed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import cast

import pytest

from coopsync.adapters import (
    AddsVariants,
    Capability,
    DraftVariant,
    ListingDraft,
    ListingStatus,
    ListsChangedListings,
    RemoteListing,
    RenamesSkus,
    UnlistsListings,
)
from coopsync.errors import Rejected
from coopsync_adapters.testing.harness import Harness


async def collect_listings(h: Harness) -> list[RemoteListing]:
    return [listing async for listing in h.adapter.listings()]


class CatalogChangeConformance:
    """Catalog-change cases; `AdapterConformance` supplies `draft` and `need`."""

    @staticmethod
    def need(h: Harness, capability: Capability) -> None:
        missing = capability & ~h.adapter.capabilities
        if missing:
            pytest.skip(f"{h.adapter.platform} does not declare {missing.name}")

    def draft(
        self,
        sku: str,
        *,
        variants: int = 1,
        price: int = 25_000,
        stock: int = 10,
        title: str = "Kemeja Batik Tulis Motif Parang Lengan Panjang",
    ) -> ListingDraft:
        raise NotImplementedError  # AdapterConformance.draft

    def grown(self, draft: ListingDraft, variants: list[DraftVariant]) -> ListingDraft:
        """The same product selling these variants (a catalog change)."""
        return ListingDraft(
            product_id=draft.product_id,
            title=draft.title,
            description=draft.description,
            variants=tuple(variants),
            images=draft.images,
            category_id=draft.category_id,
            attributes=draft.attributes,
            weight_g=draft.weight_g,
            dimensions_cm=draft.dimensions_cm,
            extra=draft.extra,
        )

    # ---- catalog changes: new variants, a second dimension, SKU renames, unlist/relist -------
    async def test_add_variant_to_a_live_listing(self, harness: Harness) -> None:
        self.need(harness, Capability.LISTING_CREATE | Capability.VARIANTS | Capability.VARIANT_ADD)
        assert isinstance(harness.adapter, AddsVariants)
        before = self.draft("ADD", variants=2)  # ADD-S, ADD-M
        created = await harness.adapter.create_listing(before)
        ids = {s.sku: s.remote_sku_id for s in created.skus}
        new = DraftVariant(
            sku="ADD-L", price=29_500, stock=6, options={"Ukuran": "L"}, weight_g=300
        )
        after = await harness.adapter.add_variants(
            created, self.grown(before, [*before.variants, new])
        )
        assert after.remote_id == created.remote_id
        assert {s.sku for s in after.skus} == {"ADD-S", "ADD-M", "ADD-L"}
        kept = {s.sku: s.remote_sku_id for s in after.skus if s.sku in ids}
        assert kept == ids, "existing variants must keep their remote ids"
        view = harness.fake.sku_view("ADD-L")
        assert view is not None, "the new variant is not on the platform"
        assert (view.price, view.stock) == (29_500, 6)
        assert view.options.get("Ukuran") == "L"
        assert view.remote_id == created.remote_id
        for sku in ("ADD-S", "ADD-M"):
            old = harness.fake.sku_view(sku)
            assert old is not None and old.remote_sku_id == ids[sku]
        found = await harness.adapter.find_by_sku(["ADD-L", "ADD-S"])
        assert {listing.remote_id for listing in found.values()} == {created.remote_id}

    async def test_add_a_second_option_dimension(self, harness: Harness) -> None:
        self.need(harness, Capability.LISTING_CREATE | Capability.VARIANTS | Capability.VARIANT_ADD)
        if harness.adapter.rules.variant_tiers_max < 2:
            pytest.skip(f"{harness.adapter.platform} allows one option dimension")
        assert isinstance(harness.adapter, AddsVariants)
        before = self.draft("DIM", variants=2)  # DIM-S, DIM-M by Ukuran
        created = await harness.adapter.create_listing(before)
        grid = [
            DraftVariant(
                sku=f"DIM-{size}" if colour == "Merah" else f"DIM-{size}-{colour[:3].upper()}",
                price=25_000 + (2_000 if colour == "Biru" else 0),
                stock=4,
                options={"Ukuran": size, "Warna": colour},
                weight_g=300,
            )
            for colour in ("Merah", "Biru")
            for size in ("S", "M")
        ]
        after = await harness.adapter.add_variants(created, self.grown(before, grid))
        assert after.remote_id == created.remote_id
        assert {s.sku for s in after.skus} == {v.sku for v in grid}
        for variant in grid:
            view = harness.fake.sku_view(variant.sku)
            assert view is not None, f"{variant.sku} is not on the platform"
            assert view.remote_id == created.remote_id
            assert view.options == dict(variant.options), variant.sku
        for sku in ("DIM-S-BIR", "DIM-M-BIR"):
            view = harness.fake.sku_view(sku)
            assert view is not None and (view.price, view.stock) == (27_000, 4)
        returned = {s.sku: s.remote_sku_id for s in after.skus}
        for sku, remote_sku_id in returned.items():
            view = harness.fake.sku_view(sku)
            assert view is not None and view.remote_sku_id == remote_sku_id

    @pytest.mark.parametrize("limit", ["variants_max", "variant_tiers_max"])
    async def test_add_variants_past_a_limit_is_rejected_and_changes_nothing(
        self, harness: Harness, limit: str
    ) -> None:
        self.need(harness, Capability.LISTING_CREATE | Capability.VARIANTS | Capability.VARIANT_ADD)
        assert isinstance(harness.adapter, AddsVariants)
        rules = harness.adapter.rules
        before = self.draft("LIM", variants=2)
        created = await harness.adapter.create_listing(before)
        extra: list[DraftVariant]
        if limit == "variants_max":
            extra = [
                DraftVariant(sku=f"LIM-N{i}", price=25_000, stock=1, options={"Ukuran": f"N{i}"})
                for i in range(rules.variants_max - 1)
            ]
            variants = [*before.variants, *extra]
        else:
            names = [f"Opsi{i}" for i in range(rules.variant_tiers_max)]
            variants = [
                DraftVariant(
                    sku=v.sku,
                    price=v.price,
                    stock=v.stock,
                    options={**v.options, **{n: "A" for n in names}},
                )
                for v in before.variants
            ]
            extra = [
                DraftVariant(
                    sku="LIM-X",
                    price=25_000,
                    stock=1,
                    options={"Ukuran": "X", **{n: "B" for n in names}},
                )
            ]
            variants.append(extra[0])
        with pytest.raises(Rejected) as caught:
            await harness.adapter.add_variants(created, self.grown(before, variants))
        assert str(caught.value), "a refusal must say what to do"
        assert all(harness.fake.sku_view(v.sku) is None for v in extra), "a partial change"
        for variant in before.variants:
            view = harness.fake.sku_view(variant.sku)
            assert view is not None and view.options == dict(variant.options)

    @pytest.mark.parametrize("variants", [1, 2], ids=["single", "variant"])
    async def test_rename_sku_in_place(self, harness: Harness, variants: int) -> None:
        self.need(harness, Capability.LISTING_CREATE | Capability.SKU_RENAME)
        if variants > 1:
            self.need(harness, Capability.VARIANTS)
        assert isinstance(harness.adapter, RenamesSkus)
        created = await harness.adapter.create_listing(self.draft("REN", variants=variants))
        old = created.skus[0]
        new_sku = f"{old.sku}-BARU"
        after = await harness.adapter.rename_skus(created, {old.sku: new_sku})
        assert after.remote_id == created.remote_id
        renamed = after.sku_map().get(new_sku)
        assert renamed is not None and renamed.remote_sku_id == old.remote_sku_id
        assert old.sku not in after.sku_map()
        assert harness.fake.sku_view(old.sku) is None, "the old SKU still sells"
        view = harness.fake.sku_view(new_sku)
        assert view is not None
        assert (view.remote_id, view.remote_sku_id) == (created.remote_id, old.remote_sku_id)
        assert (view.price, view.stock) == (old.price, old.stock)
        found = await harness.adapter.find_by_sku([new_sku, old.sku])
        assert set(found) == {new_sku}
        assert found[new_sku].remote_id == created.remote_id

    async def test_a_renamed_skus_old_name_is_free_for_a_new_listing(
        self, harness: Harness
    ) -> None:
        """The fake's SKU index follows the rename: the old SKU is free, the new one found."""
        self.need(harness, Capability.LISTING_CREATE | Capability.SKU_RENAME)
        assert isinstance(harness.adapter, RenamesSkus)
        created = await harness.adapter.create_listing(self.draft("IDX-1"))
        await harness.adapter.rename_skus(created, {"IDX-1": "IDX-1-BARU"})
        assert harness.fake.sku_view("IDX-1") is None
        other = replace(self.draft("IDX-1", price=31_000), product_id="IDX-LAIN")
        again = await harness.adapter.create_listing(other)
        assert again.remote_id != created.remote_id
        old_name = harness.fake.sku_view("IDX-1")
        assert old_name is not None
        assert (old_name.remote_id, old_name.price) == (again.remote_id, 31_000)
        new_name = harness.fake.sku_view("IDX-1-BARU")
        assert new_name is not None and new_name.remote_id == created.remote_id
        found = await harness.adapter.find_by_sku(["IDX-1", "IDX-1-BARU"])
        assert found["IDX-1"].remote_id == again.remote_id
        assert found["IDX-1-BARU"].remote_id == created.remote_id

    async def test_unlist_then_relist(self, harness: Harness) -> None:
        self.need(harness, Capability.LISTING_CREATE | Capability.LISTING_UNLIST)
        assert isinstance(harness.adapter, UnlistsListings)
        created = await harness.adapter.create_listing(self.draft("UNL-1", stock=3))
        down = await harness.adapter.unlist(created)
        assert down.remote_id == created.remote_id
        assert down.status is ListingStatus.INACTIVE
        view = harness.fake.sku_view("UNL-1")
        assert view is not None and not view.active, "buyers still see the listing"
        assert view.stock == 3
        # An unlisted listing is still the shop's: found by SKU (never created twice) and listed.
        found = await harness.adapter.find_by_sku(["UNL-1"])
        assert found["UNL-1"].remote_id == created.remote_id
        listed = {x.remote_id: x for x in await collect_listings(harness)}
        assert listed[created.remote_id].status is ListingStatus.INACTIVE
        up = await harness.adapter.relist(down)
        assert up.status is ListingStatus.ACTIVE
        view = harness.fake.sku_view("UNL-1")
        assert view is not None and view.active and view.stock == 3
        assert view.remote_id == created.remote_id

    async def test_an_unlisted_listing_shows_in_an_incremental_read(self, harness: Harness) -> None:
        self.need(
            harness,
            Capability.LISTING_CREATE | Capability.LISTING_UNLIST | Capability.LISTINGS_SINCE,
        )
        assert isinstance(harness.adapter, UnlistsListings)
        lister = cast(ListsChangedListings, harness.adapter)
        created = await harness.adapter.create_listing(self.draft("UNL-2"))
        harness.clock.advance(timedelta(hours=1))
        mark = harness.clock()
        harness.clock.advance(timedelta(minutes=5))
        await harness.adapter.unlist(created)
        # Taking a listing down is a change: a sync that reads only what changed sees it go.
        seen = [x async for x in lister.listings_since(mark, {})]
        assert [(x.remote_id, x.status) for x in seen] == [
            (created.remote_id, ListingStatus.INACTIVE)
        ]
