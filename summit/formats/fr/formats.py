"""French dates and times in Summit: the same parts as the English ones (summit/formats/en), the month written out, in
French order and words, with the time zone's abbreviation wherever a time is shown with its date."""

DATE_FORMAT = "j F Y"  # 3 décembre 2026
SHORT_DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y à H:i T"  # 3 décembre 2026 à 07:00 PST
SHORT_DATETIME_FORMAT = "j F Y à H:i T"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
DAY_TIME_FORMAT = "l j F à H:i T"  # mardi 1 octobre à 10:00 PDT
