"""RSVP API: a signed-in attendee reserves a seat (or joins the waiting line), cancels, lists their
places; organisers check seat holders in. The services' refusals answer 400 in the API's error format."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from common.access import conference_permission_required
from common.serializers import StrictCharField
from schedule import attendance
from schedule.models import Reservation
from schedule.services.rsvp import checkin_record, reservation_cancel, reservation_create


class ReservationSerializer(serializers.Serializer):
    code = serializers.CharField(read_only=True)
    talk = serializers.CharField(source="seating.submission.code", read_only=True)
    title = serializers.CharField(source="seating.submission.title", read_only=True)
    status = serializers.ChoiceField(choices=Reservation.Status.choices, read_only=True)
    starts_at = serializers.DateTimeField(source="seating.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="seating.ends_at", read_only=True)
    checked_in_at = serializers.DateTimeField(read_only=True, allow_null=True)


class CheckInSerializer(serializers.Serializer):
    reservation = StrictCharField(max_length=10, help_text="The code of the seat holder's reservation.")


class CheckInResponseSerializer(ReservationSerializer):
    name = serializers.CharField(source="user.name", read_only=True)
    already = serializers.BooleanField(read_only=True, help_text="True when this person was checked in before.")


def _seating(conference, code: str):
    seating = attendance.seating_of(conference, code)
    if seating is None:
        raise NotFound("This talk takes no reservations.")
    return seating


@conference_permission_required("conference.view_conference")
class ReservationView(APIView):
    """POST: a seat if one is left, else the next place in the waiting line. DELETE: give it back (a
    freed seat goes to the first in line at once)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses={201: ReservationSerializer})
    def post(self, request, conference_slug: str, code: str):
        reservation = reservation_create(seating=_seating(self.get_conference(), code), user=request.user)
        return Response(ReservationSerializer(reservation).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, conference_slug: str, code: str):
        seating = _seating(self.get_conference(), code)
        reservation = get_object_or_404(
            Reservation.objects.select_related("seating"),
            seating=seating,
            user=request.user,
            status__in=attendance.ACTIVE,
        )
        reservation_cancel(reservation=reservation, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@conference_permission_required("conference.view_conference")
class MyReservationsView(APIView):
    """The signed-in person's seats and waiting-list places at this conference, in time order."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=ReservationSerializer(many=True))
    def get(self, request, conference_slug: str):
        found = attendance.reservations_of_user(request.user, self.get_conference())
        return Response(ReservationSerializer(found, many=True).data)


@conference_permission_required("schedule.manage_attendance")
class CheckInView(APIView):
    """Records a seat holder's arrival; a second call for the same person changes nothing."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=CheckInSerializer, responses={200: CheckInResponseSerializer})
    def post(self, request, conference_slug: str, code: str):
        seating = _seating(self.get_conference(), code)
        payload = CheckInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        found = get_object_or_404(Reservation, seating=seating, code=payload.validated_data["reservation"])
        reservation, new = checkin_record(reservation=found, by=request.user)
        reservation.already = not new
        return Response(CheckInResponseSerializer(reservation).data)
