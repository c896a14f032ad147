"""Benchmark of a slide upload's path, for 1 MB, 20 MB and 50 MB decks (not a timed test).

    .venv/bin/python bench/slides.py                 # the three sizes, then the AV pack if present
    .venv/bin/python bench/slides.py --sizes 1,5     # other sizes, in MB
    .venv/bin/python bench/slides.py --no-avpack

Each deck is generated first (tests/slides/pdf_corpus.py: 40 slides of photos and screenshots) and
measured in a fresh subprocess, so that one size's memory does not hide the next one's. The steps,
as the upload view runs them:

  upload   the multipart body, read from disk as a WSGI input, through LimitedUploadHandler into
           a temporary file (slides/upload_handlers.py)
  check    slides.pdf.check.check_pdf (bytes, structure, every object, bounded inflation)
  thumb    slides.thumbnails.render_first_page (a child process: start-up, PDFium, the PNG on a pipe)
  store    the deck saved into the "slides" storage (a throwaway SLIDES_ROOT; a chunked copy, as
           S3 would stream it, not the local rename Django does for a temporary file)

It prints, per size and step, the time (a first pass without tracing; the CPU time of the pass too,
the thumbnail's child process included, as the machine may be shared) and the peak of Python
allocations (a second pass under tracemalloc; the child's are not traced, SLIDES_THUMBNAIL_MEMORY_MB
caps them), then the process's peak RSS (ru_maxrss) and how much the steps added to it over the
interpreter with Django and the libraries imported. Memory should not grow with the deck's size.

Then, if bench/slides_avpack.py exists (the AV team's pack, the publication part of the app), its
`run(argv)` is called with the arguments this script did not recognise (or its `main()` without).
"""

import argparse
import importlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MB = 1024 * 1024
STEPS = ("upload", "check", "thumb", "store")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,20,50", help="deck sizes in MB, comma-separated")
    parser.add_argument("--no-avpack", action="store_true", help="skip bench/slides_avpack.py")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: the subprocess's deck
    parser.add_argument("--generate", nargs=2, help=argparse.SUPPRESS)  # internal: path, size
    args, rest = parser.parse_known_args()
    if args.generate:
        from tests.slides.pdf_corpus import deck_of_size

        path, size = Path(args.generate[0]), int(args.generate[1])
        path.write_bytes(deck_of_size(size, seed=size))
        return
    if args.measure:
        print(json.dumps(measure(Path(args.measure))))
        return
    failed = run_sizes([float(size) for size in args.sizes.split(",")])
    if not args.no_avpack:
        failed |= run_avpack(rest)
    sys.exit(1 if failed else 0)


def run_sizes(sizes: list[float]) -> bool:
    from tests.slides.pdf_corpus import MAX_BYTES

    print(f"{'deck':>8} {'pages':>5} " + " ".join(f"{step + ' ms':>9}" for step in STEPS), end="")
    print(
        f" {'total ms':>9} {'cpu ms':>7} {'MB/s':>6} "
        + " ".join(f"{step + ' MB':>9}" for step in STEPS)
        + f" {'RSS MB':>7} {'+MB':>5}"
    )
    failed = False
    with tempfile.TemporaryDirectory(prefix="summit-bench-slides-") as folder:
        for size in sizes:
            path = Path(folder) / f"deck-{size:g}mb.pdf"
            # Generated in a process of its own: a child forked from a big parent would start with the
            # parent's peak RSS (ru_maxrss survives fork and exec) and hide its own.
            subprocess.run(
                [sys.executable, __file__, "--generate", str(path), str(min(int(size * MB), MAX_BYTES))], check=True
            )
            environment = os.environ | {"SLIDES_ROOT": str(Path(folder) / "storage")}
            completed = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)],
                env=environment,
                capture_output=True,
                text=True,
                check=False,
            )
            if completed.returncode != 0:
                print(f"{size:>6g}MB failed:\n{completed.stderr}")
                failed = True
                continue
            figures = json.loads(completed.stdout.strip().splitlines()[-1])
            total = sum(figures["seconds"].values())
            print(f"{figures['bytes'] / MB:>6.1f}MB {figures['pages']:>5} ", end="")
            print(" ".join(f"{figures['seconds'][step] * 1000:>9.0f}" for step in STEPS), end="")
            print(f" {total * 1000:>9.0f} {figures['cpu'] * 1000:>7.0f} {figures['bytes'] / MB / total:>6.0f} ", end="")
            print(" ".join(f"{figures['peak'][step] / MB:>9.2f}" for step in STEPS), end="")
            print(f" {figures['rss_peak'] / MB:>7.0f} {figures['rss_growth'] / MB:>5.1f}")
            path.unlink()
    return failed


