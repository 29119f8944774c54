"""The adapter contract: what the engine may ask of a platform, in platform-free types.

An adapter is a small async class per platform. It declares what it can do (`capabilities`)
and its limits (`rules`); the engine asks before using an optional feature (rclone's optional
features). The engine never sees a platform payload; the adapter never decides what to push.
`Capability`, `MARKETPLACE` and `ListingRules` live in `coopsync.capabilities` (a descriptor
needs only them) and are re-exported here.
"""

from __future__ import annotations

import enum
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast, runtime_checkable

from coopsync.capabilities import MARKETPLACE, Capability, ListingRules

if TYPE_CHECKING:
    import httpx

    from coopsync.channel_config import ChannelBase
    from coopsync.errors import Rejected


class OrderStatus(enum.StrEnum):
    """Order status, the same for every channel."""

    UNPAID = "unpaid"
    TO_SHIP = "to_ship"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    RETURNED = "returned"  # the units came back to the shop
    LOST = "lost"  # shipped, then lost or destroyed by the courier (or cancelled after shipping)


class ListingStatus(enum.StrEnum):
    """Whether buyers can see a listing."""

    ACTIVE = "active"
    INACTIVE = "inactive"  # unlisted, draft, under review, banned
    DELETED = "deleted"


class Outcome(enum.StrEnum):
    """How one item of a batch ended."""

    OK = "ok"
    REJECTED = "rejected"  # the platform refused this item; do not retry as is
    TRANSIENT = "transient"  # not applied this time; a later run may succeed


@dataclass(frozen=True, slots=True)
class RemoteSku:
    """One sellable variant as a channel shows it."""

    sku: str
    remote_sku_id: str  # model id / SKU id / variation id; "0" for a listing without variants
    price: int
    stock: int  # what buyers can buy from the warehouse or location coopsync manages
    # Units a campaign or promotion keeps on this SKU: the platform refuses stock below this.
    campaign_reserved: int = 0
    # Stock in warehouses or locations coopsync does not manage: shown, never summed into `stock`.
    other_locations: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class RemoteListing:
    """A listing on a channel, with the SKUs it sells."""

    remote_id: str
    title: str
    status: ListingStatus
    skus: tuple[RemoteSku, ...]
    url: str | None = None
    updated_at: datetime | None = None

    def sku_map(self) -> dict[str, RemoteSku]:
        return {s.sku: s for s in self.skus}


@dataclass(frozen=True)
class ImageRef:
    """An image of a product: a local file (resolved path) or a URL."""

    source: str

    @property
    def is_url(self) -> bool:
        return self.source.startswith(("http://", "https://"))


@dataclass(frozen=True)
class DraftVariant:
    """One catalog variant as it should appear on a channel (price already channel-priced)."""

    sku: str
    price: int
    stock: int
    options: Mapping[str, str] = field(default_factory=dict)  # e.g. {"Ukuran": "M"}
    weight_g: int | None = None
    images: tuple[ImageRef, ...] = ()


@dataclass(frozen=True)
class ListingDraft:
    """A catalog product as it should appear on one channel."""

    product_id: str
    title: str
    description: str
    variants: tuple[DraftVariant, ...]
    images: tuple[ImageRef, ...] = ()
    category_id: str | None = None
    brand: str | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    weight_g: int | None = None
    dimensions_cm: tuple[int, int, int] | None = None  # length, width, height
    extra: Mapping[str, object] = field(default_factory=dict)  # platform-specific overrides

    @property
    def has_variants(self) -> bool:
        return len(self.variants) > 1 or any(v.options for v in self.variants)

    def option_names(self) -> list[str]:
        """The option names the variants differ by, in first-seen order (Ukuran, Warna)."""
        names: list[str] = []
        for variant in self.variants:
            names += [name for name in variant.options if name not in names]
        return names


@dataclass(frozen=True)
class StockUpdate:
    """Set the stock a channel shows for one SKU."""

    sku: str
    remote_id: str
    remote_sku_id: str
    stock: int


@dataclass(frozen=True)
class PriceUpdate:
    """Set the price a channel shows for one SKU (integer rupiah)."""

    sku: str
    remote_id: str
    remote_sku_id: str
    price: int


@dataclass(frozen=True)
class ItemResult:
    """The outcome of one item of a batch push."""

    sku: str
    outcome: Outcome
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.OK


