"""Pure mapping between catalog drafts, TikTok Shop payloads and coopsync's types."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from coopsync.adapters import DraftVariant, ImageRef, ListingDraft, ListingStatus, OrderStatus
from coopsync.errors import Fatal, Rejected
from coopsync_adapters.tiktok import mapping
from coopsync_adapters.tiktok.mapping import Images


def draft(variants: int = 1, **changes: Any) -> ListingDraft:
    sizes = ["S", "M", "L"]
    items = tuple(
        DraftVariant(
            sku=f"KB-{sizes[i]}" if variants > 1 else "KB",
            price=125_000 + i * 5000,
            stock=3 + i,
            options={"Ukuran": sizes[i]} if variants > 1 else {},
        )
        for i in range(variants)
    )
    values: dict[str, Any] = {
        "product_id": "KB",
        "title": "Kemeja Batik Tulis Motif Parang Lengan Panjang",
        "description": "Batik tulis <asli>.\n\nCuci dengan tangan.",
        "variants": items,
        "images": (ImageRef("a.png"),),
        "category_id": "600001",
        "weight_g": 350,
        "dimensions_cm": (30, 20, 3),
    }
    values.update(changes)
    return ListingDraft(**values)


IMAGES = Images(main=("tos/1",), by_sku={"KB-S": "tos/2"})


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("UNPAID", OrderStatus.UNPAID),
        ("ON_HOLD", OrderStatus.TO_SHIP),
        ("AWAITING_SHIPMENT", OrderStatus.TO_SHIP),
        ("AWAITING_COLLECTION", OrderStatus.TO_SHIP),
        ("PARTIALLY_SHIPPING", OrderStatus.TO_SHIP),
        ("IN_TRANSIT", OrderStatus.SHIPPED),
        ("DELIVERED", OrderStatus.SHIPPED),
        ("COMPLETED", OrderStatus.COMPLETED),
        ("CANCELLED", OrderStatus.CANCELLED),
    ],
)
def test_order_statuses_are_normalised(status: str, expected: OrderStatus) -> None:
    assert mapping.order_status(status) is expected


def unit(line_id: str, sku: str, status: str, **money: str) -> dict[str, str]:
    return {
        "id": line_id,
        "seller_sku": sku,
        "original_price": "30000",
        "display_status": status,
    } | money


def test_each_line_item_is_a_line_keyed_by_its_id() -> None:
    items = [unit("1", "A", "AWAITING_SHIPMENT"), unit("2", "B", "AWAITING_SHIPMENT")]
    lines = mapping.order_lines(items, OrderStatus.TO_SHIP)
    assert [(ln.line_id, ln.sku, ln.quantity, ln.list_price) for ln in lines] == [
        ("1", "A", 1, 30_000),
        ("2", "B", 1, 30_000),
    ]


def test_a_unit_keeps_its_line_id_when_another_is_cancelled() -> None:
    # Issue 26 (1): "<sku>#<status>" ids changed as units regrouped.
    before = [unit("1", "A", "AWAITING_SHIPMENT"), unit("2", "A", "AWAITING_SHIPMENT")]
    after = [unit("1", "A", "CANCELLED"), unit("2", "A", "IN_TRANSIT")]
    ids = [ln.line_id for ln in mapping.order_lines(before, OrderStatus.TO_SHIP)]
    moved = mapping.order_lines(after, OrderStatus.TO_SHIP)
    assert ids == [ln.line_id for ln in moved] == ["1", "2"]
    assert [ln.status for ln in moved] == [OrderStatus.CANCELLED, OrderStatus.SHIPPED]


def test_discounts_are_split_by_who_pays_them() -> None:
    item = unit("1", "A", "COMPLETED", seller_discount="2000", platform_discount="5000")
    (line,) = mapping.order_lines([item], OrderStatus.COMPLETED)
    assert (line.seller_discount, line.platform_discount, line.buyer_paid) == (
        2_000,
        5_000,
        23_000,
    )


def test_a_line_cancelled_after_it_was_handed_over_is_lost() -> None:
    item = unit("1", "A", "CANCELLED") | {"rts_time": 1763600000}
    (line,) = mapping.order_lines([item], OrderStatus.CANCELLED)
    assert line.status is OrderStatus.LOST


def test_order_payload_becomes_an_order_in_utc_rupiah() -> None:
    order = mapping.order_from_payload(
        {
            "id": "576",
            "status": "DELIVERED",
            "create_time": 1763600000,
            "update_time": 1763686400,
            "payment": {"currency": "IDR", "total_amount": "32500"},
            "line_items": [{"id": "9", "seller_sku": "A", "sale_price": "30000"}],
        }
    )
    assert order.status is OrderStatus.SHIPPED
    assert order.created_at == datetime.fromtimestamp(1763600000, UTC)
    assert order.total == 32_500
    assert order.lines[0].status is OrderStatus.SHIPPED


@pytest.mark.parametrize(
    "payload",
    [
        {"status": "COMPLETED", "create_time": 1, "update_time": 1, "line_items": []},
        {"id": "1", "create_time": 1, "update_time": 1, "line_items": []},
        {
            "id": "1",
            "status": "COMPLETED",
            "create_time": "soon",
            "update_time": 1,
            "line_items": [],
        },
        {"id": "1", "status": "COMPLETED", "create_time": 1, "update_time": 1},
        {
            "id": "1",
            "status": "COMPLETED",
            "create_time": 1,
            "update_time": 1,
            "line_items": [{"seller_sku": "A", "sale_price": "gratis"}],
        },
    ],
)
def test_malformed_orders_are_clear_errors(payload: dict[str, Any]) -> None:
    with pytest.raises(Fatal):
        mapping.order_from_payload(payload)


def test_values_on_the_wire() -> None:
    assert mapping.amount(125_000) == "125000"
    assert mapping.rupiah("125000.00", "a price") == 125_000
    assert [mapping.weight_kg(g) for g in (350, 1000, 1250)] == ["0.35", "1", "1.25"]
    assert mapping.description_html("a <b>\nc\n\nd") == "<p>a &lt;b&gt;<br>c</p><p>d</p>"


def test_create_body_for_variants() -> None:
    body = mapping.create_body(draft(variants=2), IMAGES, "W1")
    assert body["title"] == "Kemeja Batik Tulis Motif Parang Lengan Panjang"
    assert body["category_id"] == "600001"
    assert body["main_images"] == [{"uri": "tos/1"}]
    assert body["package_weight"] == {"value": "0.35", "unit": "KILOGRAM"}
    assert body["package_dimensions"] == {
        "length": "30",
        "width": "20",
        "height": "3",
        "unit": "CENTIMETER",
    }
    assert body["skus"] == [
        {
            "seller_sku": "KB-S",
            "price": {"amount": "125000", "currency": "IDR"},
            "inventory": [{"warehouse_id": "W1", "quantity": 3}],
            "sales_attributes": [
                {"name": "Ukuran", "value_name": "S", "sku_img": {"uri": "tos/2"}}
            ],
        },
        {
            "seller_sku": "KB-M",
            "price": {"amount": "130000", "currency": "IDR"},
            "inventory": [{"warehouse_id": "W1", "quantity": 4}],
            "sales_attributes": [{"name": "Ukuran", "value_name": "M"}],
        },
    ]


def test_extra_and_attributes_reach_the_body() -> None:
    body = mapping.create_body(
        draft(
            attributes={"100198": "Katun", "100107": "id:1000059", "Bahan": "Katun"},
            extra={"brand_id": "7"},
        ),
        IMAGES,
        "W1",
    )
    assert body["brand_id"] == "7"
    assert body["product_attributes"] == [
        {"id": "100198", "values": [{"name": "Katun"}]},
        {"id": "100107", "values": [{"id": "1000059"}]},
    ]
    assert "sales_attributes" not in body["skus"][0]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"weight_g": None}, "weight"),
        ({"category_id": None}, "category"),
    ],
)
def test_drafts_tiktok_cannot_take_are_rejected(changes: dict[str, Any], words: str) -> None:
    with pytest.raises(Rejected, match=words):
        mapping.create_body(draft(**changes), IMAGES, "W1")


def test_variants_without_options_are_rejected() -> None:
    plain = draft(variants=2)
    bare = ListingDraft(
        **{
            **plain.__dict__,
            "variants": tuple(
                DraftVariant(sku=v.sku, price=v.price, stock=v.stock) for v in plain.variants
            ),
        }
    )
    with pytest.raises(Rejected, match="option"):
        mapping.create_body(bare, IMAGES, "W1")


def test_edit_body_never_carries_price_or_stock() -> None:
    body = mapping.edit_body(draft(variants=2), IMAGES)
    assert "skus" not in body
    assert set(body) >= {"title", "description", "main_images", "package_weight"}


def test_product_becomes_a_listing() -> None:
    listing = mapping.product_to_listing(
        {
            "id": "1729",
            "title": "Tas Anyaman",
            "status": "SELLER_DEACTIVATED",
            "update_time": 1763600000,
            "skus": [
                {
                    "id": "s1",
                    "seller_sku": "TAS",
                    "price": {"currency": "IDR", "sale_price": "30000"},
                    "inventory": [
                        {"warehouse_id": "W1", "quantity": 2},
                        {"warehouse_id": "W2", "quantity": 3},
                    ],
                }
            ],
        },
        warehouse="W2",
    )
    assert listing.status is ListingStatus.INACTIVE
    assert listing.sku_map()["TAS"].stock == 3, "the other warehouse is not summed in"
    assert listing.sku_map()["TAS"].other_locations == (("W1", 2),)
    assert listing.sku_map()["TAS"].price == 30_000
    assert listing.url == "https://shop.tiktok.com/view/product/1729"


def test_a_product_without_skus_is_a_clear_error() -> None:
    with pytest.raises(Fatal, match="skus"):
        mapping.product_to_listing({"id": "1", "title": "x", "status": "ACTIVATE"})
