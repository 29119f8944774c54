"""Moving one shop's state between stores: its SQLite file and its schema in PostgreSQL.

`coopsync state copy --to URL` (a laptop's shop joins the office's database) and `--from URL`
(back to the laptop). Every table is copied row for row, ids included, so the order record,
the journal and the runs are the same afterwards; tokens go through the stores' own
`load_tokens`/`save_tokens`, so they are opened with the source's key and sealed with the
target's (never written in clear text to PostgreSQL). The target must hold no state yet: a copy
never merges two histories.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coopsync.errors import ConfigError

if TYPE_CHECKING:
    from coopsync.state.choose import Store

# Parents before children (journal rows name their run; order lines their order).
TABLES = (
    "listings",
    "stock_counts",
    "catalog_stock_seen",
    "orders",
    "order_lines",
    "cursors",
    "channel_memory",
    "runs",
    "journal",
    "hand_sales",
    "stock_moves",
)
_HISTORY = ("orders", "runs", "stock_counts", "listings", "tokens")


def is_empty(store: Store) -> bool:
    """Whether the store holds no history (a new shop)."""
    return all(store.row_count(table) == 0 for table in _HISTORY)


def copy_state(source: Store, target: Store) -> dict[str, int]:
    """Copy every row of `source` into the empty `target`; returns rows copied per table."""
    if not is_empty(target):
        raise ConfigError(
            f"the target state already holds a shop's history ({target!r})",
            hint=(
                "a copy never merges two histories: copy into a new database schema or an empty"
                " state folder, or move the target's state away first"
            ),
        )
    copied: dict[str, int] = {}
    for table in TABLES:
        columns, rows = source.export_rows(table)
        target.import_rows(table, columns, rows)
        copied[table] = len(rows)
    channels = source.token_channels()
    for channel in channels:
        pair = source.load_tokens(channel)
        if pair is not None:
            target.save_tokens(channel, pair)
    copied["tokens"] = len(channels)
    return copied
