"""Twenty sandbox shops, two real worker processes, one of them killed with SIGKILL in the middle
of a shop's sync: every shop is synced exactly once per tick, no order is imported twice, and
every channel shows the stock it should."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest
from fleet_shops import cli, fleet_env, fleet_name, what_shop_holds, worker, write_shop

SHOPS = 20


def _ok_runs_by_shop(url: str, job_ids: dict[str, int | None]) -> Counter[str]:
    """Finished good runs of each tick job."""
    wanted = {job_id: shop for shop, job_id in job_ids.items() if job_id is not None}
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT shop, job_id, outcome FROM coopsync_fleet_runs WHERE job_id = ANY(%s)",
            (list(wanted),),
        ).fetchall()
    done: Counter[str] = Counter()
    for shop, job_id, outcome in rows:
        assert wanted[job_id] == shop
        if outcome == "ok":
            done[shop] += 1
    return done


def _tick_jobs(url: str, tick_prefix: str) -> dict[str, int | None]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT shop, job_id FROM coopsync_fleet_ticks WHERE tick LIKE %s",
            (tick_prefix + "%",),
        ).fetchall()
    return {shop: job_id for shop, job_id in rows}


def _ticks(url: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            """SELECT tick FROM coopsync_fleet_ticks WHERE job_id IS NOT NULL
               GROUP BY tick ORDER BY min(queued_at)"""
        ).fetchall()
    return [row[0] for row in rows]


def _doing(url: str, worker_name: str) -> list[int]:
    """Jobs the named worker is running now (procrastinate's own table)."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            """SELECT r.job_id FROM coopsync_fleet_runs r
               JOIN procrastinate_jobs j ON j.id = r.job_id
               WHERE r.worker = %s AND r.finished_at IS NULL AND j.status = 'doing'""",
            (worker_name,),
        ).fetchall()
    return [row[0] for row in rows]


def _started(url: str, worker_name: str) -> bool:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM coopsync_fleet_runs WHERE worker = %s", (worker_name,)
        ).fetchone()
    return row is not None and row[0] > 0


def _finished(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM coopsync_fleet_runs WHERE finished_at IS NOT NULL"
        ).fetchone()
    assert row is not None
    return int(row[0])


def _kill_mid_sync(proc: subprocess.Popen[str], url: str, name: str, *, after: int) -> int | None:
    """SIGKILL the worker in the middle of a shop's sync, once `after` syncs have finished;
    the job it was running. The worker is frozen (SIGSTOP) before the look that decides: a
    worker left running could finish that sync and start the next one between the look and
    the kill (then the job it dies in is not the one seen). Frozen, what the database shows
    is what it dies with; if it is between two syncs, it goes on (SIGCONT) and is looked at
    again."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if _finished(url) >= after and _doing(url, name):
            proc.send_signal(signal.SIGSTOP)
            running = _doing(url, name)
            if running:
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=10)
                return running[0]
            proc.send_signal(signal.SIGCONT)
        time.sleep(0.01)
    return None


