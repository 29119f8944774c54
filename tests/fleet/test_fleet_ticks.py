"""The schedule's ticks: procrastinate's periodic task queues one sync per shop, once per tick
even when the tick itself runs twice; the schedule the workers register is the one set."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import psycopg
from fleet_shops import cli, write_shop

from coopsync.fleet.jobs import TICK_TASK, Schedule, add_periodic, make_app

SHOPS = 3


def _defer_tick(url: str, timestamp: int) -> None:
    """What procrastinate's periodic deferrer does when the quiet tick is due."""

    async def defer() -> None:
        app = make_app(url)
        async with app.open_async():
            await app.tasks[TICK_TASK].defer_async(timestamp=timestamp, kind="quiet")

    asyncio.run(defer())


def _ok_runs(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT shop FROM coopsync_fleet_runs WHERE outcome = 'ok' ORDER BY shop"
        ).fetchall()
    return [row[0] for row in rows]


def test_a_tick_queues_each_shop_once_even_when_it_runs_twice(tmp_path: Path, pg_url: str) -> None:
    for n in range(1, SHOPS + 1):
        write_shop(tmp_path, n)
    assert cli(pg_url, "fleet", "add", str(tmp_path)).returncode == 0

    _defer_tick(pg_url, 1_796_622_000)
    _defer_tick(pg_url, 1_796_622_000)  # the same tick again (a tick job retried)
    worked = cli(pg_url, "fleet", "worker", "--once")
    assert worked.returncode == 0, worked.stdout + worked.stderr
    names = [f"toko-armada-{n:02d}" for n in range(1, SHOPS + 1)]
    assert _ok_runs(pg_url) == names

    _defer_tick(pg_url, 1_796_622_600)  # the next tick: each shop once more
    assert cli(pg_url, "fleet", "worker", "--once").returncode == 0
    assert _ok_runs(pg_url) == sorted(names * 2)
    with psycopg.connect(pg_url) as conn:
        ticks = conn.execute(
            "SELECT tick, count(job_id) FROM coopsync_fleet_ticks GROUP BY tick ORDER BY tick"
        ).fetchall()
    assert ticks == [("quiet@2026-12-07T05:40+00:00", 3), ("quiet@2026-12-07T05:50+00:00", 3)]


def test_the_workers_register_the_schedule_that_was_set(pg_url: str) -> None:
    set_ = cli(pg_url, "fleet", "schedule", "--every", "15", "--nightly", "01:30")
    assert set_.returncode == 0, set_.stderr
    assert "cron '*/15 * * * *'" in set_.stdout and "cron '30 18 * * *'" in set_.stdout
    shown = cli(pg_url, "fleet", "schedule")
    assert "*/15 * * * *" in shown.stdout and "30 18 * * *" in shown.stdout
    bad = cli(pg_url, "fleet", "schedule", "--every", "7")
    assert bad.returncode == 2 and "divides an hour" in bad.stderr

    app = make_app(pg_url)
    add_periodic(app, Schedule(quiet="*/15 * * * *", full="30 18 * * *"))
    crons = {
        (task.task.name, task.periodic_id): task.cron
        for task in app.periodic_registry.periodic_tasks.values()
    }
    assert crons == {
        ("coopsync:tick", "quiet"): "*/15 * * * *",
        ("coopsync:tick", "full"): "30 18 * * *",
        ("coopsync:recover", "recover"): "* * * * *",
    }


def test_two_shops_of_one_name_are_not_both_added(tmp_path: Path, pg_url: str) -> None:
    """Their states would share one schema: the second is refused, the first stays."""
    first = write_shop(tmp_path / "a", 1)
    second = write_shop(tmp_path / "b", 1)  # another folder, the same shop.name
    added = cli(pg_url, "fleet", "add", str(first), str(second))
    assert added.returncode == 2
    assert f"{second} was not added" in added.stderr and "toko-armada-01" in added.stderr
    listed = cli(pg_url, "fleet", "list", "-f", "json")
    assert [(s["name"], s["config"]) for s in json.loads(listed.stdout)] == [
        ("toko-armada-01", str(first))
    ]
    renamed = cli(pg_url, "fleet", "add", "--name", "toko-kembar", str(second))
    assert renamed.returncode == 2  # another fleet name does not make it another shop
