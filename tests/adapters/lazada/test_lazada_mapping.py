"""Pure Lazada mapping: money, times, statuses, order lines and product payloads."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from coopsync.adapters import DraftVariant, ImageRef, ListingDraft, OrderStatus
from coopsync_adapters.lazada.mapping import (
    MappingError,
    SkuChange,
    create_payload,
    draft_problems,
    kilograms,
    listing_from_product,
    normalise_status,
    order_from,
    order_lines,
    order_status,
    parse_money,
    parse_time,
    price_quantity_payload,
)
from coopsync_adapters.lazada.stock import SkuStock, sku_stock


@pytest.mark.parametrize(
    ("raw", "rupiah"), [("106.00", 106), (102.0, 102), ("25000", 25000), ("99.50", 100)]
)
def test_prices_become_integer_rupiah(raw: object, rupiah: int) -> None:
    assert parse_money(raw) == rupiah


def test_a_garbled_price_is_a_mapping_error() -> None:
    with pytest.raises(MappingError):
        parse_money("Rp 10.000")


@pytest.mark.parametrize(
    "raw",
    [
        "2026-11-20T10:00:00+07:00",  # orders/get, with the seller's offset
        "2026-11-20 10:00:00 +0700",  # the older style
        "1795143600000",  # orders/items/get: Unix milliseconds
        "2026-11-20T03:00:00Z",
    ],
)
def test_times_in_every_lazada_shape_become_utc(raw: str) -> None:
    assert parse_time(raw) == datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def test_a_time_without_a_zone_is_refused() -> None:
    with pytest.raises(MappingError):
        parse_time("2026-11-20 10:00:00")


@pytest.mark.parametrize(("grams", "kg"), [(300, "0.3"), (1250, "1.25"), (2, "0.01"), (1000, "1")])
def test_package_weight_in_kilograms(grams: int, kg: str) -> None:
    assert kilograms(grams) == kg


@pytest.mark.parametrize(
    ("lazada", "status"),
    [
        ("unpaid", OrderStatus.UNPAID),
        ("pending", OrderStatus.TO_SHIP),
        ("packed", OrderStatus.TO_SHIP),
        ("repacked", OrderStatus.TO_SHIP),
        ("ready_to_ship", OrderStatus.TO_SHIP),
        ("ready_to_ship_pending", OrderStatus.TO_SHIP),
        ("topack", OrderStatus.TO_SHIP),
        ("shipped", OrderStatus.SHIPPED),
        ("failed_delivery", OrderStatus.SHIPPED),
        ("lost_by_3pl", OrderStatus.LOST),
        ("delivered", OrderStatus.COMPLETED),
        ("confirmed", OrderStatus.COMPLETED),
        ("canceled", OrderStatus.CANCELLED),
        ("returned", OrderStatus.RETURNED),
        ("shipped_back_success", OrderStatus.RETURNED),
        ("return_waiting_for_approval", OrderStatus.RETURNED),
        ("something_new", OrderStatus.TO_SHIP),
    ],
)
def test_item_statuses_are_normalised(lazada: str, status: OrderStatus) -> None:
    assert normalise_status(lazada) is status


def test_order_status_is_its_least_advanced_live_line() -> None:
    S = OrderStatus
    assert order_status([S.SHIPPED, S.TO_SHIP, S.CANCELLED]) is S.TO_SHIP
    assert order_status([S.COMPLETED, S.CANCELLED]) is S.COMPLETED
    assert order_status([S.CANCELLED, S.RETURNED]) is S.RETURNED
    assert order_status([S.CANCELLED]) is S.CANCELLED


def item(item_id: int, sku: str, status: str, paid: str = "25000.00") -> dict[str, Any]:
    return {"order_item_id": str(item_id), "sku": sku, "status": status, "paid_price": paid}


def test_each_order_item_is_a_line_keyed_by_its_order_item_id() -> None:
    lines = order_lines(
        [item(3, "A", "pending"), item(1, "A", "pending"), item(2, "B", "pending", "9000.00")]
    )
    assert [(x.line_id, x.sku, x.quantity, x.list_price) for x in lines] == [
        ("1", "A", 1, 25000),
        ("2", "B", 1, 9000),
        ("3", "A", 1, 25000),
    ]


def test_a_unit_keeps_its_line_id_whatever_happens_to_the_others() -> None:
    # Issue 26 (1): ids built from statuses changed as units regrouped.
    before = order_lines(
        [item(1, "A", "pending"), item(2, "A", "pending"), item(3, "A", "pending")]
    )
    after = order_lines(
        [item(1, "A", "shipped"), item(2, "A", "shipped"), item(3, "A", "canceled")]
    )
    assert [x.line_id for x in before] == [x.line_id for x in after] == ["1", "2", "3"]
    assert [x.status for x in after] == [
        OrderStatus.SHIPPED,
        OrderStatus.SHIPPED,
        OrderStatus.CANCELLED,
    ]


def test_vouchers_are_split_by_who_pays_them() -> None:
    unit = item(1, "A", "delivered", "80000.00") | {
        "item_price": "100000.00",
        "voucher_seller": "5000.00",
        "voucher_platform": "15000.00",
    }
    (line,) = order_lines([unit])
    assert (line.list_price, line.seller_discount, line.platform_discount, line.buyer_paid) == (
        100_000,
        5_000,
        15_000,
        80_000,
    )


def test_order_from_summary_and_items() -> None:
    summary = {
        "order_id": "400000000001",
        "created_at": "2026-11-20T10:00:00+07:00",
        "updated_at": "2026-11-20T11:00:00+07:00",
        "price": "59000.00",
    }
    order = order_from(
        summary, [item(1, "A", "shipped"), item(2, "B", "canceled", "34000.00")], "IDR"
    )
    assert order.status is OrderStatus.SHIPPED
    assert order.updated_at == datetime(2026, 11, 20, 4, 0, tzinfo=UTC)
    assert order.total == 59000
    with pytest.raises(MappingError):
        order_from(summary, [], "IDR")


def draft(**kwargs: Any) -> ListingDraft:
    values: dict[str, Any] = {
        "product_id": "KAOS",
        "title": "Kaos Sablon Tangan Motif Wayang",
        "description": "Katun combed 30s.",
        "variants": (
            DraftVariant("KAOS-M", 50_000, 3, {"Ukuran": "M", "Warna": "Hitam"}, 200),
            DraftVariant("KAOS-L", 52_000, 4, {"Ukuran": "L", "Warna": "Hitam"}, 220),
        ),
        "images": (ImageRef("kaos.jpg"),),
        "category_id": "10002019",
        "dimensions_cm": (25, 20, 2),
    }
    values.update(kwargs)
    return ListingDraft(**values)


def test_create_payload_declares_custom_variations() -> None:
    payload = create_payload(draft(), ["https://id-live-02.slatic.net/p/a.jpg"], {})
    product = payload["Request"]["Product"]
    assert product["PrimaryCategory"] == "10002019"
    assert product["Attributes"]["name"] == "Kaos Sablon Tangan Motif Wayang"
    assert product["Attributes"]["brand"] == "No Brand"
    assert product["variation"]["Variation1"] == {
        "name": "Ukuran",
        "hasImage": False,
        "customize": True,
        "options": {"option": ["M", "L"]},
    }
    assert product["variation"]["Variation2"]["options"] == {"option": ["Hitam"]}
    first = product["Skus"]["Sku"][0]
    assert first == {
        "SellerSku": "KAOS-M",
        "quantity": "3",
        "price": "50000",
        "package_weight": "0.2",
        "package_length": "25",
        "package_width": "20",
        "package_height": "2",
        "saleProp": {"Ukuran": "M", "Warna": "Hitam"},
    }


def test_draft_problems_are_all_reported_at_once() -> None:
    bad = draft(
        category_id=None,
        images=(),
        dimensions_cm=None,
        variants=(DraftVariant("X", 1000, 1, {"Ukuran panjang sekali": "M"}),),
    )
    problems = draft_problems(bad)
    assert len(problems) == 5
    assert any("category_id" in p for p in problems)
    assert any("weight_g" in p for p in problems)


def test_price_quantity_payload_names_the_sku_three_ways() -> None:
    payload = price_quantity_payload(
        [
            SkuChange("A", "3000000001", "15000000002", quantity=12),
            SkuChange("B", "9", "0", price=7),
        ]
    )
    assert payload["Request"]["Product"]["Skus"]["Sku"] == [
        {"SellerSku": "A", "ItemId": "3000000001", "SkuId": "15000000002", "Quantity": "12"},
        {"SellerSku": "B", "ItemId": "9", "Price": "7"},
    ]


def test_listing_reads_sellable_stock_and_the_listing_url() -> None:
    product: dict[str, Any] = {
        "item_id": 2807246166,
        "status": "Active",
        "attributes": {"name": "Tas Pandan"},
        "updated_time": "1653463851000",
        "skus": [
            {
                "SellerSku": "12333-poi",
                "SkuId": 13449296008,
                "price": 102.0,
                "quantity": 20,
                "Available": 18,
                "Url": "https://www.lazada.com.my/-i2807246166-s13449296008.html",
            }
        ],
    }
    listing = listing_from_product(product)
    assert listing.remote_id == "2807246166"
    assert listing.url == "https://www.lazada.com.my/-i2807246166-s13449296008.html"
    assert listing.sku_map()["12333-poi"].stock == 18
    with pytest.raises(MappingError):
        listing_from_product({"item_id": 1, "skus": [{"SellerSku": "A"}]})


def test_stock_is_the_managed_warehouse_and_the_others_are_listed_not_summed() -> None:
    # The shape of a /products/get SKU in Lazada's GetProductItem sample (one warehouse, a
    # campaign lock in channelInventories), with a second warehouse added.
    sku = {
        "quantity": 1749,
        "Available": 1749,
        "multiWarehouseInventories": [
            {
                "occupyQuantity": 26,
                "quantity": 1719,
                "totalQuantity": 1745,
                "withholdQuantity": 0,
                "warehouseCode": "dropshipping",
                "sellableQuantity": 1719,
            },
            {"warehouseCode": "gudang-2", "quantity": 30, "sellableQuantity": 30},
        ],
        "channelInventories": [{"channelName": "37ce", "sellableQuantity": 200}],
    }
    assert sku_stock(sku) == SkuStock(1719, 200, (("gudang-2", 30),))
    assert sku_stock(sku, "gudang-2") == SkuStock(30, 200, (("dropshipping", 1719),))
    assert sku_stock({"Available": 4, "quantity": 4}) == SkuStock(4)
