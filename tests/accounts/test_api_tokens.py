"""Making and revoking API tokens: the services and their events, the profile section (with and
without htmx), refused input kept, and the pages' query budgets."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke
from events.models import OutboxEvent
from tests.factories import ApiTokenFactory, ConferenceFactory

pytestmark = pytest.mark.django_db

TOKENS_URL = reverse("accounts:api-tokens")
PROFILE_URL = reverse("accounts:profile")
HTMX = {"HTTP_HX_REQUEST": "true"}


def revoke_url(token) -> str:
    return reverse("accounts:api-token-revoke", args=[token.prefix])


def token_data(**overrides) -> dict:
    """The token form's fields, as the browser names them (the form's prefix is `token`)."""
    fields = {"name": "Ticketing", "access": "write", "conference": "", "expires_on": ""} | overrides
    return {f"token-{name}": value for name, value in fields.items()}


def api_get(secret: str, url: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client.get(url)


# --- Services and their events ---------------------------------------------------------------------


def test_api_token_create_emits_its_scope_and_never_its_secret(organiser, conference):
    expires_at = datetime(2030, 1, 1, tzinfo=UTC)

    token, secret = api_token_create(
        user=organiser, name="  Ticketing ", access="write", conference=conference, expires_at=expires_at
    )

    event = OutboxEvent.objects.get()
    assert event.type == "summit.accounts.api_token.created.v1"
    assert event.subject == f"api_token/{token.prefix}"
    assert event.data == {
        "token_id": token.pk,
        "user_id": organiser.pk,
        "prefix": token.prefix,
        "name": "Ticketing",
        "access": "write",
        "conference": conference.slug,
        "expires_at": "2030-01-01T00:00:00Z",
    }
    assert secret not in str(event.as_cloudevent())
    assert token.secret_hash not in str(event.as_cloudevent())


def test_api_token_revoke_emits_and_deletes(organiser):
    token = ApiTokenFactory(user=organiser)
    token_id, prefix = token.pk, token.prefix

    api_token_revoke(token=token, by=organiser)

    assert ApiToken.objects.count() == 0
    event = OutboxEvent.objects.get()
    assert (event.type, event.subject) == ("summit.accounts.api_token.revoked.v1", f"api_token/{prefix}")
    assert event.data == {"token_id": token_id, "user_id": organiser.pk, "prefix": prefix}


def test_api_token_create_refuses_a_past_expiry(organiser):
    with pytest.raises(Exception) as refused:
        api_token_create(user=organiser, name="Late", expires_at=timezone.now() - timedelta(minutes=1))

    assert refused.value.message_dict == {"expires_at": ["This expiry has passed: choose a later day."]}
    assert ApiToken.objects.count() == OutboxEvent.objects.count() == 0


def test_api_token_create_refuses_a_conference_its_owner_cannot_see(outsider):
    hidden = ConferenceFactory(is_public=False)

    with pytest.raises(Exception) as refused:
        api_token_create(user=outsider, name="Snoop", conference=hidden)

    assert refused.value.message_dict == {"conference": ["You cannot limit a token to this conference."]}
    assert ApiToken.objects.count() == 0


# --- The section, without JavaScript ---------------------------------------------------------------


def test_api_tokens_page_anonymous_is_sent_to_login(client):
    response = client.get(TOKENS_URL)

    assertRedirects(response, f"{reverse('account_login')}?next={TOKENS_URL}", fetch_redirect_response=False)


def test_api_token_made_shows_its_secret_once_and_it_works(client_for, organiser, conference):
    client = client_for(organiser)

    response = client.post(TOKENS_URL, token_data(conference=conference.slug))

    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert (token.user, token.name, token.access, token.conference) == (organiser, "Ticketing", "write", conference)
    assertContains(response, f'value="{secret}"')
    assertContains(response, "Copy it now: it is shown only this once.")
    assert "no-store" in response["Cache-Control"]
    assert api_get(secret, reverse("conference-tracks-list", args=[conference.slug])).status_code == 200
    assertNotContains(client.get(TOKENS_URL), secret)
    assertNotContains(client.get(PROFILE_URL), secret)


def test_api_token_expiry_is_the_end_of_the_day_in_the_owners_time_zone(client_for, organiser):
    organiser.timezone = "Europe/Paris"
    organiser.save(update_fields=["timezone"])

    client_for(organiser).post(TOKENS_URL, token_data(expires_on="2030-06-30"))

    assert ApiToken.objects.get().expires_at == datetime(2030, 6, 30, 22, 0, tzinfo=UTC)  # midnight in Paris


def test_api_token_read_only_by_default_on_the_form(client_for, outsider):
    response = client_for(outsider).get(TOKENS_URL)

    assertContains(response, 'value="read" required id="id_token-access_0" checked')


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"name": ""}, "name", "Give the token a name, such as the tool that will use it."),
        ({"name": "   "}, "name", "Give the token a name, such as the tool that will use it."),
        ({"name": "n" * 101}, "name", "Ensure this value has at most 100 characters (it has 101)."),
        ({"expires_on": "2020-01-01"}, "expires_on", "This day has passed: choose today or a later day."),
        ({"expires_on": "tomorrow"}, "expires_on", "Enter a valid date."),
        ({"access": "admin"}, "access", "Select a valid choice. admin is not one of the available choices."),
    ],
)
def test_api_token_bad_input_is_refused_with_input_kept(client_for, outsider, overrides, field, message):
    data = token_data(**({"name": "My laptop", "expires_on": "2031-02-03"} | overrides))

    response = client_for(outsider).post(TOKENS_URL, data)

    assert response.status_code == 200
    assert response.context["token_form"].errors == {field: [message]}
    assert ApiToken.objects.count() == 0
    kept = {name: value for name, value in data.items() if name != f"token-{field}" and value}
    for value in kept.values():
        assertContains(response, f'value="{value}"')
    assertContains(response, "Nothing was saved yet; your input is kept.")


def test_api_token_conference_choices_are_those_its_owner_sees(client_for, outsider, conference):
    hidden = ConferenceFactory(slug="hidden-summit", is_public=False)
    client = client_for(outsider)

    choices = dict(client.get(TOKENS_URL).context["token_form"].fields["conference"].choices)
    response = client.post(TOKENS_URL, token_data(conference=hidden.slug))

    assert choices == {"": "Every conference", conference.slug: conference.name}
    assert list(response.context["token_form"].errors) == ["conference"]
    assert ApiToken.objects.count() == 0


def test_api_token_list_shows_scope_and_use(client_for, organiser, conference):
    ApiTokenFactory(user=organiser, name="Dashboard", access="read", conference=conference)
    ApiTokenFactory(user=organiser, name="Old script", expires_at=timezone.now() - timedelta(days=1))
    ApiTokenFactory(name="Someone else's")

    response = client_for(organiser).get(TOKENS_URL)

    assert [token.name for token in response.context["api_tokens"]] == ["Old script", "Dashboard"]
    assertContains(response, f"Read only · {conference.name}")
    assertContains(response, "Read and write · every conference")
    assertContains(response, '<span class="tag tag-warning">expired</span>', html=True)
    assertNotContains(response, "Someone else")


def test_api_token_revoked_by_its_owner(client_for, organiser):
    token = ApiTokenFactory(user=organiser, name="Ticketing")

    response = client_for(organiser).post(revoke_url(token), follow=True)

    assertRedirects(response, TOKENS_URL)
    assertContains(response, "The token “Ticketing” is revoked: it no longer works.")
    assert ApiToken.objects.count() == 0
    assert OutboxEvent.objects.get().type == "summit.accounts.api_token.revoked.v1"


def test_api_token_of_someone_else_cannot_be_revoked(client_for, organiser, outsider):
    token = ApiTokenFactory(user=organiser)

    response = client_for(outsider).post(revoke_url(token))

    assert response.status_code == 404
    assert ApiToken.objects.get() == token
    assert OutboxEvent.objects.count() == 0


def test_api_token_revoke_needs_a_post(client_for, organiser):
    token = ApiTokenFactory(user=organiser)

    assert client_for(organiser).get(revoke_url(token)).status_code == 405
    assert ApiToken.objects.count() == 1


# --- With htmx: the section alone ------------------------------------------------------------------


def test_api_token_made_with_htmx_answers_the_section(client_for, outsider):
    response = client_for(outsider).post(TOKENS_URL, token_data(), **HTMX)

    html = response.content.decode()
    assert html.lstrip().startswith('<section id="api-tokens"')
    assert "<html" not in html
    assert response.context["secret"] in html


def test_api_token_refused_with_htmx_answers_the_section_with_errors(client_for, outsider):
    response = client_for(outsider).post(TOKENS_URL, token_data(name=""), **HTMX)

    assert response.content.decode().lstrip().startswith('<section id="api-tokens"')
    assertContains(response, "Give the token a name, such as the tool that will use it.")


def test_api_token_revoked_with_htmx_answers_the_section(client_for, organiser):
    token = ApiTokenFactory(user=organiser, name="Ticketing")

    response = client_for(organiser).post(revoke_url(token), **HTMX)

    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<section id="api-tokens"')
    assertContains(response, "The token “Ticketing” is revoked: it no longer works.")


def test_profile_page_has_the_tokens_section(client_for, organiser):
    ApiTokenFactory(user=organiser, name="Ticketing")

    response = client_for(organiser).get(PROFILE_URL)

    assertContains(response, '<h2 id="api-tokens-heading">API tokens</h2>', html=True)
    assertContains(response, "Ticketing")
    assertContains(response, f'hx-post="{TOKENS_URL}"')


# --- Query budgets ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 6])
@pytest.mark.parametrize("url, budget", [(PROFILE_URL, 12), (TOKENS_URL, 8)])
def test_api_token_pages_queries_do_not_grow_with_tokens(
    django_assert_num_queries, client_for, organiser, conference, size, url, budget
):
    for number in range(size):
        scoped = ConferenceFactory() if number % 2 else None
        ApiTokenFactory(user=organiser, conference=scoped, last_used_at=timezone.now())
    client = client_for(organiser)

    with django_assert_num_queries(budget):
        response = client.get(url)

    assert len(response.context["api_tokens"]) == size


def test_api_token_form_dates_are_today_or_later(client_for, outsider):
    today = timezone.localdate().isoformat()

    response = client_for(outsider).post(TOKENS_URL, token_data(expires_on=today))

    assert response.context["secret"]
    assert ApiToken.objects.get().expires_at.date() >= date.fromisoformat(today)


def test_api_tokens_page_speaks_french(client_for, outsider):
    client = client_for(outsider)
    client.cookies["django_language"] = "fr"

    response = client.get(TOKENS_URL, HTTP_ACCEPT_LANGUAGE="fr")

    assertContains(response, "Jetons d'API")
    assertContains(response, "Vous n'avez aucun jeton d'API.")
    assertContains(response, "Lecture seule")
