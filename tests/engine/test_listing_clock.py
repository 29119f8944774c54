"""What coopsync's own writes tell about the platform's clock (engine/listings.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import cast

from coopsync.adapters import Adapter, Capability, ListingStatus, RemoteListing, RemoteSku
from coopsync.engine.listings import (
    LISTINGS,
    LISTINGS_FULL,
    SECOND,
    SNAPSHOT_KEY,
    clock_floor,
    read_listings,
    settled,
)
from coopsync.engine.snapshot import Snapshot, dump_snapshot

T0 = datetime(2026, 12, 7, 8, 0, 0, tzinfo=UTC)


def listing(remote_id: str, updated: datetime) -> RemoteListing:
    return RemoteListing(
        remote_id,
        "Tas",
        ListingStatus.ACTIVE,
        (RemoteSku(remote_id, "0", 25_000, 5),),
        None,
        updated,
    )


def seconds(n: float) -> timedelta:
    return timedelta(seconds=n)


def test_one_written_listing_is_not_enough_to_bound_the_platform_clock() -> None:
    read = [listing("1", T0)]
    assert clock_floor(read, {"1": (T0, T0 + seconds(0.4))}) is None


def test_the_bound_is_the_smallest_gap_between_update_time_and_answer() -> None:
    read = [listing("1", T0), listing("2", T0 + seconds(1)), listing("3", T0 + seconds(2))]
    answered = {
        "1": (T0, T0 + seconds(0.9)),
        "2": (T0, T0 + seconds(1.2)),
        "3": (T0, T0 + seconds(2.1)),
    }
    assert clock_floor(read, answered) == seconds(-0.9)


def test_someone_elses_later_change_does_not_raise_the_bound() -> None:
    """Listing 2 was edited a minute after coopsync's write: its gap is large, the bound is
    still what listing 1 (coopsync's write the last change) says."""
    read = [listing("1", T0), listing("2", T0 + seconds(61))]
    answered = {"1": (T0, T0 + seconds(0.5)), "2": (T0, T0 + seconds(0.5))}
    assert clock_floor(read, answered) == seconds(-0.5)


def test_listings_coopsync_did_not_write_give_no_bound() -> None:
    read = [listing("1", T0), listing("2", T0)]
    assert clock_floor(read, {"3": (T0, T0)}) is None


def test_a_read_known_to_begin_after_the_second_ended_settles_the_listing() -> None:
    read = [listing("1", T0), listing("2", T0)]  # same second: no later one to prove it
    floor = seconds(-0.9)  # the platform's clock is at most 0.9 s behind ours
    assert settled(read, T0 + seconds(2), None) == {}
    assert settled(read, T0 + seconds(2.3), floor) == {}  # 2.3 - 0.9 < 1 s + the margin
    assert set(settled(read, T0 + seconds(2.4), floor)) == {"1", "2"}


# ---- a read: the bound comes only from writes the reads have not settled yet ------------------
class _Store:
    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}
        self.cursors: dict[tuple[str, str], str] = {}

    def get_value(self, channel: str, key: str) -> str | None:
        return self.values.get((channel, key))

    def set_value(self, channel: str, key: str, value: str) -> None:
        self.values[(channel, key)] = value

    def get_cursor(self, channel: str, stream: str) -> str | None:
        return self.cursors.get((channel, stream))

    def set_cursor(self, channel: str, stream: str, value: str) -> None:
        self.cursors[(channel, stream)] = value


class _Platform:
    """Listings as a platform keeps them; its clock is coopsync's; whole-second stamps."""

    capabilities = Capability.LISTINGS_PULL | Capability.LISTINGS_SINCE

    def __init__(self, listings: list[RemoteListing]) -> None:
        self.listings = {x.remote_id: x for x in listings}

    def edit(self, remote_id: str, at: datetime, stock: int) -> None:
        old = self.listings[remote_id]
        sku = replace(old.skus[0], stock=stock)
        self.listings[remote_id] = replace(old, skus=(sku,), updated_at=at.replace(microsecond=0))

    async def listings_since(
        self, since: datetime, known: Mapping[str, datetime]
    ) -> AsyncIterator[RemoteListing]:
        for x in list(self.listings.values()):
            assert x.updated_at is not None
            if x.updated_at >= since and x.updated_at > known.get(x.remote_id, since - SECOND):
                yield x

    async def listings(self) -> AsyncIterator[RemoteListing]:
        for x in list(self.listings.values()):
            yield x


async def test_writes_read_back_long_ago_do_not_bound_the_platform_clock() -> None:
    """coopsync wrote to listings 1 and 2 in the morning and read them back (settled). Five
    hours later the seller edits both, and listing 3 in the very second a sync reads: those
    old writes say nothing about the platform's clock now (their update times are the
    seller's), so listing 3 is not settled, and a second edit of it in that same second is
    seen by the next sync."""
    morning = T0 - timedelta(hours=5)
    platform = _Platform([listing("1", morning), listing("2", morning), listing("3", morning)])
    store = _Store()
    snapshot = Snapshot(
        dict(platform.listings),
        {},
        {"1": morning, "2": morning, "3": morning},
        {"1": (morning, morning + seconds(0.5)), "2": (morning, morning + seconds(0.5))},
    )
    store.set_value("toko", SNAPSHOT_KEY, dump_snapshot(snapshot))
    store.set_cursor("toko", LISTINGS, morning.isoformat())
    store.set_cursor("toko", LISTINGS_FULL, morning.isoformat())
    now = [T0]
    adapter = cast(Adapter, platform)

    platform.edit("1", T0 - seconds(30), stock=4)
    platform.edit("2", T0 - seconds(30), stock=4)
    platform.edit("3", T0, stock=3)
    now[0] = T0 + seconds(0.2)
    read = await read_listings("toko", adapter, store, lambda: now[0])
    assert read is not None and not read.full

    platform.edit("3", T0 + seconds(0.6), stock=50)  # the same platform second
    now[0] = T0 + seconds(10)
    read = await read_listings("toko", adapter, store, lambda: now[0])
    assert read is not None
    shown = {x.remote_id: x.skus[0].stock for x in read.listings}
    assert shown["3"] == 50
