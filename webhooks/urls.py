"""/manage/<conference>/webhooks/… for organisers, /manage/webhooks/… for site administrators
("webhooks" is a reserved conference slug, so the two never meet)."""

from django.urls import path

from webhooks.views import conference_views, site_views

app_name = "webhooks"


def _patterns(views: dict, prefix: str, name_prefix: str) -> list:
    return [
        path(f"{prefix}webhooks/", views["list"], name=f"{name_prefix}list"),
        path(f"{prefix}webhooks/<int:pk>/", views["detail"], name=f"{name_prefix}detail"),
        path(f"{prefix}webhooks/<int:pk>/rotate/", views["rotate"], name=f"{name_prefix}rotate"),
        path(f"{prefix}webhooks/<int:pk>/delete/", views["delete"], name=f"{name_prefix}delete"),
        path(
            f"{prefix}webhooks/<int:pk>/deliveries/<int:delivery_pk>/resend/",
            views["resend"],
            name=f"{name_prefix}resend",
        ),
    ]


urlpatterns = _patterns(site_views, "", "site-") + _patterns(conference_views, "<slug:slug>/", "")
