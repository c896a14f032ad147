"""Published slides and videos for the past conference (2019): most talks have their final deck
public and a video; a few speakers opted out, a few talks have no video yet.

Final versions come from the slides demo (core's); a talk without one gets a small real PDF made
with WeasyPrint, stored through the model as an upload would be. Publication then goes through the
publication services, so the events and the public media generation are as in production.
"""

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.utils.html import escape
from weasyprint import HTML

from conference.models import Conference
from schedule.models import ScheduleSlot
from slides.models import Kind, SlideVersion, Status, TalkSlides
from slides.services.publication import publish_due, set_opt_out
from slides.services.records import talk_slides_transition
from slides.services.videos import video_set

OPT_OUT_EVERY = 9  # every ninth speaker keeps their slides private
NO_VIDEO_EVERY = 6  # every sixth talk has no video yet
DECK_CSS = (
    "@page { size: 254mm 143mm; margin: 0 }"
    " section { page-break-after: always; height: 143mm; padding: 20mm; box-sizing: border-box;"
    " font-family: sans-serif }"
    " h1 { font-size: 30pt } p { font-size: 16pt }"
)


def deck_pdf(title: str, speaker: str) -> bytes:
    html = (
        f"<style>{DECK_CSS}</style><section><h1>{escape(title)}</h1><p>{escape(speaker)}</p></section>"
        "<section><h1>Agenda</h1><p>Why · How · What we learnt</p></section>"
        "<section><h1>Thank you</h1><p>Questions?</p></section>"
    )
    return HTML(string=html).write_pdf()


def _final_of(slot: ScheduleSlot, speaker) -> SlideVersion:
    talk, _ = TalkSlides.objects.get_or_create(submission=slot.submission)
    found = talk.versions.filter(kind=Kind.FINAL).order_by("-number").first()
    if found is not None:
        return found
    content = deck_pdf(slot.submission.title, speaker.name or speaker.email)
    version = SlideVersion(
        talk=talk,
        number=talk.versions.count() + 1,
        kind=Kind.FINAL,
        sha256=hashlib.sha256(content).hexdigest(),
        size_bytes=len(content),
        page_count=3,
        original_name="slides.pdf",
        uploaded_by=speaker,
        uploaded_at=slot.starts_at - dt.timedelta(days=1),
    )
    version.file.save("slides.pdf", ContentFile(content), save=False)
    version.save()
    talk_slides_transition(talk=talk, to_status=Status.FINAL_IN)
    return version


def _video_url(index: int) -> str:
    if index % 5 == 4:
        return f"https://vimeo.com/{300000000 + index}"
    return f"https://www.youtube.com/watch?v=KSF19{index:06d}"


def seed_published_media(conference: Conference, *, only_with_final: bool = False) -> dict:
    """Idempotent: a conference that already has a published deck is left as it is.

    `only_with_final` publishes the talks that already hold a final version and leaves the others
    as the slides demo left them (the benchmark size keeps its mix of statuses that way)."""
    if TalkSlides.objects.filter(submission__conference=conference, status=Status.PUBLISHED).exists():
        return {"published": 0, "videos": 0}
    organiser = conference.roles.filter(role="organiser").select_related("user").first()
    by = organiser.user if organiser else None
    slots = list(
        ScheduleSlot.objects.filter(conference=conference, submission__state__in=["accepted", "confirmed"])
        .select_related("submission")
        .order_by("starts_at", "room__position")
    )
    videos = 0
    for index, slot in enumerate(slots):
        speaker = slot.submission.speaker_links.order_by("-is_primary", "pk").first().user
        has_final = SlideVersion.objects.filter(talk__submission=slot.submission, kind=Kind.FINAL).exists()
        if only_with_final and not has_final:
            continue
        _final_of(slot, speaker)
        if index % OPT_OUT_EVERY == OPT_OUT_EVERY - 1:
            set_opt_out(submission=slot.submission, user=speaker, opt_out=True)
        if index % NO_VIDEO_EVERY != NO_VIDEO_EVERY - 1:
            video_set(submission=slot.submission, url=_video_url(index), by=by)
            videos += 1
    return {"published": publish_due(conference=conference), "videos": videos}
