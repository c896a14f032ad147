"""Slides API: talks' status and deadlines, versions (list, upload, download), comments and verdicts,
under the same rules as the pages. A talk the caller may not see answers 404, like one that does not
exist; seeing a talk without the right to act on it (an organiser uploading, a speaker reviewing) is 403."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cfp.models import Submission
from common.access import conference_permission_required
from slides.api.serializers import (
    SlideCommentSerializer,
    SlideReviewSerializer,
    SlideVersionSerializer,
    TalkSlidesSerializer,
    UploadSerializer,
)
from slides.models import SlideVersion
from slides.selectors import talks
from slides.services.review import comment_add, version_review
from slides.services.uploads import version_upload
from slides.upload_handlers import limit_upload_size
from slides.views import speaker


@conference_permission_required()
class _TalkScoped(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None

    def get_submission(self) -> Submission:
        if not hasattr(self, "_submission"):
            submission = talks.talk_by_code(code=self.kwargs["code"], conference_slug=self.kwargs["conference_slug"])
            if submission is None or not self.request.user.has_perm("slides.view_talk", submission):
                raise NotFound
            self._submission = submission
        return self._submission

    def require(self, permission: str) -> None:
        if not self.request.user.has_perm(permission, self.get_submission()):
            raise PermissionDenied

    def get_version(self) -> SlideVersion:
        try:
            return talks.version_detail(self.get_submission(), int(self.kwargs["number"]))
        except SlideVersion.DoesNotExist:
            raise NotFound from None


@conference_permission_required()
class TalkList(generics.GenericAPIView):
    """The conference's talks the caller may see the slides of: their own as a speaker, those they
    review, all of them for organisers."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = TalkSlidesSerializer
    pagination_class = None

    @extend_schema(operation_id="slides_talks_list", responses=TalkSlidesSerializer(many=True))
    def get(self, request, conference_slug: str):
        conference = self.get_conference()
        own = [row for row in talks.talks_of_speaker(request.user) if row.submission.conference_id == conference.pk]
        seen = {row.submission.pk for row in own}
        rows = own + [r for r in talks.reviewable_talks(request.user, conference) if r.submission.pk not in seen]
        return Response(TalkSlidesSerializer(rows, many=True).data)


class TalkDetail(_TalkScoped, generics.GenericAPIView):
    serializer_class = TalkSlidesSerializer

    def get(self, request, conference_slug: str, code: str):
        return Response(TalkSlidesSerializer(talks.talk_row(self.get_submission())).data)


class VersionList(_TalkScoped, generics.GenericAPIView):
    serializer_class = SlideVersionSerializer
    parser_classes = [MultiPartParser, FormParser]

    def initial(self, request, *args, **kwargs):
        # The size limit must be in place before anything (authentication's CSRF check included)
        # reads the body.
        if request.method == "POST":
            conference = talks.conference_by_slug(slug=kwargs["conference_slug"])
            if conference is not None:
                limit = talks.settings_for(conference).max_size_mb * 1024 * 1024
                limit_upload_size(request._request, limit)
        super().initial(request, *args, **kwargs)

    @extend_schema(operation_id="slides_versions_list", responses=SlideVersionSerializer(many=True))
    def get(self, request, conference_slug: str, code: str):
        versions = talks.versions_of(submission=self.get_submission())
        return Response(SlideVersionSerializer(versions, many=True, context={"request": request}).data)

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses={201: SlideVersionSerializer})
    def post(self, request, conference_slug: str, code: str):
        self.require("slides.upload")
        payload = UploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        file = payload.validated_data["file"]
        try:
            version = version_upload(
                submission=self.get_submission(),
                user=request.user,
                file=file,
                kind=payload.validated_data["kind"],
                content_type=getattr(file, "content_type", None),
            )
        except DjangoValidationError as error:
            code = getattr(error, "code", None)
            raise ValidationError({"file": [str(m) for m in error.messages]}, code=code) from None
        return Response(SlideVersionSerializer(version, context={"request": request}).data, status.HTTP_201_CREATED)


class VersionDetail(_TalkScoped, generics.GenericAPIView):
    serializer_class = SlideVersionSerializer

    def get(self, request, conference_slug: str, code: str, number: int):
        return Response(SlideVersionSerializer(self.get_version(), context={"request": request}).data)


class VersionDownload(_TalkScoped, generics.GenericAPIView):
    @extend_schema(responses={(200, "application/pdf"): OpenApiResponse(description="The PDF.")})
    def get(self, request, conference_slug: str, code: str, number: int):
        return speaker.version_file(request._request, self.get_submission(), number, "pdf")


class CommentList(_TalkScoped, generics.GenericAPIView):
    serializer_class = SlideCommentSerializer

    @extend_schema(operation_id="slides_comments_list", responses=SlideCommentSerializer(many=True))
    def get(self, request, conference_slug: str, code: str, number: int):
        return Response(SlideCommentSerializer(self.get_version().comments.all(), many=True).data)

    @extend_schema(request=SlideCommentSerializer, responses={201: SlideCommentSerializer})
    def post(self, request, conference_slug: str, code: str, number: int):
        self.require("slides.review")
        payload = SlideCommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        comment = comment_add(version=self.get_version(), author=request.user, **payload.validated_data)
        return Response(SlideCommentSerializer(comment).data, status.HTTP_201_CREATED)


class ReviewList(_TalkScoped, generics.GenericAPIView):
    serializer_class = SlideReviewSerializer

    @extend_schema(operation_id="slides_reviews_list", responses=SlideReviewSerializer(many=True))
    def get(self, request, conference_slug: str, code: str, number: int):
        return Response(SlideReviewSerializer(self.get_version().reviews.all(), many=True).data)

    @extend_schema(request=SlideReviewSerializer, responses={201: SlideReviewSerializer})
    def post(self, request, conference_slug: str, code: str, number: int):
        self.require("slides.review")
        payload = SlideReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = version_review(version=self.get_version(), reviewer=request.user, **payload.validated_data)
        return Response(SlideReviewSerializer(review).data, status.HTTP_201_CREATED)
