"""The /product/update payload that makes a live Lazada product sell new variants. Pure.

UpdateProduct adds a SKU sent without `SkuId` (with its SellerSku, price, quantity, package and
`saleProp`), names existing SKUs by `SkuId` (their SellerSku cannot change), and takes the
product's `variation` (at most two, each with every option its SKUs use). Everything is checked
here first, so a refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from coopsync.adapters import DraftVariant, ListingDraft, ListingRules
from coopsync.errors import Rejected
from coopsync_adapters.lazada.mapping import (
    STANDARD_SALE_PROPS,
    VARIATION_NAME_MAX,
    VARIATION_OPTION_MAX,
    VARIATIONS_MAX,
    kilograms,
    money,
)


def _current_options(product: Mapping[str, Any]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    variation = product.get("variation")
    for entry in (variation or {}).values() if isinstance(variation, Mapping) else []:
        if not isinstance(entry, Mapping):
            continue
        options = (entry.get("options") or {}).get("option")
        values = options if isinstance(options, list) else [options] if options else []
        out[str(entry.get("name") or "")] = [str(v) for v in values]
    for sku in product.get("skus") or []:
        for name, value in (sku.get("saleProp") or {}).items() if isinstance(sku, dict) else []:
            values = out.setdefault(str(name), [])
            if str(value) not in values:
                values.append(str(value))
    return out


def check(
    draft: ListingDraft, new: Sequence[DraftVariant], total: int, rules: ListingRules
) -> None:
    """Refuse what Lazada would refuse, before anything is sent."""
    names = draft.option_names()
    where = f"{draft.product_id}: Lazada"
    name_max = rules.option_name_max or VARIATION_NAME_MAX
    value_max = rules.option_value_max or VARIATION_OPTION_MAX
    if len(names) > min(VARIATIONS_MAX, rules.variant_tiers_max):
        raise Rejected(
            f"{where} allows at most {VARIATIONS_MAX} variations (option names), the catalog "
            f"has {len(names)} ({', '.join(names)})",
            hint="keep two options for this product on Lazada, or list the others as a "
            "separate product",
        )
    if total > rules.variants_max:
        raise Rejected(
            f"{where} takes at most {rules.variants_max} SKUs in one product, this one would "
            f"have {total}",
            hint="retire variants that no longer sell, or list the new ones as a separate product",
        )
    for name in names:
        if len(name) > name_max:
            raise Rejected(
                f"{where} takes variation names of at most {name_max} characters: {name!r}",
                hint="shorten the option name in the catalog",
            )
    for variant in draft.variants:
        if total > 1 and set(variant.options) != set(names):
            raise Rejected(
                f"{where} needs every SKU to have a value for {', '.join(names)}",
                sku=variant.sku,
                hint="give this variant a value for each option in the catalog",
            )
        for value in variant.options.values():
            if len(value) > value_max:
                raise Rejected(
                    f"{where} takes options of at most {value_max} characters: {value!r}",
                    sku=variant.sku,
                    hint="shorten the option value in the catalog",
                )
    for variant in new:
        if not draft.dimensions_cm or not (variant.weight_g or draft.weight_g):
            raise Rejected(
                f"{where} needs the package weight and size of a new SKU",
                sku=variant.sku,
                hint="set weight_g and dimensions_cm on the product in the catalog",
            )


def _package(draft: ListingDraft, variant: DraftVariant) -> dict[str, str]:
    length, width, height = draft.dimensions_cm or (0, 0, 0)
    return {
        "package_weight": kilograms(variant.weight_g or draft.weight_g or 0),
        "package_length": str(length),
        "package_width": str(width),
        "package_height": str(height),
    }


def grown_payload(
    product: Mapping[str, Any], draft: ListingDraft, rules: ListingRules
) -> tuple[dict[str, Any], list[str]] | None:
    """(the /product/update payload, the SellerSkus it adds), or None when the product already
    sells every variant of the draft with its options."""
    current = [s for s in product.get("skus") or [] if isinstance(s, dict)]
    by_sku = {str(s.get("SellerSku")): s for s in current}
    wanted = {v.sku: v for v in draft.variants}
    new = [v for v in draft.variants if v.sku not in by_sku]
    changed = [
        s
        for s in current
        if str(s.get("SellerSku")) in wanted
        and dict(s.get("saleProp") or {}) != dict(wanted[str(s.get("SellerSku"))].options)
    ]
    if not new and not changed:
        return None
    total = len(current) + len(new)
    check(draft, new, total, rules)
    names = draft.option_names()
    for sku in current:
        seller_sku = str(sku.get("SellerSku"))
        if seller_sku not in wanted and total > 1 and set(sku.get("saleProp") or {}) != set(names):
            raise Rejected(
                f"{draft.product_id}: {seller_sku} is no longer in the catalog, and Lazada needs "
                f"every SKU of a product to have a value for {', '.join(names)}",
                sku=seller_sku,
                hint="keep the retired variant in the catalog with its options (status: "
                "retired), or change its options in Seller Center",
            )
    options = _current_options(product)
    for variant in draft.variants:
        for name, value in variant.options.items():
            values = options.setdefault(name, [])
            if value not in values:
                values.append(value)
    skus: list[dict[str, Any]] = [
        {
            "SkuId": str(s.get("SkuId")),
            "SellerSku": str(s.get("SellerSku")),
            "saleProp": dict(wanted[str(s.get("SellerSku"))].options),
        }
        for s in changed
    ]
    for variant in new:
        skus.append(
            {
                "SellerSku": variant.sku,
                "quantity": str(variant.stock),
                "price": money(variant.price),
                **_package(draft, variant),
                "saleProp": dict(variant.options),
            }
        )
    product_body: dict[str, Any] = {"ItemId": str(product.get("item_id"))}
    if names:
        product_body["variation"] = {
            f"Variation{i}": {
                "name": name,
                "hasImage": False,
                "customize": name not in STANDARD_SALE_PROPS,
                "options": {"option": options[name]},
            }
            for i, name in enumerate(names, start=1)
        }
    product_body["Skus"] = {"Sku": skus}
    return {"Request": {"Product": product_body}}, [v.sku for v in new]
