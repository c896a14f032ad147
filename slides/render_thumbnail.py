"""The child process that draws a deck's first page: `python -I render_thumbnail.py PATH WIDTH CPU_SECONDS
MEMORY_BYTES` writes the PNG to stdout, or exits with status 2 and PDFium's message on stderr.

It runs as a script in a fresh interpreter (`-I`: no environment variables, no user site, not even
its own folder on sys.path), so it imports nothing of Django or Summit: only PDFium (pypdfium2) and
Pillow. It caps itself before it opens the file: CPU seconds (the kernel kills it with SIGXCPU even
if the parent that waits for it is gone) and address space (PDFium cannot grow past it; an
allocation fails instead). `slides.thumbnails` runs it and owns the wall-clock timeout.
"""

import io
import math
import resource
import sys

# A page may be 4 times as tall as it is wide before it is scaled to fit rather than to width.
MAX_ASPECT = 4


def limit(cpu_seconds: int, memory_bytes: int) -> None:
    # The hard CPU limit one second later: SIGXCPU at the soft limit, SIGKILL if that is ignored.
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def render(path: str, width: int) -> bytes:
    import pypdfium2 as pdfium
    from PIL import Image

    try:
        document = pdfium.PdfDocument(path)  # PDFium reads the file itself, never all in memory
    except pdfium.PdfiumError as error:
        raise OSError(str(error)) from error
    try:
        page = document[0]
        try:
            page_width, page_height = page.get_size()  # points, rotation applied
            if not all(math.isfinite(side) and side > 0 for side in (page_width, page_height)):
                # Nothing to draw: a blank 16:9 card keeps the version list's layout.
                image = Image.new("RGB", (width, width * 9 // 16), "white")
            else:
                # Fit the page in width × (MAX_ASPECT · width): wide pages fill the width, tall ones the height.
                scale = min(width / page_width, MAX_ASPECT * width / page_height)
                bitmap = page.render(
                    scale=scale, may_draw_forms=False, draw_annots=False, fill_color=(255, 255, 255, 255)
                )
                try:
                    image = bitmap.to_pil().convert("RGB")
                finally:
                    bitmap.close()
        finally:
            page.close()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    path, width, cpu_seconds, memory_bytes = argv[0], int(argv[1]), int(argv[2]), int(argv[3])
    limit(cpu_seconds, memory_bytes)
    try:
        png = render(path, width)
    except (OSError, ValueError) as error:
        sys.stderr.write(f"{error}\n")
        return 2
    sys.stdout.buffer.write(png)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
