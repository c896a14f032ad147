"""The reviewer's, the organiser's and the speaker's pages."""

from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from cfp.models import Submission
from review.models import Assignment, Bid, Conflict, Notification, PassCode, Review, ReviewPhase, ScoreCategory
from review.services.committee import conflict_declare
from review.services.decisions import decision_make
from review.services.notifications import notifications_prepare
from review.services.reviews import clarification_ask
from review.services.setup import review_settings_update
from tests.factories.cfp import SubmissionFactory
from tests.factories.review import AssignmentFactory, ClarificationFactory, ReviewFactory

pytestmark = pytest.mark.django_db
State = Submission.State


def page(submission, name="reviewing:submission"):
    return reverse(name, args=[submission.conference.slug, submission.code])


# --- Reviewer ------------------------------------------------------------------------------------


def test_dashboard_shows_assigned_work(client_for, assigned, reviewer, conference):
    response = client_for(reviewer).get(reverse("reviewing:home", args=[conference.slug]))

    assert [s.code for s in response.context["todo"]] == [assigned.code]
    assertContains(response, "0 of 1 reviewed")


def test_dashboard_non_reviewer_is_forbidden(client_for, organiser, conference):
    response = client_for(organiser).get(reverse("reviewing:home", args=[conference.slug]))

    assert response.status_code == 403


def test_review_page_conflicted_is_not_found(client_for, assigned, reviewer):
    conflict_declare(reviewer=reviewer, submission=assigned)

    assert client_for(reviewer).get(page(assigned)).status_code == 404


def test_review_page_unassigned_is_not_found(client_for, submitted, reviewer):
    assert client_for(reviewer).get(page(submitted)).status_code == 404


def test_review_page_unknown_code_is_not_found(client_for, conference, reviewer):
    assert (
        client_for(reviewer).get(reverse("reviewing:submission", args=[conference.slug, "ZZZZZZZZ"])).status_code == 404
    )


def test_review_page_anonymous_hides_the_speaker(client_for, assigned, reviewer, speaker):
    response = client_for(reviewer).get(page(assigned))

    assertContains(response, assigned.title)
    for secret in ["Ada Lovelace", "Analytical Engines", "Ada wrote the first program", "video.example"]:
        assertNotContains(response, secret)


def test_review_page_not_anonymous_names_the_speaker(client_for, assigned, reviewer, organiser):
    review_settings_update(conference=assigned.conference, by=organiser, anonymous=False)

    response = client_for(reviewer).get(page(assigned))

    assertContains(response, "Ada Lovelace")
    assertContains(response, "Ada wrote the first program")


def test_review_post_saves_and_shows_others(client_for, assigned, reviewer, second_reviewer, categories):
    relevance, clarity = categories
    ReviewFactory(submission=assigned, reviewer=second_reviewer, comment="Second opinion here")
    client = client_for(reviewer)
    assertNotContains(client.get(page(assigned)), "Second opinion here")

    response = client.post(
        page(assigned),
        {f"score_{relevance.pk}": 4, f"score_{clarity.pk}": 7, "comment": "Solid", "comment_to_speaker": ""},
    )

    assertRedirects(response, page(assigned))
    assert Review.objects.get(reviewer=reviewer).total == Decimal("7.33")
    assertContains(client.get(page(assigned)), "Second opinion here")


def test_review_page_links_the_next_proposal_to_review(client_for, conference, catalogue, reviewer):
    first, second, third = (
        SubmissionFactory(conference=conference, title=title, **catalogue) for title in ("Alpha", "Beta", "Gamma")
    )
    for submission in (first, second, third):
        AssignmentFactory(submission=submission, reviewer=reviewer)
    ReviewFactory(submission=second, reviewer=reviewer)
    client = client_for(reviewer)

    assert client.get(page(first)).context["next_code"] == third.code
    assert client.get(page(third)).context["next_code"] == first.code


def test_review_post_missing_score_keeps_the_text(client_for, assigned, reviewer, categories):
    relevance, _clarity = categories

    response = client_for(reviewer).post(page(assigned), {f"score_{relevance.pk}": 4, "comment": "Keep me"})

    assert response.status_code == 200
    assertContains(response, "Please score Clarity.")
    assertContains(response, "Keep me")
    assert Review.objects.count() == 0


