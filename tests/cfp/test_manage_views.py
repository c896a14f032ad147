"""The organisers' back office of the call for papers: who gets in, the list with its filters, counts
and chart, the CSV export, and setting up the call."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertFormError, assertNotContains, assertRedirects

from cfp import selectors
from cfp.models import Answer, CfpSettings, LateAccessCode, Question, Submission
from events.models import OutboxEvent
from tests.factories import LevelFactory, SubmissionTypeFactory, TrackFactory, UserFactory
from tests.factories.cfp import LateAccessCodeFactory, QuestionFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

State = Submission.State

NOT_AN_ORGANISER = ["speaker", "outsider", "reviewer", "mentor", "attendee", "other_organiser"]


def login_url(next_url: str) -> str:
    return f"{reverse('account_login')}?next={next_url}"


# --- Who gets in ----------------------------------------------------------------------------------


@pytest.fixture
def back_office_urls(conference, submitted):
    slug = conference.slug
    question = QuestionFactory(conference=conference)
    return {
        "submissions": reverse("cfp-manage:submissions", args=[slug]),
        "export": reverse("cfp-manage:export", args=[slug]),
        "submission": reverse("cfp-manage:submission", args=[slug, submitted.code]),
        "settings": reverse("cfp-manage:settings", args=[slug]),
        "question-new": reverse("cfp-manage:question-new", args=[slug]),
        "question": reverse("cfp-manage:question", args=[slug, question.pk]),
        "late-code-new": reverse("cfp-manage:late-code-new", args=[slug]),
    }


BACK_OFFICE = ["submissions", "export", "submission", "settings", "question-new", "question", "late-code-new"]


@pytest.mark.parametrize("page", BACK_OFFICE)
def test_back_office_anonymous_is_sent_to_login(client, back_office_urls, page):
    url = back_office_urls[page]

    assertRedirects(client.get(url), login_url(url), fetch_redirect_response=False)


@pytest.mark.parametrize("who", NOT_AN_ORGANISER)
@pytest.mark.parametrize("page", BACK_OFFICE)
def test_back_office_without_organiser_role_is_forbidden(client_for, person, back_office_urls, page, who):
    response = client_for(person(who)).get(back_office_urls[page])

    assert response.status_code == 403


@pytest.mark.parametrize("who", NOT_AN_ORGANISER)
@pytest.mark.parametrize("page", ["settings", "question-new", "question", "late-code-new"])
def test_back_office_post_without_organiser_role_is_forbidden_and_saves_nothing(
    client_for, person, back_office_urls, page, who
):
    response = client_for(person(who)).post(
        back_office_urls[page],
        {
            "max_submissions_per_speaker": 9,
            "max_submissions_per_hour": 9,
            "text": "Hijacked?",
            "kind": "text",
            "target": "submission",
            "position": 0,
            "valid_until": "2031-01-01T10:00",
            "max_uses": 1,
        },
    )

    assert response.status_code == 403
    assert CfpSettings.objects.count() == 0
    assert Question.objects.filter(text="Hijacked?").count() == 0
    assert LateAccessCode.objects.count() == 0


@pytest.mark.parametrize("who", ["organiser", "site_admin"])
@pytest.mark.parametrize("page", BACK_OFFICE)
def test_back_office_organiser_or_site_admin_gets_in(client_for, person, back_office_urls, page, who):
    response = client_for(person(who)).get(back_office_urls[page])

    assert response.status_code == 200


def test_back_office_submission_of_other_conference_is_not_found(organiser_client, conference, other_conference):
    elsewhere = SubmissionFactory(conference=other_conference)

    response = organiser_client.get(reverse("cfp-manage:submission", args=[conference.slug, elsewhere.code]))

    assert response.status_code == 404


def test_back_office_question_of_other_conference_is_not_found(organiser_client, conference, other_conference):
    elsewhere = QuestionFactory(conference=other_conference)

    response = organiser_client.get(reverse("cfp-manage:question", args=[conference.slug, elsewhere.pk]))

    assert response.status_code == 404


# --- The organisers' list, filters and export -----------------------------------------------------


@pytest.fixture
def programme(conference, track, other_track, talk, level, speaker, other_speaker):
    """Four proposals that differ in every filter, a draft the organisers never see, and one elsewhere."""
    workshop = SubmissionTypeFactory(conference=conference, name="Workshop", duration_minutes=90)
    beginner = LevelFactory(conference=conference, name="Introductory", slug="introductory")
    rows = {
        "lag": SubmissionFactory(
            conference=conference,
            title="Consumer lag explained",
            speakers=[speaker],
            track=track,
            submission_type=talk,
            level=level,
        ),
        "kraft": SubmissionFactory(
            conference=conference,
            title="KRaft without tears",
            speakers=[other_speaker],
            track=other_track,
            submission_type=workshop,
            level=level,
        ),
        "first": SubmissionFactory(
            conference=conference,
            title="My first stream",
            is_first_time_speaker=True,
            speakers=[UserFactory(name="Nova Quinn", email="nova@summit.test")],
            track=track,
            submission_type=talk,
            level=beginner,
        ),
        "gone": SubmissionFactory(
            conference=conference,
            title="Withdrawn idea",
            state=State.WITHDRAWN,
            speakers=[speaker],
            track=other_track,
            submission_type=talk,
            level=level,
        ),
    }
    SubmissionFactory(
        conference=conference,
        title="Secret draft",
        state=State.DRAFT,
        speakers=[speaker],
        track=track,
        submission_type=talk,
        level=level,
    )
    SubmissionFactory(conference=TrackFactory().conference, title="Elsewhere")
    return rows


def listed(response) -> list[str]:
    return sorted(submission.title for submission in response.context["submissions"])


def test_submission_list_shows_every_non_draft(organiser_client, conference, programme):
    response = organiser_client.get(reverse("cfp-manage:submissions", args=[conference.slug]))

    assert listed(response) == ["Consumer lag explained", "KRaft without tears", "My first stream", "Withdrawn idea"]
    assertNotContains(response, "Secret draft")
    assertContains(response, "4 submissions")


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"track": "core"}, ["KRaft without tears", "Withdrawn idea"]),
        ({"level": "introductory"}, ["My first stream"]),
        ({"state": "withdrawn"}, ["Withdrawn idea"]),
        ({"first_time": "yes"}, ["My first stream"]),
        ({"first_time": "no"}, ["Consumer lag explained", "KRaft without tears", "Withdrawn idea"]),
        ({"search": "kraft"}, ["KRaft without tears"]),
        ({"search": "Nova"}, ["My first stream"]),
        ({"search": "other-speaker@summit"}, ["KRaft without tears"]),
        ({"track": "stream-processing", "state": "submitted"}, ["Consumer lag explained", "My first stream"]),
    ],
)
def test_submission_list_filters(organiser_client, conference, programme, query, titles):
    response = organiser_client.get(reverse("cfp-manage:submissions", args=[conference.slug]), query)

    assert listed(response) == titles


def test_submission_list_filters_by_format(organiser_client, conference, programme):
    workshop = programme["kraft"].submission_type

    response = organiser_client.get(
        reverse("cfp-manage:submissions", args=[conference.slug]), {"submission_type": workshop.pk}
    )

    assert listed(response) == ["KRaft without tears"]


def test_submission_list_search_by_code(organiser_client, conference, programme):
    response = organiser_client.get(
        reverse("cfp-manage:submissions", args=[conference.slug]), {"search": programme["lag"].code.lower()}
    )

    assert listed(response) == ["Consumer lag explained"]


def test_submission_list_search_matching_two_speakers_lists_once(organiser_client, conference, catalogue):
    SubmissionFactory(
        conference=conference,
        title="Pair talk",
        speakers=[UserFactory(name="Sam One"), UserFactory(name="Sam Two")],
        **catalogue,
    )

    response = organiser_client.get(reverse("cfp-manage:submissions", args=[conference.slug]), {"search": "Sam"})

    assert listed(response) == ["Pair talk"]


def test_submission_list_unknown_filter_value_shows_everything(organiser_client, conference, programme):
    response = organiser_client.get(reverse("cfp-manage:submissions", args=[conference.slug]), {"track": "nope"})

    assert len(listed(response)) == 4


def test_submission_list_counts_by_track_and_draws_chart(organiser_client, conference, programme):
    response = organiser_client.get(reverse("cfp-manage:submissions", args=[conference.slug]))

    counts = {row["slug"]: row["submission_count"] for row in response.context["track_counts"]}
    assert counts == {"core": 1, "stream-processing": 2}  # drafts and withdrawn proposals do not count
    assertContains(response, '<svg class="chart"')
    assertContains(response, "Core Kafka: 1. Stream processing: 2.")


def test_submission_chart_on_the_calls_first_day_draws_a_line(organiser_client, conference, catalogue):
    # One submission on one day made a chart of a single point: a polyline that draws nothing.
    now = timezone.now()
    conference.cfp_opens_at, conference.cfp_closes_at = now - dt.timedelta(hours=1), now + dt.timedelta(days=30)
    conference.save(update_fields=["cfp_opens_at", "cfp_closes_at"])
    SubmissionFactory(conference=conference, submitted_at=now, **catalogue)

    chart = organiser_client.get(reverse("cfp-manage:submissions", args=[conference.slug])).context["chart"]

    points = [line.points.split() for line in chart.lines if line.total]
    assert [len(line) for line in points] == [2]
    assert points[0][0] != points[0][1]


def test_submission_chart_spans_the_call_up_to_today(organiser_client, conference, catalogue):
    now = timezone.now()
    conference.cfp_opens_at, conference.cfp_closes_at = now - dt.timedelta(days=14), now + dt.timedelta(days=30)
    conference.save(update_fields=["cfp_opens_at", "cfp_closes_at"])
    SubmissionFactory(conference=conference, submitted_at=now - dt.timedelta(days=3), **catalogue)

    series = selectors.submissions_per_day(conference=conference)

    assert (series.days[0], series.days[-1], len(series.days)) == (
        timezone.localdate(now - dt.timedelta(days=14)),
        timezone.localdate(now),
        15,
    )
    assert [track["cumulative"][-1] for track in series.tracks] == [1]


def test_submission_list_without_submissions_has_no_chart(organiser_client, conference, track):
    response = organiser_client.get(reverse("cfp-manage:submissions", args=[conference.slug]))

    assert response.context["chart"] is None
    assertContains(response, "No submission matches.")


def export_rows(response) -> list[list[str]]:
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_submission_export_has_header_and_one_row_per_submission(organiser_client, conference, programme):
    response = organiser_client.get(reverse("cfp-manage:export", args=[conference.slug]))

    header, *rows = export_rows(response)
    lag = programme["lag"]
    assert header == [
        "code",
        "title",
        "state",
        "track",
        "format",
        "level",
        "language",
        "first_time_speaker",
        "speakers",
        "speaker_emails",
        "submitted_at",
        "possible_duplicate_of",
    ]
    assert sorted(row[1] for row in rows) == [
        "Consumer lag explained",
        "KRaft without tears",
        "My first stream",
        "Withdrawn idea",
    ]
    assert next(row for row in rows if row[0] == lag.code) == [
        lag.code,
        "Consumer lag explained",
        "submitted",
        "Stream processing",
        "Talk",
        "Intermediate",
        "en",
        "no",
        "Ada Lovelace",
        "speaker@summit.test",
        lag.submitted_at.isoformat(),
        "",
    ]
    assert 'filename="kafka-summit-test-submissions-' in response["Content-Disposition"]


def test_submission_export_follows_the_filters(organiser_client, conference, programme):
    response = organiser_client.get(reverse("cfp-manage:export", args=[conference.slug]), {"first_time": "yes"})

    assert [row[1] for row in export_rows(response)[1:]] == ["My first stream"]


def test_submission_list_export_link_keeps_the_filters(organiser_client, conference, programme):
    response = organiser_client.get(reverse("cfp-manage:submissions", args=[conference.slug]), {"track": "core"})

    assertContains(response, f"{reverse('cfp-manage:export', args=[conference.slug])}?track=core")


def test_submission_export_escapes_formulas(organiser_client, conference, catalogue):
    attacker = UserFactory(name="@SUM(A1:A9)", email="=cmd@summit.test")
    SubmissionFactory(conference=conference, title='=HYPERLINK("http://evil.test")', speakers=[attacker], **catalogue)
    SubmissionFactory(conference=conference, title="-1 tips", speakers=[UserFactory(name="+Ada")], **catalogue)

    response = organiser_client.get(reverse("cfp-manage:export", args=[conference.slug]))

    rows = sorted(export_rows(response)[1:], key=lambda row: row[1])
    assert [(row[1], row[8], row[9]) for row in rows] == [
        ("'-1 tips", "'+Ada", rows[0][9]),
        ('\'=HYPERLINK("http://evil.test")', "'@SUM(A1:A9)", "'=cmd@summit.test"),
    ]


def test_back_office_submission_detail_shows_everything(organiser_client, conference, catalogue, speaker, submitted):
    copy = SubmissionFactory(
        conference=conference,
        speakers=[speaker],
        title="Consumer lag, again",
        notes="Happy to shorten it.",
        video_url="https://video.example/lag",
        possible_duplicate_of=submitted,
        **catalogue,
    )

    response = organiser_client.get(reverse("cfp-manage:submission", args=[conference.slug, copy.code]))

    assertContains(response, "Ada Lovelace &lt;speaker@summit.test&gt;")
    assertContains(response, "Happy to shorten it.")
    assertContains(response, 'href="https://video.example/lag"')
    assertContains(response, reverse("cfp-manage:submission", args=[conference.slug, submitted.code]))


@pytest.mark.parametrize(
    ("kind", "value", "shown", "language"),
    [
        (Question.Kind.BOOLEAN, True, "Yes", "en"),
        (Question.Kind.BOOLEAN, False, "No", "en"),
        (Question.Kind.BOOLEAN, True, "Oui", "fr"),
        (Question.Kind.MULTIPLE_CHOICE, ["Java", "Go"], "Java, Go", "en"),
    ],
)
def test_back_office_submission_detail_shows_answers_as_words(
    organiser_client, conference, submitted, kind, value, shown, language
):
    question = QuestionFactory(conference=conference, text="Need a visa?", kind=kind)
    Answer.objects.create(question=question, submission=submitted, value=value)

    response = organiser_client.get(
        reverse("cfp-manage:submission", args=[conference.slug, submitted.code]), headers={"accept-language": language}
    )

    assertContains(response, f"<dt>Need a visa?</dt><dd>{shown}</dd>", html=True)


def test_back_office_submission_detail_draft_is_visible_to_organiser(organiser_client, conference, draft):
    response = organiser_client.get(reverse("cfp-manage:submission", args=[conference.slug, draft.code]))

    assert response.status_code == 200


# --- Setting up the call --------------------------------------------------------------------------


def test_cfp_settings_save(organiser_client, conference):
    response = organiser_client.post(
        reverse("cfp-manage:settings", args=[conference.slug]),
        {
            "max_submissions_per_speaker": 2,
            "max_submissions_per_hour": 5,
            "intro": "Welcome",
            "guidelines": "",
            "code_of_conduct": "Be kind.",
        },
    )

    cfp_settings = CfpSettings.objects.get(conference=conference)
    assertRedirects(response, reverse("cfp-manage:settings", args=[conference.slug]), fetch_redirect_response=False)
    assert (cfp_settings.max_submissions_per_speaker, cfp_settings.code_of_conduct) == (2, "Be kind.")
    assert OutboxEvent.objects.get().type == "summit.cfp.settings.updated.v1"


def test_cfp_settings_zero_cap_is_refused(organiser_client, conference):
    response = organiser_client.post(
        reverse("cfp-manage:settings", args=[conference.slug]),
        {"max_submissions_per_speaker": 0, "max_submissions_per_hour": 5, "intro": "Welcome typed"},
    )

    assertFormError(
        response.context["form"], "max_submissions_per_speaker", "Ensure this value is greater than or equal to 1."
    )
    assertContains(response, "Welcome typed")
    assert CfpSettings.objects.count() == 0


def test_cfp_settings_lists_questions_and_codes(organiser_client, conference):
    QuestionFactory(conference=conference, text="Given before?")
    LateAccessCodeFactory(conference=conference, code="ada-late")

    response = organiser_client.get(reverse("cfp-manage:settings", args=[conference.slug]))

    assertContains(response, "Given before?")
    assertContains(response, "<code>ada-late</code>", html=True)


def test_question_new_saves_choice_question(organiser_client, conference, track):
    response = organiser_client.post(
        reverse("cfp-manage:question-new", args=[conference.slug]),
        {
            "text": "Which stream processor?",
            "kind": "choice",
            "target": "submission",
            "required": "on",
            "tracks": [track.pk],
            "position": 1,
            "is_active": "on",
            "options_text": "Flink\n\nKafka Streams\n",
        },
    )

    question = Question.objects.get()
    assertRedirects(response, reverse("cfp-manage:settings", args=[conference.slug]), fetch_redirect_response=False)
    assert (question.options, list(question.tracks.all())) == (["Flink", "Kafka Streams"], [track])
    assert OutboxEvent.objects.get().type == "summit.cfp.question.created.v1"


def test_question_new_choice_without_choices_is_refused(organiser_client, conference):
    response = organiser_client.post(
        reverse("cfp-manage:question-new", args=[conference.slug]),
        {
            "text": "Which stream processor?",
            "kind": "choice",
            "target": "submission",
            "position": 1,
            "options_text": "Flink",
        },
    )

    assertFormError(response.context["form"], "options_text", "A choice question needs at least two choices.")
    assertContains(response, "Which stream processor?")
    assert Question.objects.count() == 0


def test_question_edit_saves(organiser_client, conference):
    question = QuestionFactory(conference=conference, text="Given before?")

    organiser_client.post(
        reverse("cfp-manage:question", args=[conference.slug, question.pk]),
        {"text": "Given it before?", "kind": "boolean", "target": "submission", "position": 0},
    )

    question.refresh_from_db()
    assert (question.text, question.kind, question.is_active) == ("Given it before?", "boolean", False)
    assert OutboxEvent.objects.get().type == "summit.cfp.question.updated.v1"


def test_late_code_new_creates_code_in_conference_time(organiser_client, conference):
    conference.timezone = "Europe/London"
    conference.save(update_fields=["timezone"])

    response = organiser_client.post(
        reverse("cfp-manage:late-code-new", args=[conference.slug]),
        {"note": "Keynote backup", "valid_until": "2031-07-01T18:00", "max_uses": 2},
        follow=True,
    )

    code = LateAccessCode.objects.get()
    assert (code.note, code.max_uses, code.valid_until.isoformat()) == (
        "Keynote backup",
        2,
        "2031-07-01T17:00:00+00:00",
    )
    assertContains(response, f"New late-submission code: {code.code}")


def test_late_code_new_without_date_is_refused(organiser_client, conference):
    response = organiser_client.post(
        reverse("cfp-manage:late-code-new", args=[conference.slug]), {"note": "For Ada", "max_uses": 1}
    )

    assertFormError(response.context["form"], "valid_until", "This field is required.")
    assertContains(response, "For Ada")
    assert LateAccessCode.objects.count() == 0
