"""Wire-level helpers of the TikTok Shop fake: its own signature check, envelopes, page tokens.

Written apart from client.py on purpose: the fake recomputes signatures from what arrives on
the wire (decoded query values, the raw body), so a signing bug in the client cannot hide.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

import httpx

# Codes and messages as the Partner API documentation lists them (common-errors and endpoint
# pages of partner.tiktokshop.com/docv2).
EXPIRED_TOKEN = (105002, "Expired credentials. The `x-tts-access-token` header has expired.")
INVALID_TOKEN = (36009004, "Invalid credentials. The `x-tts-access-token` header is invalid.")
BAD_SIGN = (106001, "Invalid credentials. The `sign` query parameter is invalid.")
NO_SIGN = (
    36009004,
    "Missing credentials. The request does not include a required signature in the query.",
)
BAD_APP_KEY = (36009004, "Invalid credentials. Invalid `app_key` query parameter.")
OLD_TIMESTAMP = (
    36009004,
    "Invalid timestamp. The value of the `timestamp` query parameter must not be earlier than "
    "5 minutes before the current time.",
)
FUTURE_TIMESTAMP = (
    36009004,
    "Invalid timestamp. The value of the `timestamp` query parameter must not exceed the "
    "current time by more than 30 seconds.",
)
NO_CIPHER = (
    106013,
    "Missing identifier. The `shop_cipher` query parameter is required to identify the target "
    "shop.",
)
UNEXPECTED_CIPHER = (
    36009004,
    "Unexpected identifier. The `shop_cipher` query parameter is not required for this request.",
)
BAD_PATH = (36009009, "Invalid path. The specified path does not match any available endpoint.")
INVALID_PARAM = (36009004, "invalid param error")
RATE_LIMITED = (
    36009002,
    "Too many requests. You've made too many requests in a short period of time.",
)
INTERNAL = (
    36009003,
    "Internal error. Please try again. If the issue persists after multiple attempts, please "
    "contact platform support.",
)

WAREHOUSE_ID = "7300000000000000001"

# Checked against the timestamp: "not earlier than 5 minutes before" / "not more than 30 seconds
# ahead of" the platform's clock (common-errors page).
TIMESTAMP_PAST = 300
TIMESTAMP_FUTURE = 30

# Bytes that base64-encode to "+/+/": every page token the fake hands out carries + / and =,
# so a client that does not percent-encode it, or signs the encoded form, is caught.
_TOKEN_PREFIX = b"\xfb\xff\xbf"


def expected_sign(app_secret: str, path: str, params: dict[str, str], body: bytes) -> str:
    keys = sorted(k for k in params if k not in ("sign", "access_token"))
    text = app_secret.encode() + path.encode()
    for key in keys:
        text += key.encode() + params[key].encode()
    text += body + app_secret.encode()
    return hmac.new(app_secret.encode(), text, hashlib.sha256).hexdigest()


def make_page_token(cursor: Any) -> str:
    raw = _TOKEN_PREFIX + json.dumps(cursor, separators=(",", ":")).encode()
    if len(raw) % 3 == 0:
        raw += b" "  # forces "=" padding
    return base64.b64encode(raw).decode()


def read_page_token(token: str) -> Any:
    """The cursor inside a token, or None when the token is not one this fake made."""
    try:
        raw = base64.b64decode(token, validate=True)
    except (binascii.Error, ValueError):
        return None
    if not raw.startswith(_TOKEN_PREFIX):
        return None
    try:
        return json.loads(raw[len(_TOKEN_PREFIX) :])
    except ValueError:
        return None


def envelope(
    request_id: str, code: int = 0, message: str = "Success", data: Any = None, *, status: int = 200
) -> httpx.Response:
    body: dict[str, Any] = {"code": code, "message": message, "request_id": request_id}
    if code == 0 or data is not None:
        body["data"] = data if data is not None else {}
    return httpx.Response(status, json=body)


def multipart_fields(content_type: str, body: bytes) -> dict[str, tuple[str | None, bytes]]:
    """name -> (filename, bytes) of a multipart/form-data body."""
    boundary = ""
    for part in content_type.split(";"):
        key, _, value = part.strip().partition("=")
        if key == "boundary":
            boundary = value.strip('"')
    if not boundary:
        return {}
    fields: dict[str, tuple[str | None, bytes]] = {}
    for chunk in body.split(b"--" + boundary.encode())[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, data = chunk.lstrip(b"\r\n").partition(b"\r\n\r\n")
        name = filename = None
        for line in head.decode(errors="replace").split("\r\n"):
            if line.lower().startswith("content-disposition"):
                for item in line.split(";")[1:]:
                    k, _, v = item.strip().partition("=")
                    if k == "name":
                        name = v.strip('"')
                    elif k == "filename":
                        filename = v.strip('"')
        if name:
            fields[name] = (filename, data.removesuffix(b"\r\n"))
    return fields


def is_image(content: bytes) -> bool:
    return content.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"))