def test_review_post_when_reviewing_closed_is_forbidden(client_for, assigned, reviewer, categories):
    from tests.factories.review import ReviewPhaseFactory

    ReviewPhaseFactory(conference=assigned.conference, kind="bidding", can_bid=True, can_review=False)

    response = client_for(reviewer).post(page(assigned), {f"score_{c.pk}": 3 for c in categories})

    assert response.status_code == 403


def test_bidding_lists_unassigned_in_scope_without_conflicts(client_for, conference, catalogue, reviewer, submitted):
    own = SubmissionFactory(conference=conference, speakers=[reviewer], **catalogue)

    response = client_for(reviewer).get(reverse("reviewing:bids", args=[conference.slug]))

    assertContains(response, submitted.title)
    assertNotContains(response, own.title)


def test_bid_post_htmx_returns_the_row(client_for, submitted, reviewer):
    response = client_for(reviewer).post(page(submitted, "reviewing:bid"), {"level": "eager"}, HTTP_HX_REQUEST="true")

    assertContains(response, f'id="bid-{submitted.code}"')
    assert Bid.objects.get().level == "eager"


def test_bid_saved_says_so_with_and_without_htmx(client_for, submitted, reviewer):
    client = client_for(reviewer)

    plain = client.post(page(submitted, "reviewing:bid"), {"level": "eager"}, follow=True)
    htmx = client.post(page(submitted, "reviewing:bid"), {"level": "willing"}, HTTP_HX_REQUEST="true")

    assertContains(plain, f"Your bid on “{submitted.title}” is saved.")
    assertContains(htmx, f'<span role="status">Your bid on “{submitted.title}” is saved.</span>', html=True)


def test_assign_automatically_counts_in_the_singular(organiser_client, conference, submitted, reviewer):
    review_settings_update(conference=conference, by=None, reviewers_per_submission=1)

    response = organiser_client.post(reverse("review-manage:assign-automatically", args=[conference.slug]), follow=True)

    assertContains(response, "1 assignment created.")


def test_bid_post_without_level_is_refused(client_for, submitted, reviewer):
    response = client_for(reviewer).post(page(submitted, "reviewing:bid"), {})

    assertRedirects(response, reverse("reviewing:bids", args=[submitted.conference.slug]))
    assert Bid.objects.count() == 0


def test_bid_post_conflicted_is_not_found(client_for, conference, catalogue, reviewer):
    own = SubmissionFactory(conference=conference, speakers=[reviewer], **catalogue)

    assert client_for(reviewer).post(page(own, "reviewing:bid"), {"level": "eager"}).status_code == 404


def test_conflict_post_hides_the_submission(client_for, submitted, reviewer):
    client_for(reviewer).post(page(submitted, "reviewing:conflict"), {"reason": "Friend"})

    assert Conflict.objects.get().reason == "Friend"
    assert client_for(reviewer).post(page(submitted, "reviewing:bid"), {"level": "eager"}).status_code == 404


def test_ask_question_reaches_the_speaker_portal(client_for, assigned, reviewer, speaker):
    client_for(reviewer).post(page(assigned, "reviewing:ask"), {"question": "Which Kafka version?"})

    response = client_for(speaker).get(reverse("review-portal:decisions"))
    assertContains(response, "Which Kafka version?")
    assertContains(response, "A reviewer asked")
    assertNotContains(response, "Rafael")


def test_ask_blank_question_changes_nothing(client_for, assigned, reviewer):
    client_for(reviewer).post(page(assigned, "reviewing:ask"), {"question": ""})

    assert assigned.clarifications.count() == 0


# --- Speaker -------------------------------------------------------------------------------------


def test_speaker_answers_a_question(client_for, assigned, reviewer, speaker):
    clarification = clarification_ask(reviewer=reviewer, submission=assigned, question="Why?")

    response = client_for(speaker).post(
        reverse("review-portal:answer", args=[clarification.pk]), {"answer": "Because."}
    )

    assertRedirects(response, reverse("review-portal:decisions"))
    clarification.refresh_from_db()
    assert clarification.answer == "Because."
    assertContains(client_for(reviewer).get(page(assigned)), "Because.")


