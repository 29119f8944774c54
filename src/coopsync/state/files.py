"""Files in the state folder: atomic owner-only writes, the folder itself, leftover temp files.

Every file coopsync writes is written whole or not at all: a temp file beside the target
(`.<name>.<pid>.tmp`), fsync, rename over the target, fsync of the folder. A run killed
between the first and the last step leaves only a temp file, which the next run removes.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from coopsync.errors import ConfigError

OWNER_ONLY = 0o600
TEMP_SUFFIX = ".tmp"
# A new state database is built as a temp file, with SQLite's -wal and -shm beside it.
_TEMP_ENDINGS = (TEMP_SUFFIX, TEMP_SUFFIX + "-wal", TEMP_SUFFIX + "-shm")


class StateFolderUnusable(ConfigError):
    """The state folder cannot be created or written: the user's to fix (exit 2)."""


def temp_path(path: Path) -> Path:
    """Where `path` is written before it is renamed into place (this process only)."""
    return path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")


def atomic_write(path: Path, data: bytes | str, *, mode: int = OWNER_ONLY) -> None:
    """Write `data` to `path` whole or not at all, owner-only unless `mode` says otherwise."""
    raw = data.encode() if isinstance(data, str) else data
    tmp = temp_path(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
        try:
            os.fchmod(fd, mode)  # O_CREAT's mode is masked by the umask; say it exactly
            view = memoryview(raw)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_leftover_temps(folder: Path) -> list[Path]:
    """Delete temp files a killed run left in `folder` (any depth); returns what was removed.

    A temp file whose writer is still alive (its pid is in the name) is left alone.
    """
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for candidate in folder.rglob(f".*{TEMP_SUFFIX}*"):
        if not candidate.name.endswith(_TEMP_ENDINGS) or _writer_alive(candidate):
            continue
        with contextlib.suppress(OSError):
            candidate.unlink()
            removed.append(candidate)
    return removed


def _writer_alive(temp: Path) -> bool:
    stem = temp.name
    for ending in _TEMP_ENDINGS:
        stem = stem.removesuffix(ending)
    pid_text = stem.rpartition(".")[2]
    if not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def prepare_state_folder(folder: Path) -> None:
    """Create the state folder (owner-only) or say plainly why it cannot be used (exit 2)."""
    try:
        make_private_folder(folder)
    except OSError as exc:
        raise unusable(folder, exc) from None
    if not folder.is_dir():
        raise unusable(folder, NotADirectoryError(f"{folder} is not a folder"))


def make_private_folder(folder: Path) -> None:
    """`mkdir -p` where every folder it creates is owner-only (mkdir's parents= ignores mode)."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for level in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            level.mkdir(mode=0o700)
        level.chmod(0o700)  # mkdir's mode is masked by the umask


def unusable(folder: Path, exc: BaseException) -> StateFolderUnusable:
    """The exit-2 error for a state folder that cannot be written, naming it and the error."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    error = StateFolderUnusable(
        f"the state folder {folder} cannot be written: {reason}",
        hint=(
            "make it writable, free some disk space, or move what is in its way;"
            " `state_dir` in the config chooses another folder"
        ),
    )
    error.code = "state.unusable"
    error.params = {"folder": str(folder), "reason": reason}
    return error
