"""What the report model reads about one shop: plain values gathered from the state and config.

`gather.py` fills this from the SQLite state without touching the network; tests build it
directly. Nothing here holds a secret (tokens are reduced to their expiry time).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from coopsync.catalog import Catalog
from coopsync.ledger import StockPosition
from coopsync.state.records import ChannelHealth, RunRecord, SaleLine


@dataclass(frozen=True)
class ChannelFacts:
    """A channel as the config names it."""

    name: str
    platform: str
    enabled: bool = True
    manual: bool = False  # sales recorded by hand (WhatsApp group, a bazaar, a shop corner)


@dataclass(frozen=True)
class ShopState:
    """Everything the report needs about one shop, read at `now`."""

    shop: str
    timezone: str
    language: str
    catalog: Catalog
    channels: Sequence[ChannelFacts]
    lines: Sequence[SaleLine]  # lines of orders created in the period, the one before, a year ago
    stock: Mapping[str, StockPosition]  # per catalog SKU, now
    listed: Mapping[str, frozenset[str]]  # channel -> SKUs coopsync knows a listing of
    health: Mapping[str, ChannelHealth]
    runs: Sequence[RunRecord]  # newest first
    token_expiry: Mapping[str, datetime | None]  # channel -> when its refresh token expires
    last_order_at: Mapping[str, datetime]  # channel -> when its newest order was placed
    now: datetime
    low_stock: int = 3
