"""Defect: a kill during the very first sync left `stock show` at "-" for adopted listings: the
stock of a listing that already showed the right number was never recorded."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from e2e_shop import Shop, product


class Crash(BaseException):
    """The process dies (not an Exception: nothing may catch it)."""


def _crash_after_adopting(step: str) -> Any:
    if ":adopt:" in step and step.endswith(":journalled"):
        raise Crash(step)


def _shop(root: Path) -> Shop:
    shop = Shop(root, [product("TAS-1", stock=10), product("TAS-2", stock=4)])
    # Listings the shop made by hand that already show the catalog's numbers.
    for name in shop.fakes:
        shop.fakes[name].seed_listing(
            "Tas Anyaman Pandan Buatan Tangan TAS-1", [("TAS-1", 25_000, 10)]
        )
    return shop


def _pushed(shop: Shop, name: str) -> dict[str, int | None]:
    return {sku: row.pushed_stock for sku, row in shop.store.listings_for(name).items()}


async def test_an_adopted_listing_that_shows_the_right_stock_has_it_recorded(
    tmp_path: Path,
) -> None:
    shop = _shop(tmp_path)
    await shop.sync()
    assert _pushed(shop, "shopee") == {"TAS-1": 10, "TAS-2": 4}


async def test_a_kill_right_after_adopting_still_ends_with_the_stock_recorded(
    tmp_path: Path,
) -> None:
    shop = _shop(tmp_path)
    with pytest.raises(Crash):
        await shop.run("sync", on_step=_crash_after_adopting)
    await shop.sync()
    for name in shop.fakes:
        assert _pushed(shop, name) == {"TAS-1": 10, "TAS-2": 4}, name
