"""The first page of a checked deck as a small PNG, rendered with PDFium (pypdfium2).

Call it only on a file `slides.pdf.check_pdf` accepted. PDFium reads the file through its stream
callbacks (never all in memory) and draws one bitmap no larger than `width` × 4·`width` pixels,
whatever the page size says: a page of 0 or 200 inches, a ribbon 1 point high, a rotated page
(a page without a usable size gives a blank 16:9 card). `ThumbnailError` means PDFium could not open
the file at all, which check_pdf should have caught first.
"""

import io
import math
import threading

import pypdfium2 as pdfium
from PIL import Image

# A page may be 4 times as tall as it is wide before it is scaled to fit rather than to width.
MAX_ASPECT = 4
MAX_WIDTH = 2000
# PDFium is not thread-safe: one rendering at a time per process.
_pdfium_lock = threading.Lock()


class ThumbnailError(Exception):
    """PDFium could not draw the first page (the caller stores the version without a thumbnail)."""


def render_first_page(file, *, width: int = 360) -> bytes:
    width = max(16, min(int(width), MAX_WIDTH))
    stream = getattr(file, "file", file)  # the open file under a Django File, which PDFium reads from
    file.seek(0)
    try:
        with _pdfium_lock:
            document = pdfium.PdfDocument(stream)
            try:
                page = document[0]
                try:
                    image = _render(page, width)
                finally:
                    page.close()
            finally:
                document.close()
    except pdfium.PdfiumError as error:
        raise ThumbnailError(str(error)) from error
    finally:
        file.seek(0)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _render(page, width: int):
    page_width, page_height = page.get_size()  # points, rotation applied
    if not all(math.isfinite(side) and side > 0 for side in (page_width, page_height)):
        # Nothing to draw: a blank 16:9 card keeps the version list's layout.
        return Image.new("RGB", (width, width * 9 // 16), "white")
    # Fit the page in width × (MAX_ASPECT · width): wide pages fill the width, very tall ones the height.
    scale = min(width / page_width, MAX_ASPECT * width / page_height)
    bitmap = page.render(scale=scale, may_draw_forms=False, draw_annots=False, fill_color=(255, 255, 255, 255))
    try:
        return bitmap.to_pil().convert("RGB")
    finally:
        bitmap.close()
