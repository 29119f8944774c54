"""`coopsync connect` for a WooCommerce shop: keys typed by hand after the guided steps, or
WooCommerce's own key flow posting them through a tunnel to the local listener; each checked
with one call, then a sync. A plain-HTTP shop is refused unless `--allow-http`."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import respx
from connect_platforms import Browser, free_port
from connect_shop import (
    Clock,
    route,
    run,
    secrets_in,
    shop_yaml,
    stored_tokens,
    sync_lists_the_bag,
)

from coopsync_adapters.woocommerce.fake import WooCommerceFake

KEY, SECRET = WooCommerceFake.CONSUMER_KEY, WooCommerceFake.CONSUMER_SECRET


def channel(url: str = "https://toko-batik.example") -> str:
    return f"  toko:\n    platform: woocommerce\n    sandbox: false\n    url: {url}\n"


@pytest.fixture
def fake() -> WooCommerceFake:
    return WooCommerceFake(clock=Clock())


@pytest.fixture
def router(fake: WooCommerceFake) -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as mocked:
        route(mocked, "toko-batik.example", fake)
        yield mocked


def issued(fake: WooCommerceFake) -> set[str]:
    found = {KEY, SECRET}
    for key, (secret, _) in fake.keys.extra.items():
        found |= {key, secret}
    return found


def test_guided_keys_typed_hidden_then_checked_then_sync(
    tmp_path: Path, fake: WooCommerceFake, router: respx.MockRouter
) -> None:
    config = shop_yaml(tmp_path, channel())
    code, out = run(config, "sync")
    assert code == 4 and "coopsync connect toko" in out, out

    answers = [lambda: "ck_wrong", lambda: "cs_wrong", lambda: KEY, lambda: SECRET]
    code, out = run(config, "connect", "toko", answers=answers)
    assert code == 0, out
    assert "WooCommerce → Settings → Advanced → REST API" in out and "Read/Write" in out
    assert out.count("the shop refused these keys") == 1, out
    assert "Connected 'toko' to Toko Batik Web" in out and "Test call: answered" in out
    assert stored_tokens(tmp_path) == (KEY, SECRET)
    assert secrets_in(out, issued(fake)) == []
    assert KEY not in config.read_text()

    sync_lists_the_bag(config, fake, issued(fake))


def test_a_plain_http_shop_is_refused_unless_allowed(
    tmp_path: Path, fake: WooCommerceFake, router: respx.MockRouter
) -> None:
    config = shop_yaml(tmp_path, channel("http://toko-batik.example"))
    code, out = run(config, "connect", "toko", answers=[lambda: KEY, lambda: SECRET])
    assert code == 2, out
    assert "plain HTTP" in out and "--allow-http" in out
    code, out = run(
        config, "connect", "toko", "--allow-http", answers=[lambda: KEY, lambda: SECRET]
    )
    assert code == 0, out
    assert fake.basic_over_http == 0  # the check was signed (OAuth 1.0a), the keys never sent


def tunnel(port: int) -> Any:
    """A public https address forwarded to this machine's listener (as a tunnel does)."""

    def post(url: str, body: Mapping[str, Any]) -> int:
        local = f"http://127.0.0.1:{port}{urlsplit(url).path}"
        request = urllib.request.Request(
            local,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=10) as answer:
            return int(answer.status)

    return post


def connect_through_tunnel(config: Path, port: int) -> str:
    """`coopsync connect toko` with WooCommerce's key flow: the shop posts the keys to a public
    callback, which a tunnel forwards to the listener on `port`."""
    code, out = run(
        config,
        "connect",
        "toko",
        "--no-qr",
        "--redirect",
        f"http://127.0.0.1:{port}/coopsync",
        "--callback",
        "https://warung-tunnel.example/coopsync/keys",
        "--wait",
        "60",
    )
    assert code == 0, out
    return out


def test_wc_auth_posts_the_keys_to_the_listener_through_a_tunnel(
    tmp_path: Path,
    fake: WooCommerceFake,
    router: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()
    browser = Browser(fake, lambda link: fake.approve_keys(link, tunnel(port)))
    monkeypatch.setattr("webbrowser.open", browser.open)
    config = shop_yaml(tmp_path, channel())
    out = connect_through_tunnel(config, port)
    link = browser.links[0]
    assert link.startswith("https://toko-batik.example/wc-auth/v1/authorize?")
    assert "scope=read_write" in link and "app_name=coopsync" in link
    [(key, (secret, permissions))] = fake.keys.extra.items()
    assert permissions == "read_write"
    assert stored_tokens(tmp_path) == (key, secret)
    assert "Connected 'toko' to Toko Batik Web" in out
    assert secrets_in(out + "".join(browser.pages), issued(fake)) == []
    code, out = run(config, "sync")
    assert code == 0, out


def test_wc_auth_refused_by_the_owner_gets_the_link_again(
    tmp_path: Path,
    fake: WooCommerceFake,
    router: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    port = free_port()
    decisions = iter([fake.deny_keys, lambda link: fake.approve_keys(link, tunnel(port))])
    browser = Browser(fake, lambda link: next(decisions)(link))
    monkeypatch.setattr("webbrowser.open", browser.open)
    config = shop_yaml(tmp_path, channel())
    out = connect_through_tunnel(config, port)
    assert "the owner did not approve" in out and len(browser.links) == 2
    assert "Connected 'toko'" in out


@pytest.mark.parametrize("lang", ["en", "id"])
def test_revoked_keys_stop_sync_with_exit_4_naming_connect(
    tmp_path: Path, fake: WooCommerceFake, router: respx.MockRouter, lang: str
) -> None:
    config = shop_yaml(tmp_path, channel())
    code, out = run(config, "connect", "toko", answers=[lambda: KEY, lambda: SECRET])
    assert code == 0, out
    fake.revoke_app()
    code, out = run(config, "--lang", lang, "sync")
    assert code == 4, out
    expected = {"en": "run `coopsync connect toko`", "id": "jalankan `coopsync connect toko`"}
    assert expected[lang] in " ".join(out.split()), out
    assert secrets_in(out, issued(fake)) == []
