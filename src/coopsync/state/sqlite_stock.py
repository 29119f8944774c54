"""Stock positions summed by the database: the ledger's arithmetic for many order lines.

`coopsync.ledger.position` is the rule; this is the same rule as one grouped query, for readers
that need only the totals of many SKUs (the report), not each line (sync keeps the ledger). Per
SKU, with its last count (ties on time: the later recorded wins):

- on_hand = count - units of lines shipped strictly after the count (every shipped line when
  there is no count) + units of those lines returned strictly after it (when returns are
  restocked);
- reserved = units of lines not shipped yet that are to ship, or unpaid and still held at `now`;
- available = on_hand - reserved.

Portable SQL (window functions and CASE, no dialect function): the SQLite store runs it with
its fixed-width UTC text times (text order is time order); a PostgreSQL store can run the same
text through `stock_positions(run, ...)` (`:name` placeholders, see `pg_conn.translate`).
`tests/state/test_ledger_property.py` checks that this agrees with the ledger.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from coopsync.ledger import StockPosition
from coopsync.state.sales_sql import Run

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_POSITIONS = """
WITH last AS (
    SELECT sku, quantity, at FROM (
        SELECT sku, quantity, at,
               ROW_NUMBER() OVER (PARTITION BY sku ORDER BY at DESC, id DESC) AS newest
        FROM stock_counts
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
                 WHEN :expire = 0 THEN l.quantity
                 WHEN NOT EXISTS (SELECT 1 FROM orders AS o
                                  WHERE o.shop = l.shop AND o.order_id = l.order_id
                                    AND o.hold_until IS NOT NULL AND o.hold_until <= :now)
                 THEN l.quantity ELSE 0 END) AS reserved
    FROM order_lines AS l LEFT JOIN last AS c ON c.sku = l.sku
    GROUP BY l.sku
)
SELECT c.sku, c.quantity, COALESCE(m.shipped, 0), COALESCE(m.returned, 0),
       COALESCE(m.reserved, 0)
FROM last AS c LEFT JOIN moved AS m ON m.sku = c.sku
UNION ALL
SELECT m.sku, 0, m.shipped, m.returned, m.reserved
FROM moved AS m WHERE NOT EXISTS (SELECT 1 FROM last AS c WHERE c.sku = m.sku)
"""


def stock_positions(
    run: Run,
    stamp: Callable[[datetime], object],
    skus: Iterable[str],
    restock_returns: bool,
    now: datetime | None = None,
) -> dict[str, StockPosition]:
    """The ledger's position of each of `skus` at `now`, in one query (see the module doc);
    `run(sql, params)` gives rows, `stamp` turns a time into the store's time parameter."""
    # Without `now`, no hold expires (`:now` is then only there to have a type).
    params = {"expire": 0 if now is None else 1, "now": stamp(now or _EPOCH)}
    zero = StockPosition(on_hand=0, reserved=0, available=0)
    result: dict[str, StockPosition] = {}
    for sku, counted, shipped, returned, reserved in run(_POSITIONS, params):
        on_hand = int(counted) - int(shipped) + (int(returned) if restock_returns else 0)
        result[str(sku)] = StockPosition(
            on_hand=on_hand, reserved=int(reserved), available=on_hand - int(reserved)
        )
    return {sku: result.get(sku, zero) for sku in dict.fromkeys(skus)}
