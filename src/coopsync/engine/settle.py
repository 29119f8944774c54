"""Pull → push without giving a sold unit back (docs/stock.md, "The window between pull and
push").

A platform takes its own stock the moment it sells; an absolute stock write made after that
sale, planned from orders pulled before it, gives the unit back. So a channel whose listings
show fewer units than coopsync last set, for a SKU its order pull saw no order of, is pulled
again before its stock is planned; and a run that wrote stock pulls every channel's orders once
more after its last write, and plans and applies stock again for what new orders touched, until
a pull finds nothing new (at most `SETTLE_ROUNDS` times). A run with nothing to write pulls once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from coopsync.adapters import RemoteListing
from coopsync.engine.actions import ChannelPlan, Plan, SetStock

SETTLE_ROUNDS = 3


def unexplained_drop(
    remote: Sequence[RemoteListing] | None,
    pushed: Mapping[str, int | None],
    explained: frozenset[str],
) -> bool:
    """The channel shows fewer units than coopsync last set for a SKU no pulled order names."""
    for listing in remote or ():
        for remote_sku in listing.skus:
            last = pushed.get(remote_sku.sku)
            if last is not None and remote_sku.stock < last and remote_sku.sku not in explained:
                return True
    return False


def written_stock(
    plan: Plan, pushed: Mapping[str, Mapping[str, int | None]]
) -> dict[str, dict[str, int]]:
    """{channel: {sku: units}} of the plan's stock writes that landed (the state says so)."""
    out: dict[str, dict[str, int]] = {}
    for name, channel_plan in plan.channels.items():
        landed = {
            action.sku: action.stock
            for action in channel_plan.stock
            if pushed.get(name, {}).get(action.sku) == action.stock
        }
        if landed:
            out[name] = landed
    return out


def with_written(
    remote: Sequence[RemoteListing] | None, written: Mapping[str, int]
) -> list[RemoteListing] | None:
    """The channel's listings as they are after this run's writes."""
    if remote is None:
        return None
    out = []
    for listing in remote:
        skus = tuple(
            replace(s, stock=written[s.sku]) if s.sku in written else s for s in listing.skus
        )
        out.append(replace(listing, skus=skus))
    return out


def stock_only(plan: Plan) -> Plan:
    """A follow-up round sends stock corrections only (listings and prices are done)."""
    return Plan(
        {
            name: ChannelPlan(name, stock=[a for a in cp.stock if not a.delist])
            for name, cp in plan.channels.items()
            if cp.stock
        }
    )


def stock_actions(plan: Plan) -> list[SetStock]:
    return [a for cp in plan.channels.values() for a in cp.stock]
