"""Refuse a plan that looks like a mistake (an emptied catalog, a zero count) unless forced.

Like rclone bisync's max-delete: a plan that would set most of a channel's stocked listings to
zero, or delist or retire (take down) most of the products coopsync manages there, is refused
without `--force`.
Small shops are not blocked by their own sell-outs: fewer than `MIN_AFFECTED` SKUs never trip it,
and zeros that recorded orders explain (a bazaar, a week without a sync) never count: only zeros
that come from a count or the catalog (a count of 0) or from the channel's stock rules do, and
the message says which.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from coopsync.engine.actions import Plan
from coopsync.engine.plan import ChannelInput, seen_on_channel

SHARE = 0.5
"""More than this share of a channel's stocked SKUs going to zero is refused."""
MIN_AFFECTED = 3
HINT_FORCE = "check the catalog and the counts; run again with --force if this is intended"
HINT_RULES = "check the channel's `stock:` settings; run again with --force if this is intended"


class ZeroCause(Enum):
    """Why a SKU's stock would go to zero on a channel."""

    SOLD = "sold"  # recorded orders took every unit of the last count: not a mistake
    COUNTED = "counted"  # the last count (or the catalog's stock) is 0
    RULES = "rules"  # units are available, but the channel's stock rules show none


def zero_causes(
    counted: Mapping[str, int | None], available: Mapping[str, int]
) -> dict[str, ZeroCause]:
    """Why each SKU would show zero, from its last counted quantity and what is available now."""
    causes: dict[str, ZeroCause] = {}
    for sku, units in available.items():
        last_count = counted.get(sku)
        if units > 0:
            causes[sku] = ZeroCause.RULES
        elif last_count is not None and last_count > 0:
            causes[sku] = ZeroCause.SOLD
        else:
            causes[sku] = ZeroCause.COUNTED
    return causes


@dataclass(frozen=True)
class Refusal:
    """Why a channel's plan is refused, and what to do."""

    channel: str
    message: str  # English, for logs and the journal
    hint: str = HINT_FORCE
    code: str = ""  # the message in the user's language (`coopsync.messages.sync`)
    params: Mapping[str, object] = field(default_factory=dict)


def check(
    plan: Plan,
    channels: Sequence[ChannelInput],
    causes: Mapping[str, ZeroCause] | None = None,
) -> list[Refusal]:
    """The channels whose part of `plan` looks like a mistake, and why.

    Only SKUs coopsync already manages on a channel (it pushed their stock before) count: a
    first sync adopting listings it never set is not a change of mind. `causes` (see
    `zero_causes`) says why each SKU goes to zero; a SKU missing from it counts as COUNTED.
    """
    causes = causes or {}
    refusals: list[Refusal] = []
    for channel in channels:
        cp = plan.channels.get(channel.name)
        if cp is None:
            continue
        managed = {sku for sku, pushed in channel.pushed.items() if pushed.stock is not None}
        shown = seen_on_channel(channel)
        stocked = sum(1 for sku in managed if sku in shown and shown[sku].stock)
        zeroing = [
            s.sku
            for s in cp.stock
            if s.sku in managed
            and s.stock == 0
            and (s.current or 0) > 0
            and not s.delist
            and causes.get(s.sku, ZeroCause.COUNTED) is not ZeroCause.SOLD
        ]
        # Delisted or retired: shown sold out, or taken down (mass retirement counts too).
        delisting = {s.sku for s in cp.stock if s.delist}
        delisting |= {sku for unlist in cp.unlists for sku in unlist.skus}
        if len(zeroing) >= MIN_AFFECTED and len(zeroing) > SHARE * stocked:
            refusals.append(
                Refusal(
                    channel.name,
                    f"the plan would set {len(zeroing)} of {stocked} stocked SKUs to zero "
                    f"on {channel.name}: {_why(zeroing, causes)}",
                    _hint(zeroing, causes),
                    *_why_code(zeroing, stocked, channel.name, causes),
                )
            )
        elif len(delisting) >= MIN_AFFECTED and len(delisting) > SHARE * len(managed):
            refusals.append(
                Refusal(
                    channel.name,
                    f"the plan would delist or retire (take down) {len(delisting)} of "
                    f"{len(managed)} SKUs coopsync manages on {channel.name}",
                    code="sync.refused_delist",
                    params={"n": len(delisting), "managed": len(managed), "channel": channel.name},
                )
            )
    return refusals


def _why(skus: Sequence[str], causes: Mapping[str, ZeroCause]) -> str:
    """`3 counted 0 (A, B, C); 1 by the channel's stock rules (D)`."""
    parts: list[str] = []
    for cause, words in (
        (ZeroCause.COUNTED, "counted 0 or 0 in the catalog"),
        (ZeroCause.RULES, "by the channel's stock rules (buffer, percent, max, zero_below)"),
    ):
        hit = [sku for sku in skus if causes.get(sku, ZeroCause.COUNTED) is cause]
        if hit:
            shown = ", ".join(hit[:8]) + (", ..." if len(hit) > 8 else "")
            parts.append(f"{len(hit)} {words} ({shown})")
    return "; ".join(parts)


def _why_code(
    skus: Sequence[str], stocked: int, channel: str, causes: Mapping[str, ZeroCause]
) -> tuple[str, dict[str, object]]:
    """The refusal as a message code and its params (which causes it names)."""
    params: dict[str, object] = {"n": len(skus), "stocked": stocked, "channel": channel}
    named = []
    for cause, key in ((ZeroCause.COUNTED, "counted"), (ZeroCause.RULES, "rules")):
        hit = [sku for sku in skus if causes.get(sku, ZeroCause.COUNTED) is cause]
        if hit:
            named.append(key)
            params[f"{key}_n"] = len(hit)
            params[key] = ", ".join(hit[:8]) + (", ..." if len(hit) > 8 else "")
    return "sync.refused_zero_" + "_".join(named), params


def _hint(skus: Sequence[str], causes: Mapping[str, ZeroCause]) -> str:
    if all(causes.get(sku, ZeroCause.COUNTED) is ZeroCause.RULES for sku in skus):
        return HINT_RULES
    return HINT_FORCE
