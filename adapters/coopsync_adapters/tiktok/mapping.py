"""Pure mapping between coopsync's types and TikTok Shop payloads (API version 202309)."""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from coopsync.adapters import (
    ListingDraft,
    ListingStatus,
    Order,
    OrderLine,
    OrderStatus,
    RemoteListing,
    RemoteSku,
)
from coopsync.errors import Fatal, Rejected

log = logging.getLogger("coopsync.adapters.tiktok")

CURRENCY = "IDR"
# Not in the API reference: the public product page every TikTok Shop share link opens.
LISTING_URL = "https://shop.tiktok.com/view/product/{product_id}"

PRODUCT_STATUS = {
    "ACTIVATE": ListingStatus.ACTIVE,
    "DELETED": ListingStatus.DELETED,
    # DRAFT, PENDING (under review), FAILED, SELLER_DEACTIVATED, PLATFORM_DEACTIVATED, FREEZE
}

# Order statuses of Get Order List / Get Order Detail (202309) and line `display_status`.
ORDER_STATUS = {
    "UNPAID": OrderStatus.UNPAID,
    "ON_HOLD": OrderStatus.TO_SHIP,  # paid, buyer may still cancel; not shippable yet
    "AWAITING_SHIPMENT": OrderStatus.TO_SHIP,
    "PARTIALLY_SHIPPING": OrderStatus.TO_SHIP,  # lines carry their own status
    "AWAITING_COLLECTION": OrderStatus.TO_SHIP,
    "IN_TRANSIT": OrderStatus.SHIPPED,
    "DELIVERED": OrderStatus.SHIPPED,
    "COMPLETED": OrderStatus.COMPLETED,
    "CANCELLED": OrderStatus.CANCELLED,
}
# A line's `display_status` uses the buyer-facing words (TO_SHIP, SHIPPED, ...), not the order's.
LINE_STATUS = {
    **ORDER_STATUS,
    "TO_SHIP": OrderStatus.TO_SHIP,
    "SHIPPED": OrderStatus.SHIPPED,
    "AWAITING_PICKUP": OrderStatus.TO_SHIP,
}


def listing_url(product_id: str) -> str:
    return LISTING_URL.format(product_id=product_id)


