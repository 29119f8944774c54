"""The fakes' SKU indexes (coopsync.sandbox.sku_index) must follow every change of their store.

Checked through what the fakes show (`sku_view`, their REST answers), after the changes where
an index could go stale: a SKU deleted and listed again, a SKU that two listings hold, a store
saved and loaded. The conformance suites cover renames, new variants and unlisting (and every
request there checks the indexes against ones built from the store: tests/conftest.py); the
first case here shows that check catches a forgotten change.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from coopsync.sandbox.marketplace import FakeMarketplace
from coopsync.sandbox.sku_index import SkuIndex
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.shopee import fake_variants
from coopsync_adapters.shopee.fake import ShopeeFake
from coopsync_adapters.tiktok.fake import TikTokFake
from coopsync_adapters.woocommerce.fake import STORE_URL, WooCommerceFake

FAKES: dict[str, Callable[[], FakeMarketplace]] = {
    "shopee": ShopeeFake,
    "tiktok": TikTokFake,
    "lazada": LazadaFake,
    "woocommerce": WooCommerceFake,
}
TITLE = "Kemeja Batik Tulis Motif Parang Lengan Panjang"
SIZES = [{"Ukuran": "S"}, {"Ukuran": "M"}]


def rename_by_hand(fake: FakeMarketplace, old: str, new: str) -> None:
    """Change a SKU in the fake's records directly, as no endpoint would."""
    if isinstance(fake, ShopeeFake):
        item = next(i for i in fake.catalog.items.values() if i["item_sku"] == old)
        item["item_sku"] = new
    elif isinstance(fake, TikTokFake):
        entry = next(s for p in fake.products.values() for s in p["skus"] if s["seller_sku"] == old)
        entry["seller_sku"] = new
    elif isinstance(fake, LazadaFake):
        entry = next(s for p in fake.products.values() for s in p["skus"] if s["SellerSku"] == old)
        entry["SellerSku"] = new
    else:
        assert isinstance(fake, WooCommerceFake)
        product = next(p for p in fake.products.values() if p["sku"] == old)
        product["sku"] = new


@pytest.mark.parametrize("platform", FAKES)
def test_a_change_that_forgets_the_index_is_caught(platform: str) -> None:
    fake = FAKES[platform]()
    fake.seed_listing(TITLE, [("A-1", 25_000, 3)])
    rename_by_hand(fake, "A-1", "A-2")
    with pytest.raises(AssertionError, match="stale"):
        fake.verify_indexes()
    fake.reindex()
    fake.verify_indexes()
    assert fake.sku_view("A-1") is None
    view = fake.sku_view("A-2")
    assert view is not None and view.stock == 3


@pytest.mark.parametrize("platform", FAKES)
def test_lookups_are_the_same_after_save_and_load(platform: str) -> None:
    fake = FAKES[platform]()
    fake.seed_listing(TITLE, [("B-1", 25_000, 3)])
    fake.seed_listing(TITLE, [("K-S", 30_000, 1), ("K-M", 31_000, 2)], options=SIZES)
    before = {sku: fake.sku_view(sku) for sku in ("B-1", "K-S", "K-M", "NONE")}
    loaded = FAKES[platform]()
    loaded.load_state(json.loads(json.dumps(fake.to_state(), default=str)))
    loaded.verify_indexes()
    assert {sku: loaded.sku_view(sku) for sku in before} == before
    assert before["NONE"] is None
    loaded.seed_listing(TITLE, [("C-1", 20_000, 4)])
    view = loaded.sku_view("C-1")
    assert view is not None and view.stock == 4


@pytest.mark.parametrize("platform", ["shopee", "tiktok"])
def test_a_sku_two_listings_hold_answers_with_the_first(platform: str) -> None:
    """Shopee and TikTok do not refuse a SKU twice: the first listing holding it answers, and
    the second once the first gives it up."""
    fake = FAKES[platform]()
    first = fake.seed_listing(TITLE, [("D-1", 25_000, 3)])
    second = fake.seed_listing(TITLE, [("D-1", 26_000, 7)])
    view = fake.sku_view("D-1")
    assert view is not None and view.remote_id == first
    if isinstance(fake, ShopeeFake):
        fake.catalog.update_item({"item_id": int(first), "item_sku": "D-LAMA"}, 1)
    else:
        assert isinstance(fake, TikTokFake)
        entry = fake.products[first]["skus"][0]
        answer = fake.edit_skus(
            fake.products[first],
            [
                {
                    "id": entry["id"],
                    "seller_sku": "D-LAMA",
                    "price": {"amount": "25000", "currency": "IDR"},
                    "inventory": [{"warehouse_id": "7300000000000000001", "quantity": 3}],
                }
            ],
        )
        assert json.loads(answer.content)["code"] == 0
    view = fake.sku_view("D-1")
    assert view is not None and (view.remote_id, view.stock) == (second, 7)
    old = fake.sku_view("D-LAMA")
    assert old is not None and old.remote_id == first


