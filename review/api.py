"""Review committee API: the same rules as the pages. A submission a reviewer may not open (conflict,
other track, not assigned when restricted) answers 404, exactly like one that does not exist."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, Throttled
from rest_framework.response import Response

from cfp.models import Submission
from common import attempts
from common.access import conference_permission_required
from common.api_errors import error_response
from review import selectors
from review.models import PassCode, Review
from review.serializers import (
    DecisionResultSerializer,
    DecisionSerializer,
    PassCodeSerializer,
    RankingSerializer,
    RedeemSerializer,
    ReviewSerializer,
    ReviewSubmissionSerializer,
)
from review.services.codes import CodeAlreadyRedeemed, pass_code_redeem
from review.services.decisions import decisions_make_bulk
from review.services.reviews import review_submit


class AlreadyRedeemed(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "already_redeemed"
    default_detail = "This code was already used."


def _refuse_while_guessing(request) -> None:
    seconds = attempts.wait_before_next(request, "pass_code")
    if seconds is not None:
        raise Throttled(seconds, detail=attempts.too_many_wrong_codes(seconds))


class ConferenceScoped(viewsets.GenericViewSet):
    """A viewset under /conferences/<slug>/; each declares its permission with the access policy."""

    permission_classes = [permissions.IsAuthenticated]

    def is_organiser(self) -> bool:
        return self.request.user.has_perm("review.decide", self.get_conference())


@conference_permission_required("review.view_reviewing")
class ReviewSubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ConferenceScoped):
    """The review committee's proposals, as the HTML reviewing pages: an organiser who is not on the
    committee gets 403 (the ranking is theirs). Reviewers: the submissions they may review; an
    organiser on the committee (or a site administrator): every submitted one, with speakers."""

    serializer_class = ReviewSubmissionSerializer
    lookup_field = "code"
    lookup_value_regex = "[2-9A-HJ-NP-Z]{8}"

    @property
    def review_settings(self):
        if not hasattr(self, "_review_settings"):
            self._review_settings = selectors.review_settings_for(self.get_conference())
        return self._review_settings

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):
            return context
        return context | {"anonymous": self.review_settings.anonymous and not self.is_organiser()}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Submission.objects.none()
        conference, user = self.get_conference(), self.request.user
        if self.is_organiser():
            submissions = Submission.objects.filter(conference=conference, state__in=selectors.VISIBLE_STATES)
        else:
            visible = selectors.visible_for_review(user, conference, self.review_settings)
            submissions = Submission.objects.filter(pk__in=visible.values("pk"))
        return (
            submissions.select_related("track", "level", "submission_type")
            .prefetch_related("speaker_links__user__speaker_profile")
            .order_by("title", "pk")
        )


@conference_permission_required("review.view_committee")
class ReviewViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, ConferenceScoped):
    """Reviewers: their own reviews, and writing one (again, to change it). Organisers: all reviews."""

    serializer_class = ReviewSerializer

    def get_serializer(self, *args, **kwargs):
        if getattr(self, "swagger_fake_view", False):
            return super().get_serializer(*args, **kwargs)
        return super().get_serializer(*args, conference=self.get_conference(), **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        conference = self.get_conference()
        if self.is_organiser():
            return selectors.all_reviews(conference)
        return selectors.reviews_of(self.request.user, conference)

    def perform_create(self, serializer):
        submission = serializer.validated_data["submission"]
        if not self.request.user.has_perm("review.view_submission_for_review", submission):
            raise NotFound
        if not self.request.user.has_perm("review.review_submission", submission):
            raise PermissionDenied("Reviewing is closed for this submission.")
        scores = {item["category_id"]: item["value"] for item in serializer.validated_data["scores"]}
        review = review_submit(
            reviewer=self.request.user,
            submission=submission,
            scores=scores,
            comment=serializer.validated_data.get("comment", ""),
            comment_to_speaker=serializer.validated_data.get("comment_to_speaker", ""),
        )
        serializer.instance = selectors.reviews_of(self.request.user, self.get_conference()).get(pk=review.pk)


@conference_permission_required("review.decide")
class RankingViewSet(mixins.ListModelMixin, ConferenceScoped):
    serializer_class = RankingSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return []
        return selectors.ranking(self.get_conference(), track=self.request.query_params.get("track", ""))


@conference_permission_required("review.decide")
class DecisionViewSet(ConferenceScoped):
    # Named for OPTIONS, which describes the input of POST from it (without one it answered 500).
    serializer_class = DecisionSerializer

    @extend_schema(request=DecisionSerializer, responses={200: DecisionResultSerializer})
    def create(self, request, conference_slug: str):
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        count = decisions_make_bulk(conference=self.get_conference(), by=request.user, **payload.validated_data)
        return Response({"decided": count}, status=status.HTTP_200_OK)


@conference_permission_required("review.redeem_code")
class PassCodeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ConferenceScoped):
    """For the ticketing system: the speakers' codes, and redeeming one (once)."""

    serializer_class = PassCodeSerializer
    lookup_field = "code"
    lookup_value_regex = "[2-9A-HJ-NP-Z]{16}"
    throttle_scope = "pass_codes"

    def get_object(self):
        # Looking a code up is a guess: past the limit none is looked up, so none is told apart.
        _refuse_while_guessing(self.request)
        try:
            return super().get_object()
        except Http404:
            attempts.count_wrong(self.request, "pass_code")
            raise

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return PassCode.objects.none()
        return selectors.pass_codes(self.get_conference())

    @extend_schema(
        request=RedeemSerializer,
        responses={200: PassCodeSerializer, 409: error_response(AlreadyRedeemed.default_detail)},
    )
    @action(detail=True, methods=["post"])
    def redeem(self, request, conference_slug: str, code: str):
        payload = RedeemSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        _refuse_while_guessing(request)
        try:
            pass_code = pass_code_redeem(
                conference=self.get_conference(),
                code=code,
                reference=payload.validated_data["reference"],
                by=request.user,
            )
        except PassCode.DoesNotExist:
            attempts.count_wrong(request, "pass_code")
            raise NotFound from None
        except CodeAlreadyRedeemed as error:
            raise AlreadyRedeemed(" ".join(error.messages)) from error
        return Response(PassCodeSerializer(pass_code).data)
