"""The Lazada fake's orders: /orders/get, /orders/items/get, and stock following each unit."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from coopsync_adapters.lazada.fake_wire import Refusal, iso, parse_iso


class OrderEndpoints:
    """Orders of the fake seller; one order item per unit, as Lazada lists them."""

    orders: dict[str, dict[str, Any]]

    if TYPE_CHECKING:

        def _order_page_served(self) -> None: ...

    # ---- orders ------------------------------------------------------------------------------
    def _orders_get(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        limit_text, offset_text = params.get("limit", "10"), params.get("offset", "0")
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= 100:
            raise Refusal("19", f'E019: "{limit_text}" Invalid Limit')
        if not offset_text.isdigit() or int(offset_text) > 5000:
            raise Refusal("14", f'E014: "{offset_text}" Invalid Offset')
        limit, offset = int(limit_text), int(offset_text)
        if "update_after" not in params and "created_after" not in params:
            raise Refusal("MISSING_PARAMETER", "Either update_after or created_after is mandatory")
        sort_by = params.get("sort_by", "created_at")
        if sort_by not in ("created_at", "updated_at"):
            raise Refusal("75", "E075: Invalid sort filter.")
        direction = params.get("sort_direction", "DESC")
        if direction not in ("ASC", "DESC"):
            raise Refusal("74", "E074: Invalid sort direction.")
        bounds = {
            name: parse_iso(params[name], name)
            for name in ("update_after", "update_before", "created_after", "created_before")
            if name in params
        }
        chosen = []
        for order in self.orders.values():
            updated, created = order["updated_ms"], order["created_ms"]
            if updated < bounds.get("update_after", updated):
                continue
            if updated > bounds.get("update_before", updated):
                continue
            if created < bounds.get("created_after", created):
                continue
            if created > bounds.get("created_before", created):
                continue
            chosen.append(order)
        key = "created_ms" if sort_by == "created_at" else "updated_ms"
        chosen.sort(key=lambda o: (o[key], o["order_id"]), reverse=direction == "DESC")
        page = chosen[offset : offset + limit]
        answer = {
            "code": "0",
            "data": {
                "count": str(len(page)),
                "countTotal": str(len(chosen)),
                "orders": [self._order_out(o) for o in page],
            },
        }
        self._order_page_served()
        return answer

    def _order_out(self, order: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "order_id": str(order["order_id"]),
            "order_number": str(order["order_number"]),
            "created_at": iso(order["created_ms"]),
            "updated_at": iso(order["updated_ms"]),
            "price": f"{sum(i['paid_price'] for i in order['items']):.2f}",
            "items_count": str(len(order["items"])),
            "payment_method": "COD",
            "statuses": sorted({i["status"] for i in order["items"]}),
        }

    def _order_items_get(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        try:
            ids = json.loads(params.get("order_ids", ""))
            if not isinstance(ids, list):
                raise ValueError
        except ValueError:
            raise Refusal(
                "56", "E056: Invalid OrdersIdList format. Must use array format [1,2]"
            ) from None
        if len(ids) > 50:
            raise Refusal("38", "E038: Too many orders were requested")
        found = [self.orders[str(i)] for i in ids if str(i) in self.orders]
        if not found:
            raise Refusal("39", "E039: No orders were found")
        return {
            "code": "0",
            "data": [
                {
                    "order_id": str(o["order_id"]),
                    "order_number": str(o["order_number"]),
                    "order_items": [
                        {
                            "order_item_id": str(i["order_item_id"]),
                            "order_id": str(o["order_id"]),
                            "sku": i["sku"],
                            "sku_id": str(i["sku_id"]),
                            "shop_sku": f"{i['item_id']}_ID-{i['sku_id']}",
                            "name": i["name"],
                            "status": i["status"],
                            "paid_price": f"{i['paid_price']:.2f}",
                            "item_price": f"{i.get('item_price', i['paid_price']):.2f}",
                            "voucher_seller": f"{i.get('voucher_seller', 0):.2f}",
                            "voucher_platform": f"{i.get('voucher_platform', 0):.2f}",
                            "voucher_amount": (
                                f"{i.get('voucher_seller', 0) + i.get('voucher_platform', 0):.2f}"
                            ),
                            "currency": "IDR",
                            "created_at": iso(o["created_ms"]),
                            "updated_at": iso(i.get("updated_ms", o["updated_ms"])),
                        }
                        for i in o["items"]
                    ],
                }
                for o in found
            ],
        }
