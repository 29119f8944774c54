"""The safety check on plans, and dates typed in shop time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from engine_factories import catalog, channel, product, remote, settings

from coopsync.cli.session import parse_since
from coopsync.engine.plan import ChannelInput, plan
from coopsync.engine.safety import check, zero_causes
from coopsync.errors import ConfigError

SKUS = ["A", "B", "C", "D"]


def _managed(stock: int, *, pushed: bool = True) -> list[ChannelInput]:
    return [
        channel(
            remote_listings=[remote(f"r{sku}", [(sku, 10_000, stock)]) for sku in SKUS],
            links={sku: f"r{sku}" for sku in SKUS},
            pushed={sku: (stock if pushed else None, 10_000) for sku in SKUS},
        )
    ]


def test_zeroing_most_managed_listings_is_refused() -> None:
    channels = _managed(5)
    the_plan = plan(catalog(*(product(s) for s in SKUS)), dict.fromkeys(SKUS, 0), channels)
    (refusal,) = check(the_plan, channels)
    assert refusal.channel == "shopee" and "4 of 4" in refusal.message
    assert "--force" in refusal.hint


def test_a_few_sell_outs_are_not_refused() -> None:
    channels = _managed(5)
    available = {"A": 0, "B": 0, "C": 5, "D": 5}
    the_plan = plan(catalog(*(product(s) for s in SKUS)), available, channels)
    assert check(the_plan, channels) == []


def test_a_small_shop_selling_out_is_not_refused() -> None:
    channels = [
        channel(
            remote_listings=[remote("rA", [("A", 10_000, 2)]), remote("rB", [("B", 10_000, 1)])],
            links={"A": "rA", "B": "rB"},
            pushed={"A": (2, 10_000), "B": (1, 10_000)},
        )
    ]
    the_plan = plan(catalog(product("A"), product("B")), {"A": 0, "B": 0}, channels)
    assert check(the_plan, channels) == []


def test_first_sync_adopting_listings_it_never_set_is_not_refused() -> None:
    channels = _managed(5, pushed=False)
    the_plan = plan(catalog(*(product(s) for s in SKUS)), dict.fromkeys(SKUS, 0), channels)
    assert check(the_plan, channels) == []


def test_an_emptied_catalog_is_refused_as_a_delisting() -> None:
    channels = _managed(5)
    the_plan = plan(catalog(product("OTHER")), {}, channels)
    assert [r.channel for r in check(the_plan, channels)] == ["shopee"]


def test_since_is_midnight_in_the_shops_timezone() -> None:
    assert parse_since("2026-10-01", "Asia/Jakarta") == datetime(2026, 9, 30, 17, tzinfo=UTC)
    assert parse_since("2026-10-01T10:00:00+00:00", "Asia/Jakarta") == datetime(
        2026, 10, 1, 10, tzinfo=UTC
    )
    assert parse_since(None, "Asia/Jakarta") is None
    with pytest.raises(ConfigError):
        parse_since("kemarin", "Asia/Jakarta")


def test_a_bazaar_that_sold_out_most_skus_is_not_refused() -> None:
    # The last counts were 5 each; recorded orders took every unit of A, B and C.
    channels = _managed(5)
    available = {"A": 0, "B": 0, "C": 0, "D": 2}
    counted = dict.fromkeys(SKUS, 5)
    the_plan = plan(catalog(*(product(s) for s in SKUS)), available, channels)
    assert check(the_plan, channels, zero_causes(counted, available)) == []


def test_a_zero_count_trips_it_and_the_message_says_so() -> None:
    channels = _managed(5)
    available = {"A": 0, "B": 0, "C": 0, "D": 0}
    counted = {"A": 0, "B": 0, "C": 0, "D": 5}  # D sold out; A, B, C counted as none
    the_plan = plan(catalog(*(product(s) for s in SKUS)), available, channels)
    (refusal,) = check(the_plan, channels, zero_causes(counted, available))
    assert "3 of 4" in refusal.message and "counted 0" in refusal.message
    assert "A, B, C" in refusal.message and "D" not in refusal.message.split(":")[-1]


def test_zeros_from_the_channels_stock_rules_say_so() -> None:
    channels = _managed(5)
    available = dict.fromkeys(SKUS, 3)
    stingy = [replace(c, settings=settings(stock={"zero_below": 10})) for c in channels]
    the_plan = plan(catalog(*(product(s) for s in SKUS)), available, stingy)
    (refusal,) = check(the_plan, stingy, zero_causes(dict.fromkeys(SKUS, 5), available))
    assert "stock rules" in refusal.message and "stock:" in refusal.hint


def test_a_refusal_reads_in_bahasa_indonesia_in_the_summary() -> None:
    from rich.console import Console

    from coopsync.cli.render import print_summary
    from coopsync.engine.outcome import Failure, RunSummary

    channels = _managed(5)
    available = {"A": 0, "B": 0, "C": 0, "D": 0}
    counted = {"A": 0, "B": 0, "C": 0, "D": 5}
    the_plan = plan(catalog(*(product(s) for s in SKUS)), available, channels)
    (refusal,) = check(the_plan, channels, zero_causes(counted, available))
    summary = RunSummary("sync")
    summary.channel("shopee").refused = refusal.message
    summary.channel("shopee").failures.append(
        Failure("shopee", "plan", refusal.message, refusal.hint, code=refusal.code,
                params=refusal.params)
    )  # fmt: skip
    console = Console(record=True, width=200)
    print_summary(console, summary, "id")
    text = console.export_text()
    assert "rencana akan membuat 3 dari 4 SKU berstok menjadi nol di shopee" in text
    assert "dihitung 0 atau 0 di katalog (A, B, C)" in text
    assert "the plan would" not in text and "jalankan lagi dengan --force" in text
