"""Stock positions summed by PostgreSQL: `sqlite_stock`'s grouped query in PostgreSQL's words.

The rule and its columns are `sqlite_stock`'s (see its module doc); only the SQL differs: the
wanted SKUs come as an array, the time parameter is typed, and a boolean is not a number.
`tests/state/test_store_conformance.py` checks the two stores agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from coopsync.ledger import StockPosition
from coopsync.state.pg_conn import PgConnection
from coopsync.state.timestamps import to_text

_POSITIONS = """
WITH wanted AS (SELECT unnest(CAST(%(skus)s AS text[])) COLLATE "C" AS sku),
last AS (
    SELECT sku, quantity, at FROM (
        SELECT sku, quantity, at,
               ROW_NUMBER() OVER (PARTITION BY sku ORDER BY at DESC, id DESC) AS newest
        FROM stock_counts WHERE sku IN (SELECT sku FROM wanted)
    ) AS ranked WHERE newest = 1
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
                 WHEN CAST(%(now)s AS text) IS NULL THEN l.quantity
                 WHEN COALESCE((SELECT o.hold_until FROM orders AS o
                                WHERE o.shop = l.shop AND o.order_id = l.order_id)
                               > CAST(%(now)s AS text), true)
                 THEN l.quantity ELSE 0 END) AS reserved
    FROM order_lines AS l LEFT JOIN last AS c ON c.sku = l.sku
    WHERE l.sku IN (SELECT sku FROM wanted)
    GROUP BY l.sku
)
SELECT w.sku, COALESCE(c.quantity, 0), COALESCE(m.shipped, 0), COALESCE(m.returned, 0),
       COALESCE(m.reserved, 0)
FROM wanted AS w LEFT JOIN last AS c ON c.sku = w.sku LEFT JOIN moved AS m ON m.sku = w.sku
"""


def stock_positions(
    conn: PgConnection,
    skus: Iterable[str],
    restock_returns: bool,
    now: datetime | None = None,
) -> dict[str, StockPosition]:
    """The ledger's position of each of `skus` at `now`, in one query."""
    wanted = list(dict.fromkeys(skus))
    params = {"skus": wanted, "now": None if now is None else to_text(now)}
    result: dict[str, StockPosition] = {}
    for sku, counted, shipped, returned, reserved in conn.raw.execute(_POSITIONS, params):
        on_hand = int(counted) - int(shipped) + (int(returned) if restock_returns else 0)
        result[sku] = StockPosition(
            on_hand=on_hand, reserved=int(reserved), available=on_hand - int(reserved)
        )
    return {sku: result[sku] for sku in wanted}
