"""The state store interface the engine and the CLI use.

One SQLite file serves one shop (`SqliteStore`); an office with many shops keeps each shop in a
schema of one PostgreSQL database (`PostgresStore`), the same protocol and semantics
(`state.choose` picks one by URL; docs/state-postgresql.md). So everything here speaks in plain
values (records.py, the adapter contract's Order and TokenPair, aware UTC datetimes), never in
database types.

Writes that record an outcome commit before they return: the engine journals each result as it
lands, and a crash followed by a rerun must find every result recorded so far.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from coopsync.adapters import KeyValueStore, Order, TokenStore
from coopsync.ledger import LedgerInput, StockPosition
from coopsync.state.records import (
    ChannelHealth,
    CountSource,
    ImportResult,
    Listing,
    RunRecord,
    SaleLine,
    StockCount,
    StockMove,
)
from coopsync.state.sales_summary import SalesSummary


class StateStore(TokenStore, KeyValueStore, Protocol):
    """Everything coopsync remembers between runs for one shop."""

    # --- lifecycle ---------------------------------------------------------------------------
    def close(self) -> None:
        """Release the store; further calls fail."""
        ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    # --- listings: where each SKU lives on each channel --------------------------------------
    def get_listing(self, channel: str, sku: str) -> Listing | None:
        """The listing of `sku` on `channel`, if coopsync knows one."""
        ...

    def listings_for(self, channel: str) -> dict[str, Listing]:
        """Every known listing on `channel`, keyed by SKU."""
        ...

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
        ...

    def record_stock_pushed(self, channel: str, sku: str, stock: int, at: datetime) -> None:
        """The channel accepted `stock` for `sku`."""
        ...

    def record_price_pushed(self, channel: str, sku: str, price: int, at: datetime) -> None:
        """The channel accepted `price` for `sku`."""
        ...

    def forget_listing(self, channel: str, sku: str) -> None:
        """Drop the mapping (the listing was deleted on the channel)."""
        ...

    # --- renamed SKUs (`formerly:`) ----------------------------------------------------------
    def rename_sku(self, old: str, new: str) -> bool:
        """In one transaction, move `old`'s listings (every channel), counts, catalog stock,
        order lines and stock moves to `new`, and remember the rename. False (and nothing
        changes) if this rename was done before. `state/sku_rename.py` has the statements."""
        ...

    def sku_renames(self) -> dict[str, str]:
        """Every rename done so far: old SKU -> new SKU."""
        ...

    # --- physical counts ---------------------------------------------------------------------
    def add_count(
        self, sku: str, quantity: int, at: datetime, source: CountSource, reason: str = ""
    ) -> None:
        """Record that `quantity` units of `sku` were on the shelf at `at`."""
        ...

    def last_count(self, sku: str) -> StockCount | None:
        """The latest count of `sku` (by count time)."""
        ...

    def catalog_stock_seen(self, sku: str) -> int | None:
        """The catalog `stock` value of `sku` seen on the last run, if any."""
        ...

    def set_catalog_stock_seen(self, sku: str, quantity: int) -> None:
        """Remember the catalog `stock` value of `sku`."""
        ...

    def record_catalog_stock(self, stock_by_sku: Mapping[str, int], at: datetime) -> list[str]:
        """Record a catalog count for each SKU whose catalog value changed since last seen.

        A count made with `stock count`/`stock adjust` is therefore not overridden by an
        unchanged catalog. Returns the SKUs that got a new count.
        """
        ...

    # --- orders --------------------------------------------------------------------------------
    def upsert_orders(
        self, channel: str, orders: Iterable[Order], shop: str | None = None
    ) -> ImportResult:
        """Import orders exactly once per (shop, order id): each newer copy replaces the order
        and all its lines; stale copies are ignored. `shop` is the platform's own identity of
        the shop (None: the channel's name stands for it)."""
        ...

    def open_orders(self, channel: str, shop: str | None = None) -> list[str]:
        """Ids of the shop's orders with units not yet shipped nor cancelled."""
        ...

    def settle_gone(self, channel: str, shop: str | None, order_ids: list[str]) -> int:
        """Orders the platform no longer has (deleted for good): their units that had not
        shipped are cancelled. Returns how many orders changed."""
        ...

    def adopt_orders(self, channel: str, shop: str) -> int:
        """Orders stored under `channel`'s name (before shops were known) move to `shop`; the
        shop's orders show under `channel` from now on. Returns how many moved."""
        ...

    def ledger_inputs(self, skus: Iterable[str] | None = None) -> dict[str, LedgerInput]:
        """Last count and relevant order lines of every SKU (or of `skus`), in bulk."""
        ...

    def sales(self, since: datetime, until: datetime) -> list[SaleLine]:
        """Order lines of orders created in [since, until), oldest first."""
        ...

    def stock_positions(
        self, skus: Iterable[str], restock_returns: bool, now: datetime | None = None
    ) -> dict[str, StockPosition]:
        """The ledger's position of each of `skus` (every one of them, in their order) at `now`
        (unpaid holds expire; None: none does), summed by the database rather than line by
        line: `sqlite_stock` holds the rule as portable SQL, checked against the ledger."""
        ...

    def sales_summary(
        self, since: datetime, until: datetime, slots: Sequence[datetime] | None = None
    ) -> SalesSummary:
        """What the order lines of orders created in [since, until) add up to, summed by the
        database: units, omzet and net sales per (channel, status), orders per channel, and,
        when `slots` (start times, the first being `since`) are given, sold lines per SKU and
        per slot. `sales_sql` holds the rule as portable SQL, checked against
        `sales_summary.summarize` (coopsync.money)."""
        ...

    def last_order_at(self) -> dict[str, datetime]:
        """When the newest order of each channel was placed (channels with orders only)."""
        ...

    def stock_moves(self) -> list[StockMove]:
        """Units placed at or brought back from manual channels, oldest first."""
        ...

    def channel_sales(self, channel: str, skus: list[str]) -> list[tuple[str, int, datetime]]:
        """(sku, units, sale time) of the not-cancelled lines sold on `channel`."""
        ...

    # --- cursors ---------------------------------------------------------------------------
    def get_cursor(self, channel: str, stream: str) -> str | None:
        """Where the last incremental pull of `stream` on `channel` stopped."""
        ...

    def set_cursor(self, channel: str, stream: str, value: str) -> None:
        """Move the cursor of `stream` on `channel`."""
        ...

    # --- runs and the journal ----------------------------------------------------------------
    def start_run(self, command: str, at: datetime) -> int:
        """Open a run; returns its id."""
        ...

    def journal(
        self,
        run_id: int,
        channel: str,
        action: str,
        sku: str | None,
        detail: str,
        outcome: str,
        message: str,
        at: datetime,
    ) -> None:
        """Record one result (committed before returning). `outcome` is ok|rejected|transient."""
        ...

    def finish_run(
        self, run_id: int, at: datetime, status: str, summary: Mapping[str, object]
    ) -> None:
        """Close a run with its status and a JSON-able summary."""
        ...

    def last_runs(self, n: int = 10) -> list[RunRecord]:
        """The `n` most recent runs, newest first."""
        ...

    def channel_health(self) -> dict[str, ChannelHealth]:
        """Last success and failure per channel, from the journal."""
        ...

    # --- support -----------------------------------------------------------------------------
    def dump(self) -> dict[str, list[dict[str, object]]]:
        """Every table as rows of plain values, tokens masked (for `--debug` and support)."""
        ...
