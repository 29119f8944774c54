"""A shop's name in the fleet, and the environment variables that belong to it alone."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

ENV_PREFIX = "COOPSYNC_"
_NOT_NAME = re.compile(r"[^a-z0-9]+")
NAME_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


def fleet_name(shop_name: str) -> str:
    """`Koperasi Karya Mandiri` -> `koperasi-karya-mandiri` (letters, digits, dashes)."""
    plain = unicodedata.normalize("NFKD", shop_name).encode("ascii", "ignore").decode()
    return _NOT_NAME.sub("-", plain.lower()).strip("-")[:64].strip("-") or "shop"


def env_key(name: str) -> str:
    """The part of a variable name that stands for the shop: `toko-sari` -> `TOKO_SARI`."""
    return name.upper().replace("-", "_")


def env_prefix(name: str) -> str:
    """`COOPSYNC_TOKO_SARI_`: `COOPSYNC_TOKO_SARI_APP_SECRET` is the shop's own
    `APP_SECRET`."""
    return f"{ENV_PREFIX}{env_key(name)}_"


def shop_environment(
    name: str, environ: Mapping[str, str], others: Iterable[str] = ()
) -> dict[str, str]:
    """The environment as this shop's config sees it: the process's variables, with the shop's
    own `COOPSYNC_<SHOP>_<VAR>` standing in for `<VAR>`, and the prefixed variables of the
    `others` (the fleet's other shops) left out: one shop never reads another's secrets."""
    prefix = env_prefix(name)
    foreign = tuple(env_prefix(other) for other in others if other != name)
    # `toko` must not take `COOPSYNC_TOKO_SARI_...` (shop `toko-sari`) as its own `SARI_...`.
    longer = tuple(p for p in foreign if p.startswith(prefix))
    own = {
        key[len(prefix) :]: value
        for key, value in environ.items()
        if key.startswith(prefix) and not key.startswith(longer)
    }
    shared = {
        key: value
        for key, value in environ.items()
        if not key.startswith(prefix) and not key.startswith(foreign)
    }
    return {**shared, **own}
