"""A channel that needs a person is parked with its reason and left out (the shop's other
channels go on syncing) until `fleet resume` or a new connection; per-shop secrets reach only
their shop and never the database, a job's arguments or the worker's log."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from fleet_shops import cli, fleet_env, write_shop

from coopsync.adapters import TokenPair
from coopsync.authorization import Grant, save_grant
from coopsync.fleet.registry import Parked
from coopsync.fleet.runner import load_shop, renewed_channels
from coopsync.shop import Shop

CANARY_SECRET = "kanari-rahasia-7f3a9c"
CANARY_KEY = "kanarikey55"
LIVE_TIKTOK = (
    '  tiktok: {platform: tiktok, sandbox: false, app_key: "${TIKTOK_APP_KEY}", '
    'app_secret: "${TIKTOK_APP_SECRET}"}\n'
)


def _live_shop(root: Path) -> Path:
    """Shopee in the sandbox, TikTok Shop live but never connected (its app keys per shop)."""
    config = write_shop(root, 1)
    text = config.read_text().replace("channels:\n", "channels:\n" + LIVE_TIKTOK, 1)
    text = text.replace(
        '      shopee: {category_id: "100018"}\n',
        '      shopee: {category_id: "100018"}\n      tiktok: {category_id: "601501"}\n',
    )
    config.write_text(text)
    return config


def _env(url: str) -> dict[str, str]:
    return {
        "COOPSYNC_TOKO_ARMADA_01_TIKTOK_APP_KEY": CANARY_KEY,
        "COOPSYNC_TOKO_ARMADA_01_TIKTOK_APP_SECRET": CANARY_SECRET,
    }


def _tick(url: str, **env: str) -> str:
    queued = cli(url, "fleet", "sync", env=env)
    assert queued.returncode == 0, queued.stdout + queued.stderr
    worked = cli(url, "-v", "fleet", "worker", "--once", env=env)
    assert worked.returncode == 0, worked.stdout + worked.stderr
    return worked.stdout + worked.stderr


def _last_run(url: str, shop: str) -> tuple[str, int, str]:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT outcome, exit_code, message FROM coopsync_fleet_runs WHERE shop = %s"
            " ORDER BY id DESC LIMIT 1",
            (shop,),
        ).fetchone()
    assert row is not None
    return row[0], row[1], row[2]


def _everything_in(url: str) -> str:
    """Every row of every table in the database, as text."""
    out: list[str] = []
    with psycopg.connect(url) as conn:
        tables = conn.execute(
            "SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog',"
            " 'information_schema')"
        ).fetchall()
        assert len(tables) > 10  # the fleet's, procrastinate's and the shops' own
        for schema, table in tables:
            for row in conn.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall():
                out.append(repr(row))
    return "\n".join(out)


def test_a_channel_needing_a_person_is_parked_and_the_rest_syncs(
    tmp_path: Path, pg_url: str
) -> None:
    live = _live_shop(tmp_path)
    other = write_shop(tmp_path, 2)
    env = _env(pg_url)

    # Without the shop's own variables its config does not validate: not added.
    refused = cli(pg_url, "fleet", "add", str(live))
    assert refused.returncode == 2
    assert "TIKTOK_APP_KEY" in refused.stderr and "not added" in refused.stderr
    added = cli(pg_url, "fleet", "add", str(live), str(other), env=env)
    assert added.returncode == 0, added.stdout + added.stderr

    queued = cli(pg_url, "fleet", "sync", env=env)
    with psycopg.connect(pg_url) as conn:
        args = conn.execute("SELECT args FROM procrastinate_jobs ORDER BY id").fetchall()
    assert [a for (a,) in args] == [{"shop": "toko-armada-01"}, {"shop": "toko-armada-02"}]
    worked = cli(pg_url, "-v", "fleet", "worker", "--once", env=env)
    assert worked.returncode == 0, worked.stdout + worked.stderr
    logs = queued.stdout + queued.stderr + worked.stdout + worked.stderr

    outcome, code, message = _last_run(pg_url, "toko-armada-01")
    assert (outcome, code) == ("needs_person", 4)
    assert "tiktok" in message and "coopsync connect tiktok" in message
    assert _last_run(pg_url, "toko-armada-02")[:2] == ("ok", 0)
    status = cli(pg_url, "fleet", "status", "--format", "json", env=env)
    rows = {row["name"]: row for row in json.loads(status.stdout)}
    parked = rows["toko-armada-01"]["parked"]
    assert [p["channel"] for p in parked] == ["tiktok"]
    assert "not connected" in parked[0]["reason"]
    assert rows["toko-armada-01"]["failures"] == 1 and rows["toko-armada-02"]["parked"] == []
    table = cli(pg_url, "fleet", "status", env=env)
    assert table.returncode == 1 and "tiktok: channel 'tiktok' is not connected" in table.stdout

    # The next tick syncs the shop's Shopee and leaves the parked TikTok out.
    logs += _tick(pg_url, **env)
    assert _last_run(pg_url, "toko-armada-01")[:2] == ("ok", 0)
    assert [p.channel for p in _parked(pg_url)] == ["tiktok"]

    # `fleet resume` tries it again: still not connected, parked again.
    resumed = cli(pg_url, "fleet", "resume", "toko-armada-01", env=env)
    assert "1 channel(s) will sync again" in resumed.stdout
    assert _parked(pg_url) == []
    logs += _tick(pg_url, **env)
    assert _last_run(pg_url, "toko-armada-01")[:2] == ("needs_person", 4)
    assert [p.channel for p in _parked(pg_url)] == ["tiktok"]

    # Nothing of the shop's secrets in the database, the jobs or the logs.
    everything = _everything_in(pg_url) + status.stdout + table.stdout
    for secret in (CANARY_SECRET, CANARY_KEY):
        assert secret not in everything
        assert secret not in logs


def _parked(url: str) -> list[Parked]:
    from coopsync.fleet import registry

    with registry.connect(url) as conn:
        return registry.parked(conn)


def test_a_new_connection_unparks_the_channel(tmp_path: Path) -> None:
    """`coopsync connect` records the connection in the shop's state; a parked channel
    connected after it was parked is taken back by the next run."""
    config = _live_shop(tmp_path)
    env = {"TIKTOK_APP_KEY": CANARY_KEY, "TIKTOK_APP_SECRET": CANARY_SECRET}
    loaded = load_shop(str(config), "toko-armada-01", env, [])
    parked_at = datetime.now(UTC) - timedelta(hours=1)
    parked = [Parked("toko-armada-01", "tiktok", "not connected", parked_at)]
    assert renewed_channels(loaded, parked) == ()
    tokens = TokenPair("acc", "ref", datetime.now(UTC) + timedelta(hours=4))
    with Shop(loaded).open_store() as store:
        save_grant(store, "tiktok", Grant(tokens, "7000123"), None, parked_at - timedelta(days=1))
    assert renewed_channels(loaded, parked) == ()  # connected before it was parked
    with Shop(loaded).open_store() as store:
        save_grant(store, "tiktok", Grant(tokens, "7000123"), None, datetime.now(UTC))
    assert renewed_channels(loaded, parked) == ("tiktok",)


def test_each_shop_reads_only_its_own_variables() -> None:
    from coopsync.fleet.names import shop_environment

    environ = {
        "COOPSYNC_TOKO_TIKTOK_APP_KEY": "toko",
        "COOPSYNC_TOKO_SARI_TIKTOK_APP_KEY": "sari",
        "TIKTOK_APP_KEY": "office",
        "COOPSYNC_STATE_URL": "postgresql://x/y",
    }
    others = ["toko", "toko-sari", "jaya"]
    toko = shop_environment("toko", environ, others)
    sari = shop_environment("toko-sari", environ, others)
    jaya = shop_environment("jaya", environ, others)
    assert toko["TIKTOK_APP_KEY"] == "toko" and "SARI_TIKTOK_APP_KEY" not in toko
    assert sari["TIKTOK_APP_KEY"] == "sari"
    assert jaya["TIKTOK_APP_KEY"] == "office"
    assert not any(key.startswith("COOPSYNC_TOKO") for key in (*toko, *sari, *jaya))
    assert jaya["COOPSYNC_STATE_URL"] == "postgresql://x/y"


def test_status_lists_tokens_to_renew(
    tmp_path: Path, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A live channel whose refresh token ends within two weeks is listed; one that ends
    later is not. The token key and the app secrets stay the shop's."""
    config = _live_shop(tmp_path)
    env = {**_env(pg_url), **fleet_env(pg_url)}
    assert cli(pg_url, "fleet", "add", str(config), env=env).returncode == 0
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    loaded = load_shop(
        str(config),
        "toko-armada-01",
        {"TIKTOK_APP_KEY": CANARY_KEY, "TIKTOK_APP_SECRET": CANARY_SECRET},
        [],
    )
    now = datetime.now(UTC)

    def connect_until(refresh_ends: datetime) -> None:
        tokens = TokenPair("acc-1", "ref-1", now + timedelta(hours=4), refresh_ends)
        with Shop(loaded).open_store() as store:
            save_grant(store, "tiktok", Grant(tokens, "7000123"), None, now)

    connect_until(now + timedelta(days=40))
    rows = json.loads(cli(pg_url, "fleet", "status", "-f", "json", env=env).stdout)
    assert rows[0]["tokens_to_renew"] == []
    connect_until(now + timedelta(days=3))
    shown = cli(pg_url, "fleet", "status", "-f", "json", env=env)
    rows = json.loads(shown.stdout)
    assert [t["channel"] for t in rows[0]["tokens_to_renew"]] == ["tiktok"]
    table = cli(pg_url, "fleet", "status", env=env)
    assert "tiktok (" in table.stdout
    assert "acc-1" not in shown.stdout + table.stdout
