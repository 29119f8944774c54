"""Orders in the store (SQLite, and PostgreSQL with the same queries): exactly-once import of
pulled orders, adopting a shop's legacy rows, and settling orders that left the platform's
open list. What the ledger and the report read back is in `sqlite_order_reads`.

A 1,000-SKU shop pulls thousands of lines per run, so each call is a handful of set-based
statements in one transaction, never a query per order or per SKU.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from coopsync.adapters import Order, OrderStatus
from coopsync.ledger import LineFacts, advance_line
from coopsync.state.records import ImportResult
from coopsync.state.sql import SqlConnection
from coopsync.state.timestamps import from_text_or_none, to_text

_UPSERT_ORDER = """
INSERT INTO orders (shop, channel, order_id, status, created_at, updated_at, total, currency,
                    imported_at, hold_until)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (shop, order_id) DO UPDATE SET
    channel = excluded.channel,
    hold_until = excluded.hold_until,
    status = excluded.status,
    created_at = excluded.created_at,
    updated_at = excluded.updated_at,
    total = excluded.total,
    currency = excluded.currency
"""

_INSERT_LINE = """
INSERT INTO order_lines (shop, channel, order_id, created_at, line_id, sku, quantity,
                         list_price, seller_discount, platform_discount, paid, refunded, status,
                         shipped_at, returned_at, cancelled_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

_LINE_COLUMNS = (
    "line_id, sku, quantity, list_price, seller_discount, platform_discount, paid, refunded,"
    " status, shipped_at, returned_at, cancelled_at"
)

# One stored line, from line_id to cancelled_at (the columns of _LINE_COLUMNS).
LineRow = tuple[str, str, int, int, int, int, int, int, str, str | None, str | None, str | None]


def shop_key(channel: str, shop: str | None) -> str:
    """The key orders are stored under: the platform's shop identity, else the channel's name."""
    return shop if shop else f"channel:{channel}"


def adopt_orders(conn: SqlConnection, channel: str, shop: str) -> int:
    """Move orders stored under the channel's name to the shop's identity; name them `channel`.

    State written before orders were keyed by shop (or by a channel whose adapter could not tell
    its shop then) keeps counting: its orders move to the shop's key, unless the shop already
    has that order. Returns how many orders moved. The caller holds a write transaction.
    """
    legacy = shop_key(channel, None)
    moved = 0
    if (
        legacy != shop
        and conn.execute("SELECT 1 FROM orders WHERE shop = ? LIMIT 1", (legacy,)).fetchone()
    ):
        moving = [
            order_id
            for (order_id,) in conn.execute(
                "SELECT order_id FROM orders WHERE shop = ?"
                " AND order_id NOT IN (SELECT order_id FROM orders WHERE shop = ?)",
                (legacy, shop),
            )
        ]
        ids = json.dumps(moving)
        conn.execute(
            "INSERT INTO orders (shop, channel, order_id, status, created_at, updated_at, total,"
            " currency, imported_at)"
            " SELECT ?, channel, order_id, status, created_at, updated_at, total, currency,"
            " imported_at FROM orders"
            " WHERE shop = ? AND order_id IN (SELECT value FROM json_each(?))",
            (shop, legacy, ids),
        )
        conn.execute(
            f"INSERT INTO order_lines (shop, channel, order_id, created_at, {_LINE_COLUMNS})"
            f" SELECT ?, channel, order_id, created_at, {_LINE_COLUMNS} FROM order_lines"
            " WHERE shop = ? AND order_id IN (SELECT value FROM json_each(?))",
            (shop, legacy, ids),
        )
        conn.execute("DELETE FROM order_lines WHERE shop = ?", (legacy,))
        conn.execute("DELETE FROM orders WHERE shop = ?", (legacy,))
        moved = len(moving)
    # A renamed channel: the shop's orders show under its new name.
    conn.execute(
        "UPDATE orders SET channel = ? WHERE shop = ? AND channel != ?", (channel, shop, channel)
    )
    conn.execute(
        "UPDATE order_lines SET channel = ? WHERE shop = ? AND channel != ?",
        (channel, shop, channel),
    )
    return moved


def _newest_copies(orders: Iterable[Order]) -> dict[str, Order]:
    """One copy per order id: the newest (a pull with overlap can deliver several)."""
    newest: dict[str, Order] = {}
    for order in orders:
        known = newest.get(order.order_id)
        if known is None or order.updated_at >= known.updated_at:
            newest[order.order_id] = order
    return newest


def _known_state(
    conn: SqlConnection, shop: str, order_ids: list[str]
) -> tuple[dict[str, str], dict[str, dict[str, LineRow]]]:
    """Stored update times of these orders, and their stored lines by line id."""
    ids = json.dumps(order_ids)
    updated = dict(
        conn.execute(
            "SELECT order_id, updated_at FROM orders"
            " WHERE shop = ? AND order_id IN (SELECT value FROM json_each(?))",
            (shop, ids),
        ).fetchall()
    )
    lines: dict[str, dict[str, LineRow]] = {}
    for order_id, *row in conn.execute(
        f"SELECT order_id, {_LINE_COLUMNS} FROM order_lines"
        " WHERE shop = ? AND order_id IN (SELECT value FROM json_each(?))",
        (shop, ids),
    ):
        line_row: LineRow = tuple(row)
        lines.setdefault(order_id, {})[line_row[0]] = line_row
    return updated, lines


def _facts(row: LineRow) -> LineFacts:
    return LineFacts(
        OrderStatus(row[8]),
        row[2],
        from_text_or_none(row[9]),
        from_text_or_none(row[10]),
        from_text_or_none(row[11]),
    )


def _line_rows(order: Order, stored: dict[str, LineRow]) -> list[LineRow]:
    """The order's lines as rows, each line's event times carried on from its stored row.

    Lines split off another line (a partial refund or return) take its shipping time: their
    units left the shelf with it, not when the split was first seen.
    """
    rows: dict[str, LineRow] = {}
    facts_of: dict[str, LineFacts] = {}
    # Lines that others were split from first, so a split line finds its parent's facts.
    ordered = sorted(order.lines, key=lambda line: line.split_from is not None)
    for line in ordered:
        previous_row = stored.get(line.line_id)
        previous = _facts(previous_row) if previous_row is not None else None
        shipped_hint = line.shipped_at
        if previous is None and line.split_from is not None:
            parent = facts_of.get(line.split_from)
            if parent is None and line.split_from in stored:
                parent = _facts(stored[line.split_from])
            if parent is not None and parent.shipped_at is not None:
                shipped_hint = parent.shipped_at
                previous = LineFacts(parent.status, line.quantity, parent.shipped_at)
        facts = advance_line(
            previous, line.status, line.quantity, order.updated_at, shipped_hint, line.returned_at
        )
        facts_of[line.line_id] = facts
        rows[line.line_id] = (
            line.line_id,
            line.sku,
            facts.quantity,
            line.list_price,
            line.seller_discount,
            line.platform_discount,
            line.buyer_paid,
            line.refunded,
            facts.status.value,
            _text_or_none(facts.shipped_at),
            _text_or_none(facts.returned_at),
            _text_or_none(facts.cancelled_at),
        )
    return [rows[line.line_id] for line in order.lines if line.line_id in rows]


def upsert_orders(
    conn: SqlConnection,
    channel: str,
    orders: Iterable[Order],
    now: datetime,
    shop: str | None = None,
) -> ImportResult:
    """Import `orders` of `channel` (of the platform shop `shop`); the caller holds a write
    transaction.

    Each newer copy of an order replaces the order and all its lines: a line missing from the
    newer copy is gone (its units regrouped under other line ids, or the shop edited it away).
    """
    incoming = _newest_copies(orders)
    if not incoming:
        return ImportResult()
    key = shop_key(channel, shop)
    stored_updated, stored_lines = _known_state(conn, key, list(incoming))
    imported_at = to_text(now)
    order_rows: list[tuple[str, str, str, str, str, str, int, str, str, str | None]] = []
    line_rows: list[tuple[object, ...]] = []
    replaced: list[tuple[str, str]] = []
    new_orders = new_lines = status_changes = stale = removed = 0

    for order in incoming.values():
        updated_at = to_text(order.updated_at)
        known_updated = stored_updated.get(order.order_id)
        # An overlapping pull window re-delivers old copies: never let them undo newer news.
        if known_updated is not None and updated_at < known_updated:
            stale += 1
            continue
        stored = stored_lines.get(order.order_id, {})
        rows = _line_rows(order, stored)
        # The same version again (the overlap of the pull window): nothing to write.
        if updated_at == known_updated and sorted(rows) == sorted(stored.values()):
            continue
        if known_updated is None:
            new_orders += 1
        for row in rows:
            before = stored.get(row[0])
            if before is None:
                new_lines += 1
            elif before[8] != row[8]:
                status_changes += 1
        removed += len(stored.keys() - {row[0] for row in rows})
        order_rows.append(
            (
                key,
                channel,
                order.order_id,
                order.status.value,
                to_text(order.created_at),
                updated_at,
                order.total,
                order.currency,
                imported_at,
                _text_or_none(order.hold_until),
            )
        )
        replaced.append((key, order.order_id))
        created = to_text(order.created_at)
        line_rows += [(key, channel, order.order_id, created, *row) for row in rows]

    conn.executemany(_UPSERT_ORDER, order_rows)
    conn.executemany("DELETE FROM order_lines WHERE shop = ? AND order_id = ?", replaced)
    conn.executemany(_INSERT_LINE, line_rows)
    return ImportResult(new_orders, new_lines, status_changes, stale, removed)


def open_orders(conn: SqlConnection, channel: str, shop: str | None) -> list[str]:
    """Ids of the shop's orders with units not yet shipped nor cancelled."""
    rows = conn.execute(
        "SELECT DISTINCT order_id FROM order_lines"
        " WHERE shop = ? AND shipped_at IS NULL AND status IN ('unpaid', 'to_ship')"
        " ORDER BY order_id",
        (shop_key(channel, shop),),
    )
    return [str(order_id) for (order_id,) in rows]


def settle_gone(
    conn: SqlConnection, channel: str, shop: str | None, order_ids: list[str], now: datetime
) -> int:
    """Orders the platform no longer has (deleted for good): their units that had not shipped
    are cancelled, now. Returns how many orders changed. The caller holds a write transaction."""
    key = shop_key(channel, shop)
    at = to_text(now)
    changed = 0
    for order_id in order_ids:
        cursor = conn.execute(
            "UPDATE order_lines SET status = 'cancelled', cancelled_at = COALESCE(cancelled_at, ?)"
            " WHERE shop = ? AND order_id = ? AND shipped_at IS NULL"
            " AND status IN ('unpaid', 'to_ship')",
            (at, key, order_id),
        )
        if cursor.rowcount:
            changed += 1
            conn.execute(
                "UPDATE orders SET status = 'cancelled',"
                " updated_at = CASE WHEN updated_at > ? THEN updated_at ELSE ? END"
                " WHERE shop = ? AND order_id = ?",
                (at, at, key, order_id),
            )
    return changed


def _text_or_none(moment: datetime | None) -> str | None:
    return None if moment is None else to_text(moment)
