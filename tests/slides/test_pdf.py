"""A deck is judged by its content: every bad kind of file is refused with its own code and message,
good decks are accepted with the right hash, size and page count, and memory stays flat."""

import contextlib
import hashlib
import io
import random
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from PIL import Image
from pypdf.generic import IndirectObject

from slides.pdf import envelope
from slides.pdf.check import CheckedPdf, PdfRejected, check_pdf
from slides.thumbnails import render_first_page
from slides.upload_handlers import limit_upload_size
from tests.slides import pdf_corpus
from tests.slides.pdf_corpus import PdfBuilder, deck

CASES = pdf_corpus.cases(seed=7)
REFUSALS = {
    "empty",
    "too_large",
    "wrong_type",
    "not_pdf",
    "polyglot",
    "damaged",
    "encrypted",
    "javascript",
    "launch_action",
    "embedded_files",
    "too_many_pages",
    "decompression_bomb",
}


def check(case: pdf_corpus.Case, file=None) -> CheckedPdf:
    file = file or SimpleUploadedFile("deck.pdf", case.data, content_type=case.content_type)
    return check_pdf(file, max_bytes=case.max_bytes, max_pages=case.max_pages, content_type=case.content_type)


class ReadRecorder(io.BytesIO):
    """Fails the test if anyone asks for the whole file in one read."""

    largest = 0

    def read(self, size=-1):
        assert size is not None and size >= 0, "read() of the whole file"
        self.largest = max(self.largest, size)
        return super().read(size)


@pytest.mark.parametrize("case", [c for c in CASES if c.expected], ids=lambda c: c.name)
def test_bad_deck_is_refused_with_its_code_and_message(case):
    with pytest.raises(PdfRejected) as refused:
        check(case)

    assert isinstance(refused.value, ValidationError)  # a form shows it like any other field error
    assert refused.value.code == case.expected
    assert len(refused.value.messages) == 1 and len(refused.value.messages[0]) > 40


@pytest.mark.parametrize("case", [c for c in CASES if not c.expected], ids=lambda c: c.name)
def test_good_deck_is_accepted_with_its_hash_size_and_pages(case):
    checked = check(case)

    assert checked == CheckedPdf(
        sha256=hashlib.sha256(case.data).hexdigest(), size_bytes=len(case.data), page_count=case.pages
    )


def test_corpus_covers_every_refusal_code():
    assert {case.expected for case in CASES if case.expected} == REFUSALS


def test_each_refusal_code_has_its_own_message():
    messages = {}
    for case in CASES:
        if case.expected and case.expected not in messages:
            with pytest.raises(PdfRejected) as refused:
                check(case)
            messages[case.expected] = refused.value.messages[0]

    assert len(set(messages.values())) == len(REFUSALS)


