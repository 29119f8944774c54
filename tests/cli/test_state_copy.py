"""`coopsync state copy`: a shop moves from its SQLite file into PostgreSQL and back, whole."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import pytest
from typer.testing import Result

from coopsync.config import load_config
from coopsync.shop import Shop
from coopsync.state.choose import open_state
from coopsync.state.pg_conn import shop_schemas

KEY = "state-copy-test-token-key-0123"
HISTORY = ("orders", "order_lines", "journal", "runs", "stock_counts", "listings", "cursors")


@pytest.fixture
def shop(tmp_path: Path, example_config: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("COOPSYNC_STATE_URL", raising=False)
    monkeypatch.setenv("COOPSYNC_TOKEN_KEY", KEY)
    path = tmp_path / "config.example.yaml"
    shutil.copy(example_config, path)
    return path


def history(config: Path, url: str) -> dict[str, list[dict[str, object]]]:
    with open_state(load_config(config), url=url) as store:
        dump = store.dump()
    return {table: sorted(dump[table], key=repr) for table in HISTORY}


def test_a_shop_moves_into_postgresql_and_back_whole(
    shop: Path, pg_url: str, run_cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(2):
        synced = run_cli("-q", "sync", "-c", str(shop))
        assert synced.exit_code == 0, synced.output
    before = history(shop, "sqlite")
    assert before["orders"] and before["journal"]

    moved = run_cli("--lang", "en", "state", "copy", "--to", pg_url, "-c", str(shop))
    assert moved.exit_code == 0, moved.output
    assert f"{len(before['orders'])} orders" in moved.output
    assert history(shop, pg_url) == before
    with psycopg.connect(pg_url) as raw:  # tokens went in sealed
        (key,) = shop_schemas(raw)
        sealed = raw.execute(
            f"SELECT access_token, refresh_token FROM coopsync_{key}.tokens"
        ).fetchall()
    assert sealed and all(a.startswith("v1:") and r.startswith("v1:") for a, r in sealed)

    # The report and status read the same from either store.
    loaded = load_config(shop)
    at = datetime.now(UTC)
    on_sqlite = Shop(loaded, clock=lambda: at).report(period="30d", lang="en")
    on_postgres = Shop(loaded, clock=lambda: at, state_url=pg_url).report(period="30d", lang="en")
    assert on_postgres == on_sqlite
    assert on_sqlite.totals.current.omzet > 0 and on_sqlite.stock  # a report with figures
    status_sqlite = run_cli("--lang", "en", "status", "-c", str(shop))
    monkeypatch.setenv("COOPSYNC_STATE_URL", pg_url)
    status_pg = run_cli("--lang", "en", "status", "-c", str(shop))
    monkeypatch.delenv("COOPSYNC_STATE_URL")
    assert status_pg.exit_code == 0 and status_pg.output == status_sqlite.output

    # The shop now syncs on PostgreSQL: new ids follow the copied ones, nothing twice.
    monkeypatch.setenv("COOPSYNC_STATE_URL", pg_url)
    again = run_cli("-q", "sync", "-c", str(shop))
    assert again.exit_code == 0, again.output
    after = history(shop, pg_url)
    assert len(after["runs"]) == len(before["runs"]) + 1
    assert {o["order_id"] for o in before["orders"]} <= {o["order_id"] for o in after["orders"]}

    # Back to the laptop: into a shop with history it refuses; into an empty folder it copies.
    refused = run_cli("--lang", "en", "state", "copy", "--to", "sqlite", "-c", str(shop))
    assert refused.exit_code == 2
    assert "already holds" in refused.output
    state = shop.parent / ".coopsync"
    (state / "state.sqlite").rename(shop.parent / "old.sqlite")
    back = run_cli("--lang", "en", "state", "copy", "--to", "sqlite", "-c", str(shop))
    assert back.exit_code == 0, back.output
    monkeypatch.delenv("COOPSYNC_STATE_URL")
    assert history(shop, "sqlite") == after
    with open_state(load_config(shop)) as store:
        assert store.token_channels() and all(
            store.load_tokens(c) is not None for c in store.token_channels()
        )


def test_copy_needs_one_direction_and_never_shows_the_password(
    shop: Path, run_cli: Callable[..., Result]
) -> None:
    both = run_cli(
        "--lang", "en", "state", "copy", "--to", "sqlite", "--from", "x", "-c", str(shop)
    )
    assert both.exit_code == 2
    url = "postgresql://coop:Rahasia-Sekali-99@127.0.0.1:1/coops"
    down = run_cli("--lang", "en", "state", "copy", "--to", url, "-c", str(shop))
    assert down.exit_code == 2
    assert "Rahasia-Sekali-99" not in down.output
    assert "coop:***@127.0.0.1:1/coops" in down.output
