"""Wrong passwords: after a few, signing in is refused for a while (the right password too) with a
message saying how long to wait, in English and French; the Django admin signs in through the same
limited page."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from tests.factories import EmailAddressFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed sign-in attempts. Wait 5 minutes, then try again, or reset your password."
LOCKED_FR = (
    "Trop de tentatives de connexion échouées. Attendez 5 minutes, puis réessayez, ou réinitialisez votre mot de passe."
)


def sign_in(client, email: str, password: str, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_five_wrong_passwords_lock_the_account_with_how_long_to_wait(client):
    user = EmailAddressFactory().user
    wrong = [sign_in(client, user.email, f"wrong-{n}") for n in range(5)]

    right = sign_in(client, user.email, PASSWORD)

    assert [answer.status_code for answer in wrong] == [200] * 5
    assert all(LOCKED not in answer.content.decode() for answer in wrong)
    assertContains(right, LOCKED)
    assertContains(right, f'value="{user.email}"')  # what was typed stays in the form
    assert client.session.get("_auth_user_id") is None


def test_the_lock_message_is_in_french(client):
    user = EmailAddressFactory().user
    for n in range(5):
        sign_in(client, user.email, f"wrong-{n}")

    right = sign_in(client, user.email, PASSWORD, HTTP_ACCEPT_LANGUAGE="fr")

    assertContains(right, LOCKED_FR)


def test_another_account_is_not_locked_by_someone_elses_failures(client):
    ada, grace = EmailAddressFactory().user, EmailAddressFactory().user
    for n in range(5):
        sign_in(client, ada.email, f"wrong-{n}")

    response = sign_in(client, grace.email, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(grace.pk)


def test_many_accounts_tried_from_one_address_lock_that_address(client):
    users = [EmailAddressFactory().user for _ in range(11)]
    for user in users[:10]:
        sign_in(client, user.email, "wrong")

    response = sign_in(client, users[10].email, PASSWORD)

    assertContains(response, "Too many failed sign-in attempts.")
    other_address = sign_in(client, users[10].email, PASSWORD, REMOTE_ADDR="198.51.100.12")
    assert other_address.status_code == 302


def test_the_wait_in_the_message_follows_the_setting(client, settings):
    settings.ACCOUNT_RATE_LIMITS = settings.ACCOUNT_RATE_LIMITS | {"login_failed": "2/m/ip,2/15m/key"}
    user = EmailAddressFactory().user
    for n in range(2):
        sign_in(client, user.email, f"wrong-{n}")

    assertContains(sign_in(client, user.email, PASSWORD), "Wait 15 minutes, then try again")


def test_admin_sign_in_goes_through_the_limited_page(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/accounts/user/"})

    assertRedirects(response, f"{reverse('account_login')}?next=/admin/accounts/user/", fetch_redirect_response=False)


def test_admin_sign_in_signed_in_staff_go_to_the_admin(client_for):
    staff = UserFactory(is_staff=True)

    assertRedirects(client_for(staff).get(reverse("admin:login")), reverse("admin:index"))


def test_admin_sign_in_signed_in_non_staff_are_refused_without_a_password_form(client_for):
    response = client_for(UserFactory()).get(reverse("admin:login"))

    assert response.status_code == 403
    assert b'name="password"' not in response.content
