"""What a plan is made of: actions to take on a channel and warnings to show the user."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from coopsync.adapters import ListingDraft, RemoteListing


@dataclass(frozen=True)
class CreateListing:
    """Put a product on a channel (the apply step adopts a listing with its SKUs first)."""

    channel: str
    product_id: str
    draft: ListingDraft


@dataclass(frozen=True, slots=True)
class AdoptListing:
    """A listing on the channel already sells this SKU: remember it instead of creating one."""

    channel: str
    sku: str
    remote_id: str
    remote_sku_id: str
    content_hash: str | None = None  # of the catalog's listing as it is now
    url: str | None = None  # where buyers see it, when the channel said


@dataclass(frozen=True)
class UpdateListing:
    """Title, description, images, attributes of an existing listing (never price or stock)."""

    channel: str
    product_id: str
    remote: RemoteListing
    draft: ListingDraft


@dataclass(frozen=True)
class AddVariants:
    """New variants of a product join its live listing (`draft`: every variant it should sell,
    the new ones with the price and stock they start with)."""

    channel: str
    product_id: str
    remote: RemoteListing
    draft: ListingDraft
    new_skus: tuple[str, ...]


@dataclass(frozen=True)
class RenameSkus:
    """The listing's seller SKUs change in place (old -> new; the remote ids stay)."""

    channel: str
    remote: RemoteListing
    renames: Mapping[str, str]


@dataclass(frozen=True)
class Unlist:
    """A retired product's listing is taken down, the platform's reversible way."""

    channel: str
    product_id: str
    remote: RemoteListing
    skus: tuple[str, ...]


@dataclass(frozen=True)
class Relist:
    """A product brought back: the listing coopsync took down sells again."""

    channel: str
    product_id: str
    remote: RemoteListing
    skus: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SetStock:
    """Show `stock` units of a SKU on a channel (`current`: what the channel shows now)."""

    channel: str
    sku: str
    remote_id: str
    remote_sku_id: str
    stock: int
    current: int | None
    delist: bool = False  # the catalog no longer lists it here (or retires it): sold out
    channel_sku: str | None = None  # the seller SKU on the channel, when it is not `sku`


@dataclass(frozen=True, slots=True)
class SetPrice:
    """Show `price` rupiah for a SKU on a channel."""

    channel: str
    sku: str
    remote_id: str
    remote_sku_id: str
    price: int
    current: int | None
    channel_sku: str | None = None  # the seller SKU on the channel, when it is not `sku`


Action = (
    CreateListing
    | AdoptListing
    | UpdateListing
    | AddVariants
    | RenameSkus
    | Unlist
    | Relist
    | SetStock
    | SetPrice
)


class WarningKind(enum.StrEnum):
    """What a warning is about."""

    STOCK_DRIFT = "stock_drift"  # the channel shows more units than coopsync last pushed
    PRICE_DRIFT = "price_drift"  # the channel shows another price than coopsync last pushed
    UNMATCHED = "unmatched"  # a listing on the channel sells SKUs the catalog does not have
    MISSING = "missing"  # a catalog SKU is not on the channel and cannot be created there
    PRICE_OUT_OF_RANGE = "price_out_of_range"  # never pushed; reported
    LISTINGS_UNKNOWN = "listings_unknown"  # the channel's listings could not be read
    CAMPAIGN_LOCK = "campaign_lock"  # a campaign keeps more units listed than the target
    OTHER_LOCATIONS = "other_locations"  # stock in warehouses coopsync does not manage
    RENAME_QUESTION = "rename_question"  # a create held back: is this a renamed SKU?
    SKU_KEPT = "sku_kept"  # the channel cannot change a SKU: the old one stays, mapped
    RETIRED = "retired"  # a retired variant or product is shown with stock 0 / sells out
    CANNOT_CHANGE = "cannot_change"  # the platform cannot add variants / unlist: what to do


@dataclass(frozen=True)
class PlanWarning:
    """Something the user should look at; nothing is pushed because of it."""

    kind: WarningKind
    channel: str
    message: str  # English, for logs and `--format json`
    sku: str | None = None
    hint: str | None = None
    code: str = ""  # the same in the user's language: `coopsync.messages.sync`
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class CampaignLock:
    """A campaign or promotion keeps `units` of a SKU on a channel, above the `target`."""

    channel: str
    sku: str
    units: int  # what buyers can still buy there: the lowest stock the platform allows
    target: int  # what the channel would show without the campaign


