"""Lets other apps' templates point to the schedule without their code depending on it."""

import datetime as dt

from django import template

from schedule import cache

register = template.Library()


@register.simple_tag
def has_schedule(conference) -> bool:
    """True when the conference has a released schedule attendees can see."""
    return bool(cache.conference_release_id(conference))


@register.filter
def iso_datetime(value: str) -> dt.datetime | None:
    """A time kept as ISO 8601 text (a release's changelog) as a datetime, for `|date`."""
    try:
        return dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
