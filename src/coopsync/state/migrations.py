"""The SQLite schema, as numbered migrations. `PRAGMA user_version` says how many have run.

Never edit a released migration: add a new one at the end. Times are ISO 8601 text in UTC with
microseconds (`2026-11-23T12:00:00.000000+00:00`), so text order is time order.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the first schema.
    """
    CREATE TABLE listings (
        channel         TEXT NOT NULL,
        sku             TEXT NOT NULL,
        remote_id       TEXT NOT NULL,
        remote_sku_id   TEXT NOT NULL,
        url             TEXT,
        pushed_stock    INTEGER,
        pushed_stock_at TEXT,
        pushed_price    INTEGER,
        pushed_price_at TEXT,
        content_hash    TEXT,
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (channel, sku)
    );

    CREATE TABLE stock_counts (
        id       INTEGER PRIMARY KEY,
        sku      TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        at       TEXT NOT NULL,
        source   TEXT NOT NULL CHECK (source IN ('catalog', 'count', 'adjust')),
        reason   TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX stock_counts_by_sku ON stock_counts (sku, at, id);

    -- The catalog value last seen per SKU: a catalog count is recorded only when it changes.
    CREATE TABLE catalog_stock_seen (
        sku      TEXT PRIMARY KEY,
        quantity INTEGER NOT NULL
    );

    CREATE TABLE orders (
        channel     TEXT NOT NULL,
        order_id    TEXT NOT NULL,
        status      TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        total       INTEGER NOT NULL,
        currency    TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (channel, order_id)
    );
    CREATE INDEX orders_by_created ON orders (created_at);

    CREATE TABLE order_lines (
        channel      TEXT NOT NULL,
        order_id     TEXT NOT NULL,
        line_id      TEXT NOT NULL,
        sku          TEXT NOT NULL,
        quantity     INTEGER NOT NULL,
        unit_price   INTEGER NOT NULL,
        status       TEXT NOT NULL,
        shipped_at   TEXT,
        returned_at  TEXT,
        cancelled_at TEXT,
        PRIMARY KEY (channel, order_id, line_id),
        FOREIGN KEY (channel, order_id) REFERENCES orders (channel, order_id) ON DELETE CASCADE
    );
    CREATE INDEX order_lines_by_sku ON order_lines (sku);

    CREATE TABLE cursors (
        channel TEXT NOT NULL,
        stream  TEXT NOT NULL,
        value   TEXT NOT NULL,
        PRIMARY KEY (channel, stream)
    );

    CREATE TABLE tokens (
        channel            TEXT PRIMARY KEY,
        access_token       TEXT NOT NULL,
        refresh_token      TEXT NOT NULL,
        access_expires_at  TEXT NOT NULL,
        refresh_expires_at TEXT,
        saved_at           TEXT NOT NULL
    );

    CREATE TABLE channel_memory (
        channel TEXT NOT NULL,
        key     TEXT NOT NULL,
        value   TEXT NOT NULL,
        PRIMARY KEY (channel, key)
    );

    CREATE TABLE runs (
        id          INTEGER PRIMARY KEY,
        command     TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        status      TEXT,
        summary     TEXT
    );

    CREATE TABLE journal (
        id      INTEGER PRIMARY KEY,
        run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        channel TEXT NOT NULL,
        action  TEXT NOT NULL,
        sku     TEXT,
        detail  TEXT NOT NULL DEFAULT '',
        outcome TEXT NOT NULL,
        message TEXT NOT NULL DEFAULT '',
        at      TEXT NOT NULL
    );
    CREATE INDEX journal_by_run ON journal (run_id);
    CREATE INDEX journal_by_channel ON journal (channel, outcome, at);
    """,
    # 2: sales recorded by hand or from a chat export (their orders live in `orders` like any
    # channel's; this keeps who, why and undo), and units placed at a manual channel.
    """
    CREATE TABLE hand_sales (
        channel     TEXT NOT NULL,
        order_id    TEXT NOT NULL,
        source      TEXT NOT NULL CHECK (source IN ('hand', 'chat')),
        sold_at     TEXT NOT NULL,
        items       TEXT NOT NULL,
        note        TEXT NOT NULL DEFAULT '',
        sender      TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL,
        undone_at   TEXT,
        PRIMARY KEY (channel, order_id)
    );

    CREATE TABLE stock_moves (
        id       INTEGER PRIMARY KEY,
        channel  TEXT NOT NULL,
        sku      TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        at       TEXT NOT NULL,
        note     TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX stock_moves_by_sku ON stock_moves (sku, channel, at);
    """,
    # 3: order lines carry their money (list price, discounts by who pays them, paid, refunded);
    # orders are keyed by the platform's own shop identity (`shop`), not the channel's name in
    # the YAML. Existing orders get the key "channel:<name>"; the first pull of that channel
    # with a shop identity adopts them (SqliteStore.adopt_orders). `channel` stays: the name
    # the shop's orders were last pulled under, for display.
    """
    CREATE TABLE orders_v2 (
        shop        TEXT NOT NULL,
        channel     TEXT NOT NULL,
        order_id    TEXT NOT NULL,
        status      TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        total       INTEGER NOT NULL,
        currency    TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        PRIMARY KEY (shop, order_id)
    );
    INSERT INTO orders_v2
        SELECT 'channel:' || channel, channel, order_id, status, created_at, updated_at, total,
               currency, imported_at
        FROM orders;

    CREATE TABLE order_lines_v2 (
        shop              TEXT NOT NULL,
        channel           TEXT NOT NULL,
        order_id          TEXT NOT NULL,
        line_id           TEXT NOT NULL,
        sku               TEXT NOT NULL,
        quantity          INTEGER NOT NULL,
        list_price        INTEGER NOT NULL,
        seller_discount   INTEGER NOT NULL DEFAULT 0,
        platform_discount INTEGER NOT NULL DEFAULT 0,
        paid              INTEGER NOT NULL,
        refunded          INTEGER NOT NULL DEFAULT 0,
        status            TEXT NOT NULL,
        shipped_at        TEXT,
        returned_at       TEXT,
        cancelled_at      TEXT,
        PRIMARY KEY (shop, order_id, line_id),
        FOREIGN KEY (shop, order_id) REFERENCES orders_v2 (shop, order_id) ON DELETE CASCADE
    );
    INSERT INTO order_lines_v2
        SELECT 'channel:' || channel, channel, order_id, line_id, sku, quantity, unit_price, 0, 0,
               quantity * unit_price, 0, status, shipped_at, returned_at, cancelled_at
        FROM order_lines;

    DROP TABLE order_lines;
    DROP TABLE orders;
    ALTER TABLE orders_v2 RENAME TO orders;
    ALTER TABLE order_lines_v2 RENAME TO order_lines;
    CREATE INDEX orders_by_created ON orders (created_at);
    CREATE INDEX orders_by_channel ON orders (channel);
    CREATE INDEX order_lines_by_sku ON order_lines (sku);
    """,
    # 4: an unpaid order the platform releases after a while (a shop's hold-stock minutes, a
    # marketplace's unpaid timeout) holds its units only until `hold_until`.
    """
    ALTER TABLE orders ADD COLUMN hold_until TEXT;
    """,
    # 5: each line carries its order's creation time, so that a report sums a period's lines
    # with one range read of one table (state/sales_sql.py) instead of a join per line.
    """
    ALTER TABLE order_lines ADD COLUMN created_at TEXT;
    UPDATE order_lines SET created_at = (
        SELECT o.created_at FROM orders AS o
        WHERE o.shop = order_lines.shop AND o.order_id = order_lines.order_id
    );
    CREATE INDEX order_lines_by_created ON order_lines (created_at, shop, order_id);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
