import re
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# frab/c3voc slugs must start with a letter; we hold every slug to that so exports never break.
SLUG_PATTERN = r"^[a-z][a-z0-9-]*\Z"
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}\Z"
CURRENCY_PATTERN = r"^[A-Z]{3}\Z"

validate_letter_first_slug = RegexValidator(
    re.compile(SLUG_PATTERN),
    _("Use lower-case letters, digits and hyphens, starting with a letter (e.g. kafka-summit-2019)."),
    code="invalid_slug",
)
validate_hex_colour = RegexValidator(
    re.compile(COLOUR_PATTERN), _("Use a hex colour such as #1f6feb."), code="invalid_colour"
)
validate_currency = RegexValidator(
    re.compile(CURRENCY_PATTERN), _("Use a three-letter ISO 4217 code such as USD."), code="invalid_currency"
)


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone; use a name such as America/Los_Angeles."),
            code="invalid_timezone",
            params={"value": value},
        )


# A conference's public pages live at /<slug>/: these words name other parts of the site.
RESERVED_CONFERENCE_SLUGS = frozenset(
    {"accounts", "admin", "api", "i18n", "jsi18n", "manage", "me", "media", "profile", "static", "webhooks"}
)


def validate_conference_slug(value: str) -> None:
    validate_letter_first_slug(value)
    if value in RESERVED_CONFERENCE_SLUGS:
        raise ValidationError(
            _("“%(value)s” is a reserved word of the site; please choose another short name."),
            code="reserved_slug",
            params={"value": value},
        )


# --- A conference's identity colours must stay readable. -----------------------------------------
# The public pages put white text on the primary colour (the hero, buttons) and use both colours as
# text on white, so each must reach WCAG AA's 4.5:1 against white.
WHITE = "#ffffff"
MIN_TEXT_CONTRAST = 4.5


def _relative_luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted((_relative_luminance(first), _relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_readable_on_white(value: str) -> None:
    validate_hex_colour(value)
    ratio = contrast_ratio(value, WHITE)
    if ratio < MIN_TEXT_CONTRAST:
        raise ValidationError(
            _(
                "%(value)s and white text have a contrast of %(ratio)s:1, too low to read; "
                "choose a darker colour (at least 4.5:1)."
            ),
            code="unreadable_colour",
            params={"value": value, "ratio": f"{ratio:.1f}"},
        )
