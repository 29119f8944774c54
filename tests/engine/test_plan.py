"""The sync decision as a table: (catalog, stock, state, remote listings) -> actions, warnings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from engine_factories import ALL, catalog, channel, product, remote

from coopsync.adapters import Capability, ListingRules
from coopsync.catalog import Catalog, Product
from coopsync.engine.plan import ChannelInput, Plan, PlanOptions, plan
from coopsync.engine.targets import ChannelStockRules


def outline(result: Plan) -> set[str]:
    """The plan as short lines a reader can check at a glance."""
    lines: set[str] = set()
    for name, cp in result.channels.items():
        lines |= {f"{name} create {c.product_id}" for c in cp.creates}
        lines |= {f"{name} adopt {a.sku}@{a.remote_id}" for a in cp.adopts}
        lines |= {f"{name} update {u.product_id}" for u in cp.updates}
        lines |= {
            f"{name} stock {s.sku} {s.stock}" + (" delist" if s.delist else "") for s in cp.stock
        }
        lines |= {f"{name} price {p.sku} {p.price}" for p in cp.prices}
        lines |= {f"{name} warn {w.kind} {w.sku}" for w in cp.warnings}
    return lines


@dataclass
class Case:
    id: str
    catalog: Catalog
    channels: Sequence[ChannelInput]
    expected: set[str]
    available: Mapping[str, int] = field(default_factory=dict)
    options: PlanOptions = field(default_factory=PlanOptions)


A = product("A", price=10_000, stock=5)
B = product("B", price=20_000, stock=2)


def managed(shows: tuple[int, int] = (10_000, 5), **more: Any) -> ChannelInput:
    """Shopee, where coopsync listed A as listing r1 and last pushed 5 units at Rp10.000; the
    listing shows `shows` (price, stock) now."""
    price, stock = shows
    return channel(
        remote_listings=[remote("r1", [("A", price, stock)])],
        links={"A": "r1"},
        pushed={"A": (5, 10_000)},
        **more,
    )


CASES = [
    Case("new product is created", catalog(A), [channel()], {"shopee create A"}),
    Case(
        "listing already selling the SKU is adopted, then brought in line",
        catalog(A),
        [channel(remote_listings=[remote("r1", [("A", 9_000, 1)])])],
        {"shopee adopt A@r1", "shopee stock A 5", "shopee price A 10000"},
    ),
    Case(
        "a channel already in line gets nothing",
        catalog(A),
        [managed()],
        set(),
    ),
    Case(
        "sales lower the target: only stock is sent",
        catalog(A),
        [managed(shows=(10_000, 4))],
        {"shopee stock A 3"},
        available={"A": 3},
    ),
    Case(
        "a channel showing fewer units than pushed is explained by its own sales",
        catalog(A),
        [managed(shows=(10_000, 4))],
        set(),
        available={"A": 4},
    ),
    Case(
        "more units than pushed is drift; the catalog wins",
        catalog(A),
        [managed(shows=(10_000, 50))],
        {"shopee warn stock_drift A", "shopee stock A 5"},
    ),
    Case(
        "with keep_drift the drifted value is reported and left alone",
        catalog(A),
        [managed(shows=(12_000, 50))],
        {"shopee warn stock_drift A", "shopee warn price_drift A"},
        options=PlanOptions(keep_drift=True),
    ),
    Case(
        "a price changed in the seller centre is drift; the catalog wins",
        catalog(A),
        [managed(shows=(12_000, 5))],
        {"shopee warn price_drift A", "shopee price A 10000"},
    ),
    Case(
        "price rules: 5% markup, +1000, rounded up to Rp500",
        catalog(A),
        [managed(price={"markup_percent": 5, "add": 1000, "round_to": 500})],
        {"shopee price A 11500"},
    ),
    Case(
        "a channel price override is used as is",
        catalog(product("A", channels={"shopee": {"price": 12_345}})),
        [channel(remote_listings=[remote("r1", [("A", 10_000, 5)])], links={"A": "r1"})],
        {"shopee price A 12345"},
    ),
    Case(
        "a price outside the platform's range is reported, never pushed",
        catalog(A),
        [
            channel(
                remote_listings=[remote("r1", [("A", 5_000, 5)])],
                links={"A": "r1"},
                limits=ListingRules(price_max=9_000),
            )
        ],
        {"shopee warn price_out_of_range A"},
    ),
    Case(
        "a product whose price is out of range is not created",
        catalog(A),
        [channel(limits=ListingRules(price_min=50_000))],
        {"shopee warn price_out_of_range A"},
    ),
    Case(
        "listings with SKUs outside the catalog are reported and left alone",
        catalog(A),
        [
            channel(
                remote_listings=[
                    remote("r1", [("A", 10_000, 5)]),
                    remote("r2", [("OLD-1", 1_000, 9)]),
                ],
                links={"A": "r1"},
                pushed={"A": (5, 10_000)},
            )
        ],
        {"shopee warn unmatched OLD-1"},
    ),
    Case(
        "a SKU coopsync listed that left the catalog is shown as sold out",
        catalog(A),
        [
            channel(
                remote_listings=[remote("r1", [("A", 10_000, 5)]), remote("r2", [("B", 1, 2)])],
                links={"A": "r1", "B": "r2"},
                pushed={"A": (5, 10_000), "B": (2, 1)},
            )
        ],
        {"shopee stock B 0 delist"},
    ),
    Case(
        "a product listed on other channels only is not created here",
        catalog(product("A", channels=["tiktok"])),
        [channel()],
        set(),
    ),
    Case(
        "a channel that cannot create listings reports the SKU missing",
        catalog(A),
        [channel(capabilities=ALL & ~Capability.LISTING_CREATE)],
        {"shopee warn missing A"},
    ),
    Case(
        "a SKU sold by two listings stays with the one coopsync manages",
        catalog(A),
        [
            channel(
                remote_listings=[
                    remote("dup", [("A", 10_000, 1)]),
                    remote("r1", [("A", 10_000, 5)]),
                ],
                links={"A": "r1"},
                pushed={"A": (5, 10_000)},
            )
        ],
        set(),
    ),
    Case(
        "a listing that moved is adopted again; the old pushed values are not drift",
        catalog(A),
        [
            channel(
                remote_listings=[remote("r2", [("A", 10_000, 50)])],
                links={"A": "r1"},
                pushed={"A": (5, 10_000)},
            )
        ],
        {"shopee adopt A@r2", "shopee stock A 5"},
    ),
    Case(
        "listings not read: compare with what was last pushed",
        catalog(A),
        [channel(remote_listings=None, links={"A": "r1"}, pushed={"A": (5, 9_000)})],
        {"shopee price A 10000", "shopee warn listings_unknown None"},
    ),
    Case(
        "a renamed product updates the listing",
        catalog(A),
        [
            channel(
                remote_listings=[remote("r1", [("A", 10_000, 5)], title="Nama lama")],
                links={"A": "r1"},
                pushed={"A": (5, 10_000)},
            )
        ],
        {"shopee update A"},
    ),
    Case(
        "a catalog change since coopsync last sent the listing updates it",
        catalog(A),
        [managed(hashes={"A": "before-the-new-description"})],
        {"shopee update A"},
    ),
    Case(
        "an adopted listing keeps its own text until the catalog changes",
        catalog(A),
        [managed()],
        set(),
    ),
    Case(
        "buffer, percent and max apply per channel",
        catalog(A),
        [
            channel("shopee", stock={"buffer": 2, "percent": 50}),
            channel("tiktok", stock={"max": 4}),
        ],
        {"shopee create A", "tiktok create A"},
        available={"A": 10},
    ),
    Case(
        "the last units go to the preferred channel only",
        catalog(A),
        [
            managed(preferred=True),
            channel(
                "tiktok",
                remote_listings=[remote("t1", [("A", 10_000, 5)])],
                links={"A": "t1"},
                pushed={"A": (5, 10_000)},
            ),
        ],
        {"shopee stock A 2", "tiktok stock A 0"},
        available={"A": 2},
    ),
]


def test_a_channel_synced_alone_leaves_the_last_units_to_the_preferred_one() -> None:
    shopee = channel("shopee", preferred=True)
    options = PlanOptions(
        bystanders=(ChannelStockRules("shopee", shopee.settings.stock, ListingRules(), True),)
    )
    tiktok = channel(
        "tiktok",
        remote_listings=[remote("t1", [("A", 10_000, 5)])],
        links={"A": "t1"},
        pushed={"A": (5, 10_000)},
    )
    assert outline(plan(catalog(A), {"A": 2}, [tiktok], options)) == {"tiktok stock A 0"}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_plan(case: Case) -> None:
    result = plan(case.catalog, case.available, case.channels, case.options)
    assert outline(result) == case.expected


def test_created_listing_carries_channel_prices_and_targets() -> None:
    result = plan(
        catalog(A),
        {"A": 10},
        [channel(stock={"buffer": 2, "percent": 50}, price={"markup_percent": 10})],
    )
    (create,) = result.channels["shopee"].creates
    (variant,) = create.draft.variants
    assert (variant.sku, variant.price, variant.stock) == ("A", 11_000, 4)


def test_variant_missing_from_an_existing_listing_is_reported() -> None:
    shirt = Product.model_validate(
        {
            "title": "Kaos Batik",
            "variants": [
                {"sku": "KAOS-M", "price": 50_000, "stock": 3, "options": {"Ukuran": "M"}},
                {"sku": "KAOS-L", "price": 50_000, "stock": 3, "options": {"Ukuran": "L"}},
            ],
        }
    )
    result = plan(
        catalog(shirt),
        {},
        [
            channel(
                remote_listings=[remote("r1", [("KAOS-M", 50_000, 3)], title=shirt.title)],
                links={"KAOS-M": "r1"},
                pushed={"KAOS-M": (3, 50_000)},
            )
        ],
    )
    assert outline(result) == {"shopee warn missing KAOS-L"}


def test_plan_as_json_names_every_change() -> None:
    result = plan(catalog(A, B), {"A": 1}, [channel(remote_listings=[remote("r", [("A", 1, 9)])])])
    data = result.to_dict()["channels"]["shopee"]
    assert data["counts"]["create"] == 1
    assert {"sku": "A", "from": 9, "to": 1, "delist": False} in data["stock"]
