"""The fakes' SKU lookups use a cached index: it must follow every change of the fake's state.

Each case looks a SKU up (filling the cache), changes the fake's own state the way its
mutation paths do (rename in place, delete/trash, new listing, replaced store), and checks
the next lookup sees the change, as the old full scan did.
"""

from __future__ import annotations

from typing import Any

from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.shopee.fake import ShopeeFake
from coopsync_adapters.tiktok.fake import TikTokFake
from coopsync_adapters.woocommerce.fake import WooCommerceFake


def test_tiktok_find_sku_follows_renames_deletes_and_new_products() -> None:
    fake = TikTokFake()
    entry: dict[str, Any] = {"seller_sku": "A"}
    product = {"id": "1", "status": "ACTIVATE", "skus": [entry]}
    fake.products["1"] = product
    assert fake.find_sku("A") == (product, entry)
    entry["seller_sku"] = "B"
    assert fake.find_sku("A") is None
    assert fake.find_sku("B") == (product, entry)
    product["status"] = "DELETED"
    assert fake.find_sku("B") is None
    other: dict[str, Any] = {"seller_sku": "B"}
    fake.products["2"] = {"id": "2", "status": "ACTIVATE", "skus": [other]}
    assert fake.find_sku("B") is not None and fake.find_sku("B")[1] is other  # type: ignore[index]
    fake.products = {}
    assert fake.find_sku("B") is None


def test_shopee_find_follows_models_added_and_items_removed() -> None:
    fake = ShopeeFake()
    item: dict[str, Any] = {"item_id": 7, "item_sku": "A", "models": []}
    fake.catalog.items["7"] = item
    assert fake.catalog.find("A") == (item, item)
    model = {"model_sku": "A-RED"}
    item["models"].append(model)  # a tier variation: the item's own SKU no longer holds stock
    assert fake.catalog.find("A") is None
    assert fake.catalog.find("A-RED") == (item, model)
    model["model_sku"] = "A-MERAH"
    assert fake.catalog.find("A-RED") is None
    del fake.catalog.items["7"]
    assert fake.catalog.find("A-MERAH") is None


def test_lazada_lookup_follows_sku_removal() -> None:
    fake = LazadaFake()
    sku: dict[str, Any] = {"SellerSku": "A"}
    product = {"item_id": 3, "skus": [sku]}
    fake.products["3"] = product
    assert fake._sku_lookup("A") == (product, sku)
    product["skus"] = []
    assert fake._sku_lookup("A") is None
    product["skus"] = [sku]
    fake.products = {"3": dict(product)}
    found = fake._sku_lookup("A")
    assert found is not None and found[0] is fake.products["3"]


def test_woocommerce_owner_follows_trash_and_variations() -> None:
    fake = WooCommerceFake()
    fake.products[10] = {"sku": "A", "status": "publish"}
    assert fake._sku_owner("A") == 10
    fake.products[10]["status"] = "trash"
    assert fake._sku_owner("A") is None
    fake.variations[11] = {"sku": "A"}
    assert fake._sku_owner("A") == 11
    fake.products[10]["status"] = "publish"  # restored: the product wins, as in the scan
    assert fake._sku_owner("A") == 10
    del fake.variations[11]
    assert fake._sku_owner("A") == 10
