"""`coopsync.Shop`: validate, plan, sync and report a shop without the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import coopsync
from coopsync.engine.run import RunOptions
from coopsync.loading.problems import ConfigInvalid

EXAMPLE = Path(__file__).parents[2] / "config.example.yaml"


@pytest.fixture
def shop_file(tmp_path: Path) -> Path:
    for name in ("config.example.yaml", "products.example.yaml"):
        source = EXAMPLE.parent / name
        if source.exists():
            shutil.copy(source, tmp_path / name)
    images = EXAMPLE.parent / "examples"
    if images.is_dir():
        shutil.copytree(images, tmp_path / "examples")
    return tmp_path / "config.example.yaml"


def test_a_bad_config_is_refused_with_located_problems(tmp_path: Path) -> None:
    path = tmp_path / "coopsync.yaml"
    path.write_text("shop: {name: X}\nproducts: []\nchannels: {toko: {platform: nope}}\n")
    with pytest.raises(ConfigInvalid) as caught:
        coopsync.Shop.open(path)
    assert any(p.code == "unknown_platform" and p.line == 3 for p in caught.value.problems)


def test_plan_changes_nothing_and_sync_then_reports(shop_file: Path) -> None:
    shop = coopsync.Shop.open(shop_file)
    assert not [p for p in shop.validate() if p.severity == "error"]
    plan = shop.plan()
    assert plan is not None and plan.channels
    assert not (shop.loaded.state_dir / "sandbox").exists()  # a plan leaves the sandbox alone
    result = shop.sync(RunOptions("sync"))
    assert int(result.summary.exit_code) in (0, 1)
    assert sum(c.created + c.adopted for c in result.summary.channels.values()) > 0
    again = coopsync.Shop.open(shop_file).sync()
    assert sum(c.created for c in again.summary.channels.values()) == 0
    report = shop.report(period="30d", lang="en")
    assert report.shop == shop.name and report.language == "en"
