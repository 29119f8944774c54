"""The tokens behind ShopeeFake: 4-hour access tokens and single-use 30-day refresh tokens."""

from __future__ import annotations

import hashlib
from typing import Any

from coopsync_adapters.shopee.fake_catalog import ShopeeError

ACCESS_LIFETIME = 4 * 3600  # "Each access_token is valid for 4 hours"
REFRESH_LIFETIME = 30 * 86400  # "Each refresh_token is valid for 30 days"
OLD_ACCESS_GRACE = 300  # "After a new access_token is generated, the old one is valid 5 minutes"


class TokenBook:
    """Access tokens (4 h) and single-use refresh tokens (30 days)."""

    def __init__(self, seed: int, now: int) -> None:
        self.seed = seed
        self.issued = 0
        self.access: dict[str, int] = {}
        self.refresh_tokens: dict[str, int] = {}
        self.initial_access = self._new_access(now)
        self.initial_refresh = self._new_refresh(now)

    def _token(self, kind: str) -> str:
        self.issued += 1
        return hashlib.sha256(f"{self.seed}:{kind}:{self.issued}".encode()).hexdigest()[:32]

    def _new_access(self, now: int) -> str:
        token = self._token("access")
        self.access[token] = now + ACCESS_LIFETIME
        return token

    def _new_refresh(self, now: int) -> str:
        token = self._token("refresh")
        self.refresh_tokens[token] = now + REFRESH_LIFETIME
        return token

    def access_ok(self, token: str, now: int) -> bool:
        return self.access.get(token, 0) > now

    def refresh(self, refresh_token: str, now: int) -> dict[str, Any]:
        if self.refresh_tokens.pop(refresh_token, 0) <= now:
            raise ShopeeError("error_auth", "Invalid refresh_token.", 403)
        for token, expiry in self.access.items():
            self.access[token] = min(expiry, now + OLD_ACCESS_GRACE)
        access = self._new_access(now)
        return {
            "access_token": access,
            "refresh_token": self._new_refresh(now),
            "expire_in": ACCESS_LIFETIME,
        }

    def sign_in_again_if_lapsed(self, now: int) -> bool:
        """A new first pair when no refresh token is alive (the seller authorises again)."""
        if any(expiry > now for expiry in self.refresh_tokens.values()):
            return False
        self.initial_access = self._new_access(now)
        self.initial_refresh = self._new_refresh(now)
        return True

    def expire_access(self, now: int) -> None:
        self.access = {token: min(expiry, now) for token, expiry in self.access.items()}

    def revoke_refresh(self) -> None:
        self.refresh_tokens.clear()

    def to_state(self) -> dict[str, Any]:
        return {
            "issued": self.issued,
            "access": self.access,
            "refresh": self.refresh_tokens,
            "initial": [self.initial_access, self.initial_refresh],
        }

    def load_state(self, state: dict[str, Any]) -> None:
        if not state:
            return
        self.issued = int(state["issued"])
        self.access = {k: int(v) for k, v in state["access"].items()}
        self.refresh_tokens = {k: int(v) for k, v in state["refresh"].items()}
        self.initial_access, self.initial_refresh = state["initial"]
