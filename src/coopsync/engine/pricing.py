"""Channel prices: the catalog price with the channel's markup, fixed add and rounding.

A price the user fixed for a channel (product or variant override) is used as is: the rules
apply only to the catalog price. Prices are whole rupiah, rounded up to `round_to`.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction

from coopsync.adapters import ListingRules
from coopsync.catalog import Product, Variant, price_override
from coopsync.channel_config import PriceRules


def apply_price_rules(catalog_price: int, rules: PriceRules) -> int:
    """Catalog price x (1 + markup%) + add, rounded up to a multiple of `round_to`."""
    return _priced(catalog_price, rules.markup_percent, rules.add, rules.round_to)


@functools.lru_cache(maxsize=4096)  # a catalog has few distinct prices; exact math is slow
def _priced(catalog_price: int, markup_percent: float, add: int, step: int) -> int:
    # Fraction over Decimal(str(...)) keeps 5% of 25_000 exactly 1_250, not 1_249.999...
    markup = Fraction(Decimal(str(markup_percent)))
    raw = Fraction(catalog_price) * (100 + markup) / 100 + add
    steps = -((-raw) // step)  # ceiling division on exact fractions
    return int(steps * step)


def channel_price(product: Product, variant: Variant, channel: str, rules: PriceRules) -> int:
    """The price buyers see for a variant on a channel."""
    fixed = price_override(product, variant, channel)
    return fixed if fixed is not None else apply_price_rules(variant.price, rules)


def price_out_of_range(price: int, rules: ListingRules) -> str | None:
    """Why a platform would refuse this price, or None when it is within its range."""
    if price < rules.price_min:
        return f"Rp{price:,} is below the platform's minimum Rp{rules.price_min:,}"
    if price > rules.price_max:
        return f"Rp{price:,} is above the platform's maximum Rp{rules.price_max:,}"
    return None
