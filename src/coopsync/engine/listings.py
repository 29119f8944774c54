"""Reading a channel's listings: everything once a day, only what changed in between.

A full read costs a call per page and, on some platforms, a call per product; a shop that
syncs every 10 minutes cannot pay that each time. So each channel keeps a snapshot of its
listings (what the last reads saw) and a cursor: when the last read began, or the latest
update time the platform stamped on a listing it read if that is later. A sync asks the
platform only for listings updated since the cursor minus an overlap (a platform may stamp an
update a little late, and clocks disagree) and merges them into the snapshot. Everything is
read again when the last full read is older than the channel's `full_read_hours` (default a
day), on `sync --full`, on the first run, and when the adapter cannot filter by update time:
filters miss what they miss (a listing deleted on the platform, a variation edited in a web
shop's admin), and the full read catches it.

A listing the platform lists again is read again (on some platforms that costs a call
a product) unless the snapshot knows it up to that update time: `Snapshot.known` holds, per
listing, the platform update time of the copy coopsync read, and only when that read proves no
later change can carry the same time — the read came more than the overlap after the update
(by our clock), or the same read met a listing updated in a later second (by the platform's
clock, which stamps whole seconds). A listing coopsync writes to loses its entry: its next
update time may be coopsync's own write or someone else's change in the same second (a
campaign lock, a stock edit in the seller centre), which only its content tells apart, so it
is read back once. A listing the platform does not list again after coopsync wrote to it (a
platform that does not stamp that write) shows the stock and price coopsync pushed
(`with_pushed`): what the channel accepted.

coopsync's own writes also tell how far the platform's clock can be behind ours
(`clock_floor`): the platform stamped each write no later than its answer came, so an update
time minus the moment that answer came is at most the platform's lead over our clock. A read
that began when the platform's clock had, by that bound, left a listing's second behind knows
that listing (`settled`). So the listings a sync wrote are read back in that sync, once a few
seconds have passed since the last write (`read_back_writes`), and the next sync, a quiet
one, reads none of them again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol, cast

from coopsync.adapters import (
    Adapter,
    Capability,
    Clock,
    KeyValueStore,
    ListingStatus,
    ListsChangedListings,
    RemoteListing,
)
from coopsync.engine.snapshot import (
    Snapshot,
    dump_snapshot,
    load_snapshot,
)

LISTINGS = "listings"  # cursor stream: the latest platform update time read
LISTINGS_FULL = "listings_full"  # cursor stream: when everything was last read
SNAPSHOT_KEY = "listings:snapshot"  # channel memory: the listings as last read
OVERLAP = timedelta(minutes=1)
FULL_READ_EVERY = timedelta(hours=24)
# Pairs (update time, answer time) needed for a bound on the platform's clock: with two, one
# listing someone else changed after coopsync's write cannot make the bound too late.
CLOCK_PAIRS = 2
SECOND = timedelta(seconds=1)
MARGIN = timedelta(milliseconds=500)  # sub-second slack on top of the bound
# How long after the last write's answer, and the slowest batch's time on top, a sync reads
# back what it wrote: the bound is loose by up to a second (whole-second stamps) plus the
# time a batch of writes takes; then the margin.
READ_BACK_AFTER = timedelta(seconds=2.5)
MAX_BATCH = timedelta(seconds=10)  # wait no longer than this for a slow batch


class CursorStore(KeyValueStore, Protocol):
    """What the listing pull needs of the state store."""

    def get_cursor(self, channel: str, stream: str) -> str | None: ...

    def set_cursor(self, channel: str, stream: str, value: str) -> None: ...


@dataclass(frozen=True)
class ListingRead:
    """The channel's listings after this run's read, and how they were read."""

    listings: list[RemoteListing]
    full: bool  # everything was read
    read: int  # listings the platform sent this run
    # Remote ids coopsync wrote to after they were last read: they show what was pushed.
    written_since_read: frozenset[str]
    cursor: datetime | None  # the latest platform update time seen so far
    fresh: frozenset[str] = frozenset()  # remote ids the platform sent this run
    began: datetime | None = None  # when this read began (coopsync's clock)


def _accepted(listing: RemoteListing, values: Mapping[str, Sequence[int | None]]) -> RemoteListing:
    """The listing with the stock and prices the channel accepted for its SKUs."""
    skus = []
    for sku in listing.skus:
        stock, price = values.get(sku.sku, (None, None))
        skus.append(
            replace(
                sku,
                stock=sku.stock if stock is None else stock,
                price=sku.price if price is None else price,
            )
        )
    return replace(listing, skus=tuple(skus))


def note_writes(
    store: KeyValueStore,
    channel: str,
    written: Mapping[str, RemoteListing | None],
    at: datetime,
    values: Mapping[str, Mapping[str, Sequence[int | None]]] | None = None,
    answered: Mapping[str, tuple[datetime, datetime]] | None = None,
) -> None:
    """Remember that this run changed these listings at about `at` (new ones: as created):
    they show the stock and prices the channel accepted (`values`: remote id -> SKU ->
    [stock, price], None where not written) until read again, and are read again when
    next listed. `answered`: when each write was sent and answered (default: at `at`)."""
    if not written:
        return
    snapshot = load_snapshot(store.get_value(channel, SNAPSHOT_KEY))
    for rid, listing in written.items():
        # A listing the write answered with (created, variants added, renamed, unlisted) is
        # how the platform has it now: it replaces the copy read before.
        if listing is not None:
            snapshot.listings[rid] = listing
        if rid in snapshot.listings and values is not None:
            snapshot.listings[rid] = _accepted(snapshot.listings[rid], values.get(rid, {}))
        elif rid in snapshot.listings:
            snapshot.written[rid] = at  # what was written is not known: the store's last push
        snapshot.known.pop(rid, None)
        snapshot.answered[rid] = (answered or {}).get(rid, (at, at))
    store.set_value(channel, SNAPSHOT_KEY, dump_snapshot(snapshot))


def settled(
    read: Sequence[RemoteListing], began: datetime, floor: timedelta | None = None
) -> dict[str, datetime]:
    """The listings of a read that no later change can hide, with their update times.

    A later change carries a later update time only once the second of this one has passed on
    the platform's clock (platforms stamp whole seconds). That is proven when the read began
    more than the overlap after it (the overlap bounds how far behind ours the platform's clock
    may be, as for the cursor), when the same read met a listing updated in a later second, or
    when the read began after that second ended by `floor`, a bound on the platform clock's
    lead over ours learnt from coopsync's own writes (`clock_floor`).
    """
    times = [x.updated_at for x in read if x.updated_at is not None]
    if not times:
        return {}
    platform_second = max(times).replace(microsecond=0)
    return {
        x.remote_id: x.updated_at
        for x in read
        if x.updated_at is not None
        and (
            x.updated_at < platform_second
            or x.updated_at <= began - OVERLAP
            or (floor is not None and x.updated_at + SECOND + MARGIN <= began + floor)
        )
    }


def clock_floor(
    read: Sequence[RemoteListing], answered: Mapping[str, tuple[datetime, datetime]]
) -> timedelta | None:
    """A lower bound on (platform clock - our clock), from listings coopsync wrote to.

    The platform stamped coopsync's write before it answered, so for such a listing, update
    time <= platform time at the answer = answer time + the platform's lead. A later change by
    someone else only raises an update time, so the smallest (update time - answer time) over
    the listings read is a bound as long as one of them still carries coopsync's write (or an
    older stamp): hence at least two (CLOCK_PAIRS). None without enough pairs.
    """
    gaps = [
        x.updated_at - answered[x.remote_id][1]
        for x in read
        if x.updated_at is not None and x.remote_id in answered
    ]
    return min(gaps) if len(gaps) >= CLOCK_PAIRS else None


# ---- merging and cursors (pure) ----------------------------------------------------------------
def merge(
    snapshot: Mapping[str, RemoteListing], changed: Sequence[RemoteListing]
) -> dict[str, RemoteListing]:
    """The snapshot with the listings just read in place of their old copies; deleted ones go."""
    out = dict(snapshot)
    for listing in changed:
        if listing.status is ListingStatus.DELETED:
            out.pop(listing.remote_id, None)
        else:
            out[listing.remote_id] = listing
    return out


def latest_update(listings: Iterable[RemoteListing], cursor: datetime | None) -> datetime | None:
    """The cursor moved to the latest update time among `listings` (never backwards)."""
    times = [x.updated_at for x in listings if x.updated_at is not None]
    if cursor is not None:
        times.append(cursor)
    return max(times) if times else None


def needs_full_read(
    last_full: datetime | None, cursor: datetime | None, now: datetime, every: timedelta
) -> bool:
    """A full read is due: never done, no cursor yet, or older than `every`."""
    return last_full is None or cursor is None or now - last_full >= every


def with_pushed(
    listings: Sequence[RemoteListing],
    written: frozenset[str],
    pushed: Mapping[str, tuple[int | None, int | None]],
) -> list[RemoteListing]:
    """Listings coopsync wrote to after it last read them show what it pushed.

    `pushed` is {sku: (stock, price)}; listings not in `written` are left as read.
    """
    out: list[RemoteListing] = []
    for listing in listings:
        if listing.remote_id not in written:
            out.append(listing)
            continue
        skus = []
        for remote_sku in listing.skus:
            stock, price = pushed.get(remote_sku.sku, (None, None))
            skus.append(
                replace(
                    remote_sku,
                    stock=remote_sku.stock if stock is None else stock,
                    price=remote_sku.price if price is None else price,
                )
            )
        out.append(replace(listing, skus=tuple(skus)))
    return out


# ---- the read (effects: the channel, the store, the clock) ---------------------------------------
async def read_back(
    channel: str,
    adapter: Adapter,
    store: CursorStore,
    clock: Clock,
    read: ListingRead,
    skus: Iterable[str],
    *,
    save: bool = True,
) -> ListingRead:
    """The listings selling `skus` read again by SKU (stock a sale or a cancellation moved
    on a platform that did not stamp the listing updated), merged into this run's read and
    the snapshot."""
    now = clock()
    found = {x.remote_id: x for x in (await adapter.find_by_sku(sorted(skus))).values()}
    if not found:
        return read
    merged = merge({x.remote_id: x for x in read.listings}, list(found.values()))
    if save:
        snapshot = load_snapshot(store.get_value(channel, SNAPSHOT_KEY))
        snapshot.listings = merge(snapshot.listings, list(found.values()))
        for rid in found:
            snapshot.written.pop(rid, None)
            snapshot.known.pop(rid, None)
        snapshot.known.update(settled(list(found.values()), now))
        store.set_value(channel, SNAPSHOT_KEY, dump_snapshot(snapshot))
    return replace(
        read,
        listings=list(merged.values()),
        written_since_read=read.written_since_read - set(found),
        fresh=read.fresh | set(found),
    )


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def listing_cursors(store: CursorStore, channel: str) -> tuple[datetime | None, datetime | None]:
    """(the platform update time the listing reads reached, when everything was last read)."""
    return _time(store.get_cursor(channel, LISTINGS)), _time(
        store.get_cursor(channel, LISTINGS_FULL)
    )


async def read_listings(
    channel: str,
    adapter: Adapter,
    store: CursorStore,
    clock: Clock,
    *,
    full: bool = False,
    full_every: timedelta = FULL_READ_EVERY,
    save: bool = True,
) -> ListingRead | None:
    """This run's view of the channel's listings (None: the adapter cannot list them).

    `save=False` (a plan, a dry run) reads the same way but leaves snapshot and cursors as
    they were."""
    caps = adapter.capabilities
    if not caps & Capability.LISTINGS_PULL:
        return None
    now = clock()
    cursor = _time(store.get_cursor(channel, LISTINGS))
    last_full = _time(store.get_cursor(channel, LISTINGS_FULL))
    stored = store.get_value(channel, SNAPSHOT_KEY)
    snapshot = load_snapshot(stored)
    incremental = (
        bool(caps & Capability.LISTINGS_SINCE)
        and not full
        and bool(snapshot.listings)
        and not needs_full_read(last_full, cursor, now, full_every)
    )
    if incremental:
        assert cursor is not None
        lister = cast(ListsChangedListings, adapter)
        changed = [x async for x in lister.listings_since(cursor - OVERLAP, snapshot.known)]
        merged = merge(snapshot.listings, changed)
    else:
        changed = [x async for x in adapter.listings()]
        merged = merge({}, changed)
    # The read saw every update up to when it began: the cursor moves there even when every
    # listing it met was known already (else it would list them again on every sync). The
    # overlap covers a platform clock a little behind ours.
    new_cursor = latest_update(changed, max(cursor, now) if cursor else now)
    read_now = {x.remote_id for x in changed}
    # A write a read settled since is seen: a later update time on it is someone else's.
    floor = clock_floor(
        changed,
        {rid: t for rid, t in snapshot.answered.items() if rid not in snapshot.known},
    )
    written = {
        rid: at
        for rid, at in snapshot.written.items()
        if incremental and rid in merged and rid not in read_now
    }
    known = {rid: at for rid, at in snapshot.known.items() if incremental and rid in merged}
    for rid in read_now:
        known.pop(rid, None)
    known.update(settled(changed, now, floor))
    # An answer time matters while its listing may still be read back: a day at most.
    answered = {
        rid: times
        for rid, times in snapshot.answered.items()
        if rid in merged and now - times[1] < max(full_every, FULL_READ_EVERY)
    }
    if save:
        text = dump_snapshot(Snapshot(merged, written, known, answered, snapshot.json_of))
        if text != stored:  # a quiet read changes nothing: nothing to write
            store.set_value(channel, SNAPSHOT_KEY, text)
        if new_cursor is not None:
            store.set_cursor(channel, LISTINGS, new_cursor.isoformat())
        if not incremental:
            store.set_cursor(channel, LISTINGS_FULL, now.isoformat())
    return ListingRead(
        listings=list(merged.values()),
        full=not incremental,
        read=len(changed),
        written_since_read=frozenset(written),
        cursor=new_cursor,
        fresh=frozenset(read_now),
        began=now,
    )


async def read_back_writes(
    channel: str,
    adapter: Adapter,
    store: CursorStore,
    clock: Clock,
    read: ListingRead,
    *,
    full_every: timedelta = FULL_READ_EVERY,
) -> ListingRead | None:
    """After the run's writes: read again, once, the listings it wrote to and those its read
    met too soon after an earlier write to know them (see the module's text), a few seconds
    after the last of those writes was answered, so that the next sync need not. None when
    there are too few to learn the platform's clock from (they are read back next time)."""
    snapshot = load_snapshot(store.get_value(channel, SNAPSHOT_KEY))
    began = read.began
    pending = [
        (sent, at)
        for rid, (sent, at) in snapshot.answered.items()
        if rid in snapshot.listings
        and rid not in snapshot.known
        and ((began is not None and at >= began) or rid in read.fresh)
    ]
    if len(pending) < CLOCK_PAIRS or read.full:
        return None
    # The bound on the platform's clock is as loose as the slowest batch of writes (a listing
    # stamped at its start, answered at its end) plus a second (whole-second stamps).
    slowest = min(max(at - sent for sent, at in pending), MAX_BATCH)
    last = max(at for _, at in pending)
    wait = (last + slowest + READ_BACK_AFTER - clock()).total_seconds()
    if wait > 0:
        await _sleep_of(adapter)(wait)
    return await read_listings(channel, adapter, store, clock, full_every=full_every)


def _sleep_of(adapter: Adapter) -> Callable[[float], Awaitable[None]]:
    """The adapter's sleep (tests give an instant one that moves their clock)."""
    context = getattr(adapter, "context", None)
    sleep: Callable[[float], Awaitable[None]] | None = getattr(context, "sleep", None)
    return sleep or asyncio.sleep
