"""A crash after any apply step, then a rerun, ends where an uninterrupted run ends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from e2e_shop import Shop, product

from coopsync.sandbox.marketplace import FakeLine

# Results the first sync of `_shop` journals, each preceded by the moment the channel answered
# (`landed`) where there was a call: shopee adopts TAS-1 (1), creates two listings (4), pushes
# TAS-1's stock and price (4); lazada creates three listings (6).
STEPS = 15


class Crash(BaseException):
    """The process dies (not an Exception: nothing may catch it)."""


def crash_after(n: int) -> Any:
    seen: list[str] = []

    def hook(step: str) -> None:
        seen.append(step)
        if len(seen) > n:
            raise Crash(step)

    hook.seen = seen  # type: ignore[attr-defined]
    return hook


def _shop(root: Path) -> Shop:
    shop = Shop(
        root,
        [
            product("TAS-1", stock=10),
            product("TAS-2", price=40_000, stock=5),
            product("TAS-3", price=15_000, stock=3),
        ],
    )
    # A listing made by hand (wrong price and stock) that already sold two.
    shop.fakes["shopee"].seed_listing(
        "Tas Anyaman Pandan Buatan Tangan TAS-1", [("TAS-1", 20_000, 50)]
    )
    shop.fakes["shopee"].place_order([FakeLine("TAS-1", 2)])
    return shop


def _final_state(shop: Shop) -> dict[str, Any]:
    """What a user can see: each channel's listings and values, stock, orders, the mapping."""
    state: dict[str, Any] = {"available": shop.available()}
    for name, fake in shop.fakes.items():
        links = shop.store.listings_for(name)
        views = {sku: fake.sku_view(sku) for sku in shop.skus()}
        state[name] = {
            "listings": shop.listing_count(name),
            "shown": {sku: shop.shown(name, sku) for sku in shop.skus()},
            "linked_to_what_is_shown": all(
                view is not None and links[sku].remote_id == view.remote_id
                for sku, view in views.items()
            ),
            "orders": len(fake.order_ids()),
        }
    return state


async def test_an_uninterrupted_run_has_the_steps_the_crash_test_covers(tmp_path: Path) -> None:
    shop = _shop(tmp_path)
    hook = crash_after(10_000)
    await shop.sync(on_step=hook)
    assert len(hook.seen) == STEPS, hook.seen


@pytest.mark.parametrize("step", range(STEPS))
async def test_crash_after_each_step_then_rerun_reaches_the_same_state(
    tmp_path: Path, step: int
) -> None:
    reference = _shop(tmp_path / "reference")
    await reference.sync()
    await reference.sync()

    shop = _shop(tmp_path / "crashed")
    with pytest.raises(Crash):
        await shop.sync(on_step=crash_after(step))
    rerun = await shop.sync()

    assert rerun.summary.exit_code == 0, rerun.summary.to_dict()
    assert _final_state(shop) == _final_state(reference)
    assert _final_state(shop)["shopee"]["listings"] == 3  # nothing created twice
    third = await shop.sync()
    assert all(shop.writes_in_last_run(name) == [] for name in shop.fakes)
    assert third.summary.channels["shopee"].orders_new == 0
