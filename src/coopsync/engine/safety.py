"""Refuse a plan that looks like a mistake (an emptied catalog, a zero count) unless forced.

Like rclone bisync's max-delete: a plan that would set most of a channel's stocked listings to
zero, or delist most of the products coopsync manages there, is refused without `--force`.
Small shops are not blocked by their own sell-outs: fewer than `MIN_AFFECTED` SKUs never trip it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coopsync.engine.actions import Plan
from coopsync.engine.plan import ChannelInput, seen_on_channel

SHARE = 0.5
"""More than this share of a channel's stocked SKUs going to zero is refused."""
MIN_AFFECTED = 3
HINT_FORCE = "check the catalog and the counts; run again with --force if this is intended"


@dataclass(frozen=True)
class Refusal:
    """Why a channel's plan is refused, and what to do."""

    channel: str
    message: str
    hint: str = HINT_FORCE


def check(plan: Plan, channels: Sequence[ChannelInput]) -> list[Refusal]:
    """The channels whose part of `plan` looks like a mistake, and why.

    Only SKUs coopsync already manages on a channel (it pushed their stock before) count: a
    first sync adopting listings it never set is not a change of mind.
    """
    refusals: list[Refusal] = []
    for channel in channels:
        cp = plan.channels.get(channel.name)
        if cp is None:
            continue
        managed = {sku for sku, pushed in channel.pushed.items() if pushed.stock is not None}
        shown = seen_on_channel(channel)
        stocked = sum(1 for sku in managed if sku in shown and shown[sku].stock)
        zeroing = [
            s for s in cp.stock if s.sku in managed and s.stock == 0 and (s.current or 0) > 0
        ]
        delisting = [s for s in cp.stock if s.delist]
        if len(zeroing) >= MIN_AFFECTED and len(zeroing) > SHARE * stocked:
            refusals.append(
                Refusal(
                    channel.name,
                    f"the plan would set {len(zeroing)} of {stocked} stocked SKUs to zero "
                    f"on {channel.name}",
                )
            )
        elif len(delisting) >= MIN_AFFECTED and len(delisting) > SHARE * len(managed):
            refusals.append(
                Refusal(
                    channel.name,
                    f"the plan would delist {len(delisting)} of {len(managed)} SKUs coopsync "
                    f"manages on {channel.name}",
                )
            )
    return refusals
