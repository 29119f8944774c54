"""Fleet mode: shops synced per minute per worker, and how it grows with 1, 2, 4 workers.

    python bench/bench_fleet.py [--url postgresql://…] [--shops 24] [--workers 1 2 4]

Without --url it starts a throwaway PostgreSQL like the tests do (`tests/pg_server.py`: the
machine's PostgreSQL 15, as the `postgres` user when root, fsync off). It writes N sandbox shops
(two sandbox marketplaces each, five products), adds them to a fleet, and syncs them all once
(the first sync: listings created, a month of simulated orders imported; timed too). Then for
each worker count k: `coopsync fleet sync` queues one quiet sync per shop, k `coopsync fleet
worker --once` processes start together, and the wall time runs until the last one has found
the queue empty. Shops per minute = N / the syncs' span (first sync started to last finished,
from the fleet's run records: what long-running workers do; the wall time with the processes'
start-up is printed beside it); per worker = that / k. A last row runs one worker with
`--concurrency 4`. Each figure is the median of --repeat rounds. Every sync is checked: a shop
whose run was not `ok` fails the bench. Each sandbox call crosses `bench/wire.py`'s network (a
50-150 ms round trip, as `bench/run.py`); `--no-network` measures the syncs' CPU alone.

The fakes run inside the worker, so their CPU is the worker's: on a 2-core machine the figure
stops growing once the cores are busy; the network wait is what more workers fill.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
COOPSYNC = [sys.executable, "-c", "from coopsync.cli.app import main; main()"]
# A worker whose sandbox calls cross bench/wire.py's network: a 50-150 ms round trip each, as
# bench/run.py measures the sync (the platforms' rate limits are not what this bench is about).
WIRED = [
    sys.executable,
    "-c",
    f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); import wire; "
    "wire.install(wire.Conditions()); from coopsync.cli.app import main; main()",
]
KEY = "bench-fleet-token-key-0123456789abcdef"
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f00f0004850180848a6321"
    "0000000049454e44ae426082"
)

SHOP = """\
shop: {{name: Toko Bangku {n:03d}, timezone: Asia/Jakarta, language: en}}
state_dir: .coopsync
channels:
  shopee: {{platform: shopee, sandbox: true}}
  tiktok: {{platform: tiktok, sandbox: true, stock: {{buffer: 1}}}}
products:
"""
PRODUCT = """\
  - title: Kain Tenun Ikat Sumba Motif Kuda {n:03d}-{i} Pewarna Alami
    description: Ditenun tangan oleh mama-mama penenun di Sumba Timur.
    weight_g: 400
    images: [kain.png]
    variants:
      - {{sku: TN{n:03d}-{i}-S, price: 350000, stock: {stock}, options: {{Ukuran: S}}}}
      - {{sku: TN{n:03d}-{i}-L, price: 450000, stock: {stock}, options: {{Ukuran: L}}}}
    channels:
      shopee: {{category_id: "100018"}}
      tiktok: {{category_id: "601501"}}