@pytest.mark.parametrize("case", CASES[:8] + CASES[-3:], ids=lambda c: c.name)
def test_check_reads_in_chunks_and_leaves_the_file_at_its_start(case):
    stream = ReadRecorder(case.data)
    stream.seek(len(case.data) // 2)
    file = File(stream, name="deck.pdf")

    with contextlib.suppress(PdfRejected):
        check(case, file)

    assert stream.tell() == 0
    assert stream.largest <= envelope.CHUNK


def test_too_large_message_names_the_limit():
    with pytest.raises(PdfRejected) as refused:
        check_pdf(ContentFile(deck(20)), max_bytes=2048, max_pages=300)

    assert refused.value.code == "too_large"
    assert "larger than 2.0\xa0KB" in refused.value.messages[0]
    with pytest.raises(PdfRejected) as refused:
        check_pdf(ContentFile(deck(2, filler_bytes=1024 * 1024)), max_bytes=1024 * 1024, max_pages=300)
    assert "larger than 1 MB (it is 1.1 MB)" in refused.value.messages[0]


def test_declared_size_smaller_than_the_content_is_still_too_large():
    file = SimpleUploadedFile("deck.pdf", deck(2), content_type="application/pdf")
    file.size = 100  # a handler that under-reports: the bytes read are what count

    with pytest.raises(PdfRejected) as refused:
        check_pdf(file, max_bytes=500, max_pages=300)

    assert refused.value.code == "too_large"


@pytest.mark.parametrize("content_type", [None, "application/pdf; name=deck.pdf", "APPLICATION/PDF", ""])
def test_content_type_absent_or_pdf_with_parameters_is_accepted(content_type):
    assert check_pdf(ContentFile(deck(2)), max_bytes=10**6, max_pages=300, content_type=content_type).page_count == 2


def test_page_limit_is_the_conference_setting():
    five = deck(5)

    assert check_pdf(ContentFile(five), max_bytes=10**6, max_pages=5).page_count == 5
    with pytest.raises(PdfRejected) as refused:
        check_pdf(ContentFile(five), max_bytes=10**6, max_pages=4)
    assert refused.value.code == "too_many_pages"
    assert "5 pages" in refused.value.messages[0] and "4" in refused.value.messages[0]


def test_page_count_bomb_is_refused_from_the_count_before_the_tree_is_walked(monkeypatch):
    walked = []
    monkeypatch.setattr(IndirectObject, "get_object", lambda self: walked.append(self) or self.pdf.get_object(self))

    with pytest.raises(PdfRejected) as refused:
        check_pdf(ContentFile(deck(1, count=10**9)), max_bytes=10**6, max_pages=300)

    assert refused.value.code == "too_many_pages"
    assert "1000000000 pages" in refused.value.messages[0]
    assert len(walked) <= 2  # the catalogue and the root of the page tree


def test_nested_page_tree_is_counted():
    builder = PdfBuilder()
    catalog, root = builder.reserve(), builder.reserve()
    branches = []
    for _ in range(3):
        branch = builder.reserve()
        pages = [builder.add(f"<< /Type /Page /Parent {branch} 0 R /MediaBox [0 0 960 540] >>") for _ in range(4)]
        builder.put(
            branch, f"<< /Type /Pages /Parent {root} 0 R /Kids [{' '.join(f'{p} 0 R' for p in pages)}] /Count 4 >>"
        )
        branches.append(branch)
    builder.put(root, f"<< /Type /Pages /Kids [{' '.join(f'{b} 0 R' for b in branches)}] /Count 12 >>")
    builder.put(catalog, f"<< /Type /Catalog /Pages {root} 0 R >>")

    assert check_pdf(ContentFile(builder.build(catalog)), max_bytes=10**6, max_pages=300).page_count == 12


def test_page_tree_cycle_is_damaged():
    builder = PdfBuilder()
    catalog, root = builder.reserve(), builder.reserve()
    page = builder.add(f"<< /Type /Page /Parent {root} 0 R /MediaBox [0 0 960 540] >>")
    builder.put(root, f"<< /Type /Pages /Kids [{page} 0 R {root} 0 R] /Count 1 >>")
    builder.put(catalog, f"<< /Type /Catalog /Pages {root} 0 R >>")

    with pytest.raises(PdfRejected) as refused:
        check_pdf(ContentFile(builder.build(catalog)), max_bytes=10**6, max_pages=300)

    assert refused.value.code == "damaged"


def test_decks_from_real_producers_are_accepted():
    from pypdf import PdfWriter
    from weasyprint import HTML

    html = "<style>@page { size: 1280px 720px }</style>" + "".join(
        f"<section style='page-break-after: always'><h1>Slide {n}</h1><p>Kafka</p></section>" for n in range(1, 4)
    )
    weasy = HTML(string=html).write_pdf()
    writer = PdfWriter()
    for _ in range(2):
        writer.add_blank_page(960, 540)
    pypdf_made = io.BytesIO()
    writer.write(pypdf_made)

    assert check_pdf(ContentFile(weasy), max_bytes=10**7, max_pages=300).page_count == 3
    assert check_pdf(ContentFile(pypdf_made.getvalue()), max_bytes=10**7, max_pages=300).page_count == 2


def test_checking_a_large_deck_keeps_memory_flat(tmp_path):
    path = tmp_path / "deck.pdf"
    path.write_bytes(deck(20, filler_bytes=12 * 1024 * 1024, seed=3))

    with path.open("rb") as handle:
        tracemalloc.start()
        checked = check_pdf(File(handle), max_bytes=50 * 1024 * 1024, max_pages=300)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()

    assert checked.size_bytes > 12 * 1024 * 1024
    assert peak < 6 * 1024 * 1024


# --- Upload handler -------------------------------------------------------------------------------


def post_upload(data: bytes, max_bytes: int):
    body = encode_multipart(BOUNDARY, {"deck": SimpleUploadedFile("deck.pdf", data, "application/pdf")})
    request = RequestFactory().generic("POST", "/upload/", body, content_type=MULTIPART_CONTENT)
    limit_upload_size(request, max_bytes)
    return request


def test_upload_under_the_limit_streams_to_a_temporary_file_and_is_accepted():
    data = deck(3, filler_bytes=200_000)
    request = post_upload(data, max_bytes=len(data))

    upload = request.FILES["deck"]

    assert isinstance(upload, TemporaryUploadedFile)
    assert check_pdf(upload, max_bytes=len(data), max_pages=300, content_type=upload.content_type) == CheckedPdf(
        sha256=hashlib.sha256(data).hexdigest(), size_bytes=len(data), page_count=3
    )


def test_upload_over_the_limit_stops_being_stored_and_is_refused_as_too_large():
    data = deck(3, filler_bytes=2_000_000)
    request = post_upload(data, max_bytes=300_000)

    upload = request.FILES["deck"]

    assert upload.size == len(data)
    with open(upload.temporary_file_path(), "rb") as stored:
        assert len(stored.read()) == 300_000
    with pytest.raises(PdfRejected) as refused:
        check_pdf(upload, max_bytes=300_000, max_pages=300)
    assert refused.value.code == "too_large"


def test_upload_handler_keeps_memory_flat():
    data = deck(3, filler_bytes=8 * 1024 * 1024)
    request = post_upload(data, max_bytes=50 * 1024 * 1024)

    tracemalloc.start()
    upload = request.FILES["deck"]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert upload.size == len(data)
    assert peak < 1024 * 1024


def test_drf_request_gets_the_handler_on_the_django_request():
    class Wrapper:  # what rest_framework.request.Request looks like to limit_upload_size
        def __init__(self, request):
            self._request = request

    django_request = RequestFactory().post("/upload/", {})
    limit_upload_size(Wrapper(django_request), 1000)

    assert [handler.max_bytes for handler in django_request.upload_handlers] == [1000]


# --- Thumbnails -----------------------------------------------------------------------------------


def one_page(media_box: str, rotate: int = 0) -> bytes:
    builder = PdfBuilder()
    catalog, tree = builder.reserve(), builder.reserve()
    content = builder.add_stream("", b"0 0 1 rg 0 0 50 50 re f", compress=True)
    page = builder.add(
        f"<< /Type /Page /Parent {tree} 0 R /MediaBox [{media_box}] /Rotate {rotate} /Contents {content} 0 R >>"
    )
    builder.put(tree, f"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>")
    builder.put(catalog, f"<< /Type /Catalog /Pages {tree} 0 R >>")
    return builder.build(catalog)


def thumbnail_size(data: bytes, width: int = 360) -> tuple[int, int]:
    png = render_first_page(ContentFile(data), width=width)
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        return image.size


def test_thumbnail_is_the_first_page_at_the_asked_width():
    assert thumbnail_size(deck(3, filler_bytes=300_000)) == (360, 203)
    assert thumbnail_size(deck(1), width=120) == (120, 68)


@pytest.mark.parametrize(
    ("media_box", "rotate"),
    [
        ("0 0 14400 1", 0),
        ("0 0 1 14400", 0),
        ("0 0 0 0", 0),
        ("0 0 1e9 1e9", 0),
        ("0 0 -500 -300", 0),
        ("0 0 960 540", 90),
    ],
    ids=["ribbon", "tower", "zero", "huge", "negative", "rotated"],
)
def test_thumbnail_of_a_weird_page_size_stays_small(media_box, rotate):
    width, height = thumbnail_size(one_page(media_box, rotate))

    assert 1 <= width <= 360 and 1 <= height <= 4 * 360


def test_thumbnail_leaves_the_file_at_its_start():
    file = ContentFile(deck(2))
    file.seek(10)

    render_first_page(file)

    assert file.tell() == 0


def test_randomly_damaged_decks_are_accepted_or_refused_never_crash():
    rng = random.Random(9)
    bases = [deck(4, filler_bytes=50_000), pdf_corpus.compressed_deck(4)]
    outcomes = set()
    for _ in range(300):
        data = bytearray(rng.choice(bases))
        for _ in range(rng.randint(1, 12)):
            position = rng.randrange(len(data))
            if rng.random() < 0.7:
                data[position] = rng.randrange(256)
            else:
                del data[position : position + rng.randint(1, 40)]
        try:
            check_pdf(ContentFile(bytes(data)), max_bytes=10**7, max_pages=300)
            outcomes.add("accepted")
        except PdfRejected as refusal:
            outcomes.add(refusal.code)

    assert outcomes <= REFUSALS | {"accepted"}
    assert {"accepted", "damaged"} <= outcomes
