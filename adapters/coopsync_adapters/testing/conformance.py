"""The conformance suite every adapter must pass against its fake (rclone's fstests, for shops).

Subclass `AdapterConformance` in a test module and name your fake:

    class TestShopeeConformance(AdapterConformance):
        make_fake = staticmethod(lambda clock: ShopeeFake(clock=clock))
        category_id = "100017"

Tests whose capability the adapter does not declare are skipped (the skip says which). The
catalog-change cases (adding variants, a second option dimension, SKU renames, unlist/relist)
live in `conformance_catalog.py` and run here too. An adapter without token
refresh (API keys that do not expire) sets the class attribute `refreshes_tokens = False`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest

from coopsync.adapters import (
    Capability,
    DraftVariant,
    ImageRef,
    ListingDraft,
    Order,
    OrderStatus,
    Outcome,
    PriceUpdate,
    StockUpdate,
)
from coopsync.errors import AdapterError, AuthExpired, ExitCode
from coopsync.sandbox.marketplace import (
    MALFORMED_FAULTS,
    PNG_1PX,
    TRANSIENT_FAULTS,
    FakeLine,
    FakeMarketplace,
    Fault,
    MutableClock,
)
from coopsync_adapters.testing.conformance_catalog import (
    CatalogChangeConformance,
    collect_listings,
)
from coopsync_adapters.testing.harness import Harness, make_harness


async def collect_orders(h: Harness, since_days: float, until_delta: timedelta) -> list[Order]:
    since = h.clock() - timedelta(days=since_days)
    until = h.clock() + until_delta
    return [order async for order in h.adapter.orders(since, until)]


class AdapterConformance(CatalogChangeConformance):
    """The shared behaviour of every adapter. Subclasses set `make_fake` and listing fields;
    `need` (skip unless the adapter declares a capability) comes with the catalog cases."""

    make_fake: ClassVar[Callable[[MutableClock], FakeMarketplace]]
    category_id: ClassVar[str | None] = None
    attributes: ClassVar[Mapping[str, str]] = {}
    draft_extra: ClassVar[Mapping[str, object]] = {}
    settings_overrides: ClassVar[Mapping[str, Any]] = {}
    # The platform answers a successful update with its bare success envelope (no data): then
    # such an answer to a stock push is a success, not a malformed answer (Lazada).
    updates_answer_without_data: ClassVar[bool] = False

    # ---- fixtures and helpers --------------------------------------------------------------
    @pytest.fixture
    async def harness(self, tmp_path: Path) -> AsyncIterator[Harness]:
        (tmp_path / "batik.png").write_bytes(PNG_1PX)
        h = make_harness(type(self).make_fake, base_dir=tmp_path, **dict(self.settings_overrides))
        yield h
        await h.adapter.aclose()

    def draft(
        self,
        sku: str,
        *,
        variants: int = 1,
        price: int = 25_000,
        stock: int = 10,
        title: str = "Kemeja Batik Tulis Motif Parang Lengan Panjang",
    ) -> ListingDraft:
        sizes = ["S", "M", "L", "XL", "XXL"]
        items: tuple[DraftVariant, ...]
        if variants == 1:
            items = (DraftVariant(sku=sku, price=price, stock=stock, weight_g=300),)
        else:
            items = tuple(
                DraftVariant(
                    sku=f"{sku}-{sizes[i]}",
                    price=price + 1000 * i,
                    stock=stock + i,
                    options={"Ukuran": sizes[i]},
                    weight_g=300,
                )
                for i in range(variants)
            )
        return ListingDraft(
            product_id=sku,
            title=title,
            description="Batik tulis buatan tangan pengrajin difabel, katun primisima, "
            "pewarna alami. Cuci dengan tangan.",
            variants=items,
            images=(ImageRef("batik.png"),),
            category_id=self.category_id,
            attributes=dict(self.attributes),
            weight_g=300,
            dimensions_cm=(30, 20, 3),
            extra=dict(self.draft_extra),
        )

    @staticmethod
    def seed(h: Harness, sku: str, price: int = 30_000, stock: int = 5) -> str:
        return h.fake.seed_listing(
            "Tas Anyaman Pandan Motif Bunga Buatan Tangan", [(sku, price, stock)]
        )

    @staticmethod
    def assert_no_secret(h: Harness, text: str) -> None:
        for secret in h.settings.secret_values():
            assert secret not in text, "a secret leaked into an error message"

    # ---- listings --------------------------------------------------------------------------
    async def test_create_then_list(self, harness: Harness) -> None:
        self.need(harness, Capability.LISTING_CREATE | Capability.LISTINGS_PULL)
        created = await harness.adapter.create_listing(self.draft("CONF-001", stock=7))
        assert created.remote_id
        assert created.sku_map()["CONF-001"].stock == 7
        listed = {s.sku: s for listing in await collect_listings(harness) for s in listing.skus}
        assert listed["CONF-001"].price == 25_000
        assert listed["CONF-001"].stock == 7
        view = harness.fake.sku_view("CONF-001")
        assert view is not None and (view.price, view.stock) == (25_000, 7)

    async def test_adopt_existing_listing_by_sku(self, harness: Harness) -> None:
        self.need(harness, Capability.LISTINGS_PULL)
        remote_id = self.seed(harness, "ADOPT-1")
        found = await harness.adapter.find_by_sku(["ADOPT-1", "NOT-ON-CHANNEL"])
        assert set(found) == {"ADOPT-1"}
        assert found["ADOPT-1"].remote_id == remote_id
        assert found["ADOPT-1"].sku_map()["ADOPT-1"].price == 30_000

    async def test_variants_are_one_listing(self, harness: Harness) -> None:
        self.need(harness, Capability.LISTING_CREATE | Capability.VARIANTS)
        created = await harness.adapter.create_listing(self.draft("VAR", variants=3))
        assert {s.sku: (s.price, s.stock) for s in created.skus} == {
            "VAR-S": (25_000, 10),
            "VAR-M": (26_000, 11),
            "VAR-L": (27_000, 12),
        }
        found = await harness.adapter.find_by_sku(["VAR-S", "VAR-L"])
        assert {listing.remote_id for listing in found.values()} == {created.remote_id}
        view = harness.fake.sku_view("VAR-M")
        assert view is not None and view.options.get("Ukuran") == "M"

    async def test_update_listing_changes_title_not_stock(self, harness: Harness) -> None:
        self.need(harness, Capability.LISTING_CREATE | Capability.LISTING_UPDATE)
        created = await harness.adapter.create_listing(self.draft("UPD-1", stock=4))
        new_title = "Kemeja Batik Tulis Motif Kawung Lengan Pendek Pria"
        await harness.adapter.update_listing(
            created, self.draft("UPD-1", stock=99, title=new_title)
        )
        view = harness.fake.sku_view("UPD-1")
        assert view is not None
        assert view.title == new_title
        assert view.stock == 4

    async def test_same_image_uploaded_once(self, harness: Harness) -> None:
        self.need(harness, Capability.LISTING_CREATE | Capability.IMAGE_UPLOAD)
        await harness.adapter.create_listing(self.draft("IMG-1"))
        before = len(harness.fake.requests)
        await harness.adapter.create_listing(self.draft("IMG-2"))
        uploads = [r for r in harness.fake.requests[before:] if "image" in r.path.lower()]
        assert uploads == [], "the same image was uploaded twice"

    # ---- stock and prices ------------------------------------------------------------------
    async def test_push_stock_and_read_back(self, harness: Harness) -> None:
        self.need(harness, Capability.STOCK_PUSH | Capability.LISTINGS_PULL)
        self.seed(harness, "STK-1", stock=5)
        self.seed(harness, "STK-2", stock=5)
        found = await harness.adapter.find_by_sku(["STK-1", "STK-2"])
        updates = [
            StockUpdate(sku, found[sku].remote_id, found[sku].sku_map()[sku].remote_sku_id, stock)
            for sku, stock in (("STK-1", 12), ("STK-2", 0))
        ]
        results = await harness.adapter.push_stock(updates)
        assert [(r.sku, r.outcome) for r in results] == [
            ("STK-1", Outcome.OK),
            ("STK-2", Outcome.OK),
        ]
        for sku, stock in (("STK-1", 12), ("STK-2", 0)):
            view = harness.fake.sku_view(sku)
            assert view is not None and view.stock == stock
        listed = {s.sku: s for listing in await collect_listings(harness) for s in listing.skus}
        assert listed["STK-1"].stock == 12

    async def test_push_prices_and_read_back(self, harness: Harness) -> None:
        self.need(harness, Capability.PRICE_PUSH | Capability.LISTINGS_PULL)
        self.seed(harness, "PRC-1", price=30_000)
        found = await harness.adapter.find_by_sku(["PRC-1"])
        remote = found["PRC-1"]
        results = await harness.adapter.push_prices(
            [
                PriceUpdate(
                    "PRC-1", remote.remote_id, remote.sku_map()["PRC-1"].remote_sku_id, 35_500
                )
            ]
        )
        assert [r.outcome for r in results] == [Outcome.OK]
        view = harness.fake.sku_view("PRC-1")
        assert view is not None and view.price == 35_500

    async def test_batch_with_rejected_items_applies_the_rest(self, harness: Harness) -> None:
        self.need(harness, Capability.STOCK_PUSH | Capability.LISTINGS_PULL)
        skus = [f"BAT-{i}" for i in range(4)]
        for sku in skus:
            self.seed(harness, sku, stock=5)
        harness.fake.reject_sku("BAT-1", "stock value is not allowed")
        found = await harness.adapter.find_by_sku(skus)
        updates = [
            StockUpdate(s, found[s].remote_id, found[s].sku_map()[s].remote_sku_id, 20 + i)
            for i, s in enumerate(skus)
        ]
        results = await harness.adapter.push_stock(updates)
        assert [r.sku for r in results] == skus
        assert [r.outcome for r in results] == [
            Outcome.OK,
            Outcome.REJECTED,
            Outcome.OK,
            Outcome.OK,
        ]
        assert results[1].message, "a rejected item must carry the platform's message"
        stocks = {s: harness.fake.sku_view(s) for s in skus}
        assert {s: v.stock for s, v in stocks.items() if v} == {
            "BAT-0": 20,
            "BAT-1": 5,
            "BAT-2": 22,
            "BAT-3": 23,
        }

    async def test_price_batch_with_rejected_item_applies_the_rest(self, harness: Harness) -> None:
        self.need(harness, Capability.PRICE_PUSH | Capability.LISTINGS_PULL)
        skus = ["PB-0", "PB-1", "PB-2"]
        for sku in skus:
            self.seed(harness, sku, price=30_000)
        harness.fake.reject_sku("PB-2", "price is not allowed")
        found = await harness.adapter.find_by_sku(skus)
        updates = [
            PriceUpdate(s, found[s].remote_id, found[s].sku_map()[s].remote_sku_id, 40_000)
            for s in skus
        ]
        results = await harness.adapter.push_prices(updates)
        assert [r.outcome for r in results] == [Outcome.OK, Outcome.OK, Outcome.REJECTED]
        view0, view2 = harness.fake.sku_view("PB-0"), harness.fake.sku_view("PB-2")
        assert view0 is not None and view0.price == 40_000
        assert view2 is not None and view2.price == 30_000

    # ---- orders ----------------------------------------------------------------------------
    def _place_history(self, h: Harness, count: int, days: int) -> list[str]:
        self.seed(h, "ORD-A", stock=100_000)
        self.seed(h, "ORD-B", stock=100_000)
        start = h.clock() - timedelta(days=days)
        step = timedelta(days=days) / count
        ids = []
        for i in range(count):
            lines = [FakeLine("ORD-A", 1 + i % 3)]
            if i % 4 == 0:
                lines.append(FakeLine("ORD-B", 2))
            ids.append(h.fake.place_order(lines, at=start + step * i))
        return ids

    async def test_orders_across_pages_and_windows(self, harness: Harness) -> None:
        self.need(harness, Capability.ORDERS_PULL)
        ids = self._place_history(harness, count=240, days=40)
        orders = await collect_orders(harness, since_days=41, until_delta=timedelta(seconds=1))
        pulled = [o.order_id for o in orders]
        assert len(pulled) == len(set(pulled)), "an order was yielded twice in one pull"
        assert set(pulled) == set(ids), "orders were missed"
        by_id = {o.order_id: o for o in orders}
        for i, order_id in enumerate(ids):
            quantities: dict[str, int] = {}
            for line in by_id[order_id].lines:  # some platforms list one line per unit
                quantities[line.sku] = quantities.get(line.sku, 0) + line.quantity
            expected = {"ORD-A": 1 + i % 3} | ({"ORD-B": 2} if i % 4 == 0 else {})
            assert quantities == expected
        sample = by_id[ids[0]]
        assert sample.created_at.tzinfo is not None
        assert sample.status is OrderStatus.TO_SHIP
        assert all(line.list_price > 0 for line in sample.lines)

    async def test_orders_only_in_the_window(self, harness: Harness) -> None:
        self.need(harness, Capability.ORDERS_PULL)
        ids = self._place_history(harness, count=20, days=20)
        orders = await collect_orders(harness, since_days=10, until_delta=timedelta(seconds=1))
        assert {o.order_id for o in orders} == set(ids[10:])

    async def test_order_status_changes_are_normalised(self, harness: Harness) -> None:
        self.need(harness, Capability.ORDERS_PULL)
        self.seed(harness, "ST-1", stock=50)
        placed = harness.fake.place_order([FakeLine("ST-1", 2)], status=OrderStatus.UNPAID)
        cancelled = harness.fake.place_order([FakeLine("ST-1", 1)])
        path = [OrderStatus.TO_SHIP, OrderStatus.SHIPPED, OrderStatus.COMPLETED]
        seen = []
        for status in [OrderStatus.UNPAID, *path]:
            if status is not OrderStatus.UNPAID:
                harness.clock.advance(timedelta(hours=5))
                harness.fake.set_order_status(placed, status)
            harness.clock.advance(timedelta(minutes=1))
            orders = await collect_orders(harness, since_days=1, until_delta=timedelta(0))
            seen.append({o.order_id: o.status for o in orders}[placed])
        assert seen == [OrderStatus.UNPAID, *path]
        harness.fake.set_order_status(cancelled, OrderStatus.CANCELLED)
        harness.clock.advance(timedelta(minutes=1))
        orders = await collect_orders(harness, since_days=1, until_delta=timedelta(0))
        by_id = {o.order_id: o for o in orders}
        assert by_id[cancelled].status is OrderStatus.CANCELLED
        assert all(line.status is OrderStatus.CANCELLED for line in by_id[cancelled].lines)

    async def test_orders_updated_during_the_pull(self, harness: Harness) -> None:
        self.need(harness, Capability.ORDERS_PULL)
        ids = self._place_history(harness, count=150, days=5)
        harness.clock.advance(timedelta(minutes=5))

        def buyers_act_meanwhile() -> None:
            harness.fake.set_order_status(ids[0], OrderStatus.SHIPPED)
            harness.fake.set_order_status(ids[75], OrderStatus.CANCELLED)
            harness.fake.place_order([FakeLine("ORD-A", 1)])

        harness.fake.during_order_pull(buyers_act_meanwhile)
        until = harness.clock()
        first = [o async for o in harness.adapter.orders(until - timedelta(days=6), until)]
        pulled = [o.order_id for o in first]
        assert len(pulled) == len(set(pulled)), "an order was yielded twice in one pull"
        assert set(ids) <= set(pulled), "an order was missed because others changed mid-pull"
        # The next pull, overlapping the last, sees the changes made during the first.
        harness.clock.advance(timedelta(minutes=10))
        later = [
            o async for o in harness.adapter.orders(until - timedelta(minutes=1), harness.clock())
        ]
        statuses = {o.order_id: o.status for o in later}
        assert statuses.get(ids[0]) is OrderStatus.SHIPPED
        assert statuses.get(ids[75]) is OrderStatus.CANCELLED

    # ---- failures --------------------------------------------------------------------------
    @pytest.mark.parametrize("fault", TRANSIENT_FAULTS, ids=str)
    async def test_transient_failures_are_retried(self, harness: Harness, fault: Fault) -> None:
        self.need(harness, Capability.STOCK_PUSH | Capability.LISTINGS_PULL)
        self.seed(harness, "RTY-1", stock=5)
        found = await harness.adapter.find_by_sku(["RTY-1"])
        remote = found["RTY-1"]
        harness.fake.inject(fault, times=2)
        results = await harness.adapter.push_stock(
            [StockUpdate("RTY-1", remote.remote_id, remote.sku_map()["RTY-1"].remote_sku_id, 9)]
        )
        assert [r.outcome for r in results] == [Outcome.OK]
        view = harness.fake.sku_view("RTY-1")
        assert view is not None and view.stock == 9
        assert len(harness.sleeps.waits) >= 2, "retries must back off"
        if fault is Fault.HTTP_429:
            assert 1.0 in harness.sleeps.waits, "Retry-After must be honoured"

    async def test_listing_pull_survives_a_server_error(self, harness: Harness) -> None:
        self.need(harness, Capability.LISTINGS_PULL)
        self.seed(harness, "SRV-1")
        harness.fake.inject(Fault.HTTP_500, times=1)
        listed = {s.sku for listing in await collect_listings(harness) for s in listing.skus}
        assert "SRV-1" in listed

    async def test_expired_access_token_is_refreshed(self, harness: Harness) -> None:
        self.need(harness, Capability.LISTINGS_PULL)
        if not getattr(type(harness.adapter), "refreshes_tokens", True):
            pytest.skip(f"{harness.adapter.platform} uses keys that do not expire")
        self.seed(harness, "TOK-1")
        assert "TOK-1" in await harness.adapter.find_by_sku(["TOK-1"])
        saved_before = len(harness.tokens.history)
        harness.fake.expire_access_token()
        assert "TOK-1" in await harness.adapter.find_by_sku(["TOK-1"])
        assert len(harness.tokens.history) > saved_before, "the new token pair was not saved"
        # A second adapter (the next run) starts from the saved pair and needs no refresh.
        harness.rebuild()
        saved = len(harness.tokens.history)
        assert "TOK-1" in await harness.adapter.find_by_sku(["TOK-1"])
        assert len(harness.tokens.history) == saved

    async def test_token_expiring_by_the_clock_is_refreshed_ahead(self, harness: Harness) -> None:
        self.need(harness, Capability.LISTINGS_PULL)
        if not getattr(type(harness.adapter), "refreshes_tokens", True):
            pytest.skip(f"{harness.adapter.platform} uses keys that do not expire")
        self.seed(harness, "TOK-2")
        harness.fake.expire_access_token()
        assert "TOK-2" in await harness.adapter.find_by_sku(["TOK-2"])
        # Days later, with several refreshes in between, the adapter keeps working.
        for _ in range(3):
            harness.clock.advance(timedelta(hours=5))
            assert "TOK-2" in await harness.adapter.find_by_sku(["TOK-2"])

    async def test_refused_refresh_needs_a_human(self, harness: Harness) -> None:
        self.need(harness, Capability.LISTINGS_PULL)
        self.seed(harness, "DEAD-1")
        harness.fake.expire_access_token()
        harness.fake.revoke_refresh_token()
        with pytest.raises(AuthExpired) as caught:
            await harness.adapter.find_by_sku(["DEAD-1"])
        assert caught.value.needs_human
        assert caught.value.exit_code == ExitCode.NEEDS_HUMAN
        self.assert_no_secret(harness, str(caught.value))

    @pytest.mark.parametrize("fault", MALFORMED_FAULTS, ids=str)
    @pytest.mark.parametrize("operation", ["listings", "orders", "stock"])
    async def test_malformed_answers_become_clear_errors(
        self, harness: Harness, fault: Fault, operation: str
    ) -> None:
        needs = {
            "listings": Capability.LISTINGS_PULL,
            "orders": Capability.ORDERS_PULL,
            "stock": Capability.STOCK_PUSH | Capability.LISTINGS_PULL,
        }[operation]
        self.need(harness, needs)
        bare_success = operation == "stock" and fault is Fault.MISSING_FIELDS
        if bare_success and self.updates_answer_without_data:
            pytest.skip("a bare success envelope is how this platform says an update is done")
        self.seed(harness, "BAD-1", stock=5)
        harness.fake.place_order([FakeLine("BAD-1", 1)])
        found = await harness.adapter.find_by_sku(["BAD-1"]) if operation == "stock" else {}
        harness.fake.inject(fault, times=50)
        try:
            if operation == "listings":
                await collect_listings(harness)
            elif operation == "orders":
                await collect_orders(harness, since_days=2, until_delta=timedelta(seconds=1))
            else:
                remote = found["BAD-1"]
                results = await harness.adapter.push_stock(
                    [
                        StockUpdate(
                            "BAD-1", remote.remote_id, remote.sku_map()["BAD-1"].remote_sku_id, 3
                        )
                    ]
                )
                assert [r.outcome for r in results] != [Outcome.OK]
                assert results[0].message
                self.assert_no_secret(harness, results[0].message)
                return
        except AdapterError as exc:
            assert str(exc)
            self.assert_no_secret(harness, str(exc))
        else:
            pytest.fail(f"a {fault} answer was taken as a success")
        # Once the platform answers properly again, the adapter works again.
        harness.fake.clear_faults()
        assert isinstance(await collect_listings(harness), list)
