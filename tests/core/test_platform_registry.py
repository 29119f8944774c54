"""Every platform describes itself; the registry finds it by name or alias, lazily."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from pydantic import SecretStr

from coopsync.channel_config import ChannelBase
from coopsync.loading.channels import required_credentials
from coopsync.platforms import all_descriptors, descriptor_for, secret_fields

BUILT_IN = {"shopee", "tiktok", "lazada", "woocommerce", "manual"}


def test_the_built_in_platforms_register_through_the_entry_point_group() -> None:
    names = {ep.name for ep in entry_points(group="coopsync.adapters")}
    assert names >= BUILT_IN
    assert {d.name for d in all_descriptors()} >= BUILT_IN


def test_an_alias_finds_its_platform() -> None:
    assert descriptor_for("tokopedia") is descriptor_for("tiktok")
    assert descriptor_for("tokopedia").display_name == "TikTok Shop"


def test_every_credential_a_shop_needs_is_described_and_secrets_are_secret() -> None:
    for descriptor in all_descriptors():
        assert issubclass(descriptor.settings, ChannelBase)
        described = {c.field: c for c in descriptor.credentials}
        for name in required_credentials(descriptor.settings):
            assert name in described, (descriptor.name, name)
        for credential in descriptor.credentials:
            assert credential.field in descriptor.settings.model_fields
            assert set(credential.where) == {"id", "en"}
            assert credential.env == credential.env.upper()
            if credential.secret:
                assert credential.field in secret_fields(descriptor.settings)
                annotation = descriptor.settings.model_fields[credential.field].annotation
                assert SecretStr in getattr(annotation, "__args__", (annotation,))


def test_the_cli_imports_no_platform_until_a_channel_needs_one() -> None:
    code = (
        "import sys, coopsync.cli.app, coopsync.config, coopsync.platforms;"
        "print(sorted(m for m in sys.modules if m.startswith('coopsync_adapters')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert out.stdout.strip() == "[]", out.stderr


def test_loading_a_config_imports_its_platforms_descriptors_not_their_adapters() -> None:
    code = (
        "import sys, pathlib, tempfile;"
        "from coopsync.config import load_config;"
        "d = pathlib.Path(tempfile.mkdtemp());"
        "(d / 'c.yaml').write_text('shop: {name: X}\\nproducts: [{sku: A, title: Kopi, "
        "price: 100, stock: 1}]\\nchannels: {wa: {platform: manual}}\\n');"
        "load_config(d / 'c.yaml');"
        "print(sorted(m for m in sys.modules if m.startswith('coopsync_adapters.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    loaded = out.stdout.strip()
    assert "coopsync_adapters.manual.descriptor" in loaded, out.stderr
    assert "adapter'" not in loaded and "shopee" not in loaded


def test_validate_starts_without_the_network_stack() -> None:
    """`coopsync validate` (and `--help`) import no event loop, HTTP client, rich output or
    adapter contract (the descriptors' rules are in `coopsync.capabilities`): they cost
    start-up time a command that only reads the YAML does not need."""
    code = (
        "import sys, pathlib, tempfile;"
        "from coopsync.cli.app import app;"
        "d = pathlib.Path(tempfile.mkdtemp());"
        "(d / 'c.yaml').write_text('shop: {name: X}\\nproducts: [{sku: A, title: Kopi, "
        "price: 100, stock: 1}]\\nchannels: {wa: {platform: manual}}\\n');"
        "sys.argv = ['coopsync', 'validate', '-c', str(d / 'c.yaml')];"
        "exec('try:\\n app()\\nexcept SystemExit:\\n pass');"
        "heavy = ('asyncio', 'httpx', 'rich', 'ssl', 'sqlite3', 'coopsync.adapters');"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "valid" in out.stdout, out.stdout + out.stderr
    assert out.stderr.strip().splitlines()[-1] == "[]", out.stderr


def test_a_built_in_platform_is_found_without_reading_every_installed_package(
    monkeypatch: pytest.MonkeyPatch, example_config: Path
) -> None:
    """Reading every installed package's entry points costs start-up; coopsync's own package
    names the built-in platforms, so a shop selling only on them never needs that scan."""
    from coopsync import platforms
    from coopsync.config import load_config

    def scan_everything() -> dict[str, object]:
        raise AssertionError("every installed package's metadata was read")

    monkeypatch.setattr(platforms, "_entry_points", scan_everything)
    for name in BUILT_IN:
        assert platforms.find_descriptor(name) is not None
    loaded = load_config(example_config)
    assert set(loaded.enabled_channels()) == {"shopee", "tiktok", "lazada", "whatsapp"}
