"""Slides as a new user tries them (core's part of "Done when"), in Debian's Chromium with axe-core:
an accepted speaker's polyglot upload is refused with a clear reason, the draft goes in (with the
progress bar), a reviewer comments on page 3 and asks for changes, the speaker sees the comment and
uploads the final before the deadline; an anonymous visitor cannot reach the deck."""

import pytest
from playwright.sync_api import expect

from slides.models import SlideVersion, Status, TalkSlides
from tests.browser import assert_accessible
from tests.slides.conftest import HTML

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(name: str, data: bytes) -> dict:
    return {"name": name, "mimeType": "application/pdf", "buffer": data}


def test_speaker_uploads_draft_reviewer_comments_page_3_speaker_uploads_final(
    live_server, open_page, conference, talk, speaker, reviewer, pdf_bytes, polyglot_refusal
):
    base = live_server.url

    # The speaker finds the talk in the portal with both deadlines and the time left.
    ada = open_page(speaker)
    ada.goto(f"{base}/me/slides/")
    expect(ada.get_by_role("cell", name="Missing")).to_be_visible()
    assert_accessible(ada)
    ada.get_by_role("link", name="Exactly once").click()
    expect(ada.get_by_text("Draft for the read-through")).to_be_visible()

    # A polyglot (an HTML page with a PDF behind it) is refused with its reason; the choice stays.
    ada.get_by_label("the final deck I will present").check()
    ada.get_by_label("PDF file").set_input_files(_file("deck.pdf", HTML + pdf_bytes(2)))
    ada.get_by_role("button", name="Upload").click()
    expect(ada.get_by_role("alert")).to_contain_text(polyglot_refusal)
    expect(ada.get_by_label("the final deck I will present")).to_be_checked()
    assert_accessible(ada)
    assert not SlideVersion.objects.exists()

    # The draft goes in.
    ada.get_by_label("a draft, for the read-through").check()
    ada.get_by_label("PDF file").set_input_files(_file("draft.pdf", pdf_bytes(5)))
    ada.get_by_role("button", name="Upload").click()
    expect(ada.get_by_text("Version 1 is in: 5 pages. Thank you!")).to_be_visible()
    expect(ada.get_by_role("heading", name="Version 1 (Draft)")).to_be_visible()
    assert TalkSlides.objects.get().status == Status.DRAFT_IN

    # A reviewer comments on page 3 and asks for changes.
    rev = open_page(reviewer)
    rev.goto(f"{base}/slides/{conference.slug}/review/")
    assert_accessible(rev)
    rev.get_by_role("link", name="Exactly once").click()
    rev.get_by_label("Page").fill("3")
    rev.get_by_label("Comment:", exact=True).fill("The diagram on this page is too small to read.")
    rev.get_by_role("button", name="Add comment").click()
    expect(rev.get_by_text("Your comment is saved")).to_be_visible()
    rev.get_by_label("Changes requested").check()
    rev.get_by_role("button", name="Send verdict").click()
    expect(rev.get_by_text("Your verdict is saved")).to_be_visible()
    assert_accessible(rev)

    # The speaker sees it and uploads the final before the deadline.
    ada.reload()
    expect(ada.get_by_text("The diagram on this page is too small to read.")).to_be_visible()
    expect(ada.get_by_text("Page 3", exact=True)).to_be_visible()
    expect(ada.get_by_text("Changes requested").first).to_be_visible()
    ada.get_by_label("the final deck I will present").check()
    ada.get_by_label("PDF file").set_input_files(_file("final.pdf", pdf_bytes(6)))
    ada.get_by_role("button", name="Upload").click()
    expect(ada.get_by_text("Version 2 is in: 6 pages. Thank you!")).to_be_visible()
    final = SlideVersion.objects.get(number=2)
    assert (final.kind, final.is_late) == ("final", False)
    assert TalkSlides.objects.get().status == Status.FINAL_IN

    # Nobody else reaches the deck before publication.
    anonymous = open_page()
    response = anonymous.goto(f"{base}/slides/{conference.slug}/talks/{talk.code}/v2.pdf")
    # Sent to sign in, as every page behind the access policy does for anonymous visitors.
    assert "/accounts/login/" in response.url
    assert response.headers["content-type"].startswith("text/html")
