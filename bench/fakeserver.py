"""The platforms' fakes in a process of their own, reached over local HTTP (127.0.0.1).

    python bench/fakeserver.py CONFIG CHANNEL[,CHANNEL...] [--limits JSON] [--seed 22]

`CONFIG` is a shop whose channels are `sandbox: true`. The server opens those channels as
the sandbox would for a first sync (a new simulated shop: most of the catalog listed by hand,
a month of buyers, the catalog's counts shown), keeps each channel's fake, and serves it on a
port of its own behind `wire.Gate` (a jittered 50–150 ms round trip, the platform's limit over
one-second windows, its own 429 over it, counted). A second port per channel is the
platform's auth host (the fake sees it as `auth.<host>`, as a platform that serves tokens
from an `auth.` host checks). When ready it prints one JSON line: the control port and, per
channel, the settings a real (not sandbox) channel needs to reach it — the fake's
credentials, `base_url`/`auth_url` on 127.0.0.1 — and which of them are secrets (the fake's
own keys: the bench hands them to coopsync through the environment, as a shop would).

The control port (no latency, no limit) is the bench's hand on the platforms: `GET /stats`
(request counts, 429s, this process's CPU and peak RSS), `POST /log` (each channel's requests
since a count), `POST /clock` (move the fakes' clock), `POST /orders` (buyers place orders),
`POST /quit`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import h11
import httpx
from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parent))

import wire

from coopsync.adapters import TokenPair
from coopsync.config import load_config
from coopsync.runtime import open_channels
from coopsync.sandbox.marketplace import FakeLine, FakeMarketplace
from coopsync.state.timestamps import utc_now

HOST = "127.0.0.1"
Handler = Callable[[httpx.Request], Awaitable[httpx.Response]]
# Where a platform's API sits under its host (Lazada's gateway is api.lazada.co.id/rest).
BASE_PATH = {"lazada": "/rest"}
_HOP = frozenset({"content-length", "transfer-encoding", "connection", "keep-alive"})


class MemoryStore:
    """Tokens and key-values of the set-up adapters (the server's own; coopsync has its own)."""

    def __init__(self) -> None:
        self.tokens: dict[str, TokenPair] = {}
        self.values: dict[tuple[str, str], str] = {}

    def load_tokens(self, channel: str) -> TokenPair | None:
        return self.tokens.get(channel)

    def save_tokens(self, channel: str, tokens: TokenPair) -> None:
        self.tokens[channel] = tokens

    def get_value(self, channel: str, key: str) -> str | None:
        return self.values.get((channel, key))

    def set_value(self, channel: str, key: str, value: str) -> None:
        self.values[(channel, key)] = value


# ---- HTTP/1.1 over asyncio streams (h11, which httpx itself uses) ----------------------------
async def _serve_connection(
    reader: asyncio.StreamReader,
    writer: asyncio.StreamWriter,
    handler: Handler,
    present_host: Callable[[str], str],
) -> None:
    conn = h11.Connection(h11.SERVER)
    try:
        while True:
            request: h11.Request | None = None
            body = bytearray()
            while True:
                event = conn.next_event()
                if event is h11.NEED_DATA:
                    data = await reader.read(65536)
                    conn.receive_data(data)
                    if not data and request is None:
                        return
                    continue
                if isinstance(event, h11.ConnectionClosed):
                    return
                if isinstance(event, h11.Request):
                    request = event
                elif isinstance(event, h11.Data):
                    body += event.data
                elif isinstance(event, h11.EndOfMessage):
                    break
            assert request is not None
            headers = [(k.decode(), v.decode()) for k, v in request.headers]
            host = next((v for k, v in headers if k.lower() == "host"), HOST)
            url = f"http://{present_host(host)}{request.target.decode()}"
            outgoing = httpx.Request(
                request.method.decode(), url, headers=headers, content=bytes(body)
            )
            try:
                response = await handler(outgoing)
                content = await response.aread()
            except httpx.TimeoutException:  # an injected timeout: no answer at all
                return
            except Exception:  # the fake's own bug: say so, as a platform's 500 would
                traceback.print_exc()
                response, content = httpx.Response(500), traceback.format_exc().encode()
            out_headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _HOP]
            out_headers.append(("content-length", str(len(content))))
            head = h11.Response(status_code=response.status_code, headers=out_headers)
            for event in (head, h11.Data(data=content), h11.EndOfMessage()):
                writer.write(conn.send(event) or b"")
            await writer.drain()
            if conn.our_state is h11.MUST_CLOSE or conn.their_state is h11.MUST_CLOSE:
                return
            conn.start_next_cycle()
    except (ConnectionError, h11.RemoteProtocolError, asyncio.CancelledError):
        return  # the client went away, or this server is stopping
    finally:
        writer.close()


