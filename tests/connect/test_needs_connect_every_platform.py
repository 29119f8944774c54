"""On every platform with an account, a live channel whose shop is not connected (or whose
authorization the platform refuses) stops with exit 4, and the fix it names, in Indonesian and
in English, is `coopsync connect CHANNEL` (the messages live in coopsync.messages)."""

from __future__ import annotations

from pathlib import Path

import pytest
from connect_shop import run, shop_yaml

from coopsync.i18n import t
from coopsync.platforms import PlatformDescriptor, all_descriptors

WITH_ACCOUNTS = [d for d in all_descriptors() if d.credentials]
VALUES = {"url": "https://127.0.0.1:9", "partner_id": "2001234"}


def live_channel(descriptor: PlatformDescriptor) -> str:
    """A live channel with the app's credentials only (what `init` asks for), nothing else."""
    lines = [f"  toko:\n    platform: {descriptor.name}\n    sandbox: false\n"]
    lines += [
        f"    {c.field}: '{VALUES.get(c.field, '1234567')}'\n"
        for c in descriptor.credentials
        if not c.connect
    ]
    return "".join(lines)


def test_every_platform_with_an_account_has_a_connect_flow() -> None:
    assert {d.name for d in WITH_ACCOUNTS} >= {"shopee", "tiktok", "lazada", "woocommerce"}
    for descriptor in WITH_ACCOUNTS:
        assert descriptor.authorizer() is not None, descriptor.name
        assert any(c.connect for c in descriptor.credentials), descriptor.name


@pytest.mark.parametrize("descriptor", WITH_ACCOUNTS, ids=lambda d: d.name)
@pytest.mark.parametrize("lang", ["en", "id"])
def test_an_unconnected_live_channel_exits_4_naming_connect(
    tmp_path: Path, descriptor: PlatformDescriptor, lang: str
) -> None:
    config = shop_yaml(tmp_path, live_channel(descriptor))
    code, out = run(config, "--lang", lang, "sync")
    assert code == 4, out
    fix = t("connect.needed", lang, channel="toko").split(" — ")[1]
    assert fix in " ".join(out.split()), out
    assert "coopsync connect toko" in fix


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_fix_for_a_refused_authorization_names_connect(lang: str) -> None:
    for code in ("connect.fix", "connect.needed", "doctor.reauthorise_fix", "doctor.connect"):
        assert "`coopsync connect toko`" in t(code, lang, channel="toko"), (code, lang)
