"""The command line in-process: global options, languages, exit codes, help, logging."""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
import typer.main
from typer.testing import Result

from coopsync.cli.app import COMMAND_MODULES, COMMANDS, module_app
from coopsync.cli.context import command
from coopsync.cli.logs import setup_logging
from coopsync.errors import AuthExpired, LockHeld

Run = Callable[..., Result]

GOOD = """shop:
  name: Koperasi Uji
  language: {language}
channels:
  wa: {{platform: manual, sandbox: true}}
products:
  - {{title: Kain Batik Tulis, sku: K-1, price: 25000, stock: 2}}
"""


def write_config(folder: Path, language: str = "en", text: str = GOOD) -> Path:
    path = folder / "coopsync.yaml"
    path.write_text(text.format(language=language), encoding="utf-8")
    return path


def test_validate_example_prints_summary_in_the_shops_language(
    run_cli: Run, example_config: Path
) -> None:
    result = run_cli("validate", "-c", str(example_config))
    assert result.exit_code == 0, result.stderr
    assert "11 produk, 23 varian, 4 kanal (shopee, tiktok, lazada, whatsapp)" in result.stdout


def test_lang_option_wins_over_the_config(run_cli: Run, example_config: Path) -> None:
    result = run_cli("--lang", "en", "validate", "-c", str(example_config))
    assert "is valid: 11 products, 23 variants, 4 channels" in result.stdout


def test_locale_decides_when_the_config_names_no_language(run_cli: Run, tmp_path: Path) -> None:
    path = write_config(tmp_path, text=GOOD.replace("  language: {language}\n", ""))
    indonesian = run_cli("validate", "-c", str(path), env={"LANG": "id_ID.UTF-8", "LC_ALL": None})
    english = run_cli("validate", "-c", str(path), env={"LANG": "en_US.UTF-8", "LC_ALL": None})
    assert "1 produk" in indonesian.stdout
    assert "1 product," in english.stdout