def test_speaker_answer_blank_changes_nothing(client_for, assigned, reviewer, speaker):
    clarification = ClarificationFactory(submission=assigned, asked_by=reviewer)

    client_for(speaker).post(reverse("review-portal:answer", args=[clarification.pk]), {"answer": ""})

    clarification.refresh_from_db()
    assert clarification.answered_at is None


def test_answer_someone_elses_question_is_not_found(client_for, assigned, reviewer, outsider):
    clarification = ClarificationFactory(submission=assigned, asked_by=reviewer)

    response = client_for(outsider).post(reverse("review-portal:answer", args=[clarification.pk]), {"answer": "x"})

    assert response.status_code == 404


@pytest.mark.parametrize("answer, state", [("confirm", State.CONFIRMED), ("decline", State.DECLINED)])
def test_speaker_responds_to_acceptance(client_for, submitted, organiser, speaker, answer, state):
    decision_make(submission=submitted, decision="accept", by=organiser)
    notifications_prepare(conference=submitted.conference, by=organiser)
    client = client_for(speaker)
    assertContains(client.get(reverse("review-portal:decisions")), PassCode.objects.get().code)

    client.post(reverse("review-portal:respond", args=[submitted.code]), {"answer": answer, "confirmed": "yes"})

    submitted.refresh_from_db()
    assert submitted.state == state


def test_speaker_declining_is_asked_first(client_for, submitted, organiser, speaker):
    decision_make(submission=submitted, decision="accept", by=organiser)

    response = client_for(speaker).post(reverse("review-portal:respond", args=[submitted.code]), {"answer": "decline"})

    submitted.refresh_from_db()
    assert submitted.state == State.ACCEPTED
    assertContains(response, f"Decline “{submitted.title}”?")


def test_speaker_respond_when_not_accepted_changes_nothing(client_for, submitted, speaker):
    response = client_for(speaker).post(reverse("review-portal:respond", args=[submitted.code]), {"answer": "confirm"})

    assertRedirects(response, reverse("review-portal:decisions"))
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_respond_someone_elses_submission_is_not_found(client_for, submitted, outsider):
    response = client_for(outsider).post(reverse("review-portal:respond", args=[submitted.code]), {"answer": "confirm"})

    assert response.status_code == 404


# --- Organiser -----------------------------------------------------------------------------------


def test_setup_saves_settings(organiser_client, conference):
    data = {
        "reviewers_per_submission": 2,
        "discount_percent": 30,
        "reminder_after_days": 5,
        "restrict_to_assigned": "on",
        "show_others_after_review": "on",
    }

    response = organiser_client.post(reverse("review-manage:setup", args=[conference.slug]), data)

    assertRedirects(response, reverse("review-manage:setup", args=[conference.slug]))
    assert conference.review_settings.anonymous is False
    assert conference.review_settings.reviewers_per_submission == 2


def test_setup_reviewer_is_forbidden(client_for, conference, reviewer):
    assert client_for(reviewer).get(reverse("review-manage:setup", args=[conference.slug])).status_code == 403


def test_category_new_and_bad_scale(organiser_client, conference):
    url = reverse("review-manage:category-new", args=[conference.slug])

    bad = organiser_client.post(url, {"name": "Novelty", "min_score": 5, "max_score": 1, "weight": "1", "position": 0})
    organiser_client.post(url, {"name": "Relevance", "min_score": 1, "max_score": 5, "weight": "2", "position": 0})

    assertContains(bad, "The highest score must be above the lowest.")
    assertContains(bad, "Novelty")
    assert list(ScoreCategory.objects.values_list("name", flat=True)) == ["Relevance"]


def test_category_delete(organiser_client, conference, categories):
    organiser_client.post(
        reverse("review-manage:category", args=[conference.slug, categories[0].pk]), {"action": "delete"}
    )

    assert ScoreCategory.objects.count() == 1


