"""The PostgreSQL state store: one schema per shop, the SQLite store's queries and semantics.

Every query is the SQLite store's own (`sqlite_orders`, `sqlite_order_reads`, `sqlite_sales`,
the listing and journal statements), run inside the shop's schema through `PgConnection`; the
tables are the same migrations translated (`pg_schema`). The connection is in autocommit: a
single write commits when it returns (the journal's crash safety), multi-row writes run in one
transaction that also takes the shop's write lock (as SQLite's `BEGIN IMMEDIATE` serialises a
file's writers).
Tokens are sealed with the shop's key (`token_seal`), never stored in clear text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Self

from coopsync.adapters import Clock
from coopsync.ledger import LedgerInput, StockPosition
from coopsync.state import pg_stock, sqlite_order_reads
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
from coopsync.state.sql_store import MASK
from coopsync.state.timestamps import utc_now
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

    # --- orders (the rest are shared: sql_store.SqlStore) ---------------------------------
    def ledger_inputs(self, skus: Iterable[str] | None = None) -> dict[str, LedgerInput]:
        """Last count and relevant order lines, read in one repeatable-read transaction."""
        if self._conn.in_transaction:
            return sqlite_order_reads.ledger_inputs(self._conn, skus)
        with self.snapshot():
            return sqlite_order_reads.ledger_inputs(self._conn, skus)

    def stock_positions(
        self, skus: Iterable[str], restock_returns: bool, now: datetime | None = None
    ) -> dict[str, StockPosition]:
        return pg_stock.stock_positions(self._conn, skus, restock_returns, now)


__all__ = ["MASK", "PostgresStore"]