def test_two_workers_one_killed_mid_sync_every_shop_once_per_tick(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    configs = [write_shop(tmp_path, n) for n in range(1, SHOPS + 1)]
    added = cli(pg_url, "fleet", "add", str(tmp_path))
    assert added.returncode == 0, added.stdout + added.stderr
    assert added.stdout.count("added ") == SHOPS

    # Tick 1: queued twice before any worker runs; the second queues nothing (queueing lock).
    first = cli(pg_url, "fleet", "sync")
    assert first.returncode == 0, first.stderr
    assert f"{SHOPS} sync(s) queued" in first.stdout
    again = cli(pg_url, "fleet", "sync")
    assert f"0 sync(s) queued (quiet); {SHOPS} shop(s) were already waiting" in again.stdout

    # worker-b starts once worker-a has its first job: on a busy machine a slow start could
    # otherwise leave worker-a nothing to do before the test catches it.
    a = worker(pg_url, "worker-a")
    deadline = time.monotonic() + 60
    while not _started(pg_url, "worker-a") and a.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    b = worker(pg_url, "worker-b")
    killed_job = _kill_mid_sync(a, pg_url, "worker-a", after=4)
    if killed_job is None:
        a.kill()
        out = a.communicate(timeout=30)[0]
        raise AssertionError(f"worker-a was never caught in a sync (exit {a.returncode}): {out}")
    b_out, _ = b.communicate(timeout=120)
    assert b.returncode == 0, b_out
    # worker-b stopped with the queue empty; worker-a's job is still 'doing'.
    with psycopg.connect(pg_url) as conn:
        status = conn.execute(
            "SELECT status::text FROM procrastinate_jobs WHERE id = %s", (killed_job,)
        ).fetchone()

    time.sleep(1.5)  # worker-a's heartbeat is now older than --stalled-after 1
    c = worker(pg_url, "worker-c")
    c_out, _ = c.communicate(timeout=120)
    assert c.returncode == 0, c_out

    ticks = _ticks(pg_url)
    jobs = _tick_jobs(pg_url, ticks[0])
    assert set(jobs) == {fleet_name(n) for n in range(1, SHOPS + 1)}
    done = _ok_runs_by_shop(pg_url, jobs)
    assert done == Counter({name: 1 for name in jobs}), done
    with psycopg.connect(pg_url) as conn:
        killed_runs = conn.execute(
            "SELECT worker, finished_at IS NOT NULL FROM coopsync_fleet_runs WHERE job_id = %s"
            " ORDER BY id",
            (killed_job,),
        ).fetchall()
        unfinished = conn.execute(
            "SELECT count(*) FROM coopsync_fleet_runs WHERE finished_at IS NULL"
        ).fetchone()
    # Killed mid-sync: worker-c synced the shop again, to the end. (A job whose sync was
    # recorded before its worker died is not synced again: the test after this one.)
    assert status == ("doing",)
    assert killed_runs == [("worker-a", False), ("worker-c", True)], killed_runs
    assert unfinished == (1,)

    # Tick 2: two workers, nobody killed; again once per shop.
    second = cli(pg_url, "fleet", "sync")
    assert f"{SHOPS} sync(s) queued" in second.stdout
    d, e = worker(pg_url, "worker-d"), worker(pg_url, "worker-e")
    for proc in (d, e):
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0, out
    ticks = _ticks(pg_url)
    assert len(ticks) == 2
    jobs = _tick_jobs(pg_url, ticks[1])
    assert _ok_runs_by_shop(pg_url, jobs) == Counter({name: 1 for name in jobs})

    # Each shop: every marketplace order imported, each line once; stock right everywhere.
    for name, value in fleet_env(pg_url).items():  # the state where the workers keep it
        monkeypatch.setenv(name, value)
    for config in configs:
        held = what_shop_holds(config)
        for channel, order_ids in held.order_ids.items():
            assert order_ids, f"{config}: the {channel} sandbox has no orders"
            assert held.imported.get(channel, set()) == order_ids, f"{config} {channel}"
        assert held.most_imports_of_a_line == 1, config
        assert held.listings_left == 0, config
        assert held.stock_pushes_left == 0, f"{config}: a channel shows the wrong stock"

    status = cli(pg_url, "fleet", "status", "--format", "json")
    assert status.returncode == 0, status.stderr
    rows = json.loads(status.stdout)
    assert len(rows) == SHOPS
    assert {row["result"] for row in rows} == {"ok"}
    assert all(row["failures"] == 0 and not row["queued"] for row in rows)

    # The mentor's fleet report: the sum of the shops' own reports, in every format.
    _fleet_report_is_the_sum(pg_url, configs, tmp_path)


FIGURES = ("omzet", "net", "cancelled", "returned", "unpaid", "refunded", "orders", "units")


def _fleet_report_is_the_sum(url: str, configs: list[Path], tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from coopsync.cli.app import app

    runner = CliRunner()
    env = fleet_env(url)
    fleet = runner.invoke(app, ["report", "--fleet", "-p", "30d", "-f", "json"], env=env)
    assert fleet.exit_code == 0, fleet.output
    combined = json.loads(fleet.stdout)
    assert len(combined["shops"]) == SHOPS and all(s["ok"] for s in combined["shops"])
    total = dict.fromkeys(FIGURES, 0)
    for config in configs:
        own = runner.invoke(app, ["report", "-c", str(config), "-p", "30d", "-f", "json"], env=env)
        assert own.exit_code == 0, own.output
        current = json.loads(own.stdout)["shops"][0]["report"]["totals"]["current"]
        for figure in FIGURES:
            total[figure] += current[figure]
    assert total["orders"] > 0
    assert {f: combined["combined"]["current"][f] for f in FIGURES} == total

    for fmt in ("table", "md", "html", "whatsapp"):
        shown = runner.invoke(app, ["report", "--fleet", "-p", "30d", "-f", fmt], env=env)
        assert shown.exit_code == 0, shown.output
        assert "Toko Armada 01" in shown.stdout and "Toko Armada 20" in shown.stdout
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"laporan-{fmt}"
        written = runner.invoke(
            app, ["report", "--fleet", "-p", "30d", "-f", fmt, "-o", str(out)], env=env
        )
        assert written.exit_code == 0, written.output
        assert out.exists()


def test_a_job_recorded_done_before_its_worker_died_is_not_synced_again(
    tmp_path: Path, pg_url: str
) -> None:
    """The worker synced the shop and recorded the run, then died before procrastinate heard:
    the job is still `doing` under a worker that is gone. The next worker takes it back and
    does not sync the shop a second time."""
    from coopsync.fleet import registry

    write_shop(tmp_path, 1)
    assert cli(pg_url, "fleet", "add", str(tmp_path)).returncode == 0
    assert "1 sync(s) queued" in cli(pg_url, "fleet", "sync").stdout
    [job_id] = [j for j in _tick_jobs(pg_url, "").values() if j is not None]
    with registry.connect(pg_url) as conn:
        conn.execute(  # fetched by a worker since gone (procrastinate pruned its row)
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = NULL WHERE id = %s",
            (job_id,),
        )
        run_id = registry.start_run(conn, fleet_name(1), job_id, "quiet", "worker-gone")
        registry.finish_run(conn, run_id, 0, "ok", "")

    c = worker(pg_url, "worker-c")
    out, _ = c.communicate(timeout=120)
    assert c.returncode == 0, out
    assert "was done before its worker died" in out, out
    with psycopg.connect(pg_url) as conn:
        runs = conn.execute(
            "SELECT worker FROM coopsync_fleet_runs WHERE job_id = %s", (job_id,)
        ).fetchall()
        left = conn.execute(
            "SELECT status::text FROM procrastinate_jobs WHERE id = %s", (job_id,)
        ).fetchone()
    assert runs == [("worker-gone",)]
    assert left is None  # the job ended (and was deleted, as successful jobs are)
