"""Pulling orders from TikTok Shop: order search by update time, details, and returns.

Get Order List pages by an opaque token (sorted by update time); Get Order Detail takes at most
50 ids. Returns live in the Return and Refund API: a unit that came back (a completed
RETURN_AND_REFUND) is reported as a returned line, and a return that completed in the window
brings its order into the pull even when the order itself did not change.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from datetime import datetime
from typing import Any, TypeVar

from coopsync.adapters import Order
from coopsync.errors import AdapterError, AuthExpired, Fatal
from coopsync_adapters.tiktok import mapping
from coopsync_adapters.tiktok.client import TikTokClient, unix

T = TypeVar("T")
PAGE_SIZE = 100  # Get Order List: page_size 1-100
DETAIL_BATCH = 50  # Get Order Detail: at most 50 ids
RETURN_PAGE_SIZE = 50  # Search Returns: no maximum stated in what we read; 50 is modest
RETURN_ORDER_BATCH = 20  # order_ids per return search (no maximum stated; kept small)


class OrderPull:
    """One pull of orders for a window, with per-pull memory of returns and seen orders."""

    def __init__(self, client: TikTokClient, channel: str) -> None:
        self.client = client
        self.channel = channel
        self.returned: dict[str, set[str]] = {}  # order id -> line item ids that came back
        self.checked: set[str] = set()  # orders whose returns are known

    async def orders(self, since: datetime, until: datetime) -> AsyncIterator[Order]:
        window = {"update_time_ge": unix(since), "update_time_lt": unix(until)}
        await self._returns(window)
        seen: set[str] = set()
        token: str | None = None
        while True:
            data = await self._mapped(
                self.client.search_orders(window, page_size=PAGE_SIZE, page_token=token)
            )
            page = self._list(data, "orders", "order search")
            ids = [str(o.get("id")) for o in page if isinstance(o, dict) and o.get("id")]
            async for order in self._details([i for i in dict.fromkeys(ids) if i not in seen]):
                if order.order_id not in seen:
                    seen.add(order.order_id)
                    yield order
            token = data.get("next_page_token") or None
            if not token or not page:
                break
        # Returns completed in the window whose order did not show up as updated.
        async for order in self._details([i for i in self.returned if i not in seen]):
            if order.order_id not in seen:
                seen.add(order.order_id)
                yield order

    async def _details(self, ids: list[str]) -> AsyncIterator[Order]:
        for start in range(0, len(ids), DETAIL_BATCH):
            batch = ids[start : start + DETAIL_BATCH]
            data = await self._mapped(self.client.order_details(batch))
            payloads = [
                p for p in self._list(data, "orders", "order detail") if isinstance(p, dict)
            ]
            unknown = [
                str(p.get("id"))
                for p in payloads
                if p.get("status") in mapping.RETURNABLE and str(p.get("id")) not in self.checked
            ]
            for chunk in range(0, len(unknown), RETURN_ORDER_BATCH):
                await self._returns({"order_ids": unknown[chunk : chunk + RETURN_ORDER_BATCH]})
            by_id = {str(p.get("id")): p for p in payloads}
            for order_id in batch:
                if order_id in by_id:
                    yield self._order(by_id[order_id])

    def _order(self, payload: dict[str, Any]) -> Order:
        try:
            return mapping.order_from_payload(
                payload, self.returned.get(str(payload.get("id")), set())
            )
        except AdapterError as exc:
            exc.channel = self.channel
            raise

    async def _returns(self, filters: dict[str, Any]) -> None:
        """Completed returns matching `filters`, remembered by order id."""
        query = {
            **filters,
            "return_types": [mapping.RETURN_TYPE],
            "return_status": [mapping.RETURN_DONE],
        }
        self.checked.update(filters.get("order_ids", []))
        token: str | None = None
        while True:
            data = await self._mapped(
                self.client.search_returns(query, page_size=RETURN_PAGE_SIZE, page_token=token)
            )
            page = self._list(data, "return_orders", "return search")
            for return_order in page:
                if isinstance(return_order, dict):
                    order_id, lines = mapping.returned_line_ids(return_order)
                    if order_id and lines:
                        self.returned.setdefault(order_id, set()).update(lines)
                        self.checked.add(order_id)
            token = data.get("next_page_token") or None
            if not token or not page:
                return

    def _list(self, data: dict[str, Any], key: str, what: str) -> list[Any]:
        if key not in data and "total_count" not in data:
            raise Fatal(f"{what}: TikTok Shop's answer lacks '{key}'", channel=self.channel)
        items = data.get(key) or []
        if not isinstance(items, list):
            raise Fatal(f"{what}: '{key}' is not a list", channel=self.channel)
        return items

    async def _mapped(self, call: Awaitable[T]) -> T:
        try:
            return await call
        except AuthExpired:
            raise
        except AdapterError as exc:
            exc.channel = exc.channel or self.channel
            raise
