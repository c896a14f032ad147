from django.apps import AppConfig


class CfpConfig(AppConfig):
    name = "cfp"
    verbose_name = "Call for papers"

    def ready(self) -> None:
        # Registers the permission rules with django-rules.
        from cfp import permissions  # noqa: F401
