"""The SQLite state store: one file per shop, WAL, owner-only permissions.

Connections run in autocommit mode: a single write commits when it returns, and multi-row writes
use an explicit `BEGIN IMMEDIATE` transaction. `synchronous=NORMAL` keeps nightly runs fast;
token writes switch to FULL because a lost single-use refresh token needs a human to fix.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Self

from coopsync.adapters import Clock, TokenPair
from coopsync.ledger import LedgerInput, StockPosition
from coopsync.state import sqlite_order_reads, sqlite_stock
from coopsync.state.sql_store import MASK, SAVE_TOKENS, SqlStore, masked_rows
from coopsync.state.sqlite_open import open_database
from coopsync.state.timestamps import to_text, utc_now

_LAST_ERRORS = """
SELECT channel, message FROM (
    SELECT channel, message,
           ROW_NUMBER() OVER (PARTITION BY channel ORDER BY at DESC, id DESC) AS newest
    FROM journal WHERE outcome != 'ok'
) WHERE newest = 1
"""


class SqliteStore(SqlStore):
    """The `StateStore` of one shop, in one SQLite file (created 0600)."""

    _LAST_ERRORS = _LAST_ERRORS
    _conn: sqlite3.Connection

    def __init__(self, path: Path | str, *, clock: Clock = utc_now) -> None:
        self.path = Path(path)
        self._clock = clock
        self._conn = open_database(self.path)

    def __repr__(self) -> str:
        return f"SqliteStore({str(self.path)!r})"

    # --- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection; committed writes are already safe."""
        self._conn.close()

    @contextmanager
    def snapshot(self) -> Iterator[Self]:
        """Read one consistent moment of the state: a run committing meanwhile (WAL lets it)
        is not seen by any read inside the block (`report`, `status` during a sync)."""
        self._conn.execute("BEGIN")
        try:
            self._conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # fix the view
            yield self
        finally:
            self._conn.execute("COMMIT")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        # IMMEDIATE takes the write lock up front, so two writers wait (busy_timeout) instead
        # of failing halfway when a read lock cannot be upgraded.
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # --- orders (the rest are shared: sql_store.SqlStore) ---------------------------------
    def ledger_inputs(self, skus: Iterable[str] | None = None) -> dict[str, LedgerInput]:
        """Last count and relevant order lines of every SKU (or of `skus`), in bulk."""
        # One read transaction, so that counts and lines come from the same moment (inside a
        # `snapshot()` the snapshot's transaction is that moment).
        if self._conn.in_transaction:
            return sqlite_order_reads.ledger_inputs(self._conn, skus)
        self._conn.execute("BEGIN")
        try:
            return sqlite_order_reads.ledger_inputs(self._conn, skus)
        finally:
            self._conn.execute("COMMIT")

    def stock_positions(
        self, skus: Iterable[str], restock_returns: bool, now: datetime | None = None
    ) -> dict[str, StockPosition]:
        """The ledger's position of each of `skus` at `now`, summed by SQLite."""
        return sqlite_stock.stock_positions(self._conn.execute, to_text, skus, restock_returns, now)

    # --- tokens (TokenStore) and channel memory (KeyValueStore) ----------------------------
    def save_tokens(self, channel: str, tokens: TokenPair) -> None:
        """Persist atomically and durably (synchronous=FULL) before returning."""
        row = self._token_row(channel, tokens)
        self._conn.execute("PRAGMA synchronous = FULL")
        try:
            with self._transaction() as conn:
                conn.execute(SAVE_TOKENS, row)
        finally:
            self._conn.execute("PRAGMA synchronous = NORMAL")

    # --- runs and the journal ----------------------------------------------------------------
    def start_run(self, command: str, at: datetime) -> int:
        """Open a run; returns its id."""
        cursor = self._conn.execute(
            "INSERT INTO runs (command, started_at) VALUES (?, ?)", (command, to_text(at))
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    # --- moving a shop between stores (state.copy) -------------------------------------------
    def export_rows(self, table: str) -> tuple[list[str], list[tuple[object, ...]]]:
        """Every row of `table` as stored (tokens: use load_tokens)."""
        cursor = self._conn.execute(f'SELECT * FROM "{table}"')
        rows = [tuple(row) for row in cursor.fetchall()]
        return [str(d[0]) for d in cursor.description or ()], rows

    def import_rows(self, table: str, columns: list[str], rows: list[tuple[object, ...]]) -> None:
        """Insert rows exported from another store, as they are, in one transaction."""
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" for _ in columns)
        with self._transaction() as conn:
            conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)

    # --- support -----------------------------------------------------------------------------
    def dump(self) -> dict[str, list[dict[str, object]]]:
        """Every table as rows of plain values, tokens masked (for `--debug` and support)."""
        tables = [
            name
            for (name,) in self._conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        result: dict[str, list[dict[str, object]]] = {}
        for table in tables:
            cursor = self._conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            result[table] = masked_rows(table, columns, cursor)
        return result


__all__ = ["MASK", "SqliteStore"]
