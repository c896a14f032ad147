from django.urls import path

from schedule import converters, manage_views  # noqa: F401 (converters registers isodate)

app_name = "schedule-manage"
urlpatterns = [
    path("<slug:slug>/schedule/", manage_views.editor, name="editor"),
    path("<slug:slug>/schedule/place/", manage_views.place, name="place"),
    path("<slug:slug>/schedule/blocks/", manage_views.add_block, name="block"),
    path("<slug:slug>/schedule/slots/<int:pk>/remove/", manage_views.remove, name="remove"),
    path("<slug:slug>/schedule/releases/", manage_views.releases, name="releases"),
    path("<slug:slug>/schedule/<isodate:day>/", manage_views.editor, name="day"),
]
