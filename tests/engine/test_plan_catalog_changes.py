"""The plan's catalog-change actions: add variant, rename, retire, relist, and their guards."""

from __future__ import annotations

from dataclasses import replace

from engine_factories import ALL, catalog, channel, product, remote

from coopsync.adapters import Capability, ListingStatus
from coopsync.catalog import Product
from coopsync.engine.actions import WarningKind
from coopsync.engine.plan import PlanOptions, plan
from coopsync.engine.safety import check

CHANGES = ALL | Capability.VARIANT_ADD | Capability.SKU_RENAME | Capability.LISTING_UNLIST


def shirt(*sizes: str, **fields: object) -> Product:
    return Product.model_validate(
        {
            "id": "KMJ",
            "title": "Produk KMJ",
            "variants": [
                {"sku": f"KMJ-{s}", "price": 50_000, "stock": 4, "options": {"Ukuran": s}}
                for s in sizes
            ],
            **fields,
        }
    )


def live_shirt(*sizes: str) -> tuple[list[object], dict[str, str], dict[str, tuple[int, int]]]:
    listing = remote("R1", [(f"KMJ-{s}", 50_000, 4) for s in sizes], title="Produk KMJ")
    links = {f"KMJ-{s}": "R1" for s in sizes}
    pushed = {f"KMJ-{s}": (4, 50_000) for s in sizes}
    return [listing], links, pushed


def test_a_new_variant_joins_the_live_listing_with_price_and_stock() -> None:
    listings, links, pushed = live_shirt("S", "M")
    ch = channel(remote_listings=listings, links=links, pushed=pushed, capabilities=CHANGES)
    cp = plan(catalog(shirt("S", "M", "L")), {}, [ch]).channels["shopee"]
    assert cp.counts()["add_variant"] == 1 and not cp.creates
    (addition,) = cp.additions
    assert addition.new_skus == ("KMJ-L",)
    assert addition.remote.remote_id == "R1"
    drafted = {v.sku: (v.price, v.stock, dict(v.options)) for v in addition.draft.variants}
    assert drafted == {
        "KMJ-S": (50_000, 4, {"Ukuran": "S"}),
        "KMJ-M": (50_000, 4, {"Ukuran": "M"}),
        "KMJ-L": (50_000, 4, {"Ukuran": "L"}),
    }


def test_a_platform_that_cannot_add_variants_says_what_to_do() -> None:
    listings, links, pushed = live_shirt("S", "M")
    ch = channel(remote_listings=listings, links=links, pushed=pushed)
    cp = plan(catalog(shirt("S", "M", "L")), {}, [ch]).channels["shopee"]
    assert not cp.additions and not cp.creates
    (warning,) = [w for w in cp.warnings if w.kind is WarningKind.MISSING]
    assert warning.sku == "KMJ-L" and warning.hint and "seller centre" in warning.hint


def test_a_renamed_sku_is_changed_in_place_where_the_platform_can() -> None:
    listing = remote("R9", [("TAS-1", 30_000, 5)], title="Produk TAS-01")
    tas = product("TAS-01", price=30_000, formerly=["TAS-1"])
    ch = channel(
        remote_listings=[listing],
        links={"TAS-01": "R9"},
        pushed={"TAS-01": (5, 30_000)},
        capabilities=CHANGES,
    )
    ch = replace(ch, links={"TAS-01": replace(ch.links["TAS-01"], remote_sku_id="R9-TAS-1")})
    ch = replace(ch, renames={"TAS-1": "TAS-01"})
    cp = plan(catalog(tas), {}, [ch]).channels["shopee"]
    assert [dict(r.renames) for r in cp.renames] == [{"TAS-1": "TAS-01"}]
    assert cp.counts()["rename"] == 1
    assert not cp.creates and not cp.adopts and not cp.stock
    assert not [w for w in cp.warnings if w.kind is WarningKind.UNMATCHED]


def test_where_a_sku_cannot_change_the_old_one_stays_mapped_and_the_plan_says_so() -> None:
    listing = remote("R9", [("TAS-1", 30_000, 5)], title="Produk TAS-01")
    ch = channel(remote_listings=[listing], links={"TAS-01": "R9"}, pushed={"TAS-01": (5, 0)})
    ch = replace(ch, links={"TAS-01": replace(ch.links["TAS-01"], remote_sku_id="R9-TAS-1")})
    ch = replace(ch, renames={"TAS-1": "TAS-01"})
    cp = plan(catalog(product("TAS-01", price=30_000, stock=3)), {}, [ch]).channels["shopee"]
    assert not cp.renames
    assert [w.params for w in cp.warnings if w.kind is WarningKind.SKU_KEPT] == [
        {"sku": "TAS-01", "old": "TAS-1"}
    ]
    # Stock goes out under the seller SKU the channel knows.
    assert [(s.sku, s.channel_sku, s.stock) for s in cp.stock] == [("TAS-01", "TAS-1", 3)]


