"""Pulling Lazada orders changed in a time window, each once.

`/orders/get` filters by update time (both ends inclusive, to the second) and pages by offset;
the offset may not go past 5000 (the API reference's rule even says 4500), so a window with
more orders than that is split in two rather than paged further. Pages are sorted by creation
time, ascending: an order updated while we page keeps its place, so the others do not shift.
If orders leave the window meanwhile (the total shrinks), the offset steps back by as many and
the repeats are dropped. Items come from `/orders/items/get`, at most 50 orders a call.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from coopsync.adapters import Order
from coopsync.errors import Fatal, Transient
from coopsync_adapters.lazada.client import LazadaClient, data_of, json_param
from coopsync_adapters.lazada.mapping import (
    MappingError,
    ceil_second,
    floor_second,
    format_time,
    order_from,
    parse_int,
    parse_time,
)

log = logging.getLogger("coopsync.lazada")

ORDERS_LIMIT = 100  # /orders/get: "The supported maximum number is 100"
MAX_OFFSET = 4500  # /orders/get offset rule ("Max Length: 4500"; platforms.md says 5000)
ITEMS_BATCH = 50  # /orders/items/get: "No more than 50 at a time"
SMALLEST_WINDOW = timedelta(seconds=2)


class OrderPuller:
    """One pull: windows, pages, items, and the set of orders already yielded."""

    def __init__(self, client: LazadaClient, channel: str) -> None:
        self.client = client
        self.channel = channel
        self.seen: set[str] = set()

    def _fatal(self, what: str, exc: Exception) -> Fatal:
        return Fatal(f"{what}: Lazada's answer is incomplete ({exc})", channel=self.channel)

    async def pull(self, since: datetime, until: datetime) -> AsyncIterator[Order]:
        async for page in self._window(since, until, since, until):
            async for order in self._with_items(page):
                yield order

    async def _page(
        self, start: datetime, end: datetime, offset: int
    ) -> tuple[list[dict[str, Any]], int]:
        what = "list orders"
        params = {
            "update_after": format_time(floor_second(start)),
            "update_before": format_time(ceil_second(end)),
            "sort_by": "created_at",
            "sort_direction": "ASC",
            "limit": str(ORDERS_LIMIT),
            "offset": str(offset),
        }
        body = await self.client.call("GET", "/orders/get", params, what=what)
        data = data_of(body, channel=self.channel, what=what)
        try:
            if not isinstance(data, dict) or "countTotal" not in data:
                raise MappingError("no countTotal")
            orders = data.get("orders") or []
            if not isinstance(orders, list):
                raise MappingError("orders is not a list")
            return [dict(o) for o in orders], parse_int(data["countTotal"])
        except (MappingError, TypeError, ValueError) as exc:
            raise self._fatal(what, exc) from None

    async def _window(
        self, start: datetime, end: datetime, since: datetime, until: datetime
    ) -> AsyncIterator[list[dict[str, Any]]]:
        """Pages of new order summaries updated in [since, until), from the window [start, end]."""
        offset = 0
        known_total: int | None = None
        while True:
            orders, total = await self._page(start, end, offset)
            if known_total is None and total > MAX_OFFSET + ORDERS_LIMIT:
                if end - start <= SMALLEST_WINDOW:
                    raise Fatal(
                        f"more than {MAX_OFFSET + ORDERS_LIMIT} orders changed within "
                        f"{SMALLEST_WINDOW.total_seconds():.0f} seconds; Lazada cannot page them",
                        channel=self.channel,
                    )
                middle = start + (end - start) / 2
                log.debug("[%s] order window split at %s (%d orders)", self.channel, middle, total)
                async for page in self._window(start, middle, since, until):
                    yield page
                async for page in self._window(middle, end, since, until):
                    yield page
                return
            if known_total is not None and total < known_total:
                # Orders before our offset left the window: step back so none is skipped.
                offset = max(0, offset - (known_total - total))
                known_total = total
                continue
            known_total = total
            yield self._new_in_range(orders, since, until)
            offset += len(orders)
            if not orders or offset >= total or len(orders) < ORDERS_LIMIT:
                return
            if offset > MAX_OFFSET:
                raise Transient(
                    "list orders: more orders changed during the pull than Lazada can page; "
                    "the next run will try again",
                    channel=self.channel,
                )

    def _new_in_range(
        self, orders: Sequence[Mapping[str, Any]], since: datetime, until: datetime
    ) -> list[dict[str, Any]]:
        fresh = []
        for summary in orders:
            try:
                order_id = str(summary["order_id"])
                updated = parse_time(summary["updated_at"])
            except (KeyError, MappingError) as exc:
                raise self._fatal("list orders", exc) from None
            if order_id in self.seen or not since <= updated < until:
                continue
            self.seen.add(order_id)
            fresh.append(dict(summary))
        return fresh

    async def _with_items(self, summaries: Sequence[Mapping[str, Any]]) -> AsyncIterator[Order]:
        for start in range(0, len(summaries), ITEMS_BATCH):
            chunk = summaries[start : start + ITEMS_BATCH]
            items = await self._items([str(s["order_id"]) for s in chunk])
            for summary in chunk:
                order_id = str(summary["order_id"])
                try:
                    yield order_from(summary, items.get(order_id, []), self.client.currency)
                except MappingError as exc:
                    raise self._fatal(f"read order {order_id}", exc) from None

    async def _items(self, order_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        what = "read order items"
        ids: list[int | str] = [int(i) if i.isdigit() else i for i in order_ids]
        body = await self.client.call(
            "GET", "/orders/items/get", {"order_ids": json_param(ids)}, what=what
        )
        data = data_of(body, channel=self.channel, what=what)
        if not isinstance(data, list):
            raise self._fatal(what, MappingError("data is not a list"))
        by_order: dict[str, list[dict[str, Any]]] = {}
        for entry in data:
            if not isinstance(entry, dict) or "order_id" not in entry:
                raise self._fatal(what, MappingError("an entry without order_id"))
            by_order[str(entry["order_id"])] = list(entry.get("order_items") or [])
        return by_order
