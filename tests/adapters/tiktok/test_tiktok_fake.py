"""What the TikTok Shop fake enforces, and adapter behaviour the shared suite does not cover."""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from coopsync.adapters import (
    DraftVariant,
    ImageRef,
    ListingDraft,
    Outcome,
    PriceUpdate,
)
from coopsync.errors import Rejected
from coopsync.platforms import adapter_class
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.testing.harness import Harness, make_harness
from coopsync_adapters.tiktok import DESCRIPTOR, fake_wire
from coopsync_adapters.tiktok.adapter import TikTokAdapter
from coopsync_adapters.tiktok.fake import APP_KEY, APP_SECRET, SHOP_CIPHER, TikTokFake

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
TITLE = "Kemeja Batik Tulis Motif Parang Lengan Panjang"


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    (tmp_path / "a.png").write_bytes(PNG)
    harness = make_harness(lambda clock: TikTokFake(clock=clock), base_dir=tmp_path)
    yield harness
    await harness.adapter.aclose()


def adapter(h: Harness) -> TikTokAdapter:
    assert isinstance(h.adapter, TikTokAdapter)
    return h.adapter


def fake(h: Harness) -> TikTokFake:
    assert isinstance(h.fake, TikTokFake)
    return h.fake


def draft(sku: str = "KB", *, title: str = TITLE, variants: int = 1, **extra: Any) -> ListingDraft:
    items = tuple(
        DraftVariant(
            sku=f"{sku}-{i}" if variants > 1 else sku,
            price=extra.pop("price", 50_000),
            stock=extra.pop("stock", 3),
            options={"Warna": f"W{i}"} if variants > 1 else {},
        )
        for i in range(variants)
    )
    return ListingDraft(
        product_id=sku,
        title=title,
        description="Batik tulis.",
        variants=items,
        images=extra.pop("images", (ImageRef("a.png"),)),
        category_id="600001",
        weight_g=300,
    )


async def raw_call(
    h: Harness,
    method: str,
    path: str,
    *,
    params: dict[str, str] | None = None,
    body: bytes = b"",
    tamper: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A request signed by the fake's own rules, optionally tampered with after signing."""
    query = {"app_key": APP_KEY, "shop_cipher": SHOP_CIPHER, **(params or {})}
    query.setdefault("timestamp", str(int(h.clock().timestamp())))
    query["sign"] = fake_wire.expected_sign(APP_SECRET, path, query, body)
    query.update(tamper or {})
    request = httpx.Request(
        method,
        f"https://open-api.tiktokglobalshop.com{path}",
        params=query,
        content=body,
        headers={"x-tts-access-token": fake(h).access_token},
    )
    response = await fake(h).handle_async_request(request)
    await response.aread()
    result: dict[str, Any] = json.loads(response.content)
    return result


async def test_wrong_signature_and_stale_timestamps_are_refused(h: Harness) -> None:
    path = "/product/202309/products/search"
    good = await raw_call(h, "POST", path, params={"page_size": "10"}, body=b"{}")
    assert good["code"] == 0
    bad = await raw_call(
        h, "POST", path, params={"page_size": "10"}, body=b"{}", tamper={"page_size": "11"}
    )
    assert bad["code"] == 106001
    old = str(int(h.clock().timestamp()) - 301)
    assert (await raw_call(h, "POST", path, params={"page_size": "10", "timestamp": old}))[
        "code"
    ] == 36009004
    ahead = str(int(h.clock().timestamp()) + 31)
    assert (
        "30 seconds"
        in (await raw_call(h, "POST", path, params={"page_size": "10", "timestamp": ahead}))[
            "message"
        ]
    )


async def test_order_detail_takes_at_most_50_ids(h: Harness) -> None:
    ids = ",".join(str(i) for i in range(51))
    answer = await raw_call(h, "GET", "/order/202309/orders", params={"ids": ids})
    assert answer["code"] == 36009004


async def test_page_tokens_carry_plus_slash_and_equals(h: Harness) -> None:
    for i in range(5):
        fake(h).seed_listing(TITLE, [(f"P-{i}", 10_000, 1)])
    answer = await raw_call(
        h, "POST", "/product/202309/products/search", params={"page_size": "2"}, body=b"{}"
    )
    token = answer["data"]["next_page_token"]
    assert {"+", "/", "="} <= set(token)
    listed = [listing async for listing in adapter(h).listings()]
    assert len(listed) == 5


async def test_expired_token_is_refused_and_the_old_refresh_token_dies(h: Harness) -> None:
    old_refresh = fake(h).refresh_token
    fake(h).expire_access_token()
    answer = await raw_call(h, "POST", "/product/202309/products/search", params={"page_size": "1"})
    assert answer["code"] == 105002
    assert await adapter(h).find_by_sku(["none"]) == {}
    assert fake(h).refresh_token != old_refresh
    assert h.tokens.pairs["test"].refresh_token == fake(h).refresh_token


async def test_many_skus_are_looked_up_ten_at_a_time(h: Harness) -> None:
    skus = [f"S-{i:02d}" for i in range(25)]
    for sku in skus:
        fake(h).seed_listing(TITLE, [(sku, 10_000, 1)])
    found = await adapter(h).find_by_sku(skus)
    assert set(found) == set(skus)
    assert fake(h).calls_to("/products/search") == 3


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": "Kemeja Batik"}, "12052910"),  # shorter than 25 characters
        ({"price": 50}, "12052073"),
        ({"stock": 1_000_000}, "12052055"),
    ],
)
async def test_create_enforces_documented_ranges(
    h: Harness, changes: dict[str, Any], code: str
) -> None:
    with pytest.raises(Rejected) as caught:
        await adapter(h).create_listing(draft(**changes))
    assert caught.value.platform_code == code


