"""Catalog <-> WooCommerce payloads, status normalisation, money and time. Pure functions.

WooCommerce speaks strings for prices ("25000.00"), SKUs, weights and dimensions, integers for
stock (only when `manage_stock` is true) and naive ISO 8601 times (`*_gmt` fields are UTC).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
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
from coopsync.errors import Fatal

# WooCommerce order statuses (and the custom ones shipment plugins commonly register).
# WooCommerce itself has no "shipped": `completed` means the order was fulfilled, so its
# units have left the shelf. `on-hold` is a bank-transfer order awaiting the shop's payment
# check: not paid yet, its units stay reserved.
ORDER_STATUSES: dict[str, OrderStatus] = {
    "pending": OrderStatus.UNPAID,
    "on-hold": OrderStatus.UNPAID,
    "processing": OrderStatus.TO_SHIP,
    "shipped": OrderStatus.SHIPPED,
    "dikirim": OrderStatus.SHIPPED,
    "shipping": OrderStatus.SHIPPED,
    "in-shipping": OrderStatus.SHIPPED,
    "delivered": OrderStatus.COMPLETED,
    "completed": OrderStatus.COMPLETED,
    "cancelled": OrderStatus.CANCELLED,
    "failed": OrderStatus.CANCELLED,
    "trash": OrderStatus.CANCELLED,
    "refunded": OrderStatus.RETURNED,
}
# The block checkout's unfinished carts: not orders yet.
SKIPPED_ORDER_STATUSES = frozenset({"checkout-draft", "auto-draft"})

WEIGHT_PER_GRAM = {
    "g": Decimal(1),
    "kg": Decimal("0.001"),
    "lbs": 1 / Decimal("453.59237"),
    "oz": 1 / Decimal("28.349523125"),
}
LENGTH_PER_CM = {
    "cm": Decimal(1),
    "m": Decimal("0.01"),
    "mm": Decimal(10),
    "in": 1 / Decimal("2.54"),
    "yd": 1 / Decimal("91.44"),
}


@dataclass(frozen=True)
class Units:
    """The shop's weight and dimension units (WooCommerce > Settings > Products)."""

    weight: str = "kg"
    dimension: str = "cm"


def malformed(what: str) -> Fatal:
    return Fatal(
        f"the shop answered {what}",
        hint="the shop or one of its plugins may be misbehaving; try again later",
    )


def _field(obj: Mapping[str, Any], key: str, what: str) -> Any:
    if key not in obj or obj[key] is None:
        raise malformed(f"{what} without '{key}'")
    return obj[key]


def _text(obj: Mapping[str, Any], key: str, what: str) -> str:
    value = _field(obj, key, what)
    if not isinstance(value, str):
        raise malformed(f"{what} with a '{key}' that is not text")
    return value


