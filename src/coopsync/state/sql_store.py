"""What the SQLite and PostgreSQL stores share: the `StateStore` methods whose SQL is the same
on both (PostgreSQL's placeholders are translated by `pg_conn.PgConnection`).

Each store keeps only what differs: its connection, transactions and snapshots, locking, tokens
(SQLite stores them as they are, PostgreSQL sealed), run ids, bulk reads and its dump.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from types import TracebackType
from typing import Self

from coopsync.adapters import Clock, Order
from coopsync.state import (
    sales_sql,
    sku_rename,
    sqlite_order_reads,
    sqlite_orders,
    sqlite_sales,
)
from coopsync.state.records import (
    CountSource,
    HandSale,
    ImportResult,
    Listing,
    SaleLine,
    StockCount,
    StockMove,
)
from coopsync.state.sales_summary import SalesSummary
from coopsync.state.sql import SqlConnection
from coopsync.state.sql_journal import MASK, SAVE_TOKENS, SECRET_COLUMNS, SqlJournal, masked_rows
from coopsync.state.timestamps import from_text, to_text


class SqlStore(SqlJournal):
    """The shared half of a store; needs its connection, clock, write transaction and the
    query of each channel's last error (`_LAST_ERRORS`, as each database words it)."""

    _conn: SqlConnection
    _clock: Clock
    _LAST_ERRORS: str

    def _transaction(self) -> AbstractContextManager[SqlConnection]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    # --- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- listings ----------------------------------------------------------------------------
    def get_listing(self, channel: str, sku: str) -> Listing | None:
        """The listing of `sku` on `channel`, if coopsync knows one."""
        row = self._conn.execute(
            f"SELECT {_LISTING_COLUMNS} FROM listings WHERE channel = ? AND sku = ?",
            (channel, sku),
        ).fetchone()
        return None if row is None else _listing(row)

    def listings_for(self, channel: str) -> dict[str, Listing]:
        """Every known listing on `channel`, keyed by SKU."""
        rows = self._conn.execute(
            f"SELECT {_LISTING_COLUMNS} FROM listings WHERE channel = ? ORDER BY sku", (channel,)
        )
        return {row[1]: _listing(row) for row in rows}

    def save_listing(
        self,
        channel: str,
        sku: str,
        *,
        remote_id: str,
        remote_sku_id: str,
        at: datetime,
        url: str | None = None,
        content_hash: str | None = None,
    ) -> None:
        """Remember (create or adopt) a listing; a different remote id forgets what was pushed."""
        self._conn.execute(
            _SAVE_LISTING, (channel, sku, remote_id, remote_sku_id, url, content_hash, to_text(at))
        )

    def record_stock_pushed(self, channel: str, sku: str, stock: int, at: datetime) -> None:
        """The channel accepted `stock` for `sku`."""
        self._update_listing(channel, sku, "pushed_stock", stock, at)

    def record_price_pushed(self, channel: str, sku: str, price: int, at: datetime) -> None:
        """The channel accepted `price` for `sku`."""
        self._update_listing(channel, sku, "pushed_price", price, at)

    def _update_listing(
        self, channel: str, sku: str, column: str, value: int, at: datetime
    ) -> None:
        when = to_text(at)
        cursor = self._conn.execute(
            f"UPDATE listings SET {column} = ?, {column}_at = ?, updated_at = ?"
            " WHERE channel = ? AND sku = ?",
            (value, when, when, channel, sku),
        )
        if cursor.rowcount == 0:
            raise LookupError(f"no listing of SKU {sku} on channel {channel}: save_listing first")

    def forget_listing(self, channel: str, sku: str) -> None:
        """Drop the mapping (the listing was deleted on the channel)."""
        self._conn.execute("DELETE FROM listings WHERE channel = ? AND sku = ?", (channel, sku))

    def rename_sku(self, old: str, new: str) -> bool:
        """Move `old`'s history to `new` and remember the rename (see state/sku_rename.py)."""
        with self._transaction() as conn:
            return sku_rename.rename_sku(conn, old, new)

    def sku_renames(self) -> dict[str, str]:
        """Every rename done so far: old SKU -> new SKU."""
        return sku_rename.sku_renames(self._conn)

    # --- physical counts ---------------------------------------------------------------------
    def add_count(
        self, sku: str, quantity: int, at: datetime, source: CountSource, reason: str = ""
    ) -> None:
        """Record that `quantity` units of `sku` were on the shelf at `at`."""
        self._conn.execute(
            "INSERT INTO stock_counts (sku, quantity, at, source, reason) VALUES (?, ?, ?, ?, ?)",
            (sku, quantity, to_text(at), CountSource(source).value, reason),
        )

    def last_count(self, sku: str) -> StockCount | None:
        """The latest count of `sku` (by count time; the later recorded wins a tie)."""
        row = self._conn.execute(
            "SELECT sku, quantity, at, source, reason FROM stock_counts WHERE sku = ?"
            " ORDER BY at DESC, id DESC LIMIT 1",
            (sku,),
        ).fetchone()
        if row is None:
            return None
        return StockCount(row[0], row[1], from_text(row[2]), CountSource(row[3]), row[4])

    def catalog_stock_seen(self, sku: str) -> int | None:
        """The catalog `stock` value of `sku` seen on the last run, if any."""
        row = self._conn.execute(
            "SELECT quantity FROM catalog_stock_seen WHERE sku = ?", (sku,)
        ).fetchone()
        return None if row is None else int(row[0])

    def set_catalog_stock_seen(self, sku: str, quantity: int) -> None:
        """Remember the catalog `stock` value of `sku`."""
        self._conn.execute(_SET_SEEN, (sku, quantity))

    def record_catalog_stock(self, stock_by_sku: Mapping[str, int], at: datetime) -> list[str]:
        """Record a catalog count for each SKU whose catalog value changed since last seen."""
        when = to_text(at)
        with self._transaction() as conn:
            seen = dict(conn.execute("SELECT sku, quantity FROM catalog_stock_seen").fetchall())
            changed = [sku for sku, qty in stock_by_sku.items() if seen.get(sku) != qty]
            conn.executemany(
                "INSERT INTO stock_counts (sku, quantity, at, source) VALUES (?, ?, ?, 'catalog')",
                [(sku, stock_by_sku[sku], when) for sku in changed],
            )
            conn.executemany(_SET_SEEN, [(sku, stock_by_sku[sku]) for sku in changed])
        return changed

    # --- orders --------------------------------------------------------------------------------
    def upsert_orders(
        self, channel: str, orders: Iterable[Order], shop: str | None = None
    ) -> ImportResult:
        """Import orders exactly once per (shop, order id); each newer copy replaces the order's
        lines; stale copies are ignored. `shop` is the platform's shop identity (None: orders
        are keyed by the channel's name)."""
        with self._transaction() as conn:
            return sqlite_orders.upsert_orders(conn, channel, orders, self._clock(), shop)

    def open_orders(self, channel: str, shop: str | None = None) -> list[str]:
        """Ids of the shop's orders with units not yet shipped nor cancelled."""
        return sqlite_orders.open_orders(self._conn, channel, shop)

    def settle_gone(self, channel: str, shop: str | None, order_ids: list[str]) -> int:
        """Orders the platform no longer has: their unshipped units are cancelled."""
        with self._transaction() as conn:
            return sqlite_orders.settle_gone(conn, channel, shop, order_ids, self._clock())

    def adopt_orders(self, channel: str, shop: str) -> int:
        """Orders stored under `channel`'s name move to `shop`'s key; the shop's orders show
        under `channel`. Returns how many moved."""
        with self._transaction() as conn:
            return sqlite_orders.adopt_orders(conn, channel, shop)

    def sales_summary(
        self, since: datetime, until: datetime, slots: Sequence[datetime] | None = None
    ) -> SalesSummary:
        """The sums of the order lines of orders created in [since, until), summed by SQLite."""
        return sales_sql.sales_summary(self._conn.execute, to_text, since, until, slots)

    def sales(self, since: datetime, until: datetime) -> list[SaleLine]:
        """Order lines of orders created in [since, until), oldest first."""
        return sqlite_order_reads.sales(self._conn, since, until)

    def last_order_at(self) -> dict[str, datetime]:
        """When the newest order of each channel was placed (channels with orders only)."""
        rows = self._conn.execute("SELECT channel, MAX(created_at) FROM orders GROUP BY channel")
        return {channel: from_text(at) for channel, at in rows}

    # --- sales recorded by hand or from a chat; units placed at a manual channel -----------
    def record_hand_sale(self, sale: HandSale, order: Order) -> bool:
        """Record a sale and its order at once; False when its id was recorded before."""
        with self._transaction() as conn:
            return sqlite_sales.record_sale(conn, sale, order, self._clock())

    def next_hand_sale_id(self) -> str:
        return sqlite_sales.next_hand_id(self._conn)

    def known_sale_ids(self, channel: str) -> set[str]:
        return sqlite_sales.known_sale_ids(self._conn, channel)

    def hand_sales(self, limit: int | None = None) -> list[HandSale]:
        """Recorded sales, newest first (undone ones too)."""
        return sqlite_sales.hand_sales(self._conn, limit)

    def find_hand_sale(self, order_id: str) -> list[HandSale]:
        return sqlite_sales.find_sale(self._conn, order_id)

    def undo_hand_sale(self, sale: HandSale, at: datetime) -> None:
        """Forget the sale's order and mark it undone, in one transaction."""
        with self._transaction() as conn:
            sqlite_sales.undo_sale(conn, sale, at)

    def add_stock_move(self, move: StockMove) -> None:
        sqlite_sales.add_move(self._conn, move)

    def stock_moves(self) -> list[StockMove]:
        """Units placed at or brought back from manual channels, oldest first."""
        return sqlite_sales.moves(self._conn)

    def channel_sales(self, channel: str, skus: list[str]) -> list[tuple[str, int, datetime]]:
        """(sku, units, sale time) of the not-cancelled lines sold on `channel`."""
        return sqlite_sales.channel_sales(self._conn, channel, skus)

    # --- cursors -------------------------------------------------------------------------------
    def get_cursor(self, channel: str, stream: str) -> str | None:
        """Where the last incremental pull of `stream` on `channel` stopped."""
        row = self._conn.execute(
            "SELECT value FROM cursors WHERE channel = ? AND stream = ?", (channel, stream)
        ).fetchone()
        return None if row is None else str(row[0])

    def set_cursor(self, channel: str, stream: str, value: str) -> None:
        """Move the cursor of `stream` on `channel`."""
        self._conn.execute(
            "INSERT INTO cursors (channel, stream, value) VALUES (?, ?, ?)"
            " ON CONFLICT (channel, stream) DO UPDATE SET value = excluded.value",
            (channel, stream, value),
        )


