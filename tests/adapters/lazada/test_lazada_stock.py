"""Lazada stock as its "Inventory calculation logic" page describes it, against the fake."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from coopsync.adapters import OrderStatus, Outcome, StockUpdate
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.testing.harness import Harness, make_harness


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = make_harness(lambda clock: LazadaFake(clock=clock), base_dir=tmp_path)
    yield harness
    await harness.adapter.aclose()


def fake_of(h: Harness) -> LazadaFake:
    assert isinstance(h.fake, LazadaFake)
    return h.fake


async def update_for(h: Harness, sku: str, stock: int) -> StockUpdate:
    found = (await h.adapter.find_by_sku([sku]))[sku]
    remote_sku = found.sku_map()[sku]
    return StockUpdate(sku, found.remote_id, remote_sku.remote_sku_id, stock)


def buyers_can_buy(h: Harness, sku: str) -> int:
    view = fake_of(h).sku_view(sku)
    assert view is not None
    return view.stock


async def test_buyers_can_buy_the_target_while_lazada_holds_units_for_open_orders(
    h: Harness,
) -> None:
    fake = fake_of(h)
    fake.seed_listing("Keripik Tempe", [("KRP-1", 15_000, 10)])
    fake.place_order([FakeLine("KRP-1", 2)], status=OrderStatus.TO_SHIP)  # occupy 2
    fake.place_order([FakeLine("KRP-1", 1)], status=OrderStatus.UNPAID)  # withhold 1
    assert buyers_can_buy(h, "KRP-1") == 7

    results = await h.adapter.push_stock([await update_for(h, "KRP-1", 5)])

    assert [r.outcome for r in results] == [Outcome.OK]
    assert buyers_can_buy(h, "KRP-1") == 5
    listing = (await h.adapter.find_by_sku(["KRP-1"]))["KRP-1"]
    assert listing.sku_map()["KRP-1"].stock == 5, "the read-back reaches the target"


async def test_a_target_below_what_open_orders_hold_is_still_written(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Sambal Roa", [("SMB-1", 35_000, 6)])
    fake.place_order([FakeLine("SMB-1", 4)], status=OrderStatus.TO_SHIP)

    results = await h.adapter.push_stock([await update_for(h, "SMB-1", 1)])

    assert [r.outcome for r in results] == [Outcome.OK]
    assert buyers_can_buy(h, "SMB-1") == 1


async def test_products_get_shows_sellable_with_the_held_units_beside_it(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Abon Sapi", [("ABN-1", 45_000, 10)])
    fake.place_order([FakeLine("ABN-1", 2)], status=OrderStatus.TO_SHIP)
    fake.place_order([FakeLine("ABN-1", 1)], status=OrderStatus.UNPAID)
    sku = fake._sku_entry("ABN-1")[1]
    out = fake.inventory_out(sku)
    assert out["quantity"] == out["Available"] == 7
    [dropshipping] = out["multiWarehouseInventories"]
    assert dropshipping == {
        "warehouseCode": "dropshipping",
        "quantity": 7,
        "sellableQuantity": 7,
        "withholdQuantity": 1,
        "occupyQuantity": 2,
        "totalQuantity": 10,
    }


async def test_an_unpaid_order_gives_its_units_back_after_30_minutes(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Dodol Garut", [("DDL-1", 20_000, 5)])
    order_id = fake.place_order([FakeLine("DDL-1", 2)], status=OrderStatus.UNPAID)
    assert buyers_can_buy(h, "DDL-1") == 3
    h.clock.advance(timedelta(minutes=31))
    orders = [o async for o in h.adapter.orders(h.clock() - timedelta(hours=1), h.clock())]
    assert [(o.order_id, o.status) for o in orders] == [(order_id, OrderStatus.CANCELLED)]
    assert buyers_can_buy(h, "DDL-1") == 5


async def test_the_total_drops_when_the_order_is_ready_to_ship_and_sellable_stays(
    h: Harness,
) -> None:
    fake = fake_of(h)
    fake.seed_listing("Bawang Goreng", [("BWG-1", 25_000, 8)])
    order_id = fake.place_order([FakeLine("BWG-1", 3)], status=OrderStatus.TO_SHIP)
    fake.set_order_status(order_id, OrderStatus.SHIPPED)
    sku = fake._sku_entry("BWG-1")[1]
    [dropshipping] = fake.inventory_out(sku)["multiWarehouseInventories"]
    assert (dropshipping["totalQuantity"], dropshipping["sellableQuantity"]) == (5, 5)


def test_the_sellable_write_is_shaped_as_lazada_documents() -> None:
    from coopsync_adapters.lazada.stock import SkuChange, sellable_payload

    single = sellable_payload([SkuChange("A-1", "300", "15", quantity=4)], warehouse=None)
    assert single == {
        "Request": {
            "Product": {
                "Skus": {
                    "Sku": [
                        {
                            "ItemId": "300",
                            "SkuId": "15",
                            "SellerSku": "A-1",
                            "SellableQuantity": "4",
                        }
                    ]
                }
            }
        }
    }
    multi = sellable_payload([SkuChange("A-1", "300", "15", quantity=4)], warehouse="wh-2")
    sku = multi["Request"]["Product"]["Skus"]["Sku"][0]
    assert "SellableQuantity" not in sku
    assert sku["MultiWarehouseInventories"] == {
        "MultiWarehouseInventory": [{"WarehouseCode": "wh-2", "SellableQuantity": "4"}]
    }
    json.dumps(multi)


async def test_a_campaign_lock_is_read_and_stock_below_it_is_refused(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Kain Tenun", [("TNN-1", 250_000, 10)])
    fake.lock_for_campaign("TNN-1", 6)
    remote_sku = (await h.adapter.find_by_sku(["TNN-1"]))["TNN-1"].sku_map()["TNN-1"]
    assert (remote_sku.stock, remote_sku.campaign_reserved) == (10, 6)

    refused = await h.adapter.push_stock([await update_for(h, "TNN-1", 2)])
    assert [r.outcome for r in refused] == [Outcome.REJECTED]
    assert buyers_can_buy(h, "TNN-1") == 10
    allowed = await h.adapter.push_stock([await update_for(h, "TNN-1", 6)])
    assert [r.outcome for r in allowed] == [Outcome.OK]
    assert buyers_can_buy(h, "TNN-1") == 6


async def test_a_second_warehouse_is_shown_and_left_alone(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Gerabah Kasongan", [("GRB-1", 60_000, 10)])
    fake.add_warehouse("GRB-1", "gudang-jogja", 30)

    await h.adapter.push_stock([await update_for(h, "GRB-1", 4)])
    remote_sku = (await h.adapter.find_by_sku(["GRB-1"]))["GRB-1"].sku_map()["GRB-1"]
    assert remote_sku.stock == 4, "the other warehouse is not summed in"
    assert remote_sku.other_locations == (("gudang-jogja", 30),)
    sku = fake._sku_entry("GRB-1")[1]
    assert fake.sellable_in(sku, "gudang-jogja") == 30

    h.rebuild(warehouse_code="gudang-jogja")
    await h.adapter.push_stock([await update_for(h, "GRB-1", 7)])
    assert (fake.sellable_in(sku, "dropshipping"), fake.sellable_in(sku, "gudang-jogja")) == (4, 7)
    remote_sku = (await h.adapter.find_by_sku(["GRB-1"]))["GRB-1"].sku_map()["GRB-1"]
    assert (remote_sku.stock, remote_sku.other_locations) == (7, (("dropshipping", 4),))


async def test_the_multi_warehouse_form_is_refused_for_a_single_warehouse_seller(
    h: Harness,
) -> None:
    fake = fake_of(h)
    fake.seed_listing("Batik Tulis", [("BTL-1", 400_000, 3)])
    h.rebuild(warehouse_code="gudang-tidak-ada")
    refused = await h.adapter.push_stock([await update_for(h, "BTL-1", 1)])
    assert [r.outcome for r in refused] == [Outcome.REJECTED]
    assert buyers_can_buy(h, "BTL-1") == 3