def test_category_delete_in_use_is_refused(organiser_client, conference, categories, assigned, reviewer):
    ReviewFactory(submission=assigned, reviewer=reviewer, scores={categories[0]: 3})

    organiser_client.post(
        reverse("review-manage:category", args=[conference.slug, categories[0].pk]), {"action": "delete"}
    )

    assert ScoreCategory.objects.count() == 2


def test_phase_new_edit_delete(organiser_client, conference):
    url = reverse("review-manage:phase-new", args=[conference.slug])
    data = {"kind": "bidding", "starts_at": "2030-06-01T09:00", "ends_at": "2030-06-08T09:00", "can_bid": "on"}

    organiser_client.post(url, data)
    phase = ReviewPhase.objects.get()
    organiser_client.post(
        reverse("review-manage:phase", args=[conference.slug, phase.pk]), data | {"kind": "reviewing"}
    )
    phase.refresh_from_db()
    kind = phase.kind
    organiser_client.post(reverse("review-manage:phase", args=[conference.slug, phase.pk]), {"action": "delete"})

    assert (kind, phase.can_bid, ReviewPhase.objects.count()) == ("reviewing", True, 0)


def test_phase_ending_before_start_is_refused(organiser_client, conference):
    data = {"kind": "bidding", "starts_at": "2030-06-08T09:00", "ends_at": "2030-06-01T09:00"}

    response = organiser_client.post(reverse("review-manage:phase-new", args=[conference.slug]), data)

    assertContains(response, "A phase must end after it starts.")


def test_assign_automatically_then_adjust(organiser_client, conference, submitted, reviewer, second_reviewer):
    organiser_client.post(reverse("review-manage:assign-automatically", args=[conference.slug]))
    assert Assignment.objects.count() == 2

    assignment = Assignment.objects.get(reviewer=reviewer)
    organiser_client.post(reverse("review-manage:assignment-remove", args=[conference.slug, assignment.pk]))
    response = organiser_client.post(
        reverse("review-manage:assignment-add", args=[conference.slug, submitted.code]), {"reviewer": reviewer.pk}
    )

    assert response.status_code == 302
    assert Assignment.objects.count() == 2
    page_ = organiser_client.get(reverse("review-manage:assignments", args=[conference.slug]))
    assertContains(page_, submitted.title)


def test_assignment_add_twice_shows_the_error(organiser_client, conference, assigned, reviewer):
    url = reverse("review-manage:assignment-add", args=[conference.slug, assigned.code])

    response = organiser_client.post(url, {"reviewer": reviewer.pk}, follow=True)

    assertContains(response, "already assigned")


def test_assignment_add_bad_reviewer_shows_the_error(organiser_client, conference, submitted, outsider):
    url = reverse("review-manage:assignment-add", args=[conference.slug, submitted.code])

    response = organiser_client.post(url, {"reviewer": outsider.pk}, follow=True)

    assertContains(response, "Choose a reviewer.")


def test_ranking_orders_by_mean_and_flags_outliers(organiser_client, conference, catalogue, reviewer, second_reviewer):
    low = SubmissionFactory(conference=conference, title="Low", **catalogue)
    high = SubmissionFactory(conference=conference, title="High", **catalogue)
    ReviewFactory(submission=low, reviewer=reviewer, total=2)
    ReviewFactory(submission=high, reviewer=reviewer, total=9)
    ReviewFactory(submission=high, reviewer=second_reviewer, total=1)
    for _n in range(3):
        ReviewFactory(submission=high, total=9)

    response = organiser_client.get(reverse("review-manage:ranking", args=[conference.slug]))

    assert response.context["track"] == "stream-processing"
    rows = response.context["rows"]
    assert [row.submission.title for row in rows] == ["High", "Low"]
    assert rows[0].count == 5 and [str(v) for v in rows[0].outliers] == ["1.00"]
    assertContains(response, "<svg", html=False)
    assertContains(response, "2 reviewed submissions, by weighted mean score (0–10).")
    assertContains(response, "2–3: 1.")  # the histogram's description: Low's score


