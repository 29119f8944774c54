"""Catalog <-> Shopee payloads: pure functions, integer rupiah, aware UTC datetimes.

Shopee answers are read defensively: a missing or mistyped field becomes a `Fatal` naming the
field, never a KeyError or TypeError.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from coopsync.adapters import (
    DraftVariant,
    ListingDraft,
    ListingStatus,
    Order,
    OrderLine,
    OrderStatus,
    RemoteListing,
    RemoteSku,
)
from coopsync.errors import Fatal, Rejected

LISTING_URL = "https://shopee.co.id/product/{shop_id}/{item_id}"
NO_BRAND = {"brand_id": 0, "original_brand_name": "NoBrand"}

# IN_CANCEL: the buyer asked to cancel and the seller has not answered; until Shopee moves the
# order to CANCELLED the parcel may still be shipped, so the units stay reserved (to_ship).
ORDER_STATUSES: dict[str, OrderStatus] = {
    "UNPAID": OrderStatus.UNPAID,
    "PENDING": OrderStatus.TO_SHIP,  # paid, held before READY_TO_SHIP
    "INVOICE_PENDING": OrderStatus.TO_SHIP,  # paid, waiting for an invoice (BR)
    "READY_TO_SHIP": OrderStatus.TO_SHIP,
    "PROCESSED": OrderStatus.TO_SHIP,
    "RETRY_SHIP": OrderStatus.TO_SHIP,
    "IN_CANCEL": OrderStatus.TO_SHIP,
    "SHIPPED": OrderStatus.SHIPPED,
    "TO_CONFIRM_RECEIVE": OrderStatus.SHIPPED,
    "COMPLETED": OrderStatus.COMPLETED,
    "CANCELLED": OrderStatus.CANCELLED,
    # The buyer asked to return: the parcel is still out, nothing is back on the shelf yet. It
    # comes back when Shopee says the return is done (docs/stock.md, "Shopee").
    "TO_RETURN": OrderStatus.SHIPPED,
}

LISTING_STATUSES: dict[str, ListingStatus] = {
    "NORMAL": ListingStatus.ACTIVE,
    "UNLIST": ListingStatus.INACTIVE,
    "REVIEWING": ListingStatus.INACTIVE,
    "BANNED": ListingStatus.INACTIVE,
    "SELLER_DELETE": ListingStatus.DELETED,
    "SHOPEE_DELETE": ListingStatus.DELETED,
}


# ---- reading answers ---------------------------------------------------------------------------
def field(data: Mapping[str, Any], name: str, kind: type | tuple[type, ...], what: str) -> Any:
    """`data[name]` when present and of the right type, else a clear Fatal."""
    value = data.get(name) if isinstance(data, Mapping) else None
    if isinstance(value, bool) and kind is not bool and bool not in _tuple(kind):
        value = None
    if not isinstance(value, kind):
        raise Fatal(f"Shopee's answer to {what} lacks a valid `{name}`")
    return value


def _tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def records(data: Mapping[str, Any], name: str, what: str, *, required: bool = False) -> list[Any]:
    """A list of objects under `name` (absent means empty unless `required`)."""
    if not required and (not isinstance(data, Mapping) or data.get(name) is None):
        return []
    items: list[Any] = field(data, name, list, what)
    if not all(isinstance(item, dict) for item in items):
        raise Fatal(f"Shopee's answer to {what} has a malformed `{name}` list")
    return items


def rupiah(value: Any, what: str) -> int:
    """Shopee sends IDR amounts as numbers (sometimes 25000.0): integer rupiah."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise Fatal(f"Shopee's answer to {what} has an amount that is not a number")
    return round(value)


def utc(value: Any, what: str) -> datetime:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Fatal(f"Shopee's answer to {what} has a time that is not a number")
    return datetime.fromtimestamp(value, tz=UTC)


def order_status(value: str) -> OrderStatus:
    """Shopee's order_status, normalised; an unknown one keeps its units reserved (to_ship)."""
    return ORDER_STATUSES.get(value.upper(), OrderStatus.TO_SHIP)


