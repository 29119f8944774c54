"""Sales recorded by hand or from a chat export, and units placed at a manual channel.

A recorded sale is an order of its channel in `orders` (the ledger and the report read it like
any other) plus a row in `hand_sales` saying who recorded it and why. Undoing a sale deletes
its order and keeps the row, marked undone, so that importing the same chat again skips it.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

from coopsync.adapters import Order
from coopsync.state import sqlite_orders
from coopsync.state.records import HandSale, SaleItem, StockMove
from coopsync.state.sql import SqlConnection
from coopsync.state.timestamps import from_text, from_text_or_none, to_text

_SALE_COLUMNS = "channel, order_id, source, sold_at, items, note, sender, recorded_at, undone_at"


def _sale(row: tuple[object, ...]) -> HandSale:
    items = tuple(SaleItem(str(s), int(q), int(p)) for s, q, p in json.loads(str(row[4])))
    return HandSale(
        channel=str(row[0]),
        order_id=str(row[1]),
        source=str(row[2]),
        sold_at=from_text(str(row[3])),
        items=items,
        note=str(row[5]),
        sender=str(row[6]),
        recorded_at=from_text(str(row[7])),
        undone_at=from_text_or_none(None if row[8] is None else str(row[8])),
    )


def record_sale(conn: SqlConnection, sale: HandSale, order: Order, now: datetime) -> bool:
    """Record `sale` and its order; False (and nothing written) when its id is already known,
    even as an undone sale. The caller holds a write transaction."""
    known = conn.execute(
        "SELECT 1 FROM hand_sales WHERE channel = ? AND order_id = ?",
        (sale.channel, sale.order_id),
    ).fetchone()
    if known is not None:
        return False
    items = json.dumps([[i.sku, i.quantity, i.unit_price] for i in sale.items])
    conn.execute(
        f"INSERT INTO hand_sales ({_SALE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        (
            sale.channel,
            sale.order_id,
            sale.source,
            to_text(sale.sold_at),
            items,
            sale.note,
            sale.sender,
            to_text(sale.recorded_at),
        ),
    )
    sqlite_orders.upsert_orders(conn, sale.channel, [order], now)
    return True


def known_sale_ids(conn: SqlConnection, channel: str) -> set[str]:
    """Order ids of every sale recorded on `channel`, undone ones included."""
    rows = conn.execute("SELECT order_id FROM hand_sales WHERE channel = ?", (channel,))
    return {str(order_id) for (order_id,) in rows}


def hand_sales(conn: SqlConnection, limit: int | None = None) -> list[HandSale]:
    """Recorded sales, newest first."""
    query = f"SELECT {_SALE_COLUMNS} FROM hand_sales ORDER BY sold_at DESC, recorded_at DESC"
    if limit is not None:
        query += f" LIMIT {int(limit)}"
    return [_sale(row) for row in conn.execute(query)]


def find_sale(conn: SqlConnection, order_id: str) -> list[HandSale]:
    """Sales with this id (case-insensitive), on whatever channel."""
    rows = conn.execute(
        f"SELECT {_SALE_COLUMNS} FROM hand_sales WHERE upper(order_id) = upper(?)", (order_id,)
    )
    return [_sale(row) for row in rows]


def undo_sale(conn: SqlConnection, sale: HandSale, at: datetime) -> None:
    """Forget the sale's order (its units are back in stock) and mark the record undone."""
    conn.execute(
        "DELETE FROM order_lines WHERE channel = ? AND order_id = ?", (sale.channel, sale.order_id)
    )
    conn.execute(
        "DELETE FROM orders WHERE channel = ? AND order_id = ?", (sale.channel, sale.order_id)
    )
    conn.execute(
        "UPDATE hand_sales SET undone_at = ? WHERE channel = ? AND order_id = ?",
        (to_text(at), sale.channel, sale.order_id),
    )


def next_hand_id(conn: SqlConnection) -> str:
    """The next id of a sale typed in by hand: H-1, H-2, ..."""
    numbers = [
        int(match.group(1))
        for (order_id,) in conn.execute("SELECT order_id FROM hand_sales WHERE source = 'hand'")
        if (match := re.fullmatch(r"H-(\d+)", str(order_id)))
    ]
    return f"H-{max(numbers, default=0) + 1}"


def add_move(conn: SqlConnection, move: StockMove) -> None:
    conn.execute(
        "INSERT INTO stock_moves (channel, sku, quantity, at, note) VALUES (?, ?, ?, ?, ?)",
        (move.channel, move.sku, move.quantity, to_text(move.at), move.note),
    )


def moves(conn: SqlConnection) -> list[StockMove]:
    """Every move, oldest first."""
    rows = conn.execute(
        "SELECT channel, sku, quantity, at, note FROM stock_moves ORDER BY at, id"
    ).fetchall()
    return [StockMove(str(c), str(s), int(q), from_text(str(a)), str(n)) for c, s, q, a, n in rows]


def channel_sales(
    conn: SqlConnection, channel: str, skus: list[str]
) -> list[tuple[str, int, datetime]]:
    """(sku, units, sale time) of every not-cancelled line on `channel` for these SKUs."""
    rows = conn.execute(
        "SELECT l.sku, l.quantity, o.created_at FROM order_lines AS l"
        " JOIN orders AS o USING (channel, order_id)"
        " WHERE l.channel = ? AND l.status != 'cancelled'"
        " AND l.sku IN (SELECT value FROM json_each(?)) ORDER BY o.created_at",
        (channel, json.dumps(skus)),
    ).fetchall()
    return [(str(sku), int(qty), from_text(str(at))) for sku, qty, at in rows]
