"""`coopsync connect` on every marketplace, through both ways the owner's answer comes back:
the browser returning to a local listener, and the whole address pasted; then a sync with the
tokens it got, and what happens when the seller revokes the app."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import respx
from connect_platforms import MARKETPLACES, Browser, Platform, free_port, with_state_of
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


@pytest.fixture(params=MARKETPLACES, ids=str)
def platform(request: pytest.FixtureRequest) -> Platform:
    found: Platform = request.param
    return found


@pytest.fixture
def fake(platform: Platform) -> object:
    return platform.fake(Clock())


@pytest.fixture
def router(platform: Platform, fake: object) -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as mocked:
        for host in platform.hosts:
            route(mocked, host, fake)  # type: ignore[arg-type]
        yield mocked


@pytest.fixture
def config(tmp_path: Path, platform: Platform) -> Path:
    return shop_yaml(tmp_path, platform.channel, platform.category)


@pytest.fixture
def redirect(platform: Platform, fake: object) -> str:
    """A local listener's address, registered with the platform as the app's redirect."""
    address = f"http://127.0.0.1:{free_port()}/coopsync"
    platform.register_redirect(fake, address)
    return address


def connect_listening(
    config: Path, redirect: str, answers: list[Callable[[], str]] | None = None
) -> str:
    """`coopsync connect toko` waiting at the local listener for the browser to come back."""
    code, out = run(
        config,
        "connect",
        "toko",
        "--no-qr",
        "--redirect",
        redirect,
        "--wait",
        "60",
        answers=answers,
    )
    assert code == 0, out
    return out


def test_the_browser_comes_back_to_the_local_listener_then_sync(
    tmp_path: Path,
    platform: Platform,
    fake: object,
    router: respx.MockRouter,
    config: Path,
    redirect: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    browser = Browser(fake, fake.approve)  # type: ignore[arg-type, attr-defined]
    monkeypatch.setattr("webbrowser.open", browser.open)

    out = connect_listening(config, redirect)
    assert "Waiting for the browser to come back" in out
    assert "Connected 'toko' to" in out and platform.shop_id(fake) in out
    assert "Test call: answered" in out
    # The browser was answered in the shop's language, and told to go back to the terminal.
    assert len(browser.pages) == 1 and "go back to the terminal" in browser.pages[0]
    access, refresh = stored_tokens(tmp_path)
    issued = platform.secrets(fake)
    assert access in issued and refresh in issued
    assert secrets_in(out + browser.pages[0], issued) == []

    sync_lists_the_bag(config, fake, platform.secrets(fake))  # type: ignore[arg-type]


def test_a_code_too_old_at_the_listener_gets_the_link_again(
    platform: Platform,
    fake: object,
    router: respx.MockRouter,
    config: Path,
    redirect: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    browser = Browser(fake, fake.approve, age=fake.age_codes, late=31 * 60)  # type: ignore[arg-type, attr-defined]
    monkeypatch.setattr("webbrowser.open", browser.open)

    out = connect_listening(config, redirect)
    assert out.count("the platform refused the code") == 1, out
    assert "Approve again with this new link" in out
    assert len(browser.links) == 2 and browser.links[1] in out
    assert "Connected 'toko'" in out
    assert secrets_in(out, platform.secrets(fake)) == []


def test_connect_by_pasting_the_address_then_sync(
    tmp_path: Path,
    platform: Platform,
    fake: object,
    router: respx.MockRouter,
    config: Path,
    owner: Owner,
) -> None:
    out = connect_by_pasting(config, owner)
    assert platform.shop_id(fake) in out
    access, _ = stored_tokens(tmp_path)
    assert access in platform.secrets(fake)
    code, out = run(config, "sync")
    assert code == 0, out
    assert fake.sku_view("TAS-1") is not None  # type: ignore[attr-defined]


def test_a_phone_approval_is_pasted_while_the_listener_waits(
    router: respx.MockRouter, config: Path, redirect: str, owner: Owner
) -> None:
    # The owner scans the QR code: the phone's browser cannot reach this machine's listener,
    # so the student pastes what the phone shows.
    out = connect_listening(config, redirect, answers=[owner.approves])
    assert "Waiting for the browser" in out and "Connected 'toko'" in out


def test_a_code_sent_twice_is_refused_and_the_link_given_again(
    platform: Platform, fake: object, router: respx.MockRouter, config: Path, owner: Owner
) -> None:
    connect_by_pasting(config, owner)
    first = owner.landed[0]

    # The same code again, made to answer the new run's link: the platform refuses it.
    again = [lambda: with_state_of(first, owner.links[-1]), owner.approves]
    code, out = run(config, "connect", "toko", "--no-qr", "--no-listen", answers=again)
    assert code == 0, out
    assert out.count("the platform refused the code") == 1, out
    assert out.count("Approve again with this new link") == 1
    assert secrets_in(out, platform.secrets(fake)) == []


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_revoked_app_stops_sync_with_exit_4_naming_connect(
    platform: Platform,
    fake: object,
    router: respx.MockRouter,
    config: Path,
    owner: Owner,
    lang: str,
) -> None:
    connect_by_pasting(config, owner)
    issued = platform.secrets(fake)

    fake.revoke_app()  # type: ignore[attr-defined]
    code, out = run(config, "--lang", lang, "sync")
    assert code == 4, out
    expected = {
        "en": "run `coopsync connect toko` with the shop owner",
        "id": "jalankan `coopsync connect toko` bersama pemilik toko",
    }
    assert expected[lang] in " ".join(out.split()), out
    assert secrets_in(out, issued) == []


def test_doctor_shows_the_connected_shop_and_days_to_each_expiry(
    platform: Platform, fake: object, router: respx.MockRouter, config: Path, owner: Owner
) -> None:
    connect_by_pasting(config, owner)

    code, out = run(config, "doctor")
    text = " ".join(out.split())
    assert code == 0, out
    assert "connected to" in text and platform.shop_id(fake) in text
    assert "refresh token" in text and "days left" in text
    assert "coopsync renews it" in text
    if platform.name == "lazada":  # an app in test status: the refresh token lives 14 days
        assert "14-day warning)" in text, out  # (the table wraps its cells)
        assert "before then, run `coopsync connect toko`" in text


def test_the_page_the_browser_is_shown_speaks_the_shops_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from connect_platforms import SHOPEE

    fake = SHOPEE.fake(Clock())
    redirect = f"http://127.0.0.1:{free_port()}/coopsync"
    browser = Browser(fake, fake.approve)
    monkeypatch.setattr("webbrowser.open", browser.open)
    config = shop_yaml(tmp_path, SHOPEE.channel, SHOPEE.category)
    config.write_text(config.read_text().replace("language: en", "language: id"))
    with respx.mock(assert_all_called=False) as mocked:
        route(mocked, SHOPEE.hosts[0], fake)
        code, out = run(config, "connect", "toko", "--no-qr", "--redirect", redirect)
    assert code == 0, out
    assert "Menunggu browser kembali" in out and "terhubung ke" in out
    assert "coopsync: selesai" in browser.pages[0] and "kembali ke terminal" in browser.pages[0]