async def test_at_most_nine_main_images(h: Harness, tmp_path: Path) -> None:
    refs = []
    for i in range(10):
        (tmp_path / f"{i}.png").write_bytes(PNG + bytes([i]))
        refs.append(ImageRef(f"{i}.png"))
    created = await adapter(h).create_listing(draft(images=tuple(refs)))
    product = fake(h).products[created.remote_id]
    assert len(product["main_images"]) == 9


async def test_url_images_are_fetched_and_uploaded_once(h: Harness) -> None:
    url = ImageRef("https://koperasi.example/batik.png")
    await adapter(h).create_listing(draft("U1", images=(url,)))
    await adapter(h).create_listing(draft("U2", images=(url,)))
    assert fake(h).calls_to("/images/upload") == 1


async def test_price_update_is_all_or_nothing_on_the_platform_but_not_for_the_caller(
    h: Harness,
) -> None:
    created = await adapter(h).create_listing(draft("PV", variants=3))
    fake(h).reject_sku("PV-1", "price is locked")
    skus = created.sku_map()
    results = await adapter(h).push_prices(
        [PriceUpdate(s, created.remote_id, skus[s].remote_sku_id, 60_000) for s in sorted(skus)]
    )
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.REJECTED, Outcome.OK]
    assert "price is locked" in results[1].message
    views = {s: fake(h).sku_view(s) for s in skus}
    assert {s: v.price for s, v in views.items() if v} == {
        "PV-0": 60_000,
        "PV-1": 50_000,
        "PV-2": 60_000,
    }


async def test_price_update_needs_an_active_product(h: Harness) -> None:
    created = await adapter(h).create_listing(draft("OFF"))
    fake(h).products[created.remote_id]["status"] = "SELLER_DEACTIVATED"
    sku = created.sku_map()["OFF"]
    results = await adapter(h).push_prices(
        [PriceUpdate("OFF", created.remote_id, sku.remote_sku_id, 60_000)]
    )
    assert results[0].outcome is Outcome.REJECTED
    assert "status" in results[0].message


async def test_orders_stock_and_cancellation_on_the_platform(h: Harness) -> None:
    fake(h).seed_listing(TITLE, [("ORD", 20_000, 10)])
    order_id = fake(h).place_order([FakeLine("ORD", 3)])
    view = fake(h).sku_view("ORD")
    assert view is not None and view.stock == 7
    from coopsync.adapters import OrderStatus

    fake(h).set_order_status(order_id, OrderStatus.CANCELLED)
    view = fake(h).sku_view("ORD")
    assert view is not None and view.stock == 10
    h.clock.advance(timedelta(seconds=1))
    orders = [o async for o in adapter(h).orders(h.clock() - timedelta(days=1), h.clock())]
    assert [(o.order_id, o.status.value, len(o.lines)) for o in orders] == [
        (order_id, "cancelled", 3)
    ]


