"""What a channel itself holds on to: campaign reservations and stock in other warehouses.

A campaign or promotion reserves units the platform will not let a seller take back: the
lowest stock it allows is pushed instead of the target, and the SKU is reported as locked.
Stock in warehouses or locations coopsync does not manage is read and shown, never summed
into what coopsync set (docs/stock.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from coopsync.engine.actions import CampaignLock, ChannelPlan, PlanWarning, WarningKind


def campaign_floor(out: ChannelPlan, channel: str, sku: str, target: int, reserved: int) -> int:
    """The stock to push when a campaign reserves `reserved` units (more than `target`)."""
    out.campaign_locks.append(CampaignLock(channel, sku, reserved, target))
    out.warnings.append(
        PlanWarning(
            WarningKind.CAMPAIGN_LOCK,
            channel,
            f"{sku}: locked by a campaign on {channel}: {reserved} units can still be sold there",
            sku=sku,
            hint=f"coopsync would list {target}; end the campaign's reservation in the seller "
            "centre, or count the stock",
            code="sync.campaign_lock",
            params={"sku": sku, "channel": channel, "reserved": reserved, "target": target},
        )
    )
    return reserved


def report_other_locations(
    out: ChannelPlan, elsewhere: Mapping[str, tuple[tuple[str, int], ...]]
) -> None:
    """One warning per warehouse or location coopsync does not manage, with its units."""
    by_location: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for sku, locations in sorted(elsewhere.items()):
        for code, units in locations:
            by_location[code].append((sku, units))
    for code, skus in by_location.items():
        units = sum(n for _, n in skus)
        out.warnings.append(
            PlanWarning(
                WarningKind.OTHER_LOCATIONS,
                out.channel,
                f"warehouse/location {code} holds {units} more units of {len(skus)} SKUs; "
                "coopsync shows them and does not manage them",
                sku=skus[0][0],
                hint="to manage that warehouse instead, name it in the channel's settings "
                "(docs/stock.md)",
                code="sync.other_locations",
                params={"code": code, "units": units, "skus": len(skus)},
            )
        )
