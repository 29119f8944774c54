"""A run's reads of each channel: its orders and its listings side by side, then what the
orders say about the listings (stock a sale moved, a sale the pull has not seen yet).

Every channel's plan needs every channel's orders (stock is what is left after all sales),
and only its own listings. So the reads tell when the last channel's first order pull is
in (`orders_in`); a channel plans from then on, as soon as its own listings are read, and a
slow listing read holds up no other channel.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from coopsync.adapters import RemoteListing
from coopsync.engine.apply import run_concurrently
from coopsync.engine.listings import (
    ListingRead,
    read_back,
    read_back_writes,
    read_listings,
    with_pushed,
)
from coopsync.engine.outcome import HINT_REJECTED, Failure, Notice
from coopsync.engine.pull import OrderPull, pull_orders
from coopsync.engine.run_context import RunContext
from coopsync.engine.settle import unexplained_drop
from coopsync.errors import CoopsyncError
from coopsync.state.records import Listing


@dataclass
class Reads:
    """What this run read of each channel."""

    run: RunContext
    listings: dict[str, ListingRead | None] = field(default_factory=dict)
    moved: dict[str, frozenset[str]] = field(default_factory=dict)  # SKUs orders changed
    # Orders a channel's second pull found (a sale its listings showed before its first pull
    # did) after another channel may have planned without them: the settle step corrects.
    late_news: int = 0
    pulls: int = 0  # order pulls done: the stock available changes only with one
    _waiting: set[str] = field(default_factory=set)
    # Each channel's listing rows as the state holds them, read once until the channel's next
    # write (apply_one forgets them): 13 reads of every row a sync were a fifth of its CPU.
    _rows: dict[str, dict[str, Listing]] = field(default_factory=dict)
    _orders_in: asyncio.Event = field(default_factory=asyncio.Event)

    def __post_init__(self) -> None:
        self._waiting = set(self.run.adapters)
        if not self._waiting:
            self._orders_in.set()

    async def orders_in(self) -> None:
        """Every channel's first order pull is done (or failed, or was not asked for)."""
        await self._orders_in.wait()

    def _pulled(self, name: str) -> None:
        self._waiting.discard(name)
        if not self._waiting:
            self._orders_in.set()

    async def channel(self, name: str) -> None:
        """Read one channel's orders and listings (its rate limit paces both)."""
        pulled: OrderPull | None = None

        async def orders() -> None:
            nonlocal pulled
            try:
                if self.run.options.pulls_orders:
                    pulled = await self.pull_orders(name, self.run.options.since)
            finally:
                self._pulled(name)

        await run_concurrently([orders(), self._pull_listings(name)])
        if self.run.summary.channel(name).stopped:
            return
        if pulled is not None:
            self.moved[name] = pulled.changed_skus
            await self._read_back_moved(name, self.moved[name])
        if pulled is not None and self._drop_unexplained(name, pulled):
            # A sale the order pull did not see yet: read the orders again before planning.
            again = await self.pull_orders(name, None)
            if again is not None:
                self.late_news += again.news

    def rows(self, name: str) -> dict[str, Listing]:
        """The channel's listing rows by SKU (a copy: the caller may change it)."""
        known = self._rows.get(name)
        if known is None:
            known = self._rows[name] = self.run.store.listings_for(name)
        return dict(known)

    def forget_rows(self, names: Iterable[str]) -> None:
        """The channels' listing rows may have changed in the state: read them again."""
        for name in names:
            self._rows.pop(name, None)

    def _drop_unexplained(self, name: str, pulled: OrderPull) -> bool:
        known = self.rows(name)
        remote = self.shown(name, self.listings.get(name), known)
        pushed = {sku: row.pushed_stock for sku, row in known.items()}
        return unexplained_drop(remote, pushed, pulled.skus)

    def shown(
        self, name: str, read: ListingRead | None, known: Mapping[str, Listing] | None = None
    ) -> list[RemoteListing] | None:
        """The channel's listings as this run knows them (see engine/listings.py); `known`:
        the channel's listing rows, when the caller has them already."""
        if read is None:
            return None
        known = self.rows(name) if known is None else known
        pushed = {sku: (row.pushed_stock, row.pushed_price) for sku, row in known.items()}
        for old, new in self.run.renames.items():  # a channel that kept an old SKU
            if new in pushed and old not in pushed:
                pushed[old] = pushed[new]
        return with_pushed(read.listings, read.written_since_read, pushed)

    async def pull_orders(self, name: str, since: datetime | None) -> OrderPull | None:
        run = self.run
        if run.summary.channel(name).stopped:
            return None
        try:
            pulled = await pull_orders(
                name,
                run.adapters[name],
                run.store,
                run.clock,
                since=since,
                known_skus=set(run.catalog.skus()),
                renames=run.renames,
            )
        except Exception as exc:  # one channel's failure never stops the others
            run.stopped(name, "pull_orders", exc)
            return None
        finally:
            self.pulls += 1
        if pulled is not None:
            outcome = run.summary.channel(name)
            outcome.orders_new += pulled.imported.new_orders
            outcome.orders_changed += pulled.imported.status_changes
            if pulled.unknown_skus:
                run.summary.warnings.append(_unknown_skus_notice(name, pulled.unknown_skus))
            detail = f"{pulled.seen} orders read, {pulled.imported.new_orders} new"
            run.journal(name, "pull_orders", None, detail)
            if pulled.unreadable is not None:
                problem = pulled.unreadable
                outcome.failures.append(
                    Failure(name, "pull_orders", problem.message, problem.hint or HINT_REJECTED)
                )
                run.journal(name, "pull_orders", None, "unreadable", "rejected", problem.message)
        return pulled

    async def _pull_listings(self, name: str) -> None:
        run = self.run
        if run.summary.channel(name).stopped:
            return
        try:
            read = await read_listings(
                name,
                run.adapters[name],
                run.store,
                run.clock,
                full=run.options.full,
                full_every=timedelta(hours=run.settings[name].full_read_hours),
                save=run.options.saves_reads,
            )
        except Exception as exc:
            run.stopped(name, "pull_listings", exc)
            return
        self.listings[name] = read
        if read is not None:
            kind = "full" if read.full else "changed"
            detail = f"{read.read} listings read ({kind}), {len(read.listings)} known"
            run.journal(name, "pull_listings", None, detail)

    async def _read_back_moved(self, name: str, moved: frozenset[str]) -> None:
        """Where looking SKUs up is cheap, read back the listings whose stock orders moved
        (the write they would need otherwise may be one the platform made already)."""
        run = self.run
        read, adapter = self.listings.get(name), run.adapters[name]
        batch = adapter.rules.sku_lookup_batch
        if read is None or not moved or batch <= 0:
            return
        stale = unsure(read, moved)
        if not stale:
            return
        try:
            self.listings[name] = await read_back(
                name,
                adapter,
                run.store,
                run.clock,
                read,
                stale,
                save=run.options.saves_reads,
            )
        except CoopsyncError:
            return  # the stock is written instead, whatever the listing shows


