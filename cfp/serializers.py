from rest_framework import serializers

from cfp.models import Submission
from common.serializers import StrictCharField, StrictModelSerializer
from conference.models import Conference


class SpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user_id", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)
    is_primary = serializers.BooleanField(read_only=True)


class SubmissionSerializer(StrictModelSerializer):
    """A proposal. Track and level by slug, format by id; state changes go through the actions."""

    track = serializers.SlugRelatedField(slug_field="slug", queryset=Conference.objects.none())
    level = serializers.SlugRelatedField(slug_field="slug", queryset=Conference.objects.none())
    speakers = SpeakerSerializer(source="speaker_links", many=True, read_only=True)

    class Meta:
        model = Submission
        fields = [
            "code",
            "state",
            "title",
            "abstract",
            "description",
            "submission_type",
            "track",
            "level",
            "language",
            "notes",
            "video_url",
            "slides_url",
            "is_first_time_speaker",
            "speakers",
            "submitted_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["code", "state", "speakers", "submitted_at", "created_at", "updated_at"]

    def __init__(self, *args, conference: Conference | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if conference is not None:
            self.fields["track"].queryset = conference.tracks.all()
            self.fields["level"].queryset = conference.levels.all()
            self.fields["submission_type"].queryset = conference.submission_types.all()


class SubmitSerializer(serializers.Serializer):
    code_of_conduct_accepted = serializers.BooleanField(default=False)
    late_code = StrictCharField(required=False, allow_blank=True, default="")