"""


@contextlib.contextmanager
def database(url: str | None) -> Iterator[str]:
    if url:
        yield url
        return
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_server import pg_server  # type: ignore[import-not-found]

    with pg_server() as server, server.database() as fresh:
        yield fresh


def write_shops(root: Path, count: int) -> None:
    for n in range(1, count + 1):
        folder = root / f"toko-{n:03d}"
        folder.mkdir()
        (folder / "kain.png").write_bytes(PNG_1PX)
        text = SHOP.format(n=n) + "".join(
            PRODUCT.format(n=n, i=i, stock=5 + (n + i) % 7) for i in range(5)
        )
        (folder / "coopsync.yaml").write_text(text, encoding="utf-8")


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [*COOPSYNC, *args], env=env, capture_output=True, text=True, check=False, timeout=900
    )
    if done.returncode != 0:
        raise SystemExit(f"coopsync {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def tick(
    env: dict[str, str],
    url: str,
    workers: int,
    shops: int,
    *,
    full: bool = False,
    network: bool = True,
    concurrency: int = 1,
) -> tuple[float, float, float]:
    """Queue one sync per shop, work it with `workers` processes; the wall time (processes
    started to all stopped), the span of the syncs (first started to last finished: what a
    long-running worker, started once, takes) and the median time of one shop's sync."""
    with psycopg.connect(url) as conn:
        before = conn.execute("SELECT coalesce(max(id), 0) FROM coopsync_fleet_runs").fetchone()
    run(env, "fleet", "sync", *(["--full"] if full else []))
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [
                *(WIRED if network else COOPSYNC),
                *("fleet", "worker", "--once", "--name", f"b{k}"),
                *("--concurrency", str(concurrency)),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for k in range(workers)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=1800)
        if proc.returncode != 0:
            raise SystemExit(f"a worker failed:\n{err}")
    wall = time.perf_counter() - started
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT outcome, count(*) FROM coopsync_fleet_runs WHERE id > %s GROUP BY outcome",
            before,
        ).fetchall()
        spans = conn.execute(
            "SELECT extract(epoch FROM finished_at - started_at)::float FROM coopsync_fleet_runs"
            " WHERE id > %s",
            before,
        ).fetchall()
        span = conn.execute(
            "SELECT extract(epoch FROM max(finished_at) - min(started_at))::float"
            " FROM coopsync_fleet_runs WHERE id > %s",
            before,
        ).fetchone()
    outcomes = dict(rows)
    if outcomes != {"ok": shops}:
        raise SystemExit(f"expected {shops} good syncs, got {outcomes}")
    assert span is not None
    return wall, span[0], statistics.median(one for (one,) in spans)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="an existing PostgreSQL database to use (emptied)")
    parser.add_argument("--shops", type=int, default=24)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument(
        "--no-network",
        action="store_true",
        help="no round trip on the sandbox calls (the syncs' CPU only)",
    )
    args = parser.parse_args()
    network = not args.no_network

    with database(args.url) as url, tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_shops(root, args.shops)
        env = {
            **os.environ,
            "COOPSYNC_STATE_URL": url,
            "COOPSYNC_TOKEN_KEY": KEY,
            "COOPSYNC_LANG": "en",
        }
        run(env, "fleet", "add", str(root))
        cores = os.cpu_count()
        wire = "a 50-150 ms round trip per call" if network else "no network wait"
        print(f"{args.shops} sandbox shops (2 channels, 10 SKUs each); {cores} cores; {wire}")
        first, _, one = tick(env, url, 2, args.shops, network=network)
        print(
            f"first sync of every shop, 2 workers: {first:.1f} s "
            f"({args.shops / first * 60:.0f} shops/min; one shop's sync {one:.2f} s)"
        )
        print(
            "workers | wall (start to stop) | syncs' span | shops/min | per worker "
            "| one shop's sync (median)"
        )
        setups = [(workers, 1) for workers in args.workers] + [(1, 4)]
        for workers, concurrency in setups:
            rounds = [
                tick(env, url, workers, args.shops, network=network, concurrency=concurrency)
                for _ in range(args.repeat)
            ]
            wall = statistics.median(r[0] for r in rounds)
            span = statistics.median(r[1] for r in rounds)
            one = statistics.median(r[2] for r in rounds)
            per_minute = args.shops / span * 60
            label = f"{workers}" if concurrency == 1 else f"{workers} (--concurrency {concurrency})"
            print(
                f"{label:>7} | {wall:18.1f} s | {span:9.1f} s | {per_minute:9.0f} "
                f"| {per_minute / workers:10.0f} | {one:.2f} s"
            )
        full, full_span, _ = tick(env, url, 2, args.shops, full=True, network=network)
        print(
            f"nightly full sync, 2 workers: {full:.1f} s wall, {full_span:.1f} s of syncs "
            f"({args.shops / full_span * 60:.0f} shops/min)"
        )


if __name__ == "__main__":
    main()
