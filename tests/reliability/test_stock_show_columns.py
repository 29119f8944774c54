"""`stock show` shows the channels the config has now, not every channel the state remembers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

RunCli = Callable[..., Result]


def test_a_channel_taken_out_of_the_config_has_no_column(shop: Path, run_cli: RunCli) -> None:
    assert run_cli("sync", "-c", str(shop)).exit_code == 0
    text = shop.read_text()
    # Products still name it in their overrides, so it is switched off rather than deleted.
    switched_off = "    platform: lazada\n    enabled: false\n"
    shop.write_text(text.replace("    platform: lazada\n", switched_off))
    shown = run_cli("--lang", "en", "stock", "show", "-c", str(shop))
    assert shown.exit_code == 0, shown.output
    header = next(line for line in shown.stdout.splitlines() if "available" in line)
    assert "shopee" in header and "lazada" not in header
