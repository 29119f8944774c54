"""The state folder and its files: damage is never a new shop, an unwritable folder is the
user's to fix, every state file is owner-only and a killed write leaves nothing behind."""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from coopsync.state.files import atomic_write, remove_leftover_temps
from coopsync.state.sqlite import SqliteStore

RunCli = Callable[..., Result]


def _state(shop: Path) -> Path:
    return shop.parent / ".coopsync" / "state.sqlite"


def test_an_empty_state_file_is_damage_not_a_new_shop(shop: Path, run_cli: RunCli) -> None:
    _state(shop).parent.mkdir()
    _state(shop).write_bytes(b"")
    result = run_cli("--lang", "en", "sync", "-c", str(shop))
    assert result.exit_code == 2
    assert str(_state(shop)) in result.stderr
    assert "empty" in result.stderr and "restore" in result.stderr
    assert _state(shop).stat().st_size == 0  # left as it was, for the person to look at


def test_a_truncated_state_file_is_damage(shop: Path, run_cli: RunCli) -> None:
    assert run_cli("sync", "-c", str(shop)).exit_code == 0
    size = _state(shop).stat().st_size
    os.truncate(_state(shop), size // 2)
    result = run_cli("--lang", "en", "status", "-c", str(shop))
    assert result.exit_code == 2
    assert "cut short" in result.stderr and str(_state(shop)) in result.stderr


def test_a_file_in_the_way_of_the_state_folder_is_the_users_to_fix(
    shop: Path, run_cli: RunCli
) -> None:
    (shop.parent / ".coopsync").write_text("not a folder")
    result = run_cli("--lang", "en", "sync", "-c", str(shop))
    assert result.exit_code == 2
    assert str(shop.parent / ".coopsync") in result.stderr
    assert "cannot be written" in result.stderr and "bug" not in result.stderr


def test_a_read_only_or_full_disk_is_the_users_to_fix(
    shop: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, who can write anywhere: the disk's answer is simulated.
    real_connect = sqlite3.connect

    def full_disk(*args: object, **kwargs: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(sqlite3, "connect", full_disk)
    result = run_cli("--lang", "en", "sync", "-c", str(shop))
    monkeypatch.setattr(sqlite3, "connect", real_connect)
    assert result.exit_code == 2
    assert "disk is full" in result.stderr and str(shop.parent / ".coopsync") in result.stderr
    assert "bug" not in result.stderr


def test_a_new_state_file_appears_whole(tmp_path: Path) -> None:
    path = tmp_path / "s" / "state.sqlite"
    SqliteStore(path).close()
    assert sorted(p.name for p in path.parent.iterdir()) == ["state.sqlite"]
    SqliteStore(path).close()  # and opens again as a shop, not as damage


def test_every_file_in_the_state_folder_is_owner_only(shop: Path, run_cli: RunCli) -> None:
    assert run_cli("sync", "-c", str(shop)).exit_code == 0
    folder = shop.parent / ".coopsync"
    loose = [
        f"{p.relative_to(folder)} {stat.filemode(p.stat().st_mode)}"
        for p in [folder, *folder.rglob("*")]
        if p.stat().st_mode & 0o077
    ]
    assert loose == []


def test_temp_files_of_a_killed_run_are_removed_by_the_next(shop: Path, run_cli: RunCli) -> None:
    assert run_cli("sync", "-c", str(shop)).exit_code == 0
    folder = shop.parent / ".coopsync"
    dead_pid = 2**22 + 7  # above the default pid_max: no such process
    leftovers = [
        folder / "sandbox" / f".shopee.json.{dead_pid}.tmp",
        folder / f".state.sqlite.{dead_pid}.tmp",
        folder / f".state.sqlite.{dead_pid}.tmp-wal",
    ]
    for leftover in leftovers:
        leftover.parent.mkdir(parents=True, exist_ok=True)
        leftover.write_text("half")
    assert run_cli("sync", "-c", str(shop)).exit_code == 0
    assert [p for p in leftovers if p.exists()] == []


def test_a_live_writers_temp_file_is_left_alone(tmp_path: Path) -> None:
    mine_elsewhere = tmp_path / f".x.json.{os.getppid()}.tmp"
    mine_elsewhere.write_text("in use")
    assert remove_leftover_temps(tmp_path) == []
    assert mine_elsewhere.exists()


def test_atomic_write_is_owner_only_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    target.write_text("old")
    target.chmod(0o644)
    atomic_write(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]
