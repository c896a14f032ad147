"""What every browser test shares: Debian's Chromium driven by Playwright, pages in fresh browser
contexts (signed in without the sign-in form when asked), and axe-core's accessibility check.

tests/conftest.py registers the fixtures (`browser`, `open_page`); browser test modules import the
helpers and mark themselves `browser` with a transactional database, since the live server reads
the data from another thread."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect, sync_playwright

from accounts.middleware import SIGNED_IN_COOKIE

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
EXPECT_TIMEOUT_MS = 10_000
LOCALE = "en-GB"


@pytest.fixture(scope="module")
def browser():
    # No skip: CI installs Chromium, and a browser test that silently skips is a test that never runs.
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: install Debian's chromium package"
    # Playwright's sync API keeps an event loop running in this thread; Django refuses database access
    # from a thread with a running loop unless told that this is deliberate.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """`open_page(user=None, *, timezone_id=None)`: a page in a fresh browser context (its own cookies),
    signed in as `user` when given, in the browser's time zone or `timezone_id`; closed after the test."""
    contexts = []
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)

    def open_(user=None, *, timezone_id: str | None = None) -> Page:
        options = {"locale": LOCALE} | ({"timezone_id": timezone_id} if timezone_id else {})
        context = browser.new_context(**options)
        contexts.append(context)
        page = context.new_page()
        if user is not None:
            signed_in(page, user, live_server.url)
        return page

    yield open_
    for context in contexts:
        context.close()


def signed_in(page: Page, user, base_url: str) -> Page:
    """Gives the page's browser context a session of `user`, as the sign-in form would."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url},
            # Set by accounts.middleware on the sign-in form's answer: the schedule's script reads it.
            {"name": SIGNED_IN_COOKIE, "value": "1", "url": base_url},
        ]
    )
    return page


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    """Signs in through the sign-in form, for the tests whose path goes through it."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def assert_accessible(page: Page) -> None:
    """No serious or critical axe-core violation on the page as it is now."""
    # Evaluated through the DevTools protocol: the pages' CSP (script-src 'self') refuses inline scripts,
    # so add_script_tag(content=…) would be blocked, and the CSP is part of what is under test.
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` (axe-core is pinned in package-lock.json)"
    page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{violation['id']} ({violation['impact']}): {[node['target'] for node in violation['nodes']]}"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []
