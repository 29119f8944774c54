"""The orders behind ShopeeFake: lines, statuses, stock that follows them, the order API."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from coopsync.adapters import OrderStatus
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.shopee.fake_catalog import ShopeeCatalog, ShopeeError, digit_param

ORDER_WINDOW = 15 * 86400
TO_SHOPEE = {
    OrderStatus.UNPAID: "UNPAID",
    OrderStatus.TO_SHIP: "READY_TO_SHIP",
    OrderStatus.SHIPPED: "SHIPPED",
    OrderStatus.COMPLETED: "COMPLETED",
    OrderStatus.CANCELLED: "CANCELLED",
    OrderStatus.RETURNED: "TO_RETURN",
}


class OrderBook:
    """Orders, their lines and statuses; stock follows them as on Shopee."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.orders: dict[str, dict[str, Any]] = {}

    def place(
        self,
        catalog: ShopeeCatalog,
        lines: Sequence[FakeLine],
        when: int,
        status: OrderStatus,
        bundle_total: int | None = None,
    ) -> str:
        """An order; with `bundle_total` its lines are one bundle deal sold for that much (as
        Shopee lists them: `model_discounted_price` 0, the prices in the escrow detail)."""
        entries = []
        for line in lines:
            found = catalog.find(line.sku)
            if found is None:
                raise ValueError(f"no listing sells {line.sku}")
            item, holder = found
            if status is not OrderStatus.CANCELLED:
                if holder["stock"] < line.quantity:
                    raise ValueError(f"only {holder['stock']} of {line.sku} in stock")
                holder["stock"] -= line.quantity
            entries.append(
                {
                    "item_id": item["item_id"],
                    "item_name": item["item_name"],
                    "item_sku": item["item_sku"],
                    "model_id": holder["model_id"] if holder is not item else 0,
                    "model_sku": line.sku if holder is not item else "",
                    "quantity": line.quantity,
                    "price": int(holder["price"]),
                    "bundle_paid": None,
                }
            )
        if bundle_total is not None:
            full = sum(e["price"] * e["quantity"] for e in entries)
            left = bundle_total
            for n, entry in enumerate(entries):
                share = (
                    left
                    if n == len(entries) - 1
                    else bundle_total * entry["price"] * entry["quantity"] // full
                )
                entry["bundle_paid"] = share
                left -= share
        number = len(self.orders) + 1
        stamp = hashlib.sha256(f"{self.seed}:{number}".encode()).hexdigest()[:6].upper()
        order_sn = f"2611{number:06d}{stamp}"
        self.orders[order_sn] = {
            "order_sn": order_sn,
            "status": TO_SHOPEE[status],
            "create_time": when,
            "update_time": when,
            "lines": entries,
            "logistics_status": "LOGISTICS_NOT_START",
        }
        return order_sn

    def lose_parcel(self, order_sn: str, when: int) -> None:
        """The courier lost the parcel: Shopee cancels the order and the package list says
        LOGISTICS_LOST. The units do not come back."""
        order = self.orders[order_sn]
        order["status"] = "CANCELLED"
        order["logistics_status"] = "LOGISTICS_LOST"
        order["update_time"] = when

    def set_status(
        self, catalog: ShopeeCatalog, order_sn: str, status: OrderStatus, when: int
    ) -> None:
        order = self.orders[order_sn]
        new = TO_SHOPEE[status]
        if new in ("SHIPPED", "COMPLETED"):
            order["logistics_status"] = (
                "LOGISTICS_DELIVERY_DONE" if new == "COMPLETED" else "LOGISTICS_PICKUP_DONE"
            )
        if new == "CANCELLED" and order["status"] != "CANCELLED":
            for line in order["lines"]:  # Shopee puts cancelled units back on sale
                found = catalog.find(line["model_sku"] or line["item_sku"])
                if found is not None:
                    found[1]["stock"] += line["quantity"]
        order["status"] = new
        order["update_time"] = when

    def order_list(self, params: dict[str, str]) -> dict[str, Any]:
        field = params.get("time_range_field", "")
        if field not in ("create_time", "update_time"):
            raise ShopeeError(
                "error_param", "time_range_field should be create_time or update_time."
            )
        time_from = digit_param(params.get("time_from", ""), "time_from", 0, 10**10)
        time_to = digit_param(params.get("time_to", ""), "time_to", 0, 10**10)
        if time_to < time_from or time_to - time_from > ORDER_WINDOW:
            raise ShopeeError(
                "order.order_list_invalid_time",
                "Start time must be earlier than end time and diff in 15days.",
            )
        size = digit_param(params.get("page_size", ""), "page_size", 1, 100)
        cursor = params.get("cursor", "") or "0"
        offset = digit_param(cursor, "cursor", 0, 10**9)
        wanted_status = params.get("order_status")
        matching = sorted(
            (
                o
                for o in self.orders.values()
                if time_from <= o[field] <= time_to
                and (not wanted_status or o["status"] == wanted_status)
            ),
            key=lambda o: (o[field], o["order_sn"]),
        )
        page = matching[offset : offset + size]
        with_status = "order_status" in params.get("response_optional_fields", "").split(",")
        more = offset + size < len(matching)
        return {
            "more": more,
            "next_cursor": str(offset + len(page)) if more else "",
            "order_list": [
                {"order_sn": o["order_sn"]} | ({"order_status": o["status"]} if with_status else {})
                for o in page
            ],
        }

    def order_detail(self, sn_list: str, optional: str) -> dict[str, Any]:
        order_sns = [sn for sn in sn_list.split(",") if sn]
        if not 1 <= len(order_sns) <= 50:
            raise ShopeeError("error_param", "order_sn_list should have 1 to 50 orders.")
        fields = set(optional.split(","))
        out = []
        for order_sn in order_sns:
            order = self.orders.get(order_sn)
            if order is None:
                continue
            detail: dict[str, Any] = {
                "order_sn": order_sn,
                "region": "ID",
                "currency": "IDR",
                "cod": False,
                "order_status": order["status"],
                "create_time": order["create_time"],
                "update_time": order["update_time"],
                "days_to_ship": 2,
                "message_to_seller": "",
            }
            if "item_list" in fields:
                detail["item_list"] = [
                    {
                        "item_id": line["item_id"],
                        "item_name": line["item_name"],
                        "item_sku": line["item_sku"],
                        "model_id": line["model_id"],
                        "model_name": "",
                        "model_sku": line["model_sku"],
                        "model_quantity_purchased": line["quantity"],
                        "model_original_price": float(line["price"]),
                        # A bundle deal's items show 0 here; their price is in the escrow.
                        "model_discounted_price": (
                            0.0 if line.get("bundle_paid") is not None else float(line["price"])
                        ),
                        "promotion_type": (
                            "bundle_deal" if line.get("bundle_paid") is not None else ""
                        ),
                    }
                    for line in order["lines"]
                ]
            if "package_list" in fields:
                detail["package_list"] = [
                    {
                        "package_number": f"OFG{order_sn}",
                        "logistics_status": order.get("logistics_status", "LOGISTICS_NOT_START"),
                        "shipping_carrier": "SPX Express",
                        "item_list": [
                            {"item_id": line["item_id"], "model_id": line["model_id"]}
                            for line in order["lines"]
                        ],
                    }
                ]
            if "total_amount" in fields:
                detail["total_amount"] = float(sum(_paid(line) for line in order["lines"]))
            out.append(detail)
        return {"order_list": out}

    def escrow_detail(self, order_sn: str) -> dict[str, Any]:
        """payment/get_escrow_detail: what each item sold for (line totals, all its units)."""
        order = self.orders.get(order_sn)
        if order is None:
            raise ShopeeError("error_param", f"order_sn {order_sn} is invalid")
        items = []
        for line in order["lines"]:
            full = line["price"] * line["quantity"]
            paid = _paid(line)
            items.append(
                {
                    "item_id": line["item_id"],
                    "item_name": line["item_name"],
                    "item_sku": line["item_sku"],
                    "model_id": line["model_id"],
                    "model_sku": line["model_sku"],
                    "original_price": full,
                    "selling_price": full,
                    "discounted_price": paid,
                    "seller_discount": full - paid,
                    "shopee_discount": 0,
                    "discount_from_coin": 0,
                    "discount_from_voucher_shopee": 0,
                    "discount_from_voucher_seller": 0,
                    "activity_type": "bundle" if line.get("bundle_paid") is not None else "",
                    "activity_id": 0,
                    "is_main_item": False,
                    "quantity_purchased": line["quantity"],
                }
            )
        total = sum(_paid(line) for line in order["lines"])
        return {
            "order_sn": order_sn,
            "return_order_sn_list": [],
            "order_income": {"buyer_total_amount": total, "escrow_amount": total, "items": items},
        }

    def to_state(self) -> dict[str, Any]:
        return {"orders": self.orders}

    def load_state(self, state: dict[str, Any]) -> None:
        if state:
            self.orders = state["orders"]


def _paid(line: dict[str, Any]) -> int:
    bundle = line.get("bundle_paid")
    return int(bundle) if bundle is not None else int(line["price"] * line["quantity"])