def _integer(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise malformed(f"{what} that is not a whole number")
    try:
        return int(value)
    except ValueError:
        raise malformed(f"{what} that is not a whole number") from None


# ---- money, numbers, time -------------------------------------------------------------------
def money(value: Any, what: str = "a price") -> int:
    """'25000.00', '25000', 25000.0 or '' -> integer rupiah (half up)."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise malformed(f"{what} that is not an amount")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise malformed(f"{what} that is not an amount ({value!r})") from None
    if not amount.is_finite():
        raise malformed(f"{what} that is not an amount ({value!r})")
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def price_text(rupiah: int) -> str:
    """Integer rupiah as WooCommerce wants a price: a string."""
    return str(int(rupiah))


def number_text(value: Decimal) -> str:
    """A decimal as short text: 0.300 -> '0.3', 300 -> '300'."""
    text = format(value.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP).normalize(), "f")
    return text if text != "-0" else "0"


def weight_text(grams: int, unit: str) -> str:
    return number_text(Decimal(grams) * WEIGHT_PER_GRAM.get(unit, WEIGHT_PER_GRAM["kg"]))


def length_text(cm: int, unit: str) -> str:
    return number_text(Decimal(cm) * LENGTH_PER_CM.get(unit, LENGTH_PER_CM["cm"]))


_TIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$"
)


def parse_gmt(value: Any, what: str = "a time") -> datetime:
    """A `*_gmt` field ('2026-11-20T03:00:00', UTC without a zone) -> aware UTC datetime."""
    if not isinstance(value, str) or not _TIME.match(value):
        raise malformed(f"{what} that is not a date ({value!r})")
    text = value.replace("Z", "+00:00").replace("t", "T").replace(" ", "T")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise malformed(f"{what} that is not a date ({value!r})") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def format_gmt(moment: datetime) -> str:
    """An aware datetime as WooCommerce's query parameters want it, in UTC (dates_are_gmt)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


# ---- listings -------------------------------------------------------------------------------
def listing_status(status: Any) -> ListingStatus:
    if status == "publish":
        return ListingStatus.ACTIVE
    if status == "trash":
        return ListingStatus.DELETED
    return ListingStatus.INACTIVE


def stock_of(item: Mapping[str, Any], parent_stock: int = 0) -> int:
    """Units WooCommerce counts; 0 when it does not manage stock for this item."""
    managed = item.get("manage_stock")
    if managed == "parent":  # a variation sharing its parent's stock
        return parent_stock
    if managed is True:
        quantity = item.get("stock_quantity")
        return _integer(quantity, "a stock quantity") if quantity is not None else 0
    return 0


def _price_of(item: Mapping[str, Any]) -> int:
    # The regular price is what coopsync sets; a sale price set by hand stays the shop's choice.
    value = item.get("regular_price")
    if value in (None, ""):
        value = item.get("price")
    return money(value)


def to_listing(
    product: Mapping[str, Any], variations: Sequence[Mapping[str, Any]] = ()
) -> RemoteListing:
    """A product (and its variations, for a variable product) as a RemoteListing."""
    product_id = _integer(_field(product, "id", "a product"), "a product id")
    name = _text(product, "name", "a product")
    kind = _text(product, "type", "a product")
    updated = product.get("date_modified_gmt")
    if kind == "variable":
        parent_stock = stock_of(product)
        skus = tuple(
            RemoteSku(
                sku=str(variation["sku"]),
                remote_sku_id=str(_integer(_field(variation, "id", "a variation"), "an id")),
                price=_price_of(variation),
                stock=stock_of(variation, parent_stock),
            )
            for variation in variations
            if variation.get("sku")
        )
    else:
        sku = product.get("sku")
        skus = (RemoteSku(str(sku), "0", _price_of(product), stock_of(product)),) if sku else ()
    return RemoteListing(
        remote_id=str(product_id),
        title=name,
        status=listing_status(product.get("status")),
        skus=skus,
        url=str(product["permalink"]) if product.get("permalink") else None,
        updated_at=parse_gmt(updated, "a product date") if updated else None,
    )


def option_names(draft: ListingDraft) -> dict[str, list[str]]:
    """Variation attribute names, each with its options, in catalog order."""
    names: dict[str, list[str]] = {}
    for variant in draft.variants:
        for name, option in variant.options.items():
            options = names.setdefault(name, [])
            if option not in options:
                options.append(option)
    return names


def attributes_payload(draft: ListingDraft) -> list[dict[str, Any]]:
    """Variation attributes (options, variation: true) then the catalog's plain attributes."""
    out: list[dict[str, Any]] = []
    varying = option_names(draft) if draft.has_variants else {}
    for position, (name, options) in enumerate(varying.items()):
        out.append(
            {
                "name": name,
                "options": options,
                "position": position,
                "visible": True,
                "variation": True,
            }
        )
    for name, value in draft.attributes.items():
        if name in varying:
            continue
        out.append(
            {
                "name": str(name),
                "options": [str(value)],
                "position": len(out),
                "visible": True,
                "variation": False,
            }
        )
    return out


def parent_sku(draft: ListingDraft) -> str | None:
    """A variable product's own SKU (the catalog product id), so a half-made one can be found."""
    if any(v.sku == draft.product_id for v in draft.variants):
        return None
    return draft.product_id or None


def _details(draft: ListingDraft, units: Units) -> dict[str, Any]:
    """Fields shared by create and update: never price, stock or SKU."""
    payload: dict[str, Any] = {"name": draft.title, "description": draft.description}
    attributes = attributes_payload(draft)
    if attributes:
        payload["attributes"] = attributes
    if draft.category_id and str(draft.category_id).isdigit():
        payload["categories"] = [{"id": int(draft.category_id)}]
    weight = draft.weight_g
    if weight is None and not draft.has_variants:
        weight = draft.variants[0].weight_g
    if weight is not None:
        payload["weight"] = weight_text(weight, units.weight)
    if draft.dimensions_cm:
        length, width, height = draft.dimensions_cm
        payload["dimensions"] = {
            "length": length_text(length, units.dimension),
            "width": length_text(width, units.dimension),
            "height": length_text(height, units.dimension),
        }
    for key, value in draft.extra.items():
        if key not in _PRICE_AND_STOCK:
            payload[key] = value
    return payload


_PRICE_AND_STOCK = frozenset(
    {"sku", "regular_price", "sale_price", "price", "manage_stock", "stock_quantity", "type"}
)


def create_payload(
    draft: ListingDraft, units: Units, images: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """POST /products: a `simple` product, or a `variable` one whose variations follow."""
    payload = _details(draft, units)
    payload["status"] = "publish"
    if images:
        payload["images"] = [dict(i) for i in images]
    if draft.has_variants:
        payload["type"] = "variable"
        sku = parent_sku(draft)
        if sku:
            payload["sku"] = sku
    else:
        variant = draft.variants[0]
        payload |= {
            "type": "simple",
            "sku": variant.sku,
            "regular_price": price_text(variant.price),
            "manage_stock": True,
            "stock_quantity": int(variant.stock),
        }
    return payload


def update_payload(
    draft: ListingDraft, units: Units, images: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """PUT /products/{id}: title, description, attributes, images; never price or stock."""
    payload = _details(draft, units)
    if images:
        payload["images"] = [dict(i) for i in images]
    return payload


def merge_attributes(
    existing: Sequence[Mapping[str, Any]], ours: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """The product's attributes with ours added, for an update.

    Attributes the seller made stay; one we also name keeps its id (a global attribute such as
    pa_ukuran) and gains our options, so the variations that use it keep working.
    """
    merged = [dict(a) for a in existing if isinstance(a, Mapping)]
    by_name = {str(a.get("name", "")).casefold(): a for a in merged}
    for attribute in ours:
        same = by_name.get(str(attribute["name"]).casefold())
        if same is None:
            added = {**attribute, "position": len(merged)}
            merged.append(added)
            by_name[str(attribute["name"]).casefold()] = added
            continue
        options = [str(o) for o in same.get("options") or []]
        options += [o for o in attribute["options"] if o not in options]
        same["options"] = options
        same["variation"] = bool(same.get("variation")) or bool(attribute["variation"])
    return merged


def global_attribute_ids(attributes: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    """Name -> id of the product's global (taxonomy) attributes; a variation must use the id."""
    out: dict[str, int] = {}
    for attribute in attributes:
        attribute_id = attribute.get("id")
        if isinstance(attribute_id, int) and attribute_id > 0 and attribute.get("name"):
            out[str(attribute["name"]).casefold()] = attribute_id
    return out


def variation_payload(
    variant: DraftVariant,
    units: Units,
    image: Mapping[str, Any] | None = None,
    attribute_ids: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """One variation for /products/{id}/variations/batch `create`."""
    ids = attribute_ids or {}
    attributes = []
    for name, option in variant.options.items():
        attribute: dict[str, Any] = {"name": name, "option": option}
        if name.casefold() in ids:
            attribute["id"] = ids[name.casefold()]
        attributes.append(attribute)
    payload: dict[str, Any] = {
        "sku": variant.sku,
        "regular_price": price_text(variant.price),
        "manage_stock": True,
        "stock_quantity": int(variant.stock),
        "status": "publish",
        "attributes": attributes,
    }
    if variant.weight_g is not None:
        payload["weight"] = weight_text(variant.weight_g, units.weight)
    if image:
        payload["image"] = dict(image)
    return payload


# ---- orders ---------------------------------------------------------------------------------
def _per_unit(amount: int, quantity: int) -> int:
    return int((Decimal(amount) / quantity).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def normalise_status(slug: str) -> OrderStatus | None:
    """WooCommerce's order status -> ours; None for carts that are not orders yet.

    Unknown custom statuses (added by plugins) count as paid and not yet shipped, so their
    units stay reserved rather than being sold twice.
    """
    slug = slug.removeprefix("wc-")
    if slug in SKIPPED_ORDER_STATUSES:
        return None
    return ORDER_STATUSES.get(slug, OrderStatus.TO_SHIP)


def _meta(item: Mapping[str, Any], key: str) -> str | None:
    for entry in item.get("meta_data") or []:
        if isinstance(entry, dict) and entry.get("key") == key:
            return str(entry.get("value"))
    return None


@dataclass(frozen=True)
class RefundedUnits:
    """Units of one order line item given back in one refund."""

    refund_id: str
    at: datetime
    quantity: int
    amount: int  # integer rupiah, tax included


def refunded_units(refunds: Sequence[Mapping[str, Any]]) -> dict[str, list[RefundedUnits]]:
    """What each refund of /orders/<id>/refunds gave back, by original line item id, oldest
    refund first. A refund's line items point at the order's own item by `_refunded_item_id`
    and carry negative quantities and totals."""
    found: dict[str, list[RefundedUnits]] = {}
    dated = []
    for refund in refunds:
        if not isinstance(refund, dict):
            raise malformed("a refund that is not an object")
        at = parse_gmt(_field(refund, "date_created_gmt", "a refund"), "a refund's time")
        dated.append((at, str(refund.get("id")), refund))
    for at, refund_id, refund in sorted(dated, key=lambda x: (x[0], x[1])):
        for item in refund.get("line_items") or []:
            if not isinstance(item, dict):
                continue
            original = _meta(item, "_refunded_item_id")
            quantity = abs(_integer(item.get("quantity") or 0, "a refunded quantity"))
            amount = abs(money(item.get("total"), "a refunded total")) + abs(
                money(item.get("total_tax"), "a refunded tax")
            )
            if original and (quantity or amount):
                found.setdefault(original, []).append(
                    RefundedUnits(refund_id, at, quantity, amount)
                )
    return found


def _item_lines(
    item: Mapping[str, Any],
    status: OrderStatus,
    shipped_at: datetime | None,
    refunds: Sequence[RefundedUnits],
    what: str,
) -> list[OrderLine]:
    """One order line item, and the units its refunds split off.

    Units refunded before the order shipped are cancelled. After it shipped, the units
    WooCommerce restocked (`_restock_refunded_items` on the item, written when a refund puts
    them back) came back; the other refunded units stay sold, with their money refunded.
    """
    item_id = str(_field(item, "id", f"a line of {what}"))
    quantity = _integer(_field(item, "quantity", f"a line of {what}"), "a quantity")
    sku = str(item.get("sku") or "")  # "": a product without a SKU, not in the catalog
    line_total = item.get("total")
    if line_total in (None, ""):
        subtotal = total = money(item.get("price"), "a line price") * quantity
    else:
        total = money(line_total, "a line total")
        subtotal = money(item.get("subtotal"), "a line subtotal") or total
    tax = money(item.get("total_tax"), "a line tax")
    list_price = _per_unit(subtotal, quantity) if quantity else 0
    restock_left = int(_meta(item, "_restock_refunded_items") or 0)
    shipped = status in (OrderStatus.SHIPPED, OrderStatus.COMPLETED, OrderStatus.RETURNED)
    parts: list[OrderLine] = []
    kept_refund = 0
    left = quantity
    for refund in refunds:
        units = min(refund.quantity, left)
        before_shipping = not shipped or (shipped_at is not None and refund.at < shipped_at)
        back = units if before_shipping else min(units, restock_left)
        if not before_shipping:
            restock_left -= back
        if back:
            share = _per_unit(refund.amount * back, refund.quantity) if refund.quantity else 0
            parts.append(
                OrderLine(
                    f"{item_id}~{refund.refund_id}",
                    sku,
                    back,
                    list_price,
                    OrderStatus.CANCELLED if before_shipping else OrderStatus.RETURNED,
                    paid=share,
                    refunded=share,
                    returned_at=None if before_shipping else refund.at,
                    split_from=item_id,
                )
            )
            left -= back
            kept_refund += refund.amount - share
        else:
            kept_refund += refund.amount
    main_paid = total + tax - sum(part.buyer_paid for part in parts)
    main = OrderLine(
        item_id,
        sku,
        left,
        list_price,
        status,
        seller_discount=_per_unit((subtotal - total) * left, quantity) if quantity else 0,
        paid=main_paid,
        refunded=kept_refund,
        shipped_at=shipped_at if shipped else None,
    )
    return ([main] if left > 0 else []) + parts


def to_order(
    payload: Mapping[str, Any],
    refunds: Sequence[Mapping[str, Any]] = (),
    hold: timedelta | None = None,
) -> Order | None:
    """An order as the engine sees it (one line per line item, keyed by its id, and the units
    its refunds split off), or None for a draft cart. `refunds`: /orders/<id>/refunds. A
    `pending` order holds its units only for the shop's hold-stock minutes (`hold`)."""
    order_id = _integer(_field(payload, "id", "an order"), "an order id")
    what = f"order {order_id}"
    slug = _text(payload, "status", what).removeprefix("wc-")
    status = normalise_status(slug)
    if status is None:
        return None
    created = parse_gmt(_field(payload, "date_created_gmt", what), f"{what} with a creation time")
    updated = parse_gmt(_field(payload, "date_modified_gmt", what), f"{what} with an update time")
    completed = payload.get("date_completed_gmt")
    shipped_at = parse_gmt(completed, f"{what} with a completion time") if completed else None
    if status is OrderStatus.RETURNED:
        # `refunded`: never completed, the units never left (a cancellation). Once the refund
        # records are read, only the units WooCommerce restocked count as back.
        if shipped_at is None:
            status = OrderStatus.CANCELLED
        elif refunds:
            status = OrderStatus.COMPLETED
    items = _field(payload, "line_items", what)
    if not isinstance(items, list):
        raise malformed(f"{what} whose line_items is not a list")
    by_item = refunded_units(refunds)
    lines: list[OrderLine] = []
    for item in items:
        if not isinstance(item, dict):
            raise malformed(f"{what} with a line item that is not an object")
        item_refunds = by_item.get(str(item.get("id")), [])
        lines += _item_lines(item, status, shipped_at, item_refunds, what)
    return Order(
        order_id=str(order_id),
        status=status,
        created_at=created,
        updated_at=updated,
        lines=tuple(line for line in lines if line.quantity > 0),
        total=money(_field(payload, "total", what), f"{what} total"),
        currency=str(payload.get("currency") or "IDR"),
        hold_until=created + hold if slug == "pending" and hold is not None else None,
    )
