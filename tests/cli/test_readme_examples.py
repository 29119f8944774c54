"""The README's own examples, walked in-process as a new user would type them."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import Result

Run = Callable[..., Result]


def readme(repo_root: Path) -> str:
    return (repo_root / "README.md").read_text("utf-8")


def block(repo_root: Path, marker: str) -> str:
    """The fenced block of README.md that contains `marker`."""
    blocks = re.findall(r"```[a-z]*\n(.*?)```", readme(repo_root), flags=re.S)
    [found] = [b for b in blocks if marker in b]
    return found


@pytest.fixture
def shop(tmp_path: Path, example_config: Path) -> Path:
    config = tmp_path / "config.example.yaml"
    shutil.copy(example_config, config)
    return config


def test_quick_start_sync_then_nothing_to_change_then_status(run_cli: Run, shop: Path) -> None:
    first = run_cli("sync", "-c", str(shop))
    assert first.exit_code == 0, first.output
    assert "kanal" in first.stdout and "kode keluar 0" in first.stdout  # the shop's language
    second = run_cli("--log-format", "json", "sync", "-c", str(shop))
    assert second.exit_code == 0, second.output
    summary = json.loads(second.stdout)
    for name, outcome in summary["channels"].items():
        made = outcome["created"] + outcome["adopted"] + outcome["updated"]
        assert made == 0, (name, outcome)
    status = run_cli("status", "-c", str(shop))
    assert status.exit_code == 0
    assert status.stdout.count("sync") >= 2
    english = run_cli("--lang", "en", "sync", "-c", str(shop))
    assert "channel" in english.stdout and "exit code 0" in english.stdout


def test_the_readme_validate_lines_are_what_validate_prints(
    run_cli: Run, shop: Path, repo_root: Path
) -> None:
    text = shop.read_text("utf-8")
    text = text.replace("    price: 95000\n", "    price: 25.000\n", 1)
    text = text.replace(
        "title: Syal Batik Sutra Motif Truntum Pewarna Alami Tulis Halus",
        "title: Syal Tenun Troso 1",
    )
    shop.write_text(text, "utf-8")
    result = run_cli("validate", "-c", str(shop))
    assert result.exit_code == 2
    printed = re.sub(r"\S*config\.example\.yaml:\d+:\d+ ", "", result.stderr)
    shown = block(repo_root, "galat: coopsync.yaml")
    for line in shown.strip().splitlines():
        assert re.sub(r"coopsync\.yaml:\d+:\d+ ", "", line) in printed, line


def test_the_readme_products_validate_with_the_example_channels(
    run_cli: Run, shop: Path, repo_root: Path
) -> None:
    products = yaml.safe_load(block(repo_root, "kemeja-parang"))["products"]
    config: dict[str, Any] = yaml.safe_load(shop.read_text("utf-8"))
    config["products"] = products
    shop.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), "utf-8")
    (shop.parent / "foto").mkdir()
    (shop.parent / "foto" / "kemeja-1.jpg").write_bytes(b"\xff\xd8\xff\xe0 a photo")
    result = run_cli("--lang", "en", "validate", "-c", str(shop))
    assert result.exit_code == 0, result.stderr
    assert "2 products, 3 variants" in result.stdout
    synced = run_cli("--lang", "en", "sync", "-c", str(shop))
    assert synced.exit_code == 0, synced.output
    shown = run_cli("stock", "show", "TAS-PDN-KWG", "-c", str(shop))
    assert "TAS-PDN-KWG" in shown.stdout


def test_the_cron_line_runs_quietly_with_json(run_cli: Run, shop: Path, repo_root: Path) -> None:
    cron = block(repo_root, "15 1 * * *")
    words = cron.split(".venv/bin/coopsync ", 1)[1].split(">>")[0].split()
    assert words[-2:] == ["-c", "coopsync.yaml"]
    result = run_cli(*words[:-1], str(shop))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""


def test_the_stock_commands_of_the_table(run_cli: Run, shop: Path) -> None:
    assert run_cli("sync", "-c", str(shop)).exit_code == 0
    counted = run_cli("--lang", "en", "stock", "count", "KMJ-PRG-M", "4", "-c", str(shop))
    assert counted.exit_code == 0, counted.output
    assert "KMJ-PRG-M: counted 4 on the shelf" in counted.stdout
    adjusted = run_cli(
        "--lang", "en", "stock", "adjust", "KMJ-PRG-M", "-1", "--reason", "rusak kena air",
        "-c", str(shop),
    )  # fmt: skip
    assert adjusted.exit_code == 0, adjusted.output
    assert "4 → 3 on the shelf (rusak kena air)" in adjusted.stdout
    shown = run_cli("stock", "show", "KMJ-PRG-M", "-c", str(shop))
    assert shown.exit_code == 0 and "KMJ-PRG-M" in shown.stdout
