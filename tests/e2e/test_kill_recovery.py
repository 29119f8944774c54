"""`kill -9` during a real `coopsync sync` process, then a rerun: nothing lost, nothing twice.

On both state stores: the shop's SQLite file, and its schema in PostgreSQL (`state:` by
COOPSYNC_STATE_URL, tokens sealed with COOPSYNC_TOKEN_KEY), the processes seeing the same
environment as a fleet worker would."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from power_cut_shop import write_shop

from coopsync.config import load_config
from coopsync.runtime import open_channels
from coopsync.state.choose import open_state
from coopsync.state.timestamps import utc_now

SKUS = [f"TAS-{i}" for i in range(1, 7)]
COOPSYNC = [sys.executable, "-c", "from coopsync.cli.app import main; main()"]


def sync(config: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COOPSYNC, "-c", str(config), "--log-format", "json", "sync", *extra],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )


async def what_channels_hold(config: Path) -> tuple[dict[str, Counter[str]], dict[str, set[str]]]:
    """Per channel: how many listings sell each SKU, and the marketplace's order ids."""
    loaded = load_config(config)
    shown: dict[str, Counter[str]] = {}
    orders: dict[str, set[str]] = {}
    with open_state(loaded) as store:
        async with open_channels(loaded, store, utc_now, simulate_buyers=False) as channels:
            for name, adapter in channels.channels.items():
                counts: Counter[str] = Counter()
                async for listing in adapter.listings():
                    counts.update(sku.sku for sku in listing.skus)
                shown[name] = counts
                orders[name] = set(channels.fakes[name].order_ids())
    return shown, orders


def use_store(store: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Where the shop's state lives, for this process and the coopsync processes it starts."""
    if store == "postgresql":
        monkeypatch.setenv("COOPSYNC_STATE_URL", request.getfixturevalue("pg_url"))
        monkeypatch.setenv("COOPSYNC_TOKEN_KEY", "kill-recovery-token-key-0123")
    else:
        monkeypatch.delenv("COOPSYNC_STATE_URL", raising=False)


# Five kill points on SQLite, three on PostgreSQL (the suite's time).
KILLS = [("sqlite", t) for t in (0.6, 1.2, 1.6, 2.0, 2.8)] + [
    ("postgresql", t) for t in (0.6, 1.6, 2.8)
]


@pytest.mark.parametrize(("state_store", "kill_after"), KILLS)
def test_killed_sync_then_rerun_loses_nothing_and_doubles_nothing(
    tmp_path: Path,
    kill_after: float,
    state_store: str,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    use_store(state_store, monkeypatch, request)
    config = write_shop(tmp_path, SKUS)
    victim = subprocess.Popen(
        [*COOPSYNC, "-c", str(config), "-q", "sync"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(kill_after)
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=10)

    rerun = sync(config)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    again = sync(config)
    assert again.returncode == 0, again.stdout + again.stderr
    summary = json.loads(again.stdout.strip().splitlines()[-1])
    for name, outcome in summary["channels"].items():
        writes = {
            k: outcome[k] for k in ("created", "adopted", "updated", "stock_set", "prices_set")
        }
        assert set(writes.values()) == {0}, f"{name} still had work after the rerun: {writes}"

    shown, held = asyncio.run(what_channels_hold(config))
    if state_store == "postgresql":  # and nothing went to a SQLite file
        assert not (tmp_path / ".coopsync" / "state.sqlite").exists()
    every_sku = {f"{s}-{size}" for s in SKUS for size in ("M", "L")}
    for name, counts in shown.items():
        assert set(counts) == every_sku, f"{name} is missing listings"
        doubled = {sku: n for sku, n in counts.items() if n > 1}
        assert not doubled, f"{name} lists these SKUs twice: {doubled}"

    # Every order the marketplaces hold was imported, and each line once.
    loaded = load_config(config)
    with open_state(loaded) as store:
        lines = store.sales(datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
    imported: dict[str, set[str]] = {}
    for line in lines:
        imported.setdefault(line.channel, set()).add(line.order_id)
    for name, order_ids in held.items():
        assert order_ids, f"the {name} sandbox has no orders"
        assert imported.get(name, set()) == order_ids, f"{name}: orders missed or invented"
    keys = Counter((line.channel, line.order_id, line.line_id) for line in lines)
    assert max(keys.values()) == 1