@dataclass(frozen=True)
class OrderLine:
    """Units of one SKU in an order, with what they sold for. Money is integer rupiah.

    `line_id` is what the platform keeps stable for these units (its order item id or line item
    id), never a status: each newer copy of an order
    replaces all its lines, so a line missing from the newer copy is gone. Money fields are for
    the whole line (all its units); docs/orders.md says what each means on each platform, and
    `coopsync.money` turns them into omzet and net sales.
    """

    line_id: str
    sku: str
    quantity: int
    list_price: int  # one unit's price tag before any discount
    status: OrderStatus
    seller_discount: int = 0  # discounts the shop pays for (its vouchers, promotions, coupons)
    platform_discount: int = 0  # discounts the platform pays for (not the shop's loss)
    paid: int | None = None  # what the buyer paid for the line; None: gross minus discounts
    refunded: int = 0  # money given back to the buyer for these units
    # When the platform itself says these units shipped / came back (None: the store stamps the
    # order's update time when it first sees the status).
    shipped_at: datetime | None = None
    returned_at: datetime | None = None
    # Units split off an earlier line (a partial refund or return): they share its shipping time.
    split_from: str | None = None

    @property
    def gross(self) -> int:
        """The line at list price: quantity × list price."""
        return self.quantity * self.list_price

    @property
    def buyer_paid(self) -> int:
        """What the buyer paid for the line (the platform's figure when it gives one)."""
        if self.paid is not None:
            return self.paid
        return self.gross - self.seller_discount - self.platform_discount


@dataclass(frozen=True)
class Order:
    """An order as the engine sees it: normalised status, integer rupiah, aware UTC times."""

    order_id: str
    status: OrderStatus
    created_at: datetime
    updated_at: datetime
    lines: tuple[OrderLine, ...]
    total: int  # integer rupiah
    currency: str = "IDR"
    # An unpaid order the platform itself gives up on: its units are held only until then
    # (a shop's hold-stock minutes, a marketplace's unpaid timeout; docs/stock.md). None: held
    # until the order is paid or cancelled.
    hold_until: datetime | None = None


@dataclass(frozen=True)
class TokenPair:
    """OAuth tokens of one channel. Refresh tokens can be single-use: save before use."""

    access_token: str
    refresh_token: str
    access_expires_at: datetime
    refresh_expires_at: datetime | None = None


class TokenStore(Protocol):
    """Where a channel's tokens live between runs (the state store implements it)."""

    def load_tokens(self, channel: str) -> TokenPair | None: ...

    def save_tokens(self, channel: str, tokens: TokenPair) -> None:
        """Persist atomically and durably before returning."""
        ...


class KeyValueStore(Protocol):
    """Small per-channel memory, e.g. image ids by content hash (never upload twice)."""

    def get_value(self, channel: str, key: str) -> str | None: ...

    def set_value(self, channel: str, key: str, value: str) -> None: ...


Clock = Callable[[], datetime]


@dataclass
class AdapterContext:
    """Everything an adapter needs from the outside, passed in (effects at the edge)."""

    channel: str
    settings: ChannelBase
    tokens: TokenStore
    memory: KeyValueStore
    clock: Clock
    transport: httpx.AsyncBaseTransport | None = None  # a fake's transport in sandbox and tests
    sleep: Callable[[float], Awaitable[None]] | None = None  # tests pass an instant one
    base_dir: Path = field(default_factory=Path.cwd)  # resolves local image paths


