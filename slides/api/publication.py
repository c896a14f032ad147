"""Publication API: the talks' publication status and times (organisers), the published media of a
conference (anyone who may see the conference), and videos (organisers write). Same rules as the
pages (common.access): a conference one may not see is 404, one seen without the organiser's role 403."""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cfp.models import Submission
from common.access import conference_permission_required
from common.serializers import StrictCharField
from conference.models import Conference
from slides.media import embed_url, public_media
from slides.selectors.publication import talk_rows
from slides.selectors.talks import talk_by_code
from slides.services.publication import set_publish_at
from slides.services.videos import video_remove, video_set


class PublicationStatusSerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    final_version = serializers.IntegerField(allow_null=True)
    opt_out = serializers.BooleanField()
    publish_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text="When the deck goes public by the rules.")
    published_at = serializers.DateTimeField(allow_null=True)
    published_version = serializers.IntegerField(allow_null=True)
    video_url = serializers.URLField(allow_null=True)


class PublishAtSerializer(serializers.Serializer):
    publish_at = serializers.DateTimeField(allow_null=True)


class VideoWriteSerializer(serializers.Serializer):
    url = StrictCharField(max_length=500)


class PublishedDeckSerializer(serializers.Serializer):
    url = serializers.URLField()
    version = serializers.IntegerField()
    page_count = serializers.IntegerField()
    size_bytes = serializers.IntegerField()


class PublishedVideoSerializer(serializers.Serializer):
    url = serializers.URLField()
    embed_url = serializers.URLField(allow_null=True)


class TalkMediaSerializer(serializers.Serializer):
    code = serializers.CharField()
    slides = PublishedDeckSerializer(allow_null=True)
    video = PublishedVideoSerializer(allow_null=True)


def _talk(conference: Conference, code: str) -> Submission:
    submission = talk_by_code(code=code, conference_slug=conference.slug, accepted_only=True)
    if submission is None:
        raise NotFound
    return submission


def _status(row) -> dict:
    talk = row.talk
    return {
        "code": row.submission.code,
        "title": row.submission.title,
        "status": talk.status if talk else "missing",
        "final_version": row.final_number,
        "opt_out": bool(talk and talk.publish_opt_out),
        "publish_at": talk.publish_at if talk else None,
        "due_at": row.due_at,
        "published_at": talk.published_at if talk else None,
        "published_version": talk.published_version.number if talk and talk.published_version_id else None,
        "video_url": row.video.url if row.video else None,
    }


@conference_permission_required("slides.manage")
class PublicationListView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=PublicationStatusSerializer(many=True))
    def get(self, request, conference_slug: str):
        conference = self.get_conference()
        return Response(PublicationStatusSerializer([_status(row) for row in talk_rows(conference)], many=True).data)


@conference_permission_required("slides.manage")
class PublicationDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=PublishAtSerializer, responses=PublicationStatusSerializer)
    def patch(self, request, conference_slug: str, code: str):
        conference = self.get_conference()
        submission = _talk(conference, code)
        payload = PublishAtSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        if "publish_at" in payload.validated_data:
            set_publish_at(submission=submission, publish_at=payload.validated_data["publish_at"], by=request.user)
        row = next(row for row in talk_rows(conference) if row.submission.pk == submission.pk)
        return Response(PublicationStatusSerializer(_status(row)).data)


@conference_permission_required()
class MediaListView(APIView):
    """Published decks and videos only: nothing about a talk before its deck is public."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=TalkMediaSerializer(many=True))
    def get(self, request, conference_slug: str):
        conference = self.get_conference()
        rows = []
        for code, media in sorted(public_media(conference.slug).items()):
            deck, video = media.deck, media.video
            rows.append(
                {
                    "code": code,
                    "slides": {
                        "url": settings.SITE_URL + deck.url,
                        "version": deck.version,
                        "page_count": deck.page_count,
                        "size_bytes": deck.size_bytes,
                    }
                    if deck
                    else None,
                    "video": {"url": video.url, "embed_url": video.embed_url or None} if video else None,
                }
            )
        return Response(TalkMediaSerializer(rows, many=True).data)


@conference_permission_required("slides.manage")
class VideoView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=VideoWriteSerializer, responses={200: PublishedVideoSerializer})
    def put(self, request, conference_slug: str, code: str):
        conference = self.get_conference()
        submission = _talk(conference, code)
        payload = VideoWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            video = video_set(submission=submission, url=payload.validated_data["url"], by=request.user)
        except DjangoValidationError as error:
            raise ValidationError({"url": error.messages}) from None
        return Response({"url": video.url, "embed_url": embed_url(video.url)[0] or None})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, conference_slug: str, code: str):
        conference = self.get_conference()
        if not video_remove(submission=_talk(conference, code), by=request.user):
            raise NotFound
        return Response(status=status.HTTP_204_NO_CONTENT)
