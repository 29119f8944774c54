"""Channel stock rules, the preferred channel's last units, and channel prices."""

from __future__ import annotations

import pytest

from coopsync.adapters import ListingRules
from coopsync.channel_config import PriceRules, StockRules
from coopsync.engine.pricing import apply_price_rules, price_out_of_range
from coopsync.engine.targets import ChannelStockRules, allocate, channel_target

WIDE = ListingRules(stock_min=0, stock_max=999_999)


@pytest.mark.parametrize(
    ("available", "rules", "limits", "shown"),
    [
        (10, StockRules(), WIDE, 10),
        (10, StockRules(buffer=3), WIDE, 7),
        (2, StockRules(buffer=3), WIDE, 0),
        (10, StockRules(percent=50), WIDE, 5),
        (7, StockRules(percent=50), WIDE, 3),  # rounded down: never list a half unit
        (100, StockRules(max=20), WIDE, 20),
        (4, StockRules(zero_below=5), WIDE, 0),
        (5, StockRules(zero_below=5), WIDE, 5),
        (10, StockRules(percent=10, min=3), WIDE, 3),  # at least 3 while 3 are there
        (2, StockRules(percent=10, min=3), WIDE, 0),
        (-4, StockRules(), WIDE, 0),  # oversold: nothing to sell
        (200_000, StockRules(), ListingRules(stock_max=99_999), 99_999),
        (0, StockRules(), ListingRules(stock_min=1), 0),  # never invent a unit
    ],
)
def test_channel_target(
    available: int, rules: StockRules, limits: ListingRules, shown: int
) -> None:
    assert channel_target(available, rules, limits) == shown


def _channels(preferred_buffer: int = 0) -> list[ChannelStockRules]:
    return [
        ChannelStockRules("shopee", StockRules(buffer=preferred_buffer), WIDE, preferred=True),
        ChannelStockRules("tiktok", StockRules(), WIDE),
        ChannelStockRules("lazada", StockRules(), WIDE),
    ]


def test_last_units_go_to_the_preferred_channel() -> None:
    assert allocate(3, _channels()) == {"shopee": 3, "tiktok": 0, "lazada": 0}


def test_above_the_threshold_every_channel_lists() -> None:
    assert allocate(4, _channels()) == {"shopee": 4, "tiktok": 4, "lazada": 4}


def test_preferred_channel_that_shows_nothing_does_not_starve_the_others() -> None:
    assert allocate(1, _channels(preferred_buffer=2)) == {"shopee": 0, "tiktok": 1, "lazada": 1}


def test_without_a_preferred_channel_every_channel_lists() -> None:
    rules = [ChannelStockRules("a", StockRules(), WIDE), ChannelStockRules("b", StockRules(), WIDE)]
    assert allocate(1, rules) == {"a": 1, "b": 1}


@pytest.mark.parametrize(
    ("price", "rules", "expected"),
    [
        (25_000, PriceRules(), 25_000),
        (25_050, PriceRules(), 25_100),  # rounded up to Rp100 by default
        (25_000, PriceRules(markup_percent=5), 26_300),  # 26_250 -> 26_300
        (25_000, PriceRules(markup_percent=5, add=1_000, round_to=1_000), 28_000),
        (19_999, PriceRules(markup_percent=2.5, round_to=1), 20_499),  # 20_498.975 rounded up
        (10_000, PriceRules(markup_percent=-10), 9_000),
    ],
)
def test_price_rules(price: int, rules: PriceRules, expected: int) -> None:
    assert apply_price_rules(price, rules) == expected


def test_price_outside_the_platform_range_says_why() -> None:
    limits = ListingRules(price_min=100, price_max=100_000_000)
    assert price_out_of_range(50, limits) == "Rp50 is below the platform's minimum Rp100"
    assert price_out_of_range(150_000_000, limits) is not None
    assert price_out_of_range(100, limits) is None
