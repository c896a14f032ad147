"""English dates and times in Summit: day-month-year with the month's name (never 12/03/2026, which
half the world reads as March), a 24-hour clock, and the time zone's abbreviation wherever a time is
shown with its date. Django's own English formats fill in the rest (input formats, first weekday)."""

DATE_FORMAT = "j M Y"  # 3 Dec 2026
SHORT_DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"  # 07:00
DATETIME_FORMAT = "j M Y, H:i T"  # 3 Dec 2026, 07:00 PST
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
# A moment of the conference, where the weekday matters more than the year (common.templatetags.dates).
DAY_TIME_FORMAT = "l j F, H:i T"  # Tuesday 1 October, 10:00 PDT