async def test_state_survives_a_save_and_load(h: Harness, tmp_path: Path) -> None:
    await adapter(h).create_listing(draft("SAVE"))
    fake(h).place_order([FakeLine("SAVE", 1)])
    path = tmp_path / "tiktok.json"
    fake(h).save(path)
    again = TikTokFake(clock=h.clock)
    again.load(path)
    assert again.sku_view("SAVE") == fake(h).sku_view("SAVE")
    assert again.order_ids() == fake(h).order_ids()
    assert again.refresh_token == fake(h).refresh_token


def test_tokopedia_is_an_alias_and_the_fake_is_registered() -> None:
    assert adapter_class("tokopedia") is TikTokAdapter
    assert DESCRIPTOR.fake_factory() is TikTokFake


async def test_a_return_brings_its_order_back_as_returned(h: Harness) -> None:
    from coopsync.adapters import OrderStatus

    fake(h).seed_listing(TITLE, [("RET", 20_000, 10)])
    order_id = fake(h).place_order([FakeLine("RET", 2)])
    h.clock.advance(timedelta(hours=1))
    fake(h).set_order_status(order_id, OrderStatus.SHIPPED)
    h.clock.advance(timedelta(days=3))
    start = h.clock()
    fake(h).set_order_status(order_id, OrderStatus.RETURNED)  # the order itself is unchanged
    h.clock.advance(timedelta(minutes=1))
    orders = [o async for o in adapter(h).orders(start, h.clock())]
    assert [(o.order_id, o.status) for o in orders] == [(order_id, OrderStatus.RETURNED)]
    assert [(ln.sku, ln.quantity, ln.status) for ln in orders[0].lines] == [
        ("RET", 1, OrderStatus.RETURNED)
    ] * 2
    # A later pull that sees the order (here: a wide window) still knows it came back.
    wide = [o async for o in adapter(h).orders(start - timedelta(days=5), h.clock())]
    assert [o.status for o in wide] == [OrderStatus.RETURNED]


async def test_a_dead_refresh_token_stops_a_concurrent_push_with_auth_expired(h: Harness) -> None:
    from coopsync.adapters import StockUpdate
    from coopsync.errors import AuthExpired

    skus = [f"D-{i}" for i in range(6)]
    for sku in skus:
        fake(h).seed_listing(TITLE, [(sku, 10_000, 1)])
    found = await adapter(h).find_by_sku(skus)
    fake(h).expire_access_token()
    fake(h).revoke_refresh_token()
    updates = [
        StockUpdate(s, found[s].remote_id, found[s].sku_map()[s].remote_sku_id, 2) for s in skus
    ]
    with pytest.raises(AuthExpired) as caught:
        await adapter(h).push_stock(updates)
    assert caught.value.needs_human


async def test_creating_without_a_warehouse_says_what_to_set(h: Harness) -> None:
    from coopsync.errors import Fatal

    await h.adapter.aclose()
    h.rebuild(warehouse_id=None)
    with pytest.raises(Fatal) as caught:
        await adapter(h).create_listing(draft("NOWH"))
    assert "warehouse_id" in (caught.value.hint or "")
    assert fake(h).calls_to("/products") == 0


async def test_a_product_level_price_refusal_is_not_split(h: Harness) -> None:
    created = await adapter(h).create_listing(draft("OFF3", variants=3))
    fake(h).products[created.remote_id]["status"] = "PLATFORM_DEACTIVATED"
    skus = created.sku_map()
    before = fake(h).calls_to("/prices/update")
    results = await adapter(h).push_prices(
        [PriceUpdate(s, created.remote_id, skus[s].remote_sku_id, 60_000) for s in sorted(skus)]
    )
    assert [r.outcome for r in results] == [Outcome.REJECTED] * 3
    assert all("12019113" in r.message for r in results)
    assert fake(h).calls_to("/prices/update") - before == 1
