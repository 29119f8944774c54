"""Units placed at a manual channel (consignment at a Pojok UMKM corner, a bazaar stall).

Placed units are still the shop's (on hand) until they sell, but they are no longer offered
online: the other channels share what is left. The corner's own sales come out of its units,
and `stock move --back` brings back what did not sell. Pure: moves and sales in, units out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from coopsync.state.records import StockMove

Held = dict[str, dict[str, int]]  # channel -> sku -> units placed there and not sold


def units_held(
    moves: Sequence[StockMove], sales: Mapping[str, Iterable[tuple[str, int, datetime]]]
) -> Held:
    """Units each channel holds per SKU: moves in time order, less the channel's sales made
    after the first move (a sale beyond the units held came from the shop's shelf)."""
    events: dict[tuple[str, str], list[tuple[datetime, int, int]]] = defaultdict(list)
    first: dict[tuple[str, str], datetime] = {}
    for order, move in enumerate(moves):
        key = (move.channel, move.sku)
        events[key].append((move.at, 0, move.quantity))
        first[key] = min(first.get(key, move.at), move.at)
        del order
    for channel, lines in sales.items():
        for sku, quantity, at in lines:
            key = (channel, sku)
            if key in first and at >= first[key]:
                events[key].append((at, 1, -quantity))
    held: Held = {}
    for (channel, sku), happened in events.items():
        balance = 0
        for _, _, change in sorted(happened, key=lambda e: (e[0], e[1])):
            balance = max(0, balance + change)
        if balance:
            held.setdefault(channel, {})[sku] = balance
    return held


def held_total(held: Held) -> dict[str, int]:
    """Units held at any channel, per SKU."""
    total: dict[str, int] = defaultdict(int)
    for units in held.values():
        for sku, count in units.items():
            total[sku] += count
    return dict(total)
