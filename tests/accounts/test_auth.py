"""Signing up, signing in and resetting a password, through allauth's real pages."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from pytest_django.asserts import assertRedirects

from accounts.models import SpeakerProfile, User
from events.models import OutboxEvent
from tests.factories import EmailAddressFactory, UserFactory
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db

SIGNUP = {
    "name": "Grace Hopper",
    "email": "grace@summit.test",
    "password1": "compilers-since-1952",
    "password2": "compilers-since-1952",
}


def signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def test_signup_creates_user_with_name_and_profile(client):
    client.post(reverse("account_signup"), SIGNUP)

    user = User.objects.get()
    assert (user.email, user.name, user.locale) == ("grace@summit.test", "Grace Hopper", "en")
    assert SpeakerProfile.objects.filter(user=user).count() == 1


def test_signup_emits_user_registered(client):
    client.post(reverse("account_signup"), SIGNUP)

    user = User.objects.get()
    event = OutboxEvent.objects.get()
    assert event.type == "summit.accounts.user.registered.v1"
    assert event.subject == f"user/{user.pk}"
    assert event.data == {"user_id": user.pk, "locale": "en"}


def test_signup_sends_verification_mail_and_does_not_sign_in(client):
    response = client.post(reverse("account_signup"), SIGNUP)

    assertRedirects(response, reverse("account_email_verification_sent"))
    assert [message.to for message in mail.outbox] == [["grace@summit.test"]]
    assert "/accounts/confirm-email/" in mail.outbox[0].body
    assert EmailAddress.objects.get().verified is False
    assert signed_in_user_id(client) is None


def test_signup_in_french_records_french_locale(client):
    client.post(reverse("account_signup"), SIGNUP, headers={"accept-language": "fr"})

    assert User.objects.get().locale == "fr"


def test_signup_with_mismatched_passwords_creates_nothing(client):
    response = client.post(reverse("account_signup"), SIGNUP | {"password2": "something-else-entirely"})

    assert response.status_code == 200
    assert User.objects.count() == 0
    assert OutboxEvent.objects.count() == 0


def test_signup_with_taken_email_creates_nothing(client):
    UserFactory(email="grace@summit.test")

    client.post(reverse("account_signup"), SIGNUP | {"email": "Grace@Summit.test"})

    assert User.objects.count() == 1
    assert OutboxEvent.objects.count() == 0


def test_login_with_verified_email_signs_in(client):
    user = EmailAddressFactory().user

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assertRedirects(response, reverse("home"), fetch_redirect_response=False)
    assert signed_in_user_id(client) == str(user.pk)


def test_login_with_unverified_email_is_held_at_verification(client):
    user = EmailAddressFactory(verified=False).user

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assertRedirects(response, reverse("account_email_verification_sent"), fetch_redirect_response=False)
    assert signed_in_user_id(client) is None


def test_login_with_wrong_password_is_refused(client):
    user = EmailAddressFactory().user

    response = client.post(reverse("account_login"), {"login": user.email, "password": "not-the-password"})

    assert response.status_code == 200
    assert signed_in_user_id(client) is None


def test_signup_then_confirm_email_signs_in(client):
    client.post(reverse("account_signup"), SIGNUP)
    confirm_url = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/confirm-email/" in line)
    confirm_path = confirm_url[confirm_url.index("/accounts/") :].strip()

    client.post(confirm_path)

    assert EmailAddress.objects.get().verified is True
    assert signed_in_user_id(client) == str(User.objects.get().pk)


def test_password_reset_sends_mail_to_known_address(client):
    EmailAddressFactory(user__email="ada@summit.test")

    response = client.post(reverse("account_reset_password"), {"email": "ada@summit.test"})

    assertRedirects(response, reverse("account_reset_password_done"), fetch_redirect_response=False)
    assert [message.to for message in mail.outbox] == [["ada@summit.test"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_verification_mail_names_the_site_not_the_host(client):
    client.post(reverse("account_signup"), SIGNUP)

    message = mail.outbox[0]
    assert message.subject == "[Summit] Please Confirm Your Email Address"
    assert message.body.splitlines()[0] == "Hello from Summit!"
    assert "127.0.0.1:8000!" not in message.body


def test_account_mails_are_plain_text_with_a_site_name_of_any_characters(client, settings):
    settings.SITE_NAME = "O'Brien & <Friends>"
    EmailAddressFactory(user__email="ada@summit.test")

    client.post(reverse("account_signup"), SIGNUP)
    client.post(reverse("account_reset_password"), {"email": "ada@summit.test"})

    assert [message.subject.split("]")[0] for message in mail.outbox] == ["[O'Brien & <Friends>"] * 2
    assert [message.body.splitlines()[0] for message in mail.outbox] == ["Hello from O'Brien & <Friends>!"] * 2


def test_signing_in_sets_the_readable_signed_in_cookie_and_signing_out_removes_it(client):
    user = EmailAddressFactory(user__email="ada@summit.test").user
    assert "summit_signed_in" not in client.get(reverse("home")).cookies

    client.force_login(user)
    signed_in = client.get(reverse("home")).cookies["summit_signed_in"]
    client.post(reverse("account_logout"))
    after = client.get(reverse("home"))

    assert (signed_in.value, signed_in["httponly"]) == ("1", "")
    assert after.cookies["summit_signed_in"].value == ""  # deleted: empty, expired
