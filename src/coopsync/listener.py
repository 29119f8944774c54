"""Catching a platform's redirect on this machine: a one-shot local HTTP listener.

When the redirect address registered for an app is on this machine (`http://localhost:PORT/…`
or `http://127.0.0.1:PORT/…`), the browser that approved the app comes back here. A small
stdlib HTTP server, in a thread, answers it with a plain page ("done, go back to the
terminal") and hands over what arrived: the address with its query (a GET redirect) or the
body of a POST (a web shop may post its keys to a callback address). Nothing here needs a
terminal, so `fleet` and tests use it as it is.
"""

from __future__ import annotations

import html
import queue
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

LOCAL_HOSTS = {"localhost": "127.0.0.1", "127.0.0.1": "127.0.0.1", "[::1]": "::1", "::1": "::1"}
MAX_BODY = 64 * 1024


@dataclass(frozen=True)
class Arrival:
    """One request the listener caught: the whole address, the method and a POST's body."""

    address: str
    method: str = "GET"
    body: bytes = b""


def is_local(address: str) -> bool:
    """Whether an address is served on this machine over plain HTTP (loopback only)."""
    parts = urlsplit(address)
    return parts.scheme == "http" and (parts.hostname or "") in LOCAL_HOSTS


class RedirectListener:
    """Serve `paths` of a local address until closed; each request that arrives is queued."""

    def __init__(self, address: str, page: str, *, paths: tuple[str, ...] = ()) -> None:
        parts = urlsplit(address)
        host = parts.hostname or ""
        if parts.scheme != "http" or host not in LOCAL_HOSTS:
            raise ValueError(f"{address} is not an address on this machine")
        self.address = address
        self.paths = paths or (parts.path or "/",)
        self.page = page
        self.arrivals: queue.Queue[Arrival] = queue.Queue()
        self._host = LOCAL_HOSTS[host]
        self._port = parts.port or 80
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Bind and serve in a thread (OSError when the port is taken)."""
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                listener._arrived(self, b"")

            def do_POST(self) -> None:
                size = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
                listener._arrived(self, self.rfile.read(size) if size > 0 else b"")

            def log_message(self, format: str, *args: object) -> None:
                return  # the query holds a one-time code: never print it

        server_type = _server_class(self._host)
        self._server = server_type((self._host, self._port), Handler)
        self._port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return self._port

    def _arrived(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        path = urlsplit(handler.path).path or "/"
        if path not in self.paths:
            handler.send_response(404)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        authority = handler.headers.get("Host") or f"{self._host}:{self._port}"
        self.arrivals.put(Arrival(f"http://{authority}{handler.path}", handler.command, body))
        page = self.page.encode("utf-8")
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html; charset=utf-8")
        handler.send_header("Content-Length", str(len(page)))
        handler.send_header("Cache-Control", "no-store")
        handler.end_headers()
        handler.wfile.write(page)

    def poll(self, timeout: float = 0.0) -> Arrival | None:
        """The next request that arrived (waiting up to `timeout` seconds), or None."""
        try:
            return self.arrivals.get(timeout=timeout) if timeout > 0 else self.arrivals.get_nowait()
        except queue.Empty:
            return None

    def close(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> RedirectListener:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _server_class(host: str) -> type[ThreadingHTTPServer]:
    import socket

    if ":" not in host:
        return ThreadingHTTPServer

    class Server6(ThreadingHTTPServer):
        address_family = socket.AF_INET6

    return Server6


def done_page(title: str, text: str) -> str:
    """The plain page the browser shows once it came back."""
    return (
        "<!doctype html><html><head><meta charset='utf-8'>"
        f"<meta name='viewport' content='width=device-width'><title>{html.escape(title)}</title>"
        "</head><body style='font-family:sans-serif;max-width:36em;margin:3em auto'>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(text)}</p></body></html>"
    )
