"""How many units each channel shows: its stock rules applied to available stock.

Order of the rules, per channel: hold back `buffer`; list 0 when fewer than `zero_below`
remain; take `percent` (rounded down); cap at `max`; raise to `min` while at least `min`
units remain; clamp to the platform's stock range.

The last few units (see `few_units`) go to the channel marked `preferred` rather than being
listed everywhere, so that two buyers on two channels cannot buy the same last unit. The
other channels show 0 until stock is back above the threshold. When the preferred channel
would show nothing itself (its buffer eats the units), every channel keeps its own target.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coopsync.adapters import ListingRules
from coopsync.channel_config import StockRules

FEW_UNITS = 3
"""At or below this many available units (or one per channel, if more channels) stock is few."""


@dataclass(frozen=True)
class ChannelStockRules:
    """What decides one channel's stock for a SKU."""

    channel: str
    rules: StockRules
    limits: ListingRules
    preferred: bool = False


def few_units(channel_count: int) -> int:
    """The threshold at or below which only the preferred channel shows stock."""
    return max(FEW_UNITS, channel_count)


def channel_target(available: int, rules: StockRules, limits: ListingRules) -> int:
    """Units one channel shows when `available` units are free to sell."""
    free = max(0, available - rules.buffer)
    if free == 0 or free < rules.zero_below:
        return 0
    shown = free * rules.percent // 100
    if rules.max is not None:
        shown = min(shown, rules.max)
    if rules.min and free >= rules.min:
        shown = max(shown, rules.min)
    shown = min(shown, free)
    if shown == 0:
        # Out of stock stays 0 even where the platform's range starts above it: showing a
        # unit we do not have would sell it; the platform's refusal is reported instead.
        return 0
    return max(limits.stock_min, min(limits.stock_max, shown))


def allocate(available: int, channels: Sequence[ChannelStockRules]) -> dict[str, int]:
    """Units each channel shows for one SKU listed on `channels`."""
    targets = {c.channel: channel_target(available, c.rules, c.limits) for c in channels}
    preferred = [c.channel for c in channels if c.preferred and targets[c.channel] > 0]
    if preferred and len(preferred) < len(channels) and available <= few_units(len(channels)):
        return {name: (shown if name in preferred else 0) for name, shown in targets.items()}
    return targets