def test_global_config_option_is_used_by_the_command(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("-c", str(write_config(tmp_path)), "validate")
    assert result.exit_code == 0 and "is valid" in result.stdout


def test_quiet_prints_nothing_on_success(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("--quiet", "validate", "-c", str(write_config(tmp_path)))
    assert result.exit_code == 0
    assert result.stdout == ""


def test_invalid_config_exits_2_with_located_errors_on_stderr(run_cli: Run, tmp_path: Path) -> None:
    path = write_config(tmp_path, text=GOOD.replace("price: 25000", "price: 25.000"))
    result = run_cli("validate", "-c", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "coopsync.yaml:7:48 products[0].price:" in result.stderr
    assert "write 25000" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_config_exits_2_without_traceback(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("--lang", "en", "validate", "-c", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "config file not found" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_a_traceback_with_secrets_masked(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".env").write_text("KOP_SECRET=very-secret-partner-key\n")
    text = GOOD.replace(
        "  wa: {{platform: manual, sandbox: true}}",
        "  shopee: {{platform: shopee, sandbox: true, partner_key: ${{KOP_SECRET}}}}",
    ).replace("stock: 2", "stock: -2")
    path = write_config(tmp_path, text=text)
    result = run_cli("--debug", "validate", "-c", str(path))
    assert result.exit_code == 2
    assert "Traceback" in result.stderr
    assert "very-secret-partner-key" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("error", "code"),
    [
        (LockHeld("another run holds the lock (pid 42)"), 3),
        (AuthExpired("refresh token revoked", channel="shopee", needs_human=True), 4),
        (RuntimeError("boom"), 5),  # a bug: not 1, which means "items failed"
    ],
)
def test_errors_become_exit_codes_without_traceback(
    error: Exception, code: int, run_cli: Run
) -> None:
    probe = typer.Typer()

    @probe.command()
    def fail(ctx: typer.Context) -> None:
        with command(ctx):
            raise error

    @probe.command()
    def other() -> None:  # a second command keeps `fail` a subcommand
        pass

    from typer.testing import CliRunner

    result = CliRunner().invoke(probe, ["fail"])
    assert result.exit_code == code
    assert "Traceback" not in result.stdout + result.stderr
    assert str(error) in result.stderr


def test_every_command_has_help_with_an_example(run_cli: Run) -> None:
    top = run_cli("--help")
    assert top.exit_code == 0
    listed = top.stdout.split("Commands:", 1)[1].split("Example:", 1)[0]
    names = [found[1] for line in listed.splitlines() if (found := re.match(r"  (\S+)", line))]
    assert names == list(COMMANDS)  # every command, in the table's order
    for name in names:
        result = run_cli(name, "--help")
        assert result.exit_code == 0, name
        assert f"Usage: coopsync {name} " in result.stdout
        assert "Example" in result.stdout, f"`coopsync {name} --help` has no example"
    assert COMMAND_MODULES[0] == "coopsync.cli.validate"


def test_the_command_table_names_what_each_module_registers() -> None:
    """Commands are built lazily from `COMMANDS`: a command a module registers but the table
    forgets would never be reachable, a name the table keeps after a rename would fail."""
    for module_name in COMMAND_MODULES:
        registered = set(typer.main.get_group(module_app(module_name)).commands)
        expected = {name for name, module in COMMANDS.items() if module == module_name}
        assert registered == expected, module_name


def test_a_mistyped_command_is_suggested_without_building_every_command(run_cli: Run) -> None:
    result = run_cli("valdate")
    assert result.exit_code == 2
    assert "No such command 'valdate'. Did you mean 'validate'?" in result.stderr
    assert "Did you mean 'stock'?" in run_cli("stok", "show").stderr


def test_a_command_builds_only_its_own_module() -> None:
    """`coopsync validate` imports `validate`'s command module, not the other commands'."""
    code = (
        "import sys;"
        "sys.argv = ['coopsync', 'validate', '-c', 'config.example.yaml'];"
        "from coopsync.cli.app import main, COMMAND_MODULES;"
        "exec('try:\\n main()\\nexcept SystemExit:\\n pass');"
        "print(sorted(m for m in COMMAND_MODULES if m in sys.modules), file=sys.stderr)"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=root
    )
    assert "valid" in out.stdout, out.stdout + out.stderr
    assert out.stderr.strip().splitlines()[-1] == "['coopsync.cli.validate']", out.stderr


def test_version(run_cli: Run) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("coopsync ")


def test_help_does_not_import_adapters_or_httpx() -> None:
    code = (
        "import sys; import coopsync.cli.app; "
        "print(sorted(m for m in ('httpx', 'coopsync.adapters', 'coopsync_adapters') "
        "if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"


def test_json_logs_are_redacted(capsys: pytest.CaptureFixture[str]) -> None:
    from coopsync.secrets import register_secret

    register_secret("tok-abcdef-123456")
    handler = setup_logging(logging.INFO, "json")
    try:
        logging.getLogger("coopsync.test").info(
            "refreshed tok-abcdef-123456", extra={"channel": "x"}
        )
    finally:
        logging.getLogger().removeHandler(handler)
    entry = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert entry["level"] == "info"
    assert entry["channel"] == "x"
    assert entry["message"] == "refreshed ***"


def test_validate_checks_listing_rules_of_each_channel(run_cli: Run, tmp_path: Path) -> None:
    text = """shop: {name: Koperasi Uji, language: en}
channels:
  tiktok: {platform: tiktok, sandbox: true}
products:
  - title: Kemeja Batik
    images: [https://img.example/k.jpg]
    sku: KMJ-1
    price: 250000
    stock: 3
    channels: {tiktok: {category_id: "601226"}}
"""
    path = write_config(tmp_path, text=text.replace("{", "{{").replace("}", "}}"))
    result = run_cli("validate", "-c", str(path))
    assert result.exit_code == 2
    assert (
        "coopsync.yaml:5:12 products[0] (SKU KMJ-1) on channel tiktok:"
        " title is 12 characters, TikTok Shop needs 25–255 — lengthen the title"
    ) in result.stderr
    assert run_cli("validate", "--no-rules", "-c", str(path)).exit_code == 0
