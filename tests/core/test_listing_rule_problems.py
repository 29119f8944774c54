"""One listing-rule check for `Shop.validate()` and `coopsync validate`: a platform whose package
cannot load is left out and named, the other channels are still checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopsync import catalog_rules
from coopsync import shop as shop_module
from coopsync.adapters import ListingRules
from coopsync.catalog import Catalog, Product
from coopsync.channel_config import ChannelBase


def test_a_broken_platform_is_skipped_with_its_reason_and_the_rest_is_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def rules_for(platform: str) -> ListingRules:
        if platform == "broken":
            raise ImportError("no module named coopsync_broken")
        return ListingRules(title_min=20)

    monkeypatch.setattr(catalog_rules, "rules_for", rules_for)  # where the check looks them up
    product = Product.model_validate({"title": "Tas", "sku": "TAS-1", "price": 50_000, "stock": 3})
    catalog = Catalog((product,), base_dir=Path("/shop"))
    channels = {
        "toko": ChannelBase.model_validate({"platform": "strict"}),
        "lain": ChannelBase.model_validate({"platform": "broken"}),
    }
    skipped: dict[str, str] = {}

    problems = shop_module.listing_rule_problems(list(enumerate(catalog)), channels, None, skipped)

    assert skipped == {"broken": "ImportError: no module named coopsync_broken"}
    assert [p.scope.get("channel") if p.scope else None for p in problems] == ["toko"]
