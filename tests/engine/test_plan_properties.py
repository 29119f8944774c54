"""Properties of the plan: applying it settles the channels; targets never exceed the shelf."""

from __future__ import annotations

from dataclasses import replace

from engine_factories import catalog, channel
from hypothesis import given, settings
from hypothesis import strategies as st

from coopsync.adapters import ListingStatus, RemoteListing, RemoteSku
from coopsync.catalog import Catalog, Product
from coopsync.engine.actions import Plan
from coopsync.engine.drafts import content_hash
from coopsync.engine.plan import ChannelInput, ListingLink, Pushed, plan

CHANNELS = ("shopee", "tiktok", "lazada")


@st.composite
def shops(draw: st.DrawFn) -> tuple[Catalog, dict[str, int], list[ChannelInput]]:
    """A catalog, available stock, and channels in any state coopsync may find them."""
    products = []
    for p in range(draw(st.integers(1, 5))):
        variants = [
            {
                "sku": f"P{p}-{v}",
                "price": draw(st.integers(1, 300).map(lambda n: n * 500)),
                "stock": draw(st.integers(0, 20)),
                "options": {"Ukuran": str(v)},
            }
            for v in range(draw(st.integers(1, 3)))
        ]
        products.append(Product.model_validate({"title": f"Produk {p}", "variants": variants}))
    cat = catalog(*products)
    skus = cat.skus()
    available = {sku: draw(st.integers(-3, 30)) for sku in skus}
    channels = []
    for name in CHANNELS[: draw(st.integers(1, 3))]:
        remote_listings = []
        links: dict[str, str] = {}
        hashes: dict[str, str | None] = {}
        pushed: dict[str, tuple[int | None, int | None]] = {}
        for product in cat:
            if not draw(st.booleans()):
                continue  # not on this channel yet
            remote_id = f"{name}-{product.product_id}"
            on_remote = [v for v in product.variants if draw(st.booleans())] or product.variants[:1]
            remote_listings.append(
                RemoteListing(
                    remote_id,
                    product.title if draw(st.booleans()) else "judul lama",
                    ListingStatus.ACTIVE,
                    tuple(
                        RemoteSku(
                            v.sku,
                            f"{remote_id}-{v.sku}",
                            draw(st.integers(1, 99)) * 1000,
                            draw(st.integers(0, 40)),
                        )
                        for v in on_remote
                    ),
                )
            )
            for v in on_remote:
                if draw(st.booleans()):
                    links[v.sku] = remote_id
                    hashes[v.sku] = draw(st.sampled_from([None, "stale"]))
                    pushed[v.sku] = (draw(st.integers(0, 40)), draw(st.integers(1, 99)) * 1000)
        made = channel(
            name,
            remote_listings=remote_listings,
            links=links,
            pushed=pushed,
            preferred=draw(st.booleans()),
            stock={
                "buffer": draw(st.integers(0, 3)),
                "percent": draw(st.sampled_from([50, 80, 100])),
                "max": draw(st.sampled_from([None, 5, 25])),
                "min": draw(st.integers(0, 2)),
                "zero_below": draw(st.integers(0, 3)),
            },
            price={
                "markup_percent": draw(st.sampled_from([0, 5, 7.5])),
                "add": draw(st.sampled_from([0, 1000])),
                "round_to": draw(st.sampled_from([1, 100, 500])),
            },
        )
        made = replace(
            made,
            links={s: replace(link, content_hash=hashes[s]) for s, link in made.links.items()},
        )
        channels.append(made)
    return cat, available, channels


def settle(channels: list[ChannelInput], result: Plan) -> list[ChannelInput]:
    """The channels after every action of `result` succeeded (what apply would leave)."""
    out = []
    for ch in channels:
        cp = result.channels[ch.name]
        listings = {r.remote_id: r for r in ch.remote or ()}
        links = dict(ch.links)
        pushed = dict(ch.pushed)
        for create in cp.creates:
            remote_id = f"{ch.name}-new-{create.product_id}"
            listings[remote_id] = RemoteListing(
                remote_id,
                create.draft.title,
                ListingStatus.ACTIVE,
                tuple(
                    RemoteSku(v.sku, f"{remote_id}-{v.sku}", v.price, v.stock)
                    for v in create.draft.variants
                ),
            )
            for v in create.draft.variants:
                links[v.sku] = ListingLink(
                    v.sku, remote_id, f"{remote_id}-{v.sku}", content_hash(create.draft)
                )
                pushed[v.sku] = Pushed(v.stock, v.price)
        for adopt in cp.adopts:
            links[adopt.sku] = ListingLink(
                adopt.sku, adopt.remote_id, adopt.remote_sku_id, adopt.content_hash
            )
            pushed[adopt.sku] = Pushed()
        for update in cp.updates:
            listings[update.remote.remote_id] = replace(
                listings[update.remote.remote_id], title=update.draft.title
            )
            for v in update.draft.variants:
                links[v.sku] = replace(links[v.sku], content_hash=content_hash(update.draft))
        for s in cp.stock:
            listing = listings[s.remote_id]
            listings[s.remote_id] = replace(
                listing,
                skus=tuple(
                    replace(r, stock=s.stock) if r.sku == s.sku else r for r in listing.skus
                ),
            )
            pushed[s.sku] = replace(pushed.get(s.sku, Pushed()), stock=s.stock)
        for p in cp.prices:
            listing = listings[p.remote_id]
            listings[p.remote_id] = replace(
                listing,
                skus=tuple(
                    replace(r, price=p.price) if r.sku == p.sku else r for r in listing.skus
                ),
            )
            pushed[p.sku] = replace(pushed.get(p.sku, Pushed()), price=p.price)
        out.append(replace(ch, remote=list(listings.values()), links=links, pushed=pushed))
    return out


@settings(max_examples=150, deadline=None)
@given(shops())
def test_a_plan_once_applied_leaves_nothing_to_do(
    shop: tuple[Catalog, dict[str, int], list[ChannelInput]],
) -> None:
    cat, available, channels = shop
    first = plan(cat, available, channels)
    second = plan(cat, available, settle(channels, first))
    for name, cp in second.channels.items():
        assert cp.actions() == [], (name, cp.counts())
        assert not [w for w in cp.warnings if "drift" in w.kind]


@settings(max_examples=150, deadline=None)
@given(shops())
def test_no_channel_is_shown_more_than_is_available(
    shop: tuple[Catalog, dict[str, int], list[ChannelInput]],
) -> None:
    cat, available, channels = shop
    result = plan(cat, available, channels)
    for cp in result.channels.values():
        for s in cp.stock:
            assert 0 <= s.stock <= max(0, available.get(s.sku, 0)) or s.delist
        for create in cp.creates:
            for v in create.draft.variants:
                assert 0 <= v.stock <= max(0, available[v.sku])
