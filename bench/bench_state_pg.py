"""The example shop's sync on SQLite and on PostgreSQL, and the store's bulk work on each.

    python bench/bench_state_pg.py [--url postgresql://…] [--repeat 3] [--skip-store]

Without --url it starts a throwaway PostgreSQL like the tests do (`tests/pg_server.py`: the
machine's PostgreSQL binaries, as the `postgres` user when root, fsync off: the figures are the
store's work, not the disk's). Each sync is `coopsync sync` of `config.example.yaml` in a fresh
process on a fresh copy (first sync: listings created, a month of sandbox orders imported;
second: the quiet run right after), median wall time of --repeat copies. Then
`bench_store.py`'s bulk figures for both stores, same data.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COOPSYNC = [sys.executable, "-c", "from coopsync.cli.app import main; main()"]
STORE_BENCH = ROOT / "bench" / "bench_store.py"
KEY = "bench-token-key-0123456789abcdef"


@contextlib.contextmanager
def server(url: str | None) -> Iterator[tuple[str, object]]:
    if url:
        yield url, None
        return
    sys.path.insert(0, str(ROOT / "tests"))
    from pg_server import pg_server  # type: ignore[import-not-found]

    with pg_server() as found:
        yield "", found


def sync_walls(env: dict[str, str]) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as folder:
        config = Path(folder) / "config.example.yaml"
        shutil.copy(ROOT / "config.example.yaml", config)
        walls = []
        for _ in range(2):
            started = time.perf_counter()
            done = subprocess.run(
                [*COOPSYNC, "-q", "sync", "-c", str(config)],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            walls.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(f"sync failed: {done.stdout}{done.stderr}")
        return walls[0], walls[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=None, help="a database to create schemas in")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-store", action="store_true")
    args = parser.parse_args()

    with server(args.url) as (url, found):
        base = {k: v for k, v in os.environ.items() if k != "COOPSYNC_STATE_URL"}
        results: dict[str, list[tuple[float, float]]] = {"sqlite": [], "postgresql": []}
        for n in range(args.repeat):
            results["sqlite"].append(sync_walls(base))
            if found is not None:
                with found.database(f"bench_sync_{n}") as fresh:  # type: ignore[attr-defined]
                    env = {**base, "COOPSYNC_STATE_URL": fresh, "COOPSYNC_TOKEN_KEY": KEY}
                    results["postgresql"].append(sync_walls(env))
            else:
                env = {**base, "COOPSYNC_STATE_URL": url, "COOPSYNC_TOKEN_KEY": KEY}
                results["postgresql"].append(sync_walls(env))
        print(f"config.example.yaml, median of {args.repeat} fresh copies (wall, s):")
        print(f"{'store':<12} {'first sync':>11} {'second sync':>12}")
        for store, walls in results.items():
            first = statistics.median(w[0] for w in walls)
            second = statistics.median(w[1] for w in walls)
            print(f"{store:<12} {first:>11.2f} {second:>12.2f}")
        if args.skip_store:
            return
        for store in ("sqlite", "postgresql"):
            print(f"\nbench_store.py on {store}:")
            extra: list[str] = []
            if store == "postgresql":
                if found is not None:
                    with found.database("bench_store") as fresh:  # type: ignore[attr-defined]
                        subprocess.run(
                            [
                                sys.executable,
                                str(ROOT / "bench" / "bench_store.py"),
                                "--url",
                                fresh,
                            ],
                            check=True,
                        )
                    continue
                extra = ["--url", url]
            subprocess.run([sys.executable, str(STORE_BENCH), *extra], check=True)


if __name__ == "__main__":
    main()
