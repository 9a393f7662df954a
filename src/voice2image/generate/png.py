"""PNG files with their metadata in text chunks (prompt, seed, config hash), and a contact
sheet of a run's images."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from voice2image.files import atomic_write_bytes


def png_bytes(image: Any, text: dict[str, str]) -> bytes:
    """`image` (PIL) as PNG bytes, with `text` in iTXt chunks."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    for key, value in text.items():
        info.add_itxt(key, value)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def read_png_text(path: str | Path) -> dict[str, str]:
    from PIL import Image

    with Image.open(path) as image:
        image.load()
        return {str(k): str(v) for k, v in getattr(image, "text", {}).items()}


def contact_sheet(images: Sequence[tuple[str, Path]], path: Path, cell: int = 256) -> Path | None:
    """A grid of `images` ((label, file) pairs), each labelled, written to `path`."""
    from PIL import Image, ImageDraw

    if not images:
        return None
    cols = math.ceil(math.sqrt(len(images)))
    rows = math.ceil(len(images) / cols)
    label = 14
    sheet = Image.new("RGB", (cols * cell, rows * (cell + label)), "white")
    draw = ImageDraw.Draw(sheet)
    for index, (name, file) in enumerate(images):
        x, y = (index % cols) * cell, (index // cols) * (cell + label)
        with Image.open(file) as image:
            thumb = image.convert("RGB").resize((cell, cell))
        sheet.paste(thumb, (x, y + label))
        draw.text((x + 2, y + 1), name[:40], fill="black")
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG")
    atomic_write_bytes(path, buffer.getvalue())
    return path
