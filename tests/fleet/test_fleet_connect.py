"""`coopsync fleet connect`: the owner gets the link in a WhatsApp message, sends back the
address, and the office connects the channel (the Shopee fake plays the platform)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import respx
from fleet_shops import fleet_env
from typer.testing import CliRunner, Result

from coopsync.cli.app import app
from coopsync.config import load_config
from coopsync.fleet import registry
from coopsync.shop import Shop
from coopsync_adapters.shopee.fake import PARTNER_ID, PARTNER_KEY, SHOP_ID, ShopeeFake

SHOP = """\
shop: {name: Toko Anyaman Sari, timezone: Asia/Jakarta, language: id}
state_dir: .coopsync
channels:
  toko:
    platform: shopee
    sandbox: false
    partner_id: '${SHOPEE_PARTNER_ID}'
    partner_key: ${SHOPEE_PARTNER_KEY}
products:
  - title: Tas Anyaman Pandan Buatan Tangan Besar
    description: Dianyam oleh pengrajin difabel dari daun pandan pilihan.
    sku: TAS-1
    price: 25000
    stock: 5
    weight_g: 300
    channels:
      toko: {category_id: "100018"}
"""


@pytest.fixture
def fake() -> ShopeeFake:
    return ShopeeFake(clock=lambda: datetime.now(UTC))  # the links carry the real time


@pytest.fixture
def router(fake: ShopeeFake) -> respx.MockRouter:
    def answer(request: httpx.Request) -> httpx.Response:
        return fake.handle(request, request.content)

    with respx.mock(assert_all_called=False) as mocked:
        mocked.route(host="partner.shopeemobile.com").mock(side_effect=answer)
        yield mocked


def _run(url: str, *args: str) -> Result:
    env = {
        **fleet_env(url),
        "COOPSYNC_TOKO_ANYAMAN_SARI_SHOPEE_PARTNER_ID": PARTNER_ID,
        "COOPSYNC_TOKO_ANYAMAN_SARI_SHOPEE_PARTNER_KEY": PARTNER_KEY,
    }
    return CliRunner().invoke(app, list(args), env=env)


def test_the_owner_gets_a_whatsapp_link_and_the_address_connects_the_channel(
    tmp_path: Path,
    pg_url: str,
    fake: ShopeeFake,
    router: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    config = tmp_path / "coopsync.yaml"
    config.write_text(SHOP)
    assert _run(pg_url, "fleet", "add", str(config)).exit_code == 0
    with registry.connect(pg_url) as conn:  # as a sync that found it not connected leaves it
        registry.park(conn, "toko-anyaman-sari", "toko", "not connected")

    made = _run(pg_url, "fleet", "connect", "toko-anyaman-sari", "toko", "--owner", "Bu Sari")
    assert made.exit_code == 0, made.output
    assert "Halo Bu Sari!" in made.output  # the shop's language: Bahasa Indonesia
    links = re.findall(r"https://partner\.shopeemobile\.com/\S+", made.output)
    assert len(links) == 1
    assert "--address" in made.output

    # An address that answers another link is refused, and changes nothing.
    other = _run(
        pg_url, "fleet", "connect", "toko-anyaman-sari", "toko", "--address",
        "https://example.test/cb?code=abc&shop_id=1&state=not-ours",
    )  # fmt: skip
    assert other.exit_code == 2

    landed = fake.approve(links[0])
    done = _run(pg_url, "fleet", "connect", "toko-anyaman-sari", "toko", "--address", landed)
    assert done.exit_code == 0, done.output
    assert "terhubung" in done.output
    with registry.connect(pg_url) as conn:
        assert registry.parked(conn) == []  # syncs again from the next tick
    for name, value in fleet_env(pg_url).items():  # the state where the fleet keeps it
        monkeypatch.setenv(name, value)
    loaded = load_config(
        config,
        environ={"SHOPEE_PARTNER_ID": PARTNER_ID, "SHOPEE_PARTNER_KEY": PARTNER_KEY},
        check_images=False,
    )
    with Shop(loaded).open_store() as store:
        pair = store.load_tokens("toko")
    assert pair is not None and fake.tokens.access_ok(pair.access_token, fake._ts())
    assert SHOP_ID in landed
    for secret in (pair.access_token, pair.refresh_token, PARTNER_KEY):
        assert secret not in made.output + done.output

    # The link is used: the same address again is refused (no link waiting).
    again = _run(pg_url, "fleet", "connect", "toko-anyaman-sari", "toko", "--address", landed)
    assert again.exit_code == 2
