"""Order pulls: 15-day windows, cursor pages, details in batches of 50, each order once.

get_order_list pages by an opaque cursor over a result set that can change while it is read
(an order updated mid-pull leaves the window, and the orders after it move up a place). A
window that took more than one page is therefore listed again until a pass finds nothing new,
so no order is skipped; orders already yielded in this pull are not yielded again.
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from coopsync.adapters import Order
from coopsync.errors import Fatal
from coopsync_adapters.shopee import mapping

if TYPE_CHECKING:
    from coopsync_adapters.shopee.client import ShopeeClient

log = logging.getLogger("coopsync.shopee")

ORDER_WINDOW = timedelta(days=15)  # get_order_list: time_to - time_from ≤ 15 days
ORDER_PAGE = 100  # get_order_list page_size ≤ 100
DETAIL_BATCH = 50  # get_order_detail order_sn_list ≤ 50
# Optional detail fields appear only when named: the items, the parcels (a lost one is
# LOGISTICS_LOST) and the total.
DETAIL_FIELDS = "item_list,package_list,total_amount"
MAX_PASSES = 3


def windows(
    since: datetime, until: datetime, span: timedelta = ORDER_WINDOW
) -> list[tuple[int, int]]:
    """Inclusive [time_from, time_to] second ranges that cover [since, until), each ≤ span."""
    start = math.ceil(since.timestamp())
    end = math.ceil(until.timestamp()) - 1
    step = int(span.total_seconds())
    out = []
    while start <= end:
        stop = min(start + step, end)
        out.append((start, stop))
        start = stop + 1
    return out


async def _details(client: ShopeeClient, order_sns: Sequence[str]) -> list[Order]:
    orders: list[Order] = []
    for start in range(0, len(order_sns), DETAIL_BATCH):
        batch = order_sns[start : start + DETAIL_BATCH]
        answer = await client.get(
            "order/get_order_detail",
            [("order_sn_list", ",".join(batch)), ("response_optional_fields", DETAIL_FIELDS)],
            what="read orders",
        )
        details = mapping.records(answer, "order_list", "get_order_detail", required=True)
        by_sn = {}
        for detail in details:
            escrow = await _escrow_items(client, detail) if mapping.needs_escrow(detail) else []
            order = mapping.order_from_detail(detail, escrow)
            by_sn[order.order_id] = order
        missing = [sn for sn in batch if sn not in by_sn]
        if missing:
            log.warning("[%s] Shopee did not return orders %s", client.channel, missing)
        orders += [by_sn[sn] for sn in batch if sn in by_sn]
    return orders


async def _escrow_items(client: ShopeeClient, detail: Mapping[str, Any]) -> list[Any]:
    """The items of payment/get_escrow_detail: where a bundle deal's prices are."""
    answer = await client.get(
        "payment/get_escrow_detail",
        [("order_sn", str(detail.get("order_sn")))],
        what="read order prices",
    )
    income = answer.get("order_income")
    items = income.get("items") if isinstance(income, dict) else None
    return list(items) if isinstance(items, list) else []


async def _list_window(
    client: ShopeeClient, time_from: int, time_to: int
) -> AsyncIterator[list[str]]:
    cursor = ""
    while True:
        params: list[tuple[str, str | int]] = [
            ("time_range_field", "update_time"),
            ("time_from", time_from),
            ("time_to", time_to),
            ("page_size", ORDER_PAGE),
        ]
        if cursor:
            params.append(("cursor", cursor))
        page = await client.get("order/get_order_list", params, what="list orders")
        more = mapping.field(page, "more", bool, "get_order_list")
        yield [
            str(mapping.field(o, "order_sn", str, "get_order_list"))
            for o in mapping.records(page, "order_list", "get_order_list")
        ]
        if not more:
            return
        next_cursor = page.get("next_cursor")
        if not isinstance(next_cursor, str) or not next_cursor or next_cursor == cursor:
            raise Fatal("Shopee's answer to get_order_list says `more` but gives no next_cursor")
        cursor = next_cursor


async def pull_orders(
    client: ShopeeClient, since: datetime, until: datetime
) -> AsyncIterator[Order]:
    """Orders whose update time is in [since, until), each yielded once per pull."""
    seen: set[str] = set()
    for time_from, time_to in windows(since, until):
        for attempt in range(1, MAX_PASSES + 1):
            pages = found = 0
            async for order_sns in _list_window(client, time_from, time_to):
                pages += 1
                fresh = [sn for sn in dict.fromkeys(order_sns) if sn not in seen]
                seen.update(fresh)
                found += len(fresh)
                for order in await _details(client, fresh):
                    yield order
            if pages <= 1 or (attempt > 1 and found == 0):
                break