def test_a_create_that_looks_like_a_rename_is_held_back_with_a_question() -> None:
    listing = remote("R9", [("TAS-1", 30_000, 5)], title="Produk TAS-01")
    ch = channel(
        remote_listings=[listing],
        links={"TAS-1": "R9"},
        pushed={"TAS-1": (5, 30_000)},
        capabilities=CHANGES,
    )
    cp = plan(catalog(product("TAS-01", price=30_000)), {}, [ch]).channels["shopee"]
    assert not cp.creates
    (question,) = [w for w in cp.warnings if w.kind is WarningKind.RENAME_QUESTION]
    assert question.params == {"sku": "TAS-01", "old": "TAS-1"}
    assert question.hint and "formerly: [TAS-1]" in question.hint
    # A different price is a different product: created.
    cp = plan(catalog(product("TAS-01", price=31_000)), {}, [ch]).channels["shopee"]
    assert [c.product_id for c in cp.creates] == ["TAS-01"]


def test_a_retired_product_sells_its_last_units_then_is_taken_down() -> None:
    listing = remote("R5", [("DOMPET", 45_000, 3)])
    ch = channel(
        remote_listings=[listing],
        links={"DOMPET": "R5"},
        pushed={"DOMPET": (3, 45_000)},
        capabilities=CHANGES,
    )
    retired = catalog(product("DOMPET", price=45_000, stock=3, status="retired"))
    cp = plan(retired, {"DOMPET": 3}, [ch]).channels["shopee"]
    assert not cp.unlists
    assert [w.code for w in cp.warnings] == ["sync.retire_after_sold"]
    cp = plan(retired, {"DOMPET": 0}, [ch]).channels["shopee"]
    assert [u.skus for u in cp.unlists] == [("DOMPET",)] and cp.counts()["retire"] == 1
    # `coopsync retire DOMPET --now`: down at once, units left or not.
    now = PlanOptions(retire_now=frozenset({"DOMPET"}))
    cp = plan(retired, {"DOMPET": 3}, [ch], now).channels["shopee"]
    assert [u.skus for u in cp.unlists] == [("DOMPET",)]
    assert [(s.sku, s.stock, s.delist) for s in cp.stock] == [("DOMPET", 0, True)]


def test_a_retired_product_is_never_created() -> None:
    ch = channel(capabilities=CHANGES)
    cp = plan(catalog(product("DOMPET", status="retired")), {}, [ch]).channels["shopee"]
    assert not cp.creates and cp.is_empty


def test_a_retired_variant_in_a_listing_that_stays_shows_stock_0_and_the_plan_says_so() -> None:
    listings, links, pushed = live_shirt("S", "M")
    shirts = shirt("S", "M")
    shirts = shirts.model_copy(
        update={
            "variants": [
                shirts.variants[0],
                shirts.variants[1].model_copy(update={"status": "retired"}),
            ]
        }
    )
    ch = channel(remote_listings=listings, links=links, pushed=pushed, capabilities=CHANGES)
    now = PlanOptions(retire_now=frozenset({"KMJ-M"}))
    cp = plan(catalog(shirts), {"KMJ-S": 4, "KMJ-M": 4}, [ch], now).channels["shopee"]
    assert not cp.unlists
    assert [(s.sku, s.stock) for s in cp.stock] == [("KMJ-M", 0)]
    assert [w.code for w in cp.warnings if w.kind is WarningKind.RETIRED] == [
        "sync.retired_variant"
    ]


def test_a_product_brought_back_is_relisted_only_where_coopsync_took_it_down() -> None:
    listing = replace(remote("R5", [("DOMPET", 45_000, 0)]), status=ListingStatus.INACTIVE)
    ch = channel(
        remote_listings=[listing],
        links={"DOMPET": "R5"},
        pushed={"DOMPET": (0, 45_000)},
        capabilities=CHANGES,
    )
    back = catalog(product("DOMPET", price=45_000, stock=6))
    assert not plan(back, {"DOMPET": 6}, [ch]).channels["shopee"].relists  # not ours
    cp = plan(back, {"DOMPET": 6}, [replace(ch, unlisted=frozenset({"R5"}))]).channels["shopee"]
    assert [r.skus for r in cp.relists] == [("DOMPET",)] and cp.counts()["relist"] == 1
    assert [(s.sku, s.stock) for s in cp.stock] == [("DOMPET", 6)]


def test_retiring_most_of_a_shop_at_once_is_refused_without_force() -> None:
    skus = [f"P{i}" for i in range(4)]
    listings = [remote(f"R{i}", [(sku, 10_000, 0)]) for i, sku in enumerate(skus)]
    ch = channel(
        remote_listings=listings,
        links={sku: f"R{i}" for i, sku in enumerate(skus)},
        pushed={sku: (0, 10_000) for sku in skus},
        capabilities=CHANGES,
    )
    retired = catalog(*[product(sku, stock=0, status="retired") for sku in skus])
    the_plan = plan(retired, {sku: 0 for sku in skus}, [ch])
    assert the_plan.channels["shopee"].counts()["retire"] == 4
    (refusal,) = check(the_plan, [ch])
    assert refusal.code == "sync.refused_delist" and refusal.params["n"] == 4
    one = catalog(product("P0", stock=0, status="retired"), *[product(s) for s in skus[1:]])
    assert check(plan(one, {"P0": 0}, [ch]), [ch]) == []
