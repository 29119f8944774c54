"""A renamed SKU carries its listings, counts, catalog stock and orders over (both stores)."""

from __future__ import annotations

from collections.abc import Callable

from state_factories import hours, make_order

from coopsync.adapters import OrderStatus as S
from coopsync.ledger import positions
from coopsync.state.records import CountSource
from coopsync.state.sqlite import SqliteStore


def test_rename_moves_history_and_stock_continues(
    open_store: Callable[[], SqliteStore],
) -> None:
    with open_store() as store:
        store.save_listing("toko", "TAS-LAMA", remote_id="R1", remote_sku_id="M1", at=hours(0))
        store.record_stock_pushed("toko", "TAS-LAMA", 8, hours(0))
        store.record_catalog_stock({"TAS-LAMA": 10}, hours(0))
        store.upsert_orders("toko", [make_order("O1", S.TO_SHIP, 1, {"TAS-LAMA": 2})])
        before = positions(store.ledger_inputs(["TAS-LAMA"]), False, hours(2))["TAS-LAMA"]

        assert store.rename_sku("TAS-LAMA", "TAS-BARU") is True
        assert store.rename_sku("TAS-LAMA", "TAS-BARU") is False  # done once only

    with open_store() as store:  # it is committed
        assert store.sku_renames() == {"TAS-LAMA": "TAS-BARU"}
        listing = store.get_listing("toko", "TAS-BARU")
        assert listing is not None
        assert (listing.remote_id, listing.remote_sku_id, listing.pushed_stock) == ("R1", "M1", 8)
        assert store.get_listing("toko", "TAS-LAMA") is None
        # The catalog value was seen under the old name: no new count for the new one.
        assert store.record_catalog_stock({"TAS-BARU": 10}, hours(3)) == []
        after = positions(store.ledger_inputs(["TAS-BARU"]), False, hours(3))["TAS-BARU"]
        assert after.available == before.available == 8
        count = store.last_count("TAS-BARU")
        assert count is not None and count.source is CountSource.CATALOG
        assert [line.sku for line in store.sales(hours(-1), hours(5))] == ["TAS-BARU"]


def test_rename_onto_a_sku_with_its_own_listing_keeps_that_listing(
    open_store: Callable[[], SqliteStore],
) -> None:
    with open_store() as store:
        store.save_listing("toko", "A", remote_id="R1", remote_sku_id="1", at=hours(0))
        store.save_listing("toko", "B", remote_id="R2", remote_sku_id="2", at=hours(0))
        store.save_listing("web", "A", remote_id="W1", remote_sku_id="9", at=hours(0))
        store.rename_sku("A", "B")
        assert {s: r.remote_id for s, r in store.listings_for("toko").items()} == {"B": "R2"}
        assert {s: r.remote_id for s, r in store.listings_for("web").items()} == {"B": "W1"}
