"""Pictures a document may carry (party emblems, a theme logo): PNG or JPEG files."""

from __future__ import annotations

from pathlib import Path

__all__ = ["image_problem"]

#: The first bytes of the image formats both renderers place.
_IMAGE_MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def image_problem(file: Path, shown: str) -> str | None:
    """Why `file` cannot be used as a picture in a document, or None when it can."""
    if not file.is_file():
        return f"image file {shown} not found"
    try:
        with file.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return f"image file {shown} cannot be read: {exc.strerror}"
    if not any(head.startswith(magic) for magic in _IMAGE_MAGIC):
        return f"{shown} is not a PNG or JPEG image"
    return None
