"""Planning catalog changes on a live channel: new variants join their listing, renamed SKUs
change in place (or stay mapped where the platform cannot), retired products are taken down
once sold out (or at once) and brought back when they return.

Pure: the planner calls these with what it knows of one product on one channel; they add
actions and warnings to the channel's plan (engine/actions.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from coopsync.adapters import Capability, ListingStatus, RemoteListing, RemoteSku
from coopsync.catalog import Catalog, Product, Variant, title_for
from coopsync.engine.actions import (
    AddVariants,
    ChannelPlan,
    PlanWarning,
    Relist,
    RenameSkus,
    Unlist,
    WarningKind,
)
from coopsync.engine.drafts import build_draft
from coopsync.engine.plan_inputs import ChannelInput, Pushed, Seen


def resolve(renames: Mapping[str, str], sku: str) -> str:
    """The catalog SKU an old SKU became, following renames of renames."""
    seen = {sku}
    while sku in renames and renames[sku] not in seen:
        sku = renames[sku]
        seen.add(sku)
    return sku


def listing_of(
    remote_id: str,
    title: str,
    skus: Mapping[str, tuple[str, int | None, int | None]],
    status: ListingStatus = ListingStatus.ACTIVE,
) -> RemoteListing:
    """A listing as the state knows it (its listings were not read): sku -> (id, price, stock)."""
    return RemoteListing(
        remote_id,
        title,
        status,
        tuple(
            RemoteSku(sku, remote_sku_id, price or 0, stock or 0)
            for sku, (remote_sku_id, price, stock) in skus.items()
        ),
    )


def plan_renames(
    out: ChannelPlan,
    name: str,
    caps: Capability,
    listing: RemoteListing,
    old_names: Mapping[str, str],
) -> None:
    """`old_names`: catalog SKU -> the seller SKU the channel still shows for it."""
    if not old_names:
        return
    if caps & Capability.SKU_RENAME:
        out.renames.append(
            RenameSkus(name, listing, {old: new for new, old in sorted(old_names.items())})
        )
        return
    for new, old in sorted(old_names.items()):
        out.warnings.append(
            PlanWarning(
                WarningKind.SKU_KEPT,
                name,
                f"{new}: this platform cannot change a SKU; the listing keeps {old}, "
                f"which coopsync counts as {new}",
                sku=new,
                hint=f"leave {old} on the channel, or change it in the seller centre",
                code="sync.sku_kept",
                params={"sku": new, "old": old},
            )
        )


def plan_retire(
    out: ChannelPlan,
    name: str,
    caps: Capability,
    product: Product,
    listing: RemoteListing,
    skus: Sequence[str],
    targets: Mapping[str, int],
) -> None:
    """A retired product: its listing goes down once nothing is left to sell on it."""
    if listing.status is not ListingStatus.ACTIVE:
        return  # down already
    left = sum(targets.get(sku, 0) for sku in skus)
    first = skus[0]
    if left:
        out.warnings.append(
            PlanWarning(
                WarningKind.RETIRED,
                name,
                f"{product.product_id} is retired: {left} unit(s) left to sell; its listing "
                "is taken down once they are sold",
                sku=first,
                hint=f"`coopsync retire {first} --now` takes it down at once",
                code="sync.retire_after_sold",
                params={"product": product.product_id, "units": left, "sku": first},
            )
        )
        return
    if caps & Capability.LISTING_UNLIST:
        out.unlists.append(Unlist(name, product.product_id, listing, tuple(skus)))
        return
    out.warnings.append(
        PlanWarning(
            WarningKind.CANNOT_CHANGE,
            name,
            f"{product.product_id} is retired, but this channel cannot take a listing down: "
            "it is shown sold out",
            sku=first,
            hint="delete or hide the listing in the seller centre if it should disappear",
            code="sync.cannot_unlist",
            params={"product": product.product_id},
        )
    )


def plan_relist(
    out: ChannelPlan,
    name: str,
    caps: Capability,
    product: Product,
    listing: RemoteListing,
    skus: Sequence[str],
    unlisted: frozenset[str],
) -> None:
    """A product brought back whose listing coopsync took down: it sells again."""
    if listing.status is ListingStatus.ACTIVE or listing.remote_id not in unlisted:
        return
    if caps & Capability.LISTING_UNLIST:
        out.relists.append(Relist(name, product.product_id, listing, tuple(skus)))


def note_retired_variants(
    out: ChannelPlan,
    name: str,
    product: Product,
    variants: Sequence[Variant],
    targets: Mapping[str, int],
) -> None:
    """A retired variant in a listing that stays: shown with stock 0 (or selling its last units)."""
    for variant in variants:
        if not product.is_retired(variant):
            continue
        units = targets.get(variant.sku, 0)
        out.warnings.append(
            PlanWarning(
                WarningKind.RETIRED,
                name,
                f"{variant.sku} is retired: the listing stays for the other variants; "
                + (
                    "it is shown with stock 0"
                    if not units
                    else f"it sells its last {units} unit(s), then shows stock 0"
                ),
                sku=variant.sku,
                hint="platforms have no unlist for one variant; remove it in the seller centre "
                "if it should disappear",
                code="sync.retired_variant" if not units else "sync.retired_variant_selling",
                params={"sku": variant.sku, "units": units},
            )
        )


def plan_additions(
    out: ChannelPlan,
    name: str,
    caps: Capability,
    catalog: Catalog,
    product: Product,
    present: Sequence[Variant],
    missing: Sequence[Variant],
    listing: RemoteListing,
    prices: Mapping[str, int],
    targets: Mapping[str, int],
    base_dir: Path,
) -> None:
    """New variants of a listed product join its listing with their price and stock."""
    skus = ", ".join(v.sku for v in missing)
    if not (caps & Capability.VARIANT_ADD):
        for variant in missing:
            out.warnings.append(
                PlanWarning(
                    WarningKind.MISSING,
                    name,
                    f"{variant.sku} is in the catalog but not on the channel's listing",
                    sku=variant.sku,
                    hint="add the variant to the listing in the seller centre; "
                    "the next sync will find it by SKU",
                    code="sync.variant_missing",
                    params={"sku": variant.sku},
                )
            )
        return
    order = {v.sku: i for i, v in enumerate(product.variants)}
    every = sorted([*present, *missing], key=lambda v: order[v.sku])
    draft = build_draft(product, every, name, prices=prices, stock=targets, base_dir=base_dir)
    del skus
    out.additions.append(
        AddVariants(name, product.product_id, listing, draft, tuple(v.sku for v in missing))
    )


def rename_candidates(
    catalog: Catalog,
    channel: str,
    links: Mapping[str, tuple[str, int | None]],
    listings: Mapping[str, RemoteListing | None],
    product: Product,
    new: Sequence[Variant],
    prices: Mapping[str, int],
    same_listing: str | None = None,
) -> dict[str, str]:
    """New SKU -> a SKU coopsync manages on the channel that the catalog lost, on the same
    listing (or one with the product's title) at the same price: likely a rename.

    `links`: managed SKU -> (remote id, last pushed price); `listings`: remote id -> listing."""
    orphans = {sku: link for sku, link in links.items() if catalog.get(sku) is None}
    if not orphans:
        return {}
    title = title_for(product, channel).strip().casefold()
    found: dict[str, str] = {}
    for variant in new:
        for old, (remote_id, price) in sorted(orphans.items()):
            if old in found.values() or price != prices.get(variant.sku):
                continue
            listing = listings.get(remote_id)
            if same_listing is not None:
                match = remote_id == same_listing
            else:
                match = listing is not None and listing.title.strip().casefold() == title
            if match:
                found[variant.sku] = old
                break
    return found


def ask_if_renamed(out: ChannelPlan, name: str, found: Mapping[str, str]) -> bool:
    """Hold a create back with a question when it looks like a renamed SKU."""
    for new, old in sorted(found.items()):
        out.warnings.append(
            PlanWarning(
                WarningKind.RENAME_QUESTION,
                name,
                f"{new} looks like {old} renamed (same product and price on this channel): "
                "nothing was created for it",
                sku=new,
                hint=f"if it is a rename, add `formerly: [{old}]` to {new}; if it is a new "
                f"variant, put {old} back in the catalog with `status: retired`",
                code="sync.rename_question",
                params={"sku": new, "old": old},
            )
        )
    return bool(found)


def listing_for(
    channel: ChannelInput, seen: Mapping[str, Seen], present: list[Variant]
) -> RemoteListing:
    """The listing the product's variants are on: as read, else as the state knows it."""
    where = seen[present[0].sku]
    if where.listing is not None:
        return where.listing
    status = ListingStatus.INACTIVE if where.remote_id in channel.unlisted else ListingStatus.ACTIVE
    skus = {
        sku: (s.remote_sku_id, s.price, s.stock)
        for sku, s in seen.items()
        if s.remote_id == where.remote_id
    }
    return listing_of(where.remote_id, "", skus, status)


def held_as_rename(
    out: ChannelPlan,
    catalog: Catalog,
    channel: ChannelInput,
    seen: Mapping[str, Seen],
    product: Product,
    new: list[Variant],
    prices: Mapping[str, int],
    same_listing: str | None = None,
) -> bool:
    """A create or a new variant that looks like a renamed SKU waits for the user's answer."""
    links = {
        sku: (link.remote_id, channel.pushed.get(sku, Pushed()).price)
        for sku, link in channel.links.items()
        if sku in seen
    }
    listings = {where.remote_id: where.listing for where in seen.values()}
    found = rename_candidates(
        catalog, channel.name, links, listings, product, new, prices, same_listing
    )
    return ask_if_renamed(out, channel.name, found)
