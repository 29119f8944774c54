"""The PostgreSQL state database going away in the middle of a sync: a plain error (exit 2, no
traceback, the URL's password never shown), and the rerun carries on with nothing twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from coopsync.config import load_config
from coopsync.state.choose import open_state

COOPSYNC = [sys.executable, "-c", "from coopsync.cli.app import main; main()"]
KEY = "state-lost-token-key-0123456789"


def test_a_sync_whose_database_goes_away_says_so_and_the_rerun_carries_on(
    pg_url: str, tmp_path: Path, example_config: Path
) -> None:
    config = tmp_path / "config.example.yaml"
    config.write_text(example_config.read_text())
    env = {**os.environ, "COOPSYNC_STATE_URL": pg_url, "COOPSYNC_TOKEN_KEY": KEY}
    victim = subprocess.Popen(
        [*COOPSYNC, "--lang", "en", "-c", str(config), "sync"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # Once the run has written something, end every connection but ours, until it stops.
    with psycopg.connect(pg_url, autocommit=True) as admin:
        deadline = time.monotonic() + 60
        while victim.poll() is None and time.monotonic() < deadline:
            started = admin.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND application_name LIKE 'coopsync%'"
            ).fetchone()
            if started and started[0]:
                time.sleep(0.8)
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            time.sleep(0.05)
    out, err = victim.communicate(timeout=60)
    assert victim.returncode == 2, out + err
    assert "the state database went away during the run" in out + err
    assert "Traceback" not in out + err

    env["COLUMNS"] = "200"
    for _ in range(2):
        rerun = subprocess.run(
            [*COOPSYNC, "-c", str(config), "--log-format", "json", "sync"],
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    summary = json.loads(rerun.stdout.strip().splitlines()[-1])
    assert all(outcome["created"] == 0 for outcome in summary["channels"].values()), (
        "the second rerun still created listings"
    )
    with open_state(load_config(config), url=pg_url) as store:
        lines = store.sales(datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
    assert lines
    keys = Counter((line.channel, line.order_id, line.line_id) for line in lines)
    assert max(keys.values()) == 1
