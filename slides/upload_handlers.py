"""Slide uploads go to a temporary file on disk, and stop being stored once they pass the size limit.

Django keeps uploads under FILE_UPLOAD_MAX_MEMORY_SIZE in memory and writes bigger ones to a temporary
file with no ceiling. For a deck the view installs `LimitedUploadHandler` instead: every upload is
streamed to disk in 64 KB chunks (memory stays flat whatever the size) and, once it passes
`max_bytes`, the rest is read from the request and dropped. The handler still hands the view a file
whose `.size` is the number of bytes sent, so `slides.pdf.check.check_pdf` refuses it as `too_large` with
its usual message and the form re-renders (a connection reset would leave the speaker with a browser
error page instead). The web server's own body limit (nginx `client_max_body_size`) stays the hard
stop for requests far past any sensible size.

Django's CSRF middleware reads request.POST before the view runs, which parses the upload with the
default handlers; so a view that changes handlers must be exempt from the middleware and check CSRF
itself after installing them::

    from django.views.decorators.csrf import csrf_exempt, csrf_protect

    @csrf_exempt
    def upload(request, code):
        limit_upload_size(request, settings_for(conference).max_size_mb * 1024 * 1024)
        return _upload(request, code)

    @csrf_protect
    def _upload(request, code):
        form = UploadForm(request.POST, request.FILES)  # parsed now, through the limited handler
        ...

For a class-based view, do the same around `dispatch`. In a DRF view call it from `initial()` before
`super().initial()`: session authentication checks CSRF there and reads request.POST.
"""

from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class LimitedUploadHandler(FileUploadHandler):
    chunk_size = 64 * 1024

    def __init__(self, request=None, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.file = TemporaryUploadedFile(self.file_name, self.content_type, 0, self.charset, self.content_type_extra)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        stored = max(0, min(len(raw_data), self.max_bytes - self.received))
        if stored:
            self.file.write(raw_data[:stored])
        self.received += len(raw_data)
        return None  # no other handler sees the data

    def file_complete(self, file_size: int) -> TemporaryUploadedFile:
        self.file.seek(0)
        # The size sent, not the size kept: past the limit the file is cut short and refused as too large.
        self.file.size = self.received
        self.file.exceeded_limit = self.received > self.max_bytes
        return self.file

    def upload_interrupted(self) -> None:
        if hasattr(self, "file"):
            self.file.close()  # deletes the temporary file


def limit_upload_size(request, max_bytes: int) -> None:
    """Install the limited handler; call before anything reads request.POST or request.FILES."""
    request = getattr(request, "_request", request)  # a DRF Request wraps Django's
    request.upload_handlers = [LimitedUploadHandler(request, max_bytes=max_bytes)]
