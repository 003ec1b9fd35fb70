"""Read page images (PNG, JPEG, TIFF including multi-page TIFF) into OCR'd positioned pages."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from ..errors import ExtractorError
from ..models import Page, Source
from ..rules import load
from .ocr import map_pages, ocr_image


def _open(path: Path) -> Image.Image:
    try:
        image = Image.open(path)
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ExtractorError(f"unreadable image {path.name}: {exc}") from exc
    return image


def image_dpi(image: Image.Image) -> int:
    """The image's resolution from its tags, or estimated from an A4-wide page when untagged or implausible."""
    tagged = image.info.get("dpi")
    if tagged and 50 <= float(tagged[0]) <= 1200:
        return round(float(tagged[0]))
    width_in = load("ocr")["preprocess"]["assumed_page_width_in"]
    return max(50, round(min(image.size) / width_in))


def _ocr_frame(task: tuple[str, int]) -> Page:
    # Each worker opens the file itself and holds one frame: a 70-page TIFF never sits in memory whole.
    path, number = task
    image = _open(Path(path))
    image.seek(number - 1)
    frame = image.copy()
    return ocr_image(frame, number, image_dpi(frame))


def read_image(path: Path, source: Source, workers: int = 1) -> None:
    """OCR every frame of an image file into ``source.positioned``; sets ``pages`` and ``ocr_pages``."""
    image = _open(Path(path))
    frames = sum(1 for _ in ImageSequence.Iterator(image))
    source.positioned = map_pages(_ocr_frame, [(str(path), n) for n in range(1, frames + 1)], workers)
    source.pages = source.ocr_pages = frames
    if not any(page.lines for page in source.positioned):
        source.warnings.append(f"OCR found no text in {path.name}")
