"""Wire helpers for the Lazada fake: refusals, times, the gate's own signer, payload parsing."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from xml.etree import ElementTree

WIB = timezone(timedelta(hours=7))


class Refusal(Exception):
    """An error envelope to answer with."""

    def __init__(
        self, code: str, message: str, kind: str = "ISV", detail: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.kind = kind
        self.detail = detail


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def iso(stamp_ms: int) -> str:
    """Unix milliseconds as Lazada's order times: ISO 8601 in WIB (+07:00)."""
    return datetime.fromtimestamp(stamp_ms / 1000, UTC).astimezone(WIB).isoformat()


def parse_iso(value: str, name: str) -> int:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise Refusal("17", f'E017: "{value}" Invalid Date Format') from None
    if moment.tzinfo is None:
        raise Refusal("17", f'E017: "{value}" Invalid Date Format ({name} needs a timezone)')
    return ms(moment)


def expected_sign(secret: str, api_path: str, params: Mapping[str, str]) -> str:
    text = api_path
    for key in sorted(params):
        if key != "sign":
            text += key + params[key]
    return (
        hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest().upper()
    )


def multipart(content_type: str, body: bytes) -> tuple[dict[str, str], dict[str, bytes]]:
    boundary = content_type.split("boundary=", 1)[1].strip().strip('"').encode()
    fields: dict[str, str] = {}
    files: dict[str, bytes] = {}
    for part in body.split(b"--" + boundary):
        if b"\r\n\r\n" not in part:
            continue
        head, _, content = part.partition(b"\r\n\r\n")
        content = content[:-2] if content.endswith(b"\r\n") else content
        disposition = head.decode("utf-8", "replace")
        if 'name="' not in disposition:
            continue
        name = disposition.split('name="', 1)[1].split('"', 1)[0]
        if 'filename="' in disposition:
            files[name] = content
        else:
            fields[name] = content.decode("utf-8")
    return fields, files


def payload_of(params: Mapping[str, str]) -> Any:
    raw = params.get("payload")
    if not raw:
        raise Refusal("MISSING_PARAMETER", "missing required parameter: payload")
    text = raw.strip()
    if text.startswith("{"):
        try:
            return json.loads(text)
        except ValueError:
            raise Refusal("1001", "The parameters are not in JSON format") from None
    try:
        return xml_to_dict(ElementTree.fromstring(text))
    except ElementTree.ParseError:
        raise Refusal("5", "E005: Invalid Request Format") from None


def xml_to_dict(element: ElementTree.Element) -> Any:
    children = list(element)
    if not children:
        return element.text or ""
    out: dict[str, Any] = {}
    for child in children:
        value = xml_to_dict(child)
        if child.tag in out:
            existing = out[child.tag]
            out[child.tag] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            out[child.tag] = value
    return {element.tag: out} if element.tag == "Request" else out


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
