"""`coopsync backup` and `coopsync restore`, and the integrity check `doctor` uses."""

from __future__ import annotations

import io
import os
import stat
import tarfile
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from coopsync.state.integrity import integrity_problems

RunCli = Callable[..., Result]


def _orders(shop: Path) -> int:
    from coopsync.state.sqlite import SqliteStore

    with SqliteStore(shop.parent / ".coopsync" / "state.sqlite") as store:
        return len(store.dump()["orders"])


def test_a_backup_restores_the_shop_as_it_was(shop: Path, run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("sync", "-c", str(shop)).exit_code == 0
    before = _orders(shop)
    made = run_cli("--lang", "en", "backup", str(tmp_path), "-c", str(shop))
    assert made.exit_code == 0, made.output
    (archive,) = tmp_path.glob("coopsync-backup-*.tar.gz")
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600  # it holds the shop's tokens
    state = shop.parent / ".coopsync"
    (state / "state.sqlite").write_bytes(b"")  # the disk lost it
    assert run_cli("status", "-c", str(shop)).exit_code == 2
    restored = run_cli("--lang", "en", "restore", str(archive), "-c", str(shop))
    assert restored.exit_code == 0, restored.output
    assert "moved to" in restored.stdout
    assert _orders(shop) == before > 0
    assert integrity_problems(state / "state.sqlite") == []
    aside = list(shop.parent.glob(".coopsync.before-restore-*"))
    assert len(aside) == 1 and (aside[0] / "state.sqlite").stat().st_size == 0  # kept, not lost
    again = run_cli("sync", "-c", str(shop))
    assert again.exit_code == 0, again.output
    assert _orders(shop) == before


def test_a_restore_refuses_what_is_not_a_backup(
    shop: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    assert run_cli("sync", "-c", str(shop)).exit_code == 0
    hostile = tmp_path / "evil.tar.gz"
    with tarfile.open(hostile, "w:gz") as archive:
        data = b"owned"
        info = tarfile.TarInfo("../../escaped.txt")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    garbage = tmp_path / "notes.tar.gz"
    garbage.write_text("not an archive")
    for bad in (hostile, garbage, tmp_path / "missing.tar.gz"):
        result = run_cli("--lang", "en", "restore", str(bad), "-c", str(shop))
        assert result.exit_code == 2, result.output
        assert "not a coopsync backup" in result.stderr
    assert not (tmp_path.parent / "escaped.txt").exists()
    assert run_cli("status", "-c", str(shop)).exit_code == 0  # the shop is untouched


def test_the_integrity_check_names_damage(tmp_path: Path) -> None:
    from coopsync.state.sqlite import SqliteStore

    path = tmp_path / "state.sqlite"
    SqliteStore(path).close()
    assert integrity_problems(path) == []
    os.truncate(path, path.stat().st_size // 2)
    assert integrity_problems(path)
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    assert integrity_problems(empty) == ["it is empty (0 bytes)"]
