"""A fifth platform is a plugin: the toy platform, installed through its entry point, no core edit.

The test installs `coopsync_toyshop` (beside this file) the way pip does: a `.dist-info` folder
with an `entry_points.txt` naming its descriptor, on `sys.path`. Then `coopsync` itself, in a
fresh process, validates and syncs a shop that sells on it, and never shows its secret.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
SECRET = "toy-SECRET-7c1e9a"

SHOP = """\
shop: {name: Toko Mainan Kayu, language: en}
products:
  - {sku: KUDA-1, title: Kuda Goyang Kayu Jati, price: 150000, stock: 4}
  - {sku: MOBIL-1, title: Mobil Kayu Pinus, price: 45000, stock: 9}
channels:
  toko:
    platform: mainan          # the toy platform's alias
    sandbox: true
    api_key: ${TOY_KEY}
    packing: kardus
"""


def install_toyshop(site: Path) -> None:
    """What `pip install coopsync-toyshop` leaves in site-packages, minus the copy of the code."""
    info = site / "coopsync_toyshop-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: coopsync-toyshop\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[coopsync.adapters]\ntoyshop = coopsync_toyshop:DESCRIPTOR\n"
    )
    (site / "coopsync_toyshop.py").write_text(
        (HERE / "coopsync_toyshop.py").read_text(encoding="utf-8"), encoding="utf-8"
    )


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    site = tmp_path / "site"
    install_toyshop(site)
    variables = dict(os.environ)
    variables["PYTHONPATH"] = os.pathsep.join([str(site), variables.get("PYTHONPATH", "")])
    variables["TOY_KEY"] = SECRET
    return variables


def coopsync(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "coopsync"), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=120,
    )


def test_the_entry_point_lists_the_plugin_beside_the_built_ins(env: dict[str, str]) -> None:
    code = (
        "from importlib.metadata import entry_points;"
        "print(sorted(e.name for e in entry_points(group='coopsync.adapters')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    for name in ("shopee", "tiktok", "lazada", "woocommerce", "manual", "toyshop"):
        assert f"'{name}'" in out.stdout


def test_a_shop_on_the_plugin_validates_and_syncs_and_its_secret_never_shows(
    env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "coopsync.yaml"
    config.write_text(SHOP, encoding="utf-8")
    valid = coopsync(env, "validate", "-c", str(config))
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert "1 channel" in valid.stdout or "toko" in valid.stdout

    first = coopsync(env, "--debug", "sync", "-c", str(config))
    assert first.returncode == 0, first.stdout + first.stderr
    assert "toko" in first.stdout
    second = coopsync(env, "--debug", "sync", "-c", str(config))
    assert second.returncode == 0, second.stdout + second.stderr

    sandbox = (tmp_path / ".coopsync" / "sandbox" / "toko.json").read_text(encoding="utf-8")
    assert "KUDA-1" in sandbox and "MOBIL-1" in sandbox  # the toy marketplace holds the listings
    seen = [valid.stdout, valid.stderr, first.stdout, first.stderr, second.stdout, second.stderr]
    seen += [p.read_text(errors="replace") for p in (tmp_path / ".coopsync").rglob("*.log")]
    assert not [text for text in seen if SECRET in text]


def test_the_plugins_settings_are_typed_and_its_errors_located(
    env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "coopsync.yaml"
    config.write_text(
        SHOP.replace("sandbox: true", "sandbox: false").replace("packing: kardus", "pakcing: x"),
        encoding="utf-8",
    )
    out = coopsync(env, "validate", "-c", str(config))
    assert out.returncode == 2, out.stdout + out.stderr
    text = out.stdout + out.stderr
    assert "coopsync.yaml:10" in text and "`packing`" in text  # did you mean `packing`?
    assert SECRET not in text

    config.write_text(SHOP.replace("mainan", "mainnan"), encoding="utf-8")
    out = coopsync(env, "validate", "-c", str(config))
    assert out.returncode == 2
    assert "mainan" in out.stdout + out.stderr and "toyshop" in out.stdout + out.stderr
