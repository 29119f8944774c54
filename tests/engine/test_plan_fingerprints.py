"""The plan works a product's content fingerprint out once a run and shares it between the
channels the product has no override for; a channel with an override compares its own."""

from __future__ import annotations

from engine_factories import catalog, channel, product, remote

from coopsync.catalog import Product
from coopsync.engine.drafts import Fingerprints, build_draft, content_hash
from coopsync.engine.plan import ChannelInput, PlanOptions, plan

SHOP = catalog()  # for base_dir only
A = product("A", channels={"tiktok": {"description": "Khusus TikTok"}})


def sent(item: Product, name: str) -> str:
    """The fingerprint of what coopsync sent `name` for `item` (prices and stock aside)."""
    variants = list(item.variants)
    draft = build_draft(
        item, variants, name, prices={"A": 1}, stock={"A": 1}, base_dir=SHOP.base_dir
    )
    return content_hash(draft)


def linked(name: str, fingerprint: str | None) -> ChannelInput:
    return channel(
        name,
        remote_listings=[remote(f"{name}-1", [("A", 10_000, 5)])],
        links={"A": f"{name}-1"},
        pushed={"A": (5, 10_000)},
        hashes={"A": fingerprint} if fingerprint else None,
    )


def updated(channels: list[ChannelInput]) -> dict[str, list[str]]:
    result = plan(catalog(A), {"A": 5}, channels, PlanOptions())
    return {n: [u.draft.product_id for u in p.updates] for n, p in result.channels.items()}


def test_the_overriding_channel_is_compared_with_its_own_content() -> None:
    assert sent(A, "tiktok") != sent(A, "shopee")
    channels = [linked(n, sent(A, n)) for n in ("shopee", "lazada", "tiktok")]
    assert updated(channels) == {"shopee": [], "lazada": [], "tiktok": []}


def test_a_new_override_updates_that_channel_only() -> None:
    # TikTok was last sent the shared content; the override is new since.
    channels = [linked(n, sent(A, "shopee")) for n in ("shopee", "tiktok", "lazada")]
    assert updated(channels) == {"shopee": [], "tiktok": ["A"], "lazada": []}


def test_an_update_carries_the_channel_priced_and_stocked_draft() -> None:
    (update,) = (
        plan(catalog(A), {"A": 3}, [linked("tiktok", sent(A, "shopee"))]).channels["tiktok"].updates
    )
    assert update.draft.description == "Khusus TikTok"
    assert [(v.sku, v.price, v.stock) for v in update.draft.variants] == [("A", 10_000, 3)]


def test_adopts_record_each_channels_own_fingerprint() -> None:
    channels = [
        channel(n, remote_listings=[remote(f"{n}-1", [("A", 10_000, 5)])])
        for n in ("shopee", "tiktok", "lazada")
    ]
    result = plan(catalog(A), {"A": 5}, channels, PlanOptions())
    adopted = {n: [a.content_hash for a in p.adopts] for n, p in result.channels.items()}
    assert adopted == {n: [sent(A, n)] for n in ("shopee", "tiktok", "lazada")}


SHIRT = Product.model_validate(
    {
        "title": "Kaos Batik",
        "description": "Katun, cap tangan",
        "brand": "Sekar",
        "images": ["foto/kaos.jpg", "https://cdn.example/kaos-2.jpg"],
        "attributes": {"Bahan": "Katun", "Asal": "Solo"},
        "weight_g": 250,
        "dimensions": {"length_cm": 30, "width_cm": 20, "height_cm": 3},
        "variants": [
            {"sku": "KAOS-M", "price": 50_000, "stock": 3, "options": {"Ukuran": "M"}},
            {
                "sku": "KAOS-L",
                "price": 55_000,
                "stock": 1,
                "options": {"Ukuran": "L"},
                "weight_g": 300,
                "images": ["foto/kaos-l.jpg"],
            },
        ],
        "channels": {
            "shopee": {"category_id": "100017", "extra": {"days_to_ship": 3}},
            "tiktok": {"title": "Kaos Batik Solo", "attributes": {"Bahan": "Katun Primisima"}},
        },
    }
)


def test_fingerprints_match_the_drafts_content_hash() -> None:
    memo = Fingerprints()
    variants = list(SHIRT.variants)
    prices = {"KAOS-M": 50_000, "KAOS-L": 55_000}
    for name in ("shopee", "tiktok", "lazada", "woocommerce", "shopee"):
        for chosen in (variants, variants[1:]):
            draft = build_draft(
                SHIRT, chosen, name, prices=prices, stock=prices, base_dir=SHOP.base_dir
            )
            assert memo.of(SHIRT, chosen, name, SHOP.base_dir) == content_hash(draft)