# ---- values ---------------------------------------------------------------------------------
def rupiah(value: object, what: str) -> int:
    """A money string such as "25000" or "25000.00" as integer rupiah."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Fatal(f"TikTok Shop sent {what} that is not an amount: {value!r}") from None
    if not amount.is_finite():
        raise Fatal(f"TikTok Shop sent {what} that is not an amount: {value!r}")
    return int(amount.to_integral_value())


def amount(rupiah_value: int) -> str:
    """Integer rupiah as the string TikTok Shop expects."""
    return str(int(rupiah_value))


def weight_kg(grams: int) -> str:
    """Grams as a KILOGRAM string without exponent: 300 -> "0.3", 1000 -> "1"."""
    value = (Decimal(grams) / 1000).normalize()
    return format(value, "f")


def description_html(text: str) -> str:
    """Plain catalog text as the HTML TikTok Shop wants: one <p> per paragraph."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    if not paragraphs:
        return ""
    return "".join(
        "<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )


def utc(seconds: object, what: str) -> datetime:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise Fatal(f"TikTok Shop sent {what} that is not a Unix time: {seconds!r}")
    return datetime.fromtimestamp(seconds, UTC)


def field(payload: Mapping[str, Any], key: str, kind: type, what: str) -> Any:
    """A required field of a payload, or a clear error naming what is missing."""
    value = payload.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise Fatal(f"TikTok Shop's {what} lacks '{key}'")
    return value


# ---- drafts -> payloads ---------------------------------------------------------------------
@dataclass(frozen=True)
class Images:
    """Image URIs returned by the image upload, for one draft."""

    main: tuple[str, ...]
    by_sku: Mapping[str, str]  # variant SKU -> its image URI (shown on its option value)


def package_fields(draft: ListingDraft) -> dict[str, Any]:
    """package_weight (required) and package_dimensions (all or none)."""
    grams = draft.weight_g or next((v.weight_g for v in draft.variants if v.weight_g), None)
    if not grams or grams <= 0:
        raise Rejected(
            "TikTok Shop needs the package weight",
            sku=draft.variants[0].sku if draft.variants else None,
            hint="set weight_g on the product or its variants",
        )
    out: dict[str, Any] = {"package_weight": {"value": weight_kg(grams), "unit": "KILOGRAM"}}
    if draft.dimensions_cm:
        length, width, height = draft.dimensions_cm
        out["package_dimensions"] = {
            "length": str(length),
            "width": str(width),
            "height": str(height),
            "unit": "CENTIMETER",
        }
    return out


def product_attributes(attributes: Mapping[str, str]) -> list[dict[str, Any]]:
    """{attribute_id: value} as product_attributes; a value "id:<n>" names a value id.

    TikTok Shop knows attributes only by the numeric ids of its Get Attributes API; catalog
    attributes named in words (Bahan: Katun) are for people and other channels, and are left out.
    """
    out = []
    for attribute_id, value in attributes.items():
        if not str(attribute_id).isdigit():
            continue
        entry = {"id": value[3:]} if value.startswith("id:") else {"name": value}
        out.append({"id": str(attribute_id), "values": [entry]})
    return out


def sales_attributes(
    options: Mapping[str, str], image_uri: str | None = None
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name, value in options.items():
        attribute: dict[str, Any] = {"name": name, "value_name": value}
        if image_uri and not out:  # only one attribute of a SKU may carry its image
            attribute["sku_img"] = {"uri": image_uri}
        out.append(attribute)
    return out


def create_body(draft: ListingDraft, images: Images, warehouse_id: str) -> dict[str, Any]:
    """POST /product/202309/products body for a draft."""
    if not draft.category_id:
        raise Rejected(
            "TikTok Shop needs a leaf category_id",
            sku=draft.variants[0].sku if draft.variants else None,
            hint="set channels.<channel>.category_id on the product",
        )
    several = len(draft.variants) > 1
    skus = []
    for variant in draft.variants:
        if several and not variant.options:
            raise Rejected(
                "every variant of a product with several variants needs an option "
                "(e.g. Ukuran: M) on TikTok Shop",
                sku=variant.sku,
            )
        sku: dict[str, Any] = {
            "seller_sku": variant.sku,
            "price": {"amount": amount(variant.price), "currency": CURRENCY},
            "inventory": [{"warehouse_id": warehouse_id, "quantity": int(variant.stock)}],
        }
        if variant.options:
            sku["sales_attributes"] = sales_attributes(
                variant.options, images.by_sku.get(variant.sku)
            )
        skus.append(sku)
    body: dict[str, Any] = {
        "title": draft.title,
        "description": description_html(draft.description) or html.escape(draft.title),
        "category_id": str(draft.category_id),
        "main_images": [{"uri": uri} for uri in images.main],
        "skus": skus,
        **package_fields(draft),
    }
    if product_attributes(draft.attributes):
        body["product_attributes"] = product_attributes(draft.attributes)
    body.update(dict(draft.extra))  # e.g. brand_id, delivery_option_ids, is_cod_allowed
    return body


def edit_body(draft: ListingDraft, images: Images) -> dict[str, Any]:
    """POST /product/202309/products/{id}/partial_edit body: content only, no price or stock."""
    body: dict[str, Any] = {
        "title": draft.title,
        "description": description_html(draft.description) or html.escape(draft.title),
        "main_images": [{"uri": uri} for uri in images.main],
        **package_fields(draft),
    }
    if product_attributes(draft.attributes):
        body["product_attributes"] = product_attributes(draft.attributes)
    extra = {k: v for k, v in draft.extra.items() if k != "category_id"}
    body.update(extra)
    return body


# ---- payloads -> coopsync -------------------------------------------------------------------
def sku_price(sku: Mapping[str, Any]) -> int:
    price = field(sku, "price", dict, "SKU")
    for key in ("tax_exclusive_price", "amount", "sale_price"):
        if price.get(key) not in (None, ""):
            return rupiah(price[key], "a price")
    raise Fatal("TikTok Shop's SKU price has no amount")


def sku_stock(
    sku: Mapping[str, Any], warehouse: str | None = None
) -> tuple[int, tuple[tuple[str, int], ...]]:
    """(quantity of the warehouse coopsync manages, the other warehouses): `warehouse`, else
    the first listed; the others are listed, never summed in (docs/stock.md, "TikTok Shop")."""
    inventory = sku.get("inventory") or []
    if not isinstance(inventory, list):
        raise Fatal("TikTok Shop's SKU inventory is not a list")
    per_warehouse: list[tuple[str, int]] = []
    for entry in inventory:
        quantity = entry.get("quantity") if isinstance(entry, dict) else None
        if isinstance(quantity, int) and not isinstance(quantity, bool):
            per_warehouse.append((str(entry.get("warehouse_id") or ""), quantity))
    if not per_warehouse:
        return 0, ()
    managed = warehouse if warehouse else per_warehouse[0][0]
    stock = sum(n for code, n in per_warehouse if code == managed)
    return stock, tuple((code, n) for code, n in per_warehouse if code != managed)


def _remote_sku(sku: Mapping[str, Any], warehouse: str | None) -> RemoteSku:
    stock, others = sku_stock(sku, warehouse)
    return RemoteSku(
        sku=str(sku.get("seller_sku") or ""),
        remote_sku_id=str(field(sku, "id", str, "SKU")),
        price=sku_price(sku),
        stock=stock,
        other_locations=others,
    )


def product_to_listing(product: Mapping[str, Any], warehouse: str | None = None) -> RemoteListing:
    """A product of Search Products / Get Product as a RemoteListing (stock: `warehouse`)."""
    product_id = str(field(product, "id", str, "product"))
    skus = tuple(
        _remote_sku(sku, warehouse)
        for sku in field(product, "skus", list, "product")
        if isinstance(sku, dict)
    )
    update_time = product.get("update_time")
    return RemoteListing(
        remote_id=product_id,
        title=str(product.get("title") or ""),
        status=PRODUCT_STATUS.get(str(product.get("status")), ListingStatus.INACTIVE),
        skus=skus,
        url=listing_url(product_id),
        updated_at=utc(update_time, "an update time") if update_time is not None else None,
    )


def order_status(value: object, what: str = "order") -> OrderStatus:
    if not isinstance(value, str) or not value:
        raise Fatal(f"TikTok Shop's {what} has no status")
    status = (LINE_STATUS if what == "order line" else ORDER_STATUS).get(value)
    if status is None:
        log.warning("unknown TikTok Shop status %s taken as to_ship", value)
        return OrderStatus.CANCELLED if "CANCEL" in value else OrderStatus.TO_SHIP
    return status


@dataclass(frozen=True)
class LineReturn:
    """What the Return and Refund API says happened to one order line (one unit)."""

    came_back: bool  # a completed RETURN_AND_REFUND: the unit is back with the seller
    refunded: int  # money given back for the unit, integer rupiah
    at: datetime | None  # the return's own update time (None: not given)


def _money_field(item: Mapping[str, Any], key: str) -> int:
    value = item.get(key)
    return rupiah(value, f"a line's {key}") if value not in (None, "") else 0


def order_lines(
    items: Sequence[Mapping[str, Any]],
    order: OrderStatus,
    returns: Mapping[str, LineReturn] | None = None,
) -> tuple[OrderLine, ...]:
    """One line item per unit -> one OrderLine per line item, keyed by its id.

    TikTok keeps a line item's id whatever happens to its unit, so each unit keeps its own
    status and times. Money (Get Order Detail 202309): `original_price` is the unit's price,
    `seller_discount` what the shop's promotions took off, `platform_discount` what TikTok's
    took off. `returns` (by line item id) marks units that came back (dated by the return) and
    money refunded without return. A line cancelled after it was handed to the courier (it has
    an `rts_time`) is lost, not back on the shelf.
    """
    returns = returns or {}
    lines = []
    for item in items:
        line_id = str(item.get("id") or "")
        sku = str(item.get("seller_sku") or item.get("sku_id") or "")
        if not sku or not line_id:
            raise Fatal("TikTok Shop's order line has no id, or neither seller_sku nor sku_id")
        status = (
            order_status(item["display_status"], "order line")
            if item.get("display_status")
            else order
        )
        shipped_at = utc(item["rts_time"], "a ship time") if item.get("rts_time") else None
        if status is OrderStatus.CANCELLED and shipped_at is not None:
            status = OrderStatus.LOST
        price = item.get("original_price", item.get("sale_price"))
        list_price = rupiah(price, "a line price")
        seller = _money_field(item, "seller_discount")
        if "seller_discount" not in item and item.get("sale_price") not in (None, ""):
            seller = max(0, list_price - rupiah(item["sale_price"], "a line price"))
        returned = returns.get(line_id)
        refunded, returned_at = 0, None
        if returned is not None:
            refunded = returned.refunded
            if returned.came_back:
                status, returned_at = OrderStatus.RETURNED, returned.at
        lines.append(
            OrderLine(
                line_id,
                sku,
                1,
                list_price,
                status,
                seller_discount=seller,
                platform_discount=_money_field(item, "platform_discount"),
                refunded=refunded,
                shipped_at=shipped_at,
                returned_at=returned_at,
            )
        )
    return tuple(lines)


# Return and Refund API: a completed request is RETURN_OR_REFUND_REQUEST_COMPLETE. Only a
# RETURN_AND_REFUND brings units back to the shelf; a REFUND is money only (the buyer keeps
# the goods); a REPLACEMENT sends new goods in a new order and refunds nothing.
RETURN_DONE = "RETURN_OR_REFUND_REQUEST_COMPLETE"
COMES_BACK = "RETURN_AND_REFUND"
REFUND_ONLY = "REFUND"
# Order statuses after which a return can exist.
RETURNABLE = ("IN_TRANSIT", "DELIVERED", "COMPLETED", "PARTIALLY_SHIPPING", "CANCELLED")


def line_returns(return_orders: Sequence[Mapping[str, Any]]) -> dict[str, LineReturn]:
    """What every completed return and refund of an order did, by order line item id.

    A line refunded twice adds up; a line that came back in any of them came back, dated by the
    return that brought it.
    """
    found: dict[str, LineReturn] = {}
    done = sorted(
        (r for r in return_orders if r.get("return_status") == RETURN_DONE),
        key=lambda r: int(r.get("update_time") or 0),
    )
    for return_order in done:
        kind = return_order.get("return_type")
        if kind not in (COMES_BACK, REFUND_ONLY):
            continue
        updated = return_order.get("update_time")
        at = utc(updated, "a return's update time") if updated not in (None, "") else None
        for item in return_order.get("return_line_items") or []:
            if not isinstance(item, dict) or not item.get("order_line_item_id"):
                continue
            line_id = str(item["order_line_item_id"])
            amount = item.get("refund_amount")
            refund = (
                rupiah(amount["refund_total"], "a refund")
                if isinstance(amount, dict) and amount.get("refund_total") not in (None, "")
                else 0
            )
            before = found.get(line_id)
            back = kind == COMES_BACK
            if before is None:
                found[line_id] = LineReturn(back, refund, at)
            else:
                found[line_id] = LineReturn(
                    before.came_back or back,
                    before.refunded + refund,
                    before.at if before.came_back or not back else at,
                )
    return found


def order_from_payload(
    payload: Mapping[str, Any], returns: Mapping[str, LineReturn] | None = None
) -> Order:
    """An order of Get Order Detail as an Order; `returns`: what its returns did, by line id."""
    status = order_status(payload.get("status"))
    items = field(payload, "line_items", list, "order")
    lines = order_lines([i for i in items if isinstance(i, dict)], status, returns)
    if lines and all(line.status is OrderStatus.RETURNED for line in lines):
        status = OrderStatus.RETURNED
    payment = payload.get("payment")
    if isinstance(payment, dict) and payment.get("total_amount") not in (None, ""):
        total = rupiah(payment["total_amount"], "an order total")
    else:
        total = sum(line.buyer_paid for line in lines)
    currency = payment.get("currency") if isinstance(payment, dict) else None
    return Order(
        order_id=str(field(payload, "id", str, "order")),
        status=status,
        created_at=utc(payload.get("create_time"), "an order creation time"),
        updated_at=utc(payload.get("update_time"), "an order update time"),
        lines=lines,
        total=total,
        currency=str(currency or CURRENCY),
    )
