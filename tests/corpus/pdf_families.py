"""Slide decks for the corpus, family by family (see tests/corpus/generate.py). The decks and the
faults come from tests/slides/pdf_corpus.py and tests/corpus/actions.py; this module varies them:
many offsets, many bits, many hiding places, each with the refusal it must get."""

import functools
import io
import random
import re
import zlib

from tests.corpus.actions import ACTIONS, MEDIA_ANNOTATIONS, PLACES, action_deck, annotation_deck
from tests.corpus.generate import CorpusFile
from tests.slides import pdf_corpus
from tests.slides.pdf_corpus import FAULTS, HTML, PdfBuilder, compressed_deck, deck

SEED = 2027
CUT_SHORT = ("damaged", "cut short")


@functools.cache
def base(name: str) -> bytes:
    """Three valid decks, written three ways: by hand with photos, with object streams, by pypdf."""
    if name == "plain":
        return deck(4, filler_bytes=30_000, seed=SEED)
    if name == "object-streams":
        return compressed_deck(4)
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(960, 540)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BASES = ("plain", "object-streams", "pypdf")


def _file(family: str, name: str, make, expected: str, *says: str, **options) -> CorpusFile:
    return CorpusFile(family=family, name=name, make=make, expected=expected, says=says, **options)


def truncations(per_base: int = 80) -> list[CorpusFile]:
    """Cut at many offsets: nothing left, inside "%PDF-", and anywhere before the final %%EOF."""
    rng = random.Random(SEED)
    out = []
    for name in BASES:
        data = base(name)
        end = data.rindex(b"%%EOF")
        offsets = sorted(
            {0, 1, 3, 4, 5, 9, 64, end - 1, end, end + 3} | {rng.randrange(6, end) for _ in range(per_base)}
        )
        for offset in offsets[:per_base]:
            expected: tuple[str, ...]
            if offset == 0:
                expected = ("empty", "empty")
            elif offset < 5:
                expected = ("not_pdf", "does not start like one")
            else:
                expected = CUT_SHORT
            out.append(
                _file("truncated", f"{name}-at-{offset}", lambda d=data, o=offset: d[:o], expected[0], *expected[1:])
            )
    return out


def _flipped(data: bytes, position: int, bit: int) -> bytes:
    out = bytearray(data)
    out[position] ^= 1 << bit
    return bytes(out)


def header_flips() -> list[CorpusFile]:
    """Each bit of "%PDF-": the file no longer starts like a PDF."""
    return [
        _file(
            "bit-flip-header",
            f"{name}-byte-{position}-bit-{bit}",
            lambda n=name, p=position, b=bit: _flipped(base(n), p, b),
            "not_pdf",
            "does not start like one",
        )
        for name in BASES
        for position in range(5)
        for bit in range(8)
    ]


def xref_and_trailer_flips(per_base: int = 40) -> list[CorpusFile]:
    """A bit flipped in the cross-reference table's keyword and offsets, the trailer's keyword and
    its /Root, and the startxref number: the index of the file no longer points at its objects."""
    out = []
    for name in ("plain", "pypdf"):  # the two with a classic table ("xref" … "trailer")
        data = base(name)
        table = data.rindex(b"\nxref\n") + 1
        trailer = data.index(b"trailer", table)
        targets = {(table + i, bit) for i in range(4) for bit in (0, 5)}  # "xref"
        for entry in re.finditer(rb"(\d{10}) \d{5} n", data[table:trailer]):
            # The hundreds digit, moved by 4: the entry points hundreds of bytes off its object.
            targets.add((table + entry.start() + 7, 2))
        targets |= {(trailer + i, 1) for i in range(7)}  # "trailer"
        root = data.index(b"/Root", trailer)
        targets |= {(root + i, 3) for i in range(1, 5)}
        startxref = data.rindex(b"startxref") + len(b"startxref\n")
        digits = range(startxref, data.index(b"\n", startxref))
        targets |= {(p, bit) for p in digits for bit in (0, 2)}
        for position, bit in sorted(targets)[:per_base]:
            out.append(
                _file(
                    "bit-flip-xref-trailer",
                    f"{name}-byte-{position}-bit-{bit}",
                    lambda n=name, p=position, b=bit: _flipped(base(n), p, b),
                    "damaged",
                )
            )
    return out


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(50) + b"PE\x00\x00L\x01" + bytes(200)
ELF = b"\x7fELF\x02\x01\x01" + bytes(120)
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'
XML = b'<?xml version="1.0"?><presentation><slide/></presentation>\n'


