"""The bench's hand on the fakes' server processes (bench/fakeserver.py): start, ask, stop."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

SERVER = Path(__file__).resolve().parent / "fakeserver.py"


@dataclass
class Server:
    process: subprocess.Popen[str]
    control: str
    channels: list[str]


class RemotePlatforms:
    """One or more fake-server processes; each serves some of the channels."""

    def __init__(self, servers: list[Server], reach: dict[str, dict[str, Any]]) -> None:
        self.servers = servers
        self.reach = reach
        self.client = httpx.Client(timeout=600)

    @classmethod
    def start(
        cls,
        config: Path,
        channels: list[str],
        limits: dict[str, float],
        processes: int,
        latency: tuple[float, float] = (0.05, 0.15),
    ) -> RemotePlatforms:
        groups = [channels[i::processes] for i in range(min(processes, len(channels)))]
        started = []
        for group in groups:
            command = [sys.executable, str(SERVER), str(config), ",".join(group)]
            command += ["--limits", json.dumps(limits), "--latency", *map(str, latency)]
            started.append((group, subprocess.Popen(command, stdout=subprocess.PIPE, text=True)))
        servers, reach = [], {}
        for group, process in started:
            assert process.stdout is not None
            line = process.stdout.readline()
            if not line:
                raise SystemExit(f"the fake server for {group} did not start")
            ready = json.loads(line)
            servers.append(Server(process, f"http://127.0.0.1:{ready['control']}", group))
            reach.update(ready["channels"])
        return cls(servers, reach)

    def settings(self, env_prefix: str = "BENCH") -> dict[str, dict[str, Any]]:
        """Each channel's settings for coopsync's config; secrets as `${VAR}`, set here."""
        out: dict[str, dict[str, Any]] = {}
        for name, found in self.reach.items():
            values = dict(found["settings"])
            for field in found["secrets"]:
                variable = f"{env_prefix}_{name}_{field}".upper()
                os.environ[variable] = str(values[field])
                values[field] = "${" + variable + "}"
            out[name] = values
        return out

    def _ask(self, server: Server, path: str, body: Any = None) -> Any:
        response = self.client.post(server.control + path, json=body or {})
        response.raise_for_status()
        return response.json()

    def stats(self) -> dict[str, Any]:
        """Requests and 429s per channel; the servers' CPU seconds and peak RSS (MB), summed."""
        total: dict[str, Any] = {"requests": {}, "refused": {}, "cpu_s": 0.0, "peak_rss_mb": 0.0}
        for server in self.servers:
            found = self._ask(server, "/stats")
            total["requests"].update(found["requests"])
            total["refused"].update(found["refused"])
            total["cpu_s"] += found["cpu_s"]
            total["peak_rss_mb"] += found["peak_rss_mb"]
        return total

    def log(self, since: dict[str, int]) -> dict[str, list[tuple[str, str]]]:
        """Each channel's requests (method, path) from count `since[channel]` on."""
        out: dict[str, list[tuple[str, str]]] = {}
        for server in self.servers:
            asked = {name: since.get(name, 0) for name in server.channels}
            for name, requests in self._ask(server, "/log", asked).items():
                out[name] = [(method, path) for method, path in requests]
        return out

    def set_offset(self, seconds: float) -> None:
        for server in self.servers:
            self._ask(server, "/clock", {"offset_s": seconds})

    def place(self, orders: dict[str, list[tuple[str, int]]], at: datetime) -> int:
        placed = 0
        for server in self.servers:
            mine = {n: lines for n, lines in orders.items() if n in server.channels}
            placed += self._ask(server, "/orders", {"at": at.isoformat(), "orders": mine})["placed"]
        return placed

    def stop(self) -> None:
        for server in self.servers:
            with contextlib.suppress(httpx.HTTPError):
                self._ask(server, "/quit")
        for server in self.servers:
            try:
                server.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.process.kill()
        self.client.close()
