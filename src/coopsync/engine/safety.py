"""Refuse a plan that looks like a mistake (an emptied catalog, a zero count) unless forced.

Like rclone bisync's max-delete: a plan that would set most of a channel's stocked listings to
zero, or delist most of the products coopsync manages there, is refused without `--force`.
Small shops are not blocked by their own sell-outs: fewer than `MIN_AFFECTED` SKUs never trip it.
"""

from __future__ import annotations

from dataclasses import dataclass

from coopsync.engine.actions import Plan

SHARE = 0.5
"""More than this share of a channel's stocked SKUs going to zero is refused."""
MIN_AFFECTED = 3


@dataclass(frozen=True)
class Refusal:
    """Why a channel's plan is refused, and what to do."""

    channel: str
    message: str
    hint: str = "check the catalog and the counts; run again with --force if this is intended"


def check(plan: Plan, stocked: dict[str, int], managed: dict[str, int]) -> list[Refusal]:
    """Refusals for `plan`; `stocked`/`managed`: per channel, SKUs showing stock / SKUs linked."""
    refusals: list[Refusal] = []
    for name, cp in plan.channels.items():
        zeroing = [s for s in cp.stock if s.stock == 0 and (s.current or 0) > 0]
        delisting = [s for s in cp.stock if s.delist]
        shown = stocked.get(name, 0)
        if len(zeroing) >= MIN_AFFECTED and len(zeroing) > SHARE * shown:
            refusals.append(
                Refusal(
                    name,
                    f"the plan would set {len(zeroing)} of {shown} stocked SKUs to zero on {name}",
                )
            )
        elif len(delisting) >= MIN_AFFECTED and len(delisting) > SHARE * managed.get(name, 0):
            refusals.append(
                Refusal(
                    name,
                    f"the plan would delist {len(delisting)} of {managed.get(name, 0)} SKUs "
                    f"coopsync manages on {name}",
                )
            )
    return refusals
