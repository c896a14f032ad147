"""The released schedule in the formats other tools read: frab/c3voc XML and JSON, iCalendar."""

import re
import uuid

from django.conf import settings

from schedule.programme import Item

GENERATOR = "Summit"
# Person GUIDs in the c3voc format are uuid5 of the URL namespace; we key them on the public code,
# never on an e-mail address.
PERSON_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://summit.example/speakers")


def acronym(slug: str) -> str:
    """c3voc acronyms allow hyphens only before a year suffix; the slug's hyphens become underscores."""
    return re.sub(r"[^a-z0-9_]", "_", slug.lower())


def site_url(path: str) -> str:
    return settings.SITE_URL + path


def event_type(item: Item) -> str:
    if item.is_talk:
        return (item.type or item.kind).lower()
    return item.kind


def duration(item: Item) -> str:
    minutes = item.duration_minutes
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def person_guid(code: str) -> str:
    return str(uuid.uuid5(PERSON_NAMESPACE, code))


def person_id(code: str) -> int:
    """frab's integer person id, which clients such as schedule-convert key speakers on (without it every
    talk gets the first talk's speaker): the public code read in base 36, stable across releases and no
    database id."""
    return int(code, 36)


def event_slug(conference_slug: str, item: Item) -> str:
    return f"{acronym(conference_slug)}-{item.id}-{item.slug}"