async def listen(handler: Handler, *, auth_host: bool = False) -> tuple[asyncio.Server, int]:
    def present(host: str) -> str:
        return f"auth.{host}" if auth_host else host

    server = await asyncio.start_server(
        lambda r, w: _serve_connection(r, w, handler, present), HOST, 0
    )
    port = server.sockets[0].getsockname()[1]
    return server, port


# ---- the platforms ---------------------------------------------------------------------------
class Platforms:
    """The fakes this process serves, their gates, their clock and the control API."""

    def __init__(self, conditions: wire.Conditions) -> None:
        self.conditions = conditions
        self.offset = timedelta()
        self.fakes: dict[str, FakeMarketplace] = {}
        self.gates: dict[str, wire.Gate] = {}
        self.done = asyncio.Event()

    def clock(self) -> datetime:
        return utc_now() + self.offset

    async def open(self, config: Path, names: list[str]) -> dict[str, dict[str, Any]]:
        """Open the channels as a first sync's sandbox would; what coopsync needs to reach them."""
        loaded = load_config(config)
        channels = open_channels(
            loaded, MemoryStore(), self.clock, only=names, simulate_buyers=True, persist=False
        )
        reach: dict[str, dict[str, Any]] = {}
        async with channels:
            for name in names:
                fake = channels.fakes[name]
                self.fakes[name] = fake
                self.gates[name] = wire.Gate(name, fake, self.conditions)
                settings = channels.settings(name)
                _, port = await listen(self.gates[name].cross)
                values: dict[str, Any] = {}
                secrets: list[str] = []
                for field_name in type(settings).model_fields:
                    value = getattr(settings, field_name)
                    if field_name in ("sandbox", "stock", "price") or value is None:
                        continue
                    if isinstance(value, SecretStr):
                        value = value.get_secret_value()
                        secrets.append(field_name)
                    values[field_name] = value
                prefix = BASE_PATH.get(fake.platform, "")
                values["base_url"] = f"http://{HOST}:{port}{prefix}"
                if "auth_url" in type(settings).model_fields:
                    _, auth_port = await listen(self.gates[name].cross, auth_host=True)
                    values["auth_url"] = f"http://{HOST}:{auth_port}{prefix}"
                reach[name] = {"settings": values, "secrets": secrets}
        return reach

    # ---- control -----------------------------------------------------------------------------
    async def control(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        body = json.loads(request.content or b"{}")
        if path == "/stats":
            usage = resource.getrusage(resource.RUSAGE_SELF)
            answer: Any = {
                "requests": {n: len(f.requests) for n, f in self.fakes.items()},
                "refused": dict(self.conditions.refused),
                "cpu_s": time.process_time(),
                "peak_rss_mb": usage.ru_maxrss / 1024,
            }
        elif path == "/log":
            answer = {
                name: [[r.method, r.path] for r in self.fakes[name].requests[since:]]
                for name, since in body.items()
            }
        elif path == "/clock":
            self.offset = timedelta(seconds=float(body["offset_s"]))
            answer = {"now": self.clock().isoformat()}
        elif path == "/orders":
            at = datetime.fromisoformat(body["at"])
            placed = 0
            for name, lines in body["orders"].items():
                for sku, units in lines:
                    self.fakes[name].place_order([FakeLine(sku, int(units))], at=at)
                    placed += 1
            answer = {"placed": placed}
        elif path == "/quit":
            self.done.set()
            answer = {}
        else:
            return httpx.Response(404, json={"error": path})
        return httpx.Response(200, json=answer)


async def serve(config: Path, names: list[str], conditions: wire.Conditions) -> None:
    platforms = Platforms(conditions)
    reach = await platforms.open(config, names)
    _, control_port = await listen(platforms.control)
    print(json.dumps({"control": control_port, "channels": reach}), flush=True)
    await platforms.done.wait()
    await asyncio.sleep(0.2)  # the answer to /quit goes out first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("channels")
    parser.add_argument("--limits", default="{}", help='calls a second: {"shopee": 20, ...}')
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--latency", type=float, nargs=2, default=(0.05, 0.15), help="seconds")
    args = parser.parse_args()
    latency = (args.latency[0], args.latency[1])
    conditions = wire.Conditions(latency, limits=json.loads(args.limits), seed=args.seed)
    names = [n for n in args.channels.split(",") if n]
    asyncio.run(serve(args.config, names, conditions))


if __name__ == "__main__":
    main()