def listing_status(value: str) -> ListingStatus:
    return LISTING_STATUSES.get(value.upper(), ListingStatus.INACTIVE)


def listing_url(shop_id: str, item_id: str | int) -> str:
    return LISTING_URL.format(shop_id=shop_id, item_id=item_id)


def _price(info: Mapping[str, Any], what: str) -> int:
    prices = records(info, "price_info", what)
    if not prices:
        raise Fatal(f"Shopee's answer to {what} lacks `price_info`")
    return rupiah(prices[0].get("original_price"), what)


def _stock(
    info: Mapping[str, Any], what: str, location: str | None = None
) -> tuple[int, int, tuple[tuple[str, int], ...]]:
    """(stock of the location coopsync manages, units a promotion reserved, other locations).

    `seller_stock[]` holds the seller's stock per `location_id`: the managed one is `location`,
    else the first listed; the others, and Shopee's own warehouses (`shopee_stock[]`), are
    listed and never summed in. `summary_info.total_reserved_stock` is the promotion reserve.
    """
    stock_info = info.get("stock_info_v2")
    if not isinstance(stock_info, dict):
        raise Fatal(f"Shopee's answer to {what} lacks `stock_info_v2`")
    summary = stock_info.get("summary_info")
    summary = summary if isinstance(summary, dict) else {}
    reserved = summary.get("total_reserved_stock")
    reserved = reserved if isinstance(reserved, int) else 0
    sellers = [
        (str(s.get("location_id") or ""), int(field(s, "stock", int, what)))
        for s in records(stock_info, "seller_stock", what)
    ]
    shopee_held = [
        (f"shopee:{s.get('location_id') or ''}", int(field(s, "stock", int, what)))
        for s in records(stock_info, "shopee_stock", what)
    ]
    if not sellers:
        if isinstance(summary.get("total_available_stock"), int):
            return int(summary["total_available_stock"]), reserved, tuple(shopee_held)
        raise Fatal(f"Shopee's answer to {what} lacks `stock_info_v2`")
    managed = location if location is not None else sellers[0][0]
    stock = sum(n for loc, n in sellers if loc == managed)
    others = [(loc, n) for loc, n in sellers if loc != managed]
    return stock, reserved, tuple(others + shopee_held)


def _remote_sku(
    sku: str, sku_id: str, info: Mapping[str, Any], what: str, location: str | None
) -> RemoteSku:
    stock, reserved, others = _stock(info, what, location)
    return RemoteSku(
        sku=sku,
        remote_sku_id=sku_id,
        price=_price(info, what),
        stock=stock,
        campaign_reserved=reserved,
        other_locations=others,
    )


def remote_listing(
    base: Mapping[str, Any],
    models: Mapping[str, Any] | None,
    shop_id: str,
    location: str | None = None,
) -> RemoteListing:
    """A listing from get_item_base_info (+ get_model_list when the item has models); stock is
    the stock of `location` (the one coopsync manages)."""
    item_id = str(field(base, "item_id", int, "get_item_base_info"))
    what = f"get_item_base_info (item {item_id})"
    title = str(field(base, "item_name", str, what))
    status = listing_status(str(field(base, "item_status", str, what)))
    skus: list[RemoteSku] = []
    if base.get("has_model"):
        if models is None:
            raise Fatal(f"the models of Shopee item {item_id} were not read")
        for model in records(models, "model", f"get_model_list (item {item_id})", required=True):
            model_what = f"get_model_list (item {item_id})"
            model_id = str(field(model, "model_id", int, model_what))
            sku = str(model.get("model_sku") or "")
            skus.append(_remote_sku(sku, model_id, model, model_what, location))
    else:
        skus.append(_remote_sku(str(base.get("item_sku") or ""), "0", base, what, location))
    updated = base.get("update_time")
    return RemoteListing(
        remote_id=item_id,
        title=title,
        status=status,
        skus=tuple(skus),
        url=listing_url(shop_id, item_id),
        updated_at=utc(updated, what) if isinstance(updated, int) else None,
    )


