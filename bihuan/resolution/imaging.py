"""Perceptual hashes of evidence images (difference hash, 64 bits).

Near-identical photos (re-saved, resized, recompressed) differ in only a few
bits, so a customer re-sending a photo, or the same photo appearing in two
customers' complaints, is spotted. Pillow decodes; no database here.
"""

from __future__ import annotations

from typing import IO

DUPLICATE_DISTANCE = 6  # of 64 bits
MAX_PIXELS = 40_000_000  # refuse decompression bombs quietly


def dhash(stream: IO[bytes]) -> tuple[str, int, int] | None:
    """(16 hex digits, width, height), or None when the bytes are not a readable image."""
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:  # Pillow is a declared dependency; stay usable without it
        return None
    try:
        with Image.open(stream) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                return None
            small = image.convert("L").resize((9, 8), Image.Resampling.LANCZOS)
            pixels = small.tobytes()  # mode "L": one byte per pixel
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    bits = 0
    for row in range(8):
        for col in range(8):
            left, right = pixels[row * 9 + col], pixels[row * 9 + col + 1]
            bits = (bits << 1) | (1 if left > right else 0)
    return f"{bits:016x}", width, height


def distance(a: str, b: str) -> int:
    return (int(a, 16) ^ int(b, 16)).bit_count()
