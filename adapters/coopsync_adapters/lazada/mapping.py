"""Catalog <-> Lazada payloads, pure: drafts to product JSON, products and orders back.

Money is integer rupiah (Lazada sends prices as decimal strings or numbers), times are aware UTC
datetimes (Lazada sends ISO 8601 with the seller's offset, or Unix milliseconds).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
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
from coopsync_adapters.lazada.stock import (
    SkuChange,
    price_quantity_payload,
    sellable,
    sku_stock,
)

__all__ = ["SkuChange", "price_quantity_payload", "sellable"]

log = logging.getLogger("coopsync.lazada")

UNPAID_HOLD = timedelta(minutes=30)  # Lazada releases an unpaid order's withhold after this
TITLE_MAX = 255  # CreateProduct: name, maximum 255 characters
DESCRIPTION_MAX = 25_000  # CreateProduct: description, maximum 25000 characters
IMAGES_MAX = 8  # CreateProduct: at most 8 images in each Image field
VARIATIONS_MAX = 2  # VARIATION_SIZE_LIMIT: "The Size Limit is: 2"
VARIATION_NAME_MAX = 15  # VARIATION_NAME_LENGTH_LIMIT
VARIATION_OPTION_MAX = 20  # VARIATION_OPTION_LENGTH_LIMIT
STANDARD_SALE_PROPS = frozenset({"color_family", "size"})  # category-defined, not custom


class MappingError(ValueError):
    """A platform payload lacks or garbles a field coopsync needs."""


# ---- scalars -------------------------------------------------------------------------------
def money(amount: int) -> str:
    """Integer rupiah as Lazada's price string."""
    return str(int(amount))


def parse_money(value: Any) -> int:
    """A price as Lazada sends it ("106.00", 102.0, "25000") to integer rupiah."""
    try:
        return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except (InvalidOperation, ValueError) as exc:
        raise MappingError(f"not an amount: {value!r}") from exc


def parse_int(value: Any) -> int:
    try:
        return int(Decimal(str(value)))
    except (InvalidOperation, ValueError) as exc:
        raise MappingError(f"not a number: {value!r}") from exc


