"""coopsync's performance benchmark: one entry point, a table, and the figures as JSON.

    python bench/run.py [--skus 1000] [--quick] [--json FILE]

A generated shop (bench/catalog_gen.py) on four channels — the real adapters talking over
local HTTP (127.0.0.1) to their platforms' fakes, which run in a process of their own
(bench/fakeserver.py) behind a jittered network and each platform's rate limit (bench/wire.py).
Scenarios, in order, on the same shop:

  first     the first sync: a new sandbox shop with a month of orders and most of the
            catalog already listed by hand (adopted), the rest created
  no-op     a sync right after it: must write nothing
  quiet     a sync 90 s later, nobody bought anything: ≤ 10 calls a platform
  orders    100 orders placed across the channels, then a sync: writes ≤ 1.2× their floor
  quiet-2   a sync 90 s after that
  quiet-3   a sync 10 minutes after that (a shop syncing from cron every 10 minutes)
  full      `sync --full`: every listing read again (the nightly safety net)

Each figure is set against its floor (bench/floors.py): the fewest calls the platforms'
documented batch sizes allow for the work the run had to do, at the platforms' limits.
CPU and peak RSS are coopsync's own (this process: the engine, run as `coopsync sync` runs
it, and the bench's small bookkeeping) and the fakes' (the server process), apart. Then
start-up time of `coopsync --help` and `coopsync validate` of the example, in fresh processes.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import catalog_gen
import floors
import memtrace
import remote
import wire

from coopsync.adapters import Clock
from coopsync.cli.session import run_engine
from coopsync.config import LoadedConfig, load_config
from coopsync.engine.run import RunOptions
from coopsync.runtime import ChannelSet
from coopsync.state.timestamps import utc_now

ROOT = Path(__file__).resolve().parent.parent
CHANNELS = ["shopee", "tiktok", "lazada", "woocommerce"]
# Calls a second. TikTok: "about 50 QPS per API per shop"; Lazada: inventory calls about
# 50/s; Shopee publishes no number (20/s, the figure the issue measured with); WooCommerce
# depends on the shop's hosting (20/s, likewise).
LIMITS = {"shopee": 20.0, "tiktok": 50.0, "lazada": 50.0, "woocommerce": 20.0}
READ_WORDS = ("search", "get", "token", "auth")
QUIET_CALLS = 10  # per platform


def is_write(method: str, path: str) -> bool:
    """A request that changes something on the platform (some platforms read with POST)."""
    return method != "GET" and not any(word in path.lower() for word in READ_WORDS)


@dataclass
class Figures:
    """One scenario's measurements."""

    name: str
    wall: float = 0.0
    cpu: float = 0.0  # coopsync's (this process)
    fakes_cpu: float = 0.0  # the fakes' server processes'
    rss: float = 0.0  # coopsync's peak RSS so far (MB)
    exit_code: int = 0
    reads: dict[str, int] = field(default_factory=dict)
    writes: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)  # 429s
    floor: float = 0.0
    floor_platform: str = ""
    floor_calls: dict[str, int] = field(default_factory=dict)
    floor_writes: dict[str, int] = field(default_factory=dict)
    paths: dict[str, dict[str, int]] = field(default_factory=dict)

    def calls(self, channel: str) -> int:
        return self.reads.get(channel, 0) + self.writes.get(channel, 0)

    @property
    def ratio(self) -> float | None:
        return self.wall / self.floor if self.floor > 0 else None

    def to_json(self) -> dict[str, Any]:
        return {
            "wall_s": round(self.wall, 2),
            "cpu_s": round(self.cpu, 2),
            "fakes_cpu_s": round(self.fakes_cpu, 2),
            "peak_rss_mb": round(self.rss, 1),
            "exit_code": self.exit_code,
            "reads": self.reads,
            "writes": self.writes,
            "http_429": self.refused,
            "floor_s": round(self.floor, 2),
            "floor_platform": self.floor_platform,
            "floor_calls": self.floor_calls,
            "floor_writes": self.floor_writes,
            "wall_over_floor": round(self.ratio, 2) if self.ratio else None,
            "calls_by_path": self.paths,
        }


