from django.urls import path

from schedule import converters, door_views, manage_views  # noqa: F401 (converters registers isodate)

app_name = "schedule-manage"
urlpatterns = [
    path("<slug:slug>/schedule/", manage_views.editor, name="editor"),
    path("<slug:slug>/schedule/place/", manage_views.place, name="place"),
    path("<slug:slug>/schedule/blocks/", manage_views.add_block, name="block"),
    path("<slug:slug>/schedule/slots/<int:pk>/remove/", manage_views.remove, name="remove"),
    path("<slug:slug>/schedule/releases/", manage_views.releases, name="releases"),
    path("<slug:slug>/schedule/sessions/", door_views.sessions, name="sessions"),
    path("<slug:slug>/schedule/sessions/<str:code>/", door_views.session, name="session"),
    path("<slug:slug>/schedule/sessions/<str:code>/export.csv", door_views.session_export, name="session-export"),
    path("<slug:slug>/schedule/sessions/<str:code>/door/", door_views.door, name="door"),
    path(
        "<slug:slug>/schedule/sessions/<str:code>/door/<str:reservation>/",
        door_views.door_checkin,
        name="door-checkin",
    ),
    path("<slug:slug>/schedule/<isodate:day>/", manage_views.editor, name="day"),
]
