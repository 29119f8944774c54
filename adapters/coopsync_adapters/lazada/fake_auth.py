"""The seller's authorization behind LazadaFake: `oauth/authorize` and `/auth/token/create`.

The page checks what Lazada checks on the link (`response_type=code`, the app's key as
`client_id`, `redirect_uri` equal to the callback URL registered for the app), the seller
(always logged in here) approves and the browser is sent to `redirect_uri?code=...&state=...`.
A code belongs to the app it was issued for, "is valid for half an hour and can only be used
once". `/auth/token/create` (a signed system call on the auth host, checked by the fake's gate)
answers with a new token pair, `country` and `country_user_info`. `revoke_app()` is the seller
cancelling the app's authorization in Seller Center: every token it held stops working.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx

from coopsync_adapters.lazada.fake_wire import Refusal, ms

if TYPE_CHECKING:
    from datetime import datetime

CODE_LIFETIME = 30 * 60  # seconds: "valid for half an hour"
CALLBACK = "http://127.0.0.1:8765/coopsync"  # the callback URL registered for the fake app
SELLER_ACCOUNT = "toko.anyaman@example.id"


class AuthEndpoints:
    """Mixed into LazadaFake (which provides the app, the clock and the tokens)."""

    app_key: str
    seller_id: str
    access_tokens: dict[str, int]
    refresh_tokens: dict[str, int]

    if TYPE_CHECKING:

        def now(self) -> datetime: ...
        def _issue_tokens(self) -> tuple[str, str]: ...

    def _auth_init(self) -> None:
        self.callback_url = CALLBACK
        self.country = "id"
        self.codes: dict[str, tuple[str, int, bool]] = {}  # code -> (app key, issued s, used)

    def authorize_page(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        if params.get("response_type") != "code":
            return httpx.Response(400, text="response_type must be code")
        if params.get("client_id") != self.app_key:
            return httpx.Response(400, text="invalid client_id")
        if params.get("redirect_uri") != self.callback_url:
            return httpx.Response(400, text="redirect_uri does not match the app's callback URL")
        now = int(self.now().timestamp())
        digest = hashlib.sha256(f"{self.seller_id}:{len(self.codes)}".encode()).hexdigest()
        code = f"0_{self.app_key}_{digest[:25]}"
        self.codes[code] = (self.app_key, now, False)
        answer = {"code": code}
        if params.get("state"):
            answer["state"] = params["state"]
        return httpx.Response(302, headers={"Location": f"{self.callback_url}?{urlencode(answer)}"})

    def approve(self, link: str) -> str:
        """The seller opens the link and approves: the address the browser lands on."""
        response = self.authorize_page(httpx.Request("GET", link))
        if response.status_code != 302:
            raise AssertionError(f"the authorize page refused the link: {response.text}")
        return response.headers["Location"]

    def age_codes(self, seconds: int) -> None:
        """The codes handed out so far were handed out `seconds` earlier (a slow paste)."""
        self.codes = {k: (app, at - seconds, used) for k, (app, at, used) in self.codes.items()}

    def _token_create(self, params: dict[str, str], files: dict[str, bytes]) -> dict[str, Any]:
        code = params.get("code", "")
        if not code:
            raise Refusal("MISSING_PARAMETER", "missing required parameter: code")
        app, issued, used = self.codes.get(code, ("", 0, True))
        if used or app != params.get("app_key"):
            raise Refusal("InvalidCode", "The authorization code is invalid or was used")
        if int(self.now().timestamp()) - issued > CODE_LIFETIME:
            raise Refusal("InvalidCode", "The authorization code has expired")
        self.codes[code] = (app, issued, True)
        access, refresh = self._issue_tokens()
        return {
            "code": "0",
            "access_token": access,
            "refresh_token": refresh,
            "expires_in": (self.access_tokens[access] - ms(self.now())) // 1000,
            "refresh_expires_in": (self.refresh_tokens[refresh] - ms(self.now())) // 1000,
            "country": self.country,
            "account_platform": "seller_center",
            "account": SELLER_ACCOUNT,
            "country_user_info": [
                {"country": self.country, "seller_id": self.seller_id, "user_id": "7001"}
            ],
        }

    def revoke_app(self) -> None:
        """The seller cancels the app's authorization: no token of it works any more."""
        self.access_tokens.clear()
        self.refresh_tokens.clear()
