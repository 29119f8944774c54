"""What the planner is given: each channel's state and listings, the user's choices, and what a
SKU shows on a channel now (engine/plan.py decides from them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from coopsync.adapters import Capability, ListingRules, RemoteListing
from coopsync.channel_config import ChannelBase
from coopsync.engine.drafts import Fingerprints
from coopsync.engine.targets import ChannelStockRules


@dataclass(frozen=True, slots=True)  # one per channel SKU: 40,000 at 10,000 SKUs
class ListingLink:
    """Where the state says a SKU lives on a channel."""

    sku: str
    remote_id: str
    remote_sku_id: str
    content_hash: str | None = None  # of the listing content coopsync last sent or adopted


@dataclass(frozen=True, slots=True)
class Pushed:
    """The last stock and price coopsync pushed for a SKU on a channel (None: never)."""

    stock: int | None = None
    price: int | None = None


@dataclass(frozen=True)
class ChannelInput:
    """One channel as the planner sees it."""

    name: str
    settings: ChannelBase
    limits: ListingRules
    capabilities: Capability
    links: Mapping[str, ListingLink]
    pushed: Mapping[str, Pushed]
    remote: Sequence[RemoteListing] | None  # None: the listings were not read
    renames: Mapping[str, str] = field(default_factory=dict)  # old SKU -> catalog SKU
    unlisted: frozenset[str] = frozenset()  # remote ids of listings coopsync took down
    # SKUs whose stock the channel may show otherwise than `remote` says (orders moved it and
    # the listing was not read again): their stock is written whatever `remote` shows.
    unsure_stock: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PlanOptions:
    """Choices the user makes on the command line."""

    keep_drift: bool = False  # report drift, but leave the channel's values as they are
    # Channels not synced this run (left out with --channel, or stopped) that still show the
    # catalog: they take their part in sharing the last units, so that a channel synced alone
    # does not list units the preferred channel is meant to keep.
    bystanders: tuple[ChannelStockRules, ...] = ()
    # Units placed at manual channels (consignment): channel -> sku -> units. They show there
    # only, and the other channels share what is left.
    held: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # Retired SKUs to take down at once (`coopsync retire SKU --now`), units left or not.
    retire_now: frozenset[str] = frozenset()
    # The run's content fingerprints (not a choice: a memo shared by the run's channel plans).
    fingerprints: Fingerprints = field(default_factory=Fingerprints, compare=False, repr=False)


@dataclass(frozen=True)
class Seen:
    """A SKU as it is on the channel now: where, and what it shows."""

    remote_id: str
    remote_sku_id: str
    stock: int | None
    price: int | None
    listing: RemoteListing | None
    campaign_reserved: int = 0  # the platform refuses stock below this (a campaign's units)
    other_locations: tuple[tuple[str, int], ...] = ()
    channel_sku: str | None = None  # the seller SKU on the channel, when it is an old one
