from django.urls import path

from schedule import (  # noqa: F401 (converters registers isodate)
    converters,
    live_views,
    offline_views,
    print_views,
    rsvp_views,
    speaker_views,
    views,
)

app_name = "schedule"
urlpatterns = [
    path("me/availability/<slug:slug>/", speaker_views.unavailability, name="unavailability"),
    path(
        "me/availability/<slug:slug>/<int:pk>/remove/",
        speaker_views.unavailability_remove_view,
        name="unavailability-remove",
    ),
    path("<slug:slug>/schedule/", views.schedule_grid, name="grid"),
    path("<slug:slug>/schedule/list/", views.schedule_list, name="list"),
    path("<slug:slug>/schedule/favourites/", views.favourites_page, name="favourites"),
    path("<slug:slug>/schedule/feed/<str:token>.ics", views.favourites_feed, name="feed"),
    path("<slug:slug>/schedule/language/<str:code>/", views.switch_language, name="language"),
    path("<slug:slug>/schedule/print/programme.pdf", print_views.programme_pdf, name="print-programme"),
    path("<slug:slug>/schedule/print/door-signs.pdf", print_views.door_signs_pdf, name="print-door-signs"),
    path("<slug:slug>/schedule/seats/", rsvp_views.seat_labels, name="seat-labels"),
    path("<slug:slug>/schedule/<isodate:day>/", views.schedule_grid, name="day"),
    path("<slug:slug>/schedule.xml", views.export_xml, name="export-xml"),
    path("<slug:slug>/schedule.json", views.export_json, name="export-json"),
    path("<slug:slug>/schedule.ics", views.export_ics, name="export-ics"),
    path("<slug:slug>/talks/<str:code>/", views.talk_detail, name="talk"),
    path("<slug:slug>/talks/<str:code>/rsvp/", rsvp_views.rsvp_panel, name="rsvp"),
    path("<slug:slug>/talks/<str:code>/rsvp/cancel/", rsvp_views.rsvp_cancel, name="rsvp-cancel"),
    path("<slug:slug>/speakers/", views.speaker_list, name="speakers"),
    path("<slug:slug>/speakers/<str:code>/", views.speaker_detail, name="speaker"),
    path("<slug:slug>/now/", live_views.now_page, name="now"),
    path("<slug:slug>/rooms/<slug:room>/display/", live_views.room_display, name="room-display"),
    path("<slug:slug>/manifest.webmanifest", offline_views.manifest, name="manifest"),
    path("<slug:slug>/service-worker.js", offline_views.service_worker, name="service-worker"),
    path("<slug:slug>/offline.json", offline_views.precache_list, name="offline-list"),
]
