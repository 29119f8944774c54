"""Pulling orders from TikTok Shop: order search by update time, details, and returns.

Get Order List pages by an opaque token (sorted by update time); Get Order Detail takes at most
50 ids. Returns live in the Return and Refund API, with their own update time: a return that
changed in the window brings its order into the pull even when the order itself did not change.
Every order is then built from ALL its returns (searched by order id), never from only the ones
of this window: a second return must not hide the first. A unit that came back (a completed
RETURN_AND_REFUND) is a returned line dated by its return; a REFUND is money only.
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
        self.returns: dict[str, list[dict[str, Any]]] = {}  # order id -> all its returns

    async def orders(self, since: datetime, until: datetime) -> AsyncIterator[Order]:
        window = {"update_time_ge": unix(since), "update_time_lt": unix(until)}
        changed = await self._orders_with_returns_changed(window)
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
        # Orders whose returns changed in the window, though the order itself did not.
        async for order in self._details([i for i in changed if i not in seen]):
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
                if p.get("status") in mapping.RETURNABLE and str(p.get("id")) not in self.returns
            ]
            await self._load_returns(unknown)
            by_id = {str(p.get("id")): p for p in payloads}
            for order_id in batch:
                if order_id in by_id:
                    yield self._order(by_id[order_id])

    def _order(self, payload: dict[str, Any]) -> Order:
        order_id = str(payload.get("id"))
        try:
            return mapping.order_from_payload(
                payload, mapping.line_returns(self.returns.get(order_id, []))
            )
        except AdapterError as exc:
            exc.channel = self.channel
            raise

    async def _orders_with_returns_changed(self, window: dict[str, Any]) -> list[str]:
        """Ids of orders with a return updated in the window; all their returns loaded."""
        changed = [str(r.get("order_id")) async for r in self._search_returns(window)]
        ids = [i for i in dict.fromkeys(changed) if i]
        await self._load_returns(ids)
        return ids

    async def _load_returns(self, order_ids: list[str]) -> None:
        """Every return of these orders, whenever it was made (not only this window's)."""
        for chunk in range(0, len(order_ids), RETURN_ORDER_BATCH):
            batch = order_ids[chunk : chunk + RETURN_ORDER_BATCH]
            for order_id in batch:
                self.returns[order_id] = []
            async for return_order in self._search_returns({"order_ids": batch}):
                order_id = str(return_order.get("order_id") or "")
                if order_id in self.returns:
                    self.returns[order_id].append(return_order)

    async def _search_returns(self, filters: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
        token: str | None = None
        while True:
            data = await self._mapped(
                self.client.search_returns(filters, page_size=RETURN_PAGE_SIZE, page_token=token)
            )
            page = self._list(data, "return_orders", "return search")
            for return_order in page:
                if isinstance(return_order, dict):
                    yield return_order
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
