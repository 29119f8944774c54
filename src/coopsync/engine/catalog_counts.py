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
    """Ledger inputs as a sync would see them once it has carried the catalog's new renames
    over and recorded the catalog's new counts (for `plan` and `export`, which write nothing)."""
    out = dict(inputs)
    seen_before = _with_pending_renames(out, catalog, store)
    for sku, stock in catalog_stock(catalog).items():
        seen = seen_before[sku] if sku in seen_before else store.catalog_stock_seen(sku)
        if seen != stock:
            lines = out[sku].lines if sku in out else ()
            out[sku] = LedgerInput(Count(stock, at), lines)
    return out


def _with_pending_renames(
    inputs: dict[str, LedgerInput], catalog: Catalog, store: StateStore
) -> dict[str, int | None]:
    """Fold the history of each old SKU the catalog renames (`formerly:`), not carried over
    yet, into its new SKU's inputs, as `StateStore.rename_sku` will: the counts (the latest
    wins), the order lines, and the catalog stock last seen (the new SKU's own if it has one).
    Returns that last-seen stock of each SKU a pending rename touches."""
    done = store.sku_renames()
    pending: dict[str, list[str]] = {}
    for old, new in sorted(catalog.renames().items()):
        if done.get(old) != new:
            pending.setdefault(new, []).append(old)
    if not pending:
        return {}
    olds = store.ledger_inputs([old for group in pending.values() for old in group])
    seen: dict[str, int | None] = {}
    for new, group in pending.items():
        merged = [inputs[new]] if new in inputs else []
        merged += [olds[old] for old in group if old in olds]
        counts = [entry.count for entry in merged if entry.count is not None]
        lines = tuple(line for entry in merged for line in entry.lines)
        inputs[new] = LedgerInput(max(counts, key=lambda c: c.at, default=None), lines)
        seen[new] = store.catalog_stock_seen(new)
        for old in group:
            if seen[new] is None:
                seen[new] = store.catalog_stock_seen(old)
    return seen
