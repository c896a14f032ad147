from django.apps import AppConfig


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = "Conferences"

    def ready(self) -> None:
        # Registers the permission rules with django-rules.
        from conference import permissions  # noqa: F401
