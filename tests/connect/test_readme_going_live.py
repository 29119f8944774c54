"""README's "Going live" section, walked exactly as written against the Shopee fake: the app's
two values in `.env` (from the README's block), `sandbox: false` on the channel, then each
`coopsync` line of the README's block, the owner approving in a browser on this computer."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import respx
from connect_platforms import Browser, free_port
from connect_shop import Clock, route, run, secrets_in

from coopsync.state.sqlite import SqliteStore
from coopsync_adapters.shopee.authorize import ShopeeAuthorization
from coopsync_adapters.shopee.fake import PARTNER_ID, PARTNER_KEY, ShopeeFake


def readme_block(repo_root: Path, marker: str) -> str:
    text = (repo_root / "README.md").read_text("utf-8")
    [found] = [b for b in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S) if marker in b]
    return found


@pytest.fixture
def fake() -> ShopeeFake:
    return ShopeeFake(clock=Clock())


@pytest.fixture
def router(fake: ShopeeFake) -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as mocked:
        route(mocked, "partner.shopeemobile.com", fake)
        mocked.route(host__regex=r".*\.example$").respond(
            200, content=b"\xff\xd8\xff\xe0 a photo", headers={"content-type": "image/jpeg"}
        )
        yield mocked


def test_going_live_as_the_readme_says(
    tmp_path: Path,
    repo_root: Path,
    example_config: Path,
    fake: ShopeeFake,
    router: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("SHOPEE_PARTNER_ID", "SHOPEE_PARTNER_KEY"):
        monkeypatch.delenv(name, raising=False)
    config = tmp_path / "coopsync.yaml"
    shutil.copy(example_config, config)
    shopee = config.read_text("utf-8").index("  shopee:\n")
    text = config.read_text("utf-8")
    config.write_text(
        text[:shopee] + text[shopee:].replace("sandbox: true", "sandbox: false", 1), "utf-8"
    )
    # The README's .env, with this fake app's values where it shows placeholders.
    dotenv = readme_block(repo_root, "# .env beside coopsync.yaml")
    values = {"SHOPEE_PARTNER_ID": PARTNER_ID, "SHOPEE_PARTNER_KEY": PARTNER_KEY}
    lines = [
        f"{line.split('=')[0]}={values[line.split('=')[0]]}" if "=" in line else line
        for line in dotenv.splitlines()
    ]
    assert len([line for line in lines if "=" in line]) == 2  # the app's values, no token
    (tmp_path / ".env").write_text("\n".join(lines) + "\n", "utf-8")
    # The owner approves in this computer's browser, which comes back to coopsync.
    monkeypatch.setattr(
        ShopeeAuthorization, "default_redirect", f"http://127.0.0.1:{free_port()}/coopsync"
    )
    browser = Browser(fake, fake.approve)
    monkeypatch.setattr("webbrowser.open", browser.open)

    commands = [
        line.split()
        for line in readme_block(repo_root, "coopsync connect shopee").splitlines()
        if line.startswith("coopsync ")
    ]
    assert [c[1] for c in commands] == ["connect", "validate", "plan", "sync"]
    outputs = []
    for command in commands:
        code, out = run(config, "--lang", "en", *command[1:])
        assert code == 0, (command, out)
        outputs.append(out)
    assert "Connected 'shopee' to Toko Anyaman Difabel" in outputs[0]
    assert "go back to the terminal" in browser.pages[0]
    # The catalog is on the (fake) shop, and no token was ever typed or shown.
    assert fake.sku_view("KMJ-PRG-M") is not None
    with SqliteStore(tmp_path / ".coopsync" / "state.sqlite") as store:
        pair = store.load_tokens("shopee")
    assert pair is not None and pair.refresh_token in fake.tokens.refresh_tokens
    issued = set(fake.auth.codes) | set(fake.tokens.access) | set(fake.tokens.refresh_tokens)
    assert secrets_in("".join(outputs) + config.read_text("utf-8"), issued) == []