class Shop:
    """The benchmark shop: its config, a movable clock, its platforms, and what each run did."""

    def __init__(self, config: Path, platforms: remote.RemotePlatforms) -> None:
        self.config = config
        self.platforms = platforms
        self.loaded: LoadedConfig = load_config(config)
        self.offset = timedelta()
        self.product_of: dict[str, str] = {}
        self.variants_of: dict[str, int] = {}
        self.platform_of = {n: c.platform for n, c in self.loaded.channels.items()}
        for name in self.loaded.channels:
            for product, variant in self.loaded.catalog.variants_for_channel(name):
                self.product_of[variant.sku] = str(product.product_id)
        for pid in self.product_of.values():  # every SKU once
            self.variants_of[pid] = self.variants_of.get(pid, 0) + 1

    def clock(self) -> datetime:
        return utc_now() + self.offset

    def later(self, delta: timedelta) -> None:
        self.offset += delta
        self.platforms.set_offset(self.offset.total_seconds())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def one_sync(
    shop: Shop,
    name: str,
    *,
    before: Any = None,
    full: bool = False,
) -> Figures:
    """Run `sync` once through the CLI's code path and measure it."""
    figures = Figures(name)
    if before is not None:
        before()
    at_start = shop.platforms.stats()
    opened: dict[str, float] = {}

    def on_opened(channels: ChannelSet) -> None:
        opened["wall"], opened["cpu"] = time.perf_counter(), time.process_time()

    clock: Clock = shop.clock
    options = RunOptions("sync", full=full) if full else RunOptions("sync")
    result = await run_engine(shop.loaded, options, on_opened=on_opened, clock=clock)
    figures.wall = time.perf_counter() - opened["wall"]
    figures.cpu = time.process_time() - opened["cpu"]
    at_end = shop.platforms.stats()
    figures.fakes_cpu = at_end["cpu_s"] - at_start["cpu_s"]
    figures.rss = peak_rss_mb()
    figures.exit_code = int(result.summary.exit_code)
    for failure in result.summary.failures()[:5]:  # a bench says what failed
        print(f"  {name}: [{failure.channel}] {failure.sku} {failure.action}: {failure.message}")
    for channel, requests in shop.platforms.log(at_start["requests"]).items():
        counter: Counter[str] = Counter()
        paths: Counter[str] = Counter()
        for method, path in requests:
            kind = "writes" if is_write(method, path) else "reads"
            counter[kind] += 1
            paths[re.sub(r"/\d+", "/{id}", path)] += 1
        figures.reads[channel] = counter["reads"]
        figures.writes[channel] = counter["writes"]
        figures.paths[channel] = dict(paths.most_common())
        figures.refused[channel] = at_end["refused"].get(channel, 0) - at_start["refused"].get(
            channel, 0
        )
    figures.run_id = result.summary.run_id  # type: ignore[attr-defined]
    return figures


