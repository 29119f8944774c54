"""A renamed SKU (`formerly:` in the catalog) carries its history over: one transaction moves
its listings, counts, catalog stock, order lines and stock moves to the new SKU and remembers
the rename, so orders that still name the old SKU (a channel that cannot change a SKU) count
for the new one. The same statements serve the SQLite and the PostgreSQL store.
"""

from __future__ import annotations

from typing import Any, Protocol

# channel_memory rows under this name hold `renamed:<old>` -> new (no channel is called so).
RENAMES = "*catalog*"
_KEY = "renamed:"


class _Conn(Protocol):
    def execute(self, sql: str, params: Any = ...) -> Any: ...


# (statement, parameters by name); `old` and `new` fill them in order.
_MOVES: tuple[tuple[str, tuple[str, ...]], ...] = (
    # A channel where the new SKU already has a listing keeps that one.
    (
        "DELETE FROM listings WHERE sku = ? AND channel IN "
        "(SELECT channel FROM listings WHERE sku = ?)",
        ("old", "new"),
    ),
    ("UPDATE listings SET sku = ? WHERE sku = ?", ("new", "old")),
    ("UPDATE stock_counts SET sku = ? WHERE sku = ?", ("new", "old")),
    (
        "DELETE FROM catalog_stock_seen WHERE sku = ? AND EXISTS "
        "(SELECT 1 FROM catalog_stock_seen AS s WHERE s.sku = ?)",
        ("old", "new"),
    ),
    ("UPDATE catalog_stock_seen SET sku = ? WHERE sku = ?", ("new", "old")),
    ("UPDATE order_lines SET sku = ? WHERE sku = ?", ("new", "old")),
    ("UPDATE stock_moves SET sku = ? WHERE sku = ?", ("new", "old")),
)


def renamed_to(conn: _Conn, old: str) -> str | None:
    row = conn.execute(
        "SELECT value FROM channel_memory WHERE channel = ? AND key = ?", (RENAMES, _KEY + old)
    ).fetchone()
    return str(row[0]) if row else None


def rename_sku(conn: _Conn, old: str, new: str) -> bool:
    """Move `old`'s history to `new` (inside the caller's transaction); False if done before."""
    if renamed_to(conn, old) == new:
        return False
    names = {"old": old, "new": new}
    for statement, params in _MOVES:
        conn.execute(statement, tuple(names[p] for p in params))
    conn.execute("DELETE FROM channel_memory WHERE channel = ? AND key = ?", (RENAMES, _KEY + old))
    conn.execute(
        "INSERT INTO channel_memory (channel, key, value) VALUES (?, ?, ?)",
        (RENAMES, _KEY + old, new),
    )
    return True


def sku_renames(conn: _Conn) -> dict[str, str]:
    """Every rename done so far: old SKU -> new SKU."""
    rows = conn.execute(
        "SELECT key, value FROM channel_memory WHERE channel = ?", (RENAMES,)
    ).fetchall()
    return {str(key)[len(_KEY) :]: str(value) for key, value in rows if str(key).startswith(_KEY)}
