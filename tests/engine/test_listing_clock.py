"""What coopsync's own writes tell about the platform's clock (engine/listings.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from coopsync.adapters import ListingStatus, RemoteListing, RemoteSku
from coopsync.engine.listings import clock_floor, settled

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
