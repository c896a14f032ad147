from django.apps import AppConfig


class SlidesConfig(AppConfig):
    name = "slides"
    verbose_name = "Slides"

    def ready(self) -> None:
        # Registers the permission rules with django-rules.
        from schedule.media import register_provider
        from slides import permissions  # noqa: F401
        from slides.media import provider

        # The schedule's pages, exports and API show the published decks and videos through this.
        register_provider(provider)