def work_of(shop: Shop, run_id: int, *, full_read: bool, windows: int) -> list[floors.Work]:
    """Each channel's work in run `run_id`, from the journal."""
    db = sqlite3.connect(shop.loaded.state_dir / "state.sqlite")
    rows = db.execute(
        "SELECT channel, action, sku, detail FROM journal WHERE run_id = ? AND outcome = 'ok'",
        (run_id,),
    ).fetchall()
    db.close()
    works: dict[str, floors.Work] = {}
    for name in shop.loaded.channels:
        work = floors.Work(shop.platform_of[name], order_windows=windows)
        offered = shop.loaded.catalog.variants_for_channel(name)
        products = {shop.product_of[v.sku] for _, v in offered}
        work.listed_products = len(products)
        work.listed_with_variants = sum(1 for p in products if shop.variants_of[p] > 1)
        works[name] = work
    changed: dict[str, set[str]] = {name: set() for name in works}
    for channel, action, sku, detail in rows:
        work = works[channel]
        if action == "create":
            work.creates.append(shop.variants_of[shop.product_of[sku]])
        elif action == "update":
            work.updates += 1
        elif action in ("stock", "price"):
            product = shop.product_of.get(sku, sku)
            target = work.stock if action == "stock" else work.prices
            target[product] = target.get(product, 0) + 1
            changed[channel].add(sku)
        elif action == "pull_orders":
            match = re.match(r"(\d+) orders read", detail)
            work.orders += int(match.group(1)) if match else 0
    for name, work in works.items():
        work.stock_price_skus = len(changed[name])
        if full_read:  # everything that was on the channel before this run's creates
            work.read_products = work.listed_products - len(work.creates)
            work.read_with_variants = work.listed_with_variants - sum(
                1 for n in work.creates if n > 1
            )
    return list(works.values())


def with_floor(figures: Figures, works: list[floors.Work], shop: Shop) -> Figures:
    limits = {p: LIMITS[p] for p in shop.platform_of.values()}
    figures.floor, figures.floor_platform = floors.floor_seconds(works, limits)
    names = list(shop.loaded.channels)
    figures.floor_calls = {n: w.calls() for n, w in zip(names, works, strict=True)}
    figures.floor_writes = {n: w.writes() for n, w in zip(names, works, strict=True)}
    return figures


def sales(shop: Shop, count: int, seed: int) -> tuple[Any, list[floors.Work]]:
    """A hook placing `count` one-unit orders round the channels, and the stock writes they
    make necessary: every other channel of a sold SKU must show one unit less."""
    rng = random.Random(seed)
    names = list(shop.loaded.channels)
    skus = sorted(shop.product_of)
    sold: dict[str, Counter[str]] = {n: Counter() for n in names}
    for i in range(count):
        sold[names[i % len(names)]][rng.choice(skus)] += 1

    def place() -> None:
        orders = {name: list(counter.items()) for name, counter in sold.items()}
        shop.platforms.place(orders, shop.clock())

    works = []
    for name in names:
        work = floors.Work(shop.platform_of[name])
        elsewhere = {sku for other in names if other != name for sku in sold[other]}
        for sku in elsewhere:
            product = shop.product_of[sku]
            work.stock[product] = work.stock.get(product, 0) + 1
        work.stock_price_skus = len(elsewhere)
        work.orders = sum(1 for _ in sold[name])
        works.append(work)
    return place, works


def startup(runs: int) -> dict[str, float]:
    """Median wall time of `coopsync --help`, `coopsync validate` and `python -c pass`."""
    exe = str(Path(sys.executable).parent / "coopsync")
    example = str(ROOT / "config.example.yaml")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "coopsync --help": [exe, "--help"],
        "coopsync validate (example)": [exe, "validate", "-c", example],
    }
    out: dict[str, float] = {}
    for label, command in commands.items():
        subprocess.run(command, capture_output=True, check=False)  # warm the file cache
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False)
            times.append(time.perf_counter() - started)
        out[label] = statistics.median(times)
    return out


def fmt_calls(figures: Figures, channel: str) -> str:
    return f"{figures.reads.get(channel, 0)}/{figures.writes.get(channel, 0)}"


def print_table(all_figures: list[Figures], channels: list[str]) -> None:
    head = ["scenario", "wall s", "floor s", "÷ floor", "429s", "cpu s", "fakes cpu s", "rss MB"]
    head += [f"{c} r/w" for c in channels]
    rows = [head]
    for f in all_figures:
        ratio = f"{f.ratio:.2f}×" if f.ratio else "-"
        rows.append(
            [
                f.name,
                f"{f.wall:.1f}",
                f"{f.floor:.1f} ({f.floor_platform})" if f.floor else "-",
                ratio,
                str(sum(f.refused.values())),
                f"{f.cpu:.1f}",
                f"{f.fakes_cpu:.1f}",
                f"{f.rss:.0f}",
            ]
            + [fmt_calls(f, c) for c in channels]
        )
        rows.append(
            ["  floor calls (writes)", "", "", "", "", "", "", ""]
            + [f"{f.floor_calls.get(c, 0)} ({f.floor_writes.get(c, 0)})" for c in channels]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    for row in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))