@dataclass
class ChannelPlan:
    """Everything a sync would do on one channel."""

    channel: str
    creates: list[CreateListing] = field(default_factory=list)
    adopts: list[AdoptListing] = field(default_factory=list)
    updates: list[UpdateListing] = field(default_factory=list)
    renames: list[RenameSkus] = field(default_factory=list)
    additions: list[AddVariants] = field(default_factory=list)
    unlists: list[Unlist] = field(default_factory=list)
    relists: list[Relist] = field(default_factory=list)
    stock: list[SetStock] = field(default_factory=list)
    prices: list[SetPrice] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    campaign_locks: list[CampaignLock] = field(default_factory=list)
    # Stock the channel already shows right but coopsync never recorded (an adopted listing,
    # a first sync killed before its pushes, sales that brought it to the target): written to
    # the state only, nothing is sent.
    known_stock: list[SetStock] = field(default_factory=list)

    def actions(self) -> list[Action]:
        return [
            *self.adopts,
            *self.creates,
            *self.renames,
            *self.additions,
            *self.relists,
            *self.updates,
            *self.stock,
            *self.prices,
            *self.unlists,
        ]

    @property
    def is_empty(self) -> bool:
        """Nothing to send to the channel (adopting only writes to the state)."""
        return not (
            self.creates
            or self.updates
            or self.stock
            or self.prices
            or self.renames
            or self.additions
            or self.unlists
            or self.relists
        )

    def counts(self) -> dict[str, int]:
        """Changes by kind; `create` and `adopt` count SKUs (one unit, as the summary shows)."""
        return {
            "create": sum(len(c.draft.variants) for c in self.creates),
            "adopt": len(self.adopts),
            "update": len(self.updates),
            "stock": len(self.stock),
            "price": len(self.prices),
            "add_variant": sum(len(a.new_skus) for a in self.additions),
            "rename": sum(len(r.renames) for r in self.renames),
            "retire": sum(len(u.skus) for u in self.unlists),
            "relist": sum(len(r.skus) for r in self.relists),
            "warnings": len(self.warnings),
        }


@dataclass
class Plan:
    """What a sync would do, channel by channel."""

    channels: dict[str, ChannelPlan] = field(default_factory=dict)

    def channel(self, name: str) -> ChannelPlan:
        return self.channels.setdefault(name, ChannelPlan(name))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view (`coopsync plan --format json`)."""
        out: dict[str, Any] = {}
        for name, cp in self.channels.items():
            out[name] = {
                "counts": cp.counts(),
                "create": [
                    {"product_id": c.product_id, "skus": [v.sku for v in c.draft.variants]}
                    for c in cp.creates
                ],
                "adopt": [
                    {"sku": a.sku, "remote_id": a.remote_id, "remote_sku_id": a.remote_sku_id}
                    for a in cp.adopts
                ],
                "update": [
                    {"product_id": u.product_id, "remote_id": u.remote.remote_id}
                    for u in cp.updates
                ],
                "stock": [
                    {"sku": s.sku, "from": s.current, "to": s.stock, "delist": s.delist}
                    for s in cp.stock
                ],
                "price": [{"sku": p.sku, "from": p.current, "to": p.price} for p in cp.prices],
                "add_variant": [
                    {
                        "product_id": a.product_id,
                        "remote_id": a.remote.remote_id,
                        "skus": a.new_skus,
                    }
                    for a in cp.additions
                ],
                "rename": [
                    {"remote_id": r.remote.remote_id, "from": old, "to": new}
                    for r in cp.renames
                    for old, new in r.renames.items()
                ],
                "retire": [
                    {"product_id": u.product_id, "remote_id": u.remote.remote_id, "skus": u.skus}
                    for u in cp.unlists
                ],
                "relist": [
                    {"product_id": r.product_id, "remote_id": r.remote.remote_id, "skus": r.skus}
                    for r in cp.relists
                ],
                "warnings": [
                    {"kind": str(w.kind), "sku": w.sku, "message": w.message, "hint": w.hint}
                    for w in cp.warnings
                ],
            }
        return {"channels": out}
