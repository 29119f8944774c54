"""Benchmark: a 1,000-SKU sandbox sync, then a second sync that should send nothing.

    python bench/bench_sync.py [--skus 1000] [--channels shopee,tiktok,lazada,woocommerce]

Generates a catalog (products of 5 variants) in a temporary folder, with every channel a
sandbox (the real adapter against its platform's fake, rate limits included), runs `sync`
twice through the same code path as the CLI, and prints wall time and the requests each
channel received, split into reads and writes. The second run should write nothing; its
reads are the order pull and the listing pull that every sync does.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from coopsync.cli.session import run_engine
from coopsync.config import load_config
from coopsync.engine.run import RunOptions
from coopsync.runtime import ChannelSet

PNG_1PX = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
CHANNEL_FIELDS: dict[str, dict[str, Any]] = {
    "shopee": {"category_id": "100018"},
    "tiktok": {"category_id": "600001"},
    "lazada": {"category_id": "10002019", "attributes": {"brand": "No Brand"}},
    "woocommerce": {},
}
READ_WORDS = ("search", "get", "token", "auth")


def is_write(method: str, path: str) -> bool:
    """A request that changes something on the platform (some platforms read with POST)."""
    return method != "GET" and not any(word in path.lower() for word in READ_WORDS)


def write_shop(root: Path, skus: int, channels: list[str], rate_limit: float | None) -> Path:
    (root / "tas.png").write_bytes(PNG_1PX)
    products = []
    for p in range(skus // 5):
        products.append(
            {
                "id": f"tas-{p:04d}",
                "title": f"Tas Anyaman Pandan Buatan Tangan Model {p:04d}",
                "description": "Dianyam oleh pengrajin difabel dari daun pandan pilihan.",
                "images": ["tas.png"],
                "weight_g": 300,
                "dimensions": {"length_cm": 30, "width_cm": 20, "height_cm": 5},
                "variants": [
                    {
                        "sku": f"TAS-{p:04d}-{colour}",
                        "price": 25_000 + 1_000 * (p % 50),
                        "stock": 200,
                        "options": {"Warna": colour},
                    }
                    for colour in ("Merah", "Biru", "Hijau", "Hitam", "Putih")
                ],
                "channels": {name: CHANNEL_FIELDS[name] for name in channels},
            }
        )
    config = {
        "shop": {"name": "Koperasi Bench", "timezone": "Asia/Jakarta", "language": "en"},
        "state_dir": ".coopsync",
        "channels": {
            name: {"platform": name, "sandbox": True}
            | ({"rate_limit": rate_limit} if rate_limit else {})
            for name in channels
        },
        "products": products,
    }
    path = root / "coopsync.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    return path


class Counts:
    """Requests each sandbox received during one run, split into reads and writes."""

    def __init__(self) -> None:
        self.channels: ChannelSet | None = None
        self.marks: dict[str, int] = {}

    def opened(self, channels: ChannelSet) -> None:
        self.channels = channels
        self.marks = {name: len(fake.requests) for name, fake in channels.fakes.items()}

    def split(self) -> dict[str, Counter[str]]:
        assert self.channels is not None
        out: dict[str, Counter[str]] = {}
        for name, fake in self.channels.fakes.items():
            counter: Counter[str] = Counter()
            for request in fake.requests[self.marks[name] :]:
                counter["writes" if is_write(request.method, request.path) else "reads"] += 1
            out[name] = counter
        return out


async def one_sync(config: Path, buyers: bool) -> tuple[float, float, dict[str, Counter[str]], int]:
    counts = Counts()
    loaded = load_config(config)
    started, cpu = time.perf_counter(), time.process_time()
    result = await run_engine(
        loaded, RunOptions("sync"), on_opened=counts.opened, simulate_buyers=buyers
    )
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    return wall, cpu, counts.split(), int(result.summary.exit_code)


def report(
    label: str, wall: float, cpu: float, split: dict[str, Counter[str]], exit_code: int
) -> None:
    total_reads = sum(c["reads"] for c in split.values())
    total_writes = sum(c["writes"] for c in split.values())
    # CPU covers coopsync and the in-process fakes (the marketplaces' side) together.
    print(f"{label}: {wall:.1f} s wall, {cpu:.1f} s CPU, exit {exit_code}")
    for name, counter in split.items():
        print(f"  {name:<12} {counter['reads']:>6} reads {counter['writes']:>6} writes")
    print(f"  {'total':<12} {total_reads:>6} reads {total_writes:>6} writes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=1000)
    parser.add_argument("--channels", default="shopee,tiktok,lazada,woocommerce")
    parser.add_argument(
        "--unthrottled",
        action="store_true",
        help="lift the platforms' rate limits, to see coopsync's own cost",
    )
    args = parser.parse_args()
    channels = [c.strip() for c in args.channels.split(",") if c.strip()]
    with tempfile.TemporaryDirectory() as folder:
        rate = 100_000.0 if args.unthrottled else None
        config = write_shop(Path(folder), args.skus, channels, rate)
        print(f"{args.skus} SKUs on {len(channels)} sandbox channels ({', '.join(channels)})")
        # The first run finds a sandbox shop with a month of simulated sales.
        report("first sync", *asyncio.run(one_sync(config, buyers=True)))
        # No buyer shops between the two runs, so the second must send nothing.
        report("second sync", *asyncio.run(one_sync(config, buyers=False)))


if __name__ == "__main__":
    main()
