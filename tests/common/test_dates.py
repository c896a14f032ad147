"""One date format per language (summit/formats/<language>/formats.py), with the time zone wherever
a time is shown with its date, and the `when` filter for a moment of the conference."""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

SAN_FRANCISCO = zoneinfo.ZoneInfo("America/Los_Angeles")
# 7 in the morning in San Francisco: the "12/03/2026 7 a.m." of Django's default English formats.
MORNING = dt.datetime(2026, 12, 3, 7, 0, tzinfo=SAN_FRANCISCO)


def render(source: str, **context) -> str:
    return Template("{% load dates tz %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "3 Dec 2026, 07:00 PST"), ("fr", "3 décembre 2026 à 07:00 PST")],
)
def test_datetime_format_names_the_day_the_month_and_the_time_zone(language, expected):
    with translation.override(language), timezone.override(SAN_FRANCISCO):
        shown = render(
            '{{ moment|date:"DATETIME_FORMAT" }} | {{ moment|date:"SHORT_DATETIME_FORMAT" }}', moment=MORNING
        )

    assert shown == f"{expected} | {expected}"


@pytest.mark.parametrize(("language", "expected"), [("en", "3 Dec 2026"), ("fr", "3 décembre 2026")])
def test_date_format_is_the_same_long_and_short(language, expected):
    with translation.override(language):
        shown = render('{{ day|date:"DATE_FORMAT" }} | {{ day|date:"SHORT_DATE_FORMAT" }}', day=MORNING.date())

    assert shown == f"{expected} | {expected}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Thursday 3 December, 07:00 PST"), ("fr", "jeudi 3 décembre à 07:00 PST")],
)
def test_when_shows_the_moment_in_the_conference_time_zone(language, expected):
    in_utc = MORNING.astimezone(dt.UTC)

    with translation.override(language):
        shown = render("{{ moment|when:zone }}", moment=in_utc, zone="America/Los_Angeles")

    assert shown == expected


def test_when_without_a_zone_uses_the_active_one():
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("Europe/London")):
        shown = render("{{ moment|when }}", moment=MORNING)

    assert shown == "Thursday 3 December, 15:00 GMT"


def test_when_of_nothing_is_empty():
    assert render("{{ moment|when }}", moment=None) == ""
