"""The committee's path in a real browser (Debian's Chromium, headless), with axe-core on the
reviewer's dashboard and review form: setup, assignment, bidding, reviewing with the keyboard,
others' reviews, a question answered by the speaker, decisions, e-mails with codes, confirmation."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cfp.models import Submission
from review.models import PassCode
from tests.browser import assert_accessible
from tests.factories import EmailAddressFactory
from tests.factories.cfp import SubmissionFactory
from tests.factories.review import ReviewFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_committee_path_from_setup_to_confirmation(
    live_server, open_page, conference, catalogue, organiser, reviewer, second_reviewer, speaker
):
    base = live_server.url
    slug = conference.slug
    talk = SubmissionFactory(conference=conference, speakers=[speaker], title="Consumer lag explained", **catalogue)
    other = EmailAddressFactory(user__email="alan@summit.test", user__name="Alan Turing").user
    weak = SubmissionFactory(conference=conference, speakers=[other], title="Yet another intro", **catalogue)

    # The organiser sets up two score categories and anonymity, then assigns automatically.
    boss = open_page(organiser)
    boss.goto(f"{base}/manage/{slug}/review/")
    boss.get_by_label("Anonymous review").check()
    boss.get_by_label("Reviewers per submission").fill("2")
    boss.get_by_role("button", name="Save").click()
    expect(boss.get_by_text("The review settings are saved.")).to_be_visible()
    for name, weight in [("Relevance", "2"), ("Clarity", "1")]:
        boss.get_by_role("link", name="Add a score category").click()
        boss.get_by_label("Name").fill(name)
        boss.get_by_label("Lowest score").fill("1")
        boss.get_by_label("Highest score").fill("5")
        boss.get_by_label("Weight").fill(weight)
        boss.get_by_role("button", name="Save").click()
        expect(boss.get_by_text("The score category is saved.")).to_be_visible()
    boss.get_by_role("link", name="Assignments").click()
    boss.get_by_role("button", name="Assign automatically").click()
    expect(boss.get_by_text("4 assignments created.")).to_be_visible()

    # The reviewer bids, then reviews with the keyboard only.
    page = open_page(reviewer)
    page.goto(f"{base}/{slug}/reviewing/")
    expect(page.get_by_text("0 of 2 reviewed")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Bid on submissions and declare conflicts").click()
    row = page.locator(f"#bid-{talk.code}")
    row.get_by_label("Eager to review").check()
    row.get_by_role("button", name="Save bid").click()
    expect(page.locator(f"#bid-{talk.code}").get_by_role("status")).to_contain_text("Your bid on")
    page.get_by_role("link", name="Back to my reviews").click()
    page.get_by_role("link", name="Consumer lag explained").click()
    expect(page.get_by_text("Hidden: this review is anonymous.")).to_be_visible()
    expect(page.get_by_text("Ada Lovelace")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("radio", name="1").first.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # Relevance 4
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")  # Clarity 2 (the first arrow selects and moves from 1)
    page.keyboard.press("ArrowRight")
    page.get_by_label("Comment to the organisers").fill("Clear and useful.")
    page.get_by_label("Comment to the organisers").press("Control+Enter")
    expect(page.get_by_text("Your review is saved.")).to_be_visible()
    expect(page.get_by_text("You will see the other reviews")).to_have_count(0)

    # After their own review, the reviewer sees the other one; then asks the speaker a question.
    ReviewFactory(submission=talk, reviewer=second_reviewer, total=8, comment="A second opinion")
    page.reload()
    expect(page.get_by_text("A second opinion")).to_be_visible()
    page.get_by_label("Question to the speakers").fill("Which Kafka version did you measure?")
    page.get_by_role("button", name="Ask the speakers").click()
    expect(page.get_by_text("Your question is on its way to the speakers.")).to_be_visible()

    # The speaker answers in the portal.
    ada = open_page(speaker)
    ada.goto(f"{base}/me/submissions/")
    ada.get_by_role("link", name="Decisions, speaker codes and reviewers' questions").click()
    expect(ada.get_by_text("Which Kafka version did you measure?")).to_be_visible()
    ada.get_by_label("Your answer").fill("Kafka 3.7, on three brokers.")
    ada.get_by_role("button", name="Send answer").click()
    expect(ada.get_by_text("Your answer is sent to the reviewers.")).to_be_visible()
    page.reload()
    expect(page.get_by_text("Kafka 3.7, on three brokers.")).to_be_visible()

    # The organiser ranks, accepts one, rejects the other, and sends the e-mails with their codes.
    boss.get_by_role("link", name="Ranking and decisions").click()
    expect(boss.locator("svg.chart")).to_be_visible()
    boss.get_by_label(f"Select {talk.title}").check()
    boss.get_by_role("button", name="Accept").click()
    expect(boss.get_by_role("heading", name="Accept 1 submission?")).to_be_visible()
    boss.get_by_role("button", name="Yes, accept").click()
    expect(boss.get_by_text("Decision recorded for 1 submission.")).to_be_visible()
    boss.get_by_label(f"Select {weak.title}").check()
    boss.get_by_role("button", name="Reject").click()
    boss.get_by_role("button", name="Yes, reject").click()
    boss.get_by_role("link", name="Speaker e-mails").click()
    boss.get_by_role("button", name="Queue messages for new decisions").click()
    expect(boss.get_by_text("2 messages queued.")).to_be_visible()
    boss.get_by_role("link", name=re.compile("is accepted")).click()
    pass_code = PassCode.objects.get(speaker=speaker).code
    expect(boss.locator("pre.mail-body")).to_contain_text(pass_code)
    boss.get_by_role("link", name="Back to the e-mails").click()
    boss.get_by_role("button", name="Send the 2 queued messages").click()
    boss.get_by_role("button", name="Yes, send them").click()
    expect(boss.get_by_text("2 of 2 sent")).to_be_visible()
    bodies = {
        message.to[0]: message.body
        for message in mail.outbox
        if "is accepted" in message.subject or "About" in message.subject
    }
    assert pass_code in bodies["speaker@summit.test"]
    assert PassCode.objects.get(speaker=other).code in bodies["alan@summit.test"]
    assert "Rafael" not in "".join(bodies.values())

    # The speaker confirms.
    ada.goto(f"{base}/me/decisions/")
    expect(ada.get_by_text(pass_code)).to_be_visible()
    ada.get_by_role("button", name="I confirm").click()
    expect(ada.get_by_text("is confirmed. See you there!")).to_be_visible()
    talk.refresh_from_db()
    assert talk.state == Submission.State.CONFIRMED
