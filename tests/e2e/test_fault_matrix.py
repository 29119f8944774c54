"""The fault matrix: every platform x operation x fault, through the fakes' fault injection.

Each case builds a shop on one platform's fake, brings it to where the next sync has exactly
one kind of work (create, update, stock, price) or reads (listings, orders), injects one fault
into the first request of that operation and syncs. The item either completes after retries or
is reported failed with a message; the next run completes it; nothing exists twice. Sleeps move
a test clock (no real waiting).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from e2e_shop import PLATFORMS, Shop, product

from coopsync.errors import ExitCode
from coopsync.platforms import descriptor_for
from coopsync.sandbox.marketplace import FakeLine, Fault

# (method, path regex) of each operation's request, per platform (see each adapter's README).
OPERATIONS: dict[str, dict[str, tuple[str, str]]] = {
    "shopee": {
        "create": ("POST", r"/product/add_item$"),
        "update": ("POST", r"/product/update_item$"),
        "stock": ("POST", r"/product/update_stock$"),
        "price": ("POST", r"/product/update_price$"),
        "listings": ("GET", r"/product/get_item_list$"),
        "orders": ("GET", r"/order/get_order_list$"),
    },
    "lazada": {
        "create": ("POST", r"/product/create$"),
        "update": ("POST", r"/product/update$"),
        "stock": ("POST", r"/product/stock/sellable/update$"),
        "price": ("POST", r"/product/price_quantity/update$"),
        "listings": ("GET", r"/products/get$"),
        "orders": ("GET", r"/orders/get$"),
    },
    "tiktok": {
        "create": ("POST", r"/products$"),
        "update": ("POST", r"/partial_edit$"),
        "stock": ("POST", r"/inventory/update$"),
        "price": ("POST", r"/prices/update$"),
        "listings": ("POST", r"/products/search$"),
        "orders": ("POST", r"/orders/search$"),
    },
    "woocommerce": {
        "create": ("POST", r"/products/batch$"),  # creates go in batches too
        "update": ("PUT", r"/products/\d+$"),
        "stock": ("POST", r"/products/batch$"),
        "price": ("POST", r"/products/batch$"),
        "listings": ("GET", r"/products$"),
        "orders": ("GET", r"/orders$"),
    },
}

# Faults of the wire (the fakes' injection), then of the tokens (a platform that hands out
# refresh tokens only: consumer keys never expire).
TOKEN_FAULTS = ("expired_token", "revoked_refresh_token")
FAULTS = [*(f.value for f in Fault), *TOKEN_FAULTS]


def _hands_out_tokens(platform: str) -> bool:
    return any(c.field == "refresh_token" for c in descriptor_for(platform).credentials)


@dataclass
class Case:
    platform: str
    operation: str
    fault: str


def _shop(root: Path, platform: str) -> Shop:
    return Shop(
        root,
        [product("TAS-1", stock=10), product("TAS-2", price=40_000, stock=5)],
        channel_rules={platform: {}},
    )


def _prepare(shop: Shop, operation: str) -> Callable[[Shop], None]:
    """Make the next sync do `operation`; returns a check of the finished state."""
    platform = next(iter(shop.fakes))
    fake = shop.fakes[platform]
    if operation == "create":
        shop.products.append(product("TAS-3", price=15_000, stock=3))
    elif operation == "update":
        shop.products[0]["title"] = "Tas Anyaman Pandan Buatan Tangan Baru TAS-1"
    elif operation == "stock":
        shop.set_stock("TAS-1", 7)
    elif operation == "price":
        shop.products[0]["price"] = 27_500
    elif operation == "orders":
        fake.place_order([FakeLine("TAS-2", 2)])

    def check(done: Shop) -> None:
        skus = done.skus()
        assert done.listing_count(platform) == len({sku.split("-")[1] for sku in skus})
        for sku in skus:
            view = fake.sku_view(sku)
            assert view is not None, sku
        if operation == "update":
            listing = fake.sku_view("TAS-1")
            assert listing is not None
        expected_stock = {"TAS-1": 7 if operation == "stock" else 10}
        if operation == "orders":
            expected_stock["TAS-2"] = 3
        for sku, stock in expected_stock.items():
            assert done.shown(platform, sku) is not None
            assert done.shown(platform, sku)[0] == stock, (sku, done.shown(platform, sku))  # type: ignore[index]
        if operation == "price":
            assert done.shown(platform, "TAS-1")[1] == 27_500  # type: ignore[index]
        orders = done.store.dump()["orders"]
        assert len(orders) == len({o["order_id"] for o in orders}) == len(fake.order_ids())

    return check


def _inject(shop: Shop, platform: str, operation: str, fault: str) -> None:
    fake = shop.fakes[platform]
    method, pattern = OPERATIONS[platform][operation]
    if fault == "expired_token":
        fake.expire_access_token()
    elif fault == "revoked_refresh_token":
        fake.expire_access_token()
        fake.revoke_refresh_token()
    else:
        fake.inject(Fault(fault), times=1, method=method, pattern=pattern)


CASES = [
    pytest.param(p, o, f, id=f"{p}-{o}-{f}")
    for p in OPERATIONS
    for o in OPERATIONS[p]
    for f in FAULTS
    if f not in TOKEN_FAULTS or _hands_out_tokens(p)
]


def test_the_matrix_covers_every_faked_platform_and_both_token_faults() -> None:
    assert set(OPERATIONS) == set(PLATFORMS)
    token_cases = {(c.values[0], c.values[2]) for c in CASES if c.values[2] in TOKEN_FAULTS}
    assert ("shopee", "revoked_refresh_token") in token_cases
    assert not any(platform == "woocommerce" for platform, _ in token_cases)


@pytest.mark.parametrize(("platform", "operation", "fault"), CASES)
async def test_fault_then_rerun_completes_everything_once(
    tmp_path: Path, platform: str, operation: str, fault: str
) -> None:
    shop = _shop(tmp_path, platform)
    first = await shop.sync()
    assert first.summary.exit_code is ExitCode.OK, first.summary.to_dict()
    check = _prepare(shop, operation)
    _inject(shop, platform, operation, fault)
    faulted = await shop.sync()
    assert shop.fakes[platform].faults_pending() == 0, "the fault never met its request"
    summary = faulted.summary
    if fault == "revoked_refresh_token":
        assert summary.exit_code is ExitCode.NEEDS_HUMAN
        assert summary.channels[platform].needs_human
        return  # a person must authorise again; nothing else can be checked
    if summary.exit_code is not ExitCode.OK:
        failures = summary.failures()
        assert failures and all(f.message for f in failures), summary.to_dict()
    shop.fakes[platform].clear_faults()
    again = await shop.sync()
    assert again.summary.exit_code is ExitCode.OK, again.summary.to_dict()
    check(shop)
