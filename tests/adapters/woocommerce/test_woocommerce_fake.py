"""The adapter against the fake shop: what the conformance suite does not cover for WooCommerce."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from coopsync.adapters import (
    AdapterContext,
    DraftVariant,
    ImageRef,
    ListingDraft,
    OrderStatus,
    StockUpdate,
)
from coopsync.errors import AuthExpired, Rejected
from coopsync.platforms import adapter_class, rules_for
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.testing.harness import Harness, make_harness
from coopsync_adapters.woocommerce import DESCRIPTOR
from coopsync_adapters.woocommerce.adapter import WooCommerceAdapter
from coopsync_adapters.woocommerce.fake import STORE_URL, WooCommerceFake

PHOTO = "https://cdn.toko.example/batik-parang.jpg"


def shop(**overrides: Any) -> Harness:
    return make_harness(lambda clock: WooCommerceFake(clock=clock), **overrides)


@pytest.fixture(
    params=["https://toko-batik.example", "http://toko-batik.example"], ids=["https", "http"]
)
async def h(request: pytest.FixtureRequest) -> AsyncIterator[Harness]:
    harness = shop(url=request.param)
    yield harness
    await harness.adapter.aclose()


def adapter(h: Harness) -> WooCommerceAdapter:
    assert isinstance(h.adapter, WooCommerceAdapter)
    return h.adapter


def fake(h: Harness) -> WooCommerceFake:
    assert isinstance(h.fake, WooCommerceFake)
    return h.fake


def kemeja(*sizes: str, images: tuple[ImageRef, ...] = (), product_id: str = "KMJ") -> ListingDraft:
    return ListingDraft(
        product_id=product_id,
        title="Kemeja Batik Parang",
        description="Batik tulis",
        variants=tuple(
            DraftVariant(
                sku=f"{product_id}-{size}",
                price=125_000 + 5_000 * i,
                stock=3 + i,
                options={"Ukuran": size},
            )
            for i, size in enumerate(sizes)
        ),
        images=images,
        weight_g=300,
    )


async def test_the_registry_and_sandbox_find_the_adapter_and_its_fake() -> None:
    assert adapter_class("woocommerce") is WooCommerceAdapter
    assert rules_for("woocommerce").stock_batch == 50  # what one batch call carries
    assert DESCRIPTOR.fake_factory() is WooCommerceFake


async def test_keys_never_travel_as_basic_over_plain_http(h: Harness) -> None:
    created = await adapter(h).create_listing(kemeja("S", "M"))
    listed = [listing async for listing in adapter(h).listings()]
    assert listed[0].remote_id == created.remote_id
    variant = listed[0].skus[0]
    pushed = await adapter(h).push_stock(
        [StockUpdate(variant.sku, created.remote_id, variant.remote_sku_id, 9)]
    )
    assert pushed[0].ok
    assert fake(h).basic_over_http == 0
    https = str(getattr(h.settings, "url", "")).startswith("https")
    oauth = [r for r in h.fake.requests if "oauth_signature" in r.params]
    assert (len(oauth) == 0) if https else (len(oauth) == len(h.fake.requests))


async def test_numbers_where_woocommerce_wants_strings_are_refused() -> None:
    h = shop()
    with pytest.raises(Rejected) as caught:
        await adapter(h).client.write(
            "POST", "/products", {"name": "Tas", "regular_price": 30000}, what="create"
        )
    await h.adapter.aclose()
    assert caught.value.platform_code == "rest_invalid_param"
    assert "regular_price" in caught.value.message


async def test_fake_enforces_page_and_batch_limits() -> None:
    h = shop()
    client = adapter(h).client
    with pytest.raises(Exception, match="per_page"):
        await client.get_page("/products", {"per_page": "101"}, what="list")
    with pytest.raises(ValueError, match="at most 100"):
        await client.batch("/products/batch", update=[{"id": 1}] * 101, what="push")
    await h.adapter.aclose()


async def test_stock_counts_only_when_woocommerce_manages_it() -> None:
    h = shop()
    answer = await adapter(h).client.write(
        "POST",
        "/products",
        {"name": "Tas", "sku": "TAS", "regular_price": "30000", "stock_quantity": 9},
        what="create",
    )
    await h.adapter.aclose()
    assert answer["manage_stock"] is False and answer["stock_quantity"] is None


async def test_same_image_url_is_fetched_by_the_shop_once_and_local_files_are_skipped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    h = shop()
    images = (ImageRef(PHOTO), ImageRef(str(Path("foto/batik.png"))))
    with caplog.at_level(logging.WARNING):
        first = await adapter(h).create_listing(kemeja("S", images=images, product_id="A"))
        await adapter(h).create_listing(kemeja("S", images=images, product_id="B"))
        await adapter(h).update_listing(first, kemeja("S", images=images, product_id="A"))
    await h.adapter.aclose()
    assert fake(h).sideloads == 1
    assert "batik.png skipped" in caplog.text
    assert caplog.text.count("batik.png skipped") == 1


async def test_an_image_deleted_from_the_media_library_is_fetched_again() -> None:
    h = shop()
    images = (ImageRef(PHOTO),)
    await adapter(h).create_listing(kemeja("S", images=images, product_id="A"))
    fake(h).media.clear()
    created = await adapter(h).create_listing(kemeja("S", images=images, product_id="B"))
    await h.adapter.aclose()
    assert created.remote_id
    assert fake(h).sideloads == 2


async def test_variable_product_keeps_its_own_sku_and_variation_options() -> None:
    h = shop()
    created = await adapter(h).create_listing(kemeja("S", "M", "L"))
    product = fake(h).products[int(created.remote_id)]
    await h.adapter.aclose()
    assert (product["type"], product["sku"]) == ("variable", "KMJ")
    view = h.fake.sku_view("KMJ-L")
    assert view is not None and (view.price, view.stock, view.options) == (
        135_000,
        5,
        {"Ukuran": "L"},
    )


async def test_a_refused_variation_is_reported_and_added_by_a_later_update() -> None:
    h = shop()
    h.fake.seed_listing("Produk lain", [("KMJ-M", 10_000, 1)])
    with pytest.raises(Rejected) as caught:
        await adapter(h).create_listing(kemeja("S", "M"))
    assert caught.value.sku == "KMJ-M"
    assert "Invalid or duplicated SKU" in caught.value.message
    found = await adapter(h).find_by_sku(["KMJ-S"])
    # The other product gives its SKU up; the next run's update adds the missing variation.
    other = int(fake(h).sku_view("KMJ-M").remote_id)  # type: ignore[union-attr]
    _, error = fake(h)._update_product(other, {"sku": "LAIN"}, STORE_URL)  # in the shop's admin
    assert error is None
    updated = await adapter(h).update_listing(found["KMJ-S"], kemeja("S", "M"))
    await h.adapter.aclose()
    assert set(updated.sku_map()) == {"KMJ-S", "KMJ-M"}


async def test_a_run_that_stopped_before_the_variations_is_finished_not_duplicated() -> None:
    h = shop()
    h.fake.seed_listing("Kemeja Batik Parang", [("X-1", 1, 1), ("X-2", 1, 1)])
    parent = next(p for p in fake(h).products.values() if p["type"] == "variable")
    for variation_id in [
        v for v, rec in fake(h).variations.items() if rec["parent_id"] == parent["id"]
    ]:
        del fake(h).variations[variation_id]
    parent["sku"] = "KMJ"
    parent["attributes"] = [
        {
            "id": 0,
            "name": "Ukuran",
            "position": 0,
            "visible": True,
            "variation": True,
            "options": ["S", "M"],
        }
    ]
    fake(h).reindex()  # the records were edited by hand above
    listing = await adapter(h).create_listing(kemeja("S", "M"))
    await h.adapter.aclose()
    assert listing.remote_id == str(parent["id"])
    assert set(listing.sku_map()) == {"KMJ-S", "KMJ-M"}
    assert sum(1 for p in fake(h).products.values() if p["type"] == "variable") == 1


async def test_weights_follow_the_shops_unit() -> None:
    h = make_harness(lambda clock: WooCommerceFake(clock=clock, weight_unit="g"))
    created = await adapter(h).create_listing(kemeja("S"))
    await h.adapter.aclose()
    assert fake(h).products[int(created.remote_id)]["weight"] == "300"


async def test_bank_transfer_and_refunded_orders_are_normalised() -> None:
    h = shop()
    h.fake.seed_listing("Kopi", [("KOPI", 65_000, 10)])
    waiting = h.fake.place_order([FakeLine("KOPI", 1)], status=OrderStatus.UNPAID)
    fake(h).orders[int(waiting)]["status"] = "on-hold"
    refunded = h.fake.place_order([FakeLine("KOPI", 2)], status=OrderStatus.RETURNED)
    came_back = h.fake.place_order([FakeLine("KOPI", 1)], status=OrderStatus.COMPLETED)
    h.fake.set_order_status(came_back, OrderStatus.RETURNED)
    draft_cart = h.fake.place_order([FakeLine("KOPI", 1)], status=OrderStatus.UNPAID)
    fake(h).orders[int(draft_cart)]["status"] = "checkout-draft"
    h.clock.advance(timedelta(minutes=1))
    pulled = {
        o.order_id: o async for o in adapter(h).orders(h.clock() - timedelta(days=1), h.clock())
    }
    await h.adapter.aclose()
    assert pulled[waiting].status is OrderStatus.UNPAID
    # Refunded before it was ever completed: the units never left (a cancellation).
    assert pulled[refunded].status is OrderStatus.CANCELLED
    assert pulled[came_back].status is OrderStatus.RETURNED
    assert draft_cart not in pulled
    assert pulled[refunded].lines[0].list_price == 65_000


async def test_a_refund_before_the_order_was_fulfilled_is_a_cancellation() -> None:
    h = shop()
    h.fake.seed_listing("Kopi", [("KOPI", 65_000, 10)])
    paid = h.fake.place_order([FakeLine("KOPI", 2)], status=OrderStatus.TO_SHIP)
    fake(h).refund_before_shipping(paid)
    h.clock.advance(timedelta(minutes=1))
    pulled = {
        o.order_id: o async for o in adapter(h).orders(h.clock() - timedelta(days=1), h.clock())
    }
    await h.adapter.aclose()
    assert pulled[paid].status is OrderStatus.CANCELLED


async def test_a_pending_order_is_held_for_the_shops_hold_stock_minutes() -> None:
    h = shop()
    h.fake.seed_listing("Kopi", [("KOPI", 65_000, 10)])
    fake(h).options["woocommerce_hold_stock_minutes"] = "45"
    pending = h.fake.place_order([FakeLine("KOPI", 1)], status=OrderStatus.UNPAID)
    waiting = h.fake.place_order([FakeLine("KOPI", 1)], status=OrderStatus.UNPAID)
    fake(h).orders[int(waiting)]["status"] = "on-hold"
    h.clock.advance(timedelta(minutes=1))
    pulled = {
        o.order_id: o async for o in adapter(h).orders(h.clock() - timedelta(days=1), h.clock())
    }
    await h.adapter.aclose()
    placed = pulled[pending].created_at
    assert pulled[pending].hold_until == placed + timedelta(minutes=45)
    assert pulled[waiting].hold_until is None, "on-hold already took the shop's stock"


async def test_paid_orders_lower_the_shops_stock_and_cancellation_restores_it() -> None:
    h = shop()
    h.fake.seed_listing("Kopi", [("KOPI", 65_000, 10)])
    unpaid = h.fake.place_order([FakeLine("KOPI", 2)], status=OrderStatus.UNPAID)
    assert h.fake.sku_view("KOPI").stock == 10  # type: ignore[union-attr]
    h.fake.set_order_status(unpaid, OrderStatus.TO_SHIP)
    assert h.fake.sku_view("KOPI").stock == 8  # type: ignore[union-attr]
    h.fake.set_order_status(unpaid, OrderStatus.CANCELLED)
    assert h.fake.sku_view("KOPI").stock == 10  # type: ignore[union-attr]
    await h.adapter.aclose()


async def test_an_order_trashed_mid_pull_shifts_no_other_order_out() -> None:
    h = shop()
    h.fake.seed_listing("Kopi", [("KOPI", 65_000, 100_000)])
    start = h.clock() - timedelta(days=3)
    ids = [
        h.fake.place_order([FakeLine("KOPI", 1)], at=start + timedelta(minutes=i))
        for i in range(250)
    ]
    h.clock.advance(timedelta(minutes=5))

    def trash_two_early_orders() -> None:
        for order_id in ids[3:5]:
            fake(h).orders[int(order_id)]["status"] = "trash"

    h.fake.during_order_pull(trash_two_early_orders)
    pulled = [o.order_id async for o in adapter(h).orders(start - timedelta(hours=1), h.clock())]
    await h.adapter.aclose()
    assert len(pulled) == len(set(pulled))
    assert set(ids) - set(pulled) <= set(ids[3:5])
    assert set(ids[5:]) <= set(pulled)


async def test_a_stale_clock_or_replayed_nonce_is_refused_over_plain_http() -> None:
    h = shop(url="http://toko-batik.example")
    h.fake.seed_listing("Kopi", [("KOPI", 65_000, 10)])
    fake(h).clock = lambda: h.clock() + timedelta(minutes=20)  # the shop's clock runs ahead
    with pytest.raises(AuthExpired, match="clock"):
        await adapter(h).find_by_sku(["KOPI"])
    fake(h).clock = h.clock
    assert (await adapter(h).find_by_sku(["KOPI"]))["KOPI"]
    # The same signed request sent again (a replay) is refused.
    last = h.fake.requests[-1]
    url = httpx.URL(
        "http://toko-batik.example" + last.path, params={k: v[0] for k, v in last.params.items()}
    )
    answer = await fake(h).handle_async_request(httpx.Request("GET", url))
    await h.adapter.aclose()
    assert answer.status_code == 401
    assert "nonce" in answer.json()["message"]


async def test_state_survives_a_save_and_load(tmp_path: Path) -> None:
    h = shop()
    await adapter(h).create_listing(kemeja("S", "M"))
    h.fake.place_order([FakeLine("KMJ-S", 1)])
    path = tmp_path / "woo.json"
    h.fake.save(path)
    await h.adapter.aclose()
    again = WooCommerceFake()
    again.load(path)
    assert json.loads(path.read_text())["next_id"] == fake(h).next_id
    assert again.sku_view("KMJ-S") == h.fake.sku_view("KMJ-S")
    assert again.order_ids() == h.fake.order_ids()


async def test_update_keeps_the_sellers_global_attribute_and_its_variations() -> None:
    h = shop()
    client = adapter(h).client
    # Made by the seller in wp-admin: a global "Ukuran" attribute (pa_ukuran) and a custom one.
    product = await client.write(
        "POST",
        "/products",
        {
            "name": "Kemeja lama",
            "type": "variable",
            "attributes": [
                {"id": 1, "options": ["S"], "variation": True, "visible": True},
                {"name": "Motif", "options": ["Parang"], "visible": True},
            ],
        },
        what="seed",
    )
    await client.batch(
        f"/products/{product['id']}/variations/batch",
        create=[
            {
                "sku": "KMJ-S",
                "regular_price": "125000",
                "manage_stock": True,
                "stock_quantity": 2,
                "attributes": [{"id": 1, "option": "S"}],
            }
        ],
        what="seed",
    )
    found = await adapter(h).find_by_sku(["KMJ-S"])
    updated = await adapter(h).update_listing(found["KMJ-S"], kemeja("S", "M"))
    await h.adapter.aclose()
    assert set(updated.sku_map()) == {"KMJ-S", "KMJ-M"}
    for sku, size in (("KMJ-S", "S"), ("KMJ-M", "M")):
        view = h.fake.sku_view(sku)
        assert view is not None and view.options == {"Ukuran": size}
    attributes = fake(h).products[product["id"]]["attributes"]
    assert [(a["id"], a["name"], a["options"]) for a in attributes] == [
        (1, "Ukuran", ["S", "M"]),
        (0, "Motif", ["Parang"]),
    ]


class LoseFirstAnswer(httpx.AsyncBaseTransport):
    """The shop does the work, then the answer is lost on the way back (a read timeout)."""

    def __init__(self, shop: WooCommerceFake, method: str, path_end: str) -> None:
        self.shop, self.method, self.path_end = shop, method, path_end
        self.lost = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.shop.handle_async_request(request)
        ours = request.method == self.method and request.url.path.endswith(self.path_end)
        if ours and not self.lost:
            self.lost = True
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response


def shop_losing(method: str, path_end: str) -> tuple[WooCommerceAdapter, WooCommerceFake]:
    h = shop()
    lossy = LoseFirstAnswer(fake(h), method, path_end)
    made = WooCommerceAdapter(
        AdapterContext(
            channel="toko",
            settings=h.settings,
            tokens=h.tokens,
            memory=h.memory,
            clock=h.clock,
            transport=lossy,
            sleep=h.sleeps,
        )
    )
    return made, fake(h)


async def test_a_lost_answer_to_creating_variations_is_not_an_error_nor_a_duplicate() -> None:
    made, shop_fake = shop_losing("POST", "/variations/batch")
    listing = await made.create_listing(kemeja("S", "M"))
    await made.aclose()
    assert set(listing.sku_map()) == {"KMJ-S", "KMJ-M"}
    assert len(shop_fake.variations) == 2


async def test_a_lost_answer_to_creating_a_product_adopts_what_the_shop_made() -> None:
    made, shop_fake = shop_losing("POST", "/wp-json/wc/v3/products")
    listing = await made.create_listing(kemeja("S"))
    await made.aclose()
    assert list(listing.sku_map()) == ["KMJ-S"]
    assert [p["id"] for p in shop_fake.products.values()] == [int(listing.remote_id)]


async def test_listings_are_created_in_batches_and_each_refusal_is_its_own() -> None:
    h = shop()
    h.fake.seed_listing("Tas Pandan", [("TAS", 50_000, 2)])
    h.fake.seed_listing("Produk lain", [("C-M", 10_000, 1)])
    tas = ListingDraft(
        product_id="TAS",
        title="Tas Pandan",
        description="Anyaman",
        variants=(DraftVariant(sku="TAS", price=50_000, stock=2),),
    )
    drafts = [kemeja("S", "M", product_id="A"), tas, kemeja("S", "M", product_id="C")]
    existing = h.fake.sku_view("TAS")
    before = len(h.fake.requests)
    results = await adapter(h).create_listings(drafts)
    await h.adapter.aclose()
    sent = [f"{r.method} {r.path}" for r in h.fake.requests[before:]]
    made, adopted, refused = results
    assert not isinstance(made, Rejected) and not isinstance(adopted, Rejected)
    assert {s: (x.price, x.stock) for s, x in made.sku_map().items()} == {
        "A-S": (125_000, 3),
        "A-M": (130_000, 4),
    }
    assert existing is not None and adopted.remote_id == existing.remote_id  # SKU taken: its own
    assert isinstance(refused, Rejected) and refused.sku == "C-M"  # the other product's SKU
    assert h.fake.sku_view("A-M") is not None and h.fake.sku_view("C-S") is not None
    posts = [s for s in sent if s.startswith("POST")]
    # One batch for the three products; the one it refused tried alone (it is adopted); a
    # variations batch per new variable product; a product made whole is not read back.
    assert posts.count("POST /wp-json/wc/v3/products/batch") == 1
    assert posts.count("POST /wp-json/wc/v3/products") == 1
    assert len([s for s in posts if s.endswith("/variations/batch")]) == 2
    assert not [s for s in sent if s.startswith(f"GET /wp-json/wc/v3/products/{made.remote_id}")]


async def test_a_new_size_sends_one_variation_batch_and_a_new_colour_two(tmp_path: Path) -> None:
    """Existing variations are updated only when a new option name joins the product."""
    from coopsync.adapters import AddsVariants, DraftVariant, ListingDraft

    def draft(variants: list[DraftVariant]) -> ListingDraft:
        return ListingDraft(
            product_id="KMJ", title="Kemeja Batik", description="", variants=tuple(variants)
        )

    def size(sku: str, options: dict[str, str]) -> DraftVariant:
        return DraftVariant(sku=sku, price=1000, stock=2, options=options)

    h = make_harness(lambda c: WooCommerceFake(clock=c), base_dir=tmp_path)
    base = [size("K-S", {"Ukuran": "S"}), size("K-M", {"Ukuran": "M"})]
    created = await h.adapter.create_listing(draft(base))
    adder = h.adapter
    assert isinstance(adder, AddsVariants)
    mark = len(h.fake.requests)
    grown = await adder.add_variants(created, draft([*base, size("K-L", {"Ukuran": "L"})]))
    batches = [r for r in h.fake.requests[mark:] if r.path.endswith("/variations/batch")]
    assert len(batches) == 1
    mark = len(h.fake.requests)
    grid = [size(s.sku, {**s.options, "Warna": "Merah"}) for s in base]
    grid += [
        size("K-L", {"Ukuran": "L", "Warna": "Merah"}),
        size("K-S-B", {"Ukuran": "S", "Warna": "Biru"}),
    ]
    await adder.add_variants(grown, draft(grid))
    batches = [r for r in h.fake.requests[mark:] if r.path.endswith("/variations/batch")]
    assert len(batches) == 2
    view = h.fake.sku_view("K-M")
    assert view is not None and view.options == {"Ukuran": "M", "Warna": "Merah"}
    await h.adapter.aclose()
