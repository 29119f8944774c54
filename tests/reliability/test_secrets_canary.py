"""Secrets canary: every secret is a unique marker; no command, failing or not, with --debug,
--verbose or JSON logs, and no report format, state dump or file it writes shows one."""

from __future__ import annotations

import asyncio
import json
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

RunCli = Callable[..., Result]

SECRETS = {
    "SHOPEE_PARTNER_KEY": "canaryShopeeKey7f3a",
    "SHOPEE_REFRESH": "canaryShopeeRefresh19c",
    "SHOPEE_ACCESS": "canaryShopeeAccess55d",
    "TT_SECRET": "canaryTiktokSecret2b8",
    "TT_REFRESH": "canaryTiktokRefresh6e1",
    "LZ_SECRET": "canaryLazadaSecret4d0",
    "LZ_REFRESH": "canaryLazadaRefresh8aa",
    "WC_KEY": "ck_canaryWooKey31f",
    "WC_SECRET": "cs_canaryWooSecret77b",
}
# Live channels aimed at a closed local port: every call fails at once, after its retries.
LIVE = """\
  toko-shopee:
    platform: shopee
    base_url: http://127.0.0.1:9
    partner_id: 2001234
    partner_key: ${SHOPEE_PARTNER_KEY}
    shop_id: 5550001
    refresh_token: ${SHOPEE_REFRESH}
    access_token: ${SHOPEE_ACCESS}
  toko-tiktok:
    platform: tiktok
    base_url: http://127.0.0.1:9
    auth_url: http://127.0.0.1:9
    app_key: canaryappkey
    app_secret: ${TT_SECRET}
    refresh_token: ${TT_REFRESH}
    shop_cipher: ROW_canary
  toko-lazada:
    platform: lazada
    base_url: http://127.0.0.1:9
    auth_url: http://127.0.0.1:9
    app_key: "100100"
    app_secret: ${LZ_SECRET}
    refresh_token: ${LZ_REFRESH}
  toko-web:
    platform: woocommerce
    url: http://127.0.0.1:9
    consumer_key: ${WC_KEY}
    consumer_secret: ${WC_SECRET}
"""


@pytest.fixture
def canary_shop(shop: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The example shop plus four live channels whose secrets are markers (from .env)."""
    text = shop.read_text()
    text = text.replace("channels:\n", "channels:\n" + LIVE, 1)
    shop.write_text(text)
    (shop.parent / ".env").write_text("".join(f"{k}={v}\n" for k, v in SECRETS.items()))

    async def no_wait(delay: float, result: object = None) -> object:
        return result

    monkeypatch.setattr(asyncio, "sleep", no_wait)  # retries without waiting
    yield shop


def _seen(text: str) -> list[str]:
    return [marker for marker in SECRETS.values() if marker in text]


def test_no_command_shows_a_secret(canary_shop: Path, run_cli: RunCli, tmp_path: Path) -> None:
    config = str(canary_shop)
    report_dir = tmp_path / "laporan"
    report_dir.mkdir()
    commands = [
        ("validate", "-c", config),
        ("plan", "-c", config),
        ("sync", "-c", config),
        ("--debug", "sync", "-c", config),
        ("--verbose", "sync", "-c", config),
        ("--log-format", "json", "sync", "-c", config),
        ("--debug", "--log-format", "json", "pull", "-c", config),
        ("status", "-c", config),
        ("--debug", "status", "-c", config),
        ("stock", "show", "-c", config),
        ("--debug", "stock", "count", "KMJ-PRG-S", "3", "-c", config),
        ("backup", str(tmp_path), "-c", config),
        *[
            ("report", "-c", config, "--format", fmt, "-o", str(report_dir / f"r.{fmt}"))
            for fmt in ("json", "md", "html", "whatsapp", "xlsx")
        ],
        ("report", "-c", config, "--format", "csv", "-o", str(report_dir)),
        ("report", "-c", config),
        ("--debug", "validate", "-c", config + ".missing"),  # failing ones too
        ("--debug", "stock", "count", "NO-SUCH-SKU", "3", "-c", config),
    ]
    for args in commands:
        result = run_cli(*args)
        assert result.exit_code in (0, 1, 2, 4), (args, result.output)
        assert "Traceback" not in result.stdout, args
        assert _seen(result.stdout + result.stderr) == [], args
    written = [
        path
        for path in canary_shop.parent.rglob("*")
        if path.is_file()
        and path.name != ".env"
        and not path.name.startswith("state.sqlite")  # holds tokens by design (0600)
    ]
    written += [p for p in report_dir.rglob("*") if p.is_file()]
    assert written
    for path in written:
        assert _seen(path.read_bytes().decode("utf-8", "replace")) == [], path


def test_the_state_dump_and_token_files_keep_secrets(canary_shop: Path, run_cli: RunCli) -> None:
    from coopsync.state.sqlite import SqliteStore

    run_cli("sync", "-c", str(canary_shop))
    state = canary_shop.parent / ".coopsync" / "state.sqlite"
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    with SqliteStore(state) as store:
        dump = json.dumps(store.dump(), default=str)
    assert _seen(dump) == []
    for path in (canary_shop.parent / ".coopsync").rglob("*"):
        assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0, path


async def test_plain_http_woocommerce_never_sends_the_credentials(tmp_path: Path) -> None:
    import httpx

    from coopsync.platforms import create_adapter
    from coopsync.sandbox.marketplace import MutableClock
    from coopsync_adapters.testing.harness import memory_context
    from coopsync_adapters.woocommerce.settings import WooCommerceChannel

    sent: list[str] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(f"{request.url}\n{request.headers}\n{request.content.decode('latin-1')}")
        return httpx.Response(401, json={"code": "woocommerce_rest_cannot_view", "message": "no"})

    settings = WooCommerceChannel(
        platform="woocommerce",
        url="http://toko.example",
        consumer_key=SECRETS["WC_KEY"],
        consumer_secret=SECRETS["WC_SECRET"],
    )
    adapter = create_adapter(
        memory_context("web", settings, MutableClock(), transport=httpx.MockTransport(record))
    )
    with pytest.raises(Exception):  # noqa: B017 - refused: what matters is what was sent
        async for _ in adapter.listings():
            pass
    await adapter.aclose()
    assert sent
    assert all(SECRETS["WC_SECRET"] not in request for request in sent)
    assert all("Basic " not in request for request in sent)
    shutil.rmtree(tmp_path, ignore_errors=True)
