"""Pure mapping between coopsync's types and TikTok Shop payloads (API version 202309)."""

from __future__ import annotations

import html
import logging
from collections.abc import Collection, Mapping, Sequence
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
    status = ORDER_STATUS.get(value)
    if status is None:
        log.warning("unknown TikTok Shop status %s taken as to_ship", value)
        return OrderStatus.CANCELLED if "CANCEL" in value else OrderStatus.TO_SHIP
    return status


def aggregate_lines(
    items: Sequence[Mapping[str, Any]],
    order: OrderStatus,
    returned: Collection[str] = frozenset(),
) -> tuple[OrderLine, ...]:
    """One line item per unit -> one OrderLine per (SKU, status).

    `returned` holds the line item ids whose unit came back (a completed return and refund).

    The line id is the SKU for the group holding most live units, so a partial cancellation
    keeps the SKU's line and adds "<sku>#cancelled"; ids stay stable between pulls.
    """
    groups: dict[tuple[str, OrderStatus], list[int]] = {}
    for item in items:
        sku = str(item.get("seller_sku") or item.get("sku_id") or "")
        if not sku:
            raise Fatal("TikTok Shop's order line has neither seller_sku nor sku_id")
        status = (
            order_status(item["display_status"], "order line")
            if item.get("display_status")
            else order
        )
        if str(item.get("id")) in returned:
            status = OrderStatus.RETURNED
        price = item.get("sale_price", item.get("original_price"))
        groups.setdefault((sku, status), []).append(rupiah(price, "a line price"))
    lines = []
    dead = (OrderStatus.CANCELLED, OrderStatus.RETURNED)
    for sku in dict.fromkeys(s for s, _ in groups):
        mine = [(status, prices) for (s, status), prices in groups.items() if s == sku]
        live = [g for g in mine if g[0] not in dead] or mine
        main = max(live, key=lambda g: len(g[1]))[0]
        for status, prices in mine:
            lines.append(
                OrderLine(
                    line_id=sku if status is main else f"{sku}#{status.value}",
                    sku=sku,
                    quantity=len(prices),
                    list_price=round(sum(prices) / len(prices)),
                    status=status,
                )
            )
    return tuple(lines)


# Return and Refund API: only a completed RETURN_AND_REFUND brings units back to the shelf
# (REFUND is returnless; REPLACEMENT makes a new order).
RETURN_TYPE = "RETURN_AND_REFUND"
RETURN_DONE = "RETURN_OR_REFUND_REQUEST_COMPLETE"
# Order statuses after which a return can exist.
RETURNABLE = ("IN_TRANSIT", "DELIVERED", "COMPLETED")


def returned_line_ids(return_order: Mapping[str, Any]) -> tuple[str, set[str]]:
    """(order id, line item ids that came back) of one completed return; empty if not one."""
    order_id = str(return_order.get("order_id") or "")
    if (
        return_order.get("return_type") != RETURN_TYPE
        or return_order.get("return_status") != RETURN_DONE
    ):
        return order_id, set()
    items = return_order.get("return_line_items") or []
    return order_id, {
        str(i["order_line_item_id"])
        for i in items
        if isinstance(i, dict) and i.get("order_line_item_id")
    }


def order_from_payload(
    payload: Mapping[str, Any], returned: Collection[str] = frozenset()
) -> Order:
    """An order of Get Order Detail as an Order; `returned`: line item ids that came back."""
    status = order_status(payload.get("status"))
    items = field(payload, "line_items", list, "order")
    lines = aggregate_lines([i for i in items if isinstance(i, dict)], status, returned)
    if lines and all(line.status is OrderStatus.RETURNED for line in lines):
        status = OrderStatus.RETURNED
    payment = payload.get("payment")
    if isinstance(payment, dict) and payment.get("total_amount") not in (None, ""):
        total = rupiah(payment["total_amount"], "an order total")
    else:
        total = sum(line.list_price * line.quantity for line in lines)
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
