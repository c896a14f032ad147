"""Thumbnails drawn in a child process: a normal deck gets its picture; a first page too slow or too
big to draw, or a renderer that fails, leaves the version without one, logs a warning, and leaves
no process behind."""

import io
import logging
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from PIL import Image

from slides.services.uploads import version_upload
from slides.thumbnails import ThumbnailError, render_first_page
from tests.slides.pdf_corpus import PdfBuilder

# 200,000 filled triangles across the page: PDFium needs well over 5 s to draw them, the PDF is 15 KB.
HEAVY_PATHS = 200_000


def heavy_first_page() -> bytes:
    builder = PdfBuilder()
    catalog, tree = builder.reserve(), builder.reserve()
    content = builder.add_stream("", b"10 10 m 900 500 l 20 500 l h B\n" * HEAVY_PATHS, compress=True)
    page = builder.add(f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 960 540] /Contents {content} 0 R >>")
    builder.put(tree, f"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>")
    builder.put(catalog, f"<< /Type /Catalog /Pages {tree} 0 R >>")
    return builder.build(catalog)


def child_pids() -> set[int]:
    """This process's children, every thread's (Linux)."""
    found = set()
    for children in Path("/proc/self/task").glob("*/children"):
        found |= {int(pid) for pid in children.read_text().split()}
    return found


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


@pytest.mark.django_db
def test_upload_of_a_normal_deck_stores_its_thumbnail(talk, speaker, pdf_upload):
    version = version_upload(submission=talk, user=speaker, file=pdf_upload(pages=3), kind="draft")

    with version.thumbnail.open("rb") as thumbnail:
        assert png_size(thumbnail.read())[0] == 360


@pytest.mark.django_db
def test_upload_with_a_first_page_too_slow_to_draw_is_stored_without_thumbnail_and_warns(
    talk, speaker, settings, caplog, stored_files
):
    settings.SLIDES_THUMBNAIL_TIMEOUT_SECONDS = 0.05
    deck = SimpleUploadedFile("heavy.pdf", heavy_first_page(), content_type="application/pdf")

    with caplog.at_level(logging.WARNING, logger="slides.services.uploads"):
        version = version_upload(submission=talk, user=speaker, file=deck, kind="draft")

    assert version.number == 1 and version.page_count == 1
    assert not version.thumbnail
    assert stored_files() == [version.file.name]
    assert [record.levelname for record in caplog.records] == ["WARNING"]
    assert caplog.records[0].getMessage() == (
        f"No thumbnail for a slide upload of {talk.code}: drawing the first page took more than 0.05 s"
    )


def test_thumbnail_timeout_kills_the_renderer_and_leaves_no_process(settings):
    settings.SLIDES_THUMBNAIL_TIMEOUT_SECONDS = 0.05
    before = child_pids()

    with pytest.raises(ThumbnailError, match="took more than 0.05 s"):
        render_first_page(ContentFile(heavy_first_page()))

    assert child_pids() == before


def test_thumbnail_renderer_out_of_memory_is_an_error(settings, pdf_bytes):
    settings.SLIDES_THUMBNAIL_MEMORY_MB = 16

    with pytest.raises(ThumbnailError, match="the renderer failed: MemoryError"):
        render_first_page(ContentFile(pdf_bytes(2)))


def test_thumbnail_of_a_file_pdfium_cannot_open_is_an_error():
    with pytest.raises(ThumbnailError, match="the renderer failed: Failed to load document"):
        render_first_page(ContentFile(b"%PDF-1.7\nnot really\n%%EOF\n"))


def test_thumbnail_of_an_upload_on_disk_reads_its_temporary_file(pdf_bytes):
    upload = TemporaryUploadedFile("deck.pdf", "application/pdf", 0, None)
    upload.write(pdf_bytes(2))  # left in Python's buffer: the renderer must still see all of it

    png = render_first_page(upload, width=120)

    assert png_size(png) == (120, 68)
    assert upload.tell() == 0
    upload.close()