def test_ranking_all_tracks(organiser_client, conference, catalogue, other_track):
    SubmissionFactory(conference=conference, title="Core talk", **(catalogue | {"track": other_track}))
    SubmissionFactory(conference=conference, title="Stream talk", **catalogue)
    url = reverse("review-manage:ranking", args=[conference.slug])

    one = organiser_client.get(url, {"track": "core"})
    every = organiser_client.get(url, {"track": "all"})

    assert [row.submission.title for row in one.context["rows"]] == ["Core talk"]
    assert len(every.context["rows"]) == 2


def test_ranking_reviewer_is_forbidden(client_for, conference, reviewer):
    assert client_for(reviewer).get(reverse("review-manage:ranking", args=[conference.slug])).status_code == 403


def test_decide_in_bulk(organiser_client, conference, catalogue):
    first, second = (SubmissionFactory(conference=conference, **catalogue) for _ in range(2))

    organiser_client.post(
        reverse("review-manage:decide", args=[conference.slug]),
        {"codes": [first.code, second.code], "decision": "accept", "confirmed": "yes"},
    )

    assert set(Submission.objects.values_list("state", flat=True)) == {"accepted"}


def test_decide_nothing_selected_changes_nothing(organiser_client, conference, submitted):
    response = organiser_client.post(
        reverse("review-manage:decide", args=[conference.slug]), {"decision": "accept"}, follow=True
    )

    assertContains(response, "Select at least one submission.")
    submitted.refresh_from_db()
    assert submitted.state == "submitted"


def test_decide_invalid_transition_shows_the_error(organiser_client, conference, submitted, organiser):
    decision_make(submission=submitted, decision="reject", by=organiser)
    url = reverse("review-manage:decide", args=[conference.slug])

    response = organiser_client.post(
        url,
        {
            "codes": [submitted.code],
            "decision": "accept",
            "next": page(submitted, "review-manage:submission"),
            "confirmed": "yes",
        },
        follow=True,
    )

    assertContains(response, "cannot become")


def test_decide_asks_first_and_changes_nothing_until_confirmed(organiser_client, conference, catalogue):
    first, second = (SubmissionFactory(conference=conference, **catalogue) for _ in range(2))
    url = reverse("review-manage:decide", args=[conference.slug])

    response = organiser_client.post(url, {"codes": [first.code, second.code], "decision": "reject"})

    assert set(Submission.objects.values_list("state", flat=True)) == {"submitted"}
    assertContains(response, '<h1 id="confirm-question">Reject 2 submissions?</h1>', html=True)
    assertContains(response, f'<input type="hidden" name="codes" value="{first.code}">', html=True)
    assertContains(response, f'<input type="hidden" name="codes" value="{second.code}">', html=True)
    assertContains(response, '<input type="hidden" name="decision" value="reject">', html=True)
    assertContains(response, f'href="{reverse("review-manage:ranking", args=[conference.slug])}"')

    done = organiser_client.post(url, {"codes": [first.code], "decision": "reject", "confirmed": "yes"}, follow=True)

    assertContains(done, "Decision recorded for 1 submission.")
    assert Submission.objects.get(pk=first.pk).state == "rejected"


def test_organiser_submission_page_shows_reviews(organiser_client, assigned, reviewer, categories):
    ReviewFactory(
        submission=assigned, reviewer=reviewer, comment="Only organisers read this", scores={categories[0]: 4}
    )

    response = organiser_client.get(page(assigned, "review-manage:submission"))

    assertContains(response, "Only organisers read this")
    assertContains(response, "Ada Lovelace")


def test_organiser_submission_page_draft_is_not_found(organiser_client, conference, catalogue):
    draft = SubmissionFactory(conference=conference, state="draft", **catalogue)

    assert organiser_client.get(page(draft, "review-manage:submission")).status_code == 404


