"""The `skus` list of a TikTok Shop product edit, built from the product as the platform has it
(Get Product) and the catalog's draft. Pure.

Partial Edit Product replaces the product's SKUs with the list it is sent: a SKU sent with its
`id` keeps it (and may get a new `seller_sku` or sales attributes), one without an id is
created, and an existing SKU left out is deleted. So the list always carries every SKU.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from coopsync.adapters import DraftVariant, ListingDraft, ListingRules
from coopsync.errors import Rejected
from coopsync_adapters.tiktok.mapping import CURRENCY, amount, sku_price

ATTRIBUTE_NAME_MAX = 20  # "sales attribute names can not exceed 20 characters"
ATTRIBUTE_VALUE_MAX = 50  # "sales attribute value names can not exceed 50 characters"
SELLER_SKU_MAX = 50


def _attributes_now(
    product: Mapping[str, Any],
) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """The product's sales attribute ids by name, and value ids by (name, value)."""
    ids: dict[str, str] = {}
    values: dict[tuple[str, str], str] = {}
    for sku in product.get("skus") or []:
        for a in sku.get("sales_attributes") or [] if isinstance(sku, dict) else []:
            if isinstance(a, dict) and a.get("name") and a.get("id"):
                ids[str(a["name"])] = str(a["id"])
                if a.get("value_name") and a.get("value_id"):
                    values[(str(a["name"]), str(a["value_name"]))] = str(a["value_id"])
    return ids, values


def _reference(
    name: str, value: str, ids: Mapping[str, str], values: Mapping[tuple[str, str], str]
) -> dict[str, str]:
    """A sales attribute by id when the product has it, else by name (a new one)."""
    if name not in ids:
        return {"name": name, "value_name": value}
    if (name, value) in values:
        return {"id": ids[name], "value_id": values[(name, value)]}
    return {"id": ids[name], "value_name": value}


def _kept(sku: Mapping[str, Any], seller_sku: str | None = None) -> dict[str, Any]:
    """An existing SKU as it is (price, every warehouse's quantity, its sales attributes)."""
    inventory = [
        {"warehouse_id": str(i.get("warehouse_id") or ""), "quantity": int(i.get("quantity") or 0)}
        for i in sku.get("inventory") or []
        if isinstance(i, dict)
    ]
    return {
        "id": str(sku["id"]),
        "seller_sku": seller_sku if seller_sku is not None else str(sku.get("seller_sku") or ""),
        "price": {"amount": amount(sku_price(sku)), "currency": CURRENCY},
        "inventory": inventory,
        "sales_attributes": [
            {"id": str(a["id"]), "value_id": str(a["value_id"])}
            for a in sku.get("sales_attributes") or []
            if isinstance(a, dict) and a.get("id") and a.get("value_id")
        ],
    }


def renamed_skus(product: Mapping[str, Any], renames: Mapping[str, str]) -> list[dict[str, Any]]:
    """Every SKU as it is, the renamed ones with their new seller SKU (same ids)."""
    out = []
    for sku in product.get("skus") or []:
        if isinstance(sku, dict):
            old = str(sku.get("seller_sku") or "")
            new = renames.get(old)
            if new is not None and len(new) > SELLER_SKU_MAX:
                raise Rejected(
                    f"TikTok Shop takes seller SKUs of at most {SELLER_SKU_MAX} characters",
                    sku=new,
                    hint="shorten the SKU in the catalog",
                )
            out.append(_kept(sku, new))
    return out


