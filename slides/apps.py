from django.apps import AppConfig


class SlidesConfig(AppConfig):
    name = "slides"
    verbose_name = "Slides"

    def ready(self) -> None:
        # Registers the permission rules with django-rules.
        from slides import permissions  # noqa: F401
