"""ShopeeFake's variant calls on live items: init/update_tier_variation, add_model,
update_model and unlist_item, as Shopee's API reference and developer guide describe them.

- init_tier_variation: ≤ 2 tiers, ≤ 50 models; on an item that has models already it is the
  documented way to change the tier structure: every model is recreated (new model ids).
- update_tier_variation: the same number of tiers only ("Item tier-variation level not same"
  otherwise); options multiplied across tiers ≤ 50; `model_list` places existing models;
  models whose option is gone are deleted.
- add_model: 1–50 models, 50 an item in all, each at a free tier_index of the current tiers.
- update_model: a model's `model_sku` (its id stays).
- unlist_item: 1–50 items, `unlist` true/false; NORMAL <-> UNLIST; others fail per item.
Tier names ≤ 14 characters and options ≤ 20 (typical get_item_limit values).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coopsync_adapters.shopee.fake_catalog import (
    PRICE_RANGE,
    STOCK_RANGE,
    ShopeeError,
    int_param,
)

if TYPE_CHECKING:
    from coopsync_adapters.shopee.fake_catalog import ShopeeCatalog

MODELS_MAX = 50
TIER_NAME_MAX = 14
OPTION_MAX = 20
MODEL_SKU_MAX = 100


def check_tiers(tiers: Any) -> list[dict[str, Any]]:
    """A valid tier_variation list (1–2 tiers, names and options within Shopee's lengths)."""
    if not isinstance(tiers, list) or not 1 <= len(tiers) <= 2:
        raise ShopeeError("error_param", "tier_variation should have 1 or 2 tiers.")
    out = []
    combinations = 1
    for tier in tiers:
        options = tier.get("option_list") if isinstance(tier, dict) else None
        name = str(tier.get("name") or "") if isinstance(tier, dict) else ""
        if not isinstance(options, list) or not options or not name:
            raise ShopeeError("error_param", "Each tier needs a name and an option_list.")
        if len(name) > TIER_NAME_MAX:
            raise ShopeeError(
                "error_param", f"tier_variation name length should be 1 to {TIER_NAME_MAX}."
            )
        values = [str(o.get("option") or "") if isinstance(o, dict) else "" for o in options]
        if any(not 1 <= len(v) <= OPTION_MAX for v in values):
            raise ShopeeError("error_param", f"option length should be 1 to {OPTION_MAX}.")
        if len(set(values)) != len(values):
            raise ShopeeError("error_param", "Option names in one tier must be different.")
        combinations *= len(values)
        out.append({"name": name, "option_list": [{"option": v} for v in values]})
    if combinations > MODELS_MAX:
        raise ShopeeError(
            "error_param", "The number of options multiplied across tiers cannot exceed 50."
        )
    return out


def _index(value: Any, tiers: list[dict[str, Any]]) -> tuple[int, ...]:
    sizes = [len(t["option_list"]) for t in tiers]
    if (
        not isinstance(value, list)
        or len(value) != len(sizes)
        or any(
            isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < n
            for i, n in zip(value, sizes, strict=True)
        )
    ):
        raise ShopeeError("error_param", "tier_index is invalid.")
    return tuple(value)


def _new_model(catalog: ShopeeCatalog, model: Any, tiers: list[dict[str, Any]]) -> dict[str, Any]:
    if not isinstance(model, dict):
        raise ShopeeError("error_param", "model entries must be objects.")
    index = _index(model.get("tier_index"), tiers)
    sku = str(model.get("model_sku") or "")
    if len(sku) > MODEL_SKU_MAX:
        raise ShopeeError("error_param", "model_sku length should be under 100.")
    sellers = model.get("seller_stock")
    if not isinstance(sellers, list) or not sellers or not isinstance(sellers[0], dict):
        raise ShopeeError("error_param", "model.seller_stock is required.")
    return {
        "model_id": catalog._id(),
        "model_sku": sku,
        "tier_index": list(index),
        "price": int_param(model.get("original_price"), "original_price", *PRICE_RANGE),
        "stock": int_param(sellers[0].get("stock"), "stock", *STOCK_RANGE),
    }


def init_tier_variation(catalog: ShopeeCatalog, body: dict[str, Any], now: int) -> dict[str, Any]:
    """Set an item's tiers and models; an item with models gets them all recreated."""
    item = catalog._item(body.get("item_id"))
    tiers = check_tiers(body.get("tier_variation"))
    models = body.get("model")
    if not isinstance(models, list) or not 1 <= len(models) <= MODELS_MAX:
        raise ShopeeError("error_param", "model should have 1 to 50 entries.")
    created: list[dict[str, Any]] = []
    for model in models:
        entry = _new_model(catalog, model, tiers)
        if any(c["tier_index"] == entry["tier_index"] for c in created):
            raise ShopeeError("error_param", "tier_index is invalid or repeated.")
        created.append(entry)
    item["tier_variation"] = tiers
    item["models"] = created
    item["update_time"] = now
    catalog.touched(item)
    return {
        "item_id": item["item_id"],
        "tier_variation": tiers,
        "model": [
            {"tier_index": m["tier_index"], "model_id": m["model_id"], "model_sku": m["model_sku"]}
            for m in created
        ],
    }


def update_tier_variation(catalog: ShopeeCatalog, body: dict[str, Any], now: int) -> dict[str, Any]:
    item = catalog._item(body.get("item_id"))
    if not item["models"]:
        raise ShopeeError("error_param", "Item has no tier variation; use init_tier_variation.")
    tiers = check_tiers(body.get("tier_variation"))
    if len(tiers) != len(item["tier_variation"]):
        raise ShopeeError("error_param", "Item tier-variation level not same.")
    placed: dict[int, tuple[int, ...]] = {}
    for entry in body.get("model_list") or []:
        if not isinstance(entry, dict):
            raise ShopeeError("error_param", "model_list entries must be objects.")
        model_id = int_param(entry.get("model_id"), "model_id")
        if not any(m["model_id"] == model_id for m in item["models"]):
            raise ShopeeError("error_param", f"model_id {model_id} is not in this item.")
        placed[model_id] = _index(entry.get("tier_index"), tiers)
    kept = []
    for model in item["models"]:
        index = placed.get(model["model_id"])
        if index is None:
            # Not placed: it keeps its options by name; a model whose option is gone is deleted.
            old = [
                item["tier_variation"][t]["option_list"][i]["option"]
                for t, i in enumerate(model["tier_index"])
            ]
            values = [[o["option"] for o in tier["option_list"]] for tier in tiers]
            if any(v not in values[t] for t, v in enumerate(old)):
                continue
            index = tuple(values[t].index(v) for t, v in enumerate(old))
        kept.append((model, index))
    if len({index for _, index in kept}) != len(kept):
        raise ShopeeError("error_param", "tier_index is repeated in model_list.")
    for model, index in kept:
        model["tier_index"] = list(index)
    item["models"] = [model for model, _ in kept]
    item["tier_variation"] = tiers
    item["update_time"] = now
    catalog.touched(item)
    return {}


def add_model(catalog: ShopeeCatalog, body: dict[str, Any], now: int) -> dict[str, Any]:
    item = catalog._item(body.get("item_id"))
    if not item["models"]:
        raise ShopeeError("error_param", "Item has no tier variation; use init_tier_variation.")
    entries = body.get("model_list")
    if not isinstance(entries, list) or not 1 <= len(entries) <= MODELS_MAX:
        raise ShopeeError("error_param", "model_list should have 1 to 50 models.")
    if len(item["models"]) + len(entries) > MODELS_MAX:
        raise ShopeeError("error_param", "The number of models of an item cannot exceed 50.")
    used = {tuple(m["tier_index"]) for m in item["models"]}
    created = []
    for entry in entries:
        model = _new_model(catalog, entry, item["tier_variation"])
        if tuple(model["tier_index"]) in used:
            raise ShopeeError("error_param", "The tier_index of the model already exists.")
        used.add(tuple(model["tier_index"]))
        created.append(model)
    item["models"] += created
    item["update_time"] = now
    catalog.touched(item)
    return {
        "model": [
            {
                "tier_index": m["tier_index"],
                "model_id": m["model_id"],
                "model_sku": m["model_sku"],
                "price_info": [{"original_price": float(m["price"])}],
                "seller_stock": [{"stock": m["stock"]}],
            }
            for m in created
        ]
    }


def update_model(catalog: ShopeeCatalog, body: dict[str, Any], now: int) -> dict[str, Any]:
    item = catalog._item(body.get("item_id"))
    entries = body.get("model")
    if not isinstance(entries, list) or not 1 <= len(entries) <= MODELS_MAX:
        raise ShopeeError("error_param", "model should have 1 to 50 entries.")
    changes = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise ShopeeError("error_param", "model entries must be objects.")
        model_id = int_param(entry.get("model_id"), "model_id")
        found = next((m for m in item["models"] if m["model_id"] == model_id), None)
        if found is None:
            raise ShopeeError("error_param", f"model_id {model_id} is not in this item.")
        sku = entry.get("model_sku")
        if not isinstance(sku, str) or len(sku) > MODEL_SKU_MAX:
            raise ShopeeError("error_param", "model_sku length should be under 100.")
        changes.append((found, sku))
    for model, sku in changes:
        model["model_sku"] = sku
    item["update_time"] = now
    catalog.touched(item)
    return {}


def unlist_item(catalog: ShopeeCatalog, body: dict[str, Any], now: int) -> dict[str, Any]:
    entries = body.get("item_list")
    if not isinstance(entries, list) or not 1 <= len(entries) <= 50:
        raise ShopeeError("error_param", "item_list length should be between 1 to 50.")
    successes, failures = [], []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("unlist"), bool):
            raise ShopeeError("error_param", "item_list entries need item_id and unlist.")
        item_id = int_param(entry.get("item_id"), "item_id")
        item = catalog.items.get(str(item_id))
        if item is None or item["item_status"] in ("SELLER_DELETE", "SHOPEE_DELETE"):
            failures.append({"item_id": item_id, "failed_reason": "item not found"})
            continue
        if item["item_status"] not in ("NORMAL", "UNLIST"):
            failures.append(
                {"item_id": item_id, "failed_reason": f"item status {item['item_status']}"}
            )
            continue
        item["item_status"] = "UNLIST" if entry["unlist"] else "NORMAL"
        item["update_time"] = now
        successes.append({"item_id": item_id, "unlist": entry["unlist"]})
    return {"failure_list": failures, "success_list": successes}
