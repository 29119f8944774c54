"""The files `coopsync init` writes for a new shop: the config, an empty catalog, `.env.example`
and `.gitignore`. Pure: answers and platform descriptors in, file texts out. Every credential
line comes from the platform's descriptor (its variable, where to find it, how long it lasts).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from coopsync.offline.sales import MANUAL_PLATFORM
from coopsync.platforms import PlatformDescriptor

CONFIG_NAME = "coopsync.yaml"
CATALOG_NAME = "produk.yaml"
MANUAL_CHANNEL = "whatsapp"


@dataclass(frozen=True)
class Answers:
    """What `init` asks."""

    shop_name: str
    language: str  # id | en
    timezone: str
    platforms: tuple[str, ...]  # platform names, in the order chosen


def channel_name(platform: str) -> str:
    """The channel a platform gets in a new config (the manual channel is the WhatsApp group)."""
    return MANUAL_CHANNEL if platform == MANUAL_PLATFORM else platform


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_CONFIG_WORDS = {
    "en": {
        "head": "# Check it with `coopsync validate`; `coopsync doctor` checks the channels.",
        "state": "# the state, the run lock and the sandboxes",
        "catalog": "# `coopsync import produk.xlsx` adds the products here",
        "sandbox": "# false once its credentials are in .env",
    },
    "id": {
        "head": "# Periksa dengan `coopsync validate`; `coopsync doctor` memeriksa kanal.",
        "state": "# state, kunci run dan sandbox",
        "catalog": "# `coopsync import produk.xlsx` menambah produk di sini",
        "sandbox": "# false setelah kredensialnya ada di .env",
    },
}


def config_text(answers: Answers, descriptors: Sequence[PlatformDescriptor]) -> str:
    """coopsync.yaml: the shop, the catalog file, every chosen channel in sandbox mode."""
    lang = answers.language
    words = _CONFIG_WORDS["id" if lang == "id" else "en"]
    lines = [
        "# coopsync — " + answers.shop_name,
        words["head"],
        "shop:",
        f"  name: {_quoted(answers.shop_name)}",
        f"  language: {lang}",
        f"  timezone: {answers.timezone}",
        "state_dir: .coopsync  " + words["state"],
        f"catalog: {CATALOG_NAME}  " + words["catalog"],
        "channels:",
    ]
    for descriptor in descriptors:
        name = channel_name(descriptor.name)
        summary = descriptor.summary.get(lang) or descriptor.summary.get("en", "")
        lines.append(f"  {name}:" + (f"  # {summary}" if summary else ""))
        lines.append(f"    platform: {descriptor.name}")
        if descriptor.credentials:
            lines.append("    sandbox: true  " + words["sandbox"])
        else:
            lines.append("    sandbox: true")
        for credential in descriptor.credentials:
            if not credential.connect:  # the rest is set by `coopsync connect`
                lines.append(f"    {credential.field}: ${{{credential.env}}}")
        if descriptor.name == MANUAL_PLATFORM:
            lines.append("    stock: {buffer: 0}")
    return "\n".join(lines) + "\n"


def catalog_text(language: str) -> str:
    """An empty catalog, with a comment saying how to fill it."""
    if language == "id":
        head = (
            "# Katalog produk. Isi dengan `coopsync import produk.xlsx` (atau .csv),\n"
            "# atau tulis sendiri; contoh ada di README. Harga dalam rupiah bulat.\n"
        )
    else:
        head = (
            "# The product catalog. Fill it with `coopsync import produk.xlsx` (or .csv),\n"
            "# or write it by hand; the README has an example. Prices in whole rupiah.\n"
        )
    return head + "products: []\n"


def env_example_text(language: str, descriptors: Sequence[PlatformDescriptor]) -> str:
    """`.env.example`: the app credentials of the chosen channels (what a person types), with
    where to get them; the shop's tokens come from `coopsync connect`."""
    if language == "id":
        lines = [
            "# Salin menjadi .env (jangan di-commit), isi, lalu ubah `sandbox: true` menjadi",
            "# false pada kanal itu di coopsync.yaml. `coopsync doctor` memeriksanya.",
        ]
    else:
        lines = [
            "# Copy to .env (never commit it), fill it in, then set `sandbox: false` on that",
            "# channel in coopsync.yaml. `coopsync doctor` checks it.",
        ]
    for descriptor in descriptors:
        typed = [c for c in descriptor.credentials if not c.connect]
        if not typed:
            continue
        lines += ["", f"# --- {descriptor.display_name} ---"]
        for credential in typed:
            where = credential.where.get(language) or credential.where.get("en", "")
            lines.append(f"# {where}")
            if credential.lifetime is not None:
                lines.append("# " + _lifetime(credential.lifetime, credential.renewed, language))
            lines.append(f"{credential.env}=")
        if any(c.connect for c in descriptor.credentials):
            lines.append("# " + _CONNECT_NOTE[language == "id"])
    return "\n".join(lines) + "\n"


_CONNECT_NOTE = (
    "the shop's own tokens come from `coopsync connect CHANNEL` (see docs/going-live.md)",
    "token toko sendiri didapat lewat `coopsync connect KANAL` (lihat docs/going-live.md)",
)


def _lifetime(lifetime: timedelta, renewed: bool, language: str) -> str:
    days = lifetime.total_seconds() / 86400
    if language == "id":
        span = f"{days:g} hari" if days >= 1 else f"{days * 24:g} jam"
        return f"berlaku {span}" + (" (diperbarui otomatis oleh coopsync)" if renewed else "")
    span = f"{days:g} days" if days >= 1 else f"{days * 24:g} hours"
    return f"lasts {span}" + (" (coopsync renews it)" if renewed else "")


GITIGNORE_TEXT = """\
# coopsync: secrets and the state stay out of version control
.env
.coopsync/
*.bak-*
sync.log
"""
