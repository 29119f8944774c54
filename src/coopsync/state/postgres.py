"""The PostgreSQL state store: one schema per shop, the SQLite store's queries and semantics.

Every query is the SQLite store's own (`sqlite_orders`, `sqlite_sales`, the listing and journal
statements), run inside the shop's schema through `PgConnection`; the tables are the same
migrations translated (`pg_schema`). The connection is in autocommit: a single write commits
when it returns (the journal's crash safety), multi-row writes run in one transaction that also
takes the shop's write lock (as SQLite's `BEGIN IMMEDIATE` serialises a file's writers).
Tokens are sealed with the shop's key (`token_seal`), never stored in clear text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from types import TracebackType
from typing import Self

from coopsync.adapters import Clock, Order
from coopsync.ledger import LedgerInput, StockPosition
from coopsync.state import pg_stock, sales_sql, sku_rename, sqlite_orders, sqlite_sales
from coopsync.state.pg_conn import (
    LOCK_CLASS_WRITE,
    PgConnection,
    connect,
    display_url,
    lock_key,
    schema_for,
)
from coopsync.state.pg_schema import migrate
from coopsync.state.pg_support import PgSupport
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
from coopsync.state.sqlite import (
    _LISTING_COLUMNS,
    _SAVE_LISTING,
    _SET_SEEN,
    MASK,
    _listing,
)
from coopsync.state.timestamps import from_text, to_text, utc_now
from coopsync.state.token_seal import TokenSeal


class PostgresStore(PgSupport):
    """The `StateStore` of one shop, in its own schema of a PostgreSQL database."""

    def __init__(
        self,
        url: str,
        shop: str,
        *,
        clock: Clock = utc_now,
        token_key: str | None = None,
        application_name: str = "coopsync",
    ) -> None:
        self.url = url
        self.shop = shop
        self.schema = schema_for(shop)
        self._clock = clock
        self._seal = TokenSeal(token_key, shop)
        self._lock_key = lock_key(self.schema)
        raw = connect(url, application_name=application_name)
        try:
            migrate(raw, self.schema)
        except BaseException:
            raw.close()
            raise
        self._conn = PgConnection(raw)

    def __repr__(self) -> str:
        return f"PostgresStore({display_url(self.url)!r}, {self.shop!r})"

    # --- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection; committed writes are already safe."""
        self._conn.raw.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[Self]:
        """Read one consistent moment of the state (a repeatable-read, read-only transaction):
        a run committing meanwhile is not seen by any read inside the block."""
        self._conn.raw.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            yield self
        finally:
            self._conn.raw.execute("COMMIT")

    @contextmanager
    def _transaction(self) -> Iterator[PgConnection]:
        conn = self._conn
        conn.raw.execute("BEGIN")
        try:
            conn.raw.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", (LOCK_CLASS_WRITE, self._lock_key)
            )
            yield conn
        except BaseException:
            conn.raw.execute("ROLLBACK")
            raise
        conn.raw.execute("COMMIT")

    # --- listings ----------------------------------------------------------------------------
    def get_listing(self, channel: str, sku: str) -> Listing | None:
        row = self._conn.execute(
            f"SELECT {_LISTING_COLUMNS} FROM listings WHERE channel = ? AND sku = ?",
            (channel, sku),
        ).fetchone()
        return None if row is None else _listing(row)

    def listings_for(self, channel: str) -> dict[str, Listing]:
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
        self._conn.execute(
            _SAVE_LISTING, (channel, sku, remote_id, remote_sku_id, url, content_hash, to_text(at))
        )

    def record_stock_pushed(self, channel: str, sku: str, stock: int, at: datetime) -> None:
        self._update_listing(channel, sku, "pushed_stock", stock, at)

    def record_price_pushed(self, channel: str, sku: str, price: int, at: datetime) -> None:
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
        self._conn.execute(
            "INSERT INTO stock_counts (sku, quantity, at, source, reason) VALUES (?, ?, ?, ?, ?)",
            (sku, quantity, to_text(at), CountSource(source).value, reason),
        )

    def last_count(self, sku: str) -> StockCount | None:
        row = self._conn.execute(
            "SELECT sku, quantity, at, source, reason FROM stock_counts WHERE sku = ?"
            " ORDER BY at DESC, id DESC LIMIT 1",
            (sku,),
        ).fetchone()
        if row is None:
            return None
        return StockCount(row[0], row[1], from_text(row[2]), CountSource(row[3]), row[4])

    def catalog_stock_seen(self, sku: str) -> int | None:
        row = self._conn.execute(
            "SELECT quantity FROM catalog_stock_seen WHERE sku = ?", (sku,)
        ).fetchone()
        return None if row is None else int(row[0])

    def set_catalog_stock_seen(self, sku: str, quantity: int) -> None:
        self._conn.execute(_SET_SEEN, (sku, quantity))

    def record_catalog_stock(self, stock_by_sku: Mapping[str, int], at: datetime) -> list[str]:
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
        with self._transaction() as conn:
            return sqlite_orders.upsert_orders(conn, channel, orders, self._clock(), shop)

    def open_orders(self, channel: str, shop: str | None = None) -> list[str]:
        return sqlite_orders.open_orders(self._conn, channel, shop)

    def settle_gone(self, channel: str, shop: str | None, order_ids: list[str]) -> int:
        with self._transaction() as conn:
            return sqlite_orders.settle_gone(conn, channel, shop, order_ids, self._clock())

    def adopt_orders(self, channel: str, shop: str) -> int:
        with self._transaction() as conn:
            return sqlite_orders.adopt_orders(conn, channel, shop)

    def ledger_inputs(self, skus: Iterable[str] | None = None) -> dict[str, LedgerInput]:
        """Last count and relevant order lines, read in one repeatable-read transaction."""
        if self._conn.in_transaction:
            return sqlite_orders.ledger_inputs(self._conn, skus)
        with self.snapshot():
            return sqlite_orders.ledger_inputs(self._conn, skus)

    def stock_positions(
        self, skus: Iterable[str], restock_returns: bool, now: datetime | None = None
    ) -> dict[str, StockPosition]:
        return pg_stock.stock_positions(self._conn, skus, restock_returns, now)

    def sales(self, since: datetime, until: datetime) -> list[SaleLine]:
        return sqlite_orders.sales(self._conn, since, until)

    def sales_summary(
        self, since: datetime, until: datetime, slots: Sequence[datetime] | None = None
    ) -> SalesSummary:
        return sales_sql.sales_summary(self._conn.execute, to_text, since, until, slots)

    def last_order_at(self) -> dict[str, datetime]:
        rows = self._conn.execute("SELECT channel, MAX(created_at) FROM orders GROUP BY channel")
        return {channel: from_text(at) for channel, at in rows}

    # --- sales recorded by hand or from a chat; units placed at a manual channel -----------
    def record_hand_sale(self, sale: HandSale, order: Order) -> bool:
        with self._transaction() as conn:
            return sqlite_sales.record_sale(conn, sale, order, self._clock())

    def next_hand_sale_id(self) -> str:
        return sqlite_sales.next_hand_id(self._conn)

    def known_sale_ids(self, channel: str) -> set[str]:
        return sqlite_sales.known_sale_ids(self._conn, channel)

    def hand_sales(self, limit: int | None = None) -> list[HandSale]:
        return sqlite_sales.hand_sales(self._conn, limit)

    def find_hand_sale(self, order_id: str) -> list[HandSale]:
        return sqlite_sales.find_sale(self._conn, order_id)

    def undo_hand_sale(self, sale: HandSale, at: datetime) -> None:
        with self._transaction() as conn:
            sqlite_sales.undo_sale(conn, sale, at)

    def add_stock_move(self, move: StockMove) -> None:
        sqlite_sales.add_move(self._conn, move)

    def stock_moves(self) -> list[StockMove]:
        return sqlite_sales.moves(self._conn)

    def channel_sales(self, channel: str, skus: list[str]) -> list[tuple[str, int, datetime]]:
        return sqlite_sales.channel_sales(self._conn, channel, skus)

    # --- cursors -------------------------------------------------------------------------------
    def get_cursor(self, channel: str, stream: str) -> str | None:
        row = self._conn.execute(
            "SELECT value FROM cursors WHERE channel = ? AND stream = ?", (channel, stream)
        ).fetchone()
        return None if row is None else str(row[0])

    def set_cursor(self, channel: str, stream: str, value: str) -> None:
        self._conn.execute(
            "INSERT INTO cursors (channel, stream, value) VALUES (?, ?, ?)"
            " ON CONFLICT (channel, stream) DO UPDATE SET value = excluded.value",
            (channel, stream, value),
        )


__all__ = ["MASK", "PostgresStore"]
