"""A run lets go of the listing snapshots it kept parsed (tens of MB at 10,000 SKUs, which a
long-lived process, a fleet worker, would otherwise hold between runs)."""

from __future__ import annotations

import shutil
from pathlib import Path

import coopsync
from coopsync.adapters import ListingStatus, RemoteListing, RemoteSku
from coopsync.engine import snapshot
from coopsync.engine.snapshot import Snapshot, dump_snapshot, forget_parsed, load_snapshot

EXAMPLE = Path(__file__).parents[2] / "config.example.yaml"


def test_a_sync_leaves_no_snapshot_parsed(tmp_path: Path) -> None:
    for name in ("config.example.yaml", "products.example.yaml"):
        if (EXAMPLE.parent / name).exists():
            shutil.copy(EXAMPLE.parent / name, tmp_path / name)
    if (EXAMPLE.parent / "examples").is_dir():
        shutil.copytree(EXAMPLE.parent / "examples", tmp_path / "examples")
    shop = coopsync.Shop.open(tmp_path / "config.example.yaml")
    result = shop.sync()
    assert result.summary.channels  # the sync ran and read listings
    assert not snapshot._parsed


def test_a_forgotten_snapshot_is_read_again_from_its_text() -> None:
    listing = RemoteListing(
        "7", "Tas Pandan", ListingStatus.ACTIVE, (RemoteSku("TAS-1", "71", 50_000, 4),)
    )
    text = dump_snapshot(Snapshot({"7": listing}, {}))
    assert snapshot._parsed  # kept parsed within a run
    forget_parsed()
    assert not snapshot._parsed
    assert load_snapshot(text).listings == {"7": listing}
