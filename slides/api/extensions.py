"""Deadline extensions and reminders of one talk, for its organisers (and site admins): the same rules
and services as the back-office page /manage/<conference>/slides/talks/<code>/deadlines/. Someone who
may see the conference but is no organiser gets 403 (common.access); a talk that is not an accepted
talk of the conference, 404."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from cfp.models import Submission
from common.access import conference_permission_required
from slides.api.serializers import DeadlineExtensionSerializer, SlideReminderSerializer
from slides.selectors import organisers, talks
from slides.services.lateness import UNTIL_ERRORS, deadline_extend


@conference_permission_required("slides.manage")
class _OrganisersTalk(generics.GenericAPIView):
    permission_classes = [permissions.IsAuthenticated]
    pagination_class = None
    permission: str

    def get_submission(self) -> Submission:
        if not hasattr(self, "_submission"):
            submission = talks.talk_by_code(
                code=self.kwargs["code"], conference_slug=self.kwargs["conference_slug"], accepted_only=True
            )
            if submission is None or not self.request.user.has_perm(self.permission, submission):
                raise NotFound
            self._submission = submission
        return self._submission


class ExtensionList(_OrganisersTalk, generics.GenericAPIView):
    """The talk's deadline extensions, newest first; POST moves its draft or final deadline."""

    serializer_class = DeadlineExtensionSerializer
    permission = "slides.extend_deadline"

    @extend_schema(operation_id="slides_extensions_list", responses=DeadlineExtensionSerializer(many=True))
    def get(self, request, conference_slug: str, code: str):
        extensions = organisers.extensions_of(self.get_submission())
        return Response(DeadlineExtensionSerializer(extensions, many=True).data)

    @extend_schema(request=DeadlineExtensionSerializer, responses={201: DeadlineExtensionSerializer})
    def post(self, request, conference_slug: str, code: str):
        submission = self.get_submission()
        payload = DeadlineExtensionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            extension = deadline_extend(submission=submission, by=request.user, **payload.validated_data)
        except DjangoValidationError as error:
            field = "until" if error.code in UNTIL_ERRORS else "non_field_errors"
            raise ValidationError({field: error.messages}) from None
        return Response(DeadlineExtensionSerializer(extension).data, status.HTTP_201_CREATED)


class ReminderList(_OrganisersTalk, generics.GenericAPIView):
    """The reminders sent to the talk's speakers, newest first."""

    serializer_class = SlideReminderSerializer
    permission = "slides.view_reminders"

    @extend_schema(operation_id="slides_reminders_list", responses=SlideReminderSerializer(many=True))
    def get(self, request, conference_slug: str, code: str):
        reminders = organisers.reminders_of(self.get_submission())
        return Response(SlideReminderSerializer(reminders, many=True).data)
