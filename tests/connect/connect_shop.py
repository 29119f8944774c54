"""A live (not sandbox) shop whose marketplace is a fake, and an owner who approves links.

The CLI runs in-process; respx routes the platform's host to the fake (a wire-level stand-in),
the browser `connect` opens is the owner's, and what the user pastes is computed when it is
asked for: the address the owner's browser landed on after approving the link it was shown.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import respx
from typer.testing import CliRunner

from coopsync.cli.app import app
from coopsync.sandbox.marketplace import FakeMarketplace
from coopsync.state.sqlite import SqliteStore

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f00f0004850180848a6321"
    "0000000049454e44ae426082"
)


class Clock:
    """The real time, moved by `offset` (a fake's clock that can be set back)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


class Answers(io.RawIOBase):
    """Stdin whose next line is made when it is read (one callable per line; then EOF)."""

    def __init__(self, lines: list[Callable[[], str]]) -> None:
        self._lines = list(lines)
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if not self._pending and self._lines:
            self._pending = (self._lines.pop(0)() + "\n").encode()
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


@dataclass
class Owner:
    """The shop owner at the browser: sees the links `connect` opens, approves them."""

    fake: FakeMarketplace
    approve: Callable[[str], str]
    links: list[str] = field(default_factory=list)
    landed: list[str] = field(default_factory=list)

    def open(self, link: str, *args: object, **kwargs: object) -> bool:
        self.links.append(link)
        return True

    def approves(self) -> str:
        """The owner approves the last link; the address the browser shows."""
        address = self.approve(self.links[-1])
        self.landed.append(address)
        return address


def route(router: respx.MockRouter, host: str, fake: FakeMarketplace) -> None:
    """Requests to `host` reach the fake, as they would reach the platform."""

    def answer(request: httpx.Request) -> httpx.Response:
        return fake.handle(request, request.content)

    router.route(host=host).mock(side_effect=answer)


def run(
    config: Path, *args: str, answers: list[Callable[[], str]] | None = None
) -> tuple[int, str]:
    """`coopsync -c CONFIG ARGS...` in-process; each line the user types is made when read."""
    import typer.testing

    stdin = io.BufferedReader(Answers(answers or []))
    original = typer.testing.make_input_stream
    typer.testing.make_input_stream = lambda input, charset: stdin  # type: ignore[assignment]
    try:
        result = CliRunner().invoke(app, ["-c", str(config), *args], catch_exceptions=False)
    finally:
        typer.testing.make_input_stream = original
    return result.exit_code, result.output


def secrets_in(text: str, secrets: set[str]) -> list[str]:
    """Which of these secrets (codes, tokens) appear in the text."""
    return sorted(s for s in secrets if s and s in text)


def shop_yaml(root: Path, channel: str, category: str = "100018") -> Path:
    (root / "tas.png").write_bytes(PNG_1PX)
    path = root / "coopsync.yaml"
    path.write_text(
        "shop: {name: Toko Uji, timezone: Asia/Jakarta, language: en}\n"
        "state_dir: .coopsync\n"
        f"channels:\n{channel}"
        "products:\n"
        "  - title: Tas Anyaman Pandan Buatan Tangan Besar\n"
        "    description: Dianyam oleh pengrajin difabel dari daun pandan pilihan.\n"
        "    sku: TAS-1\n"
        "    price: 25000\n"
        "    stock: 10\n"
        "    images: [tas.png]\n"
        "    weight_g: 300\n"
        "    dimensions: {length_cm: 30, width_cm: 20, height_cm: 5}\n"
        "    channels:\n"
        f"      toko: {{category_id: '{category}'}}\n"
    )
    return path


def stored_tokens(root: Path, channel: str = "toko") -> tuple[str, str]:
    """The access and refresh token (or WooCommerce key and secret) `connect` stored."""
    with SqliteStore(root / ".coopsync" / "state.sqlite") as store:
        pair = store.load_tokens(channel)
    assert pair is not None
    return pair.access_token, pair.refresh_token


def connect_by_pasting(config: Path, owner: Owner) -> str:
    """`coopsync connect toko` with no listener: the owner approves, the address is pasted."""
    code, out = run(config, "connect", "toko", "--no-qr", "--no-listen", answers=[owner.approves])
    assert code == 0, out
    return out


def sync_lists_the_bag(config: Path, fake: FakeMarketplace, secrets: set[str]) -> None:
    """A sync with what `connect` stored lists the catalog's one bag with its stock on the fake,
    and its output shows none of the secrets."""
    code, out = run(config, "sync")
    assert code == 0, out
    view = fake.sku_view("TAS-1")
    assert view is not None and view.stock == 10
    assert secrets_in(out, secrets) == []
