"""Backing up and restoring a shop's state folder as one owner-only `.tar.gz` file.

The SQLite state is copied with SQLite's own backup API (a consistent snapshot, whatever the
write-ahead log holds); the other files (sandbox marketplaces, price lists) as they are. The
run lock, SQLite's -wal/-shm companions and temp files are left out. A restore checks the
archive first (only plain files under the folder, a state file that passes SQLite's integrity
check), then moves the current folder aside (never deletes it) and puts the backup in place.
"""

from __future__ import annotations

import io
import os
import sqlite3
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from coopsync.errors import ConfigError
from coopsync.state.files import OWNER_ONLY, fsync_folder, make_private_folder
from coopsync.state.integrity import integrity_problems

STATE_FILE = "state.sqlite"
_SKIPPED_NAMES = ("run.lock",)
_SKIPPED_ENDINGS = ("-wal", "-shm", "-journal", ".tmp")
MAX_MEMBER_BYTES = 2 * 1024**3  # a restore refuses larger files (a hostile archive)
MAX_MEMBERS = 10_000


class BackupError(ConfigError):
    """A backup that cannot be made or used (exit 2)."""

    def __init__(self, code: str, message: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = {key: str(value) for key, value in params.items()}


@dataclass(frozen=True)
class Restored:
    """What a restore did: where the backup went and where the old folder was moved."""

    state_dir: Path
    moved_aside: Path | None
    files: int


def backup_name(shop: str, at: datetime) -> str:
    """`coopsync-backup-<shop>-20261207-0315.tar.gz` (letters and digits of the shop's name)."""
    slug = "".join(c if c.isalnum() else "-" for c in shop.lower()).strip("-") or "shop"
    return f"coopsync-backup-{slug[:40]}-{at.strftime('%Y%m%d-%H%M%S')}.tar.gz"


def _kept(relative: Path) -> bool:
    name = relative.name
    return name not in _SKIPPED_NAMES and not name.endswith(_SKIPPED_ENDINGS)


def make_backup(state_dir: Path, target: Path) -> int:
    """Write the state folder to `target` (.tar.gz, 0600); returns the number of files."""
    if not (state_dir / STATE_FILE).is_file():
        raise BackupError("backup.nothing", f"there is no state in {state_dir}", folder=state_dir)
    make_private_folder(target.parent)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    count = 0
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, OWNER_ONLY)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.addfile(*_member(STATE_FILE, _snapshot(state_dir / STATE_FILE)))
            count += 1
            for path in sorted(state_dir.rglob("*")):
                relative = path.relative_to(state_dir)
                if not path.is_file() or path.is_symlink() or relative.name == STATE_FILE:
                    continue
                if not _kept(relative):
                    continue
                archive.addfile(*_member(relative.as_posix(), path.read_bytes()))
                count += 1
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)
    return count


def _member(name: str, data: bytes) -> tuple[tarfile.TarInfo, io.BytesIO]:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mode = OWNER_ONLY
    info.mtime = int(datetime.now().timestamp())
    return info, io.BytesIO(data)


def _snapshot(database: Path) -> bytes:
    """A consistent copy of the SQLite file, through SQLite's backup API."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / STATE_FILE
        source = sqlite3.connect(database)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
            source.close()
        return copy.read_bytes()


def restore_backup(archive_path: Path, state_dir: Path, at: datetime) -> Restored:
    """Check the backup, move the current state folder aside, and put the backup in place."""
    members = _checked_members(archive_path)
    parent = state_dir.parent
    make_private_folder(parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{state_dir.name}.restore-", dir=parent))
    try:
        os.chmod(staging, 0o700)
        for name, data in members.items():
            target = staging / name
            make_private_folder(target.parent)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        problems = integrity_problems(staging / STATE_FILE)
        if problems:
            raise BackupError(
                "backup.damaged",
                f"{archive_path}: the state in it is damaged: {problems[0]}",
                file=archive_path,
                reason=problems[0],
            )
        moved: Path | None = None
        if state_dir.exists():
            moved = parent / f"{state_dir.name}.before-restore-{at.strftime('%Y%m%d-%H%M%S')}"
            os.replace(state_dir, moved)
        os.replace(staging, state_dir)
        fsync_folder(parent)
    except BaseException:
        if staging.exists():
            for path in sorted(staging.rglob("*"), reverse=True):
                path.rmdir() if path.is_dir() else path.unlink()
            staging.rmdir()
        raise
    return Restored(state_dir, moved, len(members))


def _checked_members(archive_path: Path) -> dict[str, bytes]:
    """The files of a backup, refusing anything but plain files inside the folder."""
    try:
        archive = tarfile.open(archive_path, mode="r:gz")  # noqa: SIM115 - closed below
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupError(
            "backup.unreadable",
            f"{archive_path} is not a coopsync backup: {exc}",
            file=archive_path,
            reason=exc,
        ) from None
    files: dict[str, bytes] = {}
    total = 0
    try:
        with archive:
            for index, member in enumerate(archive):
                if index >= MAX_MEMBERS:
                    raise _bad(archive_path, "too many files")
                path = PurePosixPath(member.name)
                if not member.isfile() or path.is_absolute() or ".." in path.parts:
                    raise _bad(archive_path, f"{member.name} is not a plain file in the folder")
                total += member.size
                if member.size > MAX_MEMBER_BYTES or total > MAX_MEMBER_BYTES:
                    raise _bad(archive_path, f"{member.name} is too large")
                handle = archive.extractfile(member)
                if handle is None:
                    raise _bad(archive_path, f"{member.name} cannot be read")
                files[path.as_posix()] = handle.read(MAX_MEMBER_BYTES + 1)
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise _bad(archive_path, str(exc)) from None
    if STATE_FILE not in files:
        raise _bad(archive_path, f"it has no {STATE_FILE}")
    return files


def _bad(archive_path: Path, reason: str) -> BackupError:
    return BackupError(
        "backup.unreadable",
        f"{archive_path} is not a coopsync backup: {reason}",
        file=archive_path,
        reason=reason,
    )
