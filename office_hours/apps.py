from django.apps import AppConfig


class OfficeHoursConfig(AppConfig):
    name = "office_hours"
    verbose_name = "Office hours and rehearsals"

    def ready(self) -> None:
        # Registers the permission rules with django-rules.
        from office_hours import permissions  # noqa: F401