def _other_formats(rng: random.Random) -> dict[str, tuple[bytes, str, str]]:
    """Another format's bytes, what the refusal calls it, as a .pdf."""
    padding = rng.randbytes(rng.randrange(10, 400))
    return {
        "html": (HTML + padding.hex().encode(), "not_pdf", "web page (HTML)"),
        "html-bom": (b"\xef\xbb\xbf" + HTML, "not_pdf", "web page (HTML)"),
        "svg": (SVG, "not_pdf", "web page (HTML)"),
        "xml": (XML, "not_pdf", "XML document"),
        "zip-pptx": (pdf_corpus._zip({"ppt/presentation.xml": b"<p/>" + padding}), "not_pdf", "ZIP archive"),
        "png": (pdf_corpus._png(), "not_pdf", "is an image"),
        "jpeg": (pdf_corpus._jpeg(rng, 32, 18), "not_pdf", "is an image"),
        "gif": (b"GIF89a\x01\x00\x01\x00" + padding, "not_pdf", "is an image"),
        "exe": (EXE + padding, "not_pdf", "does not start like one"),
        "elf": (ELF + padding, "not_pdf", "does not start like one"),
        "gzip": (b"\x1f\x8b\x08\x00" + padding, "not_pdf", "does not start like one"),
        "postscript": (b"%!PS-Adobe-3.0\n%%Pages: 1\nshowpage\n%%EOF\n", "not_pdf", "does not start like one"),
        "text": (b"My slides: " + padding.hex().encode(), "not_pdf", "does not start like one"),
    }


def wrong_types(rounds: int = 4) -> list[CorpusFile]:
    """Other formats named .pdf: sent as PDF (judged by their bytes) or as what they are."""
    out = []
    for round_ in range(rounds):
        for kind, (data, code, says) in _other_formats(random.Random(SEED + round_)).items():
            out.append(_file("wrong-content", f"{kind}-{round_}", lambda d=data: d, code, says))
        sent_as = ["text/html", "application/zip", "image/svg+xml", "application/x-msdownload"][round_]
        out.append(
            _file(
                "wrong-content",
                f"declared-{sent_as.replace('/', '-')}",
                lambda: base("plain"),
                "wrong_type",
                sent_as,
                content_type=sent_as,
            )
        )
    return out


def polyglots() -> list[CorpusFile]:
    rng = random.Random(SEED + 2)
    jpeg, png = pdf_corpus._jpeg(rng, 16, 16), pdf_corpus._png()
    archive = pdf_corpus._zip({"payload.html": HTML})
    shapes = {
        "html-then-pdf": (lambda d: HTML + d, "a web page"),
        "jpeg-then-pdf": (lambda d: jpeg + d, "an image"),
        "png-then-pdf": (lambda d: png + d, "an image"),
        "zip-then-pdf": (lambda d: archive + d, "a ZIP archive"),
        "pdf-then-zip": (lambda d: d + archive, "a ZIP archive"),
        "pdf-then-html": (lambda d: d + b"<script>alert(document.cookie)</script>\n", "a web page"),
        "pdf-then-jpeg": (lambda d: d + jpeg, "an image"),
        "pdf-then-exe": (lambda d: d + EXE, "unknown data"),
        "pdf-zip-directory-hidden-before-eof": (
            lambda d: d[:-7] + archive[:-2] + b"\x07\x00" + d[-7:],
            "a ZIP archive",
        ),
    }
    return [
        _file("polyglot", f"{shape}-{name}", lambda n=name, s=make: s(base(n)), "polyglot", says)
        for shape, (make, says) in shapes.items()
        for name in BASES
    ]


