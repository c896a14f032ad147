from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """A local folder whose files have no URL: they are read only by permission-checked views.
    Keep its location outside MEDIA_ROOT and out of the web server's static paths."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a view that checks permission.")