def check(draft: ListingDraft, total: int, rules: ListingRules) -> None:
    """Refuse what TikTok Shop would refuse, before anything is sent."""
    names = draft.option_names()
    where = f"{draft.product_id}: TikTok Shop"
    name_max = rules.option_name_max or ATTRIBUTE_NAME_MAX
    value_max = rules.option_value_max or ATTRIBUTE_VALUE_MAX
    if len(names) > rules.variant_tiers_max:
        raise Rejected(
            f"{where} allows at most {rules.variant_tiers_max} option names, the catalog has "
            f"{len(names)} ({', '.join(names)})",
            hint="keep at most three options for this product, or list the others as a separate "
            "product",
        )
    if total > rules.variants_max:
        raise Rejected(
            f"{where} allows at most {rules.variants_max} SKUs in one product, this one would "
            f"have {total}",
            hint="retire variants that no longer sell, or list the new ones as a separate product",
        )
    for name in names:
        if len(name) > name_max:
            raise Rejected(
                f"{where} takes option names of at most {name_max} characters: {name!r}",
                hint="shorten the option name in the catalog",
            )
    for variant in draft.variants:
        if len(variant.sku) > SELLER_SKU_MAX:
            raise Rejected(
                f"{where} takes seller SKUs of at most {SELLER_SKU_MAX} characters",
                sku=variant.sku,
                hint="shorten the SKU in the catalog",
            )
        if total > 1 and set(variant.options) != set(names):
            raise Rejected(
                f"{where} needs every variant to have the options {', '.join(names)}",
                sku=variant.sku,
                hint="give this variant a value for each option in the catalog",
            )
        for value in variant.options.values():
            if len(value) > value_max:
                raise Rejected(
                    f"{where} takes option values of at most {value_max} characters",
                    sku=variant.sku,
                    hint="shorten the option value in the catalog",
                )


def grown_skus(
    product: Mapping[str, Any],
    draft: ListingDraft,
    warehouse_id: str,
    rules: ListingRules,
) -> tuple[list[dict[str, Any]], list[str]] | None:
    """(the edit's `skus`, the SKUs it creates), or None when the product already sells every
    variant of the draft with its options. Existing SKUs keep their id, price and stock."""
    current = [s for s in product.get("skus") or [] if isinstance(s, dict)]
    by_sku = {str(s.get("seller_sku") or ""): s for s in current}
    new: list[DraftVariant] = [v for v in draft.variants if v.sku not in by_sku]
    wanted = {v.sku: v for v in draft.variants}
    ids, values = _attributes_now(product)

    def options_now(sku: Mapping[str, Any]) -> dict[str, str]:
        return {
            str(a.get("name")): str(a.get("value_name"))
            for a in sku.get("sales_attributes") or []
            if isinstance(a, dict)
        }

    changed = [
        s
        for s in current
        if str(s.get("seller_sku")) in wanted
        and options_now(s) != dict(wanted[str(s.get("seller_sku"))].options)
    ]
    if not new and not changed:
        return None
    check(draft, len(current) + len(new), rules)
    names = set(draft.option_names())
    out: list[dict[str, Any]] = []
    for sku in current:
        seller_sku = str(sku.get("seller_sku") or "")
        entry = _kept(sku)
        variant = wanted.get(seller_sku)
        if variant is not None:
            entry["sales_attributes"] = [
                _reference(n, v, ids, values) for n, v in variant.options.items()
            ]
        elif len(current) + len(new) > 1 and set(options_now(sku)) != names:
            raise Rejected(
                f"{draft.product_id}: {seller_sku} is no longer in the catalog, and TikTok Shop "
                f"needs every SKU of a product to have the options {', '.join(sorted(names))}",
                sku=seller_sku,
                hint="keep the retired variant in the catalog with its options (status: "
                "retired), or change the options in Seller Center",
            )
        out.append(entry)
    for variant in new:
        out.append(
            {
                "seller_sku": variant.sku,
                "price": {"amount": amount(variant.price), "currency": CURRENCY},
                "inventory": [{"warehouse_id": warehouse_id, "quantity": int(variant.stock)}],
                "sales_attributes": [
                    _reference(n, v, ids, values) for n, v in variant.options.items()
                ],
            }
        )
    return out, [v.sku for v in new]


def seller_skus(skus: Sequence[Mapping[str, Any]]) -> set[str]:
    return {str(s.get("seller_sku") or "") for s in skus}