def kilograms(grams: int) -> str:
    """Lazada's package_weight: kilograms with at most two decimals."""
    kg = (Decimal(grams) / 1000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    kg = max(kg, Decimal("0.01"))
    return format(kg.normalize(), "f")


_OFFSET_NO_COLON = re.compile(r"([+-]\d{2})(\d{2})$")


def parse_time(value: Any) -> datetime:
    """ISO 8601 with an offset, 'YYYY-MM-DD HH:MM:SS +0700', or Unix milliseconds -> UTC."""
    text = str(value).strip()
    if text.isdigit():
        number = int(text)
        seconds = number / 1000 if number > 10**11 else number
        return datetime.fromtimestamp(seconds, UTC)
    candidate = text.replace(" +", "+").replace(" -", "-")
    candidate = _OFFSET_NO_COLON.sub(r"\1:\2", candidate).replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(candidate)
    except ValueError as exc:
        raise MappingError(f"not a time: {value!r}") from exc
    if parsed.tzinfo is None:
        raise MappingError(f"a time without a timezone: {value!r}")
    return parsed.astimezone(UTC)


def format_time(moment: datetime) -> str:
    """ISO 8601 with an explicit offset, to the second, as orders/get expects."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def floor_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def ceil_second(moment: datetime) -> datetime:
    floored = moment.replace(microsecond=0)
    return floored if floored == moment else floored + timedelta(seconds=1)


# ---- statuses ------------------------------------------------------------------------------
_TO_SHIP = {
    "pending",
    "topack",
    "toship",
    "packed",
    "repacked",
    "ready_to_ship",
    "ready_to_ship_pending",
}
# Units that left the shelf and are not (yet) back: a failed delivery only restocks when the
# parcel arrives back (shipped_back_success), and a lost or scrapped parcel never does.
_SHIPPED = {
    "shipped",
    "in_transit",
    "failed",
    "failed_delivery",
    "shipped_back",
    "shipped_back_failed",
}
# Lost or destroyed on the way: gone for good, and not a sale (the buyer gets the money back).
_LOST = {"lost", "lost_by_3pl", "damaged_by_3pl", "package_scrapped"}
_COMPLETED = {"delivered", "confirmed", "completed"}
_CANCELLED = {"canceled", "cancelled"}
_RETURNED = {"returned", "shipped_back_success", "back_to_shipper"}


def normalise_status(status: str) -> OrderStatus:
    """A Lazada order-item status in coopsync's statuses (delivered counts as completed)."""
    key = status.strip().lower().replace(" ", "_")
    if key == "unpaid":
        return OrderStatus.UNPAID
    if key in _TO_SHIP:
        return OrderStatus.TO_SHIP
    if key in _SHIPPED:
        return OrderStatus.SHIPPED
    if key in _LOST:
        return OrderStatus.LOST
    if key in _COMPLETED:
        return OrderStatus.COMPLETED
    if key in _CANCELLED:
        return OrderStatus.CANCELLED
    if key in _RETURNED or key.startswith("return"):
        return OrderStatus.RETURNED
    # An unknown status keeps its units reserved rather than selling them twice.
    log.warning("unknown Lazada order status %r, treated as to_ship", status)
    return OrderStatus.TO_SHIP


_PROGRESS = [OrderStatus.UNPAID, OrderStatus.TO_SHIP, OrderStatus.SHIPPED, OrderStatus.COMPLETED]


def order_status(line_statuses: Iterable[OrderStatus]) -> OrderStatus:
    """The order's status: its least advanced live line, else returned or cancelled."""
    statuses = list(line_statuses)
    live = [s for s in statuses if s in _PROGRESS]
    if live:
        return min(live, key=_PROGRESS.index)
    if OrderStatus.RETURNED in statuses:
        return OrderStatus.RETURNED
    if OrderStatus.LOST in statuses:
        return OrderStatus.LOST
    return OrderStatus.CANCELLED


# ---- listings ------------------------------------------------------------------------------
def _weight(draft: ListingDraft, variant: DraftVariant) -> int | None:
    return variant.weight_g or draft.weight_g


def draft_problems(draft: ListingDraft) -> list[str]:
    """What Lazada would refuse in a draft, all at once (checked before any upload)."""
    problems: list[str] = []
    if not draft.category_id:
        problems.append("a Lazada category_id is required (PrimaryCategory)")
    if len(draft.title) > TITLE_MAX:
        problems.append(f"the title is longer than {TITLE_MAX} characters")
    if len(draft.description) > DESCRIPTION_MAX:
        problems.append(f"the description is longer than {DESCRIPTION_MAX} characters")
    if not draft.images:
        problems.append("Lazada needs at least one product image")
    if len(draft.images) > IMAGES_MAX:
        problems.append(f"Lazada takes at most {IMAGES_MAX} product images")
    if draft.dimensions_cm is None:
        problems.append("package dimensions (length, width, height in cm) are required")
    for variant in draft.variants:
        if not _weight(draft, variant):
            problems.append(f"{variant.sku}: a package weight (weight_g) is required")
    names = draft.option_names()
    if len(names) > VARIATIONS_MAX:
        problems.append(f"Lazada allows at most {VARIATIONS_MAX} variation names, not {names}")
    for name in names:
        if len(name) > VARIATION_NAME_MAX:
            problems.append(f"variation name {name!r} is longer than {VARIATION_NAME_MAX}")
    for variant in draft.variants:
        for option in variant.options.values():
            if len(option) > VARIATION_OPTION_MAX:
                problems.append(
                    f"{variant.sku}: option {option!r} is longer than {VARIATION_OPTION_MAX}"
                )
    return problems


def _attributes(draft: ListingDraft) -> dict[str, Any]:
    attributes: dict[str, Any] = {
        "name": draft.title,
        "description": draft.description,
        "brand": draft.brand or "No Brand",
    }
    attributes.update({k: v for k, v in draft.attributes.items()})
    attributes.update({k: v for k, v in draft.extra.items() if isinstance(v, str | int)})
    return attributes


def _package(draft: ListingDraft, variant: DraftVariant) -> dict[str, str]:
    length, width, height = draft.dimensions_cm or (0, 0, 0)
    return {
        "package_weight": kilograms(_weight(draft, variant) or 0),
        "package_length": str(length),
        "package_width": str(width),
        "package_height": str(height),
    }


def create_payload(
    draft: ListingDraft, images: Sequence[str], variant_images: Mapping[str, Sequence[str]]
) -> dict[str, Any]:
    """The /product/create JSON payload; `images` are Lazada-hosted URLs already."""
    product: dict[str, Any] = {
        "PrimaryCategory": str(draft.category_id),
        "Images": {"Image": list(images)},
        "Attributes": _attributes(draft),
    }
    names = draft.option_names()
    if names:
        product["variation"] = {
            f"Variation{i}": {
                "name": name,
                "hasImage": False,
                "customize": name not in STANDARD_SALE_PROPS,
                "options": {"option": _options(draft.variants, name)},
            }
            for i, name in enumerate(names, start=1)
        }
    skus = []
    for variant in draft.variants:
        sku: dict[str, Any] = {
            "SellerSku": variant.sku,
            "quantity": str(variant.stock),
            "price": money(variant.price),
            **_package(draft, variant),
        }
        if variant.options:
            sku["saleProp"] = dict(variant.options)
        if variant_images.get(variant.sku):
            sku["Images"] = {"Image": list(variant_images[variant.sku])}
        skus.append(sku)
    product["Skus"] = {"Sku": skus}
    return {"Request": {"Product": product}}


def _options(variants: Sequence[DraftVariant], name: str) -> list[str]:
    values: list[str] = []
    for variant in variants:
        value = variant.options.get(name)
        if value is not None and value not in values:
            values.append(value)
    return values


def update_payload(
    remote: RemoteListing, draft: ListingDraft, images: Sequence[str]
) -> dict[str, Any]:
    """The /product/update payload: title, description, images, attributes, packages.

    Never price or quantity; SellerSku is immutable, so SKUs are named by SkuId with their
    existing SellerSku, and variants the listing does not have yet are left out.
    """
    by_sku = remote.sku_map()
    skus = [
        {
            "SkuId": by_sku[variant.sku].remote_sku_id,
            "SellerSku": variant.sku,
            **_package(draft, variant),
        }
        for variant in draft.variants
        if variant.sku in by_sku and draft.dimensions_cm and _weight(draft, variant)
    ]
    product: dict[str, Any] = {"ItemId": remote.remote_id, "Attributes": _attributes(draft)}
    if draft.category_id:
        product["PrimaryCategory"] = str(draft.category_id)
    if images:
        product["Images"] = {"Image": list(images)}
    if skus:
        product["Skus"] = {"Sku": skus}
    return {"Request": {"Product": product}}


def _listing_status(value: Any) -> ListingStatus:
    text = str(value or "").strip().lower()
    if text == "active":
        return ListingStatus.ACTIVE
    if text == "deleted":
        return ListingStatus.DELETED
    return ListingStatus.INACTIVE


def listing_from_product(product: Mapping[str, Any], warehouse: str | None = None) -> RemoteListing:
    """A /products/get product as a RemoteListing (stock = what buyers can order from the
    warehouse coopsync manages)."""
    try:
        item_id = str(product["item_id"])
        attributes = product.get("attributes") or {}
        raw_skus = product["skus"]
        skus = tuple(_remote_sku(s, warehouse) for s in raw_skus)
    except (KeyError, TypeError, ValueError) as exc:
        raise MappingError(f"a product without {exc}") from exc
    url = next((str(s["Url"]) for s in raw_skus if s.get("Url")), None)
    updated = product.get("updated_time")
    return RemoteListing(
        remote_id=item_id,
        title=str(attributes.get("name", "")),
        status=_listing_status(product.get("status")),
        skus=skus,
        url=url,
        updated_at=parse_time(updated) if updated not in (None, "") else None,
    )


def _remote_sku(sku: Mapping[str, Any], warehouse: str | None) -> RemoteSku:
    stock = sku_stock(sku, warehouse)
    return RemoteSku(
        sku=str(sku["SellerSku"]),
        remote_sku_id=str(sku["SkuId"]),
        price=parse_money(sku["price"]),
        stock=stock.stock,
        campaign_reserved=stock.campaign_reserved,
        other_locations=stock.other_locations,
    )


# ---- orders --------------------------------------------------------------------------------
def _item_key(item: Mapping[str, Any]) -> tuple[int, str]:
    raw = str(item.get("order_item_id", ""))
    return (int(raw) if raw.isdigit() else 0, raw)


def _amount(item: Mapping[str, Any], *keys: str) -> int:
    """The sum of these money fields of an order item (absent or empty: 0), integer rupiah."""
    total = Decimal(0)
    for key in keys:
        value = item.get(key)
        if value not in (None, ""):
            total += Decimal(str(value))
    return int(total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def order_lines(items: Sequence[Mapping[str, Any]]) -> tuple[OrderLine, ...]:
    """One order item per unit -> one line per order item, keyed by its `order_item_id`.

    Lazada keeps the order item id whatever happens to the unit (it ships, comes back, is
    lost), so a line keeps its id as its unit moves on; the store keeps each unit's own
    shipping time. Money (GetOrderItems): `item_price` is the unit's price, `voucher_seller`
    (and `voucher_seller_lpi`) what the seller's vouchers took off, `voucher_platform` (and
    `voucher_platform_lpi`) what Lazada's took off, `paid_price` what the buyer paid. A returned
    unit is dated by its own `updated_at`.
    """
    lines = []
    for item in sorted(items, key=_item_key):
        try:
            item_id = str(item["order_item_id"])
            sku = str(item["sku"])
            status = normalise_status(str(item["status"]))
        except KeyError as exc:
            raise MappingError(f"an order item without {exc}") from exc
        seller = _amount(item, "voucher_seller", "voucher_seller_lpi")
        platform = _amount(item, "voucher_platform", "voucher_platform_lpi")
        has_paid = item.get("paid_price") not in (None, "")
        list_price = (
            _amount(item, "item_price")
            if item.get("item_price") not in (None, "")
            else (_amount(item, "paid_price") + seller + platform)
        )
        updated = item.get("updated_at")
        returned_at = (
            parse_time(updated)
            if status is OrderStatus.RETURNED and updated not in (None, "")
            else None
        )
        lines.append(
            OrderLine(
                item_id,
                sku,
                1,
                list_price,
                status,
                seller_discount=seller,
                platform_discount=platform,
                paid=_amount(item, "paid_price") if has_paid else None,
                returned_at=returned_at,
            )
        )
    return tuple(lines)


def order_from(
    summary: Mapping[str, Any], items: Sequence[Mapping[str, Any]], currency: str
) -> Order:
    """An /orders/get entry and its /orders/items/get items as an Order."""
    try:
        order_id = str(summary["order_id"])
        created = parse_time(summary["created_at"])
        updated = parse_time(summary["updated_at"])
    except KeyError as exc:
        raise MappingError(f"an order without {exc}") from exc
    if not items:
        raise MappingError(f"order {order_id} has no items")
    lines = order_lines(items)
    if summary.get("price") not in (None, ""):
        total = parse_money(summary["price"])
    else:
        total = sum(line.buyer_paid for line in lines)
    status = order_status(line.status for line in lines)
    return Order(
        order_id=order_id,
        status=status,
        created_at=created,
        updated_at=updated,
        lines=lines,
        total=total,
        currency=currency,
        # "After the order remains unpaid for 30 minutes, the inventory will be moved to
        # SellableQuantity" (Inventory calculation logic).
        hold_until=created + UNPAID_HOLD if status is OrderStatus.UNPAID else None,
    )