def encrypted() -> list[CorpusFile]:
    out = []
    for algorithm in ("RC4-40", "RC4-128"):
        for password in ("", "s3cret", "ünïcode"):
            for pages in (1, 3, 7):
                out.append(
                    _file(
                        "encrypted",
                        f"{algorithm}-{'owner-only' if not password else 'password'}-{pages}-pages"
                        + ("-unicode" if password == "ünïcode" else ""),
                        lambda a=algorithm, p=password, n=pages: _encrypt(deck(n, seed=SEED), p, a),
                        "encrypted",
                        "encrypted",
                    )
                )
    return out


def _encrypt(source: bytes, password: str, algorithm: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source)))
    writer.encrypt(user_password=password, owner_password="organiser", algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def too_many_pages() -> list[CorpusFile]:
    out = [
        _file(
            "too-many-pages",
            f"{pages}-pages-limit-{limit}",
            lambda p=pages: deck(p),
            "too_many_pages",
            f"has {pages} pages",
            f"at most {limit}",
            max_pages=limit,
        )
        for pages, limit in ((2, 1), (6, 5), (31, 30), (61, 60), (121, 120), (301, 300))
    ]
    for count in (301, 10**4, 10**9, 2**31 - 1, 2**63 - 1):
        out.append(
            _file(
                "too-many-pages",
                f"count-says-{count}",
                lambda c=count: deck(1, count=c),
                "too_many_pages",
                f"has {count} pages",
            )
        )
    for repeats in (301, 5_000, 20_000):
        out.append(
            _file(
                "too-many-pages",
                f"one-page-listed-{repeats}-times",
                lambda r=repeats: pdf_corpus._page_bomb_repeated(r),
                "too_many_pages",
            )
        )
    return out


def _pixels(width: int, height: int):
    def extras(b: PdfBuilder) -> tuple[str, str]:
        image = b.add_stream(
            f"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceRGB "
            "/BitsPerComponent 8 /Filter /DCTDecode",
            b"\xff\xd8\xff\xd9",
        )
        return "", f"/Resources << /XObject << /Big {image} 0 R >> >>"

    return extras


def bombs() -> list[CorpusFile]:
    """Streams inflating past their ceiling, images past Pillow's pixel limit. The flate bombs cost
    about a second each to refuse (100 MB and more inflated, a piece at a time): they sit where the
    default sample does not pick them (tests/slides/test_pdf.py refuses them in every run)."""
    images = [
        _file(
            "decompression-bomb",
            f"image-{width}x{height}",
            lambda w=width, h=height: deck(2, extras=_pixels(w, h)),
            "decompression_bomb",
            f"{width}×{height} pixels",
        )
        for width, height in ((100_000, 100_000), (10_000, 9_000), (2**31, 1), (9_459, 9_460), (65_535, 65_535))
    ]
    flate = [
        _file(
            "decompression-bomb", "flate-120-mb", lambda: deck(2, extras=pdf_corpus._bomb_content), "decompression_bomb"
        ),
        _file(
            "decompression-bomb",
            "flate-twice-200-mb",
            lambda: deck(2, extras=pdf_corpus._bomb_nested),
            "decompression_bomb",
        ),
        _file(
            "decompression-bomb",
            "document-past-its-budget",
            lambda: deck(2, extras=_flood_of_streams(4, 90)),
            "decompression_bomb",
            "far more than its size",
        ),
    ]
    return [images[0], flate[0], images[1], flate[1], flate[2], *images[2:]]


def _flood_of_streams(streams: int, megabytes_each: int):
    def extras(b: PdfBuilder) -> tuple[str, str]:
        data = pdf_corpus._zeros_deflated(megabytes_each, 1)
        refs = [
            b.add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
            for _ in range(streams)
        ]
        return f"/PieceInfo << /Parts [{' '.join(f'{r} 0 R' for r in refs)}] >>", ""

    return extras


def hiding_places() -> list[CorpusFile]:
    """The scripts, launch actions and attachments of tests/slides/pdf_corpus.py, in decks of many sizes."""
    return [
        _file("hidden-content", f"{name}-{pages}-pages", lambda e=extras, p=pages: deck(p, seed=p, extras=e), code)
        for name, (extras, code) in FAULTS.items()
        if code != "decompression_bomb"
        for pages in (1, 12)
    ] + [
        _file(
            "hidden-content", "javascript-in-object-stream", lambda: compressed_deck(5, javascript=True), "javascript"
        ),
    ]


def actions() -> list[CorpusFile]:
    """Every harmful action in every place a reader runs one from, on varying pages."""
    out = []
    for index, (place, action) in enumerate((p, a) for p in PLACES for a in ACTIONS):
        if not place.every_action and action.code == "unknown_action":
            continue  # only a reader's places make an action of it (tests/slides/test_pdf_actions.py)
        pages = 2 + index % 5
        page = 1 + index % pages
        says = [place.says.format(page=page)] if place.says else ["The PDF "]
        if place.every_action:
            says.append(action.kind)
        out.append(
            _file(
                "dangerous-action",
                f"{action.name}-in-{place.name}",
                lambda a=action, p=place, n=pages, g=page: action_deck(a, p, pages=n, page=g),
                action.code or "accepted",
                *says,
            )
        )
    for name, (annotation, code) in MEDIA_ANNOTATIONS.items():
        for page in (1, 3):
            out.append(
                _file(
                    "dangerous-action",
                    f"{name}-annotation-page-{page}",
                    lambda a=annotation, g=page: annotation_deck(a, pages=3, page=g),
                    code,
                    f"Page {page} has an annotation",
                )
            )
    return out


def damaged() -> list[CorpusFile]:
    rng = random.Random(SEED + 3)
    plain = base("plain")
    garbage = [b"%PDF-1.7\n" + rng.randbytes(size) + b"\n%%EOF\n" for size in (0, 10, 500, 5000)]
    return [_file("damaged", f"garbage-{index}", lambda g=g: g, "damaged") for index, g in enumerate(garbage)] + [
        _file("damaged", "page-count-too-high", lambda: deck(3, count=4), "damaged", "says 4 pages but holds 3"),
        _file("damaged", "page-count-too-low", lambda: deck(3, count=2), "damaged", "says 2 pages but holds 3"),
        _file("damaged", "object-flood", lambda: pdf_corpus._object_flood(10_300), "damaged", "objects"),
        _file("damaged", "offsets-shifted", lambda: pdf_corpus._shifted(plain), "damaged"),
        _file("damaged", "pages-never-written", lambda: pdf_corpus._missing_pages(3), "damaged"),
        _file("damaged", "no-root", lambda: plain.replace(b"/Root", b"/Rout"), "damaged"),
        _file("damaged", "update-cut-short", lambda: plain + b"9 0 obj\n<< /Type /Annot", "damaged", "update"),
        _file("damaged", "flate-garbage-stream", lambda: deck(2, extras=_bad_flate), "accepted"),
    ]


def _bad_flate(b: PdfBuilder) -> tuple[str, str]:
    data = zlib.compress(b"q Q " * 100)[:-30] + b"\x00" * 30  # a viewer shows what inflates
    number = b.add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    return f"/PieceInfo << /Broken {number} 0 R >>", ""


def sizes() -> list[CorpusFile]:
    big = lambda: deck(2, filler_bytes=1_200_000, seed=SEED)  # noqa: E731
    return [
        _file("size", "empty", lambda: b"", "empty", "empty"),
        _file("size", "over-1-mb", big, "too_large", "larger than 1 MB", max_size_mb=1),
        _file("size", "whitespace-only", lambda: b" \n" * 100, "not_pdf"),
        _file("size", "valid-control", lambda: base("plain"), "accepted"),
    ]


def families() -> list[CorpusFile]:
    return (
        truncations()
        + header_flips()
        + xref_and_trailer_flips()
        + wrong_types()
        + polyglots()
        + encrypted()
        + too_many_pages()
        + bombs()
        + hiding_places()
        + actions()
        + damaged()
        + sizes()
    )
