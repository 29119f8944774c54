"""The batik shirt the catalog-change adapter tests grow, rename and take down: its drafts (the
product as the catalog wants it on a channel) and the listing a platform holds of it."""

from __future__ import annotations

from coopsync.adapters import (
    DraftVariant,
    ImageRef,
    ListingDraft,
    ListingStatus,
    RemoteListing,
    RemoteSku,
)

TITLE = "Kemeja Batik Tulis Motif Parang Lengan Panjang"


def variant(sku: str, size: str, price: int = 25_000, stock: int = 5, **more: str) -> DraftVariant:
    """One size of the shirt; `more` adds option values (`Warna="Merah"`)."""
    return DraftVariant(
        sku=sku, price=price, stock=stock, options={"Ukuran": size, **more}, weight_g=300
    )


def shirt(
    *variants: DraftVariant, category: str, dimensions_cm: tuple[int, int, int] | None = None
) -> ListingDraft:
    """The shirt selling these variants, in the platform's `category`."""
    return ListingDraft(
        product_id="KMJ",
        title=TITLE,
        description="Batik tulis.",
        variants=variants,
        images=(ImageRef("batik.png"),),
        category_id=category,
        weight_g=300,
        dimensions_cm=dimensions_cm,
    )


def listed(remote_id: str) -> RemoteListing:
    """The shirt as the platform lists it: sizes S and M (remote SKU ids 11, 12), 5 each."""
    return RemoteListing(
        remote_id,
        "Kemeja",
        ListingStatus.ACTIVE,
        (RemoteSku("KMJ-S", "11", 25_000, 5), RemoteSku("KMJ-M", "12", 25_000, 5)),
    )
