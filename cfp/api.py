"""Submissions API: speakers manage their own proposals, organisers read all of their conference's.

A proposal is addressed by its random code; someone else's code answers 404, exactly like a
code that does not exist."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled
from rest_framework.response import Response

from cfp import late_codes, selectors
from cfp.models import Submission
from cfp.serializers import SubmissionSerializer, SubmitSerializer
from cfp.services.submissions import (
    submission_create_draft,
    submission_submit,
    submission_update,
    submission_withdraw,
)
from common import attempts
from common.access import conference_permission_required


@conference_permission_required("conference.view_conference")
class SubmissionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SubmissionSerializer
    permission_classes = [permissions.IsAuthenticated]
    lookup_field = "code"
    lookup_value_regex = "[2-9A-HJ-NP-Z]{8}"

    def get_serializer(self, *args, **kwargs):
        if getattr(self, "swagger_fake_view", False):
            return super().get_serializer(*args, **kwargs)
        return super().get_serializer(*args, conference=self.get_conference(), **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Submission.objects.none()
        conference = self.get_conference()
        user = self.request.user
        own = Q(speaker_links__user=user)
        if user.has_perm("cfp.view_all_submissions", conference):
            # Organisers see every proposal that was submitted, and their own drafts.
            visible = ~Q(state=Submission.State.DRAFT) | own
        else:
            visible = own
        ids = Submission.objects.filter(conference=conference).filter(visible).values("pk")
        return (
            Submission.objects.filter(pk__in=ids)
            .select_related("conference", "track", "level", "submission_type")
            .prefetch_related("speaker_links__user")
            .order_by("-created_at")
        )

    def get_object(self):
        submission = super().get_object()
        if not self.request.user.has_perm("cfp.view_submission", submission):
            raise NotFound
        return submission

    def create(self, request, *args, **kwargs):
        # Someone who may not submit here is refused before their input is read (403, by the rule).
        if not request.user.has_perm("cfp.submit_to_conference", self.get_conference()):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = submission_create_draft(
            conference=self.get_conference(), by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        if not self.request.user.has_perm("cfp.change_submission", serializer.instance):
            raise PermissionDenied
        serializer.instance = submission_update(
            submission=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def _state_response(self, submission: Submission) -> Response:
        fresh = selectors.submission_detail(code=submission.code)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_200_OK)

    @extend_schema(request=SubmitSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, conference_slug: str, code: str):
        submission = self.get_object()
        if not request.user.has_perm("cfp.change_submission", submission):
            raise PermissionDenied
        payload = SubmitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        late_code = payload.validated_data["late_code"]
        seconds = late_codes.wait_before_trying(request, late_code)
        if seconds is not None:
            raise Throttled(seconds, detail=attempts.too_many_wrong_codes(seconds))
        with late_codes.counting_refusal(request, late_code):
            submission_submit(submission=submission, by=request.user, **payload.validated_data)
        return self._state_response(submission)

    @extend_schema(request=None, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, conference_slug: str, code: str):
        submission = self.get_object()
        if not request.user.has_perm("cfp.withdraw_submission", submission):
            raise PermissionDenied
        submission_withdraw(submission=submission, by=request.user)
        return self._state_response(submission)
