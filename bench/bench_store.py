"""Benchmark the state store and stock ledger for a 1,000-SKU shop. Not part of the test run.

    python bench/bench_store.py [--skus 1000] [--lines 10000] [--url postgresql://…]

Prints how long importing the orders, re-importing them (a pull with overlap), computing every
SKU's stock position, and journalling one result per SKU take.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from coopsync.adapters import Order, OrderLine, OrderStatus
from coopsync.ledger import positions
from coopsync.state.postgres import PostgresStore
from coopsync.state.sqlite import SqliteStore

CHANNELS = ("shopee", "tiktok", "lazada")
START = datetime(2026, 10, 1, tzinfo=UTC)
STATUSES = [
    (OrderStatus.COMPLETED, 55),
    (OrderStatus.SHIPPED, 15),
    (OrderStatus.TO_SHIP, 10),
    (OrderStatus.UNPAID, 5),
    (OrderStatus.CANCELLED, 10),
    (OrderStatus.RETURNED, 5),
]


def make_orders(skus: list[str], lines: int, rng: random.Random) -> dict[str, list[Order]]:
    """Orders of 1-3 lines over 30 days, spread over the channels, about `lines` lines in all."""
    by_channel: dict[str, list[Order]] = {c: [] for c in CHANNELS}
    made = 0
    number = 0
    while made < lines:
        number += 1
        status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
        created = START + timedelta(minutes=rng.randrange(30 * 24 * 60))
        updated = created + timedelta(hours=rng.randrange(1, 72))
        order_lines = tuple(
            OrderLine(sku, sku, rng.randint(1, 3), rng.randrange(10_000, 300_000, 100), status)
            for sku in rng.sample(skus, min(rng.randint(1, 3), lines - made))
        )
        made += len(order_lines)
        total = sum(line.quantity * line.list_price for line in order_lines)
        channel = CHANNELS[number % len(CHANNELS)]
        by_channel[channel].append(
            Order(f"{channel}-{number}", status, created, updated, order_lines, total)
        )
    return by_channel


def timed(action: Callable[[], object], repeat: int = 1) -> str:
    """Median wall time and CPU time of `action`, in milliseconds.

    CPU time is shown too because a shared machine stretches wall time; SQLite runs in-process,
    so its work is in the CPU figure.
    """
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return f"{statistics.median(wall):7.1f} ms wall {statistics.median(cpu):7.1f} ms cpu"


def open_store(url: str | None, folder: Path) -> SqliteStore | PostgresStore:
    if url is None:
        return SqliteStore(folder / "s.db")
    return PostgresStore(url, f"bench_{os.getpid()}", token_key="bench-token-key-0123456789")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=1000)
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--page", type=int, default=100, help="orders per upsert call (a page)")
    parser.add_argument("--url", default=None, help="a PostgreSQL database (default: SQLite)")
    args = parser.parse_args()

    rng = random.Random(7)
    skus = [f"SKU-{n:04d}" for n in range(args.skus)]
    orders = make_orders(skus, args.lines, rng)
    order_count = sum(len(v) for v in orders.values())

    with tempfile.TemporaryDirectory() as folder, open_store(args.url, Path(folder)) as store:
        stock = {sku: rng.randint(0, 200) for sku in skus}
        catalog_ms = timed(lambda: store.record_catalog_stock(stock, START))

        def import_all(page: int) -> None:
            for channel, mine in orders.items():
                for start in range(0, len(mine), page):
                    store.upsert_orders(channel, mine[start : start + page])

        first_ms = timed(lambda: import_all(max(order_count, 1)))
        again_ms = timed(lambda: import_all(args.page), repeat=3)

        def ledger() -> None:
            positions(store.ledger_inputs(skus), restock_returns=True)

        inputs = store.ledger_inputs(skus)
        lines_read = sum(len(entry.lines) for entry in inputs.values())
        ledger_ms = timed(ledger, repeat=7)
        read_ms = timed(lambda: store.ledger_inputs(skus), repeat=7)
        pure_ms = timed(lambda: positions(inputs, restock_returns=True), repeat=7)

        for sku in skus:
            store.save_listing("shopee", sku, remote_id=sku, remote_sku_id="0", at=START)
        run = store.start_run("bench", START)

        def journal_each() -> None:
            for sku in skus:
                store.record_stock_pushed("shopee", sku, 5, START)
                store.journal(run, "shopee", "stock", sku, "5", "ok", "", START)

        journal_ms = timed(journal_each)

    rows = [
        (f"catalog counts, {args.skus} SKUs, one transaction", catalog_ms),
        (f"import {args.lines} lines, first time, one call per channel", first_ms),
        (f"re-import them all, pages of {args.page} orders (no change)", again_ms),
        (f"ledger_inputs + positions, {args.skus} SKUs", ledger_ms),
        (f"  ledger_inputs alone ({lines_read} lines read)", read_ms),
        ("  positions alone (pure)", pure_ms),
        (f"{args.skus} x (record_stock_pushed + journal), each committed", journal_ms),
    ]
    print(f"shop: {args.skus} SKUs, {args.lines} order lines in {order_count} orders")
    width = max(len(label) for label, _ in rows)
    for label, figure in rows:
        print(f"{label:<{width}}  {figure}")


if __name__ == "__main__":
    main()
