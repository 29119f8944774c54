"""`coopsync sale import chat.txt`: WhatsApp exports from Android and iOS, each order once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from shop_files import write_shop
from typer.testing import Result

from coopsync.config import load_config
from coopsync.offline.chat_export import read_chat
from coopsync.state.records import SaleLine
from coopsync.state.sqlite import SqliteStore

# Android, Indonesian phone: day first, 24-hour clock with a dot, " - " before the sender.
ANDROID_ID = """\
12/11/26 09.58 - Pesan dan panggilan terenkripsi secara end-to-end.
12/11/26 10.00 - Koperasi Sejahtera: *Daftar Harga* — Kamis, 12 November 2026
Balas: PESAN KMJ-PRG-M 2
12/11/26 10.02 - Ibu Sri: PESAN KMJ-PRG-M 2
12/11/26 10.02 - Ibu Sri: pesan tas-pdn-kwg 1
13/11/26 19.45 - +62 812-3456-7890: Pesan KMJ-PRG-L x1, TAS-PDN-KWG 2 pcs
13/11/26 19.46 - +62 812-3456-7890: makasih kak
13/11/26 20.10 - Pak Budi: PESAN kemeja yang biru
ya yang lengan panjang
"""

# iOS, English (US) phone: month first, 12-hour clock with seconds, in brackets, with the
# invisible marks and narrow spaces the exporter writes.
IOS_EN = (
    "\u200e[11/12/26, 9:58:03\u202fAM] Batik Coop: \u200eMessages and calls are end-to-end "
    "encrypted.\n"
    "[11/12/26, 10:02:10\u202fAM] Sri: ORDER KMJ-PRG-M 2\n"
    "[11/13/26, 7:45:59\u202fPM] Budi: order 2x kmj prg l\n"
    "[11/13/26, 7:46:30\u202fPM] Budi: PESAN TAS-PDN-KWG\n"
)


def _sales(config: Path) -> list[SaleLine]:
    loaded = load_config(config)
    with SqliteStore(loaded.state_dir / "state.sqlite") as store:
        return store.sales(datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


def test_android_indonesian_export_records_each_order_and_lists_the_unreadable(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path, lang="en")
    chat = tmp_path / "Chat WhatsApp dengan Pembeli.txt"
    chat.write_text(ANDROID_ID, encoding="utf-8")
    result = run_cli("sale", "import", "-c", str(config), str(chat))
    assert result.exit_code == 1, result.output  # one order message could not be read
    assert "3 new orders" in result.stdout
    assert f"{chat.name}:8: Pak Budi" in result.stderr
    sold = sorted((s.sku, s.quantity, s.list_price) for s in _sales(config))
    assert sold == [
        ("KMJ-PRG-L", 1, 295_000),
        ("KMJ-PRG-M", 2, 285_000),
        ("TAS-PDN-KWG", 1, 95_000),
        ("TAS-PDN-KWG", 2, 95_000),
    ]
    # The seller's own price-list message says "PESAN ..." on its second line: not an order.
    assert all(s.channel == "whatsapp" for s in _sales(config))
    times = {s.created_at for s in _sales(config)}
    assert datetime(2026, 11, 12, 3, 2, tzinfo=UTC) in times  # 10.02 WIB

    again = run_cli("sale", "import", "-c", str(config), str(chat))
    assert "0 new orders" in again.stdout and "3 recorded before" in again.stdout
    assert len(_sales(config)) == 4


def test_a_longer_export_later_adds_only_the_new_orders(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path)
    chat = tmp_path / "chat.txt"
    first_part = "\n".join(ANDROID_ID.splitlines()[:5]) + "\n"
    chat.write_text(first_part, encoding="utf-8")
    assert run_cli("sale", "import", "-c", str(config), str(chat)).exit_code == 0
    assert len(_sales(config)) == 2
    chat.write_text(ANDROID_ID, encoding="utf-8")
    run_cli("sale", "import", "-c", str(config), str(chat))
    assert len(_sales(config)) == 4


def test_ios_english_export_is_read_month_first_with_seconds(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path)
    chat = tmp_path / "_chat.txt"
    chat.write_text(IOS_EN, encoding="utf-8")
    result = run_cli("sale", "import", "-c", str(config), str(chat), "--channel", "bazaar")
    assert result.exit_code == 1
    assert "_chat.txt:4: Budi" in result.stderr and "how many" in result.stderr
    sales = _sales(config)
    assert sorted((s.sku, s.quantity) for s in sales) == [("KMJ-PRG-L", 2), ("KMJ-PRG-M", 2)]
    assert {s.channel for s in sales} == {"bazaar"}
    assert datetime(2026, 11, 13, 12, 45, 59, tzinfo=UTC) in {s.created_at for s in sales}
    run_cli("sale", "import", "-c", str(config), str(chat), "--channel", "bazaar")
    assert len(_sales(config)) == 2


def test_an_undone_chat_order_stays_undone_on_reimport(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = write_shop(tmp_path)
    chat = tmp_path / "chat.txt"
    chat.write_text(IOS_EN, encoding="utf-8")
    run_cli("sale", "import", "-c", str(config), str(chat))
    listed = run_cli("sale", "list", "-c", str(config)).stdout
    first_id = next(word for word in listed.split() if word.startswith("WA-"))
    assert run_cli("sale", "undo", "-c", str(config), first_id).exit_code == 0
    assert len(_sales(config)) == 1
    run_cli("sale", "import", "-c", str(config), str(chat))
    assert len(_sales(config)) == 1


@pytest.mark.parametrize(
    ("line", "order", "expected"),
    [
        ("03/04/26 10.00 - A: hi", None, datetime(2026, 4, 3, 10, 0)),
        ("03/04/26, 10:00 AM - A: hi", None, datetime(2026, 3, 4, 10, 0)),
        ("03/04/26 10.00 - A: hi", "mdy", datetime(2026, 3, 4, 10, 0)),
        ("[03/04/2026 22.15.09] A: hi", None, datetime(2026, 4, 3, 22, 15, 9)),
        ("03.04.26, 12:30 PM - A: hi", None, datetime(2026, 3, 4, 12, 30)),
    ],
)
def test_chat_dates_follow_the_phone_format(
    line: str, order: str | None, expected: datetime
) -> None:
    messages, bad = read_chat(line + "\n", "Asia/Jakarta", order)  # type: ignore[arg-type]
    assert bad == []
    assert [m.sent_at.replace(tzinfo=None) for m in messages] == [expected]
    assert messages[0].sender == "A"


def test_an_impossible_date_is_listed_not_guessed() -> None:
    messages, bad = read_chat("31/02/26 10.00 - A: PESAN X 1\n", "Asia/Jakarta")
    assert messages == [] and bad == [(1, "A: PESAN X 1")]
