"""`coopsync connect` against the TikTok Shop fake: authorize link, token/get, the shops call."""

from __future__ import annotations

from pathlib import Path

import pytest
import respx
from connect_shop import (
    Clock,
    Owner,
    connect_by_pasting,
    route,
    run,
    secrets_in,
    shop_yaml,
    sync_lists_the_bag,
)

from coopsync.state.sqlite import SqliteStore
from coopsync_adapters.tiktok.fake import (
    APP_KEY,
    APP_SECRET,
    SHOP_CIPHER,
    WAREHOUSE_ID,
    TikTokFake,
)
from coopsync_adapters.tiktok.fake_auth import SERVICE_ID, SHOP_ID

CHANNEL = (
    "  toko:\n"
    "    platform: tiktok\n"
    "    sandbox: false\n"
    f"    app_key: '{APP_KEY}'\n"
    f"    app_secret: {APP_SECRET}\n"
    f"    service_id: '{SERVICE_ID}'\n"
    f"    warehouse_id: '{WAREHOUSE_ID}'\n"  # a shop setting, not a credential
)
HOSTS = ("services.tiktokshop.com", "auth.tiktok-shops.com", "open-api.tiktokglobalshop.com")


@pytest.fixture
def fake() -> TikTokFake:
    return TikTokFake(clock=Clock())


@pytest.fixture
def router(fake: TikTokFake) -> respx.MockRouter:
    with respx.mock(assert_all_called=False) as mocked:
        for host in HOSTS:
            route(mocked, host, fake)
        yield mocked


def all_secrets(fake: TikTokFake) -> set[str]:
    return set(fake.codes) | {fake.access_token, fake.refresh_token}


def test_not_connected_asks_for_connect(tmp_path: Path, router: respx.MockRouter) -> None:
    code, out = run(shop_yaml(tmp_path, CHANNEL, "600001"), "sync")
    assert code == 4, out
    assert "coopsync connect toko" in out


def test_connect_reads_the_shop_and_its_cipher_then_sync(
    tmp_path: Path, fake: TikTokFake, owner: Owner, router: respx.MockRouter
) -> None:
    config = shop_yaml(tmp_path, CHANNEL, "600001")
    out = connect_by_pasting(config, owner)
    assert owner.links[0].startswith("https://services.tiktokshop.com/open/authorize?service_id=")
    assert f"Connected 'toko' to Toko Anyaman Difabel (shop id {SHOP_ID}, ID)" in out
    assert "Test call: answered" in out
    with SqliteStore(tmp_path / ".coopsync" / "state.sqlite") as store:
        pair = store.load_tokens("toko")
        recorded = store.get_value("toko", "connect.settings")
    assert pair is not None and pair.access_token == fake.access_token
    assert recorded is not None and SHOP_CIPHER in recorded
    assert secrets_in(out, all_secrets(fake)) == []

    sync_lists_the_bag(config, fake, all_secrets(fake))


def test_an_address_from_another_link_or_a_used_code_is_refused(
    tmp_path: Path, fake: TikTokFake, owner: Owner, router: respx.MockRouter
) -> None:
    config = shop_yaml(tmp_path, CHANNEL, "600001")
    first = run(config, "connect", "toko", "--no-qr", "--no-listen", answers=[owner.approves])
    assert first[0] == 0, first[1]
    # The same address again: its state belongs to the last run's link.
    code, out = run(
        config, "connect", "toko", "--no-qr", "--no-listen", answers=[lambda: owner.landed[0]]
    )
    assert code == 4
    assert "answers an older or another link" in out
    # A code approved 31 minutes before it is pasted.

    def slow() -> str:
        address = owner.approves()
        fake.age_codes(31 * 60)
        return address

    code, out = run(
        config, "connect", "toko", "--no-qr", "--no-listen", answers=[slow, owner.approves]
    )
    assert code == 0, out
    assert "the platform refused the code" in out and "Invalid auth code" in out
    assert secrets_in(out, all_secrets(fake)) == []
