"""A new user makes an API token on their profile page in a real browser (Debian's Chromium,
headless, htmx swapping the section), calls the API with it through the live server, then revokes it."""

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from accounts.models import ApiToken
from tests.browser import assert_accessible, signed_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def call_api(url: str, secret: str, method: str = "GET", body: dict | None = None) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {secret}")
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 (the live server)
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_new_user_makes_a_token_calls_the_api_with_it_and_revokes_it(open_page, live_server, conference):
    user = UserFactory(name="Nina Newcomer")
    page = open_page(user)
    page.goto(f"{live_server.url}/profile/")

    section = page.locator("#api-tokens")
    expect(section.get_by_text("You have no API token.")).to_be_visible()
    section.get_by_label("Name").fill("Calendar sync")
    section.get_by_label("Read only").check()
    section.get_by_label("Conference").select_option(label=conference.name)
    section.get_by_role("button", name="Make the token").click()

    secret_field = page.get_by_label("Your new token")
    expect(secret_field).to_be_visible()
    expect(page.get_by_role("cell", name="Calendar sync")).to_be_visible()
    assert page.url == f"{live_server.url}/profile/"  # htmx swapped the section in place
    assert_accessible(page)
    secret = secret_field.input_value()
    favourites = f"{live_server.url}/api/conferences/{conference.slug}/schedule/favourites/"

    status, body = call_api(favourites, secret)
    assert (status, body["codes"]) == (200, [])
    status, body = call_api(favourites, secret, "POST", {"codes": []})
    assert (status, body["error"]) == (403, "token_read_only")
    assert ApiToken.objects.get().last_used_at is not None

    page.get_by_role("button", name="Revoke Calendar sync").click()
    expect(page.get_by_text("The token “Calendar sync” is revoked: it no longer works.")).to_be_visible()
    status, body = call_api(favourites, secret)
    assert (status, body["error"]) == (401, "authentication_failed")


def test_token_made_without_javascript_shows_its_secret(browser, live_server, conference):
    user = UserFactory()
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    try:
        page = context.new_page()
        signed_in(page, user, live_server.url)
        page.goto(f"{live_server.url}/profile/")
        page.locator("#api-tokens").get_by_label("Name").fill("")
        page.get_by_role("button", name="Make the token").click()
        expect(page.get_by_text("Give the token a name, such as the tool that will use it.")).to_be_visible()
        page.locator("#api-tokens").get_by_label("Name").fill("Shell script")
        page.get_by_role("button", name="Make the token").click()

        assert page.url == f"{live_server.url}/profile/api-tokens/"
        secret = page.get_by_label("Your new token").input_value()
        status, _body = call_api(f"{live_server.url}/api/conferences/{conference.slug}/schedule/favourites/", secret)
        assert status == 200
    finally:
        context.close()
