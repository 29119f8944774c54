"""`coopsync retire SKU --now`: take a retired SKU's listings down with units still left.

Without `--now`, a retired product keeps selling its last units and its listings go down once
none is left. The state remembers a `--now` (under the catalog's own memory); bringing the
product back (`status: active`) forgets it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from coopsync.adapters import KeyValueStore
from coopsync.state.sku_rename import RENAMES

RETIRE_NOW = "retire_now:"


def mark_retire_now(store: KeyValueStore, skus: Iterable[str], at: datetime) -> None:
    for sku in skus:
        store.set_value(RENAMES, RETIRE_NOW + sku, at.isoformat())


def forget_retire_now(store: KeyValueStore, skus: Iterable[str]) -> None:
    for sku in skus:
        if store.get_value(RENAMES, RETIRE_NOW + sku):
            store.set_value(RENAMES, RETIRE_NOW + sku, "")


def retire_now(store: KeyValueStore, retired: Iterable[str]) -> frozenset[str]:
    """The retired SKUs a `--now` was asked for."""
    return frozenset(sku for sku in retired if store.get_value(RENAMES, RETIRE_NOW + sku))
