"""Growing a live Shopee item: new options, a second tier, new models. Pure: payloads only.

Shopee's developer guide ("Item with variants") gives two ways to change a listed item's
variants:

- the same tiers, more options: `product/update_tier_variation` (every tier with its whole
  option list, new options appended, and `model_list` placing every existing model by
  `model_id` + `tier_index`), then `product/add_model` for the new models (price, stock and
  model SKU in the same call). Existing models keep their ids.
- another tier structure (one tier to two, or an item without models getting some):
  `product/init_tier_variation` with every model. Shopee recreates the models, so their
  `model_id`s change; the SKUs stay, and coopsync links by SKU.

Everything is checked here before anything is sent, so a refusal changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coopsync.adapters import DraftVariant, ListingDraft
from coopsync.errors import Rejected
from coopsync_adapters.shopee.descriptor import RULES
from coopsync_adapters.shopee.mapping import tier_names

MODELS_MAX = RULES.variants_max  # models per item, and options multiplied across tiers
TIERS_MAX = RULES.variant_tiers_max
# Typical `get_item_limit` answers (tier_variation_name_length_limit,
# tier_variation_option_length_limit); a shop's own limits may differ.
TIER_NAME_MAX = RULES.option_name_max or 14
OPTION_MAX = RULES.option_value_max or 20
MODEL_SKU_MAX = 100  # "model_sku length ... no more than 100 characters"


@dataclass(frozen=True)
class CurrentModel:
    """A model as get_model_list shows it."""

    model_id: int
    sku: str
    tier_index: tuple[int, ...]


@dataclass
class Growth:
    """The calls that make an item sell a draft's variants (nothing to send: all empty)."""

    update_tiers: dict[str, Any] | None = None  # update_tier_variation body
    add_models: dict[str, Any] | None = None  # add_model body
    init_tiers: dict[str, Any] | None = None  # init_tier_variation body (models recreated)
    new_skus: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.update_tiers or self.add_models or self.init_tiers)


def current_models(
    answer: Mapping[str, Any] | None,
) -> tuple[list[dict[str, Any]], list[CurrentModel]]:
    """(tier_variation, models) from a get_model_list answer (None: an item without models)."""
    if not answer:
        return [], []
    tiers = [t for t in answer.get("tier_variation") or [] if isinstance(t, dict)]
    models = [
        CurrentModel(
            int(m.get("model_id") or 0),
            str(m.get("model_sku") or ""),
            tuple(int(i) for i in m.get("tier_index") or []),
        )
        for m in answer.get("model") or []
        if isinstance(m, dict)
    ]
    return tiers, models


def _option(variant: DraftVariant, name: str) -> str:
    return variant.options.get(name) or (variant.sku if name == "Varian" else "-")


def check(draft: ListingDraft, total_models: int) -> None:
    """Refuse what Shopee would refuse, before anything is sent."""
    names = tier_names(draft)
    what = f"{draft.product_id}: Shopee"
    if len(names) > TIERS_MAX:
        raise Rejected(
            f"{what} allows at most {TIERS_MAX} option names, the catalog has {len(names)} "
            f"({', '.join(names)})",
            hint="keep two options (e.g. Ukuran and Warna) for this product on Shopee, or list "
            "the other combinations as a separate product",
        )
    if total_models > MODELS_MAX:
        raise Rejected(
            f"{what} allows at most {MODELS_MAX} variants in one listing, this one would have "
            f"{total_models}",
            hint="retire variants that no longer sell, or list the new ones as a separate product",
        )
    for name in names:
        if len(name) > TIER_NAME_MAX:
            raise Rejected(
                f"{what} takes option names of at most {TIER_NAME_MAX} characters: {name!r}",
                hint="shorten the option name in the catalog",
            )
    for variant in draft.variants:
        if len(variant.sku) > MODEL_SKU_MAX:
            raise Rejected(
                f"{what} takes SKUs of at most {MODEL_SKU_MAX} characters", sku=variant.sku
            )
        for name in names:
            value = _option(variant, name)
            if len(value) > OPTION_MAX:
                raise Rejected(
                    f"{what} takes option values of at most {OPTION_MAX} characters: {value!r}",
                    sku=variant.sku,
                    hint="shorten the option value in the catalog",
                )


def _seller_stock(stock: int, location: str | None) -> list[dict[str, Any]]:
    entry: dict[str, Any] = {"stock": stock}
    return [{"location_id": location, **entry}] if location else [entry]


