"""`coopsync doctor` names the warehouse setting a multi-location shop is missing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from coopsync.i18n import t
from coopsync.onboarding.checks import Status
from coopsync.onboarding.doctor import location_check
from coopsync.platforms import descriptor_for
from coopsync_adapters.shopee.fake import ShopeeFake
from coopsync_adapters.testing.harness import Harness, make_harness


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[Harness]:
    harness = make_harness(lambda clock: ShopeeFake(clock=clock), base_dir=tmp_path)
    assert isinstance(harness.fake, ShopeeFake)
    harness.fake.seed_listing("Teh Kayu Aro", [("TEH-1", 40_000, 10)])
    yield harness
    await harness.adapter.aclose()


async def test_a_second_location_without_the_setting_is_a_warning_with_its_fix(
    h: Harness,
) -> None:
    assert isinstance(h.fake, ShopeeFake)
    h.fake.add_location("TEH-1", "GUDANG-MEDAN", 25)
    setting = descriptor_for("shopee").location_setting

    check = await location_check("toko", h.adapter, ["TEH-1"], setting, None)

    assert check is not None and check.status is Status.WARN
    found = t(check.code, "en", **check.params)
    assert "GUDANG-MEDAN" in found and "several warehouses" in found
    assert "channels.toko" in t(check.fix or "", "en", **check.params)
    assert "`location_id: GUDANG-MEDAN`" in t(check.fix or "", "en", **check.params)
    assert "`location_id: GUDANG-MEDAN`" in t(check.fix or "", "id", **check.params)
    assert "beberapa gudang" in t(check.code, "id", **check.params)


async def test_no_warning_when_the_location_is_named_or_there_is_one(h: Harness) -> None:
    assert await location_check("toko", h.adapter, ["TEH-1"], "location_id", None) is None
    assert isinstance(h.fake, ShopeeFake)
    h.fake.add_location("TEH-1", "GUDANG-MEDAN", 25)
    named = await location_check("toko", h.adapter, ["TEH-1"], "location_id", "GUDANG-MEDAN")
    assert named is None
    # A platform with one stock per SKU has no such setting.
    assert await location_check("toko", h.adapter, ["TEH-1"], None, None) is None


def test_the_multi_location_platforms_name_their_setting() -> None:
    assert {p: descriptor_for(p).location_setting for p in ("shopee", "lazada", "tiktok")} == {
        "shopee": "location_id",
        "lazada": "warehouse_code",
        "tiktok": "warehouse_id",
    }
    for platform, setting in (("shopee", "location_id"), ("lazada", "warehouse_code")):
        assert setting in descriptor_for(platform).settings.model_fields
