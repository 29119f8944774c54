"""Catalog changes on a live WooCommerce shop (WooCommerce REST API v3):

- new variants: the options join the parent product's attributes (`PUT /products/{id}`,
  existing attributes and their ids kept), variations that gain a new option dimension get it
  (`POST /products/{id}/variations/batch` `update`), the new variations are created with their
  price and stock (`... /variations/batch` `create`); existing variation ids stay;
- a SKU change in place: `sku` on the variation (batch `update`) or on a simple product;
- unlist / relist: the product's `status` goes to `draft` and back to `publish` (a draft keeps
  its variations, SKUs and stock; buyers cannot see or order it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from coopsync.adapters import ListingDraft, RemoteListing
from coopsync.errors import Rejected
from coopsync_adapters.woocommerce.client import item_error
from coopsync_adapters.woocommerce.mapping import (
    attributes_payload,
    global_attribute_ids,
    merge_attributes,
)

if TYPE_CHECKING:
    from coopsync_adapters.woocommerce.adapter import WooCommerceAdapter


def check_limits(adapter: WooCommerceAdapter, draft: ListingDraft) -> None:
    """Refuse, before sending anything, what the shop's rules do not allow."""
    rules = adapter.rules
    names = draft.option_names()
    if len(draft.variants) > rules.variants_max:
        raise Rejected(
            f"{draft.product_id} would have {len(draft.variants)} variations; coopsync keeps "
            f"a WooCommerce product to {rules.variants_max}",
            channel=adapter.channel,
            sku=draft.variants[-1].sku,
            hint="split the product in two in the catalog",
        )
    if len(names) > rules.variant_tiers_max:
        raise Rejected(
            f"{draft.product_id} would vary by {len(names)} options ({', '.join(names)}); "
            f"at most {rules.variant_tiers_max}",
            channel=adapter.channel,
            sku=draft.variants[-1].sku,
            hint="use fewer option names in the catalog",
        )


async def add_variants(
    adapter: WooCommerceAdapter, remote: RemoteListing, draft: ListingDraft
) -> RemoteListing:
    check_limits(adapter, draft)
    path = f"/products/{remote.remote_id}"
    current = await adapter.client.get(path, what=f"read listing {remote.remote_id}", item=True)
    if current.get("type") != "variable":
        if not draft.has_variants:
            return await adapter.load(remote.remote_id)
        raise Rejected(
            f"listing {remote.remote_id} was made for a product without variants; WooCommerce "
            "cannot give it variations in place",
            channel=adapter.channel,
            sku=draft.variants[-1].sku,
            hint="in WordPress, change the product to 'Variable product' and add the variations "
            "with these SKUs; the next sync finds them by SKU",
        )
    found = current.get("attributes")
    existing: list[Mapping[str, Any]] = found if isinstance(found, list) else []
    merged = merge_attributes(existing, attributes_payload(draft))
    product = await adapter.client.write(
        "PUT", path, {"attributes": merged}, what=f"add options to listing {remote.remote_id}"
    )
    attributes = product.get("attributes") or merged
    had = {str(a.get("name", "")).casefold() for a in existing if a.get("variation")}
    if {name.casefold() for name in draft.option_names()} - had:
        # A new option name: the variations that were there get their value of it.
        await _set_new_dimensions(adapter, remote, draft, global_attribute_ids(attributes))
    listing = await adapter.load(remote.remote_id)
    await adapter.add_missing_variations(
        int(remote.remote_id), draft, set(listing.sku_map()), attributes
    )
    return await adapter.load(remote.remote_id)


async def _set_new_dimensions(
    adapter: WooCommerceAdapter,
    remote: RemoteListing,
    draft: ListingDraft,
    ids: Mapping[str, int],
) -> None:
    """Existing variations whose options changed (a second dimension) get them; their ids stay."""
    by_sku = remote.sku_map()
    updates: list[dict[str, Any]] = []
    for variant in draft.variants:
        remote_sku = by_sku.get(variant.sku)
        if remote_sku is None or not variant.options:
            continue
        attributes = []
        for name, option in variant.options.items():
            attribute: dict[str, Any] = {"name": name, "option": option}
            if name.casefold() in ids:
                attribute["id"] = ids[name.casefold()]
            attributes.append(attribute)
        updates.append({"id": int(remote_sku.remote_sku_id), "attributes": attributes})
    if not updates:
        return
    answer = await adapter.client.batch(
        f"/products/{remote.remote_id}/variations/batch",
        update=updates,
        what=f"set the options of listing {remote.remote_id}",
    )
    refused = [error[1] for item in answer.update if (error := item_error(item)) is not None]
    if refused:
        raise Rejected(
            f"the shop refused options of listing {remote.remote_id}: {'; '.join(refused)}",
            channel=adapter.channel,
            hint="check the product's attributes in WordPress",
        )


async def rename_skus(
    adapter: WooCommerceAdapter, remote: RemoteListing, renames: Mapping[str, str]
) -> RemoteListing:
    by_sku = remote.sku_map()
    simple = [old for old in renames if old in by_sku and by_sku[old].remote_sku_id == "0"]
    for old in simple:
        await adapter.client.write(
            "PUT",
            f"/products/{remote.remote_id}",
            {"sku": renames[old]},
            what=f"change SKU {old} to {renames[old]}",
        )
    updates = [
        {"id": int(by_sku[old].remote_sku_id), "sku": new}
        for old, new in renames.items()
        if old in by_sku and old not in simple
    ]
    if updates:
        answer = await adapter.client.batch(
            f"/products/{remote.remote_id}/variations/batch",
            update=updates,
            what=f"change SKUs of listing {remote.remote_id}",
        )
        refused = [error[1] for item in answer.update if (error := item_error(item)) is not None]
        if refused:
            raise Rejected(
                f"the shop refused a SKU change on listing {remote.remote_id}: "
                + "; ".join(refused),
                channel=adapter.channel,
                hint="another product in the shop may already use the new SKU",
            )
    return await adapter.load(remote.remote_id)


async def set_status(
    adapter: WooCommerceAdapter, remote: RemoteListing, status: str
) -> RemoteListing:
    """`draft` takes the product down (reversibly), `publish` brings it back."""
    await adapter.client.write(
        "PUT",
        f"/products/{remote.remote_id}",
        {"status": status},
        what=f"set listing {remote.remote_id} to {status}",
    )
    return await adapter.load(remote.remote_id)
