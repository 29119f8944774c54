"""The SQLite state store: file, schema, listings, counts, cursors, tokens, runs, dump."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from state_factories import FakeClock, hours, make_order

from coopsync.adapters import OrderStatus as S
from coopsync.adapters import TokenPair
from coopsync.errors import ConfigError
from coopsync.state.migrations import SCHEMA_VERSION
from coopsync.state.records import CountSource
from coopsync.state.sqlite import SqliteStore
from coopsync.state.store import StateStore

TABLES = {
    "catalog_stock_seen",
    "channel_memory",
    "cursors",
    "journal",
    "listings",
    "order_lines",
    "orders",
    "runs",
    "stock_counts",
    "tokens",
}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- the file --------------------------------------------------------------------------------
def test_sqlite_store_satisfies_the_state_store_interface(store: SqliteStore) -> None:
    as_interface: StateStore = store
    assert as_interface.get_cursor("shopee", "orders") is None


def test_new_store_is_migrated_from_empty(sqlite_store: SqliteStore, state_path: Path) -> None:
    raw = sqlite3.connect(state_path)
    assert raw.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    names = {n for (n,) in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert names >= TABLES
    raw.close()


def test_reopening_keeps_the_state(open_store: Callable[[], SqliteStore]) -> None:
    with open_store() as first:
        first.set_cursor("shopee", "orders", "2026-11-01T00:00:00+00:00")
    with open_store() as again:
        assert again.get_cursor("shopee", "orders") == "2026-11-01T00:00:00+00:00"


def test_state_files_are_owner_only(sqlite_store: SqliteStore, state_path: Path) -> None:
    sqlite_store.set_value("shopee", "image:abc", "img-1")  # a write, so -wal and -shm exist
    files = [state_path, Path(f"{state_path}-wal"), Path(f"{state_path}-shm")]
    assert all(f.exists() for f in files)
    assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}


def test_loose_permissions_of_an_existing_file_are_tightened(
    state_path: Path, clock: FakeClock
) -> None:
    SqliteStore(state_path, clock=clock).close()
    state_path.chmod(0o644)
    SqliteStore(state_path, clock=clock).close()
    assert mode(state_path) == 0o600


def test_state_from_a_newer_coopsync_is_refused(state_path: Path) -> None:
    SqliteStore(state_path).close()
    raw = sqlite3.connect(state_path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(ConfigError, match="newer coopsync"):
        SqliteStore(state_path)


def test_a_file_that_is_not_a_database_is_refused_clearly(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    state_path.write_bytes(b"this is not sqlite, it is a shopping list" * 50)
    with pytest.raises(ConfigError, match="not a coopsync state file"):
        SqliteStore(state_path)


def test_naive_times_are_refused(store: SqliteStore) -> None:
    with pytest.raises(ValueError, match="timezone"):
        store.add_count("BTK-001", 3, hours(0).replace(tzinfo=None), CountSource.COUNT)


# --- listings --------------------------------------------------------------------------------
def test_listing_remembers_what_was_pushed(store: SqliteStore) -> None:
    store.save_listing(
        "shopee", "BTK-001", remote_id="9001", remote_sku_id="1", url="https://s/9001", at=hours(1)
    )
    store.record_stock_pushed("shopee", "BTK-001", 7, hours(2))
    store.record_price_pushed("shopee", "BTK-001", 27_500, hours(2))
    listing = store.get_listing("shopee", "BTK-001")
    assert listing is not None
    assert (listing.remote_id, listing.url, listing.pushed_stock, listing.pushed_price) == (
        "9001",
        "https://s/9001",
        7,
        27_500,
    )
    assert listing.updated_at == hours(2)
    assert list(store.listings_for("shopee")) == ["BTK-001"]
    assert store.listings_for("tiktok") == {}


def test_adopting_the_same_listing_keeps_pushed_values(store: SqliteStore) -> None:
    store.save_listing("shopee", "BTK-001", remote_id="9001", remote_sku_id="1", at=hours(1))
    store.record_stock_pushed("shopee", "BTK-001", 7, hours(2))
    store.save_listing(
        "shopee", "BTK-001", remote_id="9001", remote_sku_id="1", content_hash="h2", at=hours(3)
    )
    listing = store.get_listing("shopee", "BTK-001")
    assert listing is not None and (listing.pushed_stock, listing.content_hash) == (7, "h2")


def test_a_new_remote_listing_forgets_what_was_pushed_to_the_old_one(store: SqliteStore) -> None:
    store.save_listing("shopee", "BTK-001", remote_id="9001", remote_sku_id="1", at=hours(1))
    store.record_stock_pushed("shopee", "BTK-001", 7, hours(2))
    store.save_listing("shopee", "BTK-001", remote_id="9555", remote_sku_id="1", at=hours(3))
    listing = store.get_listing("shopee", "BTK-001")
    assert listing is not None and (listing.remote_id, listing.pushed_stock) == ("9555", None)


def test_forgotten_listing_is_gone(store: SqliteStore) -> None:
    store.save_listing("shopee", "BTK-001", remote_id="9001", remote_sku_id="1", at=hours(1))
    store.forget_listing("shopee", "BTK-001")
    assert store.get_listing("shopee", "BTK-001") is None


def test_recording_a_push_for_an_unknown_listing_fails_loudly(store: SqliteStore) -> None:
    with pytest.raises(LookupError, match="BTK-404"):
        store.record_stock_pushed("shopee", "BTK-404", 1, hours(1))


# --- counts ----------------------------------------------------------------------------------
def test_last_count_is_the_latest_by_count_time(store: SqliteStore) -> None:
    store.add_count("BTK-001", 10, hours(5), CountSource.CATALOG)
    store.add_count("BTK-001", 4, hours(2), CountSource.COUNT)  # recorded later, counted earlier
    last = store.last_count("BTK-001")
    assert last is not None and (last.quantity, last.at, last.source) == (
        10,
        hours(5),
        CountSource.CATALOG,
    )
    assert store.last_count("BTK-404") is None


def test_catalog_stock_is_a_new_count_only_when_it_changes(store: SqliteStore) -> None:
    assert store.record_catalog_stock({"BTK-001": 10, "BTK-002": 3}, hours(1)) == [
        "BTK-001",
        "BTK-002",
    ]
    assert store.record_catalog_stock({"BTK-001": 10, "BTK-002": 3}, hours(2)) == []
    assert store.record_catalog_stock({"BTK-001": 12, "BTK-002": 3}, hours(3)) == ["BTK-001"]
    assert store.catalog_stock_seen("BTK-001") == 12
    last = store.last_count("BTK-001")
    assert last is not None and (last.quantity, last.at) == (12, hours(3))


def test_stock_adjust_is_not_overridden_by_an_unchanged_catalog(store: SqliteStore) -> None:
    store.record_catalog_stock({"BTK-001": 10}, hours(1))
    store.add_count("BTK-001", 8, hours(2), CountSource.ADJUST, reason="2 rusak (damaged)")
    store.record_catalog_stock({"BTK-001": 10}, hours(3))  # next nightly run, YAML untouched
    last = store.last_count("BTK-001")
    assert last is not None and (last.quantity, last.source, last.reason) == (
        8,
        CountSource.ADJUST,
        "2 rusak (damaged)",
    )


def test_catalog_stock_seen_can_be_set_directly(store: SqliteStore) -> None:
    assert store.catalog_stock_seen("BTK-001") is None
    store.set_catalog_stock_seen("BTK-001", 5)
    assert store.catalog_stock_seen("BTK-001") == 5


# --- cursors, memory, tokens -------------------------------------------------------------------
def test_cursor_moves(store: SqliteStore) -> None:
    store.set_cursor("shopee", "orders", "a")
    store.set_cursor("shopee", "orders", "b")
    assert store.get_cursor("shopee", "orders") == "b"
    assert store.get_cursor("tiktok", "orders") is None


def test_channel_memory_round_trips(store: SqliteStore) -> None:
    store.set_value("shopee", "image:sha1", "img-77")
    assert store.get_value("shopee", "image:sha1") == "img-77"
    assert store.get_value("lazada", "image:sha1") is None


def test_tokens_round_trip_and_replace(
    store: SqliteStore, open_store: Callable[[], SqliteStore]
) -> None:
    first = TokenPair("acc-one-1111", "ref-one-1111", hours(4), hours(24 * 30))
    second = TokenPair("acc-two-2222", "ref-two-2222", hours(8))
    store.save_tokens("shopee", first)
    store.save_tokens("shopee", second)
    assert store.load_tokens("shopee") == second
    assert store.load_tokens("tiktok") is None
    with open_store() as reopened:  # durable: another connection sees it
        assert reopened.load_tokens("shopee") == second


def test_tokens_never_appear_in_dump_or_repr(store: SqliteStore) -> None:
    store.save_tokens("shopee", TokenPair("SECRET-ACCESS-xyz", "SECRET-REFRESH-xyz", hours(4)))
    run = store.start_run("sync", hours(1))
    store.journal(
        run, "shopee", "refresh", None, "", "rejected", "bad SECRET-REFRESH-xyz", hours(1)
    )
    text = json.dumps(store.dump(), default=str) + repr(store)
    assert "SECRET-" not in text
    assert store.dump()["tokens"][0]["channel"] == "shopee"


# --- runs, journal, health ---------------------------------------------------------------------
def test_runs_are_listed_newest_first_with_summary(store: SqliteStore) -> None:
    first = store.start_run("sync", hours(1))
    store.finish_run(first, hours(1.5), "ok", {"changes": {"shopee": 3}})
    second = store.start_run("sync", hours(25))  # never finished: crashed
    runs = store.last_runs(5)
    assert [r.run_id for r in runs] == [second, first]
    assert runs[0].finished_at is None and runs[0].status is None
    assert runs[1].summary == {"changes": {"shopee": 3}} and runs[1].status == "ok"
    assert len(store.last_runs(1)) == 1


def test_channel_health_tells_last_success_and_failure(store: SqliteStore) -> None:
    run = store.start_run("sync", hours(1))
    store.journal(run, "shopee", "stock", "BTK-001", "7", "ok", "", hours(1))
    store.journal(run, "tiktok", "stock", "BTK-001", "7", "ok", "", hours(1))
    store.journal(run, "tiktok", "price", "BTK-002", "", "rejected", "price too low", hours(2))
    store.journal(run, "tiktok", "stock", "BTK-003", "", "transient", "busy", hours(3))
    health = store.channel_health()
    assert health["shopee"].healthy and health["shopee"].last_failure_at is None
    assert not health["tiktok"].healthy
    assert (health["tiktok"].last_failure_at, health["tiktok"].last_error) == (hours(3), "busy")
    assert health["tiktok"].last_success_at == hours(1)


# --- sales -----------------------------------------------------------------------------------
def test_sales_lists_lines_of_orders_created_in_the_period(store: SqliteStore) -> None:
    store.upsert_orders(
        "shopee",
        [
            make_order("A", S.COMPLETED, 30, {"BTK-001": 2, "TAS-01": 1}, created_hour=1),
            make_order("B", S.TO_SHIP, 50, {"BTK-001": 1}, created_hour=48),
        ],
    )
    sales = store.sales(hours(0), hours(24))
    assert [(s.order_id, s.sku, s.quantity, s.status) for s in sales] == [
        ("A", "BTK-001", 2, S.COMPLETED),
        ("A", "TAS-01", 1, S.COMPLETED),
    ]
    assert sales[0].created_at == hours(1) and sales[0].list_price == 25_000
