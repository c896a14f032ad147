"""Upload size limits per view (minimal stand-in on the slides-core branch: slides-pdf owns this module).

Changing upload handlers needs the view to be `csrf_exempt` on the outside and `csrf_protect` on the
inside: the CSRF check reads request.POST, after which the handlers can no longer change."""

from django.core.files.uploadhandler import TemporaryFileUploadHandler


class _LimitedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def __init__(self, request=None, max_bytes: int = 0):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.written = 0

    def receive_data_chunk(self, raw_data, start):
        # Keep one byte past the limit, so the size check sees the file is too large; drop the rest.
        room = self.max_bytes + 1 - self.written
        if room > 0:
            piece = raw_data[:room]
            self.file.write(piece)
            self.written += len(piece)
        return None

    def file_complete(self, file_size):
        return super().file_complete(self.written)


def limit_upload_size(request, max_bytes: int) -> None:
    request.upload_handlers = [_LimitedTemporaryFileUploadHandler(request, max_bytes=max_bytes)]
