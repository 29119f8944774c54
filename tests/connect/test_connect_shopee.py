"""`coopsync connect` against the Shopee fake's authorization flow, then a sync with its tokens."""

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
    stored_tokens,
    sync_lists_the_bag,
)

from coopsync.state.sqlite import SqliteStore
from coopsync_adapters.shopee.fake import PARTNER_ID, PARTNER_KEY, SHOP_ID, ShopeeFake

CHANNEL = (
    "  toko:\n"
    "    platform: shopee\n"
    "    sandbox: false\n"
    f"    partner_id: '{PARTNER_ID}'\n"
    f"    partner_key: {PARTNER_KEY}\n"
)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake(clock: Clock) -> ShopeeFake:
    return ShopeeFake(clock=clock)


@pytest.fixture
def router(fake: ShopeeFake) -> respx.MockRouter:
    with respx.mock(assert_all_called=False) as mocked:
        route(mocked, "partner.shopeemobile.com", fake)
        yield mocked


def all_secrets(fake: ShopeeFake) -> set[str]:
    return set(fake.auth.codes) | set(fake.tokens.access) | set(fake.tokens.refresh_tokens)


def test_a_live_channel_not_yet_connected_asks_for_connect(
    tmp_path: Path, router: respx.MockRouter
) -> None:
    config = shop_yaml(tmp_path, CHANNEL)
    code, out = run(config, "sync")
    assert code == 4, out
    assert "coopsync connect toko" in out


def test_connect_by_pasting_the_address_then_sync(
    tmp_path: Path, fake: ShopeeFake, owner: Owner, router: respx.MockRouter
) -> None:
    config = shop_yaml(tmp_path, CHANNEL)
    out = connect_by_pasting(config, owner)
    assert "Connected 'toko' to Toko Anyaman Difabel" in out and SHOP_ID in out
    assert "Test call: answered" in out
    assert "refresh token until" in out
    link = owner.links[0]
    assert link.startswith("https://partner.shopeemobile.com/api/v2/shop/auth_partner?")
    assert link in out
    # The tokens are the ones the fake issued for the code, kept in the state store only.
    access, refresh = stored_tokens(tmp_path)
    assert fake.tokens.access_ok(access, fake._ts())
    assert refresh in fake.tokens.refresh_tokens
    assert access not in config.read_text()
    assert secrets_in(out, all_secrets(fake)) == []

    sync_lists_the_bag(config, fake, all_secrets(fake))


def test_a_used_or_old_code_gets_a_clear_error_and_a_new_link(
    tmp_path: Path, fake: ShopeeFake, owner: Owner, router: respx.MockRouter
) -> None:
    config = shop_yaml(tmp_path, CHANNEL)

    def approved_eleven_minutes_ago() -> str:
        address = owner.approves()
        fake.auth.age_codes(11 * 60)
        return address

    answers = [approved_eleven_minutes_ago, lambda: owner.landed[0], owner.approves]
    code, out = run(config, "connect", "toko", "--no-qr", "--no-listen", answers=answers)
    assert code == 0, out
    assert out.count("the platform refused the code") == 2, out
    assert out.count("Approve again with this new link") == 2
    assert len(owner.links) == 3
    assert "Connected 'toko'" in out
    assert secrets_in(out, all_secrets(fake)) == []


def test_an_address_without_a_code_then_nothing_exits_4(
    tmp_path: Path, fake: ShopeeFake, owner: Owner, router: respx.MockRouter
) -> None:
    config = shop_yaml(tmp_path, CHANNEL)
    code, out = run(
        config,
        "connect",
        "toko",
        "--no-qr",
        "--no-listen",
        answers=[lambda: "https://example.com/"],
    )
    assert code == 4, out
    assert "holds no code, shop_id" in out
    assert "coopsync connect toko" in out
    with SqliteStore(tmp_path / ".coopsync" / "state.sqlite") as store:
        assert store.load_tokens("toko") is None


def test_the_link_shows_as_a_qr_code(
    tmp_path: Path, fake: ShopeeFake, owner: Owner, router: respx.MockRouter
) -> None:
    config = shop_yaml(tmp_path, CHANNEL)
    code, out = run(config, "connect", "toko", "--no-listen", answers=[owner.approves])
    assert code == 0, out
    assert "Or scan it with the owner's phone" in out and "█" in out
