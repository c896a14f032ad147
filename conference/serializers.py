from rest_framework import serializers

from conference.models import Conference, Level, Room, SubmissionType, Track
from conference.validators import validate_timezone


class ConferenceSerializer(serializers.ModelSerializer):
    timezone = serializers.CharField(validators=[validate_timezone], default="UTC")

    class Meta:
        model = Conference
        fields = [
            "slug", "name", "timezone", "start_date", "end_date", "venue", "venue_address", "website", "is_public",
            "cfp_opens_at", "cfp_closes_at", "review_opens_at", "review_closes_at", "notification_date",
            "slides_draft_deadline", "slides_final_days_before", "slides_final_time", "pass_value", "currency",
        ]  # fmt: skip


class TrackSerializer(serializers.ModelSerializer):
    class Meta:
        model = Track
        fields = ["id", "name", "slug", "colour", "description", "position"]


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name", "capacity", "position", "is_plenary", "description"]


class SubmissionTypeSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubmissionType
        fields = ["id", "name", "duration_minutes", "position"]


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = Level
        fields = ["id", "name", "slug", "position"]
