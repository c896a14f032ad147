from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "health"
    verbose_name = "Health, readiness and metrics"

    def ready(self) -> None:
        from health import metrics

        metrics.connect_task_signals()