def model_ids(answer: Mapping[str, Any]) -> dict[str, str]:
    """SKU -> model id from init_tier_variation's answer (`model[]`: tier_index, model_id,
    model_sku)."""
    out: dict[str, str] = {}
    for model in records(answer, "model", "init_tier_variation", required=True):
        sku = str(model.get("model_sku") or "")
        out[sku] = str(field(model, "model_id", int, "init_tier_variation"))
    return out


def created_listing(
    item_id: str, draft: ListingDraft, models: Mapping[str, str] | None, shop_id: str
) -> RemoteListing:
    """The listing add_item (and init_tier_variation) just made, from their answers: the
    SKUs Shopee confirmed, with the price and stock that were sent."""
    skus = []
    for variant in draft.variants:
        model_id = "0" if models is None else models.get(variant.sku)
        if model_id is not None:
            skus.append(RemoteSku(variant.sku, model_id, variant.price, variant.stock))
    return RemoteListing(
        remote_id=str(item_id),
        title=draft.title,
        status=ListingStatus.ACTIVE,
        skus=tuple(skus),
        url=listing_url(shop_id, item_id),
    )


# Package logistics statuses (get_order_detail's package_list) of a parcel gone for good.
LOST_PARCEL = frozenset({"LOGISTICS_LOST"})


def _amount(value: Any, what: str) -> int:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return 0
    return rupiah(value, what)


def needs_escrow(detail: Mapping[str, Any]) -> bool:
    """True when an item's price is not in the order detail: a bundle deal shows
    `model_discounted_price` 0 and its price only in payment/get_escrow_detail."""
    return any(
        isinstance(entry, dict) and _amount(entry.get("model_discounted_price"), "a price") <= 0
        for entry in detail.get("item_list") or []
    )


def _lost_items(detail: Mapping[str, Any]) -> set[tuple[int, int]] | None:
    """(item id, model id) of the items in lost parcels; None: no parcel is lost."""
    lost: set[tuple[int, int]] = set()
    found = False
    for package in detail.get("package_list") or []:
        if not isinstance(package, dict) or package.get("logistics_status") not in LOST_PARCEL:
            continue
        found = True
        for item in package.get("item_list") or []:
            if isinstance(item, dict):
                lost.add((int(item.get("item_id") or 0), int(item.get("model_id") or 0)))
    return lost if found else None


