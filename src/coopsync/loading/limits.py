"""Limits on files the shop hands coopsync: local images, and a size check for any input file.

Images must sit inside the config's folder (a catalog must not point coopsync at
`../../etc/passwd` and upload it to a marketplace), be JPEG, PNG or WebP by their content (not
their name), and stay within the strictest marketplace's file size (5 MB).
`too_big` is for importers (spreadsheets, chat exports): check before reading a file whole.
"""

from __future__ import annotations

from pathlib import Path

MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_KINDS = "JPEG, PNG, WebP"


def image_kind(head: bytes) -> str | None:
    """`jpeg`, `png` or `webp` from a file's first 12 bytes; None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def image_problem(source: str, base_dir: Path) -> tuple[str, dict[str, str]] | None:
    """Why the local image `source` (relative to `base_dir`) cannot be used, as a message
    code and its parameters; None when it is fine."""
    folder = base_dir.resolve()
    path = (folder / source).resolve()
    if not path.is_relative_to(folder):
        return "image_outside", {"image": source, "base": str(folder)}
    if not path.is_file():
        return "image_missing", {"image": source, "base": str(folder)}
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(12)
    except OSError as exc:
        return "image_unreadable", {"image": source, "error": exc.strerror or str(exc)}
    if image_kind(head) is None:
        return "image_not_image", {"image": source, "kinds": IMAGE_KINDS}
    if size > MAX_IMAGE_BYTES:
        return "image_too_big", {
            "image": source,
            "size_mb": f"{size / 1024 / 1024:.1f}",
            "max_mb": str(MAX_IMAGE_BYTES // 1024 // 1024),
        }
    return None


def too_big(path: Path, max_bytes: int) -> bool:
    """True when `path` is larger than `max_bytes` (checked before it is read)."""
    try:
        return path.stat().st_size > max_bytes
    except OSError:
        return False
