"""Issue 25 end to end, on each marketplace's fake: push a shop, add a variant, add a colour
dimension, rename a SKU with orders on it, retire a product, bring it back. After each sync the
channel (read from its fake's own state) shows exactly the catalog, and a second sync sends
nothing; killed in the middle of a step, the rerun finishes it and nothing happens twice."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from catalog_change_shop import (
    MARKETPLACES,
    STEPS,
    capabilities_for,
    mismatches,
    need,
    pushed_shop,
    shop_before,
)
from test_crash_recovery import Crash, crash_after

from coopsync.adapters import Capability
from coopsync.sandbox.marketplace import FakeLine

EVER = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


def units_sold(shop: object, sku: str) -> int:
    store = shop.store  # type: ignore[attr-defined]
    return sum(line.quantity for line in store.sales(*EVER) if line.sku == sku)


@pytest.mark.parametrize("platform", MARKETPLACES)
async def test_the_catalog_changes_and_the_channel_follows(tmp_path: Path, platform: str) -> None:
    for _, needed in STEPS.values():
        need(platform, needed)
    shop = await pushed_shop(tmp_path, platform)
    assert mismatches(shop, platform) == []
    for step, (change, _) in STEPS.items():
        change(shop)
        result = await shop.sync()
        summary = result.summary
        assert summary.exit_code == 0, (step, summary.to_dict())
        assert mismatches(shop, platform) == [], step
        again = await shop.sync()
        assert shop.writes_in_last_run(platform) == [], f"{step}: a second sync wrote"
        assert again.plan is not None and again.plan.channels[platform].is_empty, step
        if step == "rename":
            # The two units sold as TAS-1 count for TAS-01: its stock continues from 8.
            assert units_sold(shop, "TAS-01") == 2 and units_sold(shop, "TAS-1") == 0
            assert shop.available()["TAS-01"] == 8
            sold_as = "TAS-01" if capabilities_for(platform) & Capability.SKU_RENAME else "TAS-1"
            shop.fakes[platform].place_order([FakeLine(sold_as, 1)])
            await shop.sync()
            assert units_sold(shop, "TAS-01") == 3
            assert shop.available()["TAS-01"] == 7
            assert mismatches(shop, platform) == []


@pytest.mark.parametrize("step", list(STEPS))
@pytest.mark.parametrize("platform", MARKETPLACES)
async def test_a_step_killed_midway_is_finished_by_the_rerun(
    tmp_path: Path, platform: str, step: str
) -> None:
    change, needed = STEPS[step]
    need(platform, needed)
    # How many points the step's sync passes (each answer landing, each result journalled).
    probe = await shop_before(tmp_path / "probe", platform, step)
    change(probe)
    counter = crash_after(10_000)
    await probe.sync(on_step=counter)
    points = len(counter.seen)
    assert points > 0, f"{step} sent nothing"
    for kill_at in range(points):
        shop = await shop_before(tmp_path / f"kill{kill_at}", platform, step)
        change(shop)
        with pytest.raises(Crash):
            await shop.sync(on_step=crash_after(kill_at))
        rerun = await shop.sync()
        assert rerun.summary.exit_code == 0, (kill_at, rerun.summary.to_dict())
        assert mismatches(shop, platform) == [], f"killed after point {kill_at}"
        await shop.sync()
        assert shop.writes_in_last_run(platform) == [], f"killed at {kill_at}: still writing"
