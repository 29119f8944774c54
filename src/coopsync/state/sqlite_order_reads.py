"""What the ledger and the report read of the stored orders (SQLite, and PostgreSQL with the
same queries): each SKU's last count and the order lines that can still move its stock, and the
sale lines of a period. Two or three set-based queries whatever the number of SKUs or lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from coopsync.adapters import OrderStatus
from coopsync.ledger import Count, LedgerInput, LineFacts
from coopsync.state.records import SaleLine
from coopsync.state.sql import SqlConnection
from coopsync.state.timestamps import from_text, to_text

# The latest count of each SKU (ties on time: the later recorded wins).
_LAST_COUNTS = """
SELECT sku, quantity, at FROM (
    SELECT sku, quantity, at,
           ROW_NUMBER() OVER (PARTITION BY sku ORDER BY at DESC, id DESC) AS newest
    FROM stock_counts {sku_filter}
) AS ranked WHERE newest = 1
"""

# Only lines that can still matter: not shipped yet, or shipped or returned after the last count
# (no count at or after both of its times). The ledger filters again by time; this keeps years of
# history out of Python.
_RELEVANT_LINES = """
SELECT l.sku, l.status, l.quantity, l.shipped_at, l.returned_at, l.cancelled_at, o.hold_until
FROM order_lines AS l JOIN orders AS o ON o.shop = l.shop AND o.order_id = l.order_id
WHERE {sku_filter} (
    (l.shipped_at IS NULL AND l.status IN ('unpaid', 'to_ship'))
    OR (l.shipped_at IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM stock_counts AS c
        WHERE c.sku = l.sku AND c.at >= l.shipped_at
          AND (l.returned_at IS NULL OR c.at >= l.returned_at)
    ))
)
"""

_STATUS_BY_VALUE = {status.value: status for status in OrderStatus}


def ledger_inputs(conn: SqlConnection, skus: Iterable[str] | None) -> dict[str, LedgerInput]:
    """Last count and relevant lines per SKU, in two queries whatever the number of SKUs."""
    params: tuple[str, ...] = ()
    count_filter = line_filter = ""
    wanted: list[str] | None = None
    if skus is not None:
        wanted = list(dict.fromkeys(skus))
        params = (json.dumps(wanted),)
        count_filter = "WHERE sku IN (SELECT value FROM json_each(?))"
        line_filter = "l.sku IN (SELECT value FROM json_each(?)) AND"

    counts: dict[str, Count] = {
        sku: Count(quantity, from_text(at))
        for sku, quantity, at in conn.execute(_LAST_COUNTS.format(sku_filter=count_filter), params)
    }
    # Lines of one order share their event times: parse each distinct text once.
    times: dict[str | None, datetime | None] = {None: None}

    def parsed(text: str | None) -> datetime | None:
        moment = times.get(text)
        if moment is None and text is not None:
            moment = times[text] = from_text(text)
        return moment

    lines: dict[str, list[LineFacts]] = {}
    status_of = _STATUS_BY_VALUE
    for sku, status, quantity, shipped, returned, cancelled, hold_until in conn.execute(
        _RELEVANT_LINES.format(sku_filter=line_filter), params
    ):
        facts = LineFacts(
            status_of[status],
            quantity,
            parsed(shipped),
            parsed(returned),
            parsed(cancelled),
            parsed(hold_until),
        )
        if sku in lines:
            lines[sku].append(facts)
        else:
            lines[sku] = [facts]

    keys = wanted if wanted is not None else sorted(counts.keys() | lines.keys())
    return {sku: LedgerInput(counts.get(sku), tuple(lines.get(sku, ()))) for sku in keys}


def sales(conn: SqlConnection, since: datetime, until: datetime) -> list[SaleLine]:
    """Lines of orders created in [since, until), oldest first."""
    rows = conn.execute(
        "SELECT o.channel, l.order_id, l.line_id, l.sku, l.quantity, l.list_price,"
        "       l.seller_discount, l.platform_discount, l.paid, l.refunded, l.status,"
        "       o.created_at, o.shop"
        " FROM order_lines AS l JOIN orders AS o USING (shop, order_id)"
        " WHERE o.created_at >= ? AND o.created_at < ?"
        " ORDER BY o.created_at, o.channel, l.order_id, l.line_id",
        (to_text(since), to_text(until)),
    )
    # A report reads a month of lines: parse each order's creation time once, not per line.
    times: dict[str, datetime] = {}
    status_of = _STATUS_BY_VALUE
    parse = from_text
    lines: list[SaleLine] = []
    append = lines.append
    for row in rows:
        at = row[11]
        moment = times.get(at)
        if moment is None:
            moment = times[at] = parse(at)
        append(
            SaleLine(
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                status_of[row[10]],
                moment,
                row[6],
                row[7],
                row[8],
                row[9],
                row[12],
            )
        )
    return lines
