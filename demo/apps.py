from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data for every domain. Depends on all apps; nothing depends on it."""

    name = "demo"
    verbose_name = "Demo data"
