"""Stock positions summed by SQLite: the ledger's arithmetic for a report over many order lines.

`coopsync.ledger.position` is the rule; this is the same rule as one grouped query, for readers
that need only the totals of many SKUs (the report), not each line (sync keeps the ledger). Per
SKU, with its last count (ties on time: the later recorded wins):

- on_hand = count - units of lines shipped strictly after the count (every shipped line when
  there is no count) + units of those lines returned strictly after it (when returns are
  restocked);
- reserved = units of lines not shipped yet that are to ship, or unpaid and still held at `now`;
- available = on_hand - reserved.

Times are fixed-width UTC text (`timestamps.to_text`), so text order is time order.
`tests/state/test_ledger_property.py` checks that this agrees with the ledger.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime

from coopsync.ledger import StockPosition
from coopsync.state.timestamps import to_text

_POSITIONS = """
WITH wanted AS (SELECT value AS sku FROM json_each(:skus)),
last AS (
    SELECT sku, quantity, at FROM (
        SELECT sku, quantity, at,
               ROW_NUMBER() OVER (PARTITION BY sku ORDER BY at DESC, id DESC) AS newest
        FROM stock_counts WHERE sku IN wanted
    ) WHERE newest = 1
),
moved AS (
    SELECT l.sku,
        SUM(CASE WHEN l.shipped_at IS NOT NULL AND (c.at IS NULL OR l.shipped_at > c.at)
                 THEN l.quantity ELSE 0 END) AS shipped,
        SUM(CASE WHEN l.shipped_at IS NOT NULL AND l.returned_at IS NOT NULL
                      AND (c.at IS NULL OR l.returned_at > c.at)
                 THEN l.quantity ELSE 0 END) AS returned,
        SUM(CASE WHEN l.shipped_at IS NOT NULL THEN 0
                 WHEN l.status = 'to_ship' THEN l.quantity
                 WHEN l.status <> 'unpaid' THEN 0
                 WHEN :now IS NULL THEN l.quantity
                 WHEN IFNULL((SELECT o.hold_until FROM orders AS o
                              WHERE o.shop = l.shop AND o.order_id = l.order_id) > :now, 1)
                 THEN l.quantity ELSE 0 END) AS reserved
    FROM order_lines AS l LEFT JOIN last AS c ON c.sku = l.sku
    WHERE l.sku IN wanted
    GROUP BY l.sku
)
SELECT w.sku, COALESCE(c.quantity, 0), COALESCE(m.shipped, 0), COALESCE(m.returned, 0),
       COALESCE(m.reserved, 0)
FROM wanted AS w LEFT JOIN last AS c ON c.sku = w.sku LEFT JOIN moved AS m ON m.sku = w.sku
"""


def stock_positions(
    conn: sqlite3.Connection,
    skus: Iterable[str],
    restock_returns: bool,
    now: datetime | None = None,
) -> dict[str, StockPosition]:
    """The ledger's position of each of `skus` at `now`, in one query (see the module doc)."""
    wanted = list(dict.fromkeys(skus))
    params = {"skus": json.dumps(wanted), "now": None if now is None else to_text(now)}
    result: dict[str, StockPosition] = {}
    for sku, counted, shipped, returned, reserved in conn.execute(_POSITIONS, params):
        on_hand = counted - shipped + (returned if restock_returns else 0)
        result[sku] = StockPosition(
            on_hand=on_hand, reserved=reserved, available=on_hand - reserved
        )
    return {sku: result[sku] for sku in wanted}