def order_from_detail(
    detail: Mapping[str, Any], escrow_items: Sequence[Mapping[str, Any]] = ()
) -> Order:
    """An Order from one get_order_detail entry (item_list, package_list and total_amount
    requested), one line per entry of item_list keyed by item and model.

    Money: `model_original_price` is the unit's price; `model_discounted_price` the unit's
    price after the shop's own promotion (the difference is the seller's discount). A bundle
    deal's items show 0 there: their price comes from get_escrow_detail (`escrow_items`, line
    totals: `original_price`, `discounted_price`, `seller_discount`, `shopee_discount`). A
    cancelled order whose parcel the courier lost (package `LOGISTICS_LOST`) is lost, not
    cancelled: its units never come back.
    """
    order_sn = str(field(detail, "order_sn", str, "get_order_detail"))
    what = f"get_order_detail (order {order_sn})"
    status = order_status(str(field(detail, "order_status", str, what)))
    lost = _lost_items(detail) if status is OrderStatus.CANCELLED else None
    escrow = {
        (int(e.get("item_id") or 0), int(e.get("model_id") or 0)): e
        for e in escrow_items
        if isinstance(e, dict)
    }
    lines: list[OrderLine] = []
    used: set[str] = set()
    for entry in records(detail, "item_list", what, required=True):
        item_id, model_id = int(entry.get("item_id") or 0), int(entry.get("model_id") or 0)
        sku = str(entry.get("model_sku") or entry.get("item_sku") or "")
        if not sku:
            sku = f"{item_id}:{model_id}"
        line_id = f"{item_id}:{model_id}"
        if line_id in used:  # the same model twice (a bundle and a single): Shopee's own ids
            line_id += f":{entry.get('order_item_id') or entry.get('promotion_group_id') or 0}"
        used.add(line_id)
        quantity = int(field(entry, "model_quantity_purchased", int, what))
        original = rupiah(entry.get("model_original_price"), what)
        discounted = _amount(entry.get("model_discounted_price"), what)
        seller = (original - discounted) * quantity if 0 < discounted < original else 0
        platform = 0
        priced = escrow.get((item_id, model_id))
        if priced is not None and discounted <= 0:
            gross = _amount(priced.get("original_price"), what) or original * quantity
            sold = _amount(priced.get("discounted_price"), what)
            platform = _amount(priced.get("shopee_discount"), what)
            seller = max(0, gross - sold - platform) if sold else 0
        line_status = status
        if lost is not None and (not lost or (item_id, model_id) in lost):
            line_status = OrderStatus.LOST
        lines.append(
            OrderLine(
                line_id,
                sku,
                quantity,
                original,
                line_status,
                seller_discount=seller,
                platform_discount=platform,
            )
        )
    total_amount = detail.get("total_amount")
    total = (
        rupiah(total_amount, what)
        if total_amount is not None
        else sum(line.buyer_paid for line in lines)
    )
    if lines and all(line.status is OrderStatus.LOST for line in lines):
        status = OrderStatus.LOST
    return Order(
        order_id=order_sn,
        status=status,
        created_at=utc(detail.get("create_time"), what),
        updated_at=utc(detail.get("update_time"), what),
        lines=tuple(lines),
        total=total,
        currency=str(detail.get("currency") or "IDR"),
    )


def usable_channels(channels: Sequence[Mapping[str, Any]]) -> list[int]:
    """Courier channel ids a new listing can use without per-item fees or sizes.

    Enabled channels only; not those whose fee needs a size (SIZE_SELECTION) or a price of
    our own (CUSTOM_PRICE). Checkout channels (`mask_channel_id` 0, e.g. "Reguler") are what
    buyers choose; their fulfilment channels (J&T, SiCepat...) are used only when a shop has no
    checkout channel.
    """
    usable = [
        c
        for c in channels
        if c.get("enabled")
        and isinstance(c.get("logistics_channel_id"), int)
        and c.get("fee_type") not in ("SIZE_SELECTION", "CUSTOM_PRICE")
    ]
    checkout = [c for c in usable if not c.get("mask_channel_id")]
    return [int(c["logistics_channel_id"]) for c in (checkout or usable)]


# ---- building requests -------------------------------------------------------------------------
def attribute_list(attributes: Mapping[str, str]) -> list[dict[str, Any]]:
    """Catalog attributes {attribute_id: value}: a numeric value is a value_id, else a name.

    Keys that are not Shopee attribute ids (the catalog's own words, like `Bahan`) describe the
    product for people and other channels; Shopee would refuse them, so they are left out.
    """
    out = []
    for key, value in attributes.items():
        if not str(key).isdigit():
            continue
        entry: dict[str, Any] = (
            {"value_id": int(value)}
            if str(value).isdigit()
            else {
                "value_id": 0,
                "original_value_name": str(value),
            }
        )
        out.append({"attribute_id": int(key), "attribute_value_list": [entry]})
    return out


def parent_sku(draft: ListingDraft) -> str:
    """The item-level SKU of a listing with variants: never one of its variants' SKUs.

    Between add_item and init_tier_variation an item exists with no models; its item SKU must
    not pass for a variant's, so that the next run finishes it instead of taking it for one.
    """
    variant_skus = {v.sku for v in draft.variants}
    return draft.product_id if draft.product_id not in variant_skus else f"{draft.product_id}~item"


