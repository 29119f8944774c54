"""The sandbox never needs a person: a token refresh it accepted survives a kill, and a
sandbox left idle for weeks signs in again by itself."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

RunCli = Callable[..., Result]

# Runs `coopsync` with the token refresh wrapped: once the refreshed pair is stored... no: once
# the platform has answered, the process dies at once, as a SIGKILL would (no cleanup runs).
KILL_AFTER_REFRESH = """
import os, sys
import coopsync.http as http
original = http.TokenManager.refresh
async def refresh_then_die(self, stale):
    token = await original(self, stale)
    os._exit(137)
http.TokenManager.refresh = refresh_then_die
from coopsync.cli.app import app
sys.argv = ["coopsync", *sys.argv[1:]]
app()
"""


def _sandbox_file(shop: Path, channel: str) -> Path:
    return shop.parent / ".coopsync" / "sandbox" / f"{channel}.json"


def _edit_sandbox(shop: Path, channel: str, change: Callable[[dict[str, object]], None]) -> None:
    path = _sandbox_file(shop, channel)
    state = json.loads(path.read_text())
    change(state)
    path.write_text(json.dumps(state))


def test_a_kill_right_after_a_tiktok_token_refresh_needs_no_person(
    shop: Path, run_cli: RunCli
) -> None:
    assert run_cli("sync", "-c", str(shop), "--channel", "tiktok").exit_code == 0

    def expire_access(state: dict[str, object]) -> None:
        tokens = state.get("tokens", state)
        assert isinstance(tokens, dict)
        tokens["access_expires"] = 0

    _edit_sandbox(shop, "tiktok", expire_access)
    killed = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_REFRESH, "sync", "-c", str(shop), "--channel", "tiktok"],
        capture_output=True,
        text=True,
        env={**os.environ, "COOPSYNC_LANG": "en"},
        timeout=120,
    )
    assert killed.returncode == 137, killed.stderr
    again = run_cli("--lang", "en", "sync", "-c", str(shop), "--channel", "tiktok")
    assert again.exit_code == 0, again.output


def test_an_idle_lazada_sandbox_signs_in_again_by_itself(shop: Path, run_cli: RunCli) -> None:
    assert run_cli("sync", "-c", str(shop), "--channel", "lazada").exit_code == 0

    def fifteen_days_later(state: dict[str, object]) -> None:
        for kind in ("access_tokens", "refresh_tokens"):
            tokens = state[kind]
            assert isinstance(tokens, dict) and tokens
            for token in tokens:
                tokens[token] = 0  # expired long ago

    _edit_sandbox(shop, "lazada", fifteen_days_later)
    again = run_cli("--lang", "en", "sync", "-c", str(shop), "--channel", "lazada")
    assert again.exit_code == 0, again.output
