"""The first page of a checked deck as a small PNG, drawn by PDFium in a child process that can be killed.

A hostile first page (millions of drawing operators, huge images, deep patterns) can keep PDFium busy
for minutes, and PDFium cannot be interrupted from Python. So the page is drawn by
`slides/render_thumbnail.py` in a fresh interpreter, given the deck's path on disk (never its bytes:
memory stays flat), under `SLIDES_THUMBNAIL_TIMEOUT_SECONDS` of wall-clock time (5) and, which it
sets on itself before opening the file, CPU seconds and `SLIDES_THUMBNAIL_MEMORY_MB` of address
space (1024). On timeout the child is killed and reaped before `ThumbnailError` goes up; the upload
then stores the version without a thumbnail.

Why `subprocess.run` of a fresh interpreter rather than `multiprocessing`:
- fork (the default start method on Linux before Python 3.14) copies a process with threads (Django's
  autoreloader, Celery's pool, librdkafka) where a lock held by another thread stays held forever;
  `subprocess` forks and execs at once in C (no Python runs in between, hence no `preexec_fn`: the
  limits are set by the child itself);
- 'spawn' and 'forkserver' start a fresh interpreter too, but re-import the parent's main module
  (Django's settings and apps with it) and pickle the result through a pipe: slower, and a worker
  pool to keep alive; one short-lived process per upload is simpler to kill and leaves nothing behind.
The child runs with `-I` and an empty environment: it parses hostile input and needs no secrets.
Starting it costs about 70 ms (Python, pypdfium2 and Pillow imported; bench/slides.py measures it);
an upload is rare enough for that.

It draws one bitmap no larger than `width` × 4·`width` pixels, whatever the page size says: a page of
0 or 200 inches, a ribbon 1 point high, a rotated page (a page without a usable size gives a blank
16:9 card).
"""

import contextlib
import math
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings

MAX_WIDTH = 2000
WORKER = Path(__file__).with_name("render_thumbnail.py")
CHUNK = 1024 * 1024


class ThumbnailError(Exception):
    """No thumbnail: PDFium could not draw the first page in time, within its memory, or at all (the
    caller stores the version without one)."""


def render_first_page(file, *, width: int = 360) -> bytes:
    """The PNG of the first page of `file` (a Django File); leaves the file at its start."""
    width = max(16, min(int(width), MAX_WIDTH))
    timeout = settings.SLIDES_THUMBNAIL_TIMEOUT_SECONDS
    # The CPU limit only backs up the wall clock (say the parent dies): a second more than it.
    cpu_seconds = math.ceil(timeout) + 1
    memory = settings.SLIDES_THUMBNAIL_MEMORY_MB * 1024 * 1024
    try:
        with _on_disk(file) as path:
            completed = subprocess.run(
                [sys.executable, "-I", str(WORKER), path, str(width), str(cpu_seconds), str(memory)],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                timeout=timeout,
                env={},
                check=False,
            )
    except subprocess.TimeoutExpired:
        # subprocess.run has killed the child (SIGKILL) and waited for it: nothing is left running.
        raise ThumbnailError(f"drawing the first page took more than {timeout:g} s") from None
    except OSError as error:  # no process could be started (memory, process limit)
        raise ThumbnailError(f"the renderer could not start: {error}") from error
    finally:
        file.seek(0)
    if completed.returncode != 0:
        reason = completed.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        how = f"killed by signal {-completed.returncode}" if completed.returncode < 0 else "failed"
        raise ThumbnailError(f"the renderer {how}: {reason[0][:300]}")
    return completed.stdout


@contextlib.contextmanager
def _on_disk(file) -> Iterator[str]:
    """The path of the file's content: the upload's own temporary file, or a copy made in chunks (a
    file read from a storage without paths, such as S3, or held in memory)."""
    if hasattr(file, "temporary_file_path"):
        file.flush()  # what the upload handler wrote may still sit in Python's buffer
        yield file.temporary_file_path()
        return
    with tempfile.NamedTemporaryFile(suffix=".pdf", dir=settings.FILE_UPLOAD_TEMP_DIR) as copy:
        file.seek(0)
        for chunk in iter(lambda: file.read(CHUNK), b""):
            copy.write(chunk)
        copy.flush()
        yield copy.name
