"""Organiser pages of publication, under /manage/<slug>/slides/."""

from django.urls import path

from schedule import converters  # noqa: F401 (registers isodate)
from slides import publication_views as views

app_name = "slides_publication"
urlpatterns = [
    path("<slug:slug>/slides/publication/", views.publication, name="publication"),
    path("<slug:slug>/slides/publication/<str:code>/", views.publication_set, name="publication-set"),
    path("<slug:slug>/slides/videos/", views.videos, name="videos"),
    path("<slug:slug>/slides/videos/import/", views.videos_csv, name="videos-csv"),
    path("<slug:slug>/slides/videos/<str:code>/remove/", views.video_delete, name="video-remove"),
    path("<slug:slug>/slides/av-pack/", views.av_pack, name="av-pack"),
    path("<slug:slug>/slides/av-pack/<int:room>/<isodate:day>.zip", views.av_pack_download, name="av-pack-download"),
]
