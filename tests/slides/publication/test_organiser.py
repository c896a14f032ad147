"""Organiser pages: videos from a CSV (all or nothing), the AV pack (content, order, streaming),
denied cases and query counts."""

import io
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import OutboxEvent
from slides.models import TalkVideo
from slides.services.videos import check_video_csv, video_remove, video_set

pytestmark = pytest.mark.django_db


def test_csv_with_any_wrong_line_stores_nothing(organiser_client, conference, talks):
    text = (
        f"code,url\n{talks[0].code},https://youtu.be/dQw4w9WgXcQ\nNOSUCH22,https://youtu.be/x\n"
        f"{talks[1].code},not a url\n{talks[0].code},https://vimeo.com/1234567\n"
    )

    response = organiser_client.post(
        f"/manage/{conference.slug}/slides/videos/import/", {"text": text, "action": "import"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "No accepted talk of this conference has the code “NOSUCH22”." in page
    assert "is not a web address" in page and "This talk is already on line 2." in page
    assert TalkVideo.objects.count() == 0 and not OutboxEvent.objects.filter(type__startswith="summit.slides.video")
    assert text.splitlines()[1] in page  # the organiser's input stays in the form


def test_csv_report_gives_each_line_its_result(conference, talks):
    report = check_video_csv(conference=conference, text=f"{talks[0].code},https://youtu.be/dQw4w9WgXcQ\n\nabc\n")

    assert [(line.number, line.action, bool(line.error)) for line in report.lines] == [(1, "add", False), (3, "", True)]


def test_csv_import_stores_every_line_with_its_event(organiser_client, conference, talks, organiser):
    video_set(submission=talks[1], url="https://vimeo.com/1234567", by=organiser)
    text = f"{talks[0].code},https://youtu.be/dQw4w9WgXcQ\n{talks[1].code.lower()},https://vimeo.com/7654321\n"

    response = organiser_client.post(
        f"/manage/{conference.slug}/slides/videos/import/", {"text": text, "action": "import"}
    )

    assert response.status_code == 302
    assert dict(TalkVideo.objects.values_list("submission__code", "url")) == {
        talks[0].code: "https://youtu.be/dQw4w9WgXcQ",
        talks[1].code: "https://vimeo.com/7654321",
    }
    video_events = OutboxEvent.objects.filter(type__startswith="summit.slides.video").values_list("type", flat=True)
    assert sorted(video_events) == [
        "summit.slides.video.added.v1",
        "summit.slides.video.added.v1",
        "summit.slides.video.changed.v1",
    ]


def test_video_remove_emits_its_event(conference, talks, organiser):
    video_set(submission=talks[0], url="https://vimeo.com/1234567", by=organiser)

    assert video_remove(submission=talks[0], by=organiser)
    assert (
        OutboxEvent.objects.filter(type="summit.slides.video.removed.v1").get().data["url"]
        == "https://vimeo.com/1234567"
    )


def test_video_page_refuses_a_bad_url_and_keeps_it(organiser_client, conference, talks):
    code = talks[0].code
    response = organiser_client.post(f"/manage/{conference.slug}/slides/videos/", {"code": code, f"{code}-url": "nope"})

    assert "is not a web address" in response.content.decode() and 'value="nope"' in response.content.decode()
    assert not TalkVideo.objects.exists()


def test_av_pack_holds_final_decks_in_running_order(organiser_client, conference, rooms, talks, final):
    first, second, _elsewhere = talks
    deck_first = final(first)
    final(second, kind="draft")  # no final: listed in the README
    url = f"/manage/{conference.slug}/slides/av-pack/{rooms[0].pk}/{conference.start_date.isoformat()}.zip"

    response = organiser_client.get(url)

    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["README.txt", "09\u223630 – Alan Turing – Consumer lag explained.pdf"]
    assert archive.read(archive.namelist()[1]) == deck_first.file.open("rb").read()
    assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
    readme = archive.read("README.txt").decode()
    assert "Talks with no final deck (1):" in readme and "11:00" in readme and "Streams: a/b <testing>" in readme


def test_av_pack_names_are_safe_for_file_systems(organiser_client, conference, rooms, talks, final):
    final(talks[1])
    url = f"/manage/{conference.slug}/slides/av-pack/{rooms[0].pk}/{conference.start_date.isoformat()}.zip"

    archive = zipfile.ZipFile(io.BytesIO(b"".join(organiser_client.get(url).streaming_content)))

    assert "11\u223600 – Ada Lovelace – Streams a b testing.pdf" in archive.namelist()


ORGANISER_PAGES = ["slides/av-pack/", "slides/videos/", "slides/videos/import/", "slides/publication/", "AVPACK"]


def _organiser_page(path: str, conference, rooms) -> str:
    if path == "AVPACK":
        path = f"slides/av-pack/{rooms[0].pk}/{conference.start_date.isoformat()}.zip"
    return f"/manage/{conference.slug}/{path}"


@pytest.mark.parametrize("who", ["anonymous", "speaker", "reviewer", "other_organiser"])
@pytest.mark.parametrize("path", ORGANISER_PAGES)
def test_organiser_pages_are_forbidden_to_others(client_for, person, conference, rooms, talks, who, path):
    response = client_for(person(who)).get(_organiser_page(path, conference, rooms))

    assert response.status_code == (302 if who == "anonymous" else 403)


@pytest.mark.parametrize("path", ORGANISER_PAGES)
def test_organiser_pages_of_a_private_conference_are_not_found(client_for, speaker, conference, rooms, talks, path):
    conference.is_public = False
    conference.save()

    assert client_for(speaker).get(_organiser_page(path, conference, rooms)).status_code == 404


def test_publication_api_is_for_organisers_and_media_is_public(api_client_for, organiser, speaker, conference, talks):
    assert api_client_for(speaker).get(f"/api/conferences/{conference.slug}/slides/publication/").status_code == 403
    assert api_client_for(organiser).get(f"/api/conferences/{conference.slug}/slides/publication/").status_code == 200
    put = api_client_for(speaker).put(
        f"/api/conferences/{conference.slug}/slides/videos/{talks[0].code}/", {"url": "https://vimeo.com/1234567"}
    )
    assert put.status_code == 403 and not TalkVideo.objects.exists()
    api_client_for(organiser).put(
        f"/api/conferences/{conference.slug}/slides/videos/{talks[0].code}/", {"url": "https://vimeo.com/1234567"}
    )
    media = api_client_for(None).get(f"/api/conferences/{conference.slug}/slides/media/").json()
    embed = "https://player.vimeo.com/video/1234567?dnt=1"
    video = {"url": "https://vimeo.com/1234567", "embed_url": embed}
    assert media == [{"code": talks[0].code, "slides": None, "video": video}]


@pytest.mark.parametrize("size", [1, 3])
def test_organiser_pages_queries_do_not_grow(
    organiser_client, conference, rooms, make_talk, speaker, organiser, at, final, size
):
    from schedule.services.slots import slot_place_talk

    for n in range(size):
        talk = make_talk(f"Talk {n}", speakers=[speaker])
        slot_place_talk(
            conference=conference, submission=talk, room=rooms[0], starts_at=at(0, f"{9 + n:02d}:00"), by=organiser
        )
        final(talk)
        video_set(submission=talk, url=f"https://vimeo.com/123456{n}", by=organiser)
    base = f"/manage/{conference.slug}/slides"
    day = conference.start_date.isoformat()

    counts = []
    for path in (
        "publication/",
        "videos/",
        f"av-pack/?room={rooms[0].pk}&day={day}",
        f"av-pack/{rooms[0].pk}/{day}.zip",
    ):
        with CaptureQueriesContext(connection) as queries:
            response = organiser_client.get(f"{base}/{path}")
            if response.streaming:
                assert len(zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()) == size + 1
        counts.append(len(queries))

    assert counts == [12, 12, 11, 8]
