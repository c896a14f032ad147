from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Review committee"

    def ready(self) -> None:
        # Registers the permission rules with django-rules.
        from review import permissions  # noqa: F401
