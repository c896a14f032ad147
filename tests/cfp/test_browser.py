"""The speaker's path through the call for papers in a real browser (Debian's Chromium, headless),
with axe-core checking the pages a speaker spends their time on."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from cfp.models import Submission
from tests.browser import assert_accessible, sign_in
from tests.factories import EmailAddressFactory
from tests.factories.accounts import PASSWORD
from tests.factories.cfp import CfpSettingsFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ABSTRACT = (
    "Exactly-once delivery is the feature everyone asks for and few measure. This talk walks through a payments "
    "pipeline that turned it on: what it cost in latency and throughput, what broke, and when it is worth it."
)


@pytest.fixture
def open_cfp(conference, track, talk, level):
    CfpSettingsFactory(
        conference=conference,
        intro="We want to hear what you built.",
        code_of_conduct="Be excellent to each other, on stage and off.",
    )
    return conference


def link_in_mail(to: str, path_start: str) -> str:
    """The path of the last link starting with `path_start` mailed to `to`."""
    bodies = [message.body for message in mail.outbox if message.to == [to]]
    assert bodies, f"no mail to {to}"
    return re.search(rf"https?://[^/\s]+({re.escape(path_start)}\S+)", bodies[-1]).group(1)


def choose_catalogue(page: Page) -> None:
    page.get_by_label("Format").select_option(label="Talk (40 min)")
    page.get_by_label("Track").select_option(label="Stream processing")
    page.get_by_label("Level").select_option(label="Intermediate")


def test_speaker_path_from_sign_up_to_withdrawal(live_server, open_page, open_cfp):
    grace = EmailAddressFactory(user__email="grace@summit.test", user__name="Grace Hopper").user
    base = live_server.url
    page = open_page()

    # Sign up, verify the address from the mail, sign in.
    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@summit.test")
    page.get_by_label("Password:", exact=True).fill("analytical-engine-1843")
    page.get_by_label("Password (again)").fill("analytical-engine-1843")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    page.goto(base + link_in_mail("ada@summit.test", "/accounts/confirm-email/"))
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, "ada@summit.test", "analytical-engine-1843")

    # The open call; a first try without a title keeps the abstract.
    page.goto(f"{base}/{open_cfp.slug}/cfp/")
    expect(page.get_by_text("We want to hear what you built.")).to_be_visible()
    page.get_by_role("link", name="Submit a proposal").click()
    page.get_by_label("Abstract").fill(ABSTRACT)
    choose_catalogue(page)
    page.get_by_role("button", name="Save as draft").click()
    expect(page.locator("#id_title_error")).to_have_text("This field is required.")
    expect(page.get_by_label("Abstract")).to_have_value(ABSTRACT)

    # Save the draft, come back to it from My submissions, accept the code of conduct and submit.
    page.get_by_label("Title").fill("Exactly-once in practice")
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Your draft is saved.")).to_be_visible()
    page.get_by_role("link", name="My submissions").first.click()
    expect(page.get_by_role("row", name=re.compile("Exactly-once in practice"))).to_contain_text("Draft")
    page.get_by_role("link", name="Exactly-once in practice").click()
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.locator("#id_code_of_conduct_error")).to_have_text("Please accept the code of conduct to submit.")
    page.get_by_label("I accept the code of conduct").check()
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.get_by_text("Your proposal is submitted.")).to_be_visible()
    assert link_in_mail("ada@summit.test", "/me/submissions/").startswith("/me/submissions/")

    # Invite Grace, who signs in elsewhere and accepts from the link in her mail.
    page.get_by_label("Co-speaker's e-mail address").fill("grace@summit.test")
    page.get_by_role("button", name="Invite").click()
    expect(page.get_by_text("The invitation is on its way to grace@summit.test.")).to_be_visible()
    grace_page = open_page()
    sign_in(grace_page, base, grace.email, PASSWORD)
    grace_page.goto(base + link_in_mail("grace@summit.test", "/me/invitations/"))
    grace_page.get_by_role("button", name="Accept and join").click()
    expect(grace_page.get_by_text("You are now a speaker of this proposal.")).to_be_visible()

    # Edit the submitted proposal while the call is open.
    page.reload()
    expect(page.get_by_text("Ada Lovelace, Grace Hopper")).to_be_visible()
    page.get_by_label("Title").fill("Exactly-once in practice: the bill")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes are saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Exactly-once in practice: the bill")

    # A second proposal, withdrawn.
    page.goto(f"{base}/{open_cfp.slug}/cfp/new/")
    page.get_by_label("Title").fill("Tiered storage, two years on")
    page.get_by_label("Abstract").fill("Moving cold partitions to object storage, and the bill before and after.")
    choose_catalogue(page)
    page.get_by_role("button", name="Save as draft").click()
    page.get_by_role("button", name="Withdraw this proposal").click()
    page.get_by_role("button", name="Yes, withdraw it").click()
    expect(page.get_by_text("Your proposal is withdrawn.")).to_be_visible()

    page.get_by_role("link", name="My submissions").first.click()
    expect(page.get_by_role("row", name=re.compile("the bill"))).to_contain_text("Submitted")
    expect(page.get_by_role("row", name=re.compile("the bill"))).to_contain_text("2 speakers")
    expect(page.get_by_role("row", name=re.compile("Tiered storage"))).to_contain_text("Withdrawn")
    assert sorted(Submission.objects.values_list("title", "state")) == [
        ("Exactly-once in practice: the bill", "submitted"),
        ("Tiered storage, two years on", "withdrawn"),
    ]


def test_speaker_pages_have_no_serious_accessibility_violations(live_server, open_page, open_cfp, speaker, draft):
    page = open_page(speaker)

    page.goto(f"{live_server.url}/{open_cfp.slug}/cfp/")
    assert_accessible(page)

    page.goto(f"{live_server.url}/{open_cfp.slug}/cfp/new/")
    page.get_by_label("Abstract").fill(ABSTRACT)
    page.get_by_role("button", name="Submit proposal").click()
    expect(page.locator("#id_title_error")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/me/submissions/")
    expect(page.get_by_role("link", name=draft.title)).to_be_visible()
    assert_accessible(page)
