"""Lazada behaviour the shared suite does not reach, against the fake."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from coopsync.adapters import (
    DraftVariant,
    ImageRef,
    ListingDraft,
    OrderStatus,
    Outcome,
    StockUpdate,
)
from coopsync.errors import Fatal, Rejected
from coopsync.sandbox.marketplace import FakeLine
from coopsync_adapters.lazada.adapter import LazadaAdapter
from coopsync_adapters.lazada.client import sign
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


def adapter_of(h: Harness) -> LazadaAdapter:
    assert isinstance(h.adapter, LazadaAdapter)
    return h.adapter


async def call(h: Harness, method: str, path: str, params: dict[str, str]) -> dict[str, Any]:
    """A signed call as the adapter makes it, answered by the fake, envelope unparsed."""
    client = adapter_of(h).client
    token = await client.tokens.access_token()
    request = client.request_builder(method, path, params)(token)
    response = await fake_of(h).handle_async_request(request)
    await response.aread()
    body: dict[str, Any] = json.loads(response.content)
    return body


def pq_payload(*entries: dict[str, str]) -> str:
    return json.dumps({"Request": {"Product": {"Skus": {"Sku": list(entries)}}}})


# ---- orders ------------------------------------------------------------------------------------
async def test_a_window_with_more_orders_than_the_offset_allows_is_split(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Kerupuk Ikan Tenggiri", [("KRP-1", 15_000, 10**6)])
    start = h.clock() - timedelta(hours=3)
    ids = [
        fake.place_order([FakeLine("KRP-1")], at=start + timedelta(seconds=2 * i))
        for i in range(5000)
    ]
    until = h.clock()
    pulled = [o.order_id async for o in h.adapter.orders(start - timedelta(minutes=1), until)]
    assert len(pulled) == len(set(pulled)) == 5000
    assert set(pulled) == set(ids)
    listed = [r for r in fake.requests if r.path.endswith("/orders/get")]
    assert max(int(r.params["offset"][0]) for r in listed) <= 4500
    assert len({r.params["update_after"][0] for r in listed}) > 1, "the window was not split"
    assert all(int(r.params["limit"][0]) <= 100 for r in listed)


async def test_orders_leaving_the_window_mid_pull_make_no_others_missed(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Keripik Tempe", [("KTP-1", 9_000, 10**5)])
    start = h.clock() - timedelta(days=2)
    ids = [
        fake.place_order([FakeLine("KTP-1")], at=start + timedelta(minutes=5 * i))
        for i in range(250)
    ]
    until = h.clock() - timedelta(minutes=30)  # a pull that ends in the past
    expected = {i for i, order_id in enumerate(ids) if start + timedelta(minutes=5 * i) < until}

    def buyers_act() -> None:
        # Three orders of the first page change now: they leave [since, until).
        for index in (10, 20, 30):
            fake.set_order_status(ids[index], OrderStatus.CANCELLED)

    fake.during_order_pull(buyers_act)
    pulled = [o.order_id async for o in h.adapter.orders(start - timedelta(minutes=1), until)]
    assert len(pulled) == len(set(pulled))
    assert set(pulled) == {ids[i] for i in expected}


async def test_order_lines_sum_units_and_carry_integer_rupiah(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Sambal Roa", [("SMB-1", 32_500, 50), ("SMB-2", 28_000, 50)])
    order_id = fake.place_order([FakeLine("SMB-1", 3), FakeLine("SMB-2", 1)])
    h.clock.advance(timedelta(minutes=1))
    orders = [o async for o in h.adapter.orders(h.clock() - timedelta(hours=1), h.clock())]
    (order,) = orders
    assert order.order_id == order_id
    assert sorted((x.sku, x.quantity, x.list_price) for x in order.lines) == [
        ("SMB-1", 1, 32_500),
        ("SMB-1", 1, 32_500),
        ("SMB-1", 1, 32_500),
        ("SMB-2", 1, 28_000),
    ]
    assert order.total == 3 * 32_500 + 28_000
    assert order.currency == "IDR"


# ---- stock -------------------------------------------------------------------------------------
async def test_stock_push_sets_what_buyers_can_buy_beside_the_held_units(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Batik Cap", [("BTK-1", 120_000, 10)])
    fake.place_order([FakeLine("BTK-1", 2)])  # paid, not shipped: Lazada holds 2
    found = await h.adapter.find_by_sku(["BTK-1"])
    assert found["BTK-1"].sku_map()["BTK-1"].stock == 8
    remote = found["BTK-1"]
    sku_id = remote.sku_map()["BTK-1"].remote_sku_id
    for target in (5, 0):
        results = await h.adapter.push_stock(
            [StockUpdate("BTK-1", remote.remote_id, sku_id, target)]
        )
        assert [r.outcome for r in results] == [Outcome.OK]
        view = fake.sku_view("BTK-1")
        assert view is not None and view.stock == target
    listed = await h.adapter.find_by_sku(["BTK-1"])
    assert listed["BTK-1"].sku_map()["BTK-1"].stock == 0


async def test_stock_for_a_sku_not_on_the_shop_is_rejected(h: Harness) -> None:
    results = await h.adapter.push_stock([StockUpdate("GONE-1", "1", "2", 4)])
    assert [r.outcome for r in results] == [Outcome.REJECTED]
    assert "SKU_NOT_FOUND" in results[0].message


async def test_large_batches_go_in_calls_of_twenty(h: Harness) -> None:
    fake = fake_of(h)
    skus = [f"MNY-{i:02d}" for i in range(45)]
    fake.seed_listing("Minyak Kelapa", [(s, 20_000, 5) for s in skus])
    found = await h.adapter.find_by_sku(skus)
    updates = [
        StockUpdate(s, found[s].remote_id, found[s].sku_map()[s].remote_sku_id, 7) for s in skus
    ]
    results = await h.adapter.push_stock(updates)
    assert all(r.ok for r in results) and [r.sku for r in results] == skus
    sent = [r for r in fake.requests if r.path.endswith("/stock/sellable/update")]
    sizes = sorted(
        len(json.loads(dict(_form(r.body))["payload"])["Request"]["Product"]["Skus"]["Sku"])
        for r in sent
    )
    assert sizes == [5, 20, 20]


def _form(body: bytes) -> list[tuple[str, str]]:
    return parse_qsl(body.decode())


# ---- the fake's gate ---------------------------------------------------------------------------
async def test_the_fake_refuses_what_lazada_refuses(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Kopi Gayo", [("KOPI-1", 80_000, 5)])
    assert (
        await call(
            h, "GET", "/orders/get", {"update_after": "2026-11-01T00:00:00+07:00", "limit": "101"}
        )
    )["code"] == "19"
    assert (
        await call(
            h, "GET", "/orders/get", {"update_after": "2026-11-01T00:00:00+07:00", "offset": "5001"}
        )
    )["code"] == "14"
    assert (await call(h, "GET", "/orders/get", {}))["code"] == "MISSING_PARAMETER"
    assert (await call(h, "GET", "/products/get", {"filter": "all", "limit": "51"}))[
        "code"
    ] == "InvalidParameter"
    ids = json.dumps(list(range(1, 52)))
    assert (await call(h, "GET", "/orders/items/get", {"order_ids": ids}))["code"] == "38"
    many = pq_payload(*({"SellerSku": f"S{i}", "Quantity": "1"} for i in range(51)))
    too_many = await call(h, "POST", "/product/price_quantity/update", {"payload": many})
    assert too_many["code"] == "204"


async def test_one_bad_sku_fails_the_whole_price_quantity_call(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Gula Aren", [("GULA-1", 30_000, 5), ("GULA-2", 30_000, 5)])
    fake.place_order([FakeLine("GULA-2", 3)])
    payload = pq_payload(
        {"SellerSku": "GULA-1", "Quantity": "9"}, {"SellerSku": "GULA-2", "Quantity": "1"}
    )
    answer = await call(h, "POST", "/product/price_quantity/update", {"payload": payload})
    assert answer["code"] == "501"
    assert [d["seller_sku"] for d in answer["detail"]] == ["GULA-2"]
    assert "held by open orders" in answer["detail"][0]["message"]
    view = fake.sku_view("GULA-1")
    assert view is not None and view.stock == 5, "nothing applies when one SKU is bad"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"timestamp": "1763607600"}, "InvalidTimestamp"),  # seconds, not milliseconds
        ({"timestamp": "1000000000000"}, "InvalidTimestamp"),  # far from now
        ({"sign_method": "md5"}, "InvalidSignMethod"),
        ({"sign": "0" * 64}, "IncompleteSignature"),
        ({"access_token": "stolen"}, "IllegalAccessToken"),
    ],
)
async def test_the_fake_checks_the_signature_clock_and_token(
    h: Harness, change: dict[str, str], code: str
) -> None:
    client = adapter_of(h).client
    token = await client.tokens.access_token()
    request = client.request_builder("GET", "/products/get", {"filter": "all"})(token)
    params = {**dict(request.url.params), **change}
    if "sign" not in change:
        params["sign"] = sign(fake_of(h).app_secret, "/products/get", params)
    tampered = request.__class__("GET", request.url.copy_with(params=params))
    response = await fake_of(h).handle_async_request(tampered)
    assert json.loads(response.content)["code"] == code


async def test_a_used_refresh_token_cannot_be_used_again(h: Harness) -> None:
    fake = fake_of(h)
    fake.seed_listing("Madu Hutan", [("MADU-1", 95_000, 5)])
    first = fake.current_refresh
    fake.expire_access_token()
    assert "MADU-1" in await h.adapter.find_by_sku(["MADU-1"])
    assert fake.current_refresh != first
    saved = h.tokens.load_tokens("test")
    assert saved is not None and saved.refresh_token == fake.current_refresh
    with pytest.raises(Fatal) as caught:
        await adapter_of(h).client.refresh_tokens(first)
    assert caught.value.platform_code == "IllegalRefreshToken"


# ---- listings and images -----------------------------------------------------------------------
def draft(sku: str, images: tuple[ImageRef, ...], **kwargs: Any) -> ListingDraft:
    values: dict[str, Any] = {
        "product_id": sku,
        "title": "Tenun Ikat Sumba Motif Kuda",
        "description": "Tenun tangan, pewarna alami.",
        "variants": (DraftVariant(sku, 450_000, 2, weight_g=400),),
        "images": images,
        "category_id": "10002019",
        "dimensions_cm": (40, 30, 3),
    }
    values.update(kwargs)
    return ListingDraft(**values)


async def test_images_are_migrated_or_uploaded_once(h: Harness, tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(b"same bytes")
    (tmp_path / "copy-of-a.jpg").write_bytes(b"same bytes")
    url = ImageRef("https://koperasi.example.id/foto/tenun.jpg")
    hosted = ImageRef("https://id-live-02.slatic.net/p/already.jpg")
    await h.adapter.create_listing(draft("TNN-1", (ImageRef("a.jpg"), url, hosted)))
    await h.adapter.create_listing(draft("TNN-2", (ImageRef("copy-of-a.jpg"), url)))
    fake = fake_of(h)
    assert fake.calls_to("/image/upload") == 1
    assert fake.calls_to("/image/migrate") == 1
    listing = (await h.adapter.find_by_sku(["TNN-1"]))["TNN-1"]
    assert listing.url and listing.url.startswith("https://www.lazada.co.id/")


async def test_a_draft_lazada_would_refuse_is_rejected_before_any_call(h: Harness) -> None:
    before = len(h.fake.requests)
    bad = draft("TNN-3", (), category_id=None, dimensions_cm=None)
    with pytest.raises(Rejected) as caught:
        await h.adapter.create_listing(bad)
    assert "category_id" in caught.value.message and "dimensions" in caught.value.message
    assert len(h.fake.requests) == before


async def test_a_duplicate_seller_sku_is_rejected_with_lazadas_message(h: Harness) -> None:
    fake_of(h).seed_listing("Tenun lama", [("TNN-4", 300_000, 1)])
    with pytest.raises(Rejected, match="SELLER_SKU_DUPLICATE"):
        await h.adapter.create_listing(
            draft("TNN-4", (ImageRef("https://id-live-02.slatic.net/p/x.jpg"),))
        )


async def test_seller_sku_is_immutable_on_update(h: Harness) -> None:
    fake = fake_of(h)
    item_id = fake.seed_listing("Anyaman Rotan", [("ROT-1", 75_000, 3)])
    sku_id = fake.sku_view("ROT-1").remote_sku_id  # type: ignore[union-attr]
    payload = {
        "Request": {
            "Product": {"ItemId": item_id, "Skus": {"Sku": [{"SkuId": sku_id, "SellerSku": "X"}]}}
        }
    }
    answer = await call(h, "POST", "/product/update", {"payload": json.dumps(payload)})
    assert answer["code"] != "0" and "SellerSku" in answer["message"]


async def test_the_fake_survives_a_save_and_load(h: Harness, tmp_path: Path) -> None:
    fake = fake_of(h)
    fake.seed_listing("Kain Songket", [("SGK-1", 900_000, 4)])
    order_id = fake.place_order([FakeLine("SGK-1", 1)])
    fake.save(tmp_path / "lazada.json")
    again = LazadaFake(clock=h.clock)
    again.load(tmp_path / "lazada.json")
    assert again.order_ids() == [order_id]
    assert again.sku_view("SGK-1") == fake.sku_view("SGK-1")
    assert again.current_refresh == fake.current_refresh
