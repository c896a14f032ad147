"""Office hours API: free slots, and bookings (book, cancel, reschedule) under the same rules as the
pages. A speaker sees their own bookings; a mentor those of their slots; anyone else's code is a 404."""

from django.db.models import Q
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from common.access import conference_permission_required
from office_hours import selectors, windows
from office_hours.models import Booking, Slot
from office_hours.serializers import (
    BookingSerializer,
    BookSerializer,
    OfficeHourSlotSerializer,
    RescheduleSerializer,
    SlotFilterSerializer,
)
from office_hours.services.bookings import booking_cancel, booking_create, booking_reschedule


@conference_permission_required("office_hours.book")
class SlotViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = OfficeHourSlotSerializer
    lookup_field = "code"

    @extend_schema(parameters=[SlotFilterSerializer])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Slot.objects.none()
        conference = self.get_conference()
        filters = SlotFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.free_slots(
            conference=conference,
            now=timezone.now(),
            kind=filters.validated_data.get("kind", ""),
            day=filters.validated_data.get("date"),
            mentor_id=filters.validated_data.get("mentor"),
        ).filter(kind__in=windows.enabled_kinds(conference))


@conference_permission_required("office_hours.book")
class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = BookingSerializer
    lookup_field = "code"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Booking.objects.none()
        user = self.request.user
        bookings = Booking.objects.filter(conference=self.get_conference())
        if self.action == "list":
            # The list is the caller's own bookings; one booking is whoever view_booking lets see
            # it (its speaker, its mentor, a site administrator: the HTML booking page's rule).
            bookings = bookings.filter(Q(speaker=user) | Q(slot__mentor=user))
        return bookings.select_related("conference", "slot__mentor", "speaker", "shared_submission").order_by(
            "starts_at", "id"
        )

    def get_object(self):
        booking = super().get_object()
        if not self.request.user.has_perm("office_hours.view_booking", booking):
            raise NotFound
        return booking

    def _respond(self, booking: Booking, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=booking.pk)
        return Response(BookingSerializer(fresh).data, status=code)

    @extend_schema(request=BookSerializer, responses={201: BookingSerializer})
    def create(self, request, conference_slug: str):
        conference = self.get_conference()
        payload = BookSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        slot = Slot.objects.filter(conference=conference, code=payload.validated_data["slot"]).first()
        if slot is None:
            raise ValidationError({"slot": ["No such slot at this conference."]})
        shared = None
        if payload.validated_data["shared_submission"]:
            shared = (
                selectors.speaker_submissions(conference=conference, speaker=request.user)
                .filter(code=payload.validated_data["shared_submission"])
                .first()
            )
            if shared is None:
                raise ValidationError({"shared_submission": ["Choose one of your own proposals to this conference."]})
        booking = booking_create(
            slot=slot, speaker=request.user, note=payload.validated_data["note"], shared_submission=shared
        )
        return self._respond(booking, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, conference_slug: str, code: str):
        booking = self.get_object()
        if not request.user.has_perm("office_hours.change_booking", booking):
            raise PermissionDenied
        return self._respond(booking_cancel(booking=booking, by=request.user))

    @extend_schema(request=RescheduleSerializer, responses=BookingSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, conference_slug: str, code: str):
        booking = self.get_object()
        if not request.user.has_perm("office_hours.change_booking", booking):
            raise PermissionDenied
        payload = RescheduleSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        new_slot = Slot.objects.filter(conference=booking.conference, code=payload.validated_data["slot"]).first()
        if new_slot is None:
            raise ValidationError({"slot": ["No such slot at this conference."]})
        return self._respond(booking_reschedule(booking=booking, new_slot=new_slot, by=request.user))
