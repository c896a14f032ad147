"""Rows for arranging a test. Behaviour under test goes through services, views and the API."""

import factory
from allauth.account.models import EmailAddress

from accounts import token_secrets
from accounts.models import ApiToken, SpeakerProfile, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@summit.test")
    name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)


class EmailAddressFactory(factory.django.DjangoModelFactory):
    """allauth's record of a verified address: without it, allauth refuses to sign the user in."""

    class Meta:
        model = EmailAddress

    user = factory.SubFactory(UserFactory)
    email = factory.SelfAttribute("user.email")
    verified = True
    primary = True


class SpeakerProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpeakerProfile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)
    bio = factory.Faker("paragraph")
    company = factory.Faker("company")
    job_title = factory.Faker("job")


class ApiTokenFactory(factory.django.DjangoModelFactory):
    """A token of full scope unless told otherwise; the instance carries its secret as `.secret`
    (the database keeps only the digest), ready for `Authorization: Bearer <secret>`."""

    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Integration {n}")
    access = ApiToken.Access.WRITE
    conference = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        prefix, secret = token_secrets.new_token()
        token = super()._create(model_class, *args, prefix=prefix, secret_hash=token_secrets.digest(secret), **kwargs)
        token.secret = secret
        return token
