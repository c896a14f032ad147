from django.urls import register_converter


class IsoDateConverter:
    """A day of the programme in the URL, as 2019-09-30."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(IsoDateConverter, "isodate")
