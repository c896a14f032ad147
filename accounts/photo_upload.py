"""The profile form's body is read only as far as a photo under the limit can go.

Django writes an upload of any size to a temporary file before a validator sees it, so a 100 MB
"photo" would be read and stored in full only to be refused for its size. For the profile page the
view installs `PhotoUploadHandler` instead: once the files in the request pass
PROFILE_PHOTO_MAX_BYTES, or the whole body passes that plus `FIELDS_ALLOWANCE` (room for the text
fields; a body full of parts Django skips unread, such as a file with no name, would otherwise be
read to its end), parsing stops there and nothing more is read from the request. The fields
parsed so far are kept: the photo input is the form's last one, so a browser sends everything the
person typed before it, and the form re-renders with their input and the usual size message
(`photo_too_large`). The handler's `size_refused` tells the view to give it.

Not reading the rest means a client still sending gets its answer early; a buffering proxy in
front (nginx's default) has read the body already, and its `client_max_body_size` stays the hard
stop. Django's CSRF middleware reads request.POST before the view runs, which would parse the body
with the default handlers; so the view is exempt from the middleware and checks CSRF itself after
installing the handler (see `accounts.views.profile_edit`).
"""

from django.conf import settings
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http.multipartparser import MultiPartParser

FIELDS_ALLOWANCE = 64 * 1024


class PhotoUploadHandler(FileUploadHandler):
    chunk_size = 64 * 1024

    def __init__(self, request=None, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.received = 0  # file bytes, all files of the request together
        self.body_length = 0
        self.size_refused: int | None = None
        self._parsing = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if self._parsing:
            return None  # the parser below, asking its handlers in turn: parse as usual
        self._parsing = True
        self.body_length = content_length
        body = _BoundedBody(input_data, max_bytes=self.max_bytes + FIELDS_ALLOWANCE, handler=self)
        return MultiPartParser(META, body, [self], encoding).parse()

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.file = TemporaryUploadedFile(self.file_name, self.content_type, 0, self.charset, self.content_type_extra)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self.stop()
        self.file.write(raw_data)
        return None  # no other handler sees the data

    def file_complete(self, file_size: int) -> TemporaryUploadedFile:
        self.file.seek(0)
        self.file.size = file_size
        return self.file

    def upload_interrupted(self) -> None:
        if hasattr(self, "file"):
            self.file.close()  # deletes the temporary file

    def stop(self) -> None:
        # The body's length is the closest to the photo's size known without reading it all.
        self.size_refused = max(self.body_length, self.received)
        raise StopUpload(connection_reset=True)  # "reset": Django then leaves the rest of the body unread


class _BoundedBody:
    """The request body as the parser reads it, stopping the parse once it passes `max_bytes`."""

    def __init__(self, request, *, max_bytes: int, handler: PhotoUploadHandler):
        self.request = request
        self.max_bytes = max_bytes
        self.handler = handler
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        if self.read_bytes > self.max_bytes:
            self.handler.stop()
        size = self.max_bytes - self.read_bytes if size is None or size < 0 else size
        data = self.request.read(min(size, self.max_bytes - self.read_bytes + 1))
        self.read_bytes += len(data)
        return data


def limit_photo_upload(request) -> PhotoUploadHandler:
    """Install the handler; call before anything reads request.POST or request.FILES."""
    handler = PhotoUploadHandler(request, max_bytes=settings.PROFILE_PHOTO_MAX_BYTES)
    request.upload_handlers = [handler]
    return handler
