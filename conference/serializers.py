import zoneinfo

from django.db import models
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.validators import UniqueValidator

from common.serializers import StrictModelSerializer
from conference.models import Conference, Level, Room, SubmissionType, Track
from conference.services import CONFERENCE_FIELDS, IDENTITY_FIELDS
from conference.validators import (
    SLUG_PATTERN,
    validate_conference_slug,
    validate_letter_first_slug,
    validate_timezone,
)


# ASCII digits and real clock values: `\d` would also match other scripts' digits, which DRF refuses.
@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
        "example": "18:00:00",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in the conference's time zone. It has no UTC offset, so it is not the
    RFC 3339 `format: time` that drf-spectacular would otherwise promise."""


@extend_schema_field({"type": "string", "enum": sorted(zoneinfo.available_timezones()), "example": "Europe/London"})
class TimeZoneField(serializers.CharField):
    """An IANA time zone name; the schema lists them, as validate_timezone accepts exactly those."""


class ConferenceSerializer(StrictModelSerializer):
    serializer_field_mapping = serializers.ModelSerializer.serializer_field_mapping | {models.TimeField: LocalTimeField}
    timezone = TimeZoneField(validators=[validate_timezone], default="UTC")
    # The letter-first rule as a pattern, so the schema states it (the model's SlugField alone would
    # promise any slug of letters, digits, hyphens and underscores).
    slug = serializers.RegexField(
        SLUG_PATTERN,
        max_length=60,
        error_messages={"invalid": validate_letter_first_slug.message},
        validators=[validate_conference_slug, UniqueValidator(queryset=Conference.objects.all())],
    )

    class Meta:
        model = Conference
        # The identity is shown here; the back office's identity page changes it (identity_update).
        fields = [*CONFERENCE_FIELDS, *IDENTITY_FIELDS, "identity_version"]
        read_only_fields = [*IDENTITY_FIELDS, "identity_version"]


class TrackSerializer(StrictModelSerializer):
    class Meta:
        model = Track
        fields = ["id", "name", "slug", "colour", "description", "position"]


class RoomSerializer(StrictModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name", "capacity", "position", "is_plenary", "description"]


class SubmissionTypeSerializer(StrictModelSerializer):
    class Meta:
        model = SubmissionType
        fields = ["id", "name", "duration_minutes", "position"]


class LevelSerializer(StrictModelSerializer):
    class Meta:
        model = Level
        fields = ["id", "name", "slug", "position"]