async def scenarios(shop: Shop, quick: bool, watcher: Any = None) -> list[Figures]:
    if watcher is not None:
        watcher.start()
    try:
        return await _scenarios(shop, quick, watcher)
    finally:
        if watcher is not None:
            await watcher.stop()


async def _scenarios(shop: Shop, quick: bool, watcher: Any) -> list[Figures]:
    def stage(name: str) -> None:
        if watcher is not None:
            watcher.check()
            watcher.stage = name

    out: list[Figures] = []
    stage("first")
    first = await one_sync(shop, "first")
    out.append(with_floor(first, work_of(shop, first.run_id, full_read=True, windows=2), shop))  # type: ignore[attr-defined]
    print(f"  first sync: {first.wall:.1f} s", flush=True)
    stage("no-op")
    noop = await one_sync(shop, "no-op")
    out.append(with_floor(noop, work_of(shop, noop.run_id, full_read=False, windows=1), shop))  # type: ignore[attr-defined]
    print(f"  no-op sync: {noop.wall:.1f} s", flush=True)
    shop.later(timedelta(seconds=90))
    stage("quiet")
    quiet = await one_sync(shop, "quiet")
    out.append(with_floor(quiet, work_of(shop, quiet.run_id, full_read=False, windows=1), shop))  # type: ignore[attr-defined]
    print(f"  quiet sync: {quiet.wall:.1f} s", flush=True)
    shop.later(timedelta(minutes=10))
    place, works = sales(shop, 100, seed=22)
    stage("100 orders")
    orders = await one_sync(shop, "100 orders", before=place)
    out.append(with_floor(orders, works, shop))
    print(f"  after 100 orders: {orders.wall:.1f} s", flush=True)
    shop.later(timedelta(seconds=90))
    stage("quiet-2")
    quiet2 = await one_sync(shop, "quiet-2")
    out.append(with_floor(quiet2, work_of(shop, quiet2.run_id, full_read=False, windows=1), shop))  # type: ignore[attr-defined]
    print(f"  quiet sync 2: {quiet2.wall:.1f} s", flush=True)
    shop.later(timedelta(minutes=10))  # a quiet sync after a quiet sync: cron every 10 minutes
    stage("quiet-3")
    quiet3 = await one_sync(shop, "quiet-3")
    out.append(with_floor(quiet3, work_of(shop, quiet3.run_id, full_read=False, windows=1), shop))  # type: ignore[attr-defined]
    print(f"  quiet sync 3: {quiet3.wall:.1f} s", flush=True)
    if not quick and "full" in RunOptions.__dataclass_fields__:
        shop.later(timedelta(minutes=10))
        stage("full read")
        full = await one_sync(shop, "full read", full=True)
        out.append(with_floor(full, work_of(shop, full.run_id, full_read=True, windows=1), shop))  # type: ignore[attr-defined]
        print(f"  full read: {full.wall:.1f} s", flush=True)
    return out