def _weight_kg(draft: ListingDraft) -> float:
    grams = draft.weight_g or next((v.weight_g for v in draft.variants if v.weight_g), None)
    if not grams:
        raise Rejected(f"{draft.product_id}: Shopee needs a weight (weight_g)")
    return round(grams / 1000, 3)


def _dimension(draft: ListingDraft) -> dict[str, int] | None:
    if draft.dimensions_cm is None:
        return None
    length, width, height = draft.dimensions_cm
    return {"package_length": length, "package_width": width, "package_height": height}


def item_payload(
    draft: ListingDraft,
    image_ids: Sequence[str],
    logistic_ids: Sequence[int],
    *,
    days_to_ship: int = 2,
) -> dict[str, Any]:
    """The add_item body. With variants, prices and stock are set per model afterwards."""
    if not draft.category_id:
        raise Rejected(
            f"{draft.product_id}: Shopee needs a category_id",
            hint="set channels.<shopee channel>.category_id on the product",
        )
    if not draft.variants:
        raise Rejected(f"{draft.product_id}: a listing needs at least one variant")
    first: DraftVariant = draft.variants[0]
    body: dict[str, Any] = {
        "item_name": draft.title,
        "description": draft.description,
        "original_price": min(v.price for v in draft.variants),
        # With variants each model gets its own stock next; the item's is replaced then.
        "seller_stock": [{"stock": sum(v.stock for v in draft.variants)}],
        "category_id": int(draft.category_id),
        "image": {"image_id_list": list(image_ids)},
        "logistic_info": [{"logistic_id": lid, "enabled": True} for lid in logistic_ids],
        "weight": _weight_kg(draft),
        "item_sku": parent_sku(draft) if draft.has_variants else first.sku,
        "condition": "NEW",
        "item_status": "NORMAL",
        "brand": {"brand_id": 0, "original_brand_name": draft.brand} if draft.brand else NO_BRAND,
        "pre_order": {"is_pre_order": days_to_ship > 3, "days_to_ship": days_to_ship},
    }
    dimension = _dimension(draft)
    if dimension:
        body["dimension"] = dimension
    if draft.attributes:
        body["attribute_list"] = attribute_list(draft.attributes)
    return body


def update_payload(item_id: str, draft: ListingDraft, image_ids: Sequence[str]) -> dict[str, Any]:
    """The update_item body: title, description, images, attributes, package; never price/stock."""
    body: dict[str, Any] = {
        "item_id": int(item_id),
        "item_name": draft.title,
        "description": draft.description,
        "weight": _weight_kg(draft),
    }
    if image_ids:
        body["image"] = {"image_id_list": list(image_ids)}
    dimension = _dimension(draft)
    if dimension:
        body["dimension"] = dimension
    if draft.attributes:
        body["attribute_list"] = attribute_list(draft.attributes)
    return body


def tier_names(draft: ListingDraft) -> list[str]:
    """Option names in first-seen order (Ukuran, Warna); "Varian" when the catalog names none."""
    return draft.option_names() or ["Varian"]


def tier_variation_payload(item_id: str, draft: ListingDraft) -> dict[str, Any]:
    """The init_tier_variation body: ≤2 tiers, one model per catalog variant."""
    names = tier_names(draft)
    if len(names) > 2:
        raise Rejected(f"{draft.product_id}: Shopee allows at most 2 option names, got {names}")
    options: list[list[str]] = [[] for _ in names]
    models = []
    for variant in draft.variants:
        index = []
        for tier, name in enumerate(names):
            value = variant.options.get(name) or (variant.sku if name == "Varian" else "-")
            if value not in options[tier]:
                options[tier].append(value)
            index.append(options[tier].index(value))
        models.append(
            {
                "tier_index": index,
                "original_price": variant.price,
                "model_sku": variant.sku,
                "seller_stock": [{"stock": variant.stock}],
            }
        )
    return {
        "item_id": int(item_id),
        "tier_variation": [
            {"name": name, "option_list": [{"option": o} for o in opts]}
            for name, opts in zip(names, options, strict=True)
        ],
        "model": models,
    }
