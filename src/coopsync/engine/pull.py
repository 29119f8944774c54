"""Pull from the channels: orders (incremental, by update time) and the current listings.

Orders are read by update time from the saved cursor minus an overlap (a platform may stamp
an update a little late, and clocks disagree), up to now; the first pull backfills 30 days,
or from `since`. Every copy goes through `store.upsert_orders`, which keys each order by the
platform's own shop identity and replaces its lines with each newer copy, so the overlap never
counts a sale twice and a renamed channel imports nothing again. The cursor moves only
after every order up to `until` is stored: a pull that dies is simply done again.
Times are aware UTC datetimes; the shop's WIB only matters where people type or read dates.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from coopsync.adapters import (
    Adapter,
    Capability,
    Clock,
    Order,
    RemoteListing,
    look_up_orders,
    shop_identity,
)
from coopsync.engine.catalog_changes import resolve
from coopsync.errors import RowsUnreadable
from coopsync.state.records import ImportResult
from coopsync.state.store import StateStore

ORDERS = "orders"  # cursor stream name
OVERLAP = timedelta(minutes=10)
BACKFILL = timedelta(days=30)
CHUNK = 200  # orders stored per transaction while a pull goes on


@dataclass(frozen=True)
class OrderPull:
    """What one order pull read and imported."""

    since: datetime
    until: datetime
    seen: int
    imported: ImportResult
    skus: frozenset[str] = frozenset()  # SKUs on the lines of every order the pull read
    # SKUs on the lines of orders the pull found new or changed: the platform moved their stock
    # (a sale lowers it, a cancellation puts it back) without, maybe, stamping the listing.
    changed_skus: frozenset[str] = frozenset()
    unreadable: RowsUnreadable | None = None  # records the channel could not read, reported
    unknown_skus: dict[str, int] = field(default_factory=dict)  # order lines per unknown SKU

    @property
    def news(self) -> int:
        """New orders and status changes: 0 when the pull found nothing coopsync did not know."""
        return self.imported.new_orders + self.imported.status_changes


def order_window(cursor: str | None, now: datetime, since: datetime | None) -> datetime:
    """Where the next pull starts: `since` if given, else the cursor minus the overlap, else
    a 30-day backfill."""
    if since is not None:
        return since
    if cursor:
        return datetime.fromisoformat(cursor) - OVERLAP
    return now - BACKFILL


async def pull_orders(
    channel: str,
    adapter: Adapter,
    store: StateStore,
    clock: Clock,
    *,
    since: datetime | None = None,
    known_skus: Collection[str] | None = None,
    renames: Mapping[str, str] | None = None,
) -> OrderPull | None:
    """Import the orders changed on `channel` since the last pull (None: the channel has none).

    Orders read before a failure are kept (each is whole; importing is idempotent), so "the
    other rows were imported" is true; the cursor moves only when the whole window was read.
    Order lines whose SKU is not in `known_skus` are counted in `unknown_skus`. A line that
    names an old SKU (`renames`: a channel that cannot change a SKU) counts as its new one.
    """
    if not adapter.capabilities & Capability.ORDERS_PULL:
        return None
    shop = await shop_identity(adapter)
    if shop is not None:
        store.adopt_orders(channel, shop)
    until = clock()
    cursor = store.get_cursor(channel, ORDERS)
    start = order_window(cursor, until, since)
    # A pull told to start later than the cursor would leaves a gap unread: it must not move
    # the cursor past that gap (the next pull reads it).
    moves_cursor = start <= order_window(cursor, until, None)
    imported = ImportResult()
    unknown: dict[str, int] = {}
    seen = 0
    seen_ids: set[str] = set()
    skus: set[str] = set()
    changed: set[str] = set()
    batch: list[Order] = []

    def import_batch() -> ImportResult:
        result = store.upsert_orders(channel, batch, shop)
        if _moved(result):  # a batch is at most CHUNK orders: close enough to the one that moved
            changed.update(line.sku for order in batch for line in order.lines)
        return result

    unreadable: RowsUnreadable | None = None
    try:
        async for read in adapter.orders(start, until):
            order = renamed(read, renames) if renames else read
            batch.append(order)
            skus.update(line.sku for line in order.lines)
            seen += 1
            seen_ids.add(order.order_id)
            if known_skus is not None:
                for line in order.lines:
                    if line.sku not in known_skus:
                        unknown[line.sku or "-"] = unknown.get(line.sku or "-", 0) + 1
            if len(batch) >= CHUNK:
                imported += import_batch()
                batch = []
    except RowsUnreadable as exc:
        unreadable = exc  # every readable order was delivered: they count, the rest is reported
    finally:
        if batch:  # orders read before a failure are whole: keep them (importing is idempotent)
            imported += import_batch()
    if unreadable is None:
        settled, moved = await _settle_open_orders(channel, adapter, store, shop, seen_ids)
        imported += settled
        changed |= moved
    if moves_cursor:
        store.set_cursor(channel, ORDERS, until.isoformat())
    return OrderPull(
        start,
        until,
        seen,
        imported,
        frozenset(skus),
        changed_skus=frozenset(changed),
        unreadable=unreadable,
        unknown_skus=unknown,
    )


def _moved(result: ImportResult) -> bool:
    return bool(
        result.new_orders or result.new_lines or result.status_changes or result.removed_lines
    )


def renamed(order: Order, renames: Mapping[str, str]) -> Order:
    """The order with old SKUs named as the catalog names them now."""
    if not any(line.sku in renames for line in order.lines):
        return order
    lines = tuple(replace(line, sku=resolve(renames, line.sku)) for line in order.lines)
    return replace(order, lines=lines)


async def _settle_open_orders(
    channel: str, adapter: Adapter, store: StateStore, shop: str | None, seen: set[str]
) -> tuple[ImportResult, set[str]]:
    """Open orders the pull did not see, looked up by id where the platform can lose them from
    its lists (an order deleted for good): found ones are imported, gone ones settled."""
    still_open = [i for i in store.open_orders(channel, shop) if i not in seen]
    found = await look_up_orders(adapter, still_open)
    if not found:
        return ImportResult(), set()
    orders = [o for o in found.values() if o is not None]
    imported = store.upsert_orders(channel, orders, shop)
    moved = {line.sku for o in orders for line in o.lines} if _moved(imported) else set()
    gone = [order_id for order_id, order in found.items() if order is None]
    if gone:
        store.settle_gone(channel, shop, gone)
    return imported, moved


async def pull_listings(adapter: Adapter) -> list[RemoteListing] | None:
    """Every listing on the channel (None: the adapter cannot list them)."""
    if not adapter.capabilities & Capability.LISTINGS_PULL:
        return None
    return [listing async for listing in adapter.listings()]