_LISTING_COLUMNS = (
    "channel, sku, remote_id, remote_sku_id, url, pushed_stock, pushed_price, content_hash,"
    " updated_at"
)


def _listing(row: tuple[object, ...]) -> Listing:
    channel, sku, remote_id, remote_sku_id, url, stock, price, content_hash, updated = row
    # Read for every SKU several times a run: the drivers' own types pass as they are.
    return Listing(
        channel if type(channel) is str else str(channel),
        sku if type(sku) is str else str(sku),
        remote_id if type(remote_id) is str else str(remote_id),
        remote_sku_id if type(remote_sku_id) is str else str(remote_sku_id),
        None if url is None else str(url),
        None if stock is None else stock if type(stock) is int else int(str(stock)),
        None if price is None else price if type(price) is int else int(str(price)),
        None if content_hash is None else str(content_hash),
        datetime.fromisoformat(updated) if type(updated) is str else from_text(str(updated)),
    )


# A listing found again under the same remote ids keeps what was pushed to it; a new one does not.
_SAVE_LISTING = """
INSERT INTO listings (channel, sku, remote_id, remote_sku_id, url, content_hash, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (channel, sku) DO UPDATE SET
    pushed_stock = CASE WHEN same THEN listings.pushed_stock END,
    pushed_stock_at = CASE WHEN same THEN listings.pushed_stock_at END,
    pushed_price = CASE WHEN same THEN listings.pushed_price END,
    pushed_price_at = CASE WHEN same THEN listings.pushed_price_at END,
    url = CASE WHEN same THEN COALESCE(excluded.url, listings.url) ELSE excluded.url END,
    content_hash = CASE WHEN same THEN COALESCE(excluded.content_hash, listings.content_hash)
                        ELSE excluded.content_hash END,
    remote_id = excluded.remote_id,
    remote_sku_id = excluded.remote_sku_id,
    updated_at = excluded.updated_at
""".replace(
    "same",
    "(listings.remote_id = excluded.remote_id AND listings.remote_sku_id = excluded.remote_sku_id)",
)

_SET_SEEN = (
    "INSERT INTO catalog_stock_seen (sku, quantity) VALUES (?, ?)"
    " ON CONFLICT (sku) DO UPDATE SET quantity = excluded.quantity"
)


__all__ = ["MASK", "SAVE_TOKENS", "SECRET_COLUMNS", "SqlStore", "masked_rows"]
