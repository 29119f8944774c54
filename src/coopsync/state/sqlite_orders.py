"""Orders in the SQLite store: exactly-once import, ledger inputs and sales, in bulk.

A 1,000-SKU shop pulls thousands of lines per run, so each call is a handful of set-based
statements in one transaction, never a query per order or per SKU.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime

from coopsync.adapters import Order, OrderStatus
from coopsync.ledger import Count, LedgerInput, LineFacts, advance_line
from coopsync.state.records import ImportResult, SaleLine
from coopsync.state.timestamps import from_text, from_text_or_none, to_text

_UPSERT_ORDER = """
INSERT INTO orders (channel, order_id, status, created_at, updated_at, total, currency, imported_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (channel, order_id) DO UPDATE SET
    status = excluded.status,
    created_at = excluded.created_at,
    updated_at = excluded.updated_at,
    total = excluded.total,
    currency = excluded.currency
"""

_UPSERT_LINE = """
INSERT INTO order_lines (channel, order_id, line_id, sku, quantity, unit_price, status,
                         shipped_at, returned_at, cancelled_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (channel, order_id, line_id) DO UPDATE SET
    sku = excluded.sku,
    quantity = excluded.quantity,
    unit_price = excluded.unit_price,
    status = excluded.status,
    shipped_at = excluded.shipped_at,
    returned_at = excluded.returned_at,
    cancelled_at = excluded.cancelled_at
"""

LineKey = tuple[str, str]  # (order id, line id)
LineRow = tuple[str, str, str, str, int, int, str, str | None, str | None, str | None]


def _newest_copies(orders: Iterable[Order]) -> dict[str, Order]:
    """One copy per order id: the newest (a pull with overlap can deliver several)."""
    newest: dict[str, Order] = {}
    for order in orders:
        known = newest.get(order.order_id)
        if known is None or order.updated_at >= known.updated_at:
            newest[order.order_id] = order
    return newest


def _known_state(
    conn: sqlite3.Connection, channel: str, order_ids: list[str]
) -> tuple[dict[str, str], dict[LineKey, LineFacts]]:
    """Stored update times of these orders, and the stored facts of their lines."""
    ids = json.dumps(order_ids)
    updated = dict(
        conn.execute(
            "SELECT order_id, updated_at FROM orders"
            " WHERE channel = ? AND order_id IN (SELECT value FROM json_each(?))",
            (channel, ids),
        ).fetchall()
    )
    lines: dict[LineKey, LineFacts] = {}
    for order_id, line_id, status, quantity, shipped, returned, cancelled in conn.execute(
        "SELECT order_id, line_id, status, quantity, shipped_at, returned_at, cancelled_at"
        " FROM order_lines"
        " WHERE channel = ? AND order_id IN (SELECT value FROM json_each(?))",
        (channel, ids),
    ):
        lines[(order_id, line_id)] = LineFacts(
            OrderStatus(status),
            quantity,
            from_text_or_none(shipped),
            from_text_or_none(returned),
            from_text_or_none(cancelled),
        )
    return updated, lines


def upsert_orders(
    conn: sqlite3.Connection, channel: str, orders: Iterable[Order], now: datetime
) -> ImportResult:
    """Import `orders` of `channel`; the caller holds a write transaction."""
    incoming = _newest_copies(orders)
    if not incoming:
        return ImportResult()
    stored_updated, stored_lines = _known_state(conn, channel, list(incoming))
    imported_at = to_text(now)
    order_rows: list[tuple[str, str, str, str, str, int, str, str]] = []
    line_rows: list[LineRow] = []
    new_orders = new_lines = status_changes = stale = 0

    for order in incoming.values():
        updated_at = to_text(order.updated_at)
        known_updated = stored_updated.get(order.order_id)
        # An overlapping pull window re-delivers old copies: never let them undo newer news.
        if known_updated is not None and updated_at < known_updated:
            stale += 1
            continue
        if known_updated is None:
            new_orders += 1
        lines_by_id = {line.line_id: line for line in order.lines}
        updates = [
            (line, stored_lines.get((order.order_id, line.line_id)))
            for line in lines_by_id.values()
        ]
        advanced = [
            (line, previous, advance_line(previous, line.status, line.quantity, order.updated_at))
            for line, previous in updates
        ]
        # The same version again (the overlap of the pull window): nothing to write.
        if updated_at == known_updated and all(prev == facts for _, prev, facts in advanced):
            continue
        order_rows.append(
            (
                channel,
                order.order_id,
                order.status.value,
                to_text(order.created_at),
                updated_at,
                order.total,
                order.currency,
                imported_at,
            )
        )
        for line, previous, facts in advanced:
            if previous is None:
                new_lines += 1
            elif previous.status is not facts.status:
                status_changes += 1
            line_rows.append(
                (
                    channel,
                    order.order_id,
                    line.line_id,
                    line.sku,
                    facts.quantity,
                    line.unit_price,
                    facts.status.value,
                    _text_or_none(facts.shipped_at),
                    _text_or_none(facts.returned_at),
                    _text_or_none(facts.cancelled_at),
                )
            )

    conn.executemany(_UPSERT_ORDER, order_rows)
    conn.executemany(_UPSERT_LINE, line_rows)
    return ImportResult(new_orders, new_lines, status_changes, stale)


def _text_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else to_text(moment)


# The latest count of each SKU (ties on time: the later recorded wins).
_LAST_COUNTS = """
SELECT sku, quantity, at FROM (
    SELECT sku, quantity, at,
           ROW_NUMBER() OVER (PARTITION BY sku ORDER BY at DESC, id DESC) AS newest
    FROM stock_counts {sku_filter}
) WHERE newest = 1
"""

# Only lines that can still matter: not shipped yet, or shipped or returned after the last count
# (no count at or after both of its times). The ledger filters again by time; this keeps years of
# history out of Python.
_RELEVANT_LINES = """
SELECT l.sku, l.status, l.quantity, l.shipped_at, l.returned_at, l.cancelled_at
FROM order_lines AS l
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


def ledger_inputs(conn: sqlite3.Connection, skus: Iterable[str] | None) -> dict[str, LedgerInput]:
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
    for sku, status, quantity, shipped, returned, cancelled in conn.execute(
        _RELEVANT_LINES.format(sku_filter=line_filter), params
    ):
        facts = LineFacts(
            status_of[status], quantity, parsed(shipped), parsed(returned), parsed(cancelled)
        )
        if sku in lines:
            lines[sku].append(facts)
        else:
            lines[sku] = [facts]

    keys = wanted if wanted is not None else sorted(counts.keys() | lines.keys())
    return {sku: LedgerInput(counts.get(sku), tuple(lines.get(sku, ()))) for sku in keys}


def sales(conn: sqlite3.Connection, since: datetime, until: datetime) -> list[SaleLine]:
    """Lines of orders created in [since, until), oldest first."""
    rows = conn.execute(
        "SELECT l.channel, l.order_id, l.line_id, l.sku, l.quantity, l.unit_price, l.status,"
        "       o.created_at"
        " FROM order_lines AS l JOIN orders AS o USING (channel, order_id)"
        " WHERE o.created_at >= ? AND o.created_at < ?"
        " ORDER BY o.created_at, l.channel, l.order_id, l.line_id",
        (to_text(since), to_text(until)),
    )
    # A report reads a month of lines: parse each order's creation time once, not per line.
    times: dict[str, datetime] = {}
    status_of = _STATUS_BY_VALUE
    lines = []
    for channel, order_id, line_id, sku, quantity, price, status, at in rows:
        moment = times.get(at)
        if moment is None:
            moment = times[at] = from_text(at)
        lines.append(
            SaleLine(channel, order_id, line_id, sku, quantity, price, status_of[status], moment)
        )
    return lines
