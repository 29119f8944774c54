"""A shop on one marketplace's fake whose catalog changes: the steps of issue 25's scenario,
and what the channel shows (read from the fake's own state) compared with the catalog."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from e2e_shop import Shop

from coopsync.adapters import Capability
from coopsync.engine.retirement import mark_retire_now
from coopsync.platforms import capabilities_for
from coopsync.sandbox.marketplace import FakeLine

MARKETPLACES = ["shopee", "tiktok", "lazada", "woocommerce"]
BODY = {
    "description": "Batik tulis buatan tangan pengrajin difabel, katun primisima.",
    "images": ["tas.png"],
    "weight_g": 300,
    "dimensions": {"length_cm": 30, "width_cm": 20, "height_cm": 3},
}


def sized(sku: str, size: str, price: int, stock: int, **more: Any) -> dict[str, Any]:
    return {
        "sku": f"{sku}-{size}",
        "price": price,
        "stock": stock,
        "options": {"Ukuran": size},
        **more,
    }


def first_catalog() -> list[dict[str, Any]]:
    return [
        {
            "id": "BATIK",
            "title": "Kemeja Batik Tulis Motif Parang Lengan Panjang",
            **BODY,
            "variants": [sized("BTK", "S", 150_000, 4), sized("BTK", "M", 155_000, 5)],
        },
        {
            "id": "KAIN",
            "title": "Kain Batik Cap Motif Kawung Katun Primisima",
            **BODY,
            "variants": [sized("KAIN", "S", 90_000, 3), sized("KAIN", "M", 95_000, 2)],
        },
        {
            "title": "Tas Anyaman Pandan Motif Bunga Buatan Tangan",
            **BODY,
            "sku": "TAS-1",
            "price": 85_000,
            "stock": 10,
        },
        {
            "title": "Dompet Anyaman Pandan Motif Daun Buatan Tangan",
            **BODY,
            "sku": "DOMPET",
            "price": 45_000,
            "stock": 6,
        },
    ]


def need(platform: str, capability: Capability) -> None:
    """Skip, saying why, when the platform does not declare what the step needs."""
    declared = capabilities_for(platform)
    missing = capability & ~declared
    if missing:
        pytest.skip(f"{platform} does not declare {missing.name}")


# ---- the steps: each changes the catalog as a volunteer would ---------------------------------
def add_variant(shop: Shop) -> None:
    shop.products[0]["variants"].append(sized("BTK", "L", 160_000, 7))


def add_colour(shop: Shop) -> None:
    kain = shop.products[1]
    for variant in kain["variants"]:
        variant["options"] = {**variant["options"], "Warna": "Merah"}
    kain["variants"] += [
        {
            "sku": "KAIN-S-BIRU",
            "price": 97_000,
            "stock": 4,
            "options": {"Ukuran": "S", "Warna": "Biru"},
        },
        {
            "sku": "KAIN-M-BIRU",
            "price": 99_000,
            "stock": 1,
            "options": {"Ukuran": "M", "Warna": "Biru"},
        },
    ]


def rename(shop: Shop) -> None:
    tas = shop.products[2]
    tas["sku"], tas["formerly"] = "TAS-01", ["TAS-1"]


def retire(shop: Shop) -> None:
    shop.products[3]["status"] = "retired"
    mark_retire_now(shop.store, ["DOMPET"], shop.clock())  # `coopsync retire DOMPET --now`


def bring_back(shop: Shop) -> None:
    shop.products[3]["status"] = "active"


STEPS = {
    "add_variant": (add_variant, Capability.VARIANT_ADD),
    "add_colour": (add_colour, Capability.VARIANT_ADD),
    "rename": (rename, Capability.NONE),  # every platform: in place, or kept and mapped
    "retire": (retire, Capability.LISTING_UNLIST),
    "bring_back": (bring_back, Capability.LISTING_UNLIST),
}


async def pushed_shop(root: Path, platform: str) -> Shop:
    """The shop pushed to the channel, with two units of TAS-1 sold there."""
    shop = Shop(root, copy.deepcopy(first_catalog()), channel_rules={platform: {}})
    result = await shop.sync()
    assert result.summary.exit_code == 0, result.summary.to_dict()
    shop.fakes[platform].place_order([FakeLine("TAS-1", 2)])
    result = await shop.sync()
    assert result.summary.exit_code == 0, result.summary.to_dict()
    return shop


async def shop_before(root: Path, platform: str, step: str) -> Shop:
    """The pushed shop with every step before `step` made and synced (those the platform can)."""
    shop = await pushed_shop(root, platform)
    for name, (change, needed) in STEPS.items():
        if name == step:
            break
        if needed & ~capabilities_for(platform):
            continue
        change(shop)
        result = await shop.sync()
        assert result.summary.exit_code == 0, (name, result.summary.to_dict())
    return shop


def channel_sku(shop: Shop, platform: str, sku: str) -> str:
    """The seller SKU the channel sells a catalog SKU under (the old one where it cannot change)."""
    renames = {"TAS-01": "TAS-1"}
    if sku in renames and not capabilities_for(platform) & Capability.SKU_RENAME:
        return renames[sku]
    return sku


def mismatches(shop: Shop, platform: str) -> list[str]:
    """Where the channel, as its fake holds it, differs from the catalog."""
    fake = shop.fakes[platform]
    available = shop.available()
    catalog = shop.catalog()
    found: list[str] = []
    listing_of: dict[str, set[str]] = {}
    for product in catalog:
        for variant in product.variants:
            sku = variant.sku
            view = fake.sku_view(channel_sku(shop, platform, sku))
            if view is None:
                found.append(f"{sku}: not on the channel")
                continue
            listing_of.setdefault(product.product_id, set()).add(view.remote_id)
            want_active = not product.retired
            stock = 0 if product.retired else max(0, available[sku])
            if view.active != want_active:
                found.append(f"{sku}: active {view.active}, the catalog says {want_active}")
            if want_active and (view.stock, view.price) != (stock, variant.price):
                found.append(
                    f"{sku}: shows {(view.stock, view.price)}, want {(stock, variant.price)}"
                )
            if variant.options and view.options != dict(variant.options):
                found.append(f"{sku}: options {view.options}, want {dict(variant.options)}")
    found += [f"{p} is on {len(ids)} listings" for p, ids in listing_of.items() if len(ids) != 1]
    renamed_here = channel_sku(shop, platform, "TAS-01") == "TAS-01"
    if renamed_here and catalog.get("TAS-01") is not None and fake.sku_view("TAS-1") is not None:
        found.append("TAS-1 still sells next to TAS-01")
    return found