def test_lazada_a_sku_seeded_twice_answers_with_the_last() -> None:
    """Lazada refuses a SellerSku twice through its API; a seeded shop holding one twice
    answers with the last listing, as the fake always did."""
    fake = LazadaFake()
    fake.seed_listing(TITLE, [("E-1", 25_000, 3)])
    second = fake.seed_listing(TITLE, [("E-1", 26_000, 7)])
    view = fake.sku_view("E-1")
    assert view is not None and (view.remote_id, view.stock) == (second, 7)


def test_shopee_a_model_dropped_from_its_tiers_frees_its_sku() -> None:
    fake = ShopeeFake()
    item_id = fake.seed_listing(TITLE, [("F-S", 30_000, 1), ("F-M", 31_000, 2)], options=SIZES)
    tiers = [{"name": "Ukuran", "option_list": [{"option": "S"}]}]
    fake_variants.update_tier_variation(
        fake.catalog, {"item_id": int(item_id), "tier_variation": tiers}, 1
    )
    assert fake.sku_view("F-M") is None
    view = fake.sku_view("F-S")
    assert view is not None and view.remote_id == item_id
    other = fake.seed_listing(TITLE, [("F-M", 20_000, 5)])
    view = fake.sku_view("F-M")
    assert view is not None and view.remote_id == other


async def test_woocommerce_a_deleted_sku_can_be_listed_again() -> None:
    fake = WooCommerceFake()
    simple = int(fake.seed_listing(TITLE, [("G-1", 25_000, 3)]))
    variable = int(fake.seed_listing(TITLE, [("G-S", 30_000, 1), ("G-M", 31_000, 2)]))
    gone = int(fake.sku_view("G-M").remote_sku_id)  # type: ignore[union-attr]
    auth = (WooCommerceFake.CONSUMER_KEY, WooCommerceFake.CONSUMER_SECRET)
    async with httpx.AsyncClient(transport=fake, base_url=STORE_URL, auth=auth) as client:
        api = "/wp-json/wc/v3/products"
        taken = await client.post(api, json={"name": TITLE, "sku": "G-1"})
        assert taken.status_code == 400 and taken.json()["code"] == "product_invalid_sku"
        deleted = await client.post(f"{api}/batch", json={"delete": [simple]})
        assert deleted.json()["delete"] == [{"id": simple}]
        deleted = await client.post(f"{api}/{variable}/variations/batch", json={"delete": [gone]})
        assert deleted.json()["delete"] == [{"id": gone}]
        assert fake.sku_view("G-1") is None and fake.sku_view("G-M") is None
        parent = (await client.get(f"{api}/{variable}")).json()
        assert gone not in parent["variations"] and len(parent["variations"]) == 1
        again = await client.post(api, json={"name": TITLE, "sku": "G-1"})
        assert again.status_code == 201
        moved = await client.post(api, json={"name": TITLE, "sku": "G-M"})
        assert moved.status_code == 201
        listed = (await client.get(api, params={"sku": "G-1,G-M"})).json()
    assert sorted(row["id"] for row in listed) == sorted([again.json()["id"], moved.json()["id"]])
    view = fake.sku_view("G-1")
    assert view is not None and view.remote_id == str(again.json()["id"])


def test_sku_index_keeps_store_order_and_forgets_dropped_listings() -> None:
    index: SkuIndex[str] = SkuIndex()
    index.put("b", ["X", "Y"])
    index.put("a", ["X"])
    assert index.owners("X") == ["b", "a"]
    index.put("b", ["Y"])
    assert index.owners("X") == ["a"] and index.owners("Y") == ["b"]
    index.drop("a")
    index.put("a", ["X", "Y"])  # back in the store: after the others, as a dict puts it
    assert index.owners("Y") == ["b", "a"]
    assert index.owners("Z") == [] and index.holds("X") and not index.holds("Z")
