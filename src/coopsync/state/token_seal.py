"""Tokens at rest in a shared database: sealed with the shop's own key, never in clear text.

A shop on PostgreSQL keeps its channel tokens in its schema (any worker of the fleet must be able
to refresh them, and a single-use refresh token must be written where the next worker reads it),
sealed with AES-256-GCM under a key derived (scrypt) from the shop's `COOPSYNC_TOKEN_KEY`, which
lives in the shop's `.env` or environment, never in the database. Each sealed value is bound to
its shop and channel: a copied value does not open under another shop or channel. Whoever reads
the database without the shop's `.env` sees `v1:` and base64, nothing usable.
"""

from __future__ import annotations

import base64
import hashlib
import os

from coopsync.errors import ConfigError

KEY_ENV = "COOPSYNC_TOKEN_KEY"
PREFIX = "v1:"
MIN_KEY_LENGTH = 16


class TokenKeyMissing(ConfigError):
    """A shop on PostgreSQL has tokens to keep but no key to seal them with (exit 2)."""

    def __init__(self, shop: str) -> None:
        super().__init__(
            f"shop '{shop}' keeps its state in PostgreSQL, where channel tokens are stored"
            f" encrypted, and {KEY_ENV} is not set",
            hint=(
                f"put {KEY_ENV}=<a long random text> in the shop's .env (make one with: python3 -c"
                " 'import secrets; print(secrets.token_urlsafe(32))') and keep it: without it"
                " the saved tokens cannot be read"
            ),
        )
        self.code = "state.token_key_missing"
        self.params = {"shop": shop}


class TokenUnreadable(ConfigError):
    """A sealed token does not open with this key (another shop's key, or a changed key)."""

    def __init__(self, shop: str, channel: str) -> None:
        super().__init__(
            f"the saved tokens of channel '{channel}' of shop '{shop}' do not open with this"
            f" {KEY_ENV}",
            hint=(
                f"use the {KEY_ENV} the tokens were saved with, or connect the channel again"
                " (`coopsync connect`) to save new ones"
            ),
        )
        self.code = "state.token_unreadable"
        self.params = {"shop": shop, "channel": channel}


class TokenSeal:
    """Seal and open token text for one shop (the key is derived once, on first use)."""

    def __init__(self, secret: str | None, shop: str) -> None:
        self._secret = secret
        self._shop = shop
        self._key: bytes | None = None

    @property
    def ready(self) -> bool:
        return bool(self._secret)

    def _aead(self) -> object:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        if not self._secret:
            raise TokenKeyMissing(self._shop)
        if len(self._secret) < MIN_KEY_LENGTH:
            raise ConfigError(
                f"{KEY_ENV} of shop '{self._shop}' is too short to protect its tokens",
                hint=f"use at least {MIN_KEY_LENGTH} random characters",
            )
        if self._key is None:
            salt = f"coopsync-token-seal:{self._shop}".encode()
            self._key = hashlib.scrypt(
                self._secret.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32
            )
        return AESGCM(self._key)

    def seal(self, channel: str, field: str, text: str) -> str:
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        aead = self._aead()
        assert isinstance(aead, AESGCM)
        nonce = os.urandom(12)
        sealed = aead.encrypt(nonce, text.encode(), self._context(channel, field))
        return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()

    def open(self, channel: str, field: str, stored: str) -> str:
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        aead = self._aead()
        assert isinstance(aead, AESGCM)
        if not stored.startswith(PREFIX):
            raise TokenUnreadable(self._shop, channel)
        try:
            raw = base64.urlsafe_b64decode(stored[len(PREFIX) :])
            return aead.decrypt(raw[:12], raw[12:], self._context(channel, field)).decode()
        except (InvalidTag, ValueError):
            raise TokenUnreadable(self._shop, channel) from None

    def _context(self, channel: str, field: str) -> bytes:
        return f"{self._shop}\x00{channel}\x00{field}".encode()
