"""A throwaway PostgreSQL server for the tests, started by the tests themselves.

Where the server comes from, in order:
1. `COOPSYNC_TEST_PG_URL` (e.g. `postgresql://postgres@127.0.0.1:5432/postgres`): an existing
   server the tests may create and drop databases on.
2. The machine's PostgreSQL binaries (`pg_ctl` on PATH, else the newest
   `/usr/lib/postgresql/*/bin`): a new cluster in a temporary folder, on a free port on
   127.0.0.1, trust authentication, no fsync (the tests kill coopsync, never the server). As
   root (CI), PostgreSQL refuses to start, so initdb and pg_ctl run as the `postgres` user
   (`runuser`), in a folder that user owns.

Each test gets its own database from pytest-postgresql's `DatabaseJanitor` (created, then
dropped with its connections ended). When no server can be had the PostgreSQL tests skip and
say why, so a newcomer's `pytest` still passes; with `COOPSYNC_REQUIRE_POSTGRESQL=1` (set by
`.ci/run` once it has PostgreSQL) they fail instead, so CI cannot go quietly green without them.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REQUIRE_ENV = "COOPSYNC_REQUIRE_POSTGRESQL"
URL_ENV = "COOPSYNC_TEST_PG_URL"


class Unavailable(Exception):
    """No PostgreSQL server can be had here; the message says why and what to do."""


@dataclass
class PgServer:
    """A running server the tests may create databases on."""

    host: str
    port: int
    user: str
    password: str | None = None
    _names: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    def url(self, dbname: str) -> str:
        auth = self.user if self.password is None else f"{self.user}:{self.password}"
        return f"postgresql://{auth}@{self.host}:{self.port}/{dbname}"

    @contextlib.contextmanager
    def database(self, prefix: str = "coopsync_test") -> Iterator[str]:
        """A new empty database for the duration of the block; yields its URL."""
        from pytest_postgresql.janitor import DatabaseJanitor

        dbname = f"{prefix}_{os.getpid()}_{next(self._names)}"
        janitor = DatabaseJanitor(
            user=self.user,
            host=self.host,
            port=self.port,
            dbname=dbname,
            password=self.password,
            connection_timeout=10,
        )
        janitor.init()
        try:
            yield self.url(dbname)
        finally:
            janitor.drop()


def find_pg_bin() -> Path | None:
    """The folder holding pg_ctl and initdb, if this machine has PostgreSQL."""
    on_path = shutil.which("pg_ctl")
    found = [Path(on_path).resolve()] if on_path else []  # a symlink: where initdb is too
    found += sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
        reverse=True,
    )
    return next((p.parent for p in found if (p.parent / "initdb").exists()), None)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _from_url(url: str) -> PgServer:
    parts = urlsplit(url)
    return PgServer(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
    )


class LocalCluster:
    """initdb + pg_ctl in a temporary folder; as root, run as the `postgres` user."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.prefix: list[str] = []
        self.owner: tuple[int, int] | None = None
        if os.geteuid() == 0:
            import pwd

            try:
                entry = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise Unavailable(
                    "running as root and there is no `postgres` user to run PostgreSQL as "
                    "(install the `postgresql` package, or set COOPSYNC_TEST_PG_URL)"
                ) from exc
            runuser = shutil.which("runuser")
            if runuser is None:
                raise Unavailable("running as root and `runuser` is missing to start PostgreSQL")
            self.prefix = [runuser, "-u", "postgres", "--"]
            self.owner = (entry.pw_uid, entry.pw_gid)
        # The postgres user must reach the folder: as root, not under a TMPDIR in /root.
        parent = "/tmp" if self.owner is not None and os.path.isdir("/tmp") else None
        self.root = Path(tempfile.mkdtemp(prefix="coopsync-pg-", dir=parent))
        if self.owner is not None:
            os.chown(self.root, *self.owner)
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = _free_port()

    def _run(self, *args: str) -> None:
        done = subprocess.run(
            [*self.prefix, *args],
            capture_output=True,
            text=True,
            cwd=self.root,
            check=False,
            timeout=120,
        )
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip()[-800:]
            raise Unavailable(f"`{Path(args[0]).name}` failed: {tail}")

    def start(self) -> PgServer:
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = " ".join(
            [
                f"-p {self.port}",
                f"-k {self.root}",
                "-c listen_addresses=127.0.0.1",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200",
            ]
        )
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.log),
            "-w",
            "-t",
            "60",
            "start",
        )
        return PgServer(host="127.0.0.1", port=self.port, user="postgres")

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            subprocess.run(
                [
                    *self.prefix,
                    str(self.bin_dir / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ],
                capture_output=True,
                check=False,
                timeout=60,
                cwd=self.root,
            )
        shutil.rmtree(self.root, ignore_errors=True)


@contextlib.contextmanager
def pg_server() -> Iterator[PgServer]:
    """A server for this test session, or Unavailable saying why there is none."""
    url = os.environ.get(URL_ENV)
    if url:
        yield _from_url(url)
        return
    try:
        import psycopg  # noqa: F401
        import pytest_postgresql  # noqa: F401
    except ImportError as exc:
        raise Unavailable(
            f"{exc.name} is not installed (pip install -e '.[test]' installs it)"
        ) from exc
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise Unavailable(
            "no PostgreSQL on this machine (apt-get install postgresql, "
            "or set COOPSYNC_TEST_PG_URL to a server the tests may create databases on)"
        )
    # Another process may take the free port between choosing and binding it: try again.
    for attempt in range(3):
        cluster = LocalCluster(bin_dir)
        try:
            server = cluster.start()
            break
        except Unavailable:
            cluster.stop()
            if attempt == 2:
                raise
        except BaseException:
            cluster.stop()
            raise
    try:
        yield server
    finally:
        cluster.stop()
