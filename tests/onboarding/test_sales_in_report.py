"""A bazaar sale and a chat order are in the report, on their manual channel."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from shop_files import write_shop
from typer.testing import Result

from coopsync.state.timestamps import utc_now


def test_hand_and_chat_sales_show_in_the_report(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path)
    assert run_cli("sale", "add", "-c", str(config), "TAS-PDN-KWG", "2", "--channel", "bazaar",
                   "--price", "90000").exit_code == 0  # fmt: skip
    local = (utc_now() - timedelta(minutes=5)).astimezone(ZoneInfo("Asia/Jakarta"))
    chat = tmp_path / "chat.txt"
    chat.write_text(f"{local:%d/%m/%y %H.%M} - Sri: PESAN KMJ-PRG-M 1\n", encoding="utf-8")
    assert run_cli("sale", "import", "-c", str(config), str(chat)).exit_code == 0
    result = run_cli("report", "-c", str(config), "-f", "json")
    assert result.exit_code == 0, result.output
    channels = {
        row["channel"]: row
        for shop in json.loads(result.stdout)["shops"]
        for row in shop["report"]["channels"]
    }
    assert channels["bazaar"]["orders"] == 1 and channels["bazaar"]["net_sales"] == 180_000
    assert channels["whatsapp"]["orders"] == 1 and channels["whatsapp"]["net_sales"] == 285_000
