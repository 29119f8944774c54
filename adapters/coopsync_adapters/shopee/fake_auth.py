"""The seller's authorization behind ShopeeFake: the auth_partner page and one-time codes.

The page checks what Shopee checks on the link (partner_id, a timestamp within 5 minutes, the
public signature, a redirect address); the seller (always logged in here) approves and the
browser is sent to `redirect?code=...&shop_id=...`. A code lives 10 minutes and is used once
("The code is valid for one-time use and expires in 10 minutes").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlencode

from coopsync_adapters.shopee.fake_catalog import ShopeeError

CODE_LIFETIME = 600  # seconds


@dataclass
class Code:
    shop_id: str
    issued: int
    used: bool = False


class AuthBook:
    """Codes handed out by approvals."""

    def __init__(self, seed: int, shop_id: str) -> None:
        self.seed = seed
        self.shop_id = shop_id
        self.codes: dict[str, Code] = {}
        self.approvals = 0

    def approve(self, redirect: str, now: int) -> str:
        """The seller approves: the address the browser is sent to."""
        self.approvals += 1
        code = hashlib.sha256(f"{self.seed}:code:{self.approvals}".encode()).hexdigest()[:32]
        self.codes[code] = Code(self.shop_id, now)
        glue = "&" if "?" in redirect else "?"
        return f"{redirect}{glue}{urlencode({'code': code, 'shop_id': self.shop_id})}"

    def age_codes(self, seconds: int) -> None:
        """The codes handed out so far were handed out `seconds` earlier (a slow paste)."""
        for code in self.codes.values():
            code.issued -= seconds

    def redeem(self, code: str, shop_id: str, now: int) -> None:
        """Use a code once, within 10 minutes, for the shop it was given for."""
        found = self.codes.get(code)
        if found is None or found.used:
            raise ShopeeError("error_auth", "Invalid code.", 403)
        if now - found.issued > CODE_LIFETIME:
            raise ShopeeError("error_auth", "The code has expired.", 403)
        if found.shop_id != shop_id:
            raise ShopeeError("error_param", "shop_id does not match the code.", 403)
        found.used = True
