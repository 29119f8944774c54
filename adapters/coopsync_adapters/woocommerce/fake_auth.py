"""WooCommerce's key-issuing flow behind WooCommerceFake (`/wc-auth/v1/authorize`), as
`WC_Auth` runs it: the five parameters are required, `scope` is read, write or read_write, the
`callback_url` must be https. The owner (logged in here) approves: a new key pair is made with
that permission, POSTed as JSON to the callback (`post`, the shop's server reaching it), the key
deleted again when that POST fails, and the browser sent to `return_url?success=1&user_id=…`.
Denying sends `success=0`. `revoke_app()` is the owner revoking coopsync's keys.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

from coopsync_adapters.woocommerce.fake_wire import KeyRing

AUTHORIZE_PATH = "/wc-auth/v1/authorize"
REQUIRED = ("app_name", "scope", "user_id", "return_url", "callback_url")
SCOPES = {"read": "read", "write": "write", "read_write": "read_write"}
SHOP_NAME = "Toko Batik Web"

# The shop's server sending the keys: (callback url, JSON body) -> HTTP status.
Post = Callable[[str, Mapping[str, Any]], int]


class WcAuth:
    """Mixed into WooCommerceFake (which provides the key ring and the seed)."""

    keys: KeyRing
    seed: int

    def wc_auth_page(self, request: httpx.Request) -> httpx.Response:
        """The page the owner opens: an error, or the approve screen."""
        problem = _problem(dict(request.url.params))
        if problem:
            return httpx.Response(400, text=f"Error: {problem}")
        return httpx.Response(200, text="<h2>coopsync would like to connect to your store</h2>")

    def approve_keys(self, link: str, post: Post, *, scope: str | None = None) -> str:
        """The owner approves: the address the browser is sent to (`scope` overrides the one
        asked for, as an owner editing the link could)."""
        params = dict(parse_qsl(urlsplit(link).query))
        problem = _problem(params)
        if problem:
            raise AssertionError(f"the authorize page refused the link: {problem}")
        permissions = SCOPES[scope or params["scope"]]
        number = len(self.keys.extra) + 1
        digest = hashlib.sha256(f"{self.seed}:wc-auth:{number}".encode()).hexdigest()
        key, secret = f"ck_{digest[:40]}", f"cs_{digest[24:64]}"
        self.keys.extra[key] = (secret, permissions)
        body = {
            "key_id": number,
            "user_id": params["user_id"],
            "consumer_key": key,
            "consumer_secret": secret,
            "key_permissions": permissions,
        }
        try:
            status = post(params["callback_url"], body)
        except OSError:
            status = 0
        if not 200 <= status < 300:  # WC_Auth deletes the key it could not deliver
            del self.keys.extra[key]
            raise AssertionError(
                "An error occurred in the request and at the time were unable "
                "to send the consumer data"
            )
        answer = {"success": "1", "user_id": params["user_id"]}
        return f"{params['return_url']}?{urlencode(answer)}"

    def deny_keys(self, link: str) -> str:
        params = dict(parse_qsl(urlsplit(link).query))
        answer = {"success": "0", "user_id": params.get("user_id", "")}
        return f"{params['return_url']}?{urlencode(answer)}"

    def site_index(self, request: httpx.Request, store: str) -> httpx.Response:
        """`GET /wp-json/`: WordPress's public description of the site."""
        return httpx.Response(200, json={"name": SHOP_NAME, "url": store}, request=request)

    def revoke_app(self) -> None:
        """The owner revokes the keys (WooCommerce → Settings → Advanced → REST API)."""
        self.keys.valid = False


def _problem(params: Mapping[str, str]) -> str | None:
    for name in REQUIRED:
        if not params.get(name):
            return f"Missing parameter {name}"
    if params["scope"] not in SCOPES:
        return f"Invalid scope {params['scope']}"
    for name in ("return_url", "callback_url"):
        if urlsplit(params[name]).scheme not in ("http", "https"):
            return f"The {name} is not a valid URL"
    if not params["callback_url"].lower().startswith("https://"):
        return "The callback_url needs to be over SSL"
    return None