def plan_growth(
    item_id: int,
    tiers: Sequence[Mapping[str, Any]],
    models: Sequence[CurrentModel],
    draft: ListingDraft,
    location: str | None = None,
    item_sku: str = "",
) -> Growth:
    """The calls that make item `item_id` (its tiers and models now) sell every draft variant.

    Models the draft no longer names stay (a retired variant is sold out, not deleted). An item
    without models sells `item_sku`: it becomes one of the models, so the draft must name it."""
    if not models and item_sku:
        models = [CurrentModel(0, item_sku, ())]
    known = {m.sku for m in models}
    new = [v for v in draft.variants if v.sku not in known]
    names = tier_names(draft)
    current_names = [str(t.get("name") or "") for t in tiers]
    if not new and (not tiers or current_names == names):
        return Growth()
    check(draft, len(models) + len(new))
    if tiers and current_names == names:
        return _extend(item_id, tiers, models, new, names, location)
    return _restructure(item_id, models, draft, names, location)


def _extend(
    item_id: int,
    tiers: Sequence[Mapping[str, Any]],
    models: Sequence[CurrentModel],
    new: Sequence[DraftVariant],
    names: Sequence[str],
    location: str | None,
) -> Growth:
    """Same tiers: append the new options, keep every model where it is, add the new ones."""
    options = [[str(o.get("option") or "") for o in t.get("option_list") or []] for t in tiers]
    before = [list(o) for o in options]
    used = {m.tier_index for m in models}
    added: list[dict[str, Any]] = []
    for variant in new:
        index = []
        for tier, name in enumerate(names):
            value = _option(variant, name)
            if value not in options[tier]:
                options[tier].append(value)
            index.append(options[tier].index(value))
        if tuple(index) in used:
            raise Rejected(
                f"{variant.sku}: another variant on Shopee already has the options "
                + ", ".join(f"{n} {_option(variant, n)}" for n in names),
                sku=variant.sku,
                hint="give the new variant options of its own in the catalog",
            )
        used.add(tuple(index))
        added.append(
            {
                "tier_index": index,
                "original_price": variant.price,
                "model_sku": variant.sku,
                "seller_stock": _seller_stock(variant.stock, location),
            }
        )
    combinations = 1
    for values in options:
        combinations *= len(values)
    if combinations > MODELS_MAX:
        raise Rejected(
            f"Shopee allows at most {MODELS_MAX} option combinations in one listing, this one "
            f"would have {combinations}",
            hint="retire options that no longer sell, or list the new ones as a separate product",
        )
    growth = Growth(new_skus=[v.sku for v in new])
    if options != before:
        growth.update_tiers = {
            "item_id": item_id,
            "tier_variation": [
                {"name": name, "option_list": [{"option": o} for o in values]}
                for name, values in zip(names, options, strict=True)
            ],
            "model_list": [
                {"model_id": m.model_id, "tier_index": list(m.tier_index)} for m in models
            ],
        }
    if added:
        growth.add_models = {"item_id": item_id, "model_list": added}
    return growth


def _restructure(
    item_id: int,
    models: Sequence[CurrentModel],
    draft: ListingDraft,
    names: Sequence[str],
    location: str | None,
) -> Growth:
    """Another tier structure: init_tier_variation with every draft variant (models recreated)."""
    options: list[list[str]] = [[] for _ in names]
    entries = []
    seen: set[tuple[int, ...]] = set()
    for variant in draft.variants:
        index = []
        for tier, name in enumerate(names):
            value = _option(variant, name)
            if value not in options[tier]:
                options[tier].append(value)
            index.append(options[tier].index(value))
        if tuple(index) in seen:
            raise Rejected(
                f"{variant.sku}: two variants of {draft.product_id} have the same options",
                sku=variant.sku,
                hint="give every variant its own combination of options in the catalog",
            )
        seen.add(tuple(index))
        entries.append(
            {
                "tier_index": index,
                "original_price": variant.price,
                "model_sku": variant.sku,
                "seller_stock": _seller_stock(variant.stock, location),
            }
        )
    known = {m.sku for m in models}
    missing = known - {v.sku for v in draft.variants}
    if missing:
        raise Rejected(
            f"{draft.product_id}: giving the listing other option names on Shopee recreates "
            f"every variant, and {', '.join(sorted(missing))} would be dropped",
            hint="give the retired variants their options in the catalog too, or change the "
            "option names in Seller Centre",
        )
    return Growth(
        init_tiers={
            "item_id": item_id,
            "tier_variation": [
                {"name": name, "option_list": [{"option": o} for o in values]}
                for name, values in zip(names, options, strict=True)
            ],
            "model": entries,
        },
        new_skus=[v.sku for v in draft.variants if v.sku not in known],
    )
