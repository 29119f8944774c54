"""The order and return endpoints of the TikTok Shop fake (page tokens are cursors)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import httpx

from coopsync_adapters.tiktok import fake_wire


class OrderEndpoints:
    """Mixed into TikTokFake: needs its state and envelope helpers."""

    orders: dict[str, dict[str, Any]]
    returns: dict[str, dict[str, Any]]

    if TYPE_CHECKING:  # provided by TikTokFake and FakeMarketplace

        def ok(self, data: Any = None) -> httpx.Response: ...

        def fail(self, error: tuple[int, str], *, status: int = 200) -> httpx.Response: ...

        def _order_page_served(self) -> None: ...

    # ---- orders ----------------------------------------------------------------------------
    def order_search(self, params: dict[str, str], body: bytes) -> httpx.Response:
        try:
            page_size = int(params.get("page_size", ""))
            filters = json.loads(body or b"{}")
        except ValueError:
            return self.fail(fake_wire.INVALID_PARAM)
        if not 1 <= page_size <= 100 or not isinstance(filters, dict):
            return self.fail(fake_wire.INVALID_PARAM)
        field = params.get("sort_field", "create_time")
        descending = params.get("sort_order", "DESC") == "DESC"
        if field not in ("create_time", "update_time"):
            return self.fail(fake_wire.INVALID_PARAM)

        def keep(order: dict[str, Any]) -> bool:
            for name in ("create_time", "update_time"):
                if f"{name}_ge" in filters and order[name] < filters[f"{name}_ge"]:
                    return False
                if f"{name}_lt" in filters and order[name] >= filters[f"{name}_lt"]:
                    return False
            wanted = filters.get("order_status")
            return not wanted or order["status"] == wanted

        matching = sorted(
            (o for o in self.orders.values() if keep(o)),
            key=lambda o: (o[field], o["id"]),
            reverse=descending,
        )
        if params.get("page_token"):
            cursor = fake_wire.read_page_token(params["page_token"])
            if not isinstance(cursor, list) or len(cursor) != 2:
                return self.fail(fake_wire.INVALID_PARAM)
            after = (cursor[0], cursor[1])
            matching = [
                o
                for o in matching
                if ((o[field], o["id"]) < after if descending else (o[field], o["id"]) > after)
            ]
        page = matching[:page_size]
        more = len(matching) > page_size
        token = fake_wire.make_page_token([page[-1][field], page[-1]["id"]]) if more else ""
        response = self.ok(
            {
                "orders": [self.order_payload(o) for o in page],
                "next_page_token": token,
                "total_count": len(matching),
            }
        )
        self._order_page_served()
        return response

    def return_search(self, params: dict[str, str], body: bytes) -> httpx.Response:
        try:
            page_size = int(params.get("page_size", "20"))
            filters = json.loads(body or b"{}")
        except ValueError:
            return self.fail(fake_wire.INVALID_PARAM)
        if not 1 <= page_size <= 100 or not isinstance(filters, dict):
            return self.fail(fake_wire.INVALID_PARAM)

        def keep(item: dict[str, Any]) -> bool:
            for name in ("create_time", "update_time"):
                if f"{name}_ge" in filters and item[name] < filters[f"{name}_ge"]:
                    return False
                if f"{name}_lt" in filters and item[name] >= filters[f"{name}_lt"]:
                    return False
            for key, field in (
                ("order_ids", "order_id"),
                ("return_types", "return_type"),
                ("return_status", "return_status"),
            ):
                if filters.get(key) and item[field] not in filters[key]:
                    return False
            return True

        matching = sorted(
            (r for r in self.returns.values() if keep(r)),
            key=lambda r: (r["update_time"], r["return_id"]),
        )
        if params.get("page_token"):
            cursor = fake_wire.read_page_token(params["page_token"])
            if not isinstance(cursor, list) or len(cursor) != 2:
                return self.fail(fake_wire.INVALID_PARAM)
            matching = [r for r in matching if (r["update_time"], r["return_id"]) > tuple(cursor)]
        page = matching[:page_size]
        more = len(matching) > page_size
        token = (
            fake_wire.make_page_token([page[-1]["update_time"], page[-1]["return_id"]])
            if more
            else ""
        )
        return self.ok(
            {"return_orders": page, "next_page_token": token, "total_count": len(matching)}
        )

    def order_detail(self, params: dict[str, str]) -> httpx.Response:
        ids = [i for i in params.get("ids", "").split(",") if i]
        if not 1 <= len(ids) <= 50:
            return self.fail(fake_wire.INVALID_PARAM)
        return self.ok(
            {"orders": [self.order_payload(self.orders[i]) for i in ids if i in self.orders]}
        )

    def order_payload(self, order: dict[str, Any]) -> dict[str, Any]:
        def paid(line: dict[str, Any]) -> int:
            return int(
                line["price"] - line.get("seller_discount", 0) - line.get("platform_discount", 0)
            )

        total = sum(paid(line) for line in order["lines"])
        return {
            "id": order["id"],
            "status": order["status"],
            "create_time": order["create_time"],
            "update_time": order["update_time"],
            "payment": {
                "currency": "IDR",
                "sub_total": str(total),
                "shipping_fee": "0",
                "total_amount": str(total),
            },
            "line_items": [
                {
                    "id": line["id"],
                    "sku_id": line["sku_id"],
                    "product_id": line["product_id"],
                    "product_name": line["product_name"],
                    "seller_sku": line["seller_sku"],
                    "original_price": str(line["price"]),
                    "sale_price": str(line["price"] - line.get("seller_discount", 0)),
                    "seller_discount": str(line.get("seller_discount", 0)),
                    "platform_discount": str(line.get("platform_discount", 0)),
                    "currency": "IDR",
                    "display_status": line.get("status", order["status"]),
                    **({"rts_time": line["rts_time"]} if "rts_time" in line else {}),
                }
                for line in order["lines"]
            ],
            "shipping_type": "TIKTOK",
            "warehouse_id": fake_wire.WAREHOUSE_ID,
        }
