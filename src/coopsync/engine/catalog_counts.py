"""A changed `stock` in the catalog is a new physical count, recorded at the time it was seen."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from coopsync.catalog import Catalog
from coopsync.ledger import Count, LedgerInput
from coopsync.state.store import StateStore


def catalog_stock(catalog: Catalog) -> dict[str, int]:
    """The catalog `stock` of every variant, by SKU."""
    return {variant.sku: variant.stock for _, variant in catalog.variants()}


def record_catalog_counts(catalog: Catalog, store: StateStore, at: datetime) -> list[str]:
    """Record a count for each SKU whose catalog stock changed since the last run."""
    return store.record_catalog_stock(catalog_stock(catalog), at)


def with_unrecorded_counts(
    inputs: Mapping[str, LedgerInput], catalog: Catalog, store: StateStore, at: datetime
) -> dict[str, LedgerInput]:
    """Ledger inputs as they would be once the catalog's new counts are recorded (for `plan`,
    which writes nothing)."""
    out = dict(inputs)
    for sku, stock in catalog_stock(catalog).items():
        if store.catalog_stock_seen(sku) != stock:
            lines = out[sku].lines if sku in out else ()
            out[sku] = LedgerInput(Count(stock, at), lines)
    return out
