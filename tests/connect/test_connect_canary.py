"""Secrets canary for `connect`: every one-time code and token a fake platform handed out is a
marker; after connecting (the listener and the pasted address) and running every command that
shows or writes something, with --debug, --verbose and JSON logs, none appears in any output,
log, report, file written, or the state dump."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import respx
from connect_platforms import LAZADA, SHOPEE, TIKTOK, Browser, free_port
from connect_shop import Clock, Owner, route, run, secrets_in, shop_yaml

from coopsync.state.sqlite import SqliteStore


def test_no_code_or_token_from_connect_shows_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shop = tmp_path / "toko"
    shop.mkdir()
    clock = Clock()
    fakes = {p.name: p.fake(clock) for p in (SHOPEE, TIKTOK, LAZADA)}
    channels = "".join(
        p.channel.replace("  toko:", f"  {p.name}:") for p in (SHOPEE, TIKTOK, LAZADA)
    )
    config = shop_yaml(shop, channels)
    text = config.read_text().replace(
        "      toko: {category_id: '100018'}\n",
        "".join(
            f"      {p.name}: {{category_id: '{p.category}'}}\n" for p in (SHOPEE, TIKTOK, LAZADA)
        ),
    )
    config.write_text(text)
    outputs: list[str] = []
    with respx.mock(assert_all_called=False) as router:
        for platform in (SHOPEE, TIKTOK, LAZADA):
            for host in platform.hosts:
                route(router, host, fakes[platform.name])
        # Shopee through the local listener, the others pasted (a phone), TikTok twice.
        redirect = f"http://127.0.0.1:{free_port()}/coopsync"
        browser = Browser(fakes["shopee"], fakes["shopee"].approve)
        monkeypatch.setattr("webbrowser.open", browser.open)
        code, out = run(config, "--debug", "connect", "shopee", "--redirect", redirect)
        assert code == 0, out
        outputs += [out, *browser.pages]
        for name in ("tiktok", "lazada", "tiktok"):
            owner = Owner(fakes[name], fakes[name].approve)
            monkeypatch.setattr("webbrowser.open", owner.open)
            code, out = run(
                config, "--verbose", "connect", name, "--no-listen", answers=[owner.approves]
            )
            assert code == 0, out
            outputs += [out, *owner.landed]
        reports = shop / "laporan"
        reports.mkdir()
        for args in (
            ("--debug", "sync"),
            ("--log-format", "json", "sync"),
            ("--debug", "--log-format", "json", "pull"),
            ("status",),
            ("--debug", "status"),
            ("doctor",),
            ("report",),
            *[
                ("report", "--format", f, "-o", str(reports / f"r.{f}"))
                for f in ("json", "md", "html", "whatsapp")
            ],
            ("backup", str(tmp_path)),
        ):
            code, out = run(config, *args)
            assert code in (0, 1), (args, out)
            outputs.append(out)
    issued = set().union(*(p.secrets(fakes[p.name]) for p in (SHOPEE, TIKTOK, LAZADA)))
    assert len(issued) >= 12  # codes and tokens of three platforms, TikTok connected twice
    addresses = "".join(outputs[1:2])  # the pages the browser showed hold no code either
    assert secrets_in(addresses, issued) == []
    shown = [o for o in outputs if not o.startswith("http")]  # the landed addresses hold codes
    assert secrets_in("".join(shown), issued) == []
    # The logs as written (--debug: every request line, through the redacting handler).
    assert any("HTTP Request: GET https://partner.shopeemobile.com" in o for o in shown)
    written = [
        path
        for path in tmp_path.rglob("*")
        if path.is_file()
        and not path.name.startswith("state.sqlite")  # holds the tokens by design (0600)
        and not path.name.endswith(".tar.gz")  # the backup: holds them too (docs/backup.md)
    ]
    assert written
    for path in written:
        assert secrets_in(path.read_bytes().decode("utf-8", "replace"), issued) == [], path
    with SqliteStore(shop / ".coopsync" / "state.sqlite") as store:
        dump = json.dumps(store.dump(), default=str)
    assert secrets_in(dump, issued) == []
