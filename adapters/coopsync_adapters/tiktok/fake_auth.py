"""The seller's authorization behind TikTokFake: the authorize page, token/get and the shops.

The page checks the service id and that a `state` is sent, then sends the browser to the
redirect registered for the app with `?code=...&state=...`. A code is used once and lives
`CODE_LIFETIME`; token/get (auth host, unsigned) gives a new pair, and the signed
`GET /authorization/202309/shops` (no shop_cipher) lists the shop with its cipher.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx

from coopsync_adapters.tiktok import fake_wire

SERVICE_ID = "7301234567890123456"
REDIRECT = "http://127.0.0.1:8765/coopsync"  # the redirect registered for the fake app
CODE_LIFETIME = 30 * 60  # seconds (about 30 minutes)
SHOP_ID = "7495123456789"
SHOP_NAME = "Toko Anyaman Difabel"
INVALID_CODE = (36004004, "Invalid auth code.")


class AuthEndpoints:
    """Mixed into TikTokFake (which provides the tokens, clock and envelopes)."""

    codes: dict[str, tuple[int, bool]]
    redirect_url: str = REDIRECT  # the redirect registered for the app (a test may move it)
    access_token: str
    refresh_token: str
    access_expires: int
    refresh_expires: int
    refresh_revoked: bool
    seed: int

    if TYPE_CHECKING:

        def ts(self) -> int: ...
        def ok(self, data: Any = None) -> httpx.Response: ...
        def fail(self, error: tuple[int, str], *, status: int = 200) -> httpx.Response: ...
        def new_pair(self) -> None: ...

    def authorize_page(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        if params.get("service_id") != SERVICE_ID or not params.get("state"):
            return httpx.Response(400, text="invalid service_id or state")
        code = hashlib.sha256(f"{self.seed}:code:{len(self.codes)}".encode()).hexdigest()[:40]
        self.codes[code] = (self.ts(), False)
        query = urlencode({"code": code, "state": params["state"]})
        return httpx.Response(302, headers={"Location": f"{self.redirect_url}?{query}"})

    def approve(self, link: str) -> str:
        """The seller opens the link and approves: the address the browser lands on."""
        response = self.authorize_page(httpx.Request("GET", link))
        if response.status_code != 302:
            raise AssertionError(f"the authorize page refused the link: {response.text}")
        return response.headers["Location"]

    def age_codes(self, seconds: int) -> None:
        """The codes handed out so far were handed out `seconds` earlier (a slow paste)."""
        self.codes = {k: (issued - seconds, used) for k, (issued, used) in self.codes.items()}

    def token_get(self, request: httpx.Request, app_key: str, app_secret: str) -> httpx.Response:
        params = request.url.params
        if params.get("app_key") != app_key or params.get("app_secret") != app_secret:
            return self.fail(fake_wire.BAD_APP_KEY)
        if params.get("grant_type") != "authorized_code":
            return self.fail(fake_wire.INVALID_PARAM)
        code = params.get("auth_code", "")
        issued, used = self.codes.get(code, (0, True))
        if used or self.ts() - issued > CODE_LIFETIME:
            return self.fail(INVALID_CODE)
        self.codes[code] = (issued, True)
        self.new_pair()
        return self.ok(
            {
                "access_token": self.access_token,
                "access_token_expire_in": self.access_expires,
                "refresh_token": self.refresh_token,
                "refresh_token_expire_in": self.refresh_expires,
                "open_id": "fake-open-id",
                "seller_name": SHOP_NAME,
                "seller_base_region": "ID",
                "user_type": 0,
                "granted_scopes": ["seller.product.basic", "seller.order.info"],
            }
        )

    def revoke_app(self) -> None:
        """The seller deauthorises the app in Seller Center: its tokens stop working."""
        self.access_token = f"TTP_revoked_{self.seed}_{len(self.codes)}"
        self.refresh_revoked = True

    def shops(self, cipher: str) -> httpx.Response:
        shop = {
            "id": SHOP_ID,
            "name": SHOP_NAME,
            "region": "ID",
            "seller_type": "LOCAL",
            "cipher": cipher,
            "code": "IDLCFAKE01",
        }
        return self.ok({"shops": [shop]})
