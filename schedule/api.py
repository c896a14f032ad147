"""Schedule API: the released programme for anyone; the draft's slots for organisers (same services
and conflict rules as the editor); a signed-in attendee's favourites."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, status
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from cfp.models import Submission
from common.access import conference_permission_required
from conference.models import Conference, Room
from schedule import cache, selectors
from schedule.media import public_media
from schedule.models import ScheduleRelease, ScheduleSlot
from schedule.serializers import (
    FavouritesResponseSerializer,
    FavouritesSerializer,
    ReleaseSerializer,
    ScheduleSlotSerializer,
    SlotMoveSerializer,
    SlotWriteSerializer,
)
from schedule.services import attendees, slots


def _release(conference: Conference) -> ScheduleRelease:
    release = selectors.latest_release(conference)
    if release is None:
        raise NotFound
    return release


OLD_MEDIA_KEYS = ("video_url", "slides_url")  # in releases published before media came live


def _slots_with_media(slots: list[dict], slug: str) -> list[dict]:
    """The release's slots with each talk's published deck (`slides`) and `video`, read live."""
    media = public_media(slug)
    rows = []
    for slot in slots:
        found = media.get(slot["code"]) if slot["code"] else None
        deck = found.deck if found else None
        video = found.video if found else None
        rows.append(
            {key: value for key, value in slot.items() if key not in OLD_MEDIA_KEYS}
            | {
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
    return rows


def _released_json(request, conference: Conference, build: Callable[[ScheduleRelease], Any]) -> HttpResponse:
    """The release as JSON, rendered once per release and media generation like the public pages
    (schedule/cache.py), with an ETag; the middleware then answers it before sessions, auth and
    throttling, which a cached copy does not need. A conference that is not public is never cached."""
    pointer = cache.current(conference.slug) if conference.is_public else None
    key = cache.page_key(pointer, "api", request.path) if pointer and pointer.release_id else None
    hit = cache.get(key) if key else None
    if hit is None:
        release = ScheduleRelease.objects.get(pk=pointer.release_id) if key and pointer else _release(conference)
        body = JSONRenderer().render(build(release))
        hit = (body, cache.etag_of(body))
        if key:
            cache.put(key, hit)
    body, etag = hit
    return cache.conditional_response(request, body, etag, "application/json")


@conference_permission_required("conference.view_conference")
class ReleaseView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses=ReleaseSerializer)
    def get(self, request, conference_slug: str):
        def build(release: ScheduleRelease):
            data = {"version": release.version, "published_at": release.published_at, "changelog": release.changelog}
            slots = _slots_with_media(release.snapshot["slots"], conference_slug)
            return ReleaseSerializer(data | release.snapshot | {"slots": slots}).data

        return _released_json(request, self.get_conference(), build)


@conference_permission_required("conference.view_conference")
class ReleasedTalksView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: {"type": "array", "items": {"type": "object"}}})
    def get(self, request, conference_slug: str):
        def build(release: ScheduleRelease):
            return _slots_with_media([slot for slot in release.snapshot["slots"] if slot["code"]], conference_slug)

        return _released_json(request, self.get_conference(), build)


@conference_permission_required("conference.view_conference")
class ReleasedSpeakersView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(responses={200: {"type": "array", "items": {"type": "object"}}})
    def get(self, request, conference_slug: str):
        return _released_json(request, self.get_conference(), lambda release: release.snapshot["speakers"])


def _room(conference: Conference, room_id: int | None) -> Room | None:
    if room_id is None:
        return None
    room = Room.objects.filter(conference=conference, pk=room_id).first()
    if room is None:
        raise ValidationError({"room": "Choose one of this conference's rooms."})
    return room


class _OrganiserMixin:
    permission_classes = [permissions.IsAuthenticated]

    def respond(self, conference: Conference, slot: ScheduleSlot | None, code=status.HTTP_200_OK) -> Response:
        conflicts = selectors.conflicts_of(conference)
        slot = ScheduleSlot.objects.select_related("room", "submission").get(pk=slot.pk)
        return Response(ScheduleSlotSerializer(slot, context={"conflicts": conflicts}).data, status=code)


@conference_permission_required("schedule.edit_schedule")
class SlotListView(_OrganiserMixin, APIView):
    @extend_schema(responses=ScheduleSlotSerializer(many=True))
    def get(self, request, conference_slug: str):
        conference = self.get_conference()
        draft = selectors.slots_for_editor(conference)
        conflicts = selectors.conflicts_of(conference, draft)
        return Response(ScheduleSlotSerializer(draft, many=True, context={"conflicts": conflicts}).data)

    @extend_schema(request=SlotWriteSerializer, responses={201: ScheduleSlotSerializer})
    def post(self, request, conference_slug: str):
        conference = self.get_conference()
        payload = SlotWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        room = _room(conference, data.get("room"))
        if data.get("submission"):
            submission = Submission.objects.filter(conference=conference, code=data["submission"]).first()
            if submission is None:
                raise ValidationError({"submission": "No talk of this conference has this code."})
            slot, _warnings = slots.slot_place_talk(
                conference=conference,
                submission=submission,
                room=room,
                starts_at=data["starts_at"],
                ends_at=data.get("ends_at"),
                by=request.user,
            )
        else:
            if not data.get("ends_at"):
                raise ValidationError({"ends_at": "A block needs an end."})
            slot, _warnings = slots.slot_create_block(
                conference=conference,
                kind=data.get("kind") or ScheduleSlot.Kind.OTHER,
                title=data.get("title", ""),
                room=room,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                by=request.user,
            )
        return self.respond(conference, slot, status.HTTP_201_CREATED)


@conference_permission_required("schedule.edit_schedule")
class SlotDetailView(_OrganiserMixin, APIView):
    def slot(self, conference: Conference, pk: int) -> ScheduleSlot:
        return get_object_or_404(ScheduleSlot, conference=conference, pk=pk)

    @extend_schema(request=SlotMoveSerializer, responses=ScheduleSlotSerializer)
    def patch(self, request, conference_slug: str, pk: int):
        conference = self.get_conference()
        slot = self.slot(conference, pk)
        payload = SlotMoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        room = _room(conference, data["room"]) if "room" in data else slot.room
        slots.slot_move(slot=slot, room=room, starts_at=data["starts_at"], ends_at=data.get("ends_at"), by=request.user)
        return self.respond(conference, slot)

    @extend_schema(responses={204: None})
    def delete(self, request, conference_slug: str, pk: int):
        conference = self.get_conference()
        slots.slot_remove(slot=self.slot(conference, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _favourites_response(request, conference: Conference) -> Response:
    token = attendees.feed_token_for(request.user)
    feed = reverse("schedule:feed", kwargs={"slug": conference.slug, "token": token.token})
    codes = selectors.favourite_codes(request.user, conference)
    return Response({"codes": codes, "feed_url": settings.SITE_URL + feed})


@conference_permission_required("conference.view_conference")
@method_decorator(ensure_csrf_cookie, name="dispatch")
class FavouritesView(APIView):
    """The signed-in person's starred talks and their calendar-feed URL; POST merges a browser's stars."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=FavouritesResponseSerializer)
    def get(self, request, conference_slug: str):
        return _favourites_response(request, self.get_conference())

    @extend_schema(request=FavouritesSerializer, responses=FavouritesResponseSerializer)
    def post(self, request, conference_slug: str):
        conference = self.get_conference()
        payload = FavouritesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        attendees.favourites_merge(user=request.user, conference=conference, codes=payload.validated_data["codes"])
        return _favourites_response(request, conference)


@conference_permission_required("conference.view_conference")
class FavouriteDetailView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=FavouritesResponseSerializer)
    def put(self, request, conference_slug: str, code: str):
        conference = self.get_conference()
        submission = get_object_or_404(Submission, conference=conference, code=code)
        attendees.favourite_add(user=request.user, submission=submission)
        return _favourites_response(request, conference)

    @extend_schema(request=None, responses={200: FavouritesResponseSerializer})
    def delete(self, request, conference_slug: str, code: str):
        conference = self.get_conference()
        submission = get_object_or_404(Submission, conference=conference, code=code)
        attendees.favourite_remove(user=request.user, submission=submission)
        return _favourites_response(request, conference)


@conference_permission_required("conference.view_conference")
class FeedResetView(APIView):
    """Replaces the secret in the person's calendar-feed URL; the old address stops working."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=None, responses=FavouritesResponseSerializer)
    def post(self, request, conference_slug: str):
        conference = self.get_conference()
        attendees.feed_token_reset(user=request.user)
        return _favourites_response(request, conference)
