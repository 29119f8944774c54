"""What a platform can do and what it accepts: its `Capability` flags and `ListingRules`.

A platform's descriptor declares both; `coopsync validate` checks the catalog against the
rules, and the engine asks the capabilities before using an optional feature. They live apart
from the rest of the adapter contract (`coopsync.adapters`, which re-exports them) so that
reading a descriptor does not load the contract's other types.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta


class Capability(enum.Flag):
    """What an adapter can do; the engine and the conformance suite skip what is absent."""

    NONE = 0
    LISTINGS_PULL = enum.auto()
    LISTING_CREATE = enum.auto()
    LISTING_UPDATE = enum.auto()
    IMAGE_UPLOAD = enum.auto()
    STOCK_PUSH = enum.auto()
    PRICE_PUSH = enum.auto()
    ORDERS_PULL = enum.auto()
    VARIANTS = enum.auto()
    LISTINGS_SINCE = enum.auto()  # can list only the listings updated since a time
    # Add variants (a new option value or a second option dimension) to a live listing.
    VARIANT_ADD = enum.auto()
    SKU_RENAME = enum.auto()  # change a variant's seller SKU in place; its remote ids stay
    LISTING_UNLIST = enum.auto()  # take a listing down reversibly and bring it back


# What a full marketplace API offers: every adapter of a platform with a seller API has it all.
MARKETPLACE = (
    Capability.LISTINGS_PULL
    | Capability.LISTING_CREATE
    | Capability.LISTING_UPDATE
    | Capability.IMAGE_UPLOAD
    | Capability.STOCK_PUSH
    | Capability.PRICE_PUSH
    | Capability.ORDERS_PULL
    | Capability.VARIANTS
)


@dataclass(frozen=True)
class ListingRules:
    """A platform's limits, checked by `validate` and respected by the engine."""

    title_min: int = 1
    title_max: int = 255
    description_max: int | None = None
    price_min: int = 1  # integer rupiah
    price_max: int = 1_000_000_000
    stock_min: int = 0
    stock_max: int = 999_999
    images_min: int = 0
    images_max: int = 9
    variants_max: int = 50
    variant_tiers_max: int = 2  # how many option names (size, colour) a listing may vary by
    option_name_max: int | None = None  # characters of an option name (Ukuran); None: no limit
    option_value_max: int | None = None  # characters of an option value (XXL, Merah Marun)
    stock_batch: int = 50  # SKUs the engine may hand to push_stock at once
    price_batch: int = 50
    create_batch: int = 1  # drafts the engine may hand to `create_listings` at once
    # SKUs one call of `find_by_sku` looks up (0: it is no cheap lookup, e.g. a scan of the
    # shop): the engine reads back SKUs a sale moved this way when it costs less than writing.
    sku_lookup_batch: int = 0
    required_fields: tuple[str, ...] = ()  # e.g. ("category_id",) — channel override fields
    order_window: timedelta | None = None  # longest time window one order query may span
