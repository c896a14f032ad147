"""REST API for conferences and their lists. Reads follow `conference.view_conference`; writes need
an organiser, and go through the same services as the back office."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied

from accounts.authentication import token_conference_id
from common.access import conference_permission_required
from common.api_errors import error_response
from conference import services
from conference.models import Conference, Level, Room, SubmissionType, Track
from conference.permissions import TEAM_ROLES
from conference.selectors import roles_by_conference
from conference.serializers import (
    ConferenceSerializer,
    LevelSerializer,
    RoomSerializer,
    SubmissionTypeSerializer,
    TrackSerializer,
)


class ConferenceRulePermission(permissions.BasePermission):
    """Maps HTTP methods onto the django-rules permissions of the conference concerned.

    Views list it after IsAuthenticatedOrReadOnly, which turns anonymous writes away with a 401 (and
    tells the OpenAPI schema that reads need no credentials)."""

    def has_permission(self, request, view) -> bool:
        if getattr(view, "action", None) == "create" and isinstance(view, ConferenceViewSet):
            return request.user.has_perm("conference.add_conference")
        return True

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return request.user.has_perm("conference.view_conference", obj)
        return request.user.has_perm("conference.change_conference", obj)


def visible_conferences(user):
    """Public conferences, plus those the user works on, plus all for site admins."""
    conferences = Conference.objects.all()
    if user.is_authenticated and (user.is_superuser or user.is_staff):
        return conferences
    team_ids = [conference_id for conference_id, roles in roles_by_conference(user).items() if roles & TEAM_ROLES]
    return conferences.filter(is_public=True) | conferences.filter(pk__in=team_ids)


class ConferenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ConferenceSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, ConferenceRulePermission]
    lookup_field = "slug"

    def get_queryset(self):
        conferences = visible_conferences(self.request.user)
        scope = token_conference_id(self.request)
        if scope is not None:  # a token limited to one conference sees no other's private data
            conferences = conferences.filter(Q(is_public=True) | Q(pk=scope))
        return conferences.order_by("-start_date", "slug")

    def perform_create(self, serializer):
        serializer.instance = services.conference_create(by=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.conference_update(
            conference=serializer.instance, by=self.request.user, **serializer.validated_data
        )


class InUse(APIException):
    """A valid request the current data refuses: the item is still named by proposals or slots."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "in_use"
    default_detail = "This item is still in use and cannot be deleted."


@conference_permission_required("conference.view_conference")
@extend_schema_view(destroy=extend_schema(responses={204: None, 409: error_response(InUse.default_detail)}))
class CatalogueViewSet(viewsets.ModelViewSet):
    """Tracks, rooms, submission types or levels of one conference (subclasses name the model)."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly, ConferenceRulePermission]
    model: type = Track
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular inspecting the view
            return self.model.objects.none()
        return self.model.objects.filter(conference=self.get_conference()).select_related("conference")

    def check_permissions(self, request):
        super().check_permissions(request)
        writing = request.method not in permissions.SAFE_METHODS
        if writing and not request.user.has_perm("conference.change_conference", self.get_conference()):
            raise PermissionDenied

    def perform_create(self, serializer):
        serializer.instance = services.catalogue_item_create(
            model=self.model, conference=self.get_conference(), by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.catalogue_item_update(
            item=serializer.instance, by=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        try:
            services.catalogue_item_delete(item=instance, by=self.request.user)
        except DjangoValidationError as error:
            if error.code != "protected":
                raise
            raise InUse(" ".join(error.messages)) from None


class TrackViewSet(CatalogueViewSet):
    model = Track
    serializer_class = TrackSerializer


class RoomViewSet(CatalogueViewSet):
    model = Room
    serializer_class = RoomSerializer


class SubmissionTypeViewSet(CatalogueViewSet):
    model = SubmissionType
    serializer_class = SubmissionTypeSerializer


class LevelViewSet(CatalogueViewSet):
    model = Level
    serializer_class = LevelSerializer