@runtime_checkable
class Adapter(Protocol):
    """One platform. Methods a capability does not cover may raise NotImplementedError."""

    platform: str
    capabilities: Capability
    rules: ListingRules

    def listings(self) -> AsyncIterator[RemoteListing]:
        """Every listing in the shop (paginated by the adapter)."""
        ...

    async def find_by_sku(self, skus: Sequence[str]) -> dict[str, RemoteListing]:
        """Listings that sell any of these SKUs, keyed by SKU (adopt before create)."""
        ...

    async def create_listing(self, draft: ListingDraft) -> RemoteListing: ...

    async def update_listing(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        """Title, description, images, attributes; never price or stock."""
        ...

    async def push_stock(self, updates: Sequence[StockUpdate]) -> list[ItemResult]:
        """One result per update, in order; never all-or-nothing to the caller."""
        ...

    async def push_prices(self, updates: Sequence[PriceUpdate]) -> list[ItemResult]:
        """One result per update, in order."""
        ...

    def orders(self, since: datetime, until: datetime) -> AsyncIterator[Order]:
        """Orders whose update time is in [since, until), each once (windows, pages inside)."""
        ...

    async def aclose(self) -> None: ...


class ListsChangedListings(Protocol):
    """The optional feature behind Capability.LISTINGS_SINCE."""

    def listings_since(
        self, since: datetime, known: Mapping[str, datetime]
    ) -> AsyncIterator[RemoteListing]:
        """Listings the platform updated at or after `since`, each with its `updated_at`
        (platform time). A listing whose update time is at or before `known[remote_id]` is
        known already (read before, or written by coopsync since) and may be left out."""
        ...


@runtime_checkable
class AddsVariants(Protocol):
    """The optional feature behind Capability.VARIANT_ADD."""

    async def add_variants(self, remote: RemoteListing, draft: ListingDraft) -> RemoteListing:
        """Make the listing sell every variant of `draft` (the whole product as it should be
        now, channel-priced, each new variant carrying the stock it should start with).

        Existing variants keep their remote ids; the new ones get price and stock in the same
        call. Returns the listing as the platform now has it. When the platform cannot (its
        limits: variants_max, variant_tiers_max, an option name it refuses) raise
        `coopsync.errors.Rejected` with a message that says what to do, and change nothing."""
        ...


@runtime_checkable
class RenamesSkus(Protocol):
    """The optional feature behind Capability.SKU_RENAME."""

    async def rename_skus(self, remote: RemoteListing, renames: Mapping[str, str]) -> RemoteListing:
        """Old seller SKU -> new seller SKU on the same remote SKU ids; returns the listing as
        the platform now has it. A platform where a SKU cannot change does not declare
        SKU_RENAME: the engine keeps the old seller SKU there, mapped to the new catalog SKU."""
        ...


@runtime_checkable
class UnlistsListings(Protocol):
    """The optional feature behind Capability.LISTING_UNLIST: the platform's reversible way to
    take a listing down (unlist, deactivate, draft) and bring it back."""

    async def unlist(self, remote: RemoteListing) -> RemoteListing:
        """Buyers no longer see the listing; its ids, SKUs and stock stay. Returns it INACTIVE."""
        ...

    async def relist(self, remote: RemoteListing) -> RemoteListing:
        """Buyers see the listing again. Returns it ACTIVE."""
        ...


class CreatesListingsInBatches(Protocol):
    """An optional feature: create several listings in a few calls (a platform with batch
    create endpoints). Found with `creates_in_batches`; without it, one `create_listing` each.
    """

    async def create_listings(
        self, drafts: Sequence[ListingDraft]
    ) -> list[RemoteListing | Rejected]:
        """One result per draft, in order: the listing as the platform now has it, or the
        `Rejected` that `create_listing` would have raised for that draft (nothing else is
        changed for it). A failure of the whole call (network, credentials) raises."""
        ...


def creates_in_batches(adapter: Adapter) -> CreatesListingsInBatches | None:
    """The adapter's batch create, if it has one."""
    if callable(getattr(adapter, "create_listings", None)):
        return cast(CreatesListingsInBatches, adapter)
    return None


AdapterFactory = Callable[[AdapterContext], Adapter]


async def look_up_orders(
    adapter: Adapter, order_ids: Sequence[str]
) -> dict[str, Order | None] | None:
    """These orders as the platform has them now, by id (None for one it no longer has); None
    when the adapter cannot look orders up.

    An adapter whose order lists can lose an order (one deleted for good) offers an
    optional `async def look_up_orders(self, order_ids) -> dict[str, Order | None]`; the
    engine asks it about the orders it still holds open, so none stays reserved for ever.
    """
    method = getattr(adapter, "look_up_orders", None)
    if method is None or not order_ids:
        return None
    found: dict[str, Order | None] = await method(order_ids)
    return found


async def shop_identity(adapter: Adapter) -> str | None:
    """The platform's own identity of the adapter's shop ("<platform>:<shop id>"), or None.

    Orders are stored under it, so renaming a channel in the YAML, or configuring one shop
    twice, never imports an order again. An adapter tells it with an optional
    `async def shop_identity(self) -> str | None`; without one, the channel's name stands in.
    """
    method = getattr(adapter, "shop_identity", None)
    if method is None:
        return None
    value = await method()
    return str(value) if value else None


__all__ = [
    "MARKETPLACE",
    "Adapter",
    "AdapterContext",
    "AdapterFactory",
    "AddsVariants",
    "Capability",
    "Clock",
    "CreatesListingsInBatches",
    "DraftVariant",
    "ImageRef",
    "ItemResult",
    "KeyValueStore",
    "ListingDraft",
    "ListingRules",
    "ListingStatus",
    "Order",
    "OrderLine",
    "OrderStatus",
    "Outcome",
    "PriceUpdate",
    "RemoteListing",
    "RemoteSku",
    "RenamesSkus",
    "StockUpdate",
    "TokenPair",
    "TokenStore",
    "UnlistsListings",
    "creates_in_batches",
    "shop_identity",
]
