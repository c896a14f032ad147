from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.serializers import StrictModelSerializer
from slides.models import DeadlineExtension, Kind, SlideComment, SlideReminder, SlideReview, SlideVersion, Status


class SlideVersionSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.IntegerField(source="uploaded_by_id", read_only=True, allow_null=True)
    download_url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = SlideVersion
        fields = [
            "number",
            "kind",
            "sha256",
            "size_bytes",
            "page_count",
            "original_name",
            "uploaded_by",
            "uploaded_at",
            "is_late",
            "download_url",
            "thumbnail_url",
        ]
        read_only_fields = fields

    def _url(self, version: SlideVersion, name: str) -> str:
        submission = version.talk.submission
        path = reverse(name, args=[submission.conference.slug, submission.code, version.number])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_download_url(self, version: SlideVersion) -> str:
        return self._url(version, "slides:download")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_thumbnail_url(self, version: SlideVersion) -> str | None:
        return self._url(version, "slides:thumbnail") if version.thumbnail else None


class TalkSlidesSerializer(serializers.Serializer):
    """A talk's slide status and deadlines (from selectors.TalkRow)."""

    submission = serializers.CharField(source="submission.code")
    title = serializers.CharField(source="submission.title")
    status = serializers.ChoiceField(choices=Status.choices)
    draft_due = serializers.DateTimeField(source="due.draft", allow_null=True)
    final_due = serializers.DateTimeField(source="due.final", allow_null=True)
    locks_at = serializers.DateTimeField(source="due.locks_at", allow_null=True)
    version_count = serializers.SerializerMethodField()
    latest_version = serializers.SerializerMethodField()

    def get_version_count(self, row) -> int:
        return len(row.versions)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_latest_version(self, row) -> int | None:
        return row.latest.number if row.latest else None


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=Kind.choices)


class SlideCommentSerializer(StrictModelSerializer):
    author = serializers.IntegerField(source="author_id", read_only=True)

    class Meta:
        model = SlideComment
        fields = ["id", "page", "body", "author", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class SlideReviewSerializer(StrictModelSerializer):
    reviewer = serializers.IntegerField(source="reviewer_id", read_only=True)

    class Meta:
        model = SlideReview
        fields = ["id", "verdict", "note", "reviewer", "created_at"]
        read_only_fields = ["id", "reviewer", "created_at"]


class DeadlineExtensionSerializer(StrictModelSerializer):
    """One talk's moved deadline: `kind` (draft or final), `until` and an optional `reason` are written."""

    granted_by = serializers.IntegerField(source="granted_by_id", read_only=True, allow_null=True)

    class Meta:
        model = DeadlineExtension
        fields = ["id", "kind", "until", "reason", "granted_by", "created_at"]
        read_only_fields = ["id", "granted_by", "created_at"]


class SlideReminderSerializer(serializers.ModelSerializer):
    """A reminder sent to a talk's speakers `days_before` days before the `deadline` it was for."""

    class Meta:
        model = SlideReminder
        fields = ["id", "kind", "days_before", "deadline", "sent_at"]
        read_only_fields = fields