def measure(path: Path) -> dict:
    """In the subprocess: each step once for time, once under tracemalloc for memory."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings.base")
    import django

    django.setup()
    from django.core.files import File
    from django.core.files.storage import storages

    from slides.pdf.check import check_pdf
    from slides.thumbnails import render_first_page

    size = path.stat().st_size
    body = path.with_suffix(".multipart")
    boundary = write_multipart(path, body)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    seconds, peak, pages = {}, {}, 0
    cpu_start = time.process_time() + _children_cpu()
    for traced in (False, True):
        if traced:
            tracemalloc.start()
        upload = None
        for step in STEPS:
            if traced:
                tracemalloc.reset_peak()
            start = time.perf_counter()
            if step == "upload":
                upload = parse_upload(body, boundary, max_bytes=50 * MB)
            elif step == "check":
                pages = check_pdf(upload, max_bytes=50 * MB, max_pages=300, content_type="application/pdf").page_count
            elif step == "thumb":
                render_first_page(upload)
            else:
                with path.open("rb") as handle:  # a plain file: the storage copies it in chunks
                    name = storages["slides"].save(f"bench/{path.name}", File(handle))
                storages["slides"].delete(name)
            elapsed = time.perf_counter() - start
            if traced:
                peak[step] = tracemalloc.get_traced_memory()[1]
            else:
                seconds[step] = elapsed
        upload.close()
        if traced:
            tracemalloc.stop()
        else:
            cpu = time.process_time() + _children_cpu() - cpu_start
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    body.unlink()
    return {
        "bytes": size,
        "pages": pages,
        "seconds": seconds,
        "cpu": cpu,
        "peak": peak,
        "rss_peak": rss_after,
        "rss_growth": rss_after - rss_before,
    }


def _children_cpu() -> float:
    """CPU seconds of the child processes reaped so far (the thumbnail's renderer)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def write_multipart(deck: Path, body: Path) -> str:
    """The request body a browser would send, written to disk next to the deck (never in memory)."""
    boundary = "BenchBoundary7MA4YWxkTrZu0gW"
    with body.open("wb") as out, deck.open("rb") as source:
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\ndraft\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{deck.name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode()
        )
        while chunk := source.read(MB):
            out.write(chunk)
        out.write(f"\r\n--{boundary}--\r\n".encode())
    return boundary


def parse_upload(body: Path, boundary: str, *, max_bytes: int):
    from django.core.handlers.wsgi import WSGIRequest

    from slides.upload_handlers import limit_upload_size

    handle = body.open("rb")
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/me/slides/upload/",
            "CONTENT_TYPE": f"multipart/form-data; boundary={boundary}",
            "CONTENT_LENGTH": str(body.stat().st_size),
            "SERVER_NAME": "bench",
            "SERVER_PORT": "80",
            "wsgi.input": handle,
            "wsgi.url_scheme": "http",
        }
    )
    limit_upload_size(request, max_bytes)
    upload = request.FILES["file"]
    handle.close()
    return upload


def run_avpack(argv: list[str]) -> bool:
    """The publication part's benchmark of the AV pack (a 30-talk room-day), when it is present."""
    try:
        avpack = importlib.import_module("bench.slides_avpack")
    except ModuleNotFoundError as error:
        if error.name not in ("bench.slides_avpack", "bench"):
            raise
        print("\nAV pack: bench/slides_avpack.py is not here; skipped.")
        return False
    print("\nAV pack (bench/slides_avpack.py):")
    if hasattr(avpack, "run"):
        result = avpack.run(argv)
    else:
        sys.argv = [str(ROOT / "bench" / "slides_avpack.py"), *argv]
        try:
            result = avpack.main()
        except SystemExit as exit_:
            result = exit_.code
    # run() may return figures or nothing; a non-zero exit status is a failure.
    return isinstance(result, int) and not isinstance(result, bool) and result != 0


if __name__ == "__main__":
    main()
