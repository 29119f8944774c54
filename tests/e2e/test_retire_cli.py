"""`coopsync retire SKU [--now|--back]`: the catalog file says so, the plan counts it, the sync
takes the listing down on the sandbox channel (read from the fake's own state) and brings it
back."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from e2e_shop import PNG_1PX
from typer.testing import Result

from coopsync.config import load_config
from coopsync.runtime import open_channels
from coopsync.state.sqlite import SqliteStore
from coopsync.state.timestamps import utc_now

SHOP = """\
shop: {name: Koperasi Uji Pensiun, timezone: Asia/Jakarta, language: en}
state_dir: .coopsync
channels:
  web: {platform: woocommerce, sandbox: true}
  wa: {platform: manual}
products:
  - title: Tas Anyaman Pandan Motif Bunga Buatan Tangan
    images: [https://example.com/tas.png]
    sku: TAS-1
    price: 85000
    stock: 4
  # the wallet comes back next season
  - title: Dompet Anyaman Pandan Motif Daun Buatan Tangan
    images: [https://example.com/dompet.png]
    sku: DOMPET
    price: 45000
    stock: 6
"""


def shown(config: Path, sku: str) -> dict[str, bool | None]:
    """Per channel: whether buyers see the SKU (None: not there at all)."""

    async def read() -> dict[str, bool | None]:
        loaded = load_config(config)
        out: dict[str, bool | None] = {}
        with SqliteStore(loaded.state_dir / "state.sqlite") as store:
            async with open_channels(loaded, store, utc_now, simulate_buyers=False) as opened:
                for name, adapter in opened.channels.items():
                    found = await adapter.find_by_sku([sku])
                    listing = found.get(sku)
                    out[name] = None if listing is None else listing.status.value == "active"
                fake = opened.fakes["web"]
                view = fake.sku_view(sku)
                out["web (fake)"] = None if view is None else view.active
        return out

    return asyncio.run(read())


def test_retire_now_takes_a_product_down_and_back_brings_it_back(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    (tmp_path / "tas.png").write_bytes(PNG_1PX)
    config = tmp_path / "coopsync.yaml"
    config.write_text(SHOP)
    assert run_cli("-q", "sync", "-c", str(config)).exit_code == 0

    retired = run_cli("--lang", "en", "retire", "DOMPET", "--now", "-c", str(config))
    assert retired.exit_code == 0, retired.stdout + retired.stderr
    assert "takes its listings down" in retired.stdout
    text = config.read_text()
    assert "status: retired" in text and "# the wallet comes back next season" in text
    planned = run_cli("--lang", "en", "plan", "-c", str(config), env={"COLUMNS": "200"})
    assert "1 retired (taken down)" in planned.stdout, planned.stdout
    assert [line.split()[:3] for line in planned.stdout.splitlines() if "retire " in line] == [
        ["web", "retire", "DOMPET"],
        ["wa", "retire", "DOMPET"],
    ]
    done = run_cli("--lang", "en", "sync", "-c", str(config))
    assert done.exit_code == 0, done.stdout + done.stderr
    assert shown(config, "DOMPET") == {"web": False, "wa": False, "web (fake)": False}
    assert shown(config, "TAS-1") == {"web": True, "wa": True, "web (fake)": True}
    price_list = (tmp_path / ".coopsync" / "manual" / "wa").glob("*")
    assert not any("DOMPET" in p.read_text(encoding="utf-8-sig") for p in price_list)

    back = run_cli("--lang", "en", "retire", "DOMPET", "--back", "-c", str(config))
    assert back.exit_code == 0, back.stdout + back.stderr
    assert "status: retired" not in config.read_text()
    assert run_cli("-q", "sync", "-c", str(config)).exit_code == 0
    assert shown(config, "DOMPET") == {"web": True, "wa": True, "web (fake)": True}
    again = run_cli("--lang", "en", "--log-format", "json", "sync", "-c", str(config))
    assert again.exit_code == 0


def test_retire_an_unknown_sku_says_what_to_write(
    tmp_path: Path, run_cli: Callable[..., Result]
) -> None:
    config = tmp_path / "coopsync.yaml"
    config.write_text(SHOP)
    result = run_cli("--lang", "en", "retire", "DOMPT", "-c", str(config))
    assert result.exit_code == 2
    assert "no product or variant `DOMPT`" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert config.read_text() == SHOP
