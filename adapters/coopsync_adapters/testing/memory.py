"""In-memory token and key-value stores for tests and the conformance suite."""

from __future__ import annotations

from coopsync.adapters import TokenPair


class MemoryTokenStore:
    """TokenStore kept in a dict; `history` shows every pair saved, in order."""

    def __init__(self) -> None:
        self.pairs: dict[str, TokenPair] = {}
        self.history: list[tuple[str, TokenPair]] = []

    def load_tokens(self, channel: str) -> TokenPair | None:
        return self.pairs.get(channel)

    def save_tokens(self, channel: str, tokens: TokenPair) -> None:
        self.pairs[channel] = tokens
        self.history.append((channel, tokens))


class MemoryKV:
    """KeyValueStore kept in a dict."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def get_value(self, channel: str, key: str) -> str | None:
        return self.values.get((channel, key))

    def set_value(self, channel: str, key: str, value: str) -> None:
        self.values[(channel, key)] = value