def write_shop(
    root: Path,
    skus: int,
    channels: list[str],
    rates: dict[str, float],
    settings: dict[str, Any],
    file: str,
) -> Path:
    """catalog_gen.write_shop in a process of its own: building a 10,000-SKU YAML file takes
    tens of MB that would otherwise count in coopsync's peak RSS."""
    command = [sys.executable, catalog_gen.__file__, str(root), str(skus), ",".join(channels)]
    command += [json.dumps(rates), json.dumps(settings), file]
    subprocess.run(command, check=True)
    return root / file


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="no full-read run; 3 start-up runs")
    parser.add_argument("--channels", default=",".join(CHANNELS))
    parser.add_argument("--json", type=Path, default=None, help="default: bench-<skus>.json")
    parser.add_argument("--no-startup", action="store_true")
    parser.add_argument(
        "--trace-memory", action="store_true", help="where coopsync's memory goes (slow)"
    )
    parser.add_argument(
        "--fake-processes", type=int, default=1, help="server processes for the fakes (1-4)"
    )
    args = parser.parse_args()
    channels = [c.strip() for c in args.channels.split(",") if c.strip()]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        rates = {c: LIMITS[c] for c in channels}
        root = Path(folder)
        sandbox = write_shop(root, args.skus, channels, rates, {}, "sandbox.yaml")
        platforms = remote.RemotePlatforms.start(sandbox, channels, rates, args.fake_processes)
        try:
            settings = platforms.settings()
            config = write_shop(root, args.skus, channels, rates, settings, "coopsync.yaml")
            shop = Shop(config, platforms)
            loaded_mb = peak_rss_mb()
            products = len({shop.product_of[s] for s in shop.product_of})
            print(
                f"{args.skus} SKUs ({products} products) on {', '.join(channels)}; "
                f"limits {rates} calls/s; latency 50-150 ms; the fakes in "
                f"{len(platforms.servers)} process(es) of their own, over 127.0.0.1",
                flush=True,
            )
            watcher = memtrace.Watcher() if args.trace_memory else None
            results = asyncio.run(scenarios(shop, args.quick, watcher))
            fakes = platforms.stats()
        finally:
            platforms.stop()
    peak_mb = peak_rss_mb()
    boot = {} if args.no_startup else startup(3 if args.quick else 7)
    total = time.perf_counter() - started
    print()
    print_table(results, channels)
    quiet = [f for f in results if f.name.startswith("quiet")]
    for f in quiet:
        worst = max(f.calls(c) for c in channels)
        verdict = "met" if worst <= QUIET_CALLS else "NOT met"
        print(f"{f.name}: at most {worst} calls a platform (target ≤ {QUIET_CALLS}: {verdict})")
    print(
        f"peak RSS, coopsync (this process): {peak_mb:.0f} MB "
        f"({loaded_mb:.0f} MB with the config loaded, before the first sync)"
    )
    print(f"peak RSS, the fakes (their server processes): {fakes['peak_rss_mb']:.0f} MB")
    cpu = sum(f.cpu for f in results)
    fakes_cpu = sum(f.fakes_cpu for f in results)
    print(f"CPU over the scenarios: coopsync {cpu:.1f} s, the fakes {fakes_cpu:.1f} s")
    for label, seconds in boot.items():
        print(f"start-up, {label}: {seconds * 1000:.0f} ms (median)")
    print(f"bench wall time: {total:.0f} s")
    if watcher is not None:
        watcher.report()
    out = args.json or Path(f"bench-{args.skus}.json")
    out.write_text(
        json.dumps(
            {
                "skus": args.skus,
                "products": products,
                "channels": channels,
                "limits": rates,
                "latency_s": list(wire.Conditions().latency),
                "fake_processes": len(platforms.servers),
                "scenarios": {f.name: f.to_json() for f in results},
                "peak_rss_mb": round(peak_mb, 1),
                "peak_rss_loaded_mb": round(loaded_mb, 1),
                "fakes_peak_rss_mb": round(fakes["peak_rss_mb"], 1),
                "cpu_s": round(cpu, 2),
                "fakes_cpu_s": round(fakes_cpu, 2),
                "startup_ms": {k: round(v * 1000) for k, v in boot.items()},
                "bench_wall_s": round(total),
                "python": sys.version.split()[0],
            },
            indent=2,
        )
    )
    print(f"figures written to {out}")


if __name__ == "__main__":
    main()
