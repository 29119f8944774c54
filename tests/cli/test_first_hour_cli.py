"""Small things a person trips on in the first hour: options, help, exit codes, JSON, status."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from coopsync.cli.app import app, hoist_global_options
from coopsync.cli.context import command

Run = Callable[..., Result]

SHOP = """shop:
  name: Koperasi Uji
  language: {language}
  timezone: Asia/Jakarta
channels:
  wa: {{platform: manual, sandbox: true}}
products:
  - {{title: Kain Batik Tulis, sku: K-1, price: 25000, stock: 2}}
"""


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    path = tmp_path / "coopsync.yaml"
    path.write_text(SHOP.format(language="en"), encoding="utf-8")
    return path


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- global options after the command ------------------------------------------------------------
def test_global_options_are_accepted_after_the_command(run_cli: Run, shop: Path) -> None:
    quiet = run_cli("validate", "-c", str(shop), "-q")
    assert quiet.exit_code == 0, quiet.output
    assert quiet.stdout == ""
    config_first = run_cli("-c", str(shop), "validate", "-q")
    assert config_first.exit_code == 0, config_first.output
    assert config_first.stdout == ""
    indonesian = run_cli("validate", "-c", str(shop), "--lang", "id")
    assert "valid: 1 produk" in indonesian.stdout


def test_a_commands_option_value_is_never_taken_for_a_global_option() -> None:
    root = typer.main.get_command(app)
    ctx = root.make_context("coopsync", ["--help"], resilient_parsing=True)
    args = ["stock", "adjust", "K-1", "-2", "--reason", "-q", "-v"]
    assert hoist_global_options(root, ctx, args) == [
        "-v",
        "stock",
        "adjust",
        "K-1",
        "-2",
        "--reason",
        "-q",
    ]
    assert hoist_global_options(root, ctx, ["-c", "toko.yaml", "sync", "-q"]) == [
        "-c",
        "toko.yaml",
        "-q",
        "sync",
    ]
    assert hoist_global_options(root, ctx, ["sync", "--log-format=json", "-C", "wa"]) == [
        "--log-format=json",
        "sync",
        "-C",
        "wa",
    ]


def test_a_negative_count_is_explained(run_cli: Run, shop: Path) -> None:
    result = run_cli("stock", "count", "K-1", "-1", "-c", str(shop))
    assert result.exit_code == 2
    assert "No such option" not in result.output
    assert "a count is what is on the shelf now, it cannot be -1" in result.stderr
    assert "coopsync stock adjust K-1 -1" in result.stderr


def _commands(group: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, sub in getattr(group, "commands", {}).items():
        found.extend(_commands(sub, (*prefix, name)))
    return found


def test_no_help_shows_a_type_placeholder_for_on_off_flags(run_cli: Run) -> None:
    for words in _commands(typer.main.get_command(app)):
        result = run_cli(*words, "--help")
        assert result.exit_code == 0, words
        assert "<bool>" not in result.stdout, words


# --- exit codes -----------------------------------------------------------------------------------
def _probe(error: BaseException, *args: str) -> Result:
    probe = typer.Typer()

    @probe.command()
    def fail(ctx: typer.Context) -> None:
        with command(ctx):
            raise error

    @probe.command()
    def other() -> None:  # keeps `fail` a subcommand
        pass

    return CliRunner().invoke(probe, ["fail", *args])


def test_an_unusable_path_from_the_user_is_bad_input_with_the_path() -> None:
    result = _probe(PermissionError(13, "Permission denied", "/srv/toko/ekspor"))
    assert result.exit_code == 2
    assert "/srv/toko/ekspor" in result.stderr and "Permission denied" in result.stderr


def test_a_bug_is_not_reported_as_failed_items() -> None:
    result = _probe(KeyError("sku"))
    assert result.exit_code == 5
    assert "exit code 5" in result.stderr


# --- --log-format json ----------------------------------------------------------------------------
def test_config_errors_are_json_lines_under_log_format_json(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "coopsync.yaml"
    path.write_text(SHOP.format(language="en").replace("price: 25000", "price: 25.000"), "utf-8")
    result = run_cli("--log-format", "json", "validate", "-c", str(path))
    assert result.exit_code == 2
    entries = json_lines(result.stderr)
    assert entries[0]["level"] == "error" and entries[0]["line"] == 8
    assert "25000" in str(entries[0]["message"])
    assert entries[-1]["exit_code"] == 2


def test_the_lock_error_is_json_and_in_the_shops_time_zone(run_cli: Run, shop: Path) -> None:
    from coopsync.state.lock import RunLock

    def clock() -> datetime:
        return datetime(2026, 12, 1, 18, 30, tzinfo=UTC)

    with RunLock(shop.parent / ".coopsync", "sync", clock=clock):
        text = run_cli("sync", "-c", str(shop))
        as_json = run_cli("--log-format", "json", "sync", "-c", str(shop))
    assert text.exit_code == 3
    assert "since 2026-12-02 01:30 WIB" in text.stderr
    [entry] = json_lines(as_json.stderr)
    assert entry["level"] == "error" and entry["exit_code"] == 3
    assert entry["shop"] == "Koperasi Uji"
    assert "2026-12-02 01:30 WIB" in str(entry["message"])


def test_a_crash_is_a_json_line_under_log_format_json() -> None:
    result = _probe(RuntimeError("boom"))
    assert result.exit_code == 5
    probe = typer.Typer()

    @probe.callback()
    def root(ctx: typer.Context) -> None:
        from coopsync.cli.context import get_cli

        get_cli(ctx).log_format = "json"

    @probe.command()
    def fail(ctx: typer.Context) -> None:
        with command(ctx):
            raise RuntimeError("boom")

    crashed = CliRunner().invoke(probe, ["fail"])
    [entry] = json_lines(crashed.stderr)
    assert entry["exit_code"] == 5 and "RuntimeError: boom" in str(entry["message"])


def test_the_json_summary_says_when_and_which_shop(run_cli: Run, shop: Path) -> None:
    result = run_cli("--log-format", "json", "sync", "-c", str(shop))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["shop"] == "Koperasi Uji"
    moment = datetime.fromisoformat(str(summary["time"]))
    assert abs((datetime.now(UTC) - moment).total_seconds()) < 3600


# --- status tells the truth -----------------------------------------------------------------------
def test_a_killed_run_is_shown_interrupted_once_the_lock_is_free(run_cli: Run, shop: Path) -> None:
    from coopsync.cli.session import open_store
    from coopsync.config import load_config
    from coopsync.state.lock import RunLock

    loaded = load_config(shop)
    with open_store(loaded) as store:
        store.start_run("sync", datetime(2026, 12, 1, 18, 0, tzinfo=UTC))  # never finished
    with RunLock(loaded.state_dir, "sync"):
        held = run_cli("status", "-c", str(shop))
    free = run_cli("status", "-c", str(shop))
    assert "running" in held.stdout and "interrupted" not in held.stdout
    assert "interrupted" in free.stdout and "running" not in free.stdout


def test_status_names_stock_commands_and_dry_runs(run_cli: Run, shop: Path) -> None:
    assert run_cli("sync", "-c", str(shop)).exit_code == 0
    assert run_cli("push", "--dry-run", "-c", str(shop)).exit_code == 0
    assert run_cli("stock", "count", "K-1", "2", "-c", str(shop)).exit_code == 0
    assert (
        run_cli("stock", "adjust", "K-1", "-1", "--reason", "rusak", "-c", str(shop)).exit_code == 0
    )
    result = run_cli("status", "-c", str(shop), "-n", "10")
    cells = [line.split("│")[2].strip() for line in result.stdout.splitlines() if "│" in line]
    commands = [cell for cell in cells if cell]
    assert commands[:4] == ["stock adjust", "stock count", "push --dry-run", "sync"], commands


def test_no_pull_warns_without_verbose(run_cli: Run, shop: Path) -> None:
    result = run_cli("stock", "count", "K-1", "2", "--no-pull", "-c", str(shop))
    assert result.exit_code == 0
    assert "warning: --no-pull: orders were not imported first" in result.stderr


def test_engine_command_errors_speak_bahasa_indonesia(run_cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "coopsync.yaml"
    path.write_text(SHOP.format(language="id"), encoding="utf-8")
    nowhere = run_cli("sync", "-C", "shopee", "-c", str(path))
    assert nowhere.exit_code == 2
    assert "tidak ada kanal bernama shopee — kanal yang ada: wa" in nowhere.stderr
    since = run_cli("pull", "--since", "kemarin", "-c", str(path))
    assert since.exit_code == 2
    assert "--since `kemarin` bukan tanggal" in since.stderr
    negative = run_cli("stock", "adjust", "K-1", "-5", "--reason", "hilang", "-c", str(path))
    assert negative.exit_code == 2
    assert "K-1 ada 2 di rak; -5 membuatnya negatif" in negative.stderr
    assert "would make" not in negative.stderr
