"""Catalog <-> WooCommerce payloads: strings where WooCommerce wants strings, rupiah, UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from coopsync.adapters import DraftVariant, ListingDraft, ListingStatus, OrderStatus
from coopsync.errors import AdapterError
from coopsync_adapters.woocommerce.mapping import (
    Units,
    create_payload,
    global_attribute_ids,
    length_text,
    merge_attributes,
    money,
    normalise_status,
    parse_gmt,
    to_listing,
    to_order,
    update_payload,
    variation_payload,
    weight_text,
)


def draft(*variants: DraftVariant, **extra: Any) -> ListingDraft:
    return ListingDraft(
        product_id="KEMEJA",
        title="Kemeja Batik Parang",
        description="Batik tulis",
        variants=variants or (DraftVariant(sku="KMJ-1", price=125_000, stock=4, weight_g=300),),
        category_id="15",
        attributes={"Bahan": "Katun"},
        weight_g=300,
        dimensions_cm=(30, 20, 3),
        extra=extra,
    )


def sized(sku: str, size: str, price: int = 125_000) -> DraftVariant:
    return DraftVariant(sku=sku, price=price, stock=2, options={"Ukuran": size}, weight_g=350)


@pytest.mark.parametrize(
    ("value", "rupiah"),
    [("25000.00", 25_000), ("25000", 25_000), ("", 0), (None, 0), (25000.5, 25_001), (12, 12)],
)
def test_money_is_integer_rupiah(value: object, rupiah: int) -> None:
    assert money(value) == rupiah


@pytest.mark.parametrize("value", ["gratis", True, [1]])
def test_money_that_is_not_an_amount_is_a_clear_error(value: object) -> None:
    with pytest.raises(AdapterError, match="not an amount"):
        money(value)


def test_weights_and_dimensions_follow_the_shops_units() -> None:
    assert weight_text(300, "kg") == "0.3"
    assert weight_text(300, "g") == "300"
    assert weight_text(1000, "lbs") == "2.205"
    assert length_text(30, "cm") == "30"
    assert length_text(30, "m") == "0.3"
    assert length_text(3, "mm") == "30"


def test_gmt_times_become_aware_utc() -> None:
    assert parse_gmt("2026-11-20T03:00:00") == datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    assert parse_gmt("2026-11-20T10:00:00+07:00") == datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    with pytest.raises(AdapterError):
        parse_gmt("kemarin")


def test_simple_product_payload_uses_strings_and_managed_stock() -> None:
    payload = create_payload(draft(), Units("kg", "cm"), [{"src": "https://x.example/a.jpg"}])
    assert payload["type"] == "simple"
    assert payload["sku"] == "KMJ-1"
    assert payload["regular_price"] == "125000"
    assert payload["manage_stock"] is True
    assert payload["stock_quantity"] == 4
    assert payload["weight"] == "0.3"
    assert payload["dimensions"] == {"length": "30", "width": "20", "height": "3"}
    assert payload["categories"] == [{"id": 15}]
    assert payload["images"] == [{"src": "https://x.example/a.jpg"}]
    assert payload["attributes"][0]["options"] == ["Katun"]


def test_variable_product_payload_declares_variation_attributes() -> None:
    listing = draft(sized("K-S", "S"), sized("K-M", "M"), sized("K-M2", "M"))
    payload = create_payload(listing, Units())
    assert payload["type"] == "variable"
    assert payload["sku"] == "KEMEJA"
    assert "regular_price" not in payload and "stock_quantity" not in payload
    varying = payload["attributes"][0]
    assert (varying["name"], varying["options"], varying["variation"]) == (
        "Ukuran",
        ["S", "M"],
        True,
    )
    variation = variation_payload(listing.variants[0], Units("g", "cm"))
    assert variation["regular_price"] == "125000"
    assert variation["weight"] == "350"
    assert variation["attributes"] == [{"name": "Ukuran", "option": "S"}]


def test_variable_product_whose_id_is_a_variant_sku_gets_no_own_sku() -> None:
    listing = ListingDraft(
        product_id="K-S",
        title="Kemeja",
        description="",
        variants=(sized("K-S", "S"), sized("K-M", "M")),
    )
    assert "sku" not in create_payload(listing, Units())


def test_update_never_sends_price_stock_or_sku() -> None:
    payload = update_payload(
        draft(regular_price="1", stock_quantity=99, short_description="Adem"), Units()
    )
    assert not {"sku", "regular_price", "manage_stock", "stock_quantity", "type"} & set(payload)
    assert payload["short_description"] == "Adem"
    assert payload["name"] == "Kemeja Batik Parang"


def test_listing_reads_regular_price_and_managed_stock() -> None:
    product = {
        "id": 7,
        "name": "Kemeja",
        "type": "variable",
        "status": "publish",
        "permalink": "https://toko.example/product/kemeja/",
        "date_modified_gmt": "2026-11-20T03:00:00",
        "manage_stock": True,
        "stock_quantity": 9,
    }
    variations = [
        {
            "id": 8,
            "sku": "K-S",
            "regular_price": "125000.00",
            "price": "99000",
            "manage_stock": True,
            "stock_quantity": 3,
        },
        {"id": 9, "sku": "K-M", "regular_price": "", "price": "130000", "manage_stock": "parent"},
        {"id": 10, "sku": "", "regular_price": "1", "manage_stock": False},
    ]
    listing = to_listing(product, variations)
    assert listing.status is ListingStatus.ACTIVE
    assert {s.sku: (s.remote_sku_id, s.price, s.stock) for s in listing.skus} == {
        "K-S": ("8", 125_000, 3),
        "K-M": ("9", 130_000, 9),
    }
    simple = to_listing(
        {
            "id": 5,
            "name": "Tas",
            "type": "simple",
            "status": "draft",
            "sku": "TAS",
            "regular_price": "30000",
            "manage_stock": False,
        }
    )
    assert simple.status is ListingStatus.INACTIVE
    assert [(s.remote_sku_id, s.stock) for s in simple.skus] == [("0", 0)]


def test_listing_without_its_fields_is_a_clear_error() -> None:
    with pytest.raises(AdapterError, match="without 'name'"):
        to_listing({"id": 1})


@pytest.mark.parametrize(
    ("slug", "status"),
    [
        ("pending", OrderStatus.UNPAID),
        ("on-hold", OrderStatus.UNPAID),
        ("processing", OrderStatus.TO_SHIP),
        ("wc-shipped", OrderStatus.SHIPPED),
        ("completed", OrderStatus.COMPLETED),
        ("cancelled", OrderStatus.CANCELLED),
        ("failed", OrderStatus.CANCELLED),
        ("refunded", OrderStatus.RETURNED),
        ("menunggu-konfirmasi", OrderStatus.TO_SHIP),
        ("checkout-draft", None),
    ],
)
def test_order_statuses_are_normalised(slug: str, status: OrderStatus | None) -> None:
    assert normalise_status(slug) is status


def order(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "id": 501,
        "status": "processing",
        "currency": "IDR",
        "date_created": "2026-11-20T10:00:00",
        "date_created_gmt": "2026-11-20T03:00:00",
        "date_modified_gmt": "2026-11-20T04:30:00",
        "total": "71000.00",
        "line_items": [
            {"id": 1, "sku": "KOPI", "quantity": 2, "total": "50000.00", "price": 25000},
            {"id": 2, "sku": "KOPI", "quantity": 1, "total": "19000.00", "total_tax": "2000.00"},
            {"id": 3, "sku": "", "product_id": 44, "quantity": 1, "total": "", "price": "1000"},
        ],
    }
    return payload | changes


def test_each_line_item_is_a_line_keyed_by_its_id_with_its_money() -> None:
    result = to_order(order())
    assert result is not None
    assert result.order_id == "501"
    assert result.total == 71_000
    assert result.created_at == datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    assert result.updated_at == datetime(2026, 11, 20, 4, 30, tzinfo=UTC)
    lines = {line.line_id: line for line in result.lines}
    assert [(lines[i].sku, lines[i].quantity, lines[i].list_price) for i in "12"] == [
        ("KOPI", 2, 25_000),
        ("KOPI", 1, 19_000),
    ]
    assert lines["2"].buyer_paid == 21_000  # tax (PPN) included in what the buyer paid
    assert lines["3"].sku == ""
    assert lines["3"].list_price == 1000
    assert all(line.status is OrderStatus.TO_SHIP for line in result.lines)


def test_draft_carts_are_not_orders() -> None:
    assert to_order(order(status="checkout-draft")) is None


@pytest.mark.parametrize("missing", ["status", "date_modified_gmt", "line_items", "total"])
def test_order_without_a_field_is_a_clear_error(missing: str) -> None:
    payload = order()
    del payload[missing]
    with pytest.raises(AdapterError, match=missing):
        to_order(payload)


def test_merged_attributes_keep_the_sellers_and_extend_shared_ones() -> None:
    existing = [
        {"id": 1, "name": "Ukuran", "options": ["S"], "variation": True, "visible": True},
        {"id": 0, "name": "Motif", "options": ["Parang"], "variation": False},
    ]
    ours = create_payload(draft(sized("K-S", "S"), sized("K-M", "M")), Units())["attributes"]
    merged = merge_attributes(existing, ours)
    assert [(a.get("id"), a["name"], a["options"]) for a in merged] == [
        (1, "Ukuran", ["S", "M"]),
        (0, "Motif", ["Parang"]),
        (None, "Bahan", ["Katun"]),
    ]
    ids = global_attribute_ids(merged)
    variation = variation_payload(sized("K-M", "M"), Units(), attribute_ids=ids)
    assert variation["attributes"] == [{"name": "Ukuran", "option": "M", "id": 1}]
