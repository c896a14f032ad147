from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cfp.models import Submission
from common.serializers import StrictCharField, StrictModelSerializer
from review.models import PassCode, Review, Score


class ReviewSpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="user_id", read_only=True)
    name = serializers.CharField(source="user.name", read_only=True)
    company = serializers.SerializerMethodField()

    def get_company(self, link) -> str:
        profile = getattr(link.user, "speaker_profile", None)
        return profile.company if profile else ""


class ReviewSubmissionSerializer(serializers.ModelSerializer):
    """A proposal as the committee reads it. With anonymous review, reviewers get no speakers and no
    links to past talks: `speakers` is empty and the URLs are null."""

    track = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    level = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    submission_type = serializers.CharField(source="submission_type.name", read_only=True)
    speakers = serializers.SerializerMethodField()
    video_url = serializers.SerializerMethodField()
    slides_url = serializers.SerializerMethodField()

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
            "is_first_time_speaker",
            "speakers",
            "video_url",
            "slides_url",
            "submitted_at",
        ]
        read_only_fields = fields

    def _hidden(self) -> bool:
        return self.context.get("anonymous", True)

    @extend_schema_field(ReviewSpeakerSerializer(many=True))
    def get_speakers(self, submission) -> list:
        if self._hidden():
            return []
        return ReviewSpeakerSerializer(submission.speaker_links.all(), many=True).data

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_video_url(self, submission) -> str | None:
        return None if self._hidden() else submission.video_url or None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_slides_url(self, submission) -> str | None:
        return None if self._hidden() else submission.slides_url or None


class ScoreSerializer(serializers.ModelSerializer):
    category = serializers.IntegerField(source="category_id")

    class Meta:
        model = Score
        fields = ["category", "value"]


class ReviewSerializer(StrictModelSerializer):
    submission = serializers.SlugRelatedField(slug_field="code", queryset=Submission.objects.none())
    reviewer = serializers.IntegerField(source="reviewer_id", read_only=True)
    scores = ScoreSerializer(many=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "submission",
            "reviewer",
            "total",
            "scores",
            "comment",
            "comment_to_speaker",
            "submitted_at",
            "updated_at",
        ]
        read_only_fields = ["id", "reviewer", "total", "submitted_at", "updated_at"]

    def __init__(self, *args, conference=None, **kwargs):
        super().__init__(*args, **kwargs)
        if conference is not None:
            self.fields["submission"].queryset = Submission.objects.filter(conference=conference)


class DecisionSerializer(serializers.Serializer):
    codes = serializers.ListField(child=StrictCharField(max_length=8), min_length=1, max_length=1000)
    decision = serializers.ChoiceField(choices=["accept", "reject", "waitlist"])


class DecisionResultSerializer(serializers.Serializer):
    decided = serializers.IntegerField()


class RankingSerializer(serializers.Serializer):
    code = serializers.CharField(source="submission.code")
    title = serializers.CharField(source="submission.title")
    track = serializers.CharField(source="submission.track.slug")
    state = serializers.CharField(source="submission.state")
    mean = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    spread = serializers.DecimalField(max_digits=4, decimal_places=2, allow_null=True)
    reviews = serializers.IntegerField(source="count")
    assigned = serializers.IntegerField()
    outliers = serializers.ListField(child=serializers.DecimalField(max_digits=4, decimal_places=2))


class PassCodeSerializer(serializers.ModelSerializer):
    speaker = serializers.IntegerField(source="speaker_id", read_only=True)
    speaker_email = serializers.EmailField(source="speaker.email", read_only=True)
    submission = serializers.CharField(source="submission.code", read_only=True)

    class Meta:
        model = PassCode
        fields = [
            "code",
            "kind",
            "discount_percent",
            "speaker",
            "speaker_email",
            "submission",
            "issued_at",
            "redeemed_at",
            "redeemed_reference",
        ]
        read_only_fields = fields


class RedeemSerializer(serializers.Serializer):
    reference = StrictCharField(max_length=100, required=False, allow_blank=True, default="")
