"""No secret reaches the --debug output, the run summary, the journal or a state dump."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli_e2e import cli, write_shop

from coopsync.config import load_config
from coopsync.state.sqlite import SqliteStore
from coopsync_adapters.lazada.fake import LazadaFake
from coopsync_adapters.shopee.fake import ShopeeFake


def test_debug_sync_and_state_dump_hold_no_secret(tmp_path: Path) -> None:
    config = write_shop(tmp_path, {"TAS-1": 5, "TAS-2": 3})
    code, out = cli("-c", str(config), "--debug", "--log-format", "json", "sync")
    assert code == 0, out
    assert "HTTP Request" in out, "the debug log should show the requests (masked)"

    loaded = load_config(config)
    with SqliteStore(loaded.state_dir / "state.sqlite") as store:
        tokens = [store.load_tokens(key) for key in _token_keys(store)]
        dump = json.dumps(store.dump(), default=str)
    secrets = {s for fake in (ShopeeFake(), LazadaFake()) for s in fake.settings().secret_values()}
    secrets |= {t.access_token for t in tokens if t} | {t.refresh_token for t in tokens if t}
    assert any(tokens), "the sandboxes issued tokens: they must be checked too"
    assert len(secrets) >= 4
    for secret in secrets:
        assert secret not in out, "a secret reached the --debug output"
        assert secret not in dump, "a secret reached the state dump"


def _token_keys(store: SqliteStore) -> list[str]:
    rows = store.dump().get("tokens", [])
    return [str(row["channel"]) for row in rows]
