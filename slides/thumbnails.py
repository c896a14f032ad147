"""First-page thumbnails (minimal stand-in on the slides-core branch: slides-pdf owns this module)."""

import io

import pypdfium2


def render_first_page(file, *, width: int = 360) -> bytes:
    file.seek(0)
    document = pypdfium2.PdfDocument(file.read())
    file.seek(0)
    try:
        page = document[0]
        scale = width / page.get_width()
        image = page.render(scale=scale).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()
    finally:
        document.close()