async def read_back_writes_of(run: RunContext, reads: Reads, name: str) -> None:
    """What this run wrote is read back now, not by the next sync (engine/listings.py)."""
    read = reads.listings.get(name)
    if read is None or run.summary.channel(name).stopped:
        return
    every = timedelta(hours=run.settings[name].full_read_hours)
    try:
        await read_back_writes(
            name, run.adapters[name], run.store, run.clock, read, full_every=every
        )
    except CoopsyncError:
        return  # the next sync reads them back


def unsure(read: ListingRead, moved: frozenset[str]) -> frozenset[str]:
    """SKUs orders moved this run on listings the platform did not send this run."""
    return frozenset(
        s.sku
        for listing in read.listings
        if listing.remote_id not in read.fresh
        for s in listing.skus
        if s.sku in moved
    )


def moved_skus(pulled: OrderPull | None) -> frozenset[str]:
    return pulled.changed_skus if pulled is not None else frozenset()


async def pull_all(reads: Reads) -> dict[str, OrderPull | None]:
    """Every channel's order pull at once (each catches its own failure)."""
    names = list(reads.run.adapters)
    pulled: Sequence[OrderPull | None] = await asyncio.gather(
        *(reads.pull_orders(name, None) for name in names)
    )
    return dict(zip(names, pulled, strict=True))


def _unknown_skus_notice(channel: str, unknown: Mapping[str, int]) -> Notice:
    """Sales of SKUs the catalog does not have: the ledger cannot count them; say so."""
    count = sum(unknown.values())
    skus = ", ".join(sorted(unknown)[:10]) + (" …" if len(unknown) > 10 else "")
    return Notice(
        channel,
        "sync.unknown_sku_sold",
        {"count": count, "skus": skus},
        f"{count} order line(s) sell SKUs the catalog does not have: {skus}; their units are "
        "not counted",
    )
