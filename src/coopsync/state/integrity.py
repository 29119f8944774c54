"""Is a state file whole? The header check `open` does, then SQLite's own integrity check.

`integrity_problems(path)` is for `coopsync doctor` and `coopsync restore`: it never changes the
file and returns what is wrong in plain words (an empty list: the file is sound).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from coopsync.state.migrations import SCHEMA_VERSION
from coopsync.state.sqlite_open import StateDamaged, check_header

MAX_REPORTED = 5


def integrity_problems(path: Path) -> list[str]:
    """What is wrong with the state file at `path` ([] when it is sound; missing is wrong)."""
    if not path.is_file():
        return [f"{path} does not exist"]
    try:
        check_header(path)
    except StateDamaged as exc:
        return [str(exc.params.get("reason", exc.message))]
    try:
        conn = sqlite3.connect(path)
    except sqlite3.Error as exc:
        return [f"cannot be opened: {exc}"]
    try:
        rows = conn.execute("PRAGMA integrity_check").fetchmany(MAX_REPORTED)
        problems = [str(row[0]) for row in rows if str(row[0]) != "ok"]
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return [f"not a coopsync state file ({exc})"]
    finally:
        conn.close()
    if version == 0:
        problems.append("it holds no coopsync schema")
    elif version > SCHEMA_VERSION:
        problems.append(f"written by a newer coopsync (schema {version})")
    return problems
