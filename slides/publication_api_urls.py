from django.urls import path

from slides import publication_api as api

PREFIX = "conferences/<slug:conference_slug>/slides/"
app_name = "slides-publication-api"
urlpatterns = [
    path(f"{PREFIX}publication/", api.PublicationListView.as_view(), name="publication"),
    path(f"{PREFIX}publication/<str:code>/", api.PublicationDetailView.as_view(), name="publication-detail"),
    path(f"{PREFIX}media/", api.MediaListView.as_view(), name="media"),
    path(f"{PREFIX}videos/<str:code>/", api.VideoView.as_view(), name="video"),
]
