"""Every main page of each role in the demo (demo/pages.py), opened in Chromium: no console error, no
uncaught script error, no Content-Security-Policy violation, and no request of an anonymous visitor
that answers 401 (the schedule's script must not ask the API for what only a signed-in person has)."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from demo.pages import main_pages
from tests.browser import signed_in
from tests.conftest import FAST_PASSWORD_HASHERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium reports a CSP refusal on the console too; the event also names the directive and the source.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def test_main_pages_of_every_role_have_no_console_error_and_no_csp_violation(live_server, browser, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "slides": {**settings.STORAGES["slides"], "OPTIONS": {"location": tmp_path}},
    }
    with override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS):
        call_command("seed_demo", stdout=StringIO())
    problems: list[str] = []
    contexts = {}
    for main_page in main_pages():
        if main_page.role not in contexts:
            context = browser.new_context(locale="en-GB", viewport={"width": 1366, "height": 900})
            context.add_init_script(REPORT_CSP_VIOLATIONS)
            page = context.new_page()
            if main_page.email:
                signed_in(page, get_user_model().objects.get(email=main_page.email), live_server.url)
            contexts[main_page.role] = (context, page)
        page = contexts[main_page.role][1]
        where = f"{main_page.role} {main_page.path}"

        def on_console(message, where=where):
            if message.type == "error":
                problems.append(f"{where}: console: {message.text}")

        def on_response(response, where=where, anonymous=main_page.email is None):
            if anonymous and response.status == 401:
                problems.append(f"{where}: {response.url} answered 401")

        def on_page_error(error, where=where):
            problems.append(f"{where}: script error: {error}")

        page.on("console", on_console)
        page.on("response", on_response)
        page.on("pageerror", on_page_error)
        response = page.goto(f"{live_server.url}{main_page.path}")
        page.wait_for_load_state("networkidle")
        if response is None or response.status != 200:
            problems.append(f"{where}: answered {response.status if response else 'nothing'}")
        page.remove_listener("console", on_console)
        page.remove_listener("response", on_response)
        page.remove_listener("pageerror", on_page_error)
    for context, _page in contexts.values():
        context.close()

    assert problems == []