def test_outbox_prepare_preview_send_and_progress(
    organiser_client, conference, submitted, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    decision_make(submission=submitted, decision="reject", by=organiser)
    organiser_client.post(reverse("review-manage:prepare", args=[conference.slug]))
    notification = Notification.objects.get()
    preview = organiser_client.get(reverse("review-manage:notification", args=[conference.slug, notification.pk]))
    assertContains(preview, PassCode.objects.get().code)

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(reverse("review-manage:send", args=[conference.slug]), {"confirmed": "yes"})

    batch_url = response["Location"]
    progress = organiser_client.get(batch_url, HTTP_HX_REQUEST="true")
    assertContains(progress, "1 of 1 sent")
    assertNotContains(progress, "hx-trigger")
    assert len(mailoutbox) == 1
    assertContains(organiser_client.get(reverse("review-manage:outbox", args=[conference.slug])), "sent: 1")


def test_outbox_shows_a_title_escaped_once(organiser_client, conference, submitted, organiser):
    submitted.title = "Kafka's <fast> & loose"
    submitted.save(update_fields=["title"])
    decision_make(submission=submitted, decision="accept", by=organiser)
    notifications_prepare(conference=conference, by=organiser)
    notification = Notification.objects.get()

    outbox = organiser_client.get(reverse("review-manage:outbox", args=[conference.slug]))
    preview = organiser_client.get(reverse("review-manage:notification", args=[conference.slug, notification.pk]))

    assert notification.subject == f"[{conference.name}] “Kafka's <fast> & loose” is accepted"
    assertContains(outbox, "“Kafka&#x27;s &lt;fast&gt; &amp; loose” is accepted")
    assertContains(
        preview, "<h1>[Kafka Summit Test] “Kafka&#x27;s &lt;fast&gt; &amp; loose” is accepted</h1>", html=True
    )
    assertNotContains(outbox, "&amp;amp;")


def test_outbox_send_asks_first_with_the_count(organiser_client, conference, submitted, organiser, mailoutbox):
    decision_make(submission=submitted, decision="reject", by=organiser)
    notifications_prepare(conference=conference, by=organiser)

    outbox = organiser_client.get(reverse("review-manage:outbox", args=[conference.slug]))
    response = organiser_client.post(reverse("review-manage:send", args=[conference.slug]))

    assertContains(outbox, "Send the 1 queued message<")
    assertContains(response, "Send 1 e-mail to the speakers?")
    assert (Notification.objects.get().batch, mailoutbox) == (None, [])


def test_outbox_with_nothing_queued_has_no_live_send_button(organiser_client, conference):
    response = organiser_client.get(reverse("review-manage:outbox", args=[conference.slug]))

    assertContains(response, '<button type="button" disabled aria-describedby="nothing-queued">', html=False)
    assertContains(response, "Nothing is queued: queue the messages for new decisions first.")
    assertNotContains(response, reverse("review-manage:send", args=[conference.slug]))


def test_outbox_send_nothing_queued(organiser_client, conference):
    response = organiser_client.post(reverse("review-manage:send", args=[conference.slug]), follow=True)

    assertContains(response, "There is nothing queued to send.")


def test_outbox_prepare_nothing_decided(organiser_client, conference):
    response = organiser_client.post(reverse("review-manage:prepare", args=[conference.slug]), follow=True)

    assertContains(response, "already has their message")


def test_codes_export_csv(organiser_client, conference, submitted, organiser):
    decision_make(submission=submitted, decision="accept", by=organiser)
    notifications_prepare(conference=conference, by=organiser)

    response = organiser_client.get(reverse("review-manage:codes", args=[conference.slug]))
    rows = b"".join(response.streaming_content).decode().splitlines()

    assert rows[0].startswith("code,kind,discount_percent")
    assert rows[1].startswith(f"{PassCode.objects.get().code},pass,100,Ada Lovelace,speaker@summit.test")


def test_codes_export_reviewer_is_forbidden(client_for, conference, reviewer):
    assert client_for(reviewer).get(reverse("review-manage:codes", args=[conference.slug])).status_code == 403


def test_unassigned_reviewer_with_open_access_sees_tag(client_for, conference, submitted, reviewer, organiser):
    review_settings_update(conference=conference, by=organiser, restrict_to_assigned=False)

    response = client_for(reviewer).get(reverse("reviewing:home", args=[conference.slug]))

    assertContains(response, "not assigned")
    AssignmentFactory(submission=submitted, reviewer=reviewer)
