"""The listing snapshot's JSON: what is stored comes back, whatever was kept parsed."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from coopsync.adapters import ListingStatus, RemoteListing, RemoteSku
from coopsync.engine.snapshot import Snapshot, dump_snapshot, listing_to_json, load_snapshot

T0 = datetime(2026, 12, 7, 8, 0, 0, tzinfo=UTC)


def listing(remote_id: str, stock: int = 5) -> RemoteListing:
    skus = (RemoteSku(f"TAS-{remote_id}", "0", 25_000, stock),)
    return RemoteListing(remote_id, "Tas", ListingStatus.ACTIVE, skus, None, T0)


def stored(count: int) -> str:
    listings = {str(i): listing(str(i)) for i in range(count)}
    return dump_snapshot(Snapshot(listings, {}, {"0": T0}, {"1": (T0, T0)}))


def test_a_snapshot_comes_back_as_stored() -> None:
    text = stored(3)
    again = load_snapshot(text)
    assert again.listings == {str(i): listing(str(i)) for i in range(3)}
    assert again.known == {"0": T0} and again.answered == {"1": (T0, T0)}
    assert dump_snapshot(again) == text


def test_a_listing_changed_after_loading_is_stored_changed() -> None:
    text = stored(3)
    snapshot = load_snapshot(text)
    snapshot.listings["1"] = replace(snapshot.listings["1"], title="Tas Baru")
    del snapshot.listings["2"]
    snapshot.listings["9"] = listing("9", stock=1)
    changed = dump_snapshot(snapshot)
    fresh = load_snapshot(changed)
    assert fresh.listings["1"].title == "Tas Baru"
    assert "2" not in fresh.listings and fresh.listings["9"].skus[0].stock == 1
    assert [listing_to_json(x) for x in fresh.listings.values()] == [
        listing_to_json(x) for x in snapshot.listings.values()
    ]


def test_changing_a_loaded_snapshot_does_not_change_the_next_load_of_the_same_text() -> None:
    text = stored(2)
    first = load_snapshot(text)
    first.listings.clear()
    first.known.clear()
    second = load_snapshot(text)
    assert set(second.listings) == {"0", "1"} and second.known == {"0": T0}


def test_an_unreadable_snapshot_is_empty() -> None:
    assert load_snapshot("{not json").listings == {}
    assert load_snapshot('{"listings": [{"id": 1}], "written": {}}').listings == {}
