from django.urls import path

from schedule import api, rsvp_api

PREFIX = "conferences/<slug:conference_slug>/schedule/"
app_name = "schedule-api"
urlpatterns = [
    path(PREFIX, api.ReleaseView.as_view(), name="release"),
    path(f"{PREFIX}talks/", api.ReleasedTalksView.as_view(), name="talks"),
    path(f"{PREFIX}speakers/", api.ReleasedSpeakersView.as_view(), name="speakers"),
    path(f"{PREFIX}slots/", api.SlotListView.as_view(), name="slots"),
    path(f"{PREFIX}slots/<int:pk>/", api.SlotDetailView.as_view(), name="slot"),
    path(f"{PREFIX}favourites/", api.FavouritesView.as_view(), name="favourites"),
    path(f"{PREFIX}favourites/feed/reset/", api.FeedResetView.as_view(), name="feed-reset"),
    path(f"{PREFIX}favourites/<str:code>/", api.FavouriteDetailView.as_view(), name="favourite"),
    path(f"{PREFIX}talks/<str:code>/rsvp/", rsvp_api.ReservationView.as_view(), name="rsvp"),
    path(f"{PREFIX}talks/<str:code>/checkins/", rsvp_api.CheckInView.as_view(), name="checkin"),
    path(f"{PREFIX}rsvps/mine/", rsvp_api.MyReservationsView.as_view(), name="my-rsvps"),
]
