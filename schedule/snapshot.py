"""The frozen data of a release: everything the attendee pages and the exports show, as plain JSON.

Built once when an organiser publishes (a fixed handful of queries whatever the size); pages and
exports then read one row instead of joining talks, speakers, rooms and tracks on every request."""

from typing import Any

from django.db.models import Prefetch, Q

from cfp.models import SubmissionSpeaker
from conference.models import Conference
from schedule.models import ScheduleSlot, SpeakerCode


def _speaker_codes(user_ids: set[int]) -> dict[int, str]:
    SpeakerCode.objects.bulk_create([SpeakerCode(user_id=pk) for pk in sorted(user_ids)], ignore_conflicts=True)
    return dict(SpeakerCode.objects.filter(user_id__in=user_ids).values_list("user_id", "code"))


def _photo_url(profile) -> str:
    return profile.photo.url if profile is not None and profile.photo else ""


def build_snapshot(conference: Conference) -> dict[str, Any]:
    slots = list(
        ScheduleSlot.objects.filter(conference=conference)
        # A talk withdrawn or declined after it was placed is left out (and so reported as cancelled).
        .filter(Q(submission__isnull=True) | Q(submission__state__in=["accepted", "confirmed"]))
        .select_related("submission__submission_type", "submission__track", "submission__level")
        .prefetch_related(
            Prefetch(
                "submission__speaker_links",
                queryset=SubmissionSpeaker.objects.select_related("user__speaker_profile"),
            )
        )
        .order_by("starts_at", "room__position", "id")
    )
    users = {
        link.user_id: link.user for slot in slots if slot.submission_id for link in slot.submission.speaker_links.all()
    }
    codes = _speaker_codes(set(users))
    speakers = []
    for user_id, user in sorted(users.items(), key=lambda item: (item[1].name or item[1].email).lower()):
        profile = getattr(user, "speaker_profile", None)
        speakers.append(
            {
                "code": codes[user_id],
                "name": user.name or user.email.split("@")[0],
                "bio": profile.bio if profile else "",
                "company": profile.company if profile else "",
                "job_title": profile.job_title if profile else "",
                "website": profile.website if profile else "",
                "photo": _photo_url(profile),
            }
        )
    return {
        "conference": {
            "slug": conference.slug,
            "name": conference.name,
            "timezone": conference.timezone,
            "start_date": conference.start_date.isoformat(),
            "end_date": conference.end_date.isoformat(),
            "venue": conference.venue,
            "website": conference.website,
        },
        "tracks": [
            {"slug": t.slug, "name": t.name, "colour": t.colour, "description": t.description}
            for t in conference.tracks.all()
        ],
        "levels": [{"slug": level.slug, "name": level.name} for level in conference.levels.all()],
        "types": [{"name": t.name, "duration": t.duration_minutes} for t in conference.submission_types.all()],
        "rooms": [
            {
                "id": r.pk,
                "name": r.name,
                "position": r.position,
                "capacity": r.capacity,
                "is_plenary": r.is_plenary,
                "description": r.description,
            }
            for r in conference.rooms.all()
        ],
        "slots": [_slot(slot, codes) for slot in slots],
        "speakers": speakers,
    }


def _slot(slot: ScheduleSlot, codes: dict[int, str]) -> dict[str, Any]:
    data = {
        "id": slot.pk,
        "guid": str(slot.guid),
        "kind": slot.kind,
        "starts_at": slot.starts_at.isoformat(),
        "ends_at": slot.ends_at.isoformat(),
        "room": slot.room_id,
        "title": slot.title,
        "code": "",
        "abstract": "",
        "track": "",
        "level": "",
        "type": "",
        "language": "",
        "speakers": [],
    }
    submission = slot.submission
    if submission is not None:
        data |= {
            "title": submission.title,
            "code": submission.code,
            "abstract": submission.abstract,
            "track": submission.track.slug,
            "level": submission.level.slug,
            "type": submission.submission_type.name,
            "language": submission.language,
            "speakers": [codes[link.user_id] for link in submission.speaker_links.all()],
            # No media here: a talk's published deck and video come live from the slides app
            # (through schedule.media); the submission's video_url/slides_url are the CFP's past talks.
        }
    return data


def changelog(previous: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Talks added, moved (time or room) and cancelled since the previous release."""
    before = {slot["code"]: slot for slot in (previous or {}).get("slots", []) if slot["code"]}
    after = {slot["code"]: slot for slot in current["slots"] if slot["code"]}
    rooms = {room["id"]: room["name"] for room in [*(previous or {}).get("rooms", []), *current["rooms"]]}

    def where(slot):
        return {"starts_at": slot["starts_at"], "ends_at": slot["ends_at"], "room": rooms.get(slot["room"], "")}

    added = [
        {"code": code, "title": slot["title"], "to": where(slot)} for code, slot in after.items() if code not in before
    ]
    cancelled = [
        {"code": code, "title": slot["title"], "from": where(slot)}
        for code, slot in before.items()
        if code not in after
    ]
    moved = [
        {"code": code, "title": slot["title"], "from": where(before[code]), "to": where(slot)}
        for code, slot in after.items()
        if code in before and where(before[code]) != where(slot)
    ]
    return {"added": added, "moved": moved, "cancelled": cancelled}
