"""Pure Shopee mapping: statuses, money, times, payloads, windows, malformed answers."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from coopsync.adapters import (
    DraftVariant,
    ImageRef,
    ListingDraft,
    ListingStatus,
    OrderStatus,
)
from coopsync.errors import Fatal, Rejected
from coopsync_adapters.shopee import mapping
from coopsync_adapters.shopee.orders import windows


@pytest.mark.parametrize(
    ("shopee", "ours"),
    [
        ("UNPAID", OrderStatus.UNPAID),
        ("READY_TO_SHIP", OrderStatus.TO_SHIP),
        ("PROCESSED", OrderStatus.TO_SHIP),
        ("IN_CANCEL", OrderStatus.TO_SHIP),
        ("PENDING", OrderStatus.TO_SHIP),
        ("RETRY_SHIP", OrderStatus.TO_SHIP),
        ("SHIPPED", OrderStatus.SHIPPED),
        ("TO_CONFIRM_RECEIVE", OrderStatus.SHIPPED),
        ("COMPLETED", OrderStatus.COMPLETED),
        ("CANCELLED", OrderStatus.CANCELLED),
        ("TO_RETURN", OrderStatus.SHIPPED),  # asked to return: still out, nothing back yet
        ("SOMETHING_NEW", OrderStatus.TO_SHIP),
    ],
)
def test_order_statuses_are_normalised(shopee: str, ours: OrderStatus) -> None:
    assert mapping.order_status(shopee) is ours


def test_listing_statuses() -> None:
    assert mapping.listing_status("NORMAL") is ListingStatus.ACTIVE
    assert mapping.listing_status("UNLIST") is ListingStatus.INACTIVE
    assert mapping.listing_status("BANNED") is ListingStatus.INACTIVE
    assert mapping.listing_status("SELLER_DELETE") is ListingStatus.DELETED


def detail(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "order_sn": "2611200001ABC",
        "order_status": "READY_TO_SHIP",
        "create_time": 1763607600,
        "update_time": 1763611200,
        "currency": "IDR",
        "total_amount": 77000.0,
        "item_list": [
            {
                "item_id": 1,
                "item_sku": "KAOS",
                "model_id": 11,
                "model_sku": "KAOS-M",
                "model_quantity_purchased": 2,
                "model_original_price": 30000.0,
                "model_discounted_price": 25000.0,
            },
            {
                "item_id": 2,
                "item_sku": "TAS-1",
                "model_id": 0,
                "model_sku": "",
                "model_quantity_purchased": 1,
                "model_original_price": 27000.0,
                "model_discounted_price": 0,
            },
        ],
    }
    return base | overrides


def test_order_from_detail_reads_lines_money_and_times() -> None:
    order = mapping.order_from_detail(detail())
    assert order.order_id == "2611200001ABC"
    assert order.status is OrderStatus.TO_SHIP
    assert order.created_at == datetime(2025, 11, 20, 3, 0, tzinfo=UTC)
    assert order.updated_at - order.created_at == timedelta(hours=1)
    assert order.total == 77_000
    lines = {
        line.sku: (line.line_id, line.quantity, line.list_price, line.seller_discount)
        for line in order.lines
    }
    # model_sku when the item has models, item_sku otherwise; the original price is the list
    # price, the shop's promotion (original - discounted) its own discount.
    assert lines == {"KAOS-M": ("1:11", 2, 30_000, 10_000), "TAS-1": ("2:0", 1, 27_000, 0)}
    assert all(line.status is OrderStatus.TO_SHIP for line in order.lines)


def test_the_same_model_on_two_lines_keeps_two_lines() -> None:
    first = detail()["item_list"][0]
    second = first | {
        "model_quantity_purchased": 1,
        "model_discounted_price": 28000.0,
        "order_item_id": 77,
    }
    order = mapping.order_from_detail(detail(item_list=[first, second]))
    assert [(line.line_id, line.quantity, line.buyer_paid) for line in order.lines] == [
        ("1:11", 2, 50_000),
        ("1:11:77", 1, 28_000),
    ]


def test_a_bundle_deal_is_priced_from_the_escrow_detail() -> None:
    # Issue 26 (7): model_discounted_price is 0 for bundle-deal items.
    bundle = detail()["item_list"][0] | {"model_discounted_price": 0.0}
    assert mapping.needs_escrow(detail(item_list=[bundle]))
    escrow = [{"item_id": 1, "model_id": 11, "original_price": 60000, "discounted_price": 54000}]
    (line,) = mapping.order_from_detail(detail(item_list=[bundle]), escrow).lines
    assert (line.list_price, line.seller_discount, line.buyer_paid) == (30_000, 6_000, 54_000)


def test_a_cancelled_order_whose_parcel_was_lost_is_lost() -> None:
    lost = {"logistics_status": "LOGISTICS_LOST", "item_list": [{"item_id": 1, "model_id": 11}]}
    order = mapping.order_from_detail(detail(order_status="CANCELLED", package_list=[lost]))
    assert [(line.sku, line.status) for line in order.lines] == [
        ("KAOS-M", OrderStatus.LOST),
        ("TAS-1", OrderStatus.CANCELLED),
    ]


@pytest.mark.parametrize(
    "broken",
    [
        {"order_status": None},
        {"item_list": None},
        {"item_list": "nope"},
        {"create_time": "yesterday"},
        {"total_amount": "lots"},
    ],
)
def test_a_malformed_order_is_a_clear_error(broken: dict[str, Any]) -> None:
    with pytest.raises(Fatal, match="get_order_detail"):
        mapping.order_from_detail(detail(**broken))


def base_info(**overrides: Any) -> dict[str, Any]:
    return {
        "item_id": 800000001,
        "item_name": "Tas Anyaman Pandan Motif Bunga",
        "item_sku": "TAS-1",
        "item_status": "NORMAL",
        "has_model": False,
        "update_time": 1763607600,
        "price_info": [{"currency": "IDR", "original_price": 30000.0, "current_price": 27000.0}],
        "stock_info_v2": {
            "summary_info": {"total_reserved_stock": 1, "total_available_stock": 5},
            "seller_stock": [{"location_id": "IDZ", "stock": 5}],
        },
    } | overrides


def test_a_listing_without_models_has_one_sku_with_model_id_zero() -> None:
    listing = mapping.remote_listing(base_info(), None, "88001234")
    assert listing.url == "https://shopee.co.id/product/88001234/800000001"
    assert listing.status is ListingStatus.ACTIVE
    assert [(s.sku, s.remote_sku_id, s.price, s.stock) for s in listing.skus] == [
        ("TAS-1", "0", 30_000, 5)
    ]


def test_a_listing_with_models_takes_prices_and_stock_from_the_models() -> None:
    models = {
        "model": [
            {
                "model_id": 9001,
                "model_sku": "KAOS-S",
                "price_info": [{"original_price": 25000.0}],
                "stock_info_v2": {"seller_stock": [{"stock": 3}, {"stock": 2}]},
            }
        ]
    }
    base = base_info(has_model=True, price_info=None, stock_info_v2=None)
    listing = mapping.remote_listing(base, models, "1")
    assert [(s.sku, s.remote_sku_id, s.price, s.stock) for s in listing.skus] == [
        ("KAOS-S", "9001", 25_000, 5)
    ]


def test_a_listing_without_stock_info_is_a_clear_error() -> None:
    with pytest.raises(Fatal, match="stock_info_v2"):
        mapping.remote_listing(base_info(stock_info_v2=None), None, "1")


def draft(variants: int | tuple[DraftVariant, ...] = 1, **overrides: Any) -> ListingDraft:
    sizes = ["S", "M", "L"]
    items = (
        variants
        if isinstance(variants, tuple)
        else (DraftVariant("BATIK-1", 25_000, 4, weight_g=300),)
        if variants == 1
        else tuple(
            DraftVariant(f"BATIK-{s}", 25_000 + i * 1000, i, options={"Ukuran": s, "Warna": "Biru"})
            for i, s in enumerate(sizes[:variants])
        )
    )
    values: dict[str, Any] = {
        "product_id": "BATIK",
        "title": "Kemeja Batik Tulis Motif Parang",
        "description": "Batik tulis buatan tangan.",
        "variants": items,
        "images": (ImageRef("batik.png"),),
        "category_id": "100017",
        "attributes": {"100134": "Katun", "100200": "5501"},
        "weight_g": 300,
        "dimensions_cm": (30, 20, 3),
    }
    return ListingDraft(**(values | overrides))


def test_add_item_payload_for_a_single_variant() -> None:
    body = mapping.item_payload(draft(), ["img-1"], [8003, 8005], days_to_ship=2)
    assert body["item_name"] == "Kemeja Batik Tulis Motif Parang"
    assert body["original_price"] == 25_000
    assert body["seller_stock"] == [{"stock": 4}]
    assert body["category_id"] == 100017
    assert body["image"] == {"image_id_list": ["img-1"]}
    assert body["logistic_info"] == [
        {"logistic_id": 8003, "enabled": True},
        {"logistic_id": 8005, "enabled": True},
    ]
    assert body["weight"] == 0.3  # kilograms
    assert body["dimension"] == {"package_length": 30, "package_width": 20, "package_height": 3}
    assert body["item_sku"] == "BATIK-1"
    assert body["attribute_list"] == [
        {
            "attribute_id": 100134,
            "attribute_value_list": [{"value_id": 0, "original_value_name": "Katun"}],
        },
        {"attribute_id": 100200, "attribute_value_list": [{"value_id": 5501}]},
    ]


def test_a_listing_needs_a_category_and_a_weight() -> None:
    with pytest.raises(Rejected, match="category_id"):
        mapping.item_payload(draft(category_id=None), ["i"], [1])
    no_weight = draft(weight_g=None, variants=2)
    with pytest.raises(Rejected, match="weight"):
        mapping.item_payload(no_weight, ["i"], [1])


def test_tier_variation_payload_has_a_model_per_variant() -> None:
    body = mapping.tier_variation_payload("800000001", draft(variants=3))
    assert body["item_id"] == 800000001
    assert body["tier_variation"] == [
        {"name": "Ukuran", "option_list": [{"option": "S"}, {"option": "M"}, {"option": "L"}]},
        {"name": "Warna", "option_list": [{"option": "Biru"}]},
    ]
    assert [m["tier_index"] for m in body["model"]] == [[0, 0], [1, 0], [2, 0]]
    assert [m["model_sku"] for m in body["model"]] == ["BATIK-S", "BATIK-M", "BATIK-L"]
    assert body["model"][2]["seller_stock"] == [{"stock": 2}]
    assert body["model"][1]["original_price"] == 26_000


def test_three_option_names_are_refused() -> None:
    three = draft(variants=(DraftVariant("X", 1000, 1, options={"A": "1", "B": "2", "C": "3"}),))
    with pytest.raises(Rejected, match="at most 2"):
        mapping.tier_variation_payload("1", three)


def test_update_payload_never_carries_price_or_stock() -> None:
    body = mapping.update_payload("800000001", draft(), ["img-2"])
    assert "original_price" not in body and "seller_stock" not in body
    assert body["item_id"] == 800000001
    assert body["image"] == {"image_id_list": ["img-2"]}


def test_only_attributes_given_by_id_are_sent() -> None:
    # The catalog's own words (Bahan) describe the product; Shopee only takes attribute ids.
    sent = mapping.attribute_list({"Bahan": "Katun", "100134": "Katun primisima", "100200": "7"})
    assert sent == [
        {
            "attribute_id": 100134,
            "attribute_value_list": [{"value_id": 0, "original_value_name": "Katun primisima"}],
        },
        {"attribute_id": 100200, "attribute_value_list": [{"value_id": 7}]},
    ]


def test_forty_days_are_three_windows_of_at_most_fifteen_days() -> None:
    until = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
    since = until - timedelta(days=40)
    spans = windows(since, until)
    assert len(spans) == 3
    assert spans[0][0] == int(since.timestamp())
    assert spans[-1][1] == int(until.timestamp()) - 1  # [since, until): until itself excluded
    assert all(b - a <= 15 * 86400 for a, b in spans)
    assert all(nxt[0] == prev[1] + 1 for prev, nxt in itertools.pairwise(spans))


def test_an_empty_period_has_no_window() -> None:
    moment = datetime(2026, 11, 20, tzinfo=UTC)
    assert windows(moment, moment) == []


def test_money_rounds_to_whole_rupiah_and_refuses_non_numbers() -> None:
    assert mapping.rupiah(25000.0, "x") == 25_000
    assert mapping.rupiah(24999.6, "x") == 25_000
    with pytest.raises(Fatal):
        mapping.rupiah("25000", "x")
    with pytest.raises(Fatal):
        mapping.rupiah(True, "x")


def test_new_listings_use_enabled_checkout_channels_without_own_fees() -> None:
    channels = [
        {"logistics_channel_id": 8000, "enabled": True, "mask_channel_id": 0},
        {"logistics_channel_id": 8003, "enabled": True, "mask_channel_id": 8000},
        {"logistics_channel_id": 8002, "enabled": False, "mask_channel_id": 0},
        {"logistics_channel_id": 8006, "enabled": True, "fee_type": "CUSTOM_PRICE"},
        {"logistics_channel_id": 8007, "enabled": True, "fee_type": "SIZE_SELECTION"},
    ]
    assert mapping.usable_channels(channels) == [8000]
    only_fulfilment = [c for c in channels if c["logistics_channel_id"] == 8003]
    assert mapping.usable_channels(only_fulfilment) == [8003]
