"""A moment of the conference as people read it: weekday, day, month, time and the time zone's
abbreviation, in the language's shape (DAY_TIME_FORMAT in summit/formats/<language>/formats.py).

    {% load dates %}{{ slot.starts_at|when }}            in the active time zone
    {{ slot.starts_at|when:conference.timezone }}        in the conference's
"""

import datetime as dt
import zoneinfo

from django import template
from django.utils import dateformat, formats, timezone, translation

register = template.Library()
FALLBACK = "l j F, H:i T"


def day_time_format(language: str | None = None) -> str:
    """The DAY_TIME_FORMAT of `language` (the active one by default); Django's get_format only knows its own names."""
    for module in formats.get_format_modules(language or translation.get_language()):
        if hasattr(module, "DAY_TIME_FORMAT"):
            return module.DAY_TIME_FORMAT
    return FALLBACK


@register.filter
def when(value: dt.datetime | None, zone: str = "") -> str:
    if not value:
        return ""
    if timezone.is_aware(value):
        value = value.astimezone(zoneinfo.ZoneInfo(zone)) if zone else timezone.localtime(value)
    return dateformat.format(value, day_time_format())
