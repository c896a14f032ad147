"""The schedule editor's filters: the grid's rooms and track, the side panel's track and format, and
the forms that come back to the same filters after a change."""

from schedule.models import ScheduleSlot
from schedule.services.slots import slot_place_talk


def test_editor_panel_lists_only_the_chosen_track_and_counts_them(
    organiser_client, conference, rooms, talk, other_talk, core_track
):
    response = organiser_client.get(f"/manage/{conference.slug}/schedule/?panel_track={core_track.slug}")

    assert [item.title for item in response.context["panel"]] == ["Consumer lag explained"]
    assert len(response.context["unscheduled"]) == 2
    assert "1 shown" in response.content.decode()


def test_editor_panel_filters_by_format(organiser_client, conference, rooms, talk, make_talk, workshop_type):
    make_talk("Hands-on Streams", speakers=[], submission_type=workshop_type)

    response = organiser_client.get(f"/manage/{conference.slug}/schedule/?panel_format={workshop_type.pk}")

    assert [item.title for item in response.context["panel"]] == ["Hands-on Streams"]


def test_editor_grid_shows_only_the_chosen_rooms(organiser_client, conference, rooms):
    response = organiser_client.get(f"/manage/{conference.slug}/schedule/?room={rooms[1].pk}&room={rooms[2].pk}")

    assert [room["name"] for room in response.context["rooms"]] == ["Golden Gate", "Yosemite"]


def test_editor_greys_other_tracks_talks_but_keeps_their_cells(
    organiser_client, conference, rooms, talk, other_talk, core_track, organiser, at
):
    for submission, room in ((talk, rooms[1]), (other_talk, rooms[2])):
        slot_place_talk(conference=conference, submission=submission, room=room, starts_at=at(0, "10:00"), by=organiser)

    response = organiser_client.get(f"/manage/{conference.slug}/schedule/2030-09-30/?track={core_track.slug}")

    page = response.content.decode()
    assert page.count("is-dimmed") == 1
    assert "Exactly-once in practice" in page


def test_editor_ignores_a_filter_value_that_is_not_a_choice(organiser_client, conference, rooms, talk):
    response = organiser_client.get(f"/manage/{conference.slug}/schedule/?room=999999&panel_track=nope")

    assert response.status_code == 200
    assert len(response.context["rooms"]) == 3
    assert len(response.context["panel"]) == 1


def test_editor_comes_back_to_its_filters_after_placing(organiser_client, conference, rooms, talk):
    response = organiser_client.post(
        f"/manage/{conference.slug}/schedule/place/?room={rooms[1].pk}&panel_track=stream-processing",
        {"item": f"talk:{talk.code}", "day": "2030-10-01", "room": rooms[1].pk, "start": "10:00"},
    )

    assert response["Location"] == (
        f"/manage/{conference.slug}/schedule/2030-10-01/?room={rooms[1].pk}&panel_track=stream-processing"
    )
    assert ScheduleSlot.objects.get().room == rooms[1]
