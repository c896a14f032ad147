"""Lets other apps' templates point to the schedule without their code depending on it."""

from django import template

from schedule import cache

register = template.Library()


@register.simple_tag
def has_schedule(conference) -> bool:
    """True when the conference has a released schedule attendees can see."""
    return bool(cache.conference_release_id(conference))
