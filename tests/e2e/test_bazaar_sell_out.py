"""Defect: a shop that sells out most SKUs between two syncs had every later plan refused."""

from __future__ import annotations

from pathlib import Path

from e2e_shop import Shop, product

from coopsync.errors import ExitCode
from coopsync.sandbox.marketplace import FakeLine

SKUS = ["TAS-1", "TAS-2", "TAS-3", "TAS-4"]


async def test_a_week_of_sell_outs_is_pushed_not_refused(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product(sku, stock=2) for sku in SKUS])
    assert (await shop.sync()).summary.exit_code is ExitCode.OK
    for sku in SKUS[:3]:  # the bazaar: three SKUs sold out on Shopee
        shop.fakes["shopee"].place_order([FakeLine(sku, 2)])
    result = await shop.sync()
    assert result.summary.exit_code is ExitCode.OK, result.summary.to_dict()
    assert shop.stock_everywhere("TAS-1") == {"shopee": 0, "lazada": 0}
    assert shop.stock_everywhere("TAS-4") == {"shopee": 2, "lazada": 2}


async def test_a_zero_count_is_still_refused_and_named(tmp_path: Path) -> None:
    shop = Shop(tmp_path, [product(sku, stock=2) for sku in SKUS])
    await shop.sync()
    for sku in SKUS[:3]:
        shop.set_stock(sku, 0)
    result = await shop.sync()
    refused = result.summary.channels["lazada"].refused
    assert refused and "counted 0" in refused and "TAS-1, TAS-2, TAS-3" in refused
