"""`coopsync doctor`: a table with a fix per problem; exit 0 ready, 2 to fix, 4 to log in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from shop_files import write_shop
from typer.testing import Result

from coopsync.adapters import TokenPair
from coopsync.errors import ExitCode
from coopsync.onboarding.checks import Status, exit_code
from coopsync.onboarding.doctor import token_check

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)


class Tokens:
    def __init__(self, pair: TokenPair | None) -> None:
        self.pair = pair

    def load_tokens(self, channel: str) -> TokenPair | None:
        return self.pair

    def save_tokens(self, channel: str, tokens: TokenPair) -> None:
        self.pair = tokens


def _pair(refresh_in: timedelta) -> TokenPair:
    return TokenPair("a", "r", NOW + timedelta(hours=4), NOW + refresh_in)


def test_an_expired_refresh_token_needs_a_person_and_exits_4() -> None:
    expired = token_check("shop", Tokens(_pair(-timedelta(days=1))), NOW)
    soon = token_check("shop", Tokens(_pair(timedelta(days=2))), NOW)
    fine = token_check("shop", Tokens(_pair(timedelta(days=25))), NOW)
    assert expired is not None and expired.status is Status.HUMAN
    assert soon is not None and soon.status is Status.WARN
    assert fine is not None and fine.status is Status.OK
    assert token_check("shop", Tokens(None), NOW) is None
    assert exit_code([fine, soon]) == ExitCode.OK
    assert exit_code([fine, expired]) == ExitCode.NEEDS_HUMAN


def test_doctor_on_a_sandbox_shop_is_all_ok(tmp_path: Path, run_cli: Callable[..., Result]) -> None:
    config = write_shop(tmp_path)
    result = run_cli("doctor", "-c", str(config))
    assert result.exit_code == 0, result.output
    for channel in ("shopee", "whatsapp", "bazaar"):
        assert channel in result.stdout
    assert "sandbox: no credentials needed" in result.stdout and "answered" in result.stdout


def test_a_damaged_state_file_is_found_with_its_fix(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path)
    assert run_cli("sale", "add", "-c", str(config), "KMJ-PRG-M", "1").exit_code == 0
    state = tmp_path / ".coopsync" / "state.sqlite"
    data = bytearray(state.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    state.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        (tmp_path / ".coopsync" / f"state.sqlite{suffix}").unlink(missing_ok=True)
    result = run_cli("doctor", "-c", str(config))
    assert result.exit_code == 2, result.output
    assert "damaged" in result.stdout and "move the state folder away" in result.stdout
